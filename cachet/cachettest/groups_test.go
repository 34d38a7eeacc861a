package cachettest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestGroupGetShape(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	g := s.Handler.AddGroup(ComponentGroup{Name: "Core", Visible: 1, Collapsed: 2})
	s.Handler.AddComponent(Component{Name: "b", Status: 3, Order: 2, GroupID: g.ID, Enabled: true})
	s.Handler.AddComponent(Component{Name: "a", Status: 1, Order: 1, GroupID: g.ID, Enabled: true})
	s.Handler.AddComponent(Component{Name: "off", Status: 4, GroupID: g.ID, Enabled: false})
	r := send(t, s, req{path: "/components/groups/1"})
	require.Equal(t, http.StatusOK, r.Status)
	d := r.Data(t)
	assert.Equal(t, []string{"collapsed", "created_at", "enabled_components", "enabled_components_lowest", "id", "lowest_human_status", "name", "order", "updated_at", "visible"}, keys(d))
	assert.Equal(t, "Partial Outage", d["lowest_human_status"])
	names := func(key string) []string {
		var out []string
		for _, c := range d[key].([]any) {
			comp := c.(map[string]any)
			assert.Equal(t, componentGetKeys, keys(comp))
			out = append(out, comp["name"].(string))
		}
		return out
	}
	assert.Equal(t, []string{"a", "b"}, names("enabled_components"), "by order")
	assert.Equal(t, []string{"b", "a"}, names("enabled_components_lowest"), "by status, worst first")
	assert.Equal(t, 2, num(t, d["collapsed"]))
}

func TestQuirk15_NewGroupsArePrivate(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	r := send(t, s, req{method: "POST", path: "/components/groups", json: `{"name":"G"}`, token: true})
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	assert.JSONEq(t, `{"data":{"id":1,"name":"G","order":0,"collapsed":0,"visible":0,
		"created_at":"2024-03-01 12:00:00","updated_at":"2024-03-01 12:00:00","lowest_human_status":null}}`, string(r.Body))
	assert.Empty(t, send(t, s, req{path: "/components/groups"}).List(t), "guests do not see private groups")
	assert.Len(t, send(t, s, req{path: "/components/groups", token: true}).List(t), 1)
	assert.Equal(t, http.StatusOK, send(t, s, req{path: "/components/groups/1"}).Status, "single GET ignores visibility")

	for _, tt := range []struct {
		body    string
		details []string
	}{
		{`{"name":"G","visible":2}`, []string{"The visible field must be true or false."}},
		{`{"name":"G","collapsed":5}`, []string{"The collapsed must be between 0 and 4."}},
		{`{"name":"G","collapsed":null}`, []string{"The collapsed field is required."}},
		{`{}`, []string{"The name field is required."}},
	} {
		bad := send(t, s, req{method: "POST", path: "/components/groups", json: tt.body, token: true})
		assert.Equal(t, http.StatusBadRequest, bad.Status, tt.body)
		assert.Equal(t, tt.details, bad.Details(t), tt.body)
	}
}

func TestQuirk14_GroupPutResetsOrderAndVisible(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.Handler.AddGroup(ComponentGroup{Name: "G", Order: 5, Visible: 1, Collapsed: 1})
	r := send(t, s, req{method: "PUT", path: "/components/groups/1", json: `{"name":"H"}`, token: true})
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	d := r.Data(t)
	assert.Equal(t, "H", d["name"])
	assert.Equal(t, 0, num(t, d["order"]))
	assert.Equal(t, 0, num(t, d["visible"]))
	assert.Equal(t, 1, num(t, d["collapsed"]), "collapsed keeps its value")
	assert.Contains(t, d, "enabled_components")
}

func TestQuirk6_GroupOrderWorks(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	for _, n := range []string{"b", "a", "c"} {
		s.Handler.AddGroup(ComponentGroup{Name: n, Visible: 1})
	}
	names := func(path string) []string {
		var out []string
		for _, x := range send(t, s, req{path: path}).List(t) {
			out = append(out, x.(map[string]any)["name"].(string))
		}
		return out
	}
	assert.Equal(t, []string{"a", "b", "c"}, names("/components/groups?sort=name"))
	assert.Equal(t, []string{"a", "b", "c"}, names("/components/groups?sort=name&order=asc"))
	assert.Equal(t, []string{"c", "b", "a"}, names("/components/groups?sort=name&order=desc"))
	assert.Equal(t, []string{"c", "b", "a"}, names("/components/groups?sort=name&order=up"))
	assert.Equal(t, []string{"a"}, names("/components/groups?name=a"))
	assert.Equal(t, http.StatusInternalServerError, send(t, s, req{path: "/components/groups?name=a&page=1"}).Status)
}

func TestQuirk37_GroupDeleteUngroups(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	g := s.Handler.AddGroup(ComponentGroup{Name: "G"})
	s.Handler.AddComponent(Component{Name: "on", GroupID: g.ID, Enabled: true})
	s.Handler.AddComponent(Component{Name: "off", GroupID: g.ID})
	require.Equal(t, http.StatusNoContent, send(t, s, req{method: "DELETE", path: "/components/groups/1", token: true}).Status)
	assert.Equal(t, http.StatusNotFound, send(t, s, req{path: "/components/groups/1"}).Status)
	for _, c := range s.Handler.Components() {
		assert.Equal(t, 0, c.GroupID, c.Name)
	}
	assert.Len(t, s.Handler.Components(), 2)
	assert.Empty(t, s.Handler.Groups())
}
