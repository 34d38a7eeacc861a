package evaluate

import (
	"math"

	"github.com/proxer/cachetstatus/cachet"
)

// Hysteresis damps flapping between runs of a stateless job: a worse status
// is reported only after Rise consecutive evaluations worse than the
// reported one, a better status only after Fall consecutive better ones.
// Values of 1 or less (the zero value, as in the seed) mean immediate.
//
// The job loads the component's [State], calls [Hysteresis.Step] with the
// evaluated status, writes the returned status and stores the new State.
type Hysteresis struct {
	// Rise is the number of consecutive worse evaluations before a worse
	// status is reported.
	Rise int `json:"rise"`
	// Fall is the number of consecutive better evaluations before a better
	// status is reported.
	Fall int `json:"fall"`
}

// State is what [Hysteresis] remembers about one component between runs. It
// serialises to small JSON such as
// {"reported":1,"pending":3,"count":2} (statuses as Cachet's numbers; the
// names "operational", "partial_outage" are read too).
// The zero State (reported unknown) adopts the first evaluation at once;
// start from the component's current status to apply hysteresis from the
// first run.
type State struct {
	// Reported is the status last reported.
	Reported cachet.ComponentStatus `json:"reported"`
	// Pending is the candidate status of the current streak.
	Pending cachet.ComponentStatus `json:"pending,omitempty"`
	// Count is the length of the current streak of evaluations on the same
	// side (worse, or better) of Reported; 0 when there is none.
	Count int `json:"count,omitempty"`
}

// Step records one evaluated status and returns the new state and the
// status to report.
//
// Evaluations equal to the reported status end a streak. A streak of worse
// evaluations degrades to the least severe status of the streak, and a
// streak of better ones recovers to the most severe of it, so the reported
// status is always one that an evaluation produced and has held for the
// whole streak. Unknown ranks lowest (see [cachet.ComponentStatus.Worse]), so unknown
// evaluations count as better.
func (h Hysteresis) Step(s State, decided cachet.ComponentStatus) (State, cachet.ComponentStatus) {
	if decided == s.Reported || s.Reported == cachet.ComponentStatusUnknown {
		return State{Reported: decided}, decided
	}
	degrading := decided.Worse(s.Reported)
	need := h.Fall
	if degrading {
		need = h.Rise
	}
	candidate, count := decided, 1
	if s.Count > 0 && s.Pending != s.Reported && s.Pending.Worse(s.Reported) == degrading {
		count = s.Count
		if count < math.MaxInt {
			count++
		}
		if degrading {
			candidate = mildest(s.Pending, decided)
		} else {
			candidate = worse(s.Pending, decided)
		}
	}
	if count >= need {
		return State{Reported: candidate}, candidate
	}
	return State{Reported: s.Reported, Pending: candidate, Count: count}, s.Reported
}

// mildest returns the less severe of s and t, s on a tie.
func mildest(s, t cachet.ComponentStatus) cachet.ComponentStatus {
	if s.Worse(t) {
		return t
	}
	return s
}
