package probe

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"sync"
	"time"
)

// Defaults of [SlidingWindow].
const (
	// DefaultReportWindow is the window the status job counts member
	// reports over.
	DefaultReportWindow = 2 * time.Hour
	// DefaultMaxReportsPerTarget is the number of reports a
	// [SlidingWindow] keeps per target unless [WithMaxReportsPerTarget]
	// says otherwise.
	DefaultMaxReportsPerTarget = 1 << 16
)

// ErrInvalidWindow means [NewSlidingWindow] was given a window or an option
// it cannot use.
var ErrInvalidWindow = errors.New("probe: invalid sliding window")

// SlidingWindow counts member reports per target over a sliding time window,
// for services that receive the reports themselves. It is a [ReportSource].
// It is safe for concurrent use; create it with [NewSlidingWindow].
//
// # Window edges
//
// The window ending at end is the half-open interval (end-window, end]: a
// report at exactly end counts, a report at exactly end-window does not.
// Counts are exact, with no bucketing.
//
// # Memory and expiry
//
// The window has no clock of its own: the latest time passed to Record is
// "now". A report expires once it is at or before now minus the window, and
// a report recorded already expired is ignored. Counts for an end at or after
// now are therefore exact; for an earlier end, reports may already have
// expired. Targets whose reports have all expired are forgotten.
//
// Each target keeps at most MaxReportsPerTarget reports (see
// [WithMaxReportsPerTarget]); beyond that the oldest is dropped, so a count
// never exceeds the cap and memory per target stays O(cap). The number of
// targets is not capped: validate target names before recording reports from
// untrusted members.
type SlidingWindow struct {
	window       int64 // nanoseconds
	maxPerTarget int

	mu        sync.Mutex
	started   bool  // whether now is set
	now       int64 // latest recorded time, Unix nanoseconds
	lastSweep int64
	targets   map[string][]int64 // report times per target, ascending
}

// WindowOption configures a [SlidingWindow].
type WindowOption func(*SlidingWindow) error

// WithMaxReportsPerTarget sets how many reports a target keeps; n must be
// positive. The default is [DefaultMaxReportsPerTarget].
func WithMaxReportsPerTarget(n int) WindowOption {
	return func(w *SlidingWindow) error {
		if n <= 0 {
			return fmt.Errorf("%w: max reports per target %d is not positive", ErrInvalidWindow, n)
		}
		w.maxPerTarget = n
		return nil
	}
}

// NewSlidingWindow returns an empty window of the given length, which must
// be positive ([DefaultReportWindow] is the usual choice).
func NewSlidingWindow(window time.Duration, opts ...WindowOption) (*SlidingWindow, error) {
	if window <= 0 {
		return nil, fmt.Errorf("%w: window %v is not positive", ErrInvalidWindow, window)
	}
	w := &SlidingWindow{
		window:       int64(window),
		maxPerTarget: DefaultMaxReportsPerTarget,
		targets:      make(map[string][]int64),
	}
	for _, opt := range opts {
		if err := opt(w); err != nil {
			return nil, err
		}
	}
	return w, nil
}

// Record records one report for target at the given time. Reports may arrive
// out of order. A zero time is ignored.
func (w *SlidingWindow) Record(target string, at time.Time) {
	if at.IsZero() {
		return
	}
	t := at.UnixNano()
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.started || t > w.now {
		w.now = t
	}
	if !w.started {
		w.started, w.lastSweep = true, t
	}
	cutoff := w.now - w.window
	if t <= cutoff {
		return
	}
	w.targets[target] = insert(expire(w.targets[target], cutoff), t, w.maxPerTarget)
	if w.now-w.lastSweep >= w.window {
		w.sweep(cutoff)
	}
}

// sweep forgets expired reports of every target, and targets left without
// reports. It runs at most once per window length of recorded time, so its
// cost is amortised over the records in between.
func (w *SlidingWindow) sweep(cutoff int64) {
	for name, times := range w.targets {
		if times = expire(times, cutoff); len(times) == 0 {
			delete(w.targets, name)
		} else {
			w.targets[name] = times
		}
	}
	w.lastSweep = w.now
}

// Count returns the number of reports for target in (end-window, end].
func (w *SlidingWindow) Count(target string, end time.Time) int {
	e := end.UnixNano()
	w.mu.Lock()
	defer w.mu.Unlock()
	return count(w.targets[target], e-w.window, e)
}

// Counts returns the count of every target with at least one report in
// (end-window, end]. It only fails when ctx is already done.
func (w *SlidingWindow) Counts(ctx context.Context, end time.Time) (map[string]int, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("probe: sliding window: %w", err)
	}
	e := end.UnixNano()
	w.mu.Lock()
	defer w.mu.Unlock()
	counts := make(map[string]int)
	for name, times := range w.targets {
		if n := count(times, e-w.window, e); n > 0 {
			counts[name] = n
		}
	}
	return counts, nil
}

// count returns the number of times in (after, upTo].
func count(times []int64, after, upTo int64) int {
	return upperBound(times, upTo) - upperBound(times, after)
}

// expire drops the times at or before cutoff. Slicing off the front keeps
// memory bounded: the next append that needs room copies only the live
// times.
func expire(times []int64, cutoff int64) []int64 {
	return times[upperBound(times, cutoff):]
}

// insert adds t in order, dropping the oldest time when limit are kept
// already (or t itself when it is not newer than the oldest).
func insert(times []int64, t int64, limit int) []int64 {
	if len(times) >= limit {
		if t <= times[0] {
			return times
		}
		times = times[1:]
	}
	return slices.Insert(times, upperBound(times, t), t)
}

// upperBound returns the index of the first element of sorted greater than v.
func upperBound(sorted []int64, v int64) int {
	return sort.Search(len(sorted), func(i int) bool { return sorted[i] > v })
}
