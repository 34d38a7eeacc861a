package cachet

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestComponentGroupDecode(t *testing.T) {
	t.Parallel()
	var g ComponentGroup
	require.NoError(t, json.Unmarshal([]byte(groupJSON), &g))
	assert.Equal(t, 5, g.ID)
	assert.Equal(t, GroupCollapsedUnlessIssue, g.Collapsed)
	assert.Equal(t, GroupVisibilityPublic, g.Visible)
	require.Len(t, g.EnabledComponents, 1)
	assert.Equal(t, "Database", g.EnabledComponents[0].Name)
	require.Len(t, g.EnabledComponentsLowest, 1)
	assert.Equal(t, "Partial Outage", g.LowestHumanStatus)

	var created ComponentGroup
	require.NoError(t, json.Unmarshal([]byte(groupCreatedJSON), &created))
	assert.Equal(t, ComponentGroup{ID: 6, Name: "Frontend", CreatedAt: time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC),
		UpdatedAt: time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)}, created)
}

func TestComponentGroupsEndpoints(t *testing.T) {
	t.Parallel()
	t.Run("List", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "GET /components/groups", wantRequest{method: "GET", path: "/components/groups",
			query: "collapsed=0&name=Backend&order=desc&per_page=50&sort=order&visible=1", token: true},
			200, listOf(groupJSON, 1, 1, 50, 1, 1))
		page, err := c.ComponentGroups.List(t.Context(), &ListComponentGroupsOptions{
			ListOptions: ListOptions{PerPage: 50}, Name: "Backend", Collapsed: Ptr(GroupExpanded),
			Visible: Ptr(GroupVisibilityPublic), Sort: "order", Order: "desc"})
		require.NoError(t, err)
		require.Len(t, page.Items, 1)
		assert.Equal(t, "Backend", page.Items[0].Name)
	})
	t.Run("Get", func(t *testing.T) {
		t.Parallel()
		c, mux := setupGuest(t)
		handle(t, mux, "GET /components/groups/5", wantRequest{method: "GET", path: "/components/groups/5"},
			200, dataOf(groupJSON))
		got, err := c.ComponentGroups.Get(t.Context(), 5)
		require.NoError(t, err)
		assert.Equal(t, 5, got.ID)
	})
	t.Run("Create", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "POST /components/groups", wantRequest{method: "POST", path: "/components/groups",
			body: `{"name":"Frontend","order":0,"collapsed":0,"visible":0}`, token: true}, 200, dataOf(groupCreatedJSON))
		got, err := c.ComponentGroups.Create(t.Context(), CreateComponentGroupRequest{Name: "Frontend",
			Order: Ptr(0), Collapsed: Ptr(GroupExpanded), Visible: Ptr(GroupVisibilityAuthenticated)})
		require.NoError(t, err)
		assert.Equal(t, 6, got.ID)
		assert.Empty(t, got.LowestHumanStatus)
	})
	t.Run("Update", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "PUT /components/groups/5", wantRequest{method: "PUT", path: "/components/groups/5",
			body: `{"name":"Backend","order":1,"visible":1}`, token: true}, 200, dataOf(groupJSON))
		got, err := c.ComponentGroups.Update(t.Context(), 5, UpdateComponentGroupRequest{Name: Ptr("Backend"),
			Order: Ptr(1), Visible: Ptr(GroupVisibilityPublic)})
		require.NoError(t, err)
		assert.Equal(t, "Backend", got.Name)
	})
	t.Run("Delete", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "DELETE /components/groups/5", wantRequest{method: "DELETE", path: "/components/groups/5",
			token: true}, 204, "")
		require.NoError(t, c.ComponentGroups.Delete(t.Context(), 5))
	})
	t.Run("Delete not found", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		handle(t, mux, "DELETE /components/groups/9", wantRequest{method: "DELETE", path: "/components/groups/9",
			token: true}, 404, notFoundBody("ComponentGroup"))
		assert.ErrorIs(t, c.ComponentGroups.Delete(t.Context(), 9), ErrNotFound)
	})
}
