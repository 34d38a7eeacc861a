package incidents

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/cachet/cachettest"
	"github.com/proxer/cachetstatus/evaluate"
)

// TestWriterLifecycle opens, updates and resolves one incident against the
// fake and checks what members read: plain words, never status codes'
// machine names.
func TestWriterLifecycle(t *testing.T) {
	t.Parallel()
	for _, hidden := range []bool{false, true} {
		fake := cachettest.NewServer()
		t.Cleanup(fake.Close)
		row := fake.Handler.AddComponent(cachettest.Component{Name: "Chat", Status: 4, Enabled: true})
		client, err := cachet.NewClient(fake.URL, cachet.WithToken(fake.Token))
		require.NoError(t, err)
		c := cachet.Component{ID: row.ID, Name: "Chat"}
		w := Writer{Client: client, Hidden: hidden, Notify: true}
		var hint evaluate.IncidentHint
		major, partial, op := cachet.ComponentStatusMajorOutage, cachet.ComponentStatusPartialOutage, cachet.ComponentStatusOperational

		done, err := w.Write(t.Context(), c, evaluate.IncidentAction{Step: evaluate.IncidentOpen, To: major, From: op}, &hint)
		require.NoError(t, err)
		require.NotZero(t, hint.ID)
		assert.Equal(t, "opened #"+itoa(hint.ID), done)
		inc, ok := fake.Handler.Incident(hint.ID)
		require.True(t, ok)
		assert.Equal(t, "Chat is unavailable", inc.Name)
		assert.Equal(t, "Chat is unavailable. We are looking into it.", inc.Message)
		assert.Equal(t, itoa(row.ID), inc.Meta[MetaKey], "the marker")
		assert.Equal(t, map[bool]int{false: 1, true: 0}[hidden], inc.Visible)

		done, err = w.Write(t.Context(), c, evaluate.IncidentAction{Step: evaluate.IncidentUpdate, IncidentID: hint.ID, To: partial, From: major}, &hint)
		require.NoError(t, err)
		assert.Equal(t, "updated #"+itoa(hint.ID), done)
		done, err = w.Write(t.Context(), c, evaluate.IncidentAction{Step: evaluate.IncidentResolve, IncidentID: hint.ID, To: op, From: partial}, &hint)
		require.NoError(t, err)
		assert.Equal(t, "resolved #"+itoa(hint.ID), done)
		var texts []string
		for _, u := range fake.Handler.IncidentUpdates(hint.ID) {
			texts = append(texts, u.Message)
		}
		assert.Equal(t, []string{"Chat is now partly unavailable (it was unavailable).", "Chat is working normally again."}, texts)
	}
}

// TestWriterFailures: a deleted incident forgets the hint without an
// error; a failed update is posted again next run.
func TestWriterFailures(t *testing.T) {
	t.Parallel()
	fake := cachettest.NewServer()
	t.Cleanup(fake.Close)
	client, err := cachet.NewClient(fake.URL, cachet.WithToken(fake.Token))
	require.NoError(t, err)
	c := cachet.Component{ID: 1, Name: "Chat"}
	w := Writer{Client: client}

	hint := evaluate.IncidentHint{ID: 99, Reported: cachet.ComponentStatusMajorOutage}
	done, err := w.Write(t.Context(), c, evaluate.IncidentAction{Step: evaluate.IncidentResolve, IncidentID: 99}, &hint)
	require.NoError(t, err)
	assert.Empty(t, done)
	assert.Equal(t, evaluate.IncidentHint{}, hint, "deleted meanwhile: forgotten")

	inc := fake.Handler.AddIncident(cachettest.Incident{Name: "Chat is unavailable", Status: 1, Visible: 1})
	hint = evaluate.IncidentHint{ID: inc.ID, Reported: cachet.ComponentStatusPartialOutage}
	fake.Handler.FailNext(1, http.StatusInternalServerError, "", "")
	_, err = w.Write(t.Context(), c, evaluate.IncidentAction{Step: evaluate.IncidentUpdate, IncidentID: inc.ID, To: cachet.ComponentStatusPartialOutage, From: cachet.ComponentStatusMajorOutage}, &hint)
	assert.ErrorIs(t, err, cachet.ErrServer)
	assert.Equal(t, cachet.ComponentStatusMajorOutage, hint.Reported, "posted again next run")

	fake.Handler.FailNext(1, http.StatusInternalServerError, "", "")
	_, err = w.Write(t.Context(), c, evaluate.IncidentAction{Step: evaluate.IncidentOpen, To: cachet.ComponentStatusMajorOutage}, &hint)
	assert.ErrorIs(t, err, cachet.ErrServer)
	assert.Equal(t, evaluate.IncidentHint{}, hint)
}
