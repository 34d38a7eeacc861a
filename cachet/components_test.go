package cachet

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestComponentDecode(t *testing.T) {
	t.Parallel()
	ts := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		body string
		want Component
	}{
		{"contract example, [] tags, null meta", componentJSON, Component{
			ID: 1, Name: "API", Status: ComponentStatusOperational, StatusName: "Operational",
			Enabled: true, CreatedAt: ts, UpdatedAt: ts,
		}},
		{"object tags and meta", componentTaggedJSON, Component{
			ID: 2, Name: "Database", Description: "Primary DB", Link: "https://db.example",
			Status: ComponentStatusPartialOutage, StatusName: "Partial Outage", Order: 2, GroupID: 5,
			Meta:      Meta{"owner": json.RawMessage(`"ops"`), "tier": json.RawMessage(`1`)},
			Tags:      []Tag{{Slug: "eu-west", Name: "EU West"}, {Slug: "prod", Name: "Prod"}},
			CreatedAt: ts, UpdatedAt: time.Date(2024, 3, 2, 8, 30, 15, 0, time.UTC),
		}},
		{"Cachet 2.3 strings", component23JSON, Component{
			ID: 3, Name: "Web", Status: ComponentStatusMajorOutage, StatusName: "Major Outage", Order: 1,
			Enabled:   true,
			CreatedAt: time.Date(2019, 5, 24, 10, 1, 44, 0, time.UTC),
			UpdatedAt: time.Date(2019, 5, 24, 10, 1, 44, 0, time.UTC),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var got Component
			require.NoError(t, json.Unmarshal([]byte(tt.body), &got))
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestComponentRequestsMarshal(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		req  any
		want string
	}{
		{"create minimal sends status 0", CreateComponentRequest{Name: "API"}, `{"name":"API","status":0}`},
		{"create full", CreateComponentRequest{
			Name: "API", Status: ComponentStatusOperational, Description: Ptr(""), Link: Ptr("https://x.test"),
			Order: Ptr(0), GroupID: Ptr(0), Enabled: Ptr(false), Meta: Meta{"k": json.RawMessage(`"v"`)},
			Tags: []string{"Prod", " EU West "},
		}, `{"name":"API","status":1,"description":"","link":"https://x.test","order":0,"group_id":0,` +
			`"enabled":false,"meta":{"k":"v"},"tags":"Prod,EU West"}`},
		{"update nothing", UpdateComponentRequest{}, `{}`},
		{"update zero values", UpdateComponentRequest{
			Status: Ptr(ComponentStatusUnknown), GroupID: Ptr(0), Enabled: Ptr(false), Silent: Ptr(true),
			Tags: []string{"a", "b"},
		}, `{"status":0,"group_id":0,"enabled":false,"silent":true,"tags":"a,b"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.JSONEq(t, tt.want, mustJSON(t, tt.req))
		})
	}
	t.Run("comma in tag", func(t *testing.T) {
		t.Parallel()
		_, err := json.Marshal(CreateComponentRequest{Name: "x", Tags: []string{"a,b"}})
		assert.Error(t, err)
	})
}

func TestComponentsEndpoints(t *testing.T) {
	t.Parallel()
	t.Run("List", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "GET /components", wantRequest{method: "GET", path: "/components",
			query: "enabled=0&group_id=0&order=asc&page=2&per_page=2&sort=name&status=0&tags%5B%5D=prod&tags%5B%5D=eu",
			token: true}, 200, componentListJSON)
		page, err := c.Components.List(t.Context(), &ListComponentsOptions{
			ListOptions: ListOptions{Page: 2, PerPage: 2}, Status: Ptr(ComponentStatusUnknown),
			GroupID: Ptr(0), Enabled: Ptr(false), Tags: []string{"prod", "eu"}, Sort: "name", Order: "asc",
		})
		require.NoError(t, err)
		require.Len(t, page.Items, 2)
		assert.Equal(t, "API", page.Items[0].Name)
		assert.Equal(t, Pagination{Total: 3, Count: 2, PerPage: 2, CurrentPage: 1, TotalPages: 2,
			NextURL: "http://status.test/api/v1/components?per_page=2&page=2"}, page.Pagination)
		assert.Equal(t, 2, page.Pagination.NextPage())
	})
	t.Run("List nil options", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "GET /components", wantRequest{method: "GET", path: "/components", token: true},
			200, listOf(componentJSON, 1, 1, 20, 1, 1))
		page, err := c.Components.List(t.Context(), nil)
		require.NoError(t, err)
		assert.Len(t, page.Items, 1)
		assert.Zero(t, page.Pagination.NextPage())
	})
	t.Run("Get", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "GET /components/1", wantRequest{method: "GET", path: "/components/1", token: true},
			200, dataOf(componentJSON))
		got, err := c.Components.Get(t.Context(), 1)
		require.NoError(t, err)
		assert.Equal(t, 1, got.ID)
	})
	t.Run("Create", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "POST /components", wantRequest{method: "POST", path: "/components",
			body: `{"name":"API","status":1,"enabled":false,"tags":"Prod"}`, token: true}, 200, dataOf(componentJSON))
		got, err := c.Components.Create(t.Context(), CreateComponentRequest{Name: "API",
			Status: ComponentStatusOperational, Enabled: Ptr(false), Tags: []string{"Prod"}})
		require.NoError(t, err)
		assert.Equal(t, "API", got.Name)
	})
	t.Run("Update", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "PUT /components/2", wantRequest{method: "PUT", path: "/components/2",
			body: `{"status":3,"group_id":0}`, token: true}, 200, dataOf(componentTaggedJSON))
		got, err := c.Components.Update(t.Context(), 2, UpdateComponentRequest{
			Status: Ptr(ComponentStatusPartialOutage), GroupID: Ptr(0)})
		require.NoError(t, err)
		assert.Equal(t, ComponentStatusPartialOutage, got.Status)
	})
	t.Run("Delete", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "DELETE /components/2", wantRequest{method: "DELETE", path: "/components/2", token: true}, 204, "")
		require.NoError(t, c.Components.Delete(t.Context(), 2))
	})
	t.Run("Get not found", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "GET /components/999", wantRequest{method: "GET", path: "/components/999", token: true},
			404, notFoundBody("Component"))
		got, err := c.Components.Get(t.Context(), 999)
		assert.Nil(t, got)
		assert.ErrorIs(t, err, ErrNotFound)
		var apiErr *APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, "/status/api/v1/components/999", apiErr.Path)
		assert.Equal(t, `No query results for model [CachetHQ\Cachet\Models\Component].`, apiErr.Errors[0].Detail)
	})
	t.Run("Create validation", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "POST /components", wantRequest{method: "POST", path: "/components",
			body: `{"name":"","status":0}`, token: true}, 400, validationBody)
		_, err := c.Components.Create(t.Context(), CreateComponentRequest{})
		assert.ErrorIs(t, err, ErrValidation)
		var apiErr *APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, []string{"The name field is required.", "The status field is required."}, apiErr.Errors[0].Details)
	})
	t.Run("Delete unauthorized guest", func(t *testing.T) {
		t.Parallel()
		guest, mux := setupGuest(t)
		handle(t, mux, "DELETE /components/1", wantRequest{method: "DELETE", path: "/components/1"}, 401,
			`{"errors":[{"id":"x","status":401,"title":"Unauthorized","detail":"Authentication is required and has failed or has not yet been provided."}]}`)
		assert.ErrorIs(t, guest.Components.Delete(t.Context(), 1), ErrUnauthorized)
	})
}
