package probe

import "context"

// Prober checks one target. Probe must honour ctx: it returns soon after ctx
// is done, and its Result then wraps ctx's error. A Prober must be safe for
// concurrent use if the same value is probed concurrently.
type Prober interface {
	Probe(ctx context.Context) Result
}

// Func adapts an ordinary function to a [Prober], so that a service can plug
// in its own check. The function may leave Start and Latency zero and Kind
// unset: [Runner.Run] fills them in (Kind via [Classify]).
type Func func(ctx context.Context) Result

// Probe calls f(ctx).
func (f Func) Probe(ctx context.Context) Result {
	return f(ctx)
}
