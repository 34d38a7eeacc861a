package cachettest

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var incidentGetKeys = []string{"component_id", "created_at", "deleted_at", "duration", "human_status", "id", "is_resolved",
	"latest_human_status", "latest_icon", "latest_status", "latest_update_id", "message", "meta", "name", "notifications",
	"occurred_at", "permalink", "status", "stickied", "updated_at", "updates", "user_id", "visible"}

func TestQuirk36_IncidentPostShape(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	r := send(t, s, req{method: "POST", path: "/incidents", json: `{"name":"DB slow","status":1,"message":"  raw  ","notify":false}`, token: true})
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	assert.JSONEq(t, `{"data":{"id":1,"user_id":1,"name":"DB slow","status":1,"visible":1,"stickied":false,
		"notifications":false,"message":"  raw  ","occurred_at":"2024-03-01 12:00:00","created_at":"2024-03-01 12:00:00",
		"updated_at":"2024-03-01 12:00:00","is_resolved":false,"updates":[],"human_status":"Investigating",
		"latest_update_id":null,"latest_status":1,"latest_human_status":"Investigating",
		"latest_icon":"icon ion-flag oranges","permalink":"`+s.URL+`/incidents/1","duration":0,"meta":[]}}`, string(r.Body))
	get := send(t, s, req{path: "/incidents/1"}).Data(t)
	assert.Equal(t, incidentGetKeys, keys(get))
	assert.Equal(t, 0, num(t, get["component_id"]))
}

func TestIncidentValidation(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	tests := []struct {
		body    string
		details []string
	}{
		{`{}`, []string{"The name field is required.", "The status field is required."}},
		{`{"name":"x","status":5,"message":"m"}`, []string{"The status may not be greater than 4."}},
		{`{"name":"x","status":1}`, []string{"The message field is required."}},
		{`{"name":"x","status":1,"message":"m","component_id":1}`, []string{"The component status field is required when component id is present."}},
		{`{"name":"x","status":1,"message":"m","component_status":1}`, []string{"The component id field is required when component status is present."}},
		{`{"name":"x","status":1,"message":"m","meta":[]}`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.body, func(t *testing.T) {
			t.Parallel()
			r := send(t, s, req{method: "POST", path: "/incidents", json: tt.body, token: true})
			if tt.details == nil {
				assert.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
				return
			}
			require.Equal(t, http.StatusBadRequest, r.Status, "%s", r.Body)
			assert.Equal(t, tt.details, r.Details(t))
		})
	}
}

func TestQuirk18_NullVarsOrMetaIs500(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	for _, body := range []string{
		`{"name":"x","status":1,"message":"m","vars":null}`,
		`{"name":"x","status":1,"message":"m","meta":null}`,
		`{"name":"x","status":1,"message":"m","vars":"a"}`,
	} {
		r := send(t, s, req{method: "POST", path: "/incidents", json: body, token: true})
		assert.Equal(t, http.StatusInternalServerError, r.Status, body)
	}
}

func TestQuirk17_OccurredAtFormat(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	ok := send(t, s, req{method: "POST", path: "/incidents", json: `{"name":"x","status":1,"message":"m","occurred_at":"2024-02-29 08:15"}`, token: true})
	require.Equal(t, http.StatusOK, ok.Status, "%s", ok.Body)
	assert.Equal(t, "2024-02-29 08:15:00", ok.Data(t)["occurred_at"])
	zoned := send(t, s, req{method: "POST", path: "/incidents", json: `{"name":"x","status":1,"message":"m","occurred_at":"2024-02-29 08:15"}`, token: true,
		headers: map[string]string{"Time-Zone": "Europe/Berlin"}})
	inc, _ := s.Handler.Incident(num(t, zoned.Data(t)["id"]))
	assert.Equal(t, time.Date(2024, 2, 29, 7, 15, 0, 0, time.UTC), inc.OccurredAt)
	for _, bad := range []string{"2024-02-29 08:15:00", "2024-02-29T08:15:00Z", "yesterday"} {
		r := send(t, s, req{method: "POST", path: "/incidents", json: `{"name":"x","status":1,"message":"m","occurred_at":"` + bad + `"}`, token: true})
		assert.Equal(t, http.StatusInternalServerError, r.Status, bad)
	}
	put := send(t, s, req{method: "PUT", path: "/incidents/1", json: `{"occurred_at":"2024-02-29 08:15:30"}`, token: true})
	assert.Equal(t, http.StatusInternalServerError, put.Status)
}

