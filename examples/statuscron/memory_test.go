package main

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/evaluate"
)

func TestStateJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		state Memory
		json  string
	}{
		{"empty", Memory{}, `{"components":null}`},
		{"fresh component", Memory{Components: map[int]ComponentMemory{3: {Hysteresis: evaluate.State{Reported: cachet.ComponentStatusOperational}}}},
			`{"components":{"3":{"hysteresis":{"reported":1}}}}`},
		{"everything", Memory{Components: map[int]ComponentMemory{14: {
			Hysteresis:     evaluate.State{Reported: cachet.ComponentStatusOperational, Pending: cachet.ComponentStatusMajorOutage, Count: 1},
			LastWritten:    cachet.ComponentStatusOperational,
			IncidentID:     7,
			IncidentStatus: cachet.ComponentStatusMajorOutage,
		}}}, `{"components":{"14":{"hysteresis":{"reported":1,"pending":4,"count":1},
			"last_written":1,"incident_id":7,"incident_status":4}}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			data, err := json.Marshal(tt.state)
			require.NoError(t, err)
			assert.JSONEq(t, tt.json, string(data))
			var back Memory
			require.NoError(t, json.Unmarshal(data, &back))
			assert.Equal(t, tt.state, back)
		})
	}
	// Files written before the statuses were one type name them; they still read.
	var old Memory
	require.NoError(t, json.Unmarshal([]byte(`{"components":{"14":{"hysteresis":{"reported":"operational","pending":"major_outage","count":1},
		"last_written":"operational","incident_id":7,"incident_status":"major_outage"}}}`), &old))
	assert.Equal(t, tests[2].state, old)
}

func TestStateClone(t *testing.T) {
	t.Parallel()
	s := Memory{Components: map[int]ComponentMemory{1: {IncidentID: 4}}}
	c := s.clone()
	c.update(1, func(cs *ComponentMemory) { cs.IncidentID = 5 })
	c.update(2, func(cs *ComponentMemory) { cs.LastWritten = cachet.ComponentStatusMajorOutage })
	assert.Equal(t, Memory{Components: map[int]ComponentMemory{1: {IncidentID: 4}}}, s, "the original is unchanged")
	assert.Equal(t, 5, c.Components[1].IncidentID)
	assert.Equal(t, cachet.ComponentStatusMajorOutage, c.Components[2].LastWritten)
	assert.NotNil(t, Memory{}.clone().Components, "a zero Memory clones to a usable one")
}
