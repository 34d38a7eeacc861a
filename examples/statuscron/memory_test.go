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
		state Memory
		json  string
	}{
		{"empty", Memory{}, `{"components":null}`},
		{"fresh component", Memory{Components: map[int]ComponentMemory{3: {Hysteresis: evaluate.State{Reported: evaluate.StatusOperational}}}},
			`{"components":{"3":{"hysteresis":{"reported":"operational"}}}}`},
		{"everything", Memory{Components: map[int]ComponentMemory{14: {
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
			var back Memory
			require.NoError(t, json.Unmarshal(data, &back))
			assert.Equal(t, tt.state, back)
		})
	}
}

func TestStateClone(t *testing.T) {
	t.Parallel()
	s := Memory{Components: map[int]ComponentMemory{1: {IncidentID: 4}}}
	c := s.clone()
	c.update(1, func(cs *ComponentMemory) { cs.IncidentID = 5 })
	c.update(2, func(cs *ComponentMemory) { cs.LastWritten = evaluate.StatusMajorOutage })
	assert.Equal(t, Memory{Components: map[int]ComponentMemory{1: {IncidentID: 4}}}, s, "the original is unchanged")
	assert.Equal(t, 5, c.Components[1].IncidentID)
	assert.Equal(t, evaluate.StatusMajorOutage, c.Components[2].LastWritten)
	assert.NotNil(t, Memory{}.clone().Components, "a zero Memory clones to a usable one")
}
