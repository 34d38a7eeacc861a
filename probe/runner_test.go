package probe

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"runtime"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sleeper honours its context: it answers after d, or fails when ctx ends.
func sleeper(d time.Duration, status int) Func {
	return func(ctx context.Context) Result {
		select {
		case <-time.After(d):
			return Result{StatusCode: status}
		case <-ctx.Done():
			return Result{Err: ctx.Err()}
		}
	}
}

// stubborn ignores its context and returns only when release is closed; it
// sets returned just before returning.
func stubborn(release <-chan struct{}, returned *atomic.Int32) Func {
	return func(context.Context) Result {
		<-release
		returned.Add(1)
		return Result{StatusCode: http.StatusOK}
	}
}

func TestRunnerOrderAndFill(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		targets := []Target{
			{Name: "slowest", Prober: sleeper(3*time.Second, 201)},
			{Name: "fast", Prober: sleeper(time.Second, 202)},
			{Name: "middle", Prober: sleeper(2*time.Second, 203)},
			{Name: "plain error", Prober: Func(func(context.Context) Result {
				return Result{Err: fmt.Errorf("dial: %w", errors.New("boom"))}
			})},
			{Name: "kind only", Prober: Func(func(context.Context) Result { return Result{Kind: FailureHTTP} })},
			{Name: "panics", Prober: Func(func(context.Context) Result { panic("bad prober") })},
			{Name: "nil prober"},
		}

		results := Runner{ProbeTimeout: 10 * time.Second, watch: noStalls}.Run(t.Context(), targets)

		require.Len(t, results, len(targets))
		assert.Equal(t, 3*time.Second, time.Since(start), "probes run concurrently")
		for i, res := range results {
			assert.Equal(t, targets[i].Name, res.Target)
			assert.Equal(t, start, res.Start, "start filled in")
			assert.Equal(t, res.Err == nil, res.Kind == FailureNone, "%s: kind %v, err %v", res.Target, res.Kind, res.Err)
		}
		assert.Equal(t, []int{201, 202, 203}, []int{results[0].StatusCode, results[1].StatusCode, results[2].StatusCode})
		assert.Equal(t, []time.Duration{3 * time.Second, time.Second, 2 * time.Second},
			[]time.Duration{results[0].Latency, results[1].Latency, results[2].Latency})
		assert.Equal(t, FailureOther, results[3].Kind, "classified")
		assert.Equal(t, FailureHTTP, results[4].Kind)
		assert.Error(t, results[4].Err, "an error is supplied")
		assert.Equal(t, FailureOther, results[5].Kind, "a panic is a failure")
		assert.Equal(t, FailureOther, results[6].Kind)
	})
}

func TestRunnerConcurrencyBound(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		var running, peak atomic.Int32
		prober := Func(func(ctx context.Context) Result {
			n := running.Add(1)
			defer running.Add(-1)
			for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
			}
			return sleeper(time.Second, 200)(ctx)
		})
		targets := make([]Target, 10)
		for i := range targets {
			targets[i] = Target{Name: fmt.Sprint(i), Prober: prober}
		}
		start := time.Now()

		results := Runner{Concurrency: 3, watch: noStalls}.Run(t.Context(), targets)

		assert.Equal(t, int32(3), peak.Load())
		assert.Equal(t, 4*time.Second, time.Since(start), "ceil(10/3) rounds of one second")
		for _, res := range results {
			assert.True(t, res.OK(), "%s: %v", res.Target, res.Err)
		}
	})
}

func TestRunnerProbeTimeout(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		release := make(chan struct{})
		var returned atomic.Int32
		targets := []Target{
			{Name: "ignores ctx", Prober: stubborn(release, &returned)},
			{Name: "honours ctx", Prober: sleeper(time.Hour, 200)},
			{Name: "fast", Prober: sleeper(100*time.Millisecond, 200)},
		}
		start := time.Now()

		results := Runner{ProbeTimeout: time.Second, watch: noStalls}.Run(t.Context(), targets)

		assert.Equal(t, time.Second, time.Since(start), "Run returns at the probe timeout")
		ignored, honoured, fast := results[0], results[1], results[2]
		assert.Equal(t, FailureTimeout, ignored.Kind)
		assert.ErrorIs(t, ignored.Err, ErrNotReturned)
		assert.ErrorIs(t, ignored.Err, context.DeadlineExceeded)
		assert.Equal(t, time.Second, ignored.Latency)

		assert.Equal(t, FailureTimeout, honoured.Kind)
		assert.ErrorIs(t, honoured.Err, context.DeadlineExceeded)
		assert.NotErrorIs(t, honoured.Err, ErrNotReturned, "the prober's own result is used")
		assert.Equal(t, time.Second-maxGrace, honoured.Latency, "its context expires a grace period early")

		assert.True(t, fast.OK())

		// The abandoned prober is still running; it ends when it returns.
		synctest.Wait()
		assert.Equal(t, int32(0), returned.Load())
		close(release)
		synctest.Wait()
		assert.Equal(t, int32(1), returned.Load())
		// synctest.Test fails if any goroutine of the bubble is left.
	})
}

