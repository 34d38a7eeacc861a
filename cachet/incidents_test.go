package cachet

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestIncidentDecode(t *testing.T) {
	t.Parallel()
	t.Run("contract example with update and [] meta", func(t *testing.T) {
		t.Parallel()
		var in Incident
		require.NoError(t, json.Unmarshal([]byte(incidentJSON), &in))
		at := func(h, m, s int) time.Time { return time.Date(2024, 3, 1, h, m, s, 0, time.UTC) }
		want := Incident{
			ID: 7, UserID: 1, ComponentID: 2, Name: "DB slow", Status: IncidentStatusIdentified,
			HumanStatus: "Identified", Visible: IncidentVisibilityPublic, Message: "Looking into it",
			OccurredAt: at(11, 58, 0), CreatedAt: at(12, 0, 3), UpdatedAt: at(12, 10, 0),
			Updates: []IncidentUpdate{{ID: 3, IncidentID: 7, Status: IncidentStatusIdentified, HumanStatus: "Identified",
				Message: "Found it", UserID: 1, Permalink: "http://status.test/incidents/7#update-3",
				CreatedAt: at(12, 10, 0), UpdatedAt: at(12, 10, 0)}},
			LatestUpdateID: 3, LatestStatus: IncidentStatusIdentified, LatestHumanStatus: "Identified",
			LatestIcon: "icon ion-alert yellows", Permalink: "http://status.test/incidents/7",
			Duration: 90 * time.Minute,
		}
		assert.Equal(t, want, in)
	})
	t.Run("Cachet 2.3 strings", func(t *testing.T) {
		t.Parallel()
		var in Incident
		require.NoError(t, json.Unmarshal([]byte(`{"id":9,"component_id":"2","name":"Old","status":"3","visible":"1",`+
			`"message":"m","scheduled_at":null,"created_at":"2019-05-24 10:01:44","updated_at":"2019-05-24 10:01:44",`+
			`"deleted_at":null,"human_status":"Watching"}`), &in))
		assert.Equal(t, Incident{ID: 9, ComponentID: 2, Name: "Old", Status: IncidentStatusWatching,
			HumanStatus: "Watching", Visible: IncidentVisibilityPublic, Message: "m",
			CreatedAt: time.Date(2019, 5, 24, 10, 1, 44, 0, time.UTC), UpdatedAt: time.Date(2019, 5, 24, 10, 1, 44, 0, time.UTC)}, in)
	})
	t.Run("POST answer: status 0 key, component null, object meta", func(t *testing.T) {
		t.Parallel()
		var in Incident
		require.NoError(t, json.Unmarshal([]byte(incidentCreatedJSON), &in))
		assert.Equal(t, IncidentStatusScheduled, in.Status)
		assert.Equal(t, "cachet.incidents.status.0", in.HumanStatus)
		assert.Nil(t, in.Component)
		assert.Zero(t, in.ComponentID)
		assert.Zero(t, in.LatestUpdateID)
		assert.True(t, in.Stickied)
		v, ok := in.Meta.String("ticket")
		assert.True(t, ok)
		assert.Equal(t, "OPS-1", v)
	})
}

