package main

import (
	"maps"
	"time"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/evaluate"
)

// Memory is what one [Reconciler.Run] remembers for the next, per Cachet
// component; the -state file holds it. It is a plain JSON value: keep it in
// a file or a database between runs. The zero Memory is a valid start.
// (It is called Memory, not State, because "state" in this module is one
// thing: [evaluate.State], the hysteresis streak it holds per component.)
type Memory struct {
	Components map[int]ComponentMemory `json:"components"`
}

// ComponentMemory is the [Memory] kept for one component.
type ComponentMemory struct {
	// Hysteresis counts consecutive evaluations between runs.
	Hysteresis evaluate.State `json:"hysteresis"`
	// LastWritten is the status the reconciler last wrote to Cachet, or
	// found there as decided (ComponentStatusUnknown: none yet); it tells a
	// person's manual change apart from ours (see
	// [Reconciler.RespectManual]).
	LastWritten cachet.ComponentStatus `json:"last_written,omitempty"`
	// IncidentID is the open incident the reconciler keeps for the
	// component, 0 when none. Like everything here it is a hint: each run
	// reads this module's open incidents from Cachet and drops an id that
	// Cachet shows resolved or deleted.
	IncidentID int `json:"incident_id,omitempty"`
	// IncidentStatus is the component status the incident last reported.
	IncidentStatus cachet.ComponentStatus `json:"incident_status,omitempty"`
	// IncidentCreatedAt is the incident's creation time by Cachet's clock;
	// it tells an incident deleted during the current outage from one of
	// an earlier outage.
	IncidentCreatedAt time.Time `json:"incident_created_at,omitzero"`
	// PersonClosed is the start (component updated_at) of the outage
	// during which a person closed this module's incident; none is
	// reopened until that outage ends.
	PersonClosed time.Time `json:"person_closed,omitzero"`
}

// clone returns a copy of s that can be changed without changing s.
func (s Memory) clone() Memory {
	c := Memory{Components: maps.Clone(s.Components)}
	if c.Components == nil {
		c.Components = map[int]ComponentMemory{}
	}
	return c
}

// hint is the incident part of cs for [evaluate.PlanIncident].
func (cs ComponentMemory) hint() evaluate.IncidentHint {
	return evaluate.IncidentHint{ID: cs.IncidentID, Reported: cs.IncidentStatus, CreatedAt: cs.IncidentCreatedAt, PersonClosed: cs.PersonClosed}
}

// setHint stores h as the incident part of cs.
func (cs *ComponentMemory) setHint(h evaluate.IncidentHint) {
	cs.IncidentID, cs.IncidentStatus, cs.IncidentCreatedAt, cs.PersonClosed = h.ID, h.Reported, h.CreatedAt, h.PersonClosed
}

// update applies f to the entry for component id.
func (s Memory) update(id int, f func(*ComponentMemory)) {
	c := s.Components[id]
	f(&c)
	s.Components[id] = c
}
