package evaluate_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/evaluate"
)

// TestPlanIncidentEveryCombination runs every combination of decided
// status, previous status and what Cachet holds through PlanIncident. A
// previous status different from the decided one means this run wrote the
// status, which starts a new outage (OutageSince zero); the same status
// means the outage began at outageStart, as the component's updated_at
// shows.
func TestPlanIncidentEveryCombination(t *testing.T) {
	t.Parallel()
	const comp = 7
	outageStart := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	during, before := outageStart.Add(time.Minute), outageStart.Add(-time.Hour)
	ours := func(id int, resolved bool, created time.Time) evaluate.Incident {
		return evaluate.Incident{ID: id, ComponentID: comp, Ours: true, Resolved: resolved, CreatedAt: created}
	}
	open := func() []evaluate.IncidentAction {
		return []evaluate.IncidentAction{{Step: evaluate.IncidentOpen, From: 0, To: major}}
	}
	type expect func(decided, previous cachet.ComponentStatus, newOutage bool) (actions []evaluate.IncidentAction, held bool)
	// openOnlyOnMajor is what an empty Cachet (for us) asks for.
	openOnlyOnMajor := func(decided, previous cachet.ComponentStatus, _ bool) ([]evaluate.IncidentAction, bool) {
		if decided == major {
			a := open()
			a[0].From = previous
			return a, false
		}
		return nil, false
	}
	// heldDuringThisOutage: a person closed ours in this outage.
	heldDuringThisOutage := func(decided, previous cachet.ComponentStatus, newOutage bool) ([]evaluate.IncidentAction, bool) {
		if decided == major && !newOutage {
			return nil, true
		}
		return openOnlyOnMajor(decided, previous, newOutage)
	}
	// keepOpen: ours #10 is open.
	keepOpen := func(decided, previous cachet.ComponentStatus, _ bool) ([]evaluate.IncidentAction, bool) {
		switch {
		case decided == operational:
			return []evaluate.IncidentAction{{Step: evaluate.IncidentResolve, IncidentID: 10, From: previous, To: decided}}, false
		case previous != decided:
			return []evaluate.IncidentAction{{Step: evaluate.IncidentUpdate, IncidentID: 10, From: previous, To: decided}}, false
		}
		return nil, false
	}
	tests := []struct {
		holds  string
		incs   []evaluate.Incident
		hint   evaluate.IncidentHint
		expect expect
	}{
		{"none", nil, evaluate.IncidentHint{}, openOnlyOnMajor},
		{"our open one", []evaluate.Incident{ours(10, false, during)}, evaluate.IncidentHint{}, keepOpen},
		{"our open one, remembered", []evaluate.Incident{ours(10, false, during)}, evaluate.IncidentHint{ID: 10, Reported: major, CreatedAt: during},
			func(decided, previous cachet.ComponentStatus, newOutage bool) ([]evaluate.IncidentAction, bool) {
				// The hint says what the incident last reported: major.
				switch {
				case decided == operational:
					return []evaluate.IncidentAction{{Step: evaluate.IncidentResolve, IncidentID: 10, From: previous, To: decided}}, false
				case decided != major:
					return []evaluate.IncidentAction{{Step: evaluate.IncidentUpdate, IncidentID: 10, From: major, To: decided}}, false
				}
				return nil, false
			}},
		{"our resolved one from an earlier outage", []evaluate.Incident{ours(5, true, before)}, evaluate.IncidentHint{}, openOnlyOnMajor},
		{"our resolved one from an earlier outage, its id still in state", []evaluate.Incident{ours(5, true, before)},
			evaluate.IncidentHint{ID: 5, Reported: major, CreatedAt: before}, openOnlyOnMajor},
		{"our one, resolved by a person during this outage", []evaluate.Incident{ours(11, true, during)}, evaluate.IncidentHint{}, heldDuringThisOutage},
		{"a person's open one", []evaluate.Incident{{ID: 12, ComponentID: comp, CreatedAt: during}}, evaluate.IncidentHint{}, openOnlyOnMajor},
		{"ours open on another component", []evaluate.Incident{{ID: 14, ComponentID: comp + 1, Ours: true, CreatedAt: during}}, evaluate.IncidentHint{}, openOnlyOnMajor},
		{"two of ours open", []evaluate.Incident{ours(13, false, during), ours(10, false, during)}, evaluate.IncidentHint{},
			func(decided, previous cachet.ComponentStatus, newOutage bool) ([]evaluate.IncidentAction, bool) {
				if decided == operational {
					return []evaluate.IncidentAction{
						{Step: evaluate.IncidentResolve, IncidentID: 13, From: previous, To: decided},
						{Step: evaluate.IncidentResolve, IncidentID: 10, From: previous, To: decided},
					}, false
				}
				a := []evaluate.IncidentAction{{Step: evaluate.IncidentResolveDuplicate, IncidentID: 10, From: previous, To: decided}}
				if previous != decided {
					a = append(a, evaluate.IncidentAction{Step: evaluate.IncidentUpdate, IncidentID: 13, From: previous, To: decided})
				}
				return a, false
			}},
		{"a deleted id in state, opened during this outage", nil, evaluate.IncidentHint{ID: 99, Reported: major, CreatedAt: during}, heldDuringThisOutage},
		{"a deleted id in state, from an earlier outage", nil, evaluate.IncidentHint{ID: 99, Reported: major, CreatedAt: before}, openOnlyOnMajor},
		{"state says a person closed ours in this outage", nil, evaluate.IncidentHint{PersonClosed: outageStart}, heldDuringThisOutage},
		{"state says a person closed ours in an earlier outage", nil, evaluate.IncidentHint{PersonClosed: before}, openOnlyOnMajor},
	}
	statuses := []cachet.ComponentStatus{operational, performance, partial, major}
	for _, tt := range tests {
		for _, decided := range statuses {
			for _, previous := range statuses {
				newOutage := previous != decided
				t.Run(fmt.Sprintf("%s/%s after %s", tt.holds, decided, previous), func(t *testing.T) {
					t.Parallel()
					s := evaluate.IncidentSubject{ComponentID: comp, Status: decided, Previous: previous, Hint: tt.hint}
					if !newOutage {
						s.OutageSince = outageStart
					}
					wantActions, wantHeld := tt.expect(decided, previous, newOutage)
					plan := evaluate.PlanIncident(s, slices.Clone(tt.incs))
					assert.Equal(t, comp, plan.ComponentID)
					assert.Equal(t, wantActions, plan.Actions)
					assert.Equal(t, wantHeld, plan.HeldByPerson)
					switch {
					case wantHeld:
						assert.Equal(t, evaluate.IncidentHint{PersonClosed: outageStart}, plan.Next, "remember whom the outage belongs to")
					case decided == operational:
						assert.Zero(t, plan.Next, "nothing is remembered once the component is back")
					case len(wantActions) > 0 && wantActions[0].Step == evaluate.IncidentOpen:
						assert.Equal(t, evaluate.IncidentHint{Reported: major}, plan.Next, "the job fills in the new id")
					case plan.Next.ID != 0:
						assert.Equal(t, decided, plan.Next.Reported)
						assert.NotEqual(t, 99, plan.Next.ID, "an id Cachet does not show open is dropped")
					}
				})
			}
		}
	}
}