func TestIncidentRequestsMarshal(t *testing.T) {
	t.Parallel()
	occurred := Minute(time.Date(2024, 3, 1, 11, 58, 42, 0, time.UTC))
	assert.JSONEq(t, `{"name":"DB slow","status":0}`, mustJSON(t, CreateIncidentRequest{Name: "DB slow"}))
	assert.JSONEq(t, `{"name":"DB slow","status":1,"message":"m","visible":0,"stickied":false,"notify":false,`+
		`"component_id":2,"component_status":4,"occurred_at":"2024-03-01 11:58","template":"t","vars":{"a":"b"},"meta":{"k":1}}`,
		mustJSON(t, CreateIncidentRequest{Name: "DB slow", Status: IncidentStatusInvestigating, Message: "m",
			Visible: Ptr(IncidentVisibilityAuthenticated), Stickied: Ptr(false), Notify: Ptr(false),
			ComponentID: Ptr(2), ComponentStatus: Ptr(ComponentStatusMajorOutage), OccurredAt: &occurred,
			Template: "t", Vars: map[string]string{"a": "b"}, Meta: Meta{"k": json.RawMessage(`1`)}}))
	assert.JSONEq(t, `{}`, mustJSON(t, UpdateIncidentRequest{}))
	assert.JSONEq(t, `{"status":0,"visible":1,"stickied":false,"occurred_at":"2024-03-01 11:58"}`,
		mustJSON(t, UpdateIncidentRequest{Status: Ptr(IncidentStatusScheduled), Visible: Ptr(IncidentVisibilityPublic),
			Stickied: Ptr(false), OccurredAt: &occurred}))
}

func TestIncidentsEndpoints(t *testing.T) {
	t.Parallel()
	t.Run("List", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "GET /incidents", wantRequest{method: "GET", path: "/incidents",
			query: "component_id=2&per_page=10&sort=occurred_at&status=0&stickied=1&visible=0", token: true},
			200, listOf(incidentJSON, 1, 1, 10, 1, 1))
		page, err := c.Incidents.List(t.Context(), &ListIncidentsOptions{ListOptions: ListOptions{PerPage: 10},
			ComponentID: Ptr(2), Status: Ptr(IncidentStatusScheduled), Visible: Ptr(IncidentVisibilityAuthenticated),
			Stickied: Ptr(true), Sort: "occurred_at"})
		require.NoError(t, err)
		require.Len(t, page.Items, 1)
		assert.Len(t, page.Items[0].Updates, 1)
	})
	t.Run("Get", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "GET /incidents/7", wantRequest{method: "GET", path: "/incidents/7", token: true},
			200, dataOf(incidentJSON))
		got, err := c.Incidents.Get(t.Context(), 7)
		require.NoError(t, err)
		assert.Equal(t, "DB slow", got.Name)
	})
	t.Run("Create", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "POST /incidents", wantRequest{method: "POST", path: "/incidents",
			body:  `{"name":"Maintenance","status":0,"message":"Planned","stickied":true,"occurred_at":"2024-03-01 12:00","meta":{"ticket":"OPS-1"}}`,
			token: true}, 200, dataOf(incidentCreatedJSON))
		at := Minute(time.Date(2024, 3, 1, 12, 0, 59, 0, time.UTC))
		got, err := c.Incidents.Create(t.Context(), CreateIncidentRequest{Name: "Maintenance",
			Status: IncidentStatusScheduled, Message: "Planned", Stickied: Ptr(true), OccurredAt: &at,
			Meta: Meta{"ticket": json.RawMessage(`"OPS-1"`)}})
		require.NoError(t, err)
		assert.Equal(t, 8, got.ID)
	})
	t.Run("Update", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "PUT /incidents/7", wantRequest{method: "PUT", path: "/incidents/7",
			body: `{"status":4,"visible":0,"stickied":true}`, token: true}, 200, dataOf(incidentJSON))
		_, err := c.Incidents.Update(t.Context(), 7, UpdateIncidentRequest{Status: Ptr(IncidentStatusFixed),
			Visible: Ptr(IncidentVisibilityAuthenticated), Stickied: Ptr(true)})
		require.NoError(t, err)
	})
	t.Run("Delete", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "DELETE /incidents/7", wantRequest{method: "DELETE", path: "/incidents/7", token: true}, 204, "")
		require.NoError(t, c.Incidents.Delete(t.Context(), 7))
	})
	t.Run("Create validation", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "POST /incidents", wantRequest{method: "POST", path: "/incidents",
			body: `{"name":"","status":0}`, token: true}, 400, validationBody)
		got, err := c.Incidents.Create(t.Context(), CreateIncidentRequest{})
		assert.Nil(t, got)
		assert.ErrorIs(t, err, ErrValidation)
	})
}
