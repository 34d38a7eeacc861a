package cachettest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzHandler sends arbitrary requests (method, target, content type,
// extra header lines "Name: value" and body) to a fake seeded with a row
// of every table. Invariants: no handler panics (the dispatcher's recover
// counts them), the status is a valid code, a JSON body is valid JSON, and
// a JSON error is Cachet's envelope with exactly one error whose status is
// the HTTP status.
func FuzzHandler(f *testing.F) {
	seeds := []struct{ method, target, ctype, header, body string }{
		{"GET", "/api/v1/components?per_page=2&page=2", "", "", ""},
		{"GET", "/api/v1/components?status=1&tags[]=a", "", "", ""},
		{"POST", "/api/v1/components", "application/json", "", `{"name":"x","status":"2","meta":{"a":null},"tags":"a, b"}`},
		{"PUT", "/api/v1/components/1", "application/x-www-form-urlencoded", "", "enabled=1&tags=x&meta[k]=v"},
		{"POST", "/api/v1/incidents", "application/json", "", `{"name":"n","status":1,"template":"t","vars":{"x":"<b>"},"meta":{"a":[0,1]}}`},
		{"PUT", "/api/v1/incidents/1", "application/json", "Time-Zone: America/Mexico_City", `{"occurred_at":"2024-01-01 10:00","component_id":1,"component_status":2}`},
		{"POST", "/api/v1/incidents/1/updates", "application/json", "", `{"status":4,"message":"m"}`},
		{"PUT", "/api/v1/components/groups/1", "application/json", "", `{"collapsed":"x"}`},
		{"GET", "/api/v1/components/groups?sort=name&order[]=x", "", "", ""},
		{"POST", "/api/v1/components/1?_method=DELETE", "", "", ""},
		{"GET", "/api/v1/incidents/templates?sort=id", "", "", ""},
		{"OPTIONS", "/api/v1/components", "", "Origin: http://other.test\nAccess-Control-Request-Method: GET\nAccess-Control-Request-Headers: content-type", ""},
		{"GET", "/api/v1/incidents/1", "", "Accept: text/html", ""},
		{"GET", "/api/v1/status", "", "Time-Zone: Not/AZone", ""},
		{"POST", "/api/v1/metrics", "application/json", "", `{"name":"L","suffix":"ms","description":"d","default_value":1.5,"threshold":0}`},
		{"PUT", "/api/v1/metrics/1", "application/json", "", `{"view":4,"display_chart":false}`},
		{"POST", "/api/v1/metrics/1/points", "application/json", "", `{"value":"20.5","timestamp":1709294415}`},
		{"PUT", "/api/v1/metrics/1/points/1", "application/json", "", `{"timestamp":"yesterday"}`},
		{"GET", "/api/v1/metrics/1/points?per_page=-1", "", "", ""},
		{"POST", "/api/v1/schedules", "application/json", "", `{"name":"W","status":1,"scheduled_at":"2024-03-02 10:00:00"}`},
		{"PUT", "/api/v1/schedules/1", "application/x-www-form-urlencoded", "", "completed_at=2024-03-02T11:00&components="},
		{"POST", "/api/v1/subscribers", "application/json", "", `{"email":"a@example.com","components":"1","verify":"false"}`},
		{"GET", "/api/v1/subscribers?page=99999999999999999999", "", "", ""},
		{"DELETE", "/api/v1/subscriptions/1", "", "", ""},
		{"GET", "/api/v1/version", "", "X-Forwarded-Host: a:b:c\nX-Forwarded-Port: x", ""},
	}
	for _, s := range seeds {
		f.Add(s.method, s.target, s.ctype, s.header, s.body)
	}
	f.Fuzz(func(t *testing.T, method, target, ctype, header, body string) {
		h := NewHandler(WithClock(fixedClock))
		h.AddComponent(Component{Name: "c", Status: 1, Enabled: true, Tags: []string{"a"}})
		h.AddGroup(ComponentGroup{Name: "g", Visible: 1})
		h.AddIncident(Incident{Name: "i", Status: 1, Visible: 1, Message: "m"})
		h.AddIncidentUpdate(IncidentUpdate{IncidentID: 1, Status: 2, Message: "u", UserID: 1})
		h.AddTemplate(IncidentTemplate{Name: "t", Template: "{{ x }}{% if incident.name %}!{% endif %}"})
		h.AddMetric(Metric{Name: "m", Suffix: "ms", Places: 2, DefaultView: 1, Threshold: 5, Visible: 1, DisplayChart: true})
		h.AddMetricPoint(MetricPoint{MetricID: 1, Value: 20})
		h.AddSchedule(Schedule{Name: "s", ScheduledAt: fixedNow, Components: []ScheduleComponent{{ComponentID: 1, ComponentStatus: 2}}})
		h.AddSubscriber(Subscriber{Email: "s@example.com", Global: true, VerifiedAt: fixedNow})
		h.AddSubscription(Subscription{SubscriberID: 1, ComponentID: 1})
		if !strings.HasPrefix(target, "/") {
			target = "/" + target
		}
		r, err := http.NewRequest(method, "http://status.test"+target, strings.NewReader(body))
		if err != nil {
			return
		}
		r.Header.Set("Content-Type", ctype)
		r.Header.Set("X-Cachet-Token", DefaultToken)
		for line := range strings.Lines(header) {
			name, value, ok := strings.Cut(strings.TrimSpace(line), ":")
			if ok && name != "" {
				r.Header.Add(name, strings.TrimSpace(value))
			}
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		if n := h.panics.Load(); n != 0 {
			t.Fatalf("%s %s (%q, %q, %q) panicked", method, target, ctype, header, body)
		}
		if rec.Code < 200 || rec.Code > 599 {
			t.Fatalf("status %d", rec.Code)
		}
		if !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
			return
		}
		var doc struct {
			Errors []struct {
				ID     string
				Status int
				Title  string
				Detail string
			}
		}
		if err := json.Unmarshal(bytes.TrimSpace(rec.Body.Bytes()), &doc); err != nil {
			t.Fatalf("invalid JSON body %q: %v", rec.Body.String(), err)
		}
		if rec.Code >= 400 {
			if len(doc.Errors) != 1 || doc.Errors[0].Status != rec.Code || doc.Errors[0].ID == "" || doc.Errors[0].Title == "" || doc.Errors[0].Detail == "" {
				t.Fatalf("%d with a body that is not Cachet's error envelope: %s", rec.Code, rec.Body.String())
			}
		}
	})
}
