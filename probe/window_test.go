package probe

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// windowBase is the arbitrary origin of the window tests.
func windowBase() time.Time { return time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC) }

func newTestWindow(t testing.TB, window time.Duration, opts ...WindowOption) *SlidingWindow {
	t.Helper()
	w, err := NewSlidingWindow(window, opts...)
	require.NoError(t, err)
	return w
}

func TestSlidingWindowEdges(t *testing.T) {
	t.Parallel()
	const window = 2 * time.Hour
	report := windowBase()
	tests := []struct {
		name string
		end  time.Time
		want int
	}{
		{name: "end just before the report", end: report.Add(-time.Nanosecond), want: 0},
		{name: "end exactly at the report (closed end)", end: report, want: 1},
		{name: "report one nanosecond inside the start", end: report.Add(window - time.Nanosecond), want: 1},
		{name: "report exactly at the start (open start)", end: report.Add(window), want: 0},
		{name: "long after", end: report.Add(3 * window), want: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := newTestWindow(t, window)
			w.Record("web", report)

			assert.Equal(t, tt.want, w.Count("web", tt.end))
			counts, err := w.Counts(t.Context(), tt.end)
			require.NoError(t, err)
			assert.Equal(t, tt.want, counts["web"])
			assert.Equal(t, tt.want > 0, len(counts) == 1, "only targets with reports are listed")
		})
	}
}

func TestSlidingWindowCounts(t *testing.T) {
	t.Parallel()
	w := newTestWindow(t, time.Hour)
	// Out of order on purpose.
	for _, minutes := range []int{50, 10, 30, 20, 40, 0, 59} {
		w.Record("web", windowBase().Add(time.Duration(minutes)*time.Minute))
	}
	w.Record("stream", windowBase().Add(55*time.Minute))
	w.Record("stream", windowBase().Add(55*time.Minute)) // Duplicates count twice.

	end := windowBase().Add(time.Hour)
	counts, err := w.Counts(t.Context(), end)

	require.NoError(t, err)
	assert.Equal(t, map[string]int{"web": 6, "stream": 2}, counts, "the report at 0 min is at end-window, outside")
	assert.Equal(t, 4, w.Count("web", windowBase().Add(30*time.Minute)), "0, 10, 20 and 30 min; an earlier end works while nothing expired")
	assert.Equal(t, 0, w.Count("unknown", end))
}

func TestSlidingWindowExpiry(t *testing.T) {
	t.Parallel()
	w := newTestWindow(t, time.Hour)
	w.Record("old", windowBase())
	w.Record("web", windowBase())
	w.Record("web", windowBase().Add(30*time.Minute))

	// Time moves on: recording at +90 min expires everything at or before +30 min.
	w.Record("web", windowBase().Add(90*time.Minute))

	assert.Equal(t, 1, w.Count("web", windowBase().Add(90*time.Minute)))
	assert.Equal(t, 0, w.Count("web", windowBase().Add(45*time.Minute)), "expired reports are gone, also for an earlier end")
	w.Record("web", windowBase().Add(30*time.Minute)) // Already expired: ignored.
	assert.Equal(t, 1, w.Count("web", windowBase().Add(90*time.Minute)))

	w.mu.Lock()
	_, oldKept := w.targets["old"]
	w.mu.Unlock()
	assert.False(t, oldKept, "a target whose reports all expired is forgotten")
}

func TestSlidingWindowCap(t *testing.T) {
	t.Parallel()
	w := newTestWindow(t, time.Hour, WithMaxReportsPerTarget(3))
	for i := range 5 {
		w.Record("web", windowBase().Add(time.Duration(i)*time.Second))
	}
	end := windowBase().Add(time.Minute)

	assert.Equal(t, 3, w.Count("web", end), "the count saturates at the cap")
	assert.Equal(t, 0, w.Count("web", windowBase().Add(time.Second)), "the oldest reports were dropped")
	w.Record("web", windowBase()) // Older than everything kept while full: dropped.
	assert.Equal(t, 3, w.Count("web", end))
	assert.Equal(t, 1, w.Count("web", windowBase().Add(2*time.Second)))
}