// TestPlanIncidentAdoptsTheNewest guards the adoption rule: of several open
// incidents of ours the newest (highest id) is kept, whatever the order
// Cachet lists them in (it sorts descending, so a rule taking "the last
// one seen" or "the lowest id" would keep the oldest).
func TestPlanIncidentAdoptsTheNewest(t *testing.T) {
	t.Parallel()
	created := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	asCachetLists := []evaluate.Incident{
		{ID: 31, ComponentID: 2, Ours: true, CreatedAt: created},
		{ID: 17, ComponentID: 2, Ours: true, CreatedAt: created},
		{ID: 4, ComponentID: 2, Ours: true, CreatedAt: created},
	}
	for _, order := range []string{"descending", "ascending"} {
		t.Run(order, func(t *testing.T) {
			t.Parallel()
			incs := slices.Clone(asCachetLists)
			if order == "ascending" {
				slices.Reverse(incs)
			}
			plan := evaluate.PlanIncident(evaluate.IncidentSubject{ComponentID: 2, Status: major, Previous: major, OutageSince: created}, incs)
			assert.Equal(t, 31, plan.Next.ID, "the newest is kept")
			assert.Equal(t, []evaluate.IncidentAction{
				{Step: evaluate.IncidentResolveDuplicate, IncidentID: 17, From: major, To: major},
				{Step: evaluate.IncidentResolveDuplicate, IncidentID: 4, From: major, To: major},
			}, plan.Actions)
		})
	}
}

func TestPlanIncidentUnknownStatusChangesNothing(t *testing.T) {
	t.Parallel()
	hint := evaluate.IncidentHint{ID: 3, Reported: major}
	plan := evaluate.PlanIncident(evaluate.IncidentSubject{ComponentID: 1, Status: unknown, Previous: major, Hint: hint},
		[]evaluate.Incident{{ID: 3, ComponentID: 1, Ours: true}})
	assert.Empty(t, plan.Actions)
	assert.Equal(t, hint, plan.Next)
}