func TestQuirk16_IncidentPutDefaults(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.Handler.AddIncident(Incident{Name: "x", Status: 1, Visible: 0, Stickied: true, Message: "m", Meta: map[string]any{"a": "b"}})
	r := send(t, s, req{method: "PUT", path: "/incidents/1", json: `{"status":2,"meta":{"c":"d"},"message":"  new  "}`, token: true})
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	d := r.Data(t)
	assert.Equal(t, 1, num(t, d["visible"]), "omitted visible republishes")
	assert.Equal(t, false, d["stickied"], "omitted stickied un-sticks")
	assert.Equal(t, map[string]any{"a": "b"}, d["meta"], "meta is ignored on PUT")
	assert.Equal(t, "new", d["message"], "PUT message is trimmed")
	assert.Equal(t, 2, num(t, d["status"]))
	assert.Equal(t, incidentGetKeys, keys(d))
}

func TestQuirk20_IncidentSetsComponentStatus(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.Handler.AddComponent(Component{Name: "API", Status: 1, Enabled: true})
	r := send(t, s, req{method: "POST", path: "/incidents", json: `{"name":"x","status":1,"message":"m","component_id":1,"component_status":4}`, token: true})
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	c, _ := s.Handler.Component(1)
	assert.Equal(t, 4, c.Status)
	assert.Equal(t, 1, num(t, r.Data(t)["component_id"]))

	r = send(t, s, req{method: "POST", path: "/incidents", json: `{"name":"x","status":1,"message":"m","component_id":0,"component_status":2}`, token: true})
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	assert.NotContains(t, r.Data(t), "component_id", "a falsy component_id is not linked")

	r = send(t, s, req{method: "POST", path: "/incidents", json: `{"name":"x","status":1,"message":"m","component_id":99,"component_status":2}`, token: true})
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	assert.Equal(t, 99, num(t, r.Data(t)["component_id"]), "an unknown component id is stored")

	put := send(t, s, req{method: "PUT", path: "/incidents/1", json: `{"component_id":1,"component_status":2}`, token: true})
	require.Equal(t, http.StatusOK, put.Status, "%s", put.Body)
	c, _ = s.Handler.Component(1)
	assert.Equal(t, 2, c.Status)
}

func TestQuirk23_IncidentPostEmbedsComponent(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.Handler.AddComponent(Component{Name: "API", Status: 1, Enabled: true})
	notified := send(t, s, req{method: "POST", path: "/incidents", json: `{"name":"x","status":1,"message":"m","component_id":1,"component_status":3}`, token: true}).Data(t)
	require.Contains(t, notified, "component")
	assert.Equal(t, "API", notified["component"].(map[string]any)["name"])
	assert.Equal(t, 3, num(t, notified["component"].(map[string]any)["status"]))
	none := send(t, s, req{method: "POST", path: "/incidents", json: `{"name":"x","status":1,"message":"m"}`, token: true}).Data(t)
	assert.Contains(t, none, "component")
	assert.Nil(t, none["component"])
	silent := send(t, s, req{method: "POST", path: "/incidents", json: `{"name":"x","status":1,"message":"m","notify":false}`, token: true}).Data(t)
	assert.NotContains(t, silent, "component")
	hidden := send(t, s, req{method: "POST", path: "/incidents", json: `{"name":"x","status":1,"message":"m","visible":0}`, token: true}).Data(t)
	assert.NotContains(t, hidden, "component")
}

func TestQuirk24_DurationTicks(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.Handler.AddIncident(Incident{Name: "x", Status: 1, Visible: 1, Message: "m", CreatedAt: fixedNow.Add(-90 * time.Minute)})
	assert.Equal(t, 0, num(t, send(t, s, req{path: "/incidents/1"}).Data(t)["duration"]), "no updates: 0")
	s.Handler.AddIncidentUpdate(IncidentUpdate{IncidentID: 1, Status: 2, Message: "u", UserID: 1})
	assert.Equal(t, 5400, num(t, send(t, s, req{path: "/incidents/1"}).Data(t)["duration"]))
}

func TestQuirk25_IncidentStatusZero(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	r := send(t, s, req{method: "POST", path: "/incidents", json: `{"name":"x","status":0,"message":"m"}`, token: true})
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	d := r.Data(t)
	assert.Equal(t, "cachet.incidents.status.0", d["human_status"])
	assert.Equal(t, "icon ion-android-calendar", d["latest_icon"])
}

func TestIncidentMetaStorage(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	r := send(t, s, req{method: "POST", path: "/incidents", json: `{"name":"x","status":1,"message":"m",
		"meta":{"keep":"v","n":2,"zero":0,"szero":"0","empty":"","f":false,"list":[0,1]}}`, token: true})
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	assert.JSONEq(t, `{"keep":"v","n":2,"list":{"1":1}}`, mustJSON(t, r.Data(t)["meta"]))
}

