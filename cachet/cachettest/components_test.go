package cachettest

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var componentGetKeys = []string{"created_at", "deleted_at", "description", "enabled", "group_id", "id", "link", "meta", "name", "order", "status", "status_name", "tags", "updated_at"}

func TestComponentGet(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.Handler.AddComponent(Component{Name: "API", Status: 1, Enabled: true})
	r := send(t, s, req{path: "/components/1"})
	require.Equal(t, http.StatusOK, r.Status)
	assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
	assert.JSONEq(t, `{"data":{"id":1,"name":"API","description":"","link":"","status":1,"order":0,"group_id":0,
		"enabled":true,"meta":null,"created_at":"2024-03-01 12:00:00","updated_at":"2024-03-01 12:00:00",
		"deleted_at":null,"status_name":"Operational","tags":[]}}`, string(r.Body))
}

func TestQuirk1_CreateIs200DeleteIs204(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		createPath string // "" when the resource has no POST route
		createBody string
		deletePath string
	}{
		{"component", "/components", `{"name":"API","status":1}`, "/components/2"},
		{"group", "/components/groups", `{"name":"G"}`, "/components/groups/2"},
		{"incident", "/incidents", `{"name":"I","status":1,"message":"m"}`, "/incidents/2"},
		{"incident update", "/incidents/1/updates", `{"status":2,"message":"m"}`, "/incidents/1/updates/2"},
		{"metric", "/metrics", `{"name":"M","suffix":"ms","description":"d","default_value":0}`, "/metrics/2"},
		{"metric point", "/metrics/1/points", `{"value":3}`, "/metrics/1/points/2"},
		{"schedule", "/schedules", `{"name":"S","status":0,"scheduled_at":"2024-03-02 10:00"}`, "/schedules/2"},
		{"subscriber", "/subscribers", `{"email":"new@example.com"}`, "/subscribers/2"},
		{"subscription", "", "", "/subscriptions/1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newTestServer(t)
			s.Handler.AddComponent(Component{Name: "c", Status: 1, Enabled: true})
			s.Handler.AddGroup(ComponentGroup{Name: "g"})
			s.Handler.AddIncident(Incident{Name: "i", Status: 1, Visible: 1, Message: "m"})
			s.Handler.AddIncidentUpdate(IncidentUpdate{IncidentID: 1, Status: 1, Message: "u", UserID: 1})
			s.Handler.AddMetric(Metric{Name: "m", Suffix: "ms", Threshold: 5})
			s.Handler.AddMetricPoint(MetricPoint{MetricID: 1, Value: 1})
			s.Handler.AddSchedule(Schedule{Name: "s", ScheduledAt: fixedNow})
			s.Handler.AddSubscriber(Subscriber{Email: "old@example.com", Global: true})
			s.Handler.AddSubscription(Subscription{SubscriberID: 1, ComponentID: 1})
			if tt.createPath != "" {
				created := send(t, s, req{method: "POST", path: tt.createPath, json: tt.createBody, token: true})
				require.Equal(t, http.StatusOK, created.Status, "create answers 200, not 201: %s", created.Body)
				assert.Equal(t, 2, num(t, created.Data(t)["id"]))
			}
			deleted := send(t, s, req{method: "DELETE", path: tt.deletePath, token: true})
			assert.Equal(t, http.StatusNoContent, deleted.Status, "%s", deleted.Body)
			assert.Empty(t, deleted.Body)
			assert.Empty(t, deleted.Header.Get("Content-Type"))
			assert.Equal(t, http.StatusNotFound, send(t, s, req{method: "DELETE", path: tt.deletePath, token: true}).Status, "the row is gone")
		})
	}
}

func TestQuirk36_ComponentPostOmitsDeletedAt(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	r := send(t, s, req{method: "POST", path: "/components", json: `{"name":"API","status":2,"description":" d ","link":"https://a.test","order":3,"group_id":"7","enabled":false,"meta":{"k":"v"}}`, token: true})
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	d := r.Data(t)
	assert.NotContains(t, d, "deleted_at")
	assert.JSONEq(t, `{"data":{"id":1,"name":"API","description":"d","link":"https://a.test","status":2,"order":3,"group_id":7,
		"enabled":false,"meta":{"k":"v"},"created_at":"2024-03-01 12:00:00","updated_at":"2024-03-01 12:00:00",
		"status_name":"Performance Issues","tags":[]}}`, string(r.Body))
	stored, ok := s.Handler.Component(1)
	require.True(t, ok)
	assert.Equal(t, 7, stored.GroupID)
	assert.False(t, stored.Enabled)
}

