package evaluate_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/evaluate"
)

// run feeds decided statuses through h from s and returns the reported ones.
func run(h evaluate.Hysteresis, s evaluate.State, decided []cachet.ComponentStatus) []cachet.ComponentStatus {
	reported := make([]cachet.ComponentStatus, 0, len(decided))
	for _, d := range decided {
		var r cachet.ComponentStatus
		s, r = h.Step(s, d)
		reported = append(reported, r)
	}
	return reported
}

func TestHysteresisStep(t *testing.T) {
	t.Parallel()
	up := evaluate.State{Reported: operational}
	down := evaluate.State{Reported: major}
	S := func(s ...cachet.ComponentStatus) []cachet.ComponentStatus { return s }
	tests := []struct {
		name    string
		h       evaluate.Hysteresis
		start   evaluate.State
		decided []cachet.ComponentStatus
		want    []cachet.ComponentStatus
	}{
		{"zero is immediate", evaluate.Hysteresis{}, up, S(major, operational, partial, unknown, performance), S(major, operational, partial, unknown, performance)},
		{"one is immediate", evaluate.Hysteresis{Rise: 1, Fall: 1}, up, S(major, operational), S(major, operational)},
		{"rise after three", evaluate.Hysteresis{Rise: 3}, up, S(major, major, major, major), S(operational, operational, major, major)},
		{"rise interrupted", evaluate.Hysteresis{Rise: 3}, up, S(major, major, operational, major, major, major), S(operational, operational, operational, operational, operational, major)},
		{"rise to the mildest of the streak", evaluate.Hysteresis{Rise: 3}, up, S(major, performance, partial), S(operational, operational, performance)},
		{"fall after two", evaluate.Hysteresis{Fall: 2}, down, S(operational, operational), S(major, operational)},
		{"fall to the worst of the streak", evaluate.Hysteresis{Fall: 3}, down, S(operational, partial, operational), S(major, major, partial)},
		{"direction change restarts", evaluate.Hysteresis{Rise: 2, Fall: 2}, evaluate.State{Reported: partial}, S(major, operational, major, major), S(partial, partial, partial, major)},
		{"equal ends a streak", evaluate.Hysteresis{Rise: 2}, up, S(major, operational, major), S(operational, operational, operational)},
		{"zero state adopts at once", evaluate.Hysteresis{Rise: 5, Fall: 5}, evaluate.State{}, S(partial, operational), S(partial, partial)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, run(tt.h, tt.start, tt.decided))
		})
	}
}

func TestHysteresisStateJSON(t *testing.T) {
	t.Parallel()
	h := evaluate.Hysteresis{Rise: 3}
	s, _ := h.Step(evaluate.State{Reported: operational}, major)
	s, _ = h.Step(s, partial)
	out, err := json.Marshal(s)
	require.NoError(t, err)
	assert.JSONEq(t, `{"reported":1,"pending":3,"count":2}`, string(out), "statuses as Cachet's numbers")
	var named evaluate.State
	require.NoError(t, json.Unmarshal([]byte(`{"reported":"operational","pending":"partial_outage","count":2}`), &named))
	assert.Equal(t, s, named, "the names written before statuses were one type still read")

	var back evaluate.State
	require.NoError(t, json.Unmarshal(out, &back))
	assert.Equal(t, s, back)
	_, r := h.Step(back, major)
	assert.Equal(t, partial, r, "the streak survives the round trip")

	settled, _ := h.Step(evaluate.State{}, operational)
	out, err = json.Marshal(settled)
	require.NoError(t, err)
	assert.JSONEq(t, `{"reported":1}`, string(out))
}

func FuzzHysteresis(f *testing.F) {
	f.Add(3, 2, uint8(1), []byte{4, 4, 4, 1, 1, 3, 2, 4})
	f.Add(0, 0, uint8(0), []byte{1, 2, 3, 4, 0})
	f.Add(2, 5, uint8(4), []byte{1, 1, 1, 1, 1, 0, 0})
	f.Add(-1, 1<<40, uint8(2), []byte{3, 1, 3, 1})
	f.Fuzz(func(t *testing.T, rise, fall int, initial uint8, seq []byte) {
		h := evaluate.Hysteresis{Rise: rise, Fall: fall}
		s := evaluate.State{Reported: cachet.ComponentStatus(initial % 5)}
		produced := map[cachet.ComponentStatus]bool{s.Reported: true}
		var history []cachet.ComponentStatus
		for _, b := range seq {
			d := cachet.ComponentStatus(b % 5)
			produced[d] = true
			history = append(history, d)
			prev := s.Reported
			var r cachet.ComponentStatus
			s, r = h.Step(s, d)
			require.True(t, produced[r], "reported %v, which nothing produced", r)
			require.Equal(t, r, s.Reported)
			if rise <= 1 && fall <= 1 {
				require.Equal(t, d, r, "immediate hysteresis reports the decision")
			}
			if r == prev || prev == unknown {
				continue
			}
			// A change needs a full streak on one side of prev, each
			// evaluation at least as far from prev as the new status.
			need, degrading := fall, r.Worse(prev)
			if degrading {
				need = rise
			}
			need = max(need, 1)
			require.GreaterOrEqual(t, len(history), need)
			for _, e := range history[len(history)-need:] {
				if degrading {
					require.True(t, e.Worse(prev) && !r.Worse(e), "degraded to %v from %v after %v", r, prev, e)
				} else {
					require.True(t, prev.Worse(e) && !e.Worse(r), "recovered to %v from %v after %v", r, prev, e)
				}
			}
		}
	})
}
