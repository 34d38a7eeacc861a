package cachettest

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestQuirk21_UpdateSetsIncidentStatus(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.Handler.AddIncident(Incident{Name: "x", Status: 1, Visible: 1, Message: "m"})
	s.Handler.AddComponent(Component{Name: "API", Status: 1, Enabled: true})
	r := send(t, s, req{method: "POST", path: "/incidents/1/updates", json: `{"status":3,"message":" watching ","component_id":1,"component_status":4}`, token: true})
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	inc, _ := s.Handler.Incident(1)
	assert.Equal(t, 3, inc.Status)
	c, _ := s.Handler.Component(1)
	assert.Equal(t, 1, c.Status, "component fields are validated but ignored")

	put := send(t, s, req{method: "PUT", path: "/incidents/1/updates/1", json: `{"status":4}`, token: true})
	require.Equal(t, http.StatusOK, put.Status, "%s", put.Body)
	assert.Equal(t, 4, num(t, put.Data(t)["status"]))
	inc, _ = s.Handler.Incident(1)
	assert.Equal(t, 3, inc.Status, "editing an update does not resync")

	require.Equal(t, http.StatusNoContent, send(t, s, req{method: "DELETE", path: "/incidents/1/updates/1", token: true}).Status)
	inc, _ = s.Handler.Incident(1)
	assert.Equal(t, 3, inc.Status, "deleting does not revert")
	assert.Empty(t, s.Handler.IncidentUpdates(1))

	for _, tt := range []struct {
		body    string
		details []string
	}{
		{`{"status":0,"message":"m"}`, []string{"The status must be at least 1."}},
		{`{}`, []string{"The status field is required.", "The message field is required."}},
		{`{"status":1,"message":"m","component_id":1}`, []string{"The component status field is required when component id is present."}},
	} {
		bad := send(t, s, req{method: "POST", path: "/incidents/1/updates", json: tt.body, token: true})
		assert.Equal(t, http.StatusBadRequest, bad.Status, tt.body)
		assert.Equal(t, tt.details, bad.Details(t), tt.body)
	}
}

func TestQuirk23_UpdatePostEmbedsIncident(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.Handler.AddIncident(Incident{Name: "x", Status: 1, Visible: 1, Message: "m"})
	r := send(t, s, req{method: "POST", path: "/incidents/1/updates", json: `{"status":2,"message":"found"}`, token: true})
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	d := r.Data(t)
	assert.Equal(t, []string{"created_at", "human_status", "id", "incident", "incident_id", "message", "permalink", "status", "updated_at", "user_id"}, keys(d))
	assert.Equal(t, s.URL+"/incidents/1#update-1", d["permalink"])
	inc := d["incident"].(map[string]any)
	assert.Equal(t, append(incidentGetKeys[:0:0], append([]string{"component"}, incidentGetKeys...)...), keys(inc),
		"a visible incident carries its (null) component relation")
	assert.Nil(t, inc["component"])
	assert.Equal(t, 2, num(t, inc["status"]))
	assert.Equal(t, 1, num(t, inc["latest_update_id"]))
	assert.Len(t, inc["updates"], 1)
	get := send(t, s, req{path: "/incidents/1/updates/1"}).Data(t)
	assert.NotContains(t, get, "incident")
}

func TestQuirk22_UpdateOwnershipNotChecked(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.Handler.AddIncident(Incident{Name: "a", Status: 1, Visible: 1, Message: "m"})
	s.Handler.AddIncident(Incident{Name: "b", Status: 1, Visible: 1, Message: "m"})
	s.Handler.AddIncidentUpdate(IncidentUpdate{IncidentID: 1, Status: 2, Message: "u", UserID: 1})
	assert.Equal(t, http.StatusOK, send(t, s, req{path: "/incidents/2/updates/1"}).Status)
	assert.Equal(t, http.StatusOK, send(t, s, req{method: "PUT", path: "/incidents/2/updates/1", json: `{"message":"moved?"}`, token: true}).Status)
	u := s.Handler.IncidentUpdates(1)
	require.Len(t, u, 1, "the update stays with incident 1")
	assert.Equal(t, "moved?", u[0].Message)
	missing := send(t, s, req{path: "/incidents/2/updates/9"})
	assert.Equal(t, `No query results for model [CachetHQ\Cachet\Models\IncidentUpdate].`, missing.Error(t)["detail"])
	assert.Equal(t, `No query results for model [CachetHQ\Cachet\Models\Incident].`, send(t, s, req{path: "/incidents/9/updates/1"}).Error(t)["detail"])
	assert.Equal(t, http.StatusNoContent, send(t, s, req{method: "DELETE", path: "/incidents/2/updates/1", token: true}).Status)
}

func TestUpdatesListNewestFirst(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.Handler.AddIncident(Incident{Name: "a", Status: 1, Visible: 0, Message: "m"})
	s.Handler.AddIncidentUpdate(IncidentUpdate{IncidentID: 1, Status: 2, Message: "old", UserID: 1, CreatedAt: fixedNow.Add(-time.Hour)})
	s.Handler.AddIncidentUpdate(IncidentUpdate{IncidentID: 1, Status: 3, Message: "new", UserID: 1})
	r := send(t, s, req{path: "/incidents/1/updates?sort=id&order=asc"})
	require.Equal(t, http.StatusOK, r.Status, "no visibility check on the parent")
	list := r.List(t)
	require.Len(t, list, 2)
	assert.Equal(t, "new", list[0].(map[string]any)["message"])
	assert.JSONEq(t, `{"id":2,"incident_id":1,"status":3,"message":"new","user_id":1,"created_at":"2024-03-01 12:00:00",
		"updated_at":"2024-03-01 12:00:00","human_status":"Watching","permalink":"`+s.URL+`/incidents/1#update-2"}`, mustJSON(t, list[0]))
	inc := send(t, s, req{path: "/incidents/1"}).Data(t)
	assert.Equal(t, 2, num(t, inc["latest_update_id"]))
	assert.Equal(t, "Watching", inc["latest_human_status"])
	assert.Equal(t, false, inc["is_resolved"])
}

func TestUpdatePostOnHiddenIncident(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.Handler.AddIncident(Incident{Name: "x", Status: 1, Visible: 0, Message: "m"})
	r := send(t, s, req{method: "POST", path: "/incidents/1/updates", json: `{"status":4,"message":"done"}`, token: true})
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	inc := r.Data(t)["incident"].(map[string]any)
	assert.Equal(t, incidentGetKeys, keys(inc), "no notification, so no component relation")
	assert.Equal(t, true, inc["is_resolved"])
}