func TestQuirk12_MissingOrGarbageStatusIsUnknown(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	tests := []struct {
		name    string
		body    string
		status  int
		details []string
	}{
		{"missing status", `{"name":"a"}`, 200, nil},
		{"garbage status", `{"name":"a","status":"abc"}`, 200, nil},
		{"null status", `{"name":"a","status":null}`, 200, nil},
		{"status 5", `{"name":"a","status":5}`, 400, []string{"The status may not be greater than 4."}},
		{"no name", `{"status":1}`, 400, []string{"The name field is required."}},
		{"tags array", `{"name":"a","tags":["x"]}`, 400, []string{"The tags must be a string."}},
		{"bad link and order", `{"name":"a","link":"not a url","order":"x"}`, 400, []string{"The link format is invalid.", "The order must be an integer."}},
		{"meta not an object", `{"name":"a","meta":"x"}`, 400, []string{"The meta must be an array."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := send(t, s, req{method: "POST", path: "/components", json: tt.body, token: true})
			require.Equal(t, tt.status, r.Status, "%s", r.Body)
			if tt.status == 200 {
				assert.Equal(t, 0, num(t, r.Data(t)["status"]))
				assert.Equal(t, "Unknown", r.Data(t)["status_name"])
				return
			}
			assert.Equal(t, tt.details, r.Details(t))
		})
	}
}

func TestQuirk2_ValidationIs400WithDetails(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	r := send(t, s, req{method: "POST", path: "/components", json: `{}`, token: true})
	require.Equal(t, http.StatusBadRequest, r.Status)
	e := r.Error(t)
	assert.Equal(t, []string{"detail", "id", "meta", "status", "title"}, keys(e))
	assert.Equal(t, "Bad Request", e["title"])
	assert.Equal(t, "The request cannot be fulfilled due to bad syntax.", e["detail"])
	assert.Equal(t, []string{"The name field is required."}, r.Details(t))
}

func TestComponentBodyEncodings(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		rq   req
	}{
		{"json", req{json: `{"name":"  API  ","status":1}`}},
		{"form", req{form: "name=+API+&status=1"}},
		{"query string", req{path: "?name=API&status=1"}},
		{"json+suffix content type", req{json: `{"name":"API","status":1}`, headers: map[string]string{"Content-Type": "application/vnd.api+json"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newTestServer(t)
			rq := tt.rq
			rq.method, rq.path, rq.token = "POST", "/components"+rq.path, true
			r := send(t, s, rq)
			require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
			assert.Equal(t, "API", r.Data(t)["name"])
			assert.Equal(t, 1, num(t, r.Data(t)["status"]))
		})
	}
	t.Run("json without json content type is not parsed", func(t *testing.T) {
		t.Parallel()
		s := newTestServer(t)
		r := send(t, s, req{method: "POST", path: "/components", json: `{"name":"API"}`, token: true, headers: map[string]string{"Content-Type": "text/plain"}})
		assert.Equal(t, http.StatusBadRequest, r.Status)
	})
	t.Run("body first, query string as fallback, null entries dropped", func(t *testing.T) {
		t.Parallel()
		s := newTestServer(t)
		r := send(t, s, req{method: "POST", path: "/components?name=Query&status=3", token: true,
			json: `{"name":"Body","meta":{"gone":null,"kept":1,"list":[null,"x"]}}`})
		require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
		d := r.Data(t)
		assert.Equal(t, "Body", d["name"], "the body wins over the query string")
		assert.Equal(t, 3, num(t, d["status"]), "the query string fills what the body lacks")
		assert.JSONEq(t, `{"kept":1,"list":{"1":"x"}}`, mustJSON(t, d["meta"]), "PHP keeps the keys of the remaining entries")
	})
}

