package cachettest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSearchFollowsTheDatabase pins Cachet 2.4's list search (quirk 7,
// §1.8) on every list that searches: IncidentController.php:37,
// ComponentController.php:43 and ComponentGroupController.php:62 pass every
// input but sort, order and per_page to SearchableTrait::scopeSearch, which
// does nothing unless one name is exactly a $searchable name
// (SearchableTrait.php:37) and otherwise makes every name a where on a
// column (SearchableTrait.php:41). MySQL and SQLite read column names
// whatever their case, so only a name that is not a column of the table
// (page, tags, foo) fails with the 500 of an SQL error.
func TestSearchFollowsTheDatabase(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.Handler.AddComponent(Component{Name: "api", Status: 1, Enabled: true, Description: ""})
	s.Handler.AddComponent(Component{Name: "db", Status: 1, Enabled: true, Description: "primary"})
	s.Handler.AddComponent(Component{Name: "web", Status: 4, Enabled: true, Description: ""})
	s.Handler.AddIncident(Incident{Name: "a", ComponentID: 1, Status: 3, Visible: 1, Message: "m"})
	s.Handler.AddIncident(Incident{Name: "b", ComponentID: 2, Status: 3, Visible: 1, Message: "other"})
	s.Handler.AddIncident(Incident{Name: "c", ComponentID: 1, Status: 4, Visible: 1, Message: "m"})
	s.Handler.AddGroup(ComponentGroup{Name: "edge", Visible: 1, Collapsed: 1})
	s.Handler.AddGroup(ComponentGroup{Name: "core", Visible: 1, Collapsed: 0})
	tests := []struct {
		name   string
		path   string
		status int
		want   []string // names in the answer (200 only)
	}{
		// Incidents: searchable id,user_id,component_id,name,status,visible,stickied (Incident.php:144).
		{"incidents case-folded column", "/incidents?component_Id=1&status=3", 200, []string{"a"}},
		{"incidents case-folded column alone does not search", "/incidents?component_Id=2", 200, []string{"a", "b", "c"}},
		{"incidents real non-searchable column", "/incidents?status=3&message=m", 200, []string{"a"}},
		{"incidents non-searchable column alone does not search", "/incidents?message=m", 200, []string{"a", "b", "c"}},
		{"incidents timestamp column", "/incidents?status=3&created_at=2024-03-01%2012:00:00", 200, []string{"a", "b"}},
		{"incidents deleted_at is a column", "/incidents?status=3&deleted_at=2024-03-01", 200, []string{}},
		{"incidents non-column name", "/incidents?status=3&foo=1", 500, nil},
		{"incidents with page", "/incidents?status=3&page=1", 500, nil},
		{"incidents case-folded column with page", "/incidents?component_Id=1&status=3&page=1", 500, nil},
		{"incidents page alone does not search", "/incidents?page=1", 200, []string{"a", "b", "c"}},
		// Components: searchable id,name,status,order,group_id,enabled (Component.php:100).
		{"components real non-searchable column, empty value", "/components?status=1&description=", 200, []string{"api"}},
		{"components case-folded column", "/components?status=1&DESCRIPTION=primary", 200, []string{"db"}},
		{"components case-folded searchable name alone does not search", "/components?Status=4", 200, []string{"api", "db", "web"}},
		{"components non-column name", "/components?status=1&foo=", 500, nil},
		{"components with page", "/components?status=1&description=&page=1", 500, nil},
		// Component groups: searchable id,name,order,collapsed,visible (ComponentGroup.php:94).
		{"groups case-folded column", "/components/groups?Visible=1&collapsed=0", 200, []string{"core"}},
		{"groups real non-searchable column", "/components/groups?collapsed=1&updated_at=2024-03-01%2012:00:00", 200, []string{"edge"}},
		{"groups non-column name", "/components/groups?collapsed=1&description=x", 500, nil},
		{"groups with page", "/components/groups?collapsed=1&page=1", 500, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := send(t, s, req{path: tt.path, token: true})
			require.Equal(t, tt.status, r.Status, "%s", r.Body)
			if tt.status != 200 {
				assert.JSONEq(t, `{"errors":[{"id":"`+r.Error(t)["id"].(string)+`","status":500,"title":"Internal Server Error","detail":"An error has occurred and this resource cannot be displayed."}]}`, string(r.Body))
				return
			}
			got := []string{}
			for _, x := range r.List(t) {
				got = append(got, x.(map[string]any)["name"].(string))
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

// TestSearchNullIsIsNull pins Laravel's where with a null value (a JSON body
// field of the GET): "column IS NULL", not "column = NULL".
func TestSearchNullIsIsNull(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.Handler.AddIncident(Incident{Name: "legacy", Status: 1, Visible: 1})
	s.Handler.AddIncident(Incident{Name: "ours", UserID: 1, Status: 1, Visible: 1})
	r := send(t, s, req{path: "/incidents", json: `{"status":1,"user_id":null}`, token: true})
	require.Equal(t, 200, r.Status, "%s", r.Body)
	rows := r.List(t)
	require.Len(t, rows, 1)
	assert.Equal(t, "legacy", rows[0].(map[string]any)["name"])
}
