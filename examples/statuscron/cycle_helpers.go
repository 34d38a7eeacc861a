package main

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/evaluate"
	"github.com/proxer/cachetstatus/examples/internal/incidents"
	"github.com/proxer/cachetstatus/probe"
)

// DefaultWriteConcurrency bounds the Cachet writes in flight at once when
// [Reconciler.WriteConcurrency] is zero or negative.
const DefaultWriteConcurrency = 4

var (
	// ErrInvalid means Run was given a reconciler or targets it cannot use.
	ErrInvalid = errors.New("statuscron: invalid argument")
	// ErrNotRead means Cachet could not be read, so nothing was written.
	ErrNotRead = errors.New("statuscron: cachet could not be read")
	// ErrNoComponent means a target's component does not exist in Cachet
	// (or is hidden from the client's token).
	ErrNoComponent = errors.New("statuscron: component not found")
)

// Target is one thing to probe and the Cachet component it feeds; several
// targets may feed one component (the worst decision wins).
type Target struct {
	Name        string       // unique; also the report source's key
	ComponentID int          // the component it feeds
	Prober      probe.Prober // checked under the Runner's and Run's deadlines
	Reports     *int         // a fixed report count overriding Reconciler.Reports
	MetricID    int          // the metric that gets its latency in ms (0: none)
	// Check groups the targets that are one check seen from several
	// locations (a prometheus target's locations); they are aggregated by
	// Ratio, or the worst of them when nil, before the component's other
	// targets.
	Check string
	Ratio *evaluate.RatioRule
}

// IncidentOptions switches on and tunes the incident lifecycle (see
// [evaluate.PlanIncident] for the rules).
type IncidentOptions struct {
	Enabled bool               // switch the lifecycle on
	Hidden  bool               // visible to signed-in users only (default: public)
	Notify  bool               // let Cachet e-mail subscribers about the incidents
	Words   *incidents.Wording // the public texts (nil: incidents.DefaultWords)
}

// Reconciler holds what a cycle needs; set its fields, then call
// [Reconciler.Run] once per cycle. Run does not change it.
type Reconciler struct {
	Client           *cachet.Client
	Policy           *evaluate.Policy // nil: evaluate.DefaultPolicy, the seed rules
	Hysteresis       evaluate.Hysteresis
	Runner           probe.Runner
	Reports          probe.ReportSource // nil: only the targets' fixed counts
	RespectManual    bool               // leave alone a status a person set (see evaluate.Plan)
	RespectSchedules bool               // leave alone components in a schedule in progress
	Silent           bool               // status writes do not notify subscribers
	Incidents        IncidentOptions
	Metrics          bool // post each target's latency to its MetricID
	DryRun           bool // plan without writing
	WriteConcurrency int  // writes in flight at once (≤ 0: DefaultWriteConcurrency)
}

// component is the working record of one component during a run.
type component struct {
	id               int
	targets          []int // indexes of the targets feeding it
	settled          evaluate.Settled
	cachet           cachet.Component
	known            bool // cachet was read
	change           evaluate.Change
	action           evaluate.Action
	err, incidentErr error
	incidentNote     string
	across           map[string]evaluate.Decision // aggregates by Check
	inputs           int                          // decisions after aggregating the checks
	incidentDone     []string                     // what was written, for Outcome.Incident
}

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

// actionOf is what the run does about a planned action: a needed write is
// a dry run when dryRun is set; ActionUpdate stands until the write says
// otherwise.
func actionOf(a evaluate.Action, dryRun bool) evaluate.Action {
	if a == evaluate.ActionUpdate && dryRun {
		return evaluate.ActionDryRun
	}
	return a
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
			return
		}
		outcomes[i].MetricPosted = true
	})
}