func TestComponentEnabledCast(t *testing.T) {
	t.Parallel()
	tests := []struct {
		body string
		want bool
	}{
		{`{"name":"a","enabled":"false"}`, true},
		{`{"name":"a","enabled":"0"}`, false},
		{`{"name":"a","enabled":0}`, false},
		{`{"name":"a","enabled":false}`, false},
		{`{"name":"a"}`, true},
	}
	for _, tt := range tests {
		t.Run(tt.body, func(t *testing.T) {
			t.Parallel()
			s := newTestServer(t)
			r := send(t, s, req{method: "POST", path: "/components", json: tt.body, token: true})
			require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
			assert.Equal(t, tt.want, r.Data(t)["enabled"])
		})
	}
}

func TestQuirk11_TagsAndMetaShapes(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	r := send(t, s, req{method: "POST", path: "/components", json: `{"name":"a","tags":"Foo Bar, baz ,","meta":{}}`, token: true})
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	d := r.Data(t)
	assert.Equal(t, map[string]any{"foo-bar": "Foo Bar", "baz": "baz"}, d["tags"])
	assert.Equal(t, []any{}, d["meta"], "an empty meta object round-trips as []")
	plain := send(t, s, req{method: "POST", path: "/components", json: `{"name":"b"}`, token: true}).Data(t)
	assert.Equal(t, []any{}, plain["tags"])
	assert.Nil(t, plain["meta"])
}

func TestQuirk13_TagsReplacedNotCleared(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.Handler.AddComponent(Component{Name: "a", Enabled: true, Tags: []string{"Old"}})
	r := send(t, s, req{method: "PUT", path: "/components/1", json: `{"tags":""}`, token: true})
	assert.Equal(t, map[string]any{"old": "Old"}, r.Data(t)["tags"])
	r = send(t, s, req{method: "PUT", path: "/components/1", json: `{"tags":"New"}`, token: true})
	assert.Equal(t, map[string]any{"new": "New"}, r.Data(t)["tags"])
	r = send(t, s, req{method: "PUT", path: "/components/1", json: `{"tags":["x"]}`, token: true})
	assert.Equal(t, http.StatusInternalServerError, r.Status)
}

func TestComponentUpdate(t *testing.T) {
	t.Parallel()
	later := fixedNow.Add(time.Hour)
	clock := func() time.Time { return later }
	s := newTestServer(t, WithClock(clock))
	s.Handler.AddComponent(Component{Name: "API", Status: 1, Enabled: false, Meta: map[string]any{"a": 1}, CreatedAt: fixedNow})
	r := send(t, s, req{method: "PUT", path: "/components/1", json: `{"status":"3","meta":{"b":2}}`, token: true})
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	d := r.Data(t)
	assert.Equal(t, componentGetKeys, keys(d))
	assert.Equal(t, 3, num(t, d["status"]))
	assert.Equal(t, false, d["enabled"], "enabled defaults to the current value")
	assert.Equal(t, map[string]any{"b": json.Number("2")}, d["meta"], "meta is replaced")
	assert.Equal(t, "2024-03-01 12:00:00", d["created_at"])
	assert.Equal(t, "2024-03-01 13:00:00", d["updated_at"])

	for _, tt := range []struct {
		body    string
		details []string
	}{
		{`{"status":"abc"}`, []string{"The status must be an integer."}},
		{`{"status":7}`, []string{"The status may not be greater than 4."}},
		{`{"enabled":"false"}`, []string{"The enabled field must be true or false."}},
	} {
		bad := send(t, s, req{method: "PUT", path: "/components/1", json: tt.body, token: true})
		assert.Equal(t, http.StatusBadRequest, bad.Status, tt.body)
		assert.Equal(t, tt.details, bad.Details(t), tt.body)
	}
}

