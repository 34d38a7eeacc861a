package incidents

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxer/cachetstatus/cachet"
)

func TestWordsDefaultArePlain(t *testing.T) {
	t.Parallel()
	w, err := Words{}.Parse()
	require.NoError(t, err)
	c := cachet.Component{ID: 3, Name: "Stream 14"}
	major, perf, op := cachet.ComponentStatusMajorOutage, cachet.ComponentStatusPerformanceIssues, cachet.ComponentStatusOperational
	assert.Equal(t, "Stream 14 is unavailable", w.Name(c))
	assert.Equal(t, "Stream 14 is unavailable. We are looking into it.", w.say(w.opened, c, major, op))
	assert.Equal(t, "Stream 14 is now slower than usual (it was unavailable).", w.say(w.update, c, perf, major))
	assert.Equal(t, "Stream 14 is working normally again.", w.say(w.fixed, c, op, major))
	assert.Equal(t, "Component 3 is unavailable", w.Name(cachet.Component{ID: 3}), "a component without a name")
	assert.Equal(t, "Stream 14 is unavailable", (*Wording)(nil).Name(c), "nil: the defaults")
}

func TestWordsCustomAndErrors(t *testing.T) {
	t.Parallel()
	w, err := Words{Name: "Störung: {{.Component}}", Fixed: "{{.Component}}: {{.Status}}"}.Parse()
	require.NoError(t, err)
	c := cachet.Component{ID: 1, Name: "Chat"}
	assert.Equal(t, "Störung: Chat", w.Name(c))
	assert.Equal(t, "Chat: working normally", w.say(w.fixed, c, cachet.ComponentStatusOperational, 0))
	assert.Equal(t, "Chat is unavailable. We are looking into it.", w.say(w.opened, c, cachet.ComponentStatusMajorOutage, 0), "left out: the default")

	for field, words := range map[string]Words{
		"name":   {Name: "{{.Component"},
		"update": {Update: "{{.Reason}}"}, // not a documented field
	} {
		_, err := words.Parse()
		var we *WordsError
		require.ErrorAs(t, err, &we, field)
		assert.Equal(t, field, we.Field)
		assert.ErrorContains(t, err, "words."+field)
	}
}
