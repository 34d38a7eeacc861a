package probe

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Defaults of [Runner].
const (
	// DefaultConcurrency is the number of probes a [Runner] runs at once
	// when Concurrency is zero or negative.
	DefaultConcurrency = 64
	// DefaultProbeTimeout is the per-probe timeout of a [Runner] when
	// ProbeTimeout is zero or negative.
	DefaultProbeTimeout = 10 * time.Second
	// maxGrace bounds how long before its hard stop a probe's context
	// expires, so that a prober that honours its context has returned by
	// the time the runner stops waiting for it.
	maxGrace = 50 * time.Millisecond
)

// Errors of [Runner.Run]. Each is joined with the context error that ended
// the probe, so errors.Is(err, context.DeadlineExceeded) holds as well.
var (
	// ErrNotReturned means a prober ignored its context and was abandoned
	// at its hard stop.
	ErrNotReturned = errors.New("probe: probe did not return")
	// ErrNotStarted means the context ended before the target's probe
	// could start.
	ErrNotStarted = errors.New("probe: probe not started")
)

// Target is a named [Prober]. The name identifies the target in its
// [Result] and to report sources.
type Target struct {
	// Name identifies the target; [Runner.Run] copies it to Result.Target.
	Name string
	// Prober checks the target.
	Prober Prober
}

// Runner probes many targets concurrently under one deadline. The zero value
// is ready to use with the defaults; a Runner is a value and safe for
// concurrent use.
type Runner struct {
	// Concurrency bounds how many probes run at once; zero or negative
	// means [DefaultConcurrency].
	Concurrency int
	// ProbeTimeout bounds each probe; zero or negative means
	// [DefaultProbeTimeout]. The deadline of the context given to Run
	// bounds every probe as well.
	ProbeTimeout time.Duration
}

// Run probes every target and returns one Result per target, in the order of
// targets, with Result.Target set to [Target.Name].
//
// Timing guarantees. Each probe gets a hard stop at the earlier of its start
// plus ProbeTimeout and the deadline of ctx. Its context expires a little
// before the hard stop (a twentieth of the timeout, at most 50 ms), so a
// prober that honours its context returns in time and its own Result is
// used. Run itself returns by the deadline of ctx, or at the latest about
// ProbeTimeout after the last probe could start, and within the grace
// period (at most 50 ms) of ctx being cancelled. Targets that could not
// start before ctx ended get a Result wrapping [ErrNotStarted] and ctx's
// error.
//
// A prober that ignores its context cannot be stopped: Go has no way to kill
// a goroutine. When such a prober reaches its hard stop, Run stops waiting
// for it, records a Result with kind [FailureTimeout] wrapping
// [ErrNotReturned] and context.DeadlineExceeded, frees its concurrency slot
// and moves on. The prober's goroutine keeps running until the prober
// returns; its late Result is discarded. So Run always returns on time; no
// goroutine started by Run outlives it when every prober honours its
// context; and a misbehaving prober leaks exactly one goroutine, for as long
// as it keeps running. Concurrency bounds the probes Run waits for, not such
// abandoned goroutines.
//
// Run fills in what a [Func] may leave out: a zero Start becomes the start
// time and then Latency the time the probe took, and an error without a Kind
// is classified with [Classify]. A prober that panics yields kind
// [FailureOther] instead of crashing the program.
func (r Runner) Run(ctx context.Context, targets []Target) []Result {
	results := make([]Result, len(targets))
	slots := make(chan struct{}, r.concurrency())
	var wg sync.WaitGroup
	for i, target := range targets {
		if !acquire(ctx, slots) {
			for j := i; j < len(targets); j++ {
				results[j] = notStarted(ctx, targets[j].Name)
			}
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-slots }()
			results[i] = r.runOne(ctx, target)
		}()
	}
	wg.Wait()
	return results
}

// acquire takes a slot, or reports false once ctx is done. A slot that frees
// up at the very moment of the deadline does not count: the deadline is
// checked against the clock, not only ctx.Err, which is set a moment later.
func acquire(ctx context.Context, slots chan struct{}) bool {
	if expired(ctx) {
		return false
	}
	select {
	case slots <- struct{}{}:
		if expired(ctx) {
			<-slots
			return false
		}
		return true
	case <-ctx.Done():
		return false
	}
}

func expired(ctx context.Context) bool {
	deadline, ok := ctx.Deadline()
	return ctx.Err() != nil || (ok && !time.Now().Before(deadline))
}

func (r Runner) concurrency() int {
	if r.Concurrency <= 0 {
		return DefaultConcurrency
	}
	return r.Concurrency
}

func (r Runner) timeout() time.Duration {
	if r.ProbeTimeout <= 0 {
		return DefaultProbeTimeout
	}
	return r.ProbeTimeout
}

// runOne probes one target and returns by its hard stop.
func (r Runner) runOne(parent context.Context, target Target) Result {
	start := time.Now()
	timeout := r.timeout()
	hardStop := start.Add(timeout)
	if deadline, ok := parent.Deadline(); ok && deadline.Before(hardStop) {
		hardStop = deadline
	}
	grace := min(timeout/20, maxGrace)
	ctx, cancel := context.WithDeadline(parent, hardStop.Add(-grace))
	defer cancel()

	done := make(chan Result, 1) // Buffered: an abandoned prober never blocks on send.
	go func() { done <- safeProbe(ctx, target.Prober) }()

	timer := time.NewTimer(time.Until(hardStop))
	defer timer.Stop()
	parentDone := parent.Done()
	for {
		select {
		case res := <-done:
			return complete(res, target.Name, start)
		case <-parentDone:
			// Cancelled early: give the prober the grace period to notice.
			parentDone = nil
			timer.Reset(min(grace, time.Until(hardStop)))
		case <-timer.C:
			cause := context.DeadlineExceeded
			if err := parent.Err(); err != nil {
				cause = err
			}
			return complete(Result{
				Start:   start,
				Latency: time.Since(start),
				Err:     fmt.Errorf("%w: %w", ErrNotReturned, cause),
			}, target.Name, start)
		}
	}
}

// safeProbe runs p, turning a panic or a nil prober into a failed Result.
func safeProbe(ctx context.Context, p Prober) (res Result) {
	if p == nil {
		return Result{Err: fmt.Errorf("probe: target has no prober"), Kind: FailureOther}
	}
	defer func() {
		if v := recover(); v != nil {
			res = Result{Err: fmt.Errorf("probe: prober panicked: %v", v), Kind: FailureOther}
		}
	}()
	return p.Probe(ctx)
}

// complete names the result and fills in what a prober may leave out, so that
// Kind is FailureNone exactly when Err is nil.
func complete(res Result, name string, start time.Time) Result {
	res.Target = name
	if res.Start.IsZero() {
		res.Start = start
		res.Latency = time.Since(start)
	}
	switch {
	case res.Err != nil && res.Kind == FailureNone:
		res.Kind = Classify(res.Err)
	case res.Err == nil && res.Kind != FailureNone:
		res.Err = fmt.Errorf("probe: prober reported failure %q without an error", res.Kind)
	}
	return res
}

func notStarted(ctx context.Context, name string) Result {
	cause := context.Cause(ctx)
	if cause == nil { // The deadline has passed by the clock, ctx.Err is not set yet.
		cause = context.DeadlineExceeded
	}
	return complete(Result{
		Start: time.Now(),
		Err:   fmt.Errorf("%w: %w", ErrNotStarted, cause),
	}, name, time.Time{})
}
