package main

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/evaluate"
)

var sampleOutcomes = []Outcome{
	{Target: "Stream 14", ComponentID: 14, Current: cachet.ComponentStatusOperational, CurrentKnown: true, Decided: cachet.ComponentStatusMajorOutage,
		Reason: "HTTP 500 (unmapped) in 3ms; reports unknown → major outage", Action: evaluate.ActionUpdate},
	{Target: "Web", ComponentID: 1, Decided: cachet.ComponentStatusOperational, Reason: "HTTP 200 in 9ms; reports unknown → operational",
		Action: evaluate.ActionFailed, Err: errors.New("cachet could not be read: boom")},
}

func TestWriteText(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	require.NoError(t, writeOutcomes(&b, sampleOutcomes, nil, false))
	assert.Equal(t, ""+
		"Stream 14  #14  operational → major outage  updated  HTTP 500 (unmapped) in 3ms; reports unknown → major outage\n"+
		"Web        #1   ? → operational             failed   HTTP 200 in 9ms; reports unknown → operational; cachet could not be read: boom\n",
		b.String())
}

func TestWriteJSON(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	require.NoError(t, writeOutcomes(&b, sampleOutcomes, nil, true))
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	require.Len(t, lines, 2)
	assert.JSONEq(t, `{"target":"Stream 14","component_id":14,"from":"operational","to":"major_outage","action":"updated",
		"reason":"HTTP 500 (unmapped) in 3ms; reports unknown → major outage","latency_ms":0}`, lines[0])
	assert.JSONEq(t, `{"target":"Web","component_id":1,"from":null,"to":"operational","action":"failed",
		"reason":"HTTP 200 in 9ms; reports unknown → operational","error":"cachet could not be read: boom","latency_ms":0}`, lines[1])
}
