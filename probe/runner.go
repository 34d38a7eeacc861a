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
	// DefaultConcurrency is the number of probes a [Runner] lets do
	// CPU-side work at once (see Runner.Concurrency) when Concurrency is
	// zero or negative.
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
	// could start. [Classify] maps it onto [FailureLocal]: the request was
	// never sent, so the target is not to blame.
	ErrNotStarted = errors.New("probe: probe not started")
	// ErrStarved means a probe timed out while this process was starved of
	// CPU, and confirming the timeout once more either timed out while
	// starved again or found no time left before the deadline of the run.
	// [Classify] maps it onto [FailureLocal].
	ErrStarved = errors.New("probe: starved of CPU, timeout not confirmed")
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
//
// Waiting is not work. A probe holds two slots: an open-connection slot
// (MaxOpen) for its whole life, and a work slot (Concurrency) only while it
// works. [HTTP] gives its work slot back once its request is written and it
// only waits for the answer; other probers keep it until they return. So a thousand hanging
// targets hold a thousand open slots, not the work slots the other targets
// need to start, and a run takes about one ProbeTimeout however many
// targets hang, as long as MaxOpen covers them.
type Runner struct {
	// Concurrency bounds the probes doing CPU-side work at once: starting,
	// dialing, TLS handshakes, sending the request. Zero or negative means
	// [DefaultConcurrency].
	Concurrency int
	// MaxOpen bounds the probes in flight at once, each holding at most one
	// connection. Zero or negative means [DefaultMaxOpen], derived from the
	// process's open-files limit.
	MaxOpen int
	// ProbeTimeout bounds each probe; zero or negative means
	// [DefaultProbeTimeout]. The deadline of the context given to Run
	// bounds every probe as well.
	ProbeTimeout time.Duration

	// watch, if not nil, replaces the detection of stalls (for tests, whose
	// fake clocks make real stalls meaningless).
	watch func(threshold time.Duration) stallWatch
}

// Run probes every target and returns one Result per target, in the order of
// targets, with Result.Target set to [Target.Name].
//
// Timing guarantees. A probe starts once it has both its slots; its clock
// starts then, on the probe's own goroutine, right before its connection
// attempt. Each probe gets a hard stop at the earlier of its start plus
// ProbeTimeout and the deadline of ctx. Its context expires a little before
// the hard stop (a twentieth of the timeout, at most 50 ms), so a prober that
// honours its context returns in time and its own Result is used. Run itself
// returns by the deadline of ctx, or at the latest about twice ProbeTimeout
// after the last probe could start (once when a timeout is confirmed, see
// below), and within the grace period (at most 50 ms) of ctx being
// cancelled. Targets that could not start before ctx ended get a Result
// wrapping [ErrNotStarted] and ctx's error, of kind [FailureLocal].
//
// Our slowness is not the target's timeout. When a probe times out while
// some goroutine of this process waited a tenth of ProbeTimeout or more for
// a CPU (the runtime's scheduling latencies tell), or the whole process
// stalled as long (a heartbeat goroutine, which Run stops before it
// returns, tells), the process was starved and may simply not have read an answer in time, so the timeout is
// not believed: the probe runs once more, if the deadline of ctx leaves it a
// full ProbeTimeout, and that second result counts. If it times out starved
// again, or there is no time to confirm, or the prober ignored its context
// (it is not run twice), the Result is of kind [FailureLocal] wrapping
// [ErrStarved].
//
// A prober that ignores its context cannot be stopped: Go has no way to kill
// a goroutine. When such a prober reaches its hard stop, Run stops waiting
// for it, records a Result with kind [FailureTimeout] wrapping
// [ErrNotReturned] and context.DeadlineExceeded, frees its slots and moves
// on. The prober's goroutine keeps running until the prober returns; its
// late Result is discarded. So Run always returns on time; no goroutine
// started by Run outlives it when every prober honours its context; and a
// misbehaving prober leaks exactly one goroutine, for as long as it keeps
// running. The slots bound the probes Run waits for, not such abandoned
// goroutines.
//
// Run fills in what a [Func] may leave out: a zero Start becomes the start
// time and then Latency the time the probe took, and an error without a Kind
// is classified with [Classify]. A prober that panics yields kind
// [FailureOther] instead of crashing the program.
func (r Runner) Run(ctx context.Context, targets []Target) []Result {
	results := make([]Result, len(targets))
	s := slots{
		work:   make(chan struct{}, r.concurrency()),
		open:   make(chan struct{}, r.maxOpen()),
		stalls: r.watchStalls(),
	}
	defer s.stalls.halt()
	var wg sync.WaitGroup
	for i, target := range targets {
		if !s.take(ctx) {
			for j := i; j < len(targets); j++ {
				results[j] = notStarted(ctx, targets[j].Name)
			}
			break
		}
		wg.Go(func() {
			defer func() { <-s.open }()
			results[i] = r.runOne(ctx, target, s)
		})
	}
	wg.Wait()
	return results
}

