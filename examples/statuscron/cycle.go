package main

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/evaluate"
	"github.com/proxer/cachetstatus/examples/internal/incidents"
	"github.com/proxer/cachetstatus/probe"
)

// This file is one status cycle, top to bottom: read Cachet and probe at
// once, evaluate, settle each component (worst of its targets, then
// hysteresis), plan and write the status changes, converge the incidents
// with what Cachet holds, post the latency metrics. The rules live in
// package evaluate, the Cachet reads in package cachet; the types and the
// small helpers are in cycle_helpers.go.

// Run performs one cycle at now from state (which it does not modify) and
// returns the report and the next state. Failures reading or writing Cachet
// are in the [Report]; the error only wraps [ErrInvalid].
func (r *Reconciler) Run(ctx context.Context, targets []Target, state Memory, now time.Time) (Report, Memory, error) {
	policy, err := r.check(targets)
	if err != nil {
		return Report{}, Memory{}, err
	}
	var comps []*component
	byID := map[int]*component{}
	for i, t := range targets {
		if byID[t.ComponentID] == nil {
			byID[t.ComponentID] = &component{id: t.ComponentID}
			comps = append(comps, byID[t.ComponentID])
		}
		byID[t.ComponentID].targets = append(byID[t.ComponentID].targets, i)
	}

	// 1. Read Cachet, probe and fetch report counts, all at once.
	var cachetComps map[int]cachet.Component
	var maintenance []cachet.Schedule
	var counts map[string]int
	var readErr, maintErr, countsErr error
	probeCtx, cancel := probeContext(ctx)
	defer cancel()
	var wg sync.WaitGroup
	wg.Go(func() { cachetComps, readErr = r.Client.Components.ByID(ctx) })
	if r.RespectSchedules {
		wg.Go(func() { maintenance, maintErr = r.Client.Schedules.InProgress(ctx, now) })
	}
	if r.Reports != nil {
		wg.Go(func() { counts, countsErr = r.Reports.Counts(probeCtx, now) })
	}
	pts := make([]probe.Target, len(targets))
	for i, t := range targets {
		pts[i] = probe.Target{Name: t.Name, Prober: t.Prober}
	}
	results := r.Runner.Run(probeCtx, pts)
	wg.Wait()
	switch {
	case readErr != nil:
		readErr = fmt.Errorf("%w: reading components: %w", ErrNotRead, readErr)
	case maintErr != nil:
		readErr = fmt.Errorf("%w: reading schedules: %w", ErrNotRead, maintErr)
	}
	if countsErr != nil {
		countsErr = fmt.Errorf("statuscron: report counts: %w", countsErr)
	}

	// 2. Evaluate every target, settle every component, plan the writes.
	decisions := make([]evaluate.Decision, len(targets))
	for i, t := range targets {
		reports, known := 0, false
		switch {
		case t.Reports != nil:
			reports, known = *t.Reports, true
		case r.Reports != nil && countsErr == nil:
			reports, known = counts[t.Name], true
		}
		decisions[i] = evaluate.Evaluate(policy, InputFromResult(results[i], reports, known, now))
	}
	next := state.clone()
	var observations []evaluate.Observation
	for _, c := range comps {
		ds := make([]evaluate.Decision, len(c.targets))
		for j, i := range c.targets {
			ds[j] = decisions[i]
		}
		ds, c.across = acrossLocations(targets, c.targets, ds)
		c.inputs = len(ds)
		c.settled.Worst = evaluate.WorstOf(ds...)
		c.change = evaluate.Change{ComponentID: c.id, To: c.settled.Worst.Status}
		c.cachet, c.known = cachetComps[c.id]
		switch {
		case readErr != nil:
			c.action, c.err = evaluate.ActionFailed, readErr
			continue // nothing can be written, so hysteresis does not advance
		case !c.known:
			c.action, c.err = evaluate.ActionFailed, fmt.Errorf("%w: component %d does not exist in cachet (or is hidden from this token)", ErrNoComponent, c.id)
			continue
		}
		current, cs := c.cachet.Status, next.Components[c.id]
		c.settled = r.Hysteresis.Settle(cs.Hysteresis, current, ds...)
		cs.Hysteresis = c.settled.State
		next.Components[c.id] = cs
		ob := evaluate.Observation{ComponentID: c.id, Current: current, Decided: c.settled.Status}
		ob.LastWritten, ob.LastWrittenKnown = cs.LastWritten, cs.LastWritten != cachet.ComponentStatusUnknown
		observations = append(observations, ob)
	}
	opts := evaluate.PlanOptions{Maintenance: map[int]bool{}, RespectManual: r.RespectManual}
	for _, s := range maintenance {
		for _, sc := range s.Components {
			opts.Maintenance[sc.ComponentID] = true
		}
		for _, c := range comps {
			opts.Maintenance[c.id] = opts.Maintenance[c.id] || len(s.Components) == 0 // none linked: all
		}
	}
	for _, ch := range evaluate.Plan(observations, opts) {
		c := byID[ch.ComponentID]
		c.change, c.action = ch, actionOf(ch.Action, r.DryRun)
	}

	// 3. Write the status changes, then converge the incidents.
	if readErr == nil && !r.DryRun {
		r.forEach(comps, func(c *component) bool { return c.action == evaluate.ActionUpdate }, func(c *component) {
			req := cachet.UpdateComponentRequest{Status: cachet.Ptr(c.change.To)}
			if r.Silent {
				req.Silent = cachet.Ptr(true)
			}
			if _, err := r.Client.Components.Update(ctx, c.id, req); err != nil {
				c.action, c.err = evaluate.ActionFailed, fmt.Errorf("statuscron: updating component %d: %w", c.id, err)
			}
		})
		for _, c := range comps {
			if c.action == evaluate.ActionUpdate || c.action == evaluate.ActionUnchanged {
				next.update(c.id, func(cs *ComponentMemory) { cs.LastWritten = c.change.To })
			}
		}
		if r.Incidents.Enabled {
			r.convergeIncidents(ctx, comps, next)
		}
	}

	// 4. Report, and post the latency metrics.
	report := Report{ReadErr: readErr, ReportsErr: countsErr, Counts: counts, Outcomes: make([]Outcome, len(targets))}
	for i, t := range targets {
		c := byID[t.ComponentID]
		o := Outcome{Target: t.Name, ComponentID: t.ComponentID, Current: c.cachet.Status, CurrentKnown: c.known && readErr == nil,
			Decided: c.change.To, Decision: decisions[i], Result: results[i], Reason: decisions[i].Reason(), Action: c.action, Err: c.err,
			Incident: strings.Join(c.incidentDone, ", "), IncidentErr: c.incidentErr}
		if res := results[i]; res.Kind == probe.FailureLocal && o.Err == nil {
			// Ours, not the target's: the run fails and says why.
			o.Err = fmt.Errorf("statuscron: probe failed locally (ours, not the target's), status left as is: %w", res.Err)
		}
		if results[i].Kind == probe.FailureNoData && results[i].Err != nil {
			o.Reason += "; " + results[i].Err.Error()
		}
		if d, ok := c.across[t.Check]; ok {
			o.Reason += "; across locations: " + d.Reason()
		}
		if n := c.inputs; n > 1 {
			o.Reason += fmt.Sprintf("; worst of %d targets decides", n)
		}
		if c.settled.Held {
			st := c.settled.State
			o.Reason += fmt.Sprintf("; hysteresis holds %s (%s seen %d time(s) in a row)", c.settled.Status, st.Pending, st.Count)
		}
		if c.incidentNote != "" {
			o.Reason += "; " + c.incidentNote
		}
		report.Outcomes[i] = o
	}
	if readErr == nil && !r.DryRun && r.Metrics {
		r.postMetrics(ctx, targets, results, report.Outcomes)
	}
	return report, next, nil
}