func TestSlidingWindowBoundedMemory(t *testing.T) {
	t.Parallel()
	const limit = 100
	w := newTestWindow(t, time.Minute, WithMaxReportsPerTarget(limit))
	for i := range 100_000 {
		w.Record("web", windowBase().Add(time.Duration(i)*time.Millisecond))
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	assert.LessOrEqual(t, cap(w.targets["web"]), 4*limit)
}

func TestSlidingWindowConcurrent(t *testing.T) {
	t.Parallel()
	w := newTestWindow(t, time.Hour)
	const goroutines, perGoroutine = 8, 1000
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for i := range perGoroutine {
				w.Record(fmt.Sprint("target-", i%4), windowBase().Add(time.Duration(g*perGoroutine+i)*time.Millisecond))
				if i%100 == 0 {
					_, _ = w.Counts(t.Context(), windowBase())
				}
			}
		})
	}
	wg.Wait()

	counts, err := w.Counts(t.Context(), windowBase().Add(time.Minute))
	require.NoError(t, err)
	total := 0
	for _, n := range counts {
		total += n
	}
	assert.Equal(t, goroutines*perGoroutine, total)
	assert.Len(t, counts, 4)
}

func TestNewSlidingWindowInvalid(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		window time.Duration
		opts   []WindowOption
	}{
		{name: "zero window", window: 0},
		{name: "negative window", window: -time.Second},
		{name: "zero cap", window: time.Hour, opts: []WindowOption{WithMaxReportsPerTarget(0)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w, err := NewSlidingWindow(tt.window, tt.opts...)
			assert.ErrorIs(t, err, ErrInvalidWindow)
			assert.Nil(t, w)
		})
	}
}

func TestSlidingWindowZeroTimeIgnored(t *testing.T) {
	t.Parallel()
	w := newTestWindow(t, time.Hour)
	w.Record("web", time.Time{})
	counts, err := w.Counts(t.Context(), windowBase())
	require.NoError(t, err)
	assert.Empty(t, counts)
}

// BenchmarkSlidingWindow records 1,000,000 reports spread over two hours
// across 1,000 or 10,000 targets into a fresh window and then counts all
// targets; one op is the whole million.
func BenchmarkSlidingWindow(b *testing.B) {
	const reports = 1_000_000
	for _, targets := range []int{1000, 10_000} {
		b.Run(fmt.Sprint("targets=", targets), func(b *testing.B) {
			names := make([]string, targets)
			for i := range names {
				names[i] = fmt.Sprint("target-", i)
			}
			step := DefaultReportWindow / reports
			b.ReportAllocs()
			for b.Loop() {
				w := newTestWindow(b, DefaultReportWindow)
				for i := range reports {
					w.Record(names[i%targets], windowBase().Add(time.Duration(i)*step))
				}
				counts, err := w.Counts(b.Context(), windowBase().Add(DefaultReportWindow))
				if err != nil || len(counts) != targets || counts[names[1]] != reports/targets {
					b.Fatalf("counts: %d targets, %d for one, err %v", len(counts), counts[names[1]], err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*reports), "ns/report")
		})
	}
}

// BenchmarkSlidingWindowParallel records from all Ps into one window.
func BenchmarkSlidingWindowParallel(b *testing.B) {
	w := newTestWindow(b, DefaultReportWindow)
	names := make([]string, 1000)
	for i := range names {
		names[i] = fmt.Sprint("target-", i)
	}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			w.Record(names[i%len(names)], windowBase().Add(time.Duration(i)*time.Millisecond))
			i++
		}
	})
}

// FuzzSlidingWindow checks the window against a naive model that keeps every
// report: for any end at or after the latest recorded time, the count is the
// number of reports in (end-window, end].
func FuzzSlidingWindow(f *testing.F) {
	f.Add([]byte{0, 10, 1, 20, 0, 200, 2, 255, 1, 0}, uint16(30))
	f.Add([]byte{1, 1, 1, 1, 1, 1}, uint16(0))
	f.Add([]byte{3, 250, 3, 5, 3, 128, 3, 129}, uint16(1000))
	f.Fuzz(func(t *testing.T, ops []byte, after uint16) {
		const window = 100 * time.Second
		w := newTestWindow(t, window)
		type report struct {
			target string
			at     time.Time
		}
		var all []report
		var latest time.Time
		for i := 0; i+1 < len(ops); i += 2 {
			r := report{target: fmt.Sprint(ops[i] % 4), at: windowBase().Add(time.Duration(ops[i+1]) * time.Second)}
			w.Record(r.target, r.at)
			all = append(all, r)
			if r.at.After(latest) {
				latest = r.at
			}
		}
		end := latest.Add(time.Duration(after) * time.Millisecond)
		want := map[string]int{}
		for _, r := range all {
			if r.at.After(end.Add(-window)) && !r.at.After(end) {
				want[r.target]++
			}
		}
		got, err := w.Counts(t.Context(), end)
		require.NoError(t, err)
		assert.Equal(t, want, got)
		for target, n := range want {
			assert.Equal(t, n, w.Count(target, end))
		}
	})
}