func TestRunnerOverallDeadline(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		release := make(chan struct{})
		defer close(release)
		var returned atomic.Int32
		ctx, cancel := context.WithTimeout(t.Context(), 1500*time.Millisecond)
		defer cancel()
		targets := []Target{
			{Name: "a", Prober: sleeper(time.Second, 200)},
			{Name: "b", Prober: stubborn(release, &returned)},
			{Name: "c", Prober: stubborn(release, &returned)},
			{Name: "d", Prober: sleeper(time.Millisecond, 200)},
		}
		start := time.Now()

		results := Runner{Concurrency: 2, ProbeTimeout: time.Hour, watch: noStalls}.Run(ctx, targets)

		assert.Equal(t, 1500*time.Millisecond, time.Since(start), "Run returns at the context deadline")
		assert.True(t, results[0].OK())
		assert.ErrorIs(t, results[1].Err, ErrNotReturned)
		assert.ErrorIs(t, results[2].Err, ErrNotReturned, "started at 1s, stopped by the overall deadline")
		assert.Equal(t, 500*time.Millisecond, results[2].Latency)
		assert.ErrorIs(t, results[3].Err, ErrNotStarted)
		assert.Equal(t, FailureLocal, results[3].Kind, "a probe never sent is not the target's timeout")
		assert.ErrorIs(t, results[3].Err, context.DeadlineExceeded)
		for _, res := range results[1:3] {
			assert.Equal(t, FailureTimeout, res.Kind, res.Target)
			assert.ErrorIs(t, res.Err, context.DeadlineExceeded, res.Target)
		}
	})
}

func TestRunnerCancel(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		release := make(chan struct{})
		defer close(release)
		var returned atomic.Int32
		ctx, cancel := context.WithCancel(t.Context())
		time.AfterFunc(300*time.Millisecond, cancel)
		start := time.Now()

		results := Runner{ProbeTimeout: time.Hour, watch: noStalls}.Run(ctx, []Target{
			{Name: "stubborn", Prober: stubborn(release, &returned)},
			{Name: "polite", Prober: sleeper(time.Hour, 200)},
		})

		assert.Equal(t, 300*time.Millisecond+maxGrace, time.Since(start), "Run returns a grace period after cancellation")
		assert.ErrorIs(t, results[0].Err, ErrNotReturned)
		assert.ErrorIs(t, results[0].Err, context.Canceled)
		assert.ErrorIs(t, results[1].Err, context.Canceled)
		assert.Equal(t, 300*time.Millisecond, results[1].Latency)
		assert.Equal(t, FailureOther, results[0].Kind)
		assert.Equal(t, FailureOther, results[1].Kind)
	})
}

func TestRunnerAlreadyDone(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	var called atomic.Int32
	prober := Func(func(context.Context) Result { called.Add(1); return Result{} })

	results := Runner{}.Run(ctx, []Target{{Name: "a", Prober: prober}, {Name: "b", Prober: prober}})

	assert.Equal(t, int32(0), called.Load())
	for _, res := range results {
		assert.ErrorIs(t, res.Err, ErrNotStarted)
		assert.ErrorIs(t, res.Err, context.Canceled)
	}
	assert.Empty(t, Runner{}.Run(t.Context(), nil))
}

// TestRunnerGoroutines runs real HTTP probes, some against a hanging
// handler, and checks that no goroutine outlives Run. It is not parallel:
// runtime.NumGoroutine counts the whole process.
func TestRunnerGoroutines(t *testing.T) {
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/hang" {
			hangingHandler(w, r)
		}
	}))
	refused := "http://" + closedPort(t)
	var targets []Target
	for i := range 30 {
		url := srv.URL
		switch i % 3 {
		case 1:
			url += "/hang"
		case 2:
			url = refused
		}
		targets = append(targets, Target{Name: fmt.Sprint(i), Prober: &HTTP{URL: url}})
	}
	// All targets run at once, so a run takes one ProbeTimeout; the timeout
	// is generous so that loopback probes pass on a loaded machine.
	runner := Runner{Concurrency: len(targets), ProbeTimeout: 2 * time.Second}
	baseline := runtime.NumGoroutine()

	for run := range 2 {
		results := runner.Run(t.Context(), targets)

		for i, res := range results {
			want := []FailureKind{FailureNone, FailureTimeout, FailureRefused}[i%3]
			if errors.Is(res.Err, ErrStarved) {
				want = FailureLocal // The shared machine starved the process.
			}
			assert.Equal(t, want, res.Kind, "run %d target %d: %v", run, i, res.Err)
		}
		assert.True(t, goroutinesBackTo(baseline, 5*time.Second), "run %d: goroutines %d, baseline %d", run, runtime.NumGoroutine(), baseline)

	}
}

