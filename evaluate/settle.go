package evaluate

import (
	"github.com/proxer/cachetstatus/cachet"
)

// Settled is one component's status for a run: the worst decision of the
// targets feeding it, after hysteresis.
type Settled struct {
	// Worst is the worst of the targets' decisions (see [WorstOf]).
	Worst Decision
	// Status is the status to plan with: Worst.Status, the status that
	// hysteresis still holds, or the current status when nothing could be
	// judged (every decision unknown).
	Status cachet.ComponentStatus
	// State is the hysteresis state to keep for the next run.
	State State
	// Held says that hysteresis held Worst.Status back.
	Held bool
}

// Settle aggregates a component's decisions with [WorstOf] and applies h,
// starting from st. A zero st (nothing remembered) starts from current, the
// status the component shows now, so that hysteresis applies from the
// first run. When nothing could be judged (every decision unknown), st is
// kept as it is and the status stays current.
func (h Hysteresis) Settle(st State, current cachet.ComponentStatus, ds ...Decision) Settled {
	worst := WorstOf(ds...)
	if worst.Status == cachet.ComponentStatusUnknown { // nothing judged (no data, a local failure): hysteresis holds still
		return Settled{Worst: worst, Status: current, State: st}
	}
	if st.Reported == cachet.ComponentStatusUnknown {
		st = State{Reported: current}
	}
	next, status := h.Step(st, worst.Status)
	return Settled{Worst: worst, Status: status, State: next, Held: status != worst.Status}
}
