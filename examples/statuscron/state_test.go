package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/evaluate"
)

func TestStateRoundTrip(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "state.json")
	s := Memory{Components: map[int]ComponentMemory{14: {
		Hysteresis:     evaluate.State{Reported: cachet.ComponentStatusOperational, Pending: cachet.ComponentStatusMajorOutage, Count: 1},
		LastWritten:    cachet.ComponentStatusMajorOutage,
		IncidentID:     7,
		IncidentStatus: cachet.ComponentStatusMajorOutage,
	}}}
	require.NoError(t, saveState(path, s))

	got, err := loadState(path)
	require.NoError(t, err)
	assert.Equal(t, s, got)

	entries, err := os.ReadDir(filepath.Dir(path))
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no temporary file left behind")
}

func TestLoadStateMissingIsEmpty(t *testing.T) {
	t.Parallel()
	s, err := loadState(filepath.Join(t.TempDir(), "none.json"))
	require.NoError(t, err)
	assert.Equal(t, Memory{}, s)
}

func TestLoadStateCorruptIsReportedAndReplaced(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"truncated":     `{"version":1,"components":{"14":{"hysteresis":{"rep`,
		"garbage":       "\x00\xff not json",
		"wrong version": `{"version":99,"components":{}}`,
		"bad status":    `{"version":1,"components":{"14":{"hysteresis":{"reported":"on fire"}}}}`,
		"bad key":       `{"version":1,"components":{"fourteen":{}}}`,
		"not an object": `[]`,
		"empty":         ``,
	}
	for name, content := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "state.json")
			require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
			s, err := loadState(path)
			require.ErrorIs(t, err, errCorruptState)
			assert.Equal(t, Memory{}, s)

			require.NoError(t, saveState(path, s))
			_, err = loadState(path)
			assert.NoError(t, err, "the corrupt file was replaced")
		})
	}
}

func TestLoadStateNullEntries(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "state.json")
	require.NoError(t, os.WriteFile(path, []byte(`{"version":1,"components":{"3":null}}`), 0o644))
	s, err := loadState(path)
	require.NoError(t, err)
	assert.Empty(t, s.Components)
}

func TestSaveStateUnwritableDirectory(t *testing.T) {
	t.Parallel()
	err := saveState(filepath.Join(t.TempDir(), "missing", "state.json"), Memory{})
	assert.Error(t, err)
}

func FuzzLoadState(f *testing.F) {
	f.Add([]byte(`{"version":1,"components":{"14":{"hysteresis":{"reported":"operational","pending":"major_outage","count":1},"last_written":"major_outage","incident_id":7,"incident_status":"major_outage"}}}`))
	f.Add([]byte(`{"version":1}`))
	f.Add([]byte(`{"version":1,"components":{"1":null}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "state.json")
		require.NoError(t, os.WriteFile(path, data, 0o644))
		s, err := loadState(path)
		if err != nil {
			assert.ErrorIs(t, err, errCorruptState)
			assert.Zero(t, s)
			return
		}
		for id, c := range s.Components {
			assert.NotZero(t, c, "component %d", id)
		}
		// What loads saves and loads again unchanged.
		require.NoError(t, saveState(path, s))
		again, err := loadState(path)
		require.NoError(t, err)
		assert.Equal(t, s, again)
	})
}