// slots holds the two bounds of a run, and its heartbeat.
type slots struct {
	work   chan struct{} // probes doing CPU-side work
	open   chan struct{} // probes in flight, each with at most one connection
	stalls stallWatch    // tells whether the process stalled
}

// take takes an open slot and then a work slot, or reports false (holding
// neither) once ctx is done.
func (s slots) take(ctx context.Context) bool {
	if !acquire(ctx, s.open) {
		return false
	}
	if !acquire(ctx, s.work) {
		<-s.open
		return false
	}
	return true
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

func (r Runner) maxOpen() int {
	if r.MaxOpen <= 0 {
		return DefaultMaxOpen()
	}
	return r.MaxOpen
}

func (r Runner) timeout() time.Duration {
	if r.ProbeTimeout <= 0 {
		return DefaultProbeTimeout
	}
	return r.ProbeTimeout
}

// runOne probes one target holding a work slot of s, which it gives back
// when the prober says it is only waiting or when it returns, and confirms
// a timeout during which this process was starved of CPU. It returns by the
// hard stop of the probe (of the confirming probe, if any).
func (r Runner) runOne(parent context.Context, target Target, s slots) Result {
	res, suspect := r.attempt(parent, target, s)
	switch {
	case !suspect:
		return res
	case errors.Is(res.Err, ErrNotReturned):
		// Its goroutine still runs: a second one would leak as well.
		return starved(res, "not confirmed: the prober did not return")
	}
	if deadline, ok := parent.Deadline(); (ok && time.Until(deadline) < r.timeout()) || !acquire(parent, s.work) {
		return starved(res, "no time left to confirm")
	}
	again, suspectAgain := r.attempt(parent, target, s)
	if suspectAgain {
		return starved(again, "timed out starved again")
	}
	return again
}

// starved turns a timeout during which this process was starved of CPU into
// a local failure.
func starved(res Result, why string) Result {
	res.Err = fmt.Errorf("%w (%s): %w", ErrStarved, why, res.Err)
	res.Kind = FailureLocal
	return res
}

// watchStalls starts watching for stalls of the process.
func (r Runner) watchStalls() stallWatch {
	if r.watch != nil {
		return r.watch(r.stallThreshold())
	}
	return watchProcess(r.stallThreshold())
}

// stallThreshold is the delay that makes a timeout suspect: a goroutine of
// this process waited a tenth of the probe timeout for a CPU, or the process
// stalled as long.
func (r Runner) stallThreshold() time.Duration {
	return r.timeout() / 10
}

// attempt runs one probe whose work slot in s is taken, releasing it by the
// time it returns. suspect reports a timeout during which some goroutine of
// this process waited at least [Runner.stallThreshold] for a CPU, or the
// whole process stalled as long.
func (r Runner) attempt(parent context.Context, target Target, s slots) (res Result, suspect bool) {
	release := sync.OnceFunc(func() { <-s.work })
	defer release()
	mark := s.stalls.mark()
	defer func() { suspect = res.Kind == FailureTimeout && s.stalls.since(mark) }()
	start := time.Now()
	timeout := r.timeout()
	hardStop := start.Add(timeout)
	if deadline, ok := parent.Deadline(); ok && deadline.Before(hardStop) {
		hardStop = deadline
	}
	grace := min(timeout/20, maxGrace)
	ctx, cancel := context.WithDeadline(withWaiting(parent, release), hardStop.Add(-grace))
	defer cancel()

	done := make(chan Result, 1) // Buffered: an abandoned prober never blocks on send.
	go func() { done <- safeProbe(ctx, target.Prober) }()

	timer := time.NewTimer(time.Until(hardStop))
	defer timer.Stop()
	parentDone := parent.Done()
	for {
		select {
		case res := <-done:
			return complete(res, target.Name, start), false
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
			}, target.Name, start), false
		}
	}
}

// waitingKey keys the function a prober calls once it only waits on the
// network.
type waitingKey struct{}

func withWaiting(ctx context.Context, release func()) context.Context {
	return context.WithValue(ctx, waitingKey{}, release)
}

// markWaiting tells the [Runner] running the probe of ctx that the probe now
// only waits on the network, so its work slot can start another probe. It
// does nothing outside a Runner and after the first call.
func markWaiting(ctx context.Context) {
	if release, ok := ctx.Value(waitingKey{}).(func()); ok {
		release()
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