// goroutinesBackTo polls until the process has at most baseline goroutines,
// giving up after limit. It polls on the calling goroutine, because a helper
// goroutine (as in assert.Eventually) would count itself.
func goroutinesBackTo(baseline int, limit time.Duration) bool {
	ticker := time.NewTicker(10 * time.Millisecond)
	defer ticker.Stop()
	giveUp := time.After(limit)
	for runtime.NumGoroutine() > baseline {
		select {
		case <-ticker.C:
		case <-giveUp:
			return false
		}
	}
	return true
}

// fakeStalls is a stallWatch for tests under synctest, whose fake clock
// makes real stalls meaningless: it reports a stall when stalled is set.
type fakeStalls struct{ stalled bool }

func (f fakeStalls) mark() stallMark         { return stallMark{} }
func (f fakeStalls) since(stallMark) bool    { return f.stalled }
func (f fakeStalls) halt()                   {}
func noStalls(time.Duration) stallWatch      { return fakeStalls{} }
func alwaysStalled(time.Duration) stallWatch { return fakeStalls{stalled: true} }

// TestRunnerConfirmsStarvedTimeouts: a timeout during which the process
// stalled is confirmed once, and the second result counts; timing out
// starved again, or without time left to confirm, is a local failure; a
// timeout without a stall is believed at once.
func TestRunnerConfirmsStarvedTimeouts(t *testing.T) {
	t.Parallel()
	// hangsFirst times out on its first call and answers on later ones.
	hangsFirst := func(calls *atomic.Int32) Func {
		return func(ctx context.Context) Result {
			if calls.Add(1) == 1 {
				<-ctx.Done()
				return Result{Err: ctx.Err()}
			}
			return Result{StatusCode: http.StatusOK}
		}
	}
	tests := []struct {
		name     string
		watch    func(time.Duration) stallWatch
		deadline time.Duration // of the run; 0: none
		hangs    bool          // the target hangs on every call
		stubborn bool          // the target ignores its context until the test ends
		want     FailureKind
		calls    int32
		took     time.Duration
	}{
		{name: "starved, then answers", watch: alwaysStalled, want: FailureNone, calls: 2, took: time.Second - maxGrace},
		{name: "starved twice", watch: alwaysStalled, hangs: true, want: FailureLocal, calls: 2, took: 2 * (time.Second - maxGrace)},
		{name: "starved, no time left", watch: alwaysStalled, deadline: 1500 * time.Millisecond, want: FailureLocal, calls: 1, took: time.Second - maxGrace},
		{name: "not starved", watch: noStalls, want: FailureTimeout, calls: 1, took: time.Second - maxGrace},
		{name: "starved, ignores its context", watch: alwaysStalled, stubborn: true, want: FailureLocal, calls: 1, took: time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				ctx := t.Context()
				if tt.deadline > 0 {
					var cancel context.CancelFunc
					ctx, cancel = context.WithTimeout(ctx, tt.deadline)
					defer cancel()
				}
				var calls atomic.Int32
				prober := hangsFirst(&calls)
				release := make(chan struct{})
				defer close(release)
				if tt.stubborn {
					prober = func(context.Context) Result { calls.Add(1); <-release; return Result{} }
				}
				if tt.hangs {
					prober = func(ctx context.Context) Result { calls.Add(1); return sleeper(time.Hour, http.StatusOK)(ctx) }
				}
				start := time.Now()

				res := Runner{ProbeTimeout: time.Second, watch: tt.watch}.Run(ctx, []Target{{Name: "t", Prober: prober}})[0]

				assert.Equal(t, tt.want, res.Kind, "%v", res.Err)
				assert.Equal(t, tt.calls, calls.Load(), "probes")
				assert.Equal(t, tt.took, time.Since(start))
				if tt.want == FailureLocal {
					assert.ErrorIs(t, res.Err, ErrStarved)
					assert.ErrorIs(t, res.Err, context.DeadlineExceeded)
				}
			})
		})
	}
}
