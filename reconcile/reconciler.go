package reconcile

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/evaluate"
	"github.com/proxer/cachetstatus/probe"
)

// DefaultWriteConcurrency bounds the Cachet writes in flight at once when
// [Reconciler.WriteConcurrency] is zero or negative.
const DefaultWriteConcurrency = 4

// componentsPerPage is the page size for reading components: few requests
// even for large installations (Cachet has no maximum).
const componentsPerPage = 500

var (
	// ErrInvalid means Run was given a reconciler or targets it cannot
	// use; nothing was probed or written.
	ErrInvalid = errors.New("reconcile: invalid argument")
	// ErrNotRead means Cachet could not be read, so nothing was written.
	ErrNotRead = errors.New("reconcile: cachet could not be read")
	// ErrNoComponent means a target's component does not exist in Cachet
	// (or is hidden from the client's token).
	ErrNoComponent = errors.New("reconcile: component not found")
)

// Target is one thing to probe and the Cachet component it feeds.
type Target struct {
	// Name identifies the target in the [Report] and to the report source;
	// it must be unique.
	Name string
	// ComponentID is the component the target feeds. Several targets may
	// feed one component; the worst decision wins.
	ComponentID int
	// Prober checks the target under the deadlines of [Reconciler.Runner]
	// and of the context given to Run.
	Prober probe.Prober
	// Reports, when not nil, is a fixed report count that overrides
	// [Reconciler.Reports] for this target.
	Reports *int
	// MetricID is the Cachet metric that gets the target's latency in
	// milliseconds when [Reconciler.Metrics] is set; 0 means none.
	MetricID int
}

// Reconciler makes Cachet's component statuses follow what probes and
// member reports say. Set its fields, then call [Reconciler.Run] once per
// cycle. A Reconciler is not changed by Run and may be used concurrently.
type Reconciler struct {
	// Client reads and writes Cachet; it needs a token unless DryRun.
	Client *cachet.Client
	// Policy decides a status per target; nil means
	// [evaluate.DefaultPolicy], the seed rules.
	Policy *evaluate.Policy
	// Hysteresis damps flapping between runs; the zero value applies
	// every decision at once.
	Hysteresis evaluate.Hysteresis
	// Runner probes the targets.
	Runner probe.Runner
	// Reports supplies live report counts; nil means only the targets'
	// fixed counts are known.
	Reports probe.ReportSource
	// RespectManual leaves alone a component whose status is not the one
	// this reconciler last wrote (a person set it by hand). A status that
	// Cachet already shows when it is the decided one counts as written,
	// so a write that went through although its answer was lost is not
	// mistaken for a person's change.
	RespectManual bool
	// RespectSchedules leaves alone the components inside a Cachet
	// schedule that is in progress.
	RespectSchedules bool
	// Incidents switches on the incident lifecycle.
	Incidents IncidentOptions
	// Metrics posts each target's latency to its MetricID.
	Metrics bool
	// DryRun plans without writing anything to Cachet.
	DryRun bool
	// WriteConcurrency bounds the writes in flight at once; zero or
	// negative means [DefaultWriteConcurrency].
	WriteConcurrency int
}

// component is the working record of one component during a run.
type component struct {
	id          int
	targets     []int // indexes of the targets feeding it
	worst       evaluate.Decision
	current     evaluate.Status
	known       bool // current was read from Cachet
	change      evaluate.Change
	action      Action
	err         error
	held        string // why hysteresis held the decision back
	incidentErr error
}

// observations is what the read phase gathered.
type observations struct {
	components  map[int]cachet.Component
	readErr     error
	maintenance map[int]bool
	results     []probe.Result
	counts      map[string]int
	countsErr   error
}

