package main

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestWordsAndSilentFromConfig runs statuscron with custom words, a bad
// template (exit 2 naming the field) and silent status writes.
func TestWordsAndSilentFromConfig(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	svc := newSwitchable(t, http.StatusBadGateway)
	id := e.component("Chat")
	bad := e.writeConfig(map[string]any{"targets": []any{target("Chat", svc.srv.URL, id)},
		"incidents": map[string]any{"enabled": true, "words": map[string]any{"name": "{{.Nope}}"}}})
	out := e.run(t.Context(), "-v", "-config", bad)
	assert.Equal(t, exitUsage, out.code)
	assert.Contains(t, out.stdout, "incidents.words.name")

	cfg := e.writeConfig(map[string]any{"targets": []any{target("Chat", svc.srv.URL, id)}, "silent": true,
		"incidents": map[string]any{"enabled": true, "words": map[string]any{"name": "{{.Component}} down", "opened": "{{.Component}} is {{.Status}}."}}})
	out = e.run(t.Context(), "-v", "-config", cfg, "-log-format=json")
	require.Equal(t, exitOK, out.code, out.stderr)
	incs := ourIncidents(e, id)
	require.Len(t, incs, 1)
	assert.Equal(t, "Chat down", incs[0].Name)
	assert.Equal(t, "Chat is unavailable.", incs[0].Message)
	assert.NotContains(t, incs[0].Message, "HTTP", "the machine reason stays in the output")
	assert.Contains(t, out.lines["Chat"].Reason, "HTTP 502", "…where it is")
	for _, w := range e.writes() {
		if w.Method == http.MethodPut {
			assert.JSONEq(t, `{"status":4,"silent":true}`, string(w.Body), "a silent status write")
		}
	}
}
