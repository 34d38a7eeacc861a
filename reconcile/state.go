package reconcile

import (
	"maps"

	"github.com/proxer/cachetstatus/evaluate"
)

// State is what one [Reconciler.Run] remembers for the next, per Cachet
// component. It is a plain JSON value: keep it in a file or a database
// between runs. The zero State is a valid start.
type State struct {
	Components map[int]ComponentState `json:"components"`
}

// ComponentState is the memory kept for one component.
type ComponentState struct {
	// Hysteresis counts consecutive evaluations between runs.
	Hysteresis evaluate.State `json:"hysteresis"`
	// LastWritten is the status the reconciler last wrote to Cachet, or
	// found there as decided (StatusUnknown: none yet); it tells a
	// person's manual change apart from ours (see
	// [Reconciler.RespectManual]).
	LastWritten evaluate.Status `json:"last_written,omitempty"`
	// IncidentID is the open incident the reconciler opened for the
	// component, 0 when none.
	IncidentID int `json:"incident_id,omitempty"`
	// IncidentStatus is the component status the incident last reported.
	IncidentStatus evaluate.Status `json:"incident_status,omitempty"`
}

// clone returns a copy of s that can be changed without changing s.
func (s State) clone() State {
	c := State{Components: maps.Clone(s.Components)}
	if c.Components == nil {
		c.Components = map[int]ComponentState{}
	}
	return c
}

// update applies f to the entry for component id.
func (s State) update(id int, f func(*ComponentState)) {
	c := s.Components[id]
	f(&c)
	s.Components[id] = c
}
