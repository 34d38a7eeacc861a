package main

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxer/cachetstatus/evaluate"
)

func TestStateJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		state State
		json  string
	}{
		{"empty", State{}, `{"components":null}`},
		{"fresh component", State{Components: map[int]ComponentState{3: {Hysteresis: evaluate.State{Reported: evaluate.StatusOperational}}}},
			`{"components":{"3":{"hysteresis":{"reported":"operational"}}}}`},
		{"everything", State{Components: map[int]ComponentState{14: {
			Hysteresis:     evaluate.State{Reported: evaluate.StatusOperational, Pending: evaluate.StatusMajorOutage, Count: 1},
			LastWritten:    evaluate.StatusOperational,
			IncidentID:     7,
			IncidentStatus: evaluate.StatusMajorOutage,
		}}}, `{"components":{"14":{"hysteresis":{"reported":"operational","pending":"major_outage","count":1},
			"last_written":"operational","incident_id":7,"incident_status":"major_outage"}}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			data, err := json.Marshal(tt.state)
			require.NoError(t, err)
			assert.JSONEq(t, tt.json, string(data))
			var back State
			require.NoError(t, json.Unmarshal(data, &back))
			assert.Equal(t, tt.state, back)
		})
	}
}

func TestStateClone(t *testing.T) {
	t.Parallel()
	s := State{Components: map[int]ComponentState{1: {IncidentID: 4}}}
	c := s.clone()
	c.update(1, func(cs *ComponentState) { cs.IncidentID = 5 })
	c.update(2, func(cs *ComponentState) { cs.LastWritten = evaluate.StatusMajorOutage })
	assert.Equal(t, State{Components: map[int]ComponentState{1: {IncidentID: 4}}}, s, "the original is unchanged")
	assert.Equal(t, 5, c.Components[1].IncidentID)
	assert.Equal(t, evaluate.StatusMajorOutage, c.Components[2].LastWritten)
	assert.NotNil(t, State{}.clone().Components, "a zero State clones to a usable one")
}
