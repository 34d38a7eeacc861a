package main

import (
	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/evaluate"
	"github.com/proxer/cachetstatus/probe"
)

// Report is what one [Reconciler.Run] did.
type Report struct {
	// Outcomes holds one entry per target, in the order of the targets.
	Outcomes []Outcome
	// ReadErr is why Cachet's components (or, with RespectSchedules, its
	// schedules) could not be read; nothing was written then. It wraps
	// [ErrNotRead].
	ReadErr error
	// ReportsErr is why the report source failed. The run went on with
	// the counts unknown, so this alone does not make the run fail.
	ReportsErr error
	// Counts is the report source's answer, nil without one.
	Counts map[string]int
}

// Outcome is what the run decided and did for one target.
type Outcome struct {
	// Target is the target's name; ComponentID the component it feeds.
	Target      string
	ComponentID int
	// Current is the component's status in Cachet before the run;
	// CurrentKnown is false when it could not be read.
	Current      cachet.ComponentStatus
	CurrentKnown bool
	// Decided is the status decided for the component: the worst decision
	// of the targets feeding it, after hysteresis. An unknown decision
	// keeps the current status.
	Decided cachet.ComponentStatus
	// Decision is this target's own evaluation.
	Decision evaluate.Decision
	// Result is this target's probe: its error (see probe.Result.Cause for
	// the words), status code, latency, phases and certificate expiry.
	Result probe.Result
	// Reason is the decision's reason in words, with notes when several
	// targets share the component or hysteresis held a change back.
	Reason string
	// Action is what the run did about the component (shared by every
	// target feeding it).
	Action evaluate.Action
	// Err says why Action is evaluate.ActionFailed.
	Err error
	// Incident says what the run did to the incident of the target's
	// component ("opened #4", "updated #4", "resolved #4", joined by ", "
	// when several); empty when nothing was written.
	Incident string
	// IncidentErr is a failed step of the incident lifecycle of the
	// target's component (see [IncidentOptions]).
	IncidentErr error
	// MetricPosted reports whether the target's latency was posted to its
	// metric; MetricErr is why a post failed.
	MetricPosted bool
	MetricErr    error
}

// Failed reports whether the run fell short: Cachet could not be read, or
// a status write, an incident step or a metric post failed. Writes that
// did not fail went through all the same.
func (r Report) Failed() bool {
	if r.ReadErr != nil {
		return true
	}
	for _, o := range r.Outcomes {
		if o.Action == evaluate.ActionFailed || o.Err != nil || o.IncidentErr != nil || o.MetricErr != nil {
			return true
		}
	}
	return false
}