func TestIncidentStepString(t *testing.T) {
	t.Parallel()
	for step, want := range map[evaluate.IncidentStep]string{
		evaluate.IncidentOpen: "open", evaluate.IncidentUpdate: "update", evaluate.IncidentResolve: "resolve",
		evaluate.IncidentResolveDuplicate: "resolve-duplicate", 0: "IncidentStep(0)",
	} {
		assert.Equal(t, want, step.String())
	}
}

func TestSettle(t *testing.T) {
	t.Parallel()
	p := evaluate.DefaultPolicy()
	ok := evaluate.Evaluate(&p, evaluate.Input{StatusCode: 200})
	down := evaluate.Evaluate(&p, evaluate.Input{StatusCode: 500})
	invalid := evaluate.Evaluate(&p, evaluate.Input{Failure: 99})
	tests := []struct {
		name    string
		h       evaluate.Hysteresis
		st      evaluate.State
		current cachet.ComponentStatus
		ds      []evaluate.Decision
		want    evaluate.Settled
	}{
		{"worst of the targets, at once", evaluate.Hysteresis{}, evaluate.State{}, operational, []evaluate.Decision{ok, down},
			evaluate.Settled{Worst: down, Status: major, State: evaluate.State{Reported: major}}},
		{"hysteresis from the first run: starts at the current status", evaluate.Hysteresis{Rise: 2}, evaluate.State{}, operational, []evaluate.Decision{down},
			evaluate.Settled{Worst: down, Status: operational, State: evaluate.State{Reported: operational, Pending: major, Count: 1}, Held: true}},
		{"second bad run lets it through", evaluate.Hysteresis{Rise: 2}, evaluate.State{Reported: operational, Pending: major, Count: 1}, operational, []evaluate.Decision{down},
			evaluate.Settled{Worst: down, Status: major, State: evaluate.State{Reported: major}}},
		{"nothing judged keeps the current status", evaluate.Hysteresis{}, evaluate.State{}, partial, []evaluate.Decision{invalid},
			evaluate.Settled{Worst: invalid, Status: partial, State: evaluate.State{Reported: unknown}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, tt.h.Settle(tt.st, tt.current, tt.ds...))
		})
	}
}

// FuzzPlanIncident checks the planner's invariants on arbitrary holdings:
// it touches only open incidents of ours for the component; afterwards at
// most one of ours is open, exactly one in major outage unless a person
// closed ours in this outage, none when operational.
func FuzzPlanIncident(f *testing.F) {
	f.Add(uint8(4), uint8(1), true, []byte{1, 0, 1, 2, 1, 1, 3, 0, 0})
	f.Add(uint8(1), uint8(4), false, []byte{7, 1, 0, 9, 1, 1})
	f.Add(uint8(3), uint8(3), false, []byte{})
	f.Fuzz(func(t *testing.T, status, previous uint8, sameOutage bool, holdings []byte) {
		const comp = 2
		since := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		var incs []evaluate.Incident
		for i := 0; i+2 < len(holdings); i += 3 {
			b := holdings[i : i+3]
			incs = append(incs, evaluate.Incident{ID: i/3 + 1, ComponentID: comp - int(b[0]%2), Ours: b[1]%2 == 1, Resolved: b[2]%3 == 0,
				CreatedAt: since.Add(time.Duration(int(b[2])-128) * time.Minute)})
		}
		s := evaluate.IncidentSubject{ComponentID: comp, Status: cachet.ComponentStatus(status % 5), Previous: cachet.ComponentStatus(previous % 5)}
		if sameOutage {
			s.OutageSince = since
		}
		plan := evaluate.PlanIncident(s, incs)
		open := map[int]bool{}
		for _, in := range incs {
			if in.Ours && in.ComponentID == comp && !in.Resolved {
				open[in.ID] = true
			}
		}
		opened := 0
		for _, a := range plan.Actions {
			switch a.Step {
			case evaluate.IncidentOpen:
				opened++
			case evaluate.IncidentResolve, evaluate.IncidentResolveDuplicate:
				require.True(t, open[a.IncidentID], "resolves only open incidents of ours: %+v", a)
				delete(open, a.IncidentID)
			case evaluate.IncidentUpdate:
				require.True(t, open[a.IncidentID], "updates only open incidents of ours: %+v", a)
			}
		}
		left := len(open) + opened
		switch {
		case s.Status == cachet.ComponentStatusUnknown:
			assert.Empty(t, plan.Actions)
		case s.Status == cachet.ComponentStatusOperational:
			assert.Zero(t, left, "none open once operational")
		case s.Status == cachet.ComponentStatusMajorOutage && !plan.HeldByPerson:
			assert.Equal(t, 1, left, "one open in major outage")
		default:
			assert.LessOrEqual(t, left, 1, "at most one open")
		}
		if plan.Next.ID != 0 {
			assert.True(t, open[plan.Next.ID], "the remembered id is open in Cachet")
		}
	})
}
