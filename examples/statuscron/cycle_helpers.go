package main

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/evaluate"
	"github.com/proxer/cachetstatus/probe"
)

// check validates the reconciler and the targets and returns the policy to
// apply.
func (r *Reconciler) check(targets []Target) (*evaluate.Policy, error) {
	if r.Client == nil {
		return nil, fmt.Errorf("%w: no cachet client", ErrInvalid)
	}
	policy := r.Policy
	if policy == nil {
		p := evaluate.DefaultPolicy()
		policy = &p
	}
	if err := policy.Validate(); err != nil {
		return nil, fmt.Errorf("%w: policy: %w", ErrInvalid, err)
	}
	names := make(map[string]bool, len(targets))
	for i, t := range targets {
		var problem string
		switch {
		case t.Name == "":
			problem = "no name"
		case names[t.Name]:
			problem = fmt.Sprintf("name %q used twice", t.Name)
		case t.ComponentID <= 0:
			problem = fmt.Sprintf("component id %d is not positive", t.ComponentID)
		case t.Prober == nil:
			problem = "no prober"
		case t.Reports != nil && *t.Reports < 0:
			problem = fmt.Sprintf("negative report count %d", *t.Reports)
		case t.MetricID < 0:
			problem = fmt.Sprintf("negative metric id %d", t.MetricID)
		}
		if problem != "" {
			return nil, fmt.Errorf("%w: targets[%d]: %s", ErrInvalid, i, problem)
		}
		names[t.Name] = true
	}
	return policy, nil
}

// actionOf is the word for a planned action.
func actionOf(a evaluate.Action, dryRun bool) Action {
	switch a {
	case evaluate.ActionUpdate:
		if dryRun {
			return ActionDryRun
		}
		return ActionUpdated // until the write says otherwise
	case evaluate.ActionUnchanged:
		return ActionUnchanged
	case evaluate.ActionSkipMaintenance:
		return ActionSkippedMaintenance
	case evaluate.ActionSkipManual:
		return ActionSkippedManual
	}
	return ActionSkippedInvalid
}

// probeContext bounds probing so that, when ctx has a deadline, time is
// left for the writes.
func probeContext(ctx context.Context) (context.Context, context.CancelFunc) {
	deadline, ok := ctx.Deadline()
	if !ok {
		return context.WithCancel(ctx)
	}
	return context.WithDeadline(ctx, deadline.Add(-writeReserve(time.Until(deadline))))
}

// writeReserve is the part of the time left that is kept for writing after
// the probes: a quarter, at most 10s.
func writeReserve(left time.Duration) time.Duration {
	return max(0, min(left/4, 10*time.Second))
}

// forEach runs write for the components that want it, WriteConcurrency at
// a time; one failure does not stop the others.
func (r *Reconciler) forEach(comps []*component, want func(*component) bool, write func(*component)) {
	r.forEachIndex(len(comps), func(i int) bool { return want(comps[i]) }, func(i int) { write(comps[i]) })
}

// forEachIndex runs write(i) for the i in [0, n) that want, WriteConcurrency
// at a time.
func (r *Reconciler) forEachIndex(n int, want func(int) bool, write func(int)) {
	limit := r.WriteConcurrency
	if limit <= 0 {
		limit = DefaultWriteConcurrency
	}
	var wg sync.WaitGroup
	sem := make(chan struct{}, limit)
	for i := range n {
		if !want(i) {
			continue
		}
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			write(i)
		})
	}
	wg.Wait()
}

// postMetrics posts each target's latency in milliseconds to its metric,
// for targets whose probe got an HTTP response (a timeout's "latency" is
// only the timeout), a few at a time. Failures go into the outcomes.
func (r *Reconciler) postMetrics(ctx context.Context, targets []Target, results []probe.Result, outcomes []Outcome) {
	r.forEachIndex(len(targets), func(i int) bool { return targets[i].MetricID != 0 && results[i].StatusCode != 0 }, func(i int) {
		t, res := targets[i], results[i]
		ms := float64(res.Latency.Microseconds()) / 1000
		if _, err := r.Client.MetricPoints.Create(ctx, t.MetricID, cachet.CreateMetricPointRequest{Value: ms, Timestamp: &res.Start}); err != nil {
			outcomes[i].MetricErr = fmt.Errorf("statuscron: posting the latency of %q to metric %d: %w", t.Name, t.MetricID, err)
		}
	})
}
