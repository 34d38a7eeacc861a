package evaluate

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"

	"github.com/proxer/cachetstatus/cachet"
)

// Observation is what the job knows about one component before writing.
type Observation struct {
	// ComponentID is the Cachet component's id.
	ComponentID int
	// Current is the status Cachet shows now.
	Current cachet.ComponentStatus
	// Decided is the status this system wants (after hysteresis and
	// aggregation).
	Decided cachet.ComponentStatus
	// LastWritten is the status this system wrote last time; it only
	// counts when LastWrittenKnown is true.
	LastWritten cachet.ComponentStatus
	// LastWrittenKnown says whether LastWritten holds a status.
	LastWrittenKnown bool
}

// PlanOptions tunes [Plan].
type PlanOptions struct {
	// Maintenance holds the ids of components under maintenance; they are
	// left alone.
	Maintenance map[int]bool
	// RespectManual leaves alone a component whose current status differs
	// from what this system last wrote, because a person set it by hand.
	RespectManual bool
}

// Action is what is done about one component: what [Plan] decides
// (ActionUpdate to ActionSkipInvalid) and what a caller that acts on the
// plan reports (ActionDryRun, ActionFailed; Plan never returns these). Its
// text is the word printed for people ("updated", "dry-run", ...).
type Action uint8

// The actions. Only ActionUpdate means "write To to Cachet".
const (
	ActionUpdate          Action = iota // write the decided status: "updated"
	ActionUnchanged                     // Cachet already shows the decided status: "unchanged"
	ActionSkipMaintenance               // the component is under maintenance: "skipped-maintenance"
	ActionSkipManual                    // a person changed the status by hand: "skipped-manual"
	ActionSkipInvalid                   // the decided status is not a valid Cachet status: "skipped-invalid"
	ActionDryRun                        // a write was needed and a dry run left it out: "dry-run"
	ActionFailed                        // reading Cachet or the write failed: "failed"
)

var actionNames = [...]string{"updated", "unchanged", "skipped-maintenance", "skipped-manual", "skipped-invalid", "dry-run", "failed"}

// String returns the word for a ("updated", "unchanged",
// "skipped-maintenance", "skipped-manual", "skipped-invalid", "dry-run",
// "failed"), or "Action(n)" for an unknown value.
func (a Action) String() string {
	if a.Valid() {
		return actionNames[a]
	}
	return "Action(" + strconv.Itoa(int(a)) + ")"
}

// Valid reports whether a is one of the defined actions.
func (a Action) Valid() bool { return int(a) < len(actionNames) }

// MarshalText returns the word given by [Action.String]; an invalid action
// is an error.
func (a Action) MarshalText() ([]byte, error) {
	if !a.Valid() {
		return nil, fmt.Errorf("evaluate: cannot marshal invalid action %d", uint8(a))
	}
	return []byte(actionNames[a]), nil
}

// UnmarshalText accepts the words given by [Action.String].
func (a *Action) UnmarshalText(text []byte) error {
	i := slices.Index(actionNames[:], string(text))
	if i < 0 {
		return fmt.Errorf("evaluate: unknown action %q", text)
	}
	*a = Action(i)
	return nil
}

// Change is the plan for one component: From is its current status, To the
// decided one, and Action whether To is to be written.
type Change struct {
	ComponentID int
	From, To    cachet.ComponentStatus
	Action      Action
}

// Plan returns one Change per observation, ordered by ComponentID (stable:
// observations with the same id keep their order). The checks run in this
// order: maintenance, then unchanged (Current == Decided), then an invalid
// decided status, then, with RespectManual, a known LastWritten different
// from Current; anything else is ActionUpdate. Plan does not modify obs.
func Plan(obs []Observation, opts PlanOptions) []Change {
	changes := make([]Change, len(obs))
	for i, o := range obs {
		c := Change{ComponentID: o.ComponentID, From: o.Current, To: o.Decided}
		switch {
		case len(opts.Maintenance) > 0 && opts.Maintenance[o.ComponentID]:
			c.Action = ActionSkipMaintenance
		case o.Decided == o.Current:
			c.Action = ActionUnchanged
		case !o.Decided.Valid():
			c.Action = ActionSkipInvalid
		case opts.RespectManual && o.LastWrittenKnown && o.LastWritten != o.Current:
			c.Action = ActionSkipManual
		default:
			c.Action = ActionUpdate
		}
		changes[i] = c
	}
	slices.SortStableFunc(changes, func(a, b Change) int { return cmp.Compare(a.ComponentID, b.ComponentID) })
	return changes
}
