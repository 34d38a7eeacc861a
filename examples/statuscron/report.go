package main

import "github.com/proxer/cachetstatus/evaluate"

// Action is what a run did about one target's component. Its value is the
// word printed for people ("updated", "dry-run", ...).
type Action string

// The actions. Only ActionUpdated writes the component's status.
const (
	ActionUpdated            Action = "updated"             // the decided status was written
	ActionUnchanged          Action = "unchanged"           // Cachet already shows the decided status
	ActionDryRun             Action = "dry-run"             // a write was needed; DryRun skipped it
	ActionSkippedMaintenance Action = "skipped-maintenance" // inside an in-progress Cachet schedule
	ActionSkippedManual      Action = "skipped-manual"      // a person changed the status by hand
	ActionSkippedInvalid     Action = "skipped-invalid"     // the decided status is not a valid Cachet status
	ActionFailed             Action = "failed"              // reading Cachet or the write failed; see Outcome.Err
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
}

// Outcome is what the run decided and did for one target.
type Outcome struct {
	// Target is the target's name; ComponentID the component it feeds.
	Target      string
	ComponentID int
	// Current is the component's status in Cachet before the run;
	// CurrentKnown is false when it could not be read.
	Current      evaluate.Status
	CurrentKnown bool
	// Decided is the status decided for the component: the worst decision
	// of the targets feeding it, after hysteresis. An unknown decision
	// keeps the current status.
	Decided evaluate.Status
	// Decision is this target's own evaluation.
	Decision evaluate.Decision
	// Reason is the decision's reason in words, with notes when several
	// targets share the component or hysteresis held a change back.
	Reason string
	// Action is what the run did about the component (shared by every
	// target feeding it).
	Action Action
	// Err says why Action is ActionFailed.
	Err error
	// IncidentErr is a failed step of the incident lifecycle of the
	// target's component (see [IncidentOptions]).
	IncidentErr error
	// MetricErr is a failed post of the target's latency metric.
	MetricErr error
}

// Failed reports whether the run fell short: Cachet could not be read, or
// a status write, an incident step or a metric post failed. Writes that
// did not fail went through all the same.
func (r Report) Failed() bool {
	if r.ReadErr != nil {
		return true
	}
	for _, o := range r.Outcomes {
		if o.Action == ActionFailed || o.Err != nil || o.IncidentErr != nil || o.MetricErr != nil {
			return true
		}
	}
	return false
}
