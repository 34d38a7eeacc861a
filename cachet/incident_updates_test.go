package cachet

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestIncidentUpdatesEndpoints(t *testing.T) {
	t.Parallel()
	t.Run("List", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "GET /incidents/7/updates", wantRequest{method: "GET", path: "/incidents/7/updates",
			query: "page=3&sort=id", token: true}, 200, listOf(incidentUpdateJSON, 41, 1, 20, 3, 3))
		page, err := c.IncidentUpdates.List(t.Context(), 7, &ListIncidentUpdatesOptions{
			ListOptions: ListOptions{Page: 3}, Sort: "id"})
		require.NoError(t, err)
		require.Len(t, page.Items, 1)
		assert.Equal(t, 7, page.Items[0].IncidentID)
	})
	t.Run("Get", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "GET /incidents/7/updates/3", wantRequest{method: "GET", path: "/incidents/7/updates/3",
			token: true}, 200, dataOf(incidentUpdateJSON))
		got, err := c.IncidentUpdates.Get(t.Context(), 7, 3)
		require.NoError(t, err)
		assert.Equal(t, "Found it", got.Message)
		assert.Nil(t, got.Incident)
	})
	t.Run("Create embeds the incident", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		body := incidentUpdateJSON[:len(incidentUpdateJSON)-1] + `,"incident":` + incidentJSON + `}`
		handle(t, mux, "POST /incidents/7/updates", wantRequest{method: "POST", path: "/incidents/7/updates",
			body: `{"status":2,"message":"Found it"}`, token: true}, 200, dataOf(body))
		got, err := c.IncidentUpdates.Create(t.Context(), 7, CreateIncidentUpdateRequest{
			Status: IncidentStatusIdentified, Message: "Found it"})
		require.NoError(t, err)
		require.NotNil(t, got.Incident)
		assert.Equal(t, 7, got.Incident.ID)
	})
	t.Run("Update", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "PUT /incidents/7/updates/3", wantRequest{method: "PUT", path: "/incidents/7/updates/3",
			body: `{"message":"Fixed soon"}`, token: true}, 200, dataOf(incidentUpdateJSON))
		_, err := c.IncidentUpdates.Update(t.Context(), 7, 3, UpdateIncidentUpdateRequest{Message: Ptr("Fixed soon")})
		require.NoError(t, err)
	})
	t.Run("Delete", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "DELETE /incidents/7/updates/3", wantRequest{method: "DELETE", path: "/incidents/7/updates/3",
			token: true}, 204, "")
		require.NoError(t, c.IncidentUpdates.Delete(t.Context(), 7, 3))
	})
	t.Run("Create on unknown incident", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "POST /incidents/9/updates", wantRequest{method: "POST", path: "/incidents/9/updates",
			body: `{"status":4,"message":"done"}`, token: true}, 404, notFoundBody("Incident"))
		_, err := c.IncidentUpdates.Create(t.Context(), 9, CreateIncidentUpdateRequest{Status: IncidentStatusFixed, Message: "done"})
		assert.ErrorIs(t, err, ErrNotFound)
	})
}
