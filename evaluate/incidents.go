package evaluate

import (
	"slices"
	"strconv"
	"time"

	"github.com/proxer/cachetstatus/cachet"
)

// Incident is what Cachet shows of one incident linked to a component.
type Incident struct {
	ID          int
	ComponentID int
	// Ours says the incident carries this module's marker (or its name).
	// Incidents that are not ours are never touched.
	Ours bool
	// Resolved is Cachet's is_resolved.
	Resolved bool
	// CreatedAt is when Cachet created it, by Cachet's clock.
	CreatedAt time.Time
}

// IncidentHint is what a job remembers about a component's incident
// between runs. It only saves requests and words: [PlanIncident] takes
// its decisions from what Cachet shows and uses the hint where Cachet
// cannot tell (a deleted incident leaves no trace in the API).
type IncidentHint struct {
	// ID is the incident kept open for the component; 0 when none.
	ID int `json:"id,omitempty"`
	// Reported is the component status the incident last reported.
	Reported cachet.ComponentStatus `json:"reported,omitempty"`
	// CreatedAt is the incident's creation time, by Cachet's clock.
	CreatedAt time.Time `json:"created_at,omitzero"`
	// PersonClosed is the start of the outage during which a person
	// resolved or deleted this module's incident; none is opened again
	// until that outage ends.
	PersonClosed time.Time `json:"person_closed,omitzero"`
}

// IncidentSubject is one component whose status Cachet now shows as the
// decided one.
type IncidentSubject struct {
	ComponentID int
	// Status is the status Cachet shows after the run's status write.
	Status cachet.ComponentStatus
	// Previous is the status Cachet showed before the run.
	Previous cachet.ComponentStatus
	// OutageSince is when Cachet shows that Status was set (the
	// component's updated_at); zero when this run wrote it, which starts
	// a new outage.
	OutageSince time.Time
	// Hint is what the job remembers.
	Hint IncidentHint
}

// IncidentStep is one write of the incident lifecycle.
type IncidentStep uint8

// The steps.
const (
	IncidentOpen             IncidentStep = iota + 1 // open an incident (Investigating) for the component
	IncidentUpdate                                   // post an update: the component's status changed
	IncidentResolve                                  // post a Fixed update: the component is back
	IncidentResolveDuplicate                         // post a Fixed update to a second open incident of ours
)

var incidentStepNames = [...]string{"", "open", "update", "resolve", "resolve-duplicate"} // steps start at 1

// String returns "open", "update", "resolve" or "resolve-duplicate", or
// "IncidentStep(n)" for an unknown value.
func (s IncidentStep) String() string {
	if s != 0 && int(s) < len(incidentStepNames) {
		return incidentStepNames[s]
	}
	return "IncidentStep(" + strconv.Itoa(int(s)) + ")"
}

// IncidentAction is one write the plan asks for.
type IncidentAction struct {
	Step IncidentStep
	// IncidentID is the incident written to; 0 for IncidentOpen.
	IncidentID int
	// From and To are the component statuses an update reports.
	From, To cachet.ComponentStatus
}

// IncidentPlan is what to do about one component's incidents.
type IncidentPlan struct {
	ComponentID int
	Actions     []IncidentAction
	// Next is the hint to remember; after IncidentOpen the job fills in
	// the new incident's ID and CreatedAt.
	Next IncidentHint
	// PersonClosed is the incident a person resolved during this outage
	// (0 when none, or when it was deleted and only the hint knew it); it
	// is not reopened.
	PersonClosed int
	// HeldByPerson says no incident is opened because a person closed
	// this module's incident during this outage.
	HeldByPerson bool
}

// PlanIncident derives what Cachet should hold for component s — one open
// incident of ours while it is in major outage, kept open (with updates)
// while it stays degraded, none once it is operational — compares it with
// what Cachet holds (incs: this component's incidents, open and recently
// resolved) and returns the writes that converge:
//
//   - Two or more open incidents of ours: the newest (highest id) is
//     kept and the others are resolved as duplicates.
//   - Operational: every open incident of ours is resolved.
//   - Degraded with an open one: an update when the status differs from
//     what it last reported (the hint, or Previous when the hint is about
//     another incident).
//   - Major outage without an open one: a new incident, unless a person
//     closed ours during this outage ("people win"): an incident of ours
//     created at or after OutageSince is resolved in Cachet, or the hint
//     names one created then that Cachet no longer shows as open
//     (deleted), or the hint already says so for this OutageSince. A
//     status written in this run starts a new outage, which always gets
//     a new incident.
//   - A status of unknown changes nothing.
//
// Incidents that are not ours, or of another component, are ignored.
func PlanIncident(s IncidentSubject, incs []Incident) IncidentPlan {
	plan := IncidentPlan{ComponentID: s.ComponentID}
	if s.Status == cachet.ComponentStatusUnknown || !s.Status.Valid() {
		plan.Next = s.Hint
		return plan
	}
	var open []Incident
	for _, in := range incs {
		if in.Ours && in.ComponentID == s.ComponentID && !in.Resolved {
			open = append(open, in)
		}
	}
	// Newest first: the highest id is adopted, the rest are duplicates.
	slices.SortFunc(open, func(a, b Incident) int { return b.ID - a.ID })
	if s.Status == cachet.ComponentStatusOperational {
		for _, in := range open {
			plan.Actions = append(plan.Actions, IncidentAction{Step: IncidentResolve, IncidentID: in.ID, From: s.Previous, To: s.Status})
		}
		return plan
	}
	if len(open) > 0 {
		keep := open[0]
		for _, dup := range open[1:] {
			plan.Actions = append(plan.Actions, IncidentAction{Step: IncidentResolveDuplicate, IncidentID: dup.ID, From: s.Previous, To: s.Status})
		}
		reported := s.Previous
		if s.Hint.ID == keep.ID && s.Hint.Reported != cachet.ComponentStatusUnknown {
			reported = s.Hint.Reported
		}
		if reported != s.Status {
			plan.Actions = append(plan.Actions, IncidentAction{Step: IncidentUpdate, IncidentID: keep.ID, From: reported, To: s.Status})
		}
		plan.Next = IncidentHint{ID: keep.ID, Reported: s.Status, CreatedAt: keep.CreatedAt}
		return plan
	}
	if s.Status != cachet.ComponentStatusMajorOutage {
		return plan // degraded, nothing open: the lifecycle opens only on a major outage
	}
	if closed, held := personClosed(s, incs); held {
		plan.HeldByPerson, plan.PersonClosed = true, closed
		plan.Next = IncidentHint{PersonClosed: s.OutageSince}
		return plan
	}
	plan.Actions = []IncidentAction{{Step: IncidentOpen, From: s.Previous, To: s.Status}}
	plan.Next = IncidentHint{Reported: s.Status}
	return plan
}

// personClosed reports whether a person closed this module's incident for
// s during the outage that began at s.OutageSince, and which one when
// Cachet still shows it.
func personClosed(s IncidentSubject, incs []Incident) (int, bool) {
	since := s.OutageSince
	if since.IsZero() {
		return 0, false // this run started the outage
	}
	for _, in := range incs {
		if in.Ours && in.ComponentID == s.ComponentID && in.Resolved && !in.CreatedAt.Before(since) {
			return in.ID, true
		}
	}
	h := s.Hint
	switch {
	case h.PersonClosed.Equal(since):
		return 0, true
	case h.ID != 0 && !h.CreatedAt.IsZero() && !h.CreatedAt.Before(since):
		return 0, true // ours, opened in this outage, no longer open: resolved or deleted by a person
	}
	return 0, false
}