func TestQuirk32_IncidentVisibilityAndFilters(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.Handler.AddIncident(Incident{Name: "public", Status: 1, Visible: 1, Message: "m"})
	s.Handler.AddIncident(Incident{Name: "hidden", Status: 2, Visible: 0, Message: "m"})
	assert.Len(t, send(t, s, req{path: "/incidents"}).List(t), 1)
	assert.Len(t, send(t, s, req{path: "/incidents", token: true}).List(t), 2)
	assert.Equal(t, http.StatusOK, send(t, s, req{path: "/incidents/2"}).Status, "quirk 32: single GET ignores visibility")
	assert.Len(t, send(t, s, req{path: "/incidents?status=2", token: true}).List(t), 1)
	assert.Equal(t, http.StatusInternalServerError, send(t, s, req{path: "/incidents?status=2&page=1", token: true}).Status)
	list := send(t, s, req{path: "/incidents?sort=id&order=asc", token: true}).List(t)
	assert.Equal(t, "hidden", list[0].(map[string]any)["name"], "quirk 6: descending")
}

func TestQuirk37_IncidentDeleteIsSoft(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.Handler.AddIncident(Incident{Name: "a", Status: 1, Visible: 1, Message: "m"})
	s.Handler.AddIncident(Incident{Name: "b", Status: 1, Visible: 1, Message: "m"})
	s.Handler.AddIncidentUpdate(IncidentUpdate{IncidentID: 1, Status: 2, Message: "u", UserID: 1})
	require.Equal(t, http.StatusNoContent, send(t, s, req{method: "DELETE", path: "/incidents/1", token: true}).Status)
	assert.Equal(t, http.StatusNotFound, send(t, s, req{path: "/incidents/1/updates"}).Status)
	assert.Equal(t, http.StatusOK, send(t, s, req{path: "/incidents/2/updates/1"}).Status, "the update is still reachable through another incident")
	assert.Len(t, s.Handler.IncidentUpdates(1), 1)
}

func TestQuirk19_TemplateRendering(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.Handler.AddComponent(Component{Name: "API", Enabled: true})
	s.Handler.AddTemplate(IncidentTemplate{Name: "Foo", Template: "Name: {{ incident.name }},\nMessage: {{ message }}"})
	s.Handler.AddTemplate(IncidentTemplate{Name: "Loop", Template: "{% for x in y %}{{ x }}{% endfor %}"})
	s.Handler.AddTemplate(IncidentTemplate{Name: "Comp", Template: "{{ incident.component.name }}"})
	s.Handler.AddTemplate(IncidentTemplate{Name: "Cond", Template: "{% if incident.stickied %}sticky{% else %}{{ who|escape }}{% endif %}"})
	tests := []struct {
		name, body string
		status     int
		message    string
	}{
		{"variables escaped with trailing space", `{"name":"Foo <b>","status":1,"template":"foo","vars":{"message":"Hello there, it's a foo!"}}`, 200, "Name: Foo &lt;b&gt;,\nMessage: Hello there, it&#039;s a foo! "},
		{"if and escape", `{"name":"x","status":1,"template":"cond","vars":{"who":"A&B"}}`, 200, "A&amp;B "},
		{"if true", `{"name":"x","status":1,"template":"cond","stickied":true}`, 200, "sticky "},
		{"unknown template falls back to message", `{"name":"x","status":1,"template":"nope","message":"plain"}`, 200, "plain"},
		{"for is not allowed", `{"name":"x","status":1,"template":"loop"}`, 500, ""},
		{"component property access is not allowed", `{"name":"x","status":1,"template":"comp","component_id":1,"component_status":1}`, 500, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := send(t, s, req{method: "POST", path: "/incidents", json: tt.body, token: true})
			require.Equal(t, tt.status, r.Status, "%s", r.Body)
			if tt.status == 200 {
				assert.Equal(t, tt.message, r.Data(t)["message"])
			}
		})
	}
}

func TestQuirk8_TemplatesSortIs500(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.Handler.AddTemplate(IncidentTemplate{Name: "Major Outage", Template: "x"})
	r := send(t, s, req{path: "/incidents/templates"})
	require.Equal(t, http.StatusOK, r.Status)
	list := r.List(t)
	require.Len(t, list, 1)
	assert.JSONEq(t, `{"id":1,"name":"Major Outage","slug":"major-outage","template":"x","created_at":"2024-03-01 12:00:00",
		"updated_at":"2024-03-01 12:00:00","deleted_at":null}`, mustJSON(t, list[0]))
	assert.Equal(t, http.StatusOK, send(t, s, req{path: "/incidents/templates/1"}).Status)
	missing := send(t, s, req{path: "/incidents/templates/2"})
	assert.Equal(t, http.StatusNotFound, missing.Status)
	assert.Equal(t, `No query results for model [CachetHQ\Cachet\Models\IncidentTemplate].`, missing.Error(t)["detail"])
	assert.Equal(t, http.StatusInternalServerError, send(t, s, req{path: "/incidents/templates?sort=id"}).Status)
	assert.Equal(t, http.StatusInternalServerError, send(t, s, req{path: "/incidents/templates?sort=nope"}).Status)
}