// convergeIncidents reads this module's incidents (a fixed number of
// requests: three for the unresolved ones, one for the newest resolved
// ones), plans each component whose status Cachet now shows as decided,
// and writes the plan, recording the hints in next.
func (r *Reconciler) convergeIncidents(ctx context.Context, comps []*component, next Memory) {
	all, err := incidents.Read(ctx, r.Client)
	w := incidents.Writer{Client: r.Client, Hidden: r.Incidents.Hidden, Notify: r.Incidents.Notify, Words: r.Incidents.Words}
	for _, c := range comps {
		if c.action != evaluate.ActionUpdate && c.action != evaluate.ActionUnchanged {
			continue // failed, skipped or dry-run: Cachet's status is not ours
		}
		if err != nil {
			c.incidentErr = fmt.Errorf("statuscron: reading incidents: %w", err)
			continue
		}
		cs := next.Components[c.id]
		subject := evaluate.IncidentSubject{ComponentID: c.id, Status: c.change.To, Previous: c.change.From, Hint: cs.hint()}
		if c.action == evaluate.ActionUnchanged {
			subject.OutageSince = c.cachet.UpdatedAt
		}
		plan := evaluate.PlanIncident(subject, incidents.Convert(all, c.id, w.Name(c.cachet)))
		if plan.HeldByPerson {
			c.incidentNote = "a person closed this outage's incident; not reopened until the component recovers"
		}
		for _, a := range plan.Actions {
			done, err := w.Write(ctx, c.cachet, a, &plan.Next)
			if err != nil && c.incidentErr == nil {
				c.incidentErr = fmt.Errorf("statuscron: %w", err)
			}
			if done != "" {
				c.incidentDone = append(c.incidentDone, done)
			}
		}
		cs.setHint(plan.Next)
		next.Components[c.id] = cs
	}
}