func TestQuirk37_ComponentDeleteIsSoft(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.Handler.AddComponent(Component{Name: "a", Enabled: true})
	s.Handler.AddIncident(Incident{Name: "i", ComponentID: 1, Visible: 1, Message: "m"})
	require.Equal(t, http.StatusNoContent, send(t, s, req{method: "DELETE", path: "/components/1", token: true}).Status)
	assert.Equal(t, http.StatusNotFound, send(t, s, req{path: "/components/1"}).Status)
	assert.Equal(t, http.StatusNotFound, send(t, s, req{method: "DELETE", path: "/components/1", token: true}).Status)
	created := send(t, s, req{method: "POST", path: "/components", json: `{"name":"b"}`, token: true})
	assert.Equal(t, 2, num(t, created.Data(t)["id"]), "ids are not reused")
	inc, _ := s.Handler.Incident(1)
	assert.Equal(t, 1, inc.ComponentID, "incidents keep their component_id")
}

func TestQuirk32_ComponentVisibility(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	g := s.Handler.AddGroup(ComponentGroup{Name: "private", Visible: 0})
	s.Handler.AddComponent(Component{Name: "in private group", Enabled: true, GroupID: g.ID})
	s.Handler.AddComponent(Component{Name: "disabled", Enabled: false})
	list := send(t, s, req{path: "/components"}).List(t)
	require.Len(t, list, 1, "guests see enabled components, whatever the group visibility")
	assert.Equal(t, "in private group", list[0].(map[string]any)["name"])
	r := send(t, s, req{path: "/components/2"})
	assert.Equal(t, http.StatusOK, r.Status, "single GETs ignore enabled")
}

func TestQuirk6_SortAlwaysDescending(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	for _, n := range []string{"b", "a", "c"} {
		s.Handler.AddComponent(Component{Name: n, Enabled: true})
	}
	names := func(path string) []string {
		var out []string
		for _, x := range send(t, s, req{path: path}).List(t) {
			out = append(out, x.(map[string]any)["name"].(string))
		}
		return out
	}
	assert.Equal(t, []string{"b", "a", "c"}, names("/components"), "no sort: id order")
	assert.Equal(t, []string{"c", "b", "a"}, names("/components?sort=name"))
	assert.Equal(t, []string{"c", "b", "a"}, names("/components?sort=name&order=asc"))
	assert.Equal(t, []string{"c", "b", "a"}, names("/components?sort=name&order=desc"))
	assert.Equal(t, []string{"b", "a", "c"}, names("/components?sort=nope"), "unknown sort column is ignored")
}

func TestQuirk7_FilterWithNonColumnIs500(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.Handler.AddComponent(Component{Name: "up", Status: 1, Enabled: true, Tags: []string{"Core"}})
	s.Handler.AddComponent(Component{Name: "down", Status: 4, Enabled: true})
	tests := []struct {
		path   string
		status int
		count  int
	}{
		{"/components?status=1", 200, 1},
		{"/components?name=DOWN", 200, 1},
		{"/components?status=1&page=2", 500, 0},
		{"/components?status=1&foo=bar", 500, 0},
		{"/components?status=1&tags=core", 500, 0},
		{"/components?foo=bar", 200, 2},
		{"/components?tags=core", 200, 1},
		{"/components?tags[]=core&tags[]=nope", 200, 1},
		{"/components?tags=nope", 200, 0},
		{"/components?status=1&sort=id&order=asc&per_page=5", 200, 1},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			t.Parallel()
			r := send(t, s, req{path: tt.path})
			require.Equal(t, tt.status, r.Status, "%s", r.Body)
			if tt.status == 200 {
				assert.Len(t, r.List(t), tt.count)
			} else {
				assert.Equal(t, "Internal Server Error", r.Error(t)["title"])
			}
		})
	}
}

func TestComponentMultipartBody(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	require.NoError(t, mw.WriteField("name", " API "))
	require.NoError(t, mw.WriteField("status", "2"))
	require.NoError(t, mw.WriteField("tags", "A,B"))
	require.NoError(t, mw.Close())
	r := send(t, s, req{method: "POST", path: "/components", form: buf.String(), token: true,
		headers: map[string]string{"Content-Type": mw.FormDataContentType()}})
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	d := r.Data(t)
	assert.Equal(t, "API", d["name"])
	assert.Equal(t, 2, num(t, d["status"]))
	assert.Equal(t, map[string]any{"a": "A", "b": "B"}, d["tags"])
}
