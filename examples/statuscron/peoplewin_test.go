package main

import (
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/cachet/cachettest"
)

// TestPeopleWin: a person resolves (or deletes) this module's incident in
// the middle of an outage; the following runs do not reopen it for that
// outage, with or without the state file (for a deletion only the state
// file can know), and say so in the output. After a recovery the next
// outage gets a new incident.
func TestPeopleWin(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		close     func(t *testing.T, e *env, id int)
		loseState bool
	}{
		{"resolved by a person", resolveByHand, false},
		{"resolved by a person, state lost", resolveByHand, true},
		{"deleted by a person", func(t *testing.T, e *env, id int) {
			require.NoError(t, e.client().Incidents.Delete(t.Context(), id))
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fake := cachettest.NewServer(cachettest.WithToken(secretToken), cachettest.WithClock(advancingClock()))
			t.Cleanup(fake.Close)
			dir := t.TempDir()
			e := &env{t: t, fake: fake, dir: dir, state: filepath.Join(dir, "state.json")}
			svc := newSwitchable(t, http.StatusBadGateway)
			id := e.component("Stream 14")
			cfg := e.writeConfig(map[string]any{"targets": []any{target("Stream 14", svc.srv.URL, id)}, "incidents": map[string]any{"enabled": true}})
			created := func() int {
				return e.requestsTo(http.MethodPost, "/api/v1/incidents") - e.requestsTo(http.MethodPost, "/api/v1/incidents/")
			}

			out := e.run(t.Context(), "-v", "-config", cfg, "-state", e.state, "-log-format=json")
			require.Equal(t, exitOK, out.code, out.stderr)
			ours := ourIncidents(e, id)
			require.Len(t, ours, 1)
			tt.close(t, e, ours[0].ID)

			for run := range 2 {
				if tt.loseState {
					require.NoError(t, os.RemoveAll(e.state))
				}
				out = e.run(t.Context(), "-v", "-config", cfg, "-state", e.state, "-log-format=json")
				require.Equal(t, exitOK, out.code, out.stderr)
				assert.Equal(t, 1, created(), "run %d: not reopened during this outage", run)
				assert.Contains(t, out.lines["Stream 14"].Reason, "a person closed this outage's incident", "run %d", run)
				assert.Equal(t, cachet.ComponentStatusMajorOutage, e.status(id))
			}

			// Recovered, then failing again: a new outage, a new incident.
			svc.set(http.StatusOK)
			out = e.run(t.Context(), "-v", "-config", cfg, "-state", e.state, "-log-format=json")
			require.Equal(t, exitOK, out.code, out.stderr)
			svc.set(http.StatusBadGateway)
			out = e.run(t.Context(), "-v", "-config", cfg, "-state", e.state, "-log-format=json")
			require.Equal(t, exitOK, out.code, out.stderr)
			assert.Equal(t, 2, created(), "the next outage gets a new incident")
			assert.NotContains(t, out.lines["Stream 14"].Reason, "a person closed")
		})
	}
}

// resolveByHand posts a Fixed update, as a person in the dashboard would,
// leaving the component's status alone.
func resolveByHand(t *testing.T, e *env, id int) {
	_, err := e.client().IncidentUpdates.Create(t.Context(), id, cachet.CreateIncidentUpdateRequest{Status: cachet.IncidentStatusFixed, Message: "Fixed, says ops."})
	require.NoError(t, err)
}