// Run performs one cycle: it reads the components from Cachet (all pages,
// and the schedules when RespectSchedules), probes every target and fetches
// the report counts, all at once; evaluates each target at now; takes the
// worst decision per component; applies hysteresis; plans; and writes only
// the components whose status changes, WriteConcurrency at a time, each
// write independent of the others. Then, unless DryRun, it runs the
// incident lifecycle and posts the latency metrics.
//
// When ctx has a deadline, probing stops early enough to leave time for
// the writes: a quarter of the time left, at most 10s.
//
// state is not modified; the returned State replaces it (in a dry run it
// still records the hysteresis step, so discard it to leave no trace).
// Failures while reading or writing Cachet are in the [Report], see
// [Report.Failed]. The error is only for arguments Run cannot use (it
// wraps [ErrInvalid]); the Report and State are then zero.
func (r *Reconciler) Run(ctx context.Context, targets []Target, state State, now time.Time) (Report, State, error) {
	policy, err := r.check(targets)
	if err != nil {
		return Report{}, State{}, err
	}
	comps, byID := group(targets)
	obs := r.observe(ctx, targets, comps, now)

	decisions := make([]evaluate.Decision, len(targets))
	for i, t := range targets {
		reports, known := 0, false
		switch {
		case t.Reports != nil:
			reports, known = *t.Reports, true
		case r.Reports != nil && obs.countsErr == nil:
			reports, known = obs.counts[t.Name], true
		}
		decisions[i] = evaluate.Evaluate(policy, InputFromResult(obs.results[i], reports, known, now))
	}
	next := state.clone()
	r.plan(comps, byID, decisions, obs, next)
	if obs.readErr == nil && !r.DryRun {
		r.write(ctx, comps, next)
		if r.Incidents.Enabled {
			r.syncIncidents(ctx, comps, obs, next)
		}
	}
	report := Report{ReadErr: obs.readErr, ReportsErr: obs.countsErr, Outcomes: make([]Outcome, len(targets))}
	for i, t := range targets {
		c := byID[t.ComponentID]
		o := Outcome{
			Target:       t.Name,
			ComponentID:  t.ComponentID,
			Current:      c.current,
			CurrentKnown: c.known,
			Decided:      c.change.To,
			Decision:     decisions[i],
			Reason:       decisions[i].Reason(),
			Action:       c.action,
			Err:          c.err,
			IncidentErr:  c.incidentErr,
		}
		if res := obs.results[i]; res.Kind == probe.FailureLocal && o.Err == nil {
			// Ours, not the target's: the run fails and says why.
			o.Err = fmt.Errorf("reconcile: probe failed locally (ours, not the target's), status left as is: %w", res.Err)
		}
		if n := len(c.targets); n > 1 {
			o.Reason += fmt.Sprintf("; worst of %d targets decides", n)
		}
		if c.held != "" {
			o.Reason += "; " + c.held
		}
		report.Outcomes[i] = o
	}
	if obs.readErr == nil && !r.DryRun && r.Metrics {
		r.postMetrics(ctx, targets, obs.results, report.Outcomes)
	}
	return report, next, nil
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

// group returns the components in order of first appearance, and by id.
func group(targets []Target) ([]*component, map[int]*component) {
	var comps []*component
	byID := map[int]*component{}
	for i, t := range targets {
		c := byID[t.ComponentID]
		if c == nil {
			c = &component{id: t.ComponentID}
			byID[t.ComponentID] = c
			comps = append(comps, c)
		}
		c.targets = append(c.targets, i)
	}
	return comps, byID
}

// observe reads Cachet, probes every target and fetches report counts, all
// at once.
func (r *Reconciler) observe(ctx context.Context, targets []Target, comps []*component, now time.Time) observations {
	var obs observations
	probeCtx, cancel := probeContext(ctx)
	defer cancel()
	var wg sync.WaitGroup
	wg.Go(func() {
		obs.components, obs.readErr = readComponents(ctx, r.Client)
	})
	var maintErr error
	if r.RespectSchedules {
		ids := make([]int, len(comps))
		for i, c := range comps {
			ids[i] = c.id
		}
		wg.Go(func() {
			obs.maintenance, maintErr = underMaintenance(ctx, r.Client, ids, now)
		})
	}
	if r.Reports != nil {
		wg.Go(func() {
			obs.counts, obs.countsErr = r.Reports.Counts(probeCtx, now)
			if obs.countsErr != nil {
				obs.countsErr = fmt.Errorf("reconcile: report counts: %w", obs.countsErr)
			}
		})
	}
	pts := make([]probe.Target, len(targets))
	for i, t := range targets {
		pts[i] = probe.Target{Name: t.Name, Prober: t.Prober}
	}
	obs.results = r.Runner.Run(probeCtx, pts)
	wg.Wait()
	if obs.readErr == nil && maintErr != nil {
		obs.readErr = maintErr
	}
	return obs
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

// readComponents lists every component (all pages) by id.
func readComponents(ctx context.Context, client *cachet.Client) (map[int]cachet.Component, error) {
	components := map[int]cachet.Component{}
	opts := &cachet.ListComponentsOptions{ListOptions: cachet.ListOptions{PerPage: componentsPerPage}}
	for comp, err := range client.Components.All(ctx, opts) {
		if err != nil {
			return nil, fmt.Errorf("%w: reading components: %w", ErrNotRead, err)
		}
		components[comp.ID] = comp
	}
	return components, nil
}

// plan aggregates the decisions per component, applies hysteresis (updating
// next) and plans the writes.
func (r *Reconciler) plan(comps []*component, byID map[int]*component, decisions []evaluate.Decision, obs observations, next State) {
	var planned []evaluate.Observation
	for _, c := range comps {
		ds := make([]evaluate.Decision, len(c.targets))
		for j, i := range c.targets {
			ds[j] = decisions[i]
		}
		c.worst = evaluate.WorstOf(ds...)
		comp, found := obs.components[c.id]
		switch {
		case obs.readErr != nil:
			c.change = evaluate.Change{ComponentID: c.id, To: c.worst.Status}
			c.action, c.err = ActionFailed, obs.readErr
			continue // nothing can be written, so hysteresis does not advance
		case !found:
			c.change = evaluate.Change{ComponentID: c.id, To: c.worst.Status}
			c.action, c.err = ActionFailed, fmt.Errorf("%w: component %d does not exist in cachet (or is hidden from this token)", ErrNoComponent, c.id)
			continue
		}
		c.current, c.known = evaluate.Status(comp.Status), true
		cs := next.Components[c.id]
		if cs.Hysteresis.Reported == evaluate.StatusUnknown {
			// Apply hysteresis from the first run: start from what Cachet shows.
			cs.Hysteresis = evaluate.State{Reported: c.current}
		}
		status := c.worst.Status
		if status != evaluate.StatusUnknown { // nothing judged (a local failure): hysteresis holds still
			cs.Hysteresis, status = r.Hysteresis.Step(cs.Hysteresis, status)
		}
		next.Components[c.id] = cs
		if status != c.worst.Status {
			c.held = fmt.Sprintf("hysteresis holds %s (%s seen %d time(s) in a row)", status, cs.Hysteresis.Pending, cs.Hysteresis.Count)
		}
		if status == evaluate.StatusUnknown {
			status = c.current // nothing could be judged: leave it
		}
		ob := evaluate.Observation{ComponentID: c.id, Current: c.current, Decided: status}
		if cs.LastWritten != evaluate.StatusUnknown {
			ob.LastWritten, ob.LastWrittenKnown = cs.LastWritten, true
		}
		planned = append(planned, ob)
	}
	opts := evaluate.PlanOptions{Maintenance: obs.maintenance, RespectManual: r.RespectManual}
	for _, ch := range evaluate.Plan(planned, opts) {
		c := byID[ch.ComponentID]
		c.change = ch
		switch ch.Action {
		case evaluate.ActionUpdate:
			c.action = ActionUpdated // until the write says otherwise
			if r.DryRun {
				c.action = ActionDryRun
			}
		case evaluate.ActionUnchanged:
			c.action = ActionUnchanged
		case evaluate.ActionSkipMaintenance:
			c.action = ActionSkippedMaintenance
		case evaluate.ActionSkipManual:
			c.action = ActionSkippedManual
		default:
			c.action = ActionSkippedInvalid
		}
	}
}

// write sends the planned status changes, a few at a time; one failure
// does not stop the others. It records in next what was written, and for
// unchanged components the status Cachet already shows.
func (r *Reconciler) write(ctx context.Context, comps []*component, next State) {
	var wg sync.WaitGroup
	sem := make(chan struct{}, r.writeConcurrency())
	for _, c := range comps {
		if c.action != ActionUpdated {
			continue
		}
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			status := cachet.ComponentStatus(c.change.To)
			if _, err := r.Client.Components.Update(ctx, c.id, cachet.UpdateComponentRequest{Status: &status}); err != nil {
				c.action, c.err = ActionFailed, fmt.Errorf("reconcile: updating component %d: %w", c.id, err)
			}
		})
	}
	wg.Wait()
	for _, c := range comps {
		if c.action == ActionUpdated || c.action == ActionUnchanged {
			next.update(c.id, func(cs *ComponentState) { cs.LastWritten = c.change.To })
		}
	}
}

func (r *Reconciler) writeConcurrency() int {
	if r.WriteConcurrency > 0 {
		return r.WriteConcurrency
	}
	return DefaultWriteConcurrency
}
