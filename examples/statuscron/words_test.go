package main

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxer/cachetstatus/evaluate"
)

func TestWordsDefaultArePlain(t *testing.T) {
	t.Parallel()
	w, err := Words{}.parse()
	require.NoError(t, err)
	major, perf, op := evaluate.StatusMajorOutage, evaluate.StatusPerformanceIssues, evaluate.StatusOperational
	assert.Equal(t, "Stream 14 is unavailable", w.say(w.name, 3, "Stream 14", major, op))
	assert.Equal(t, "Stream 14 is unavailable. We are looking into it.", w.say(w.opened, 3, "Stream 14", major, op))
	assert.Equal(t, "Stream 14 is now slower than usual (it was unavailable).", w.say(w.update, 3, "Stream 14", perf, major))
	assert.Equal(t, "Stream 14 is working normally again.", w.say(w.fixed, 3, "Stream 14", op, major))
	assert.Equal(t, "Component 3 is unavailable", w.say(w.name, 3, "", major, op), "a component without a name")
}

func TestWordsCustomAndErrors(t *testing.T) {
	t.Parallel()
	w, err := Words{Name: "Störung: {{.Component}}", Fixed: "{{.Component}}: {{.Status}}"}.parse()
	require.NoError(t, err)
	assert.Equal(t, "Störung: Chat", w.say(w.name, 1, "Chat", evaluate.StatusMajorOutage, 0))
	assert.Equal(t, "Chat: working normally", w.say(w.fixed, 1, "Chat", evaluate.StatusOperational, 0))
	assert.Equal(t, "Chat is unavailable. We are looking into it.", w.say(w.opened, 1, "Chat", evaluate.StatusMajorOutage, 0), "left out: the default")

	for field, words := range map[string]Words{
		"incidents.words.name":   {Name: "{{.Component"},
		"incidents.words.update": {Update: "{{.Reason}}"}, // not a documented field
	} {
		_, err := words.parse()
		var ce *ConfigError
		require.ErrorAs(t, err, &ce, field)
		assert.Equal(t, field, ce.Field)
	}
}

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
