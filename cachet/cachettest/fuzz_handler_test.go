package cachettest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzHandler sends arbitrary requests to a seeded fake: it must answer
// every one with a well-formed response and never panic.
func FuzzHandler(f *testing.F) {
	seeds := []struct{ method, target, ctype, body string }{
		{"GET", "/api/v1/components?per_page=2&page=2", "", ""},
		{"GET", "/api/v1/components?status=1&tags[]=a", "", ""},
		{"POST", "/api/v1/components", "application/json", `{"name":"x","status":"2","meta":{"a":null},"tags":"a, b"}`},
		{"PUT", "/api/v1/components/1", "application/x-www-form-urlencoded", "enabled=1&tags=x&meta[k]=v"},
		{"POST", "/api/v1/incidents", "application/json", `{"name":"n","status":1,"template":"t","vars":{"x":"<b>"},"meta":{"a":[0,1]}}`},
		{"PUT", "/api/v1/incidents/1", "application/json", `{"occurred_at":"2024-01-01 10:00","component_id":1,"component_status":2}`},
		{"POST", "/api/v1/incidents/1/updates", "application/json", `{"status":4,"message":"m"}`},
		{"PUT", "/api/v1/components/groups/1", "application/json", `{"collapsed":"x"}`},
		{"GET", "/api/v1/components/groups?sort=name&order[]=x", "", ""},
		{"POST", "/api/v1/components/1?_method=DELETE", "", ""},
		{"GET", "/api/v1/incidents/templates?sort=id", "", ""},
		{"OPTIONS", "/api/v1/components", "", ""},
	}
	for _, s := range seeds {
		f.Add(s.method, s.target, s.ctype, s.body)
	}
	f.Fuzz(func(t *testing.T, method, target, ctype, body string) {
		h := NewHandler(WithClock(fixedClock))
		h.AddComponent(Component{Name: "c", Status: 1, Enabled: true, Tags: []string{"a"}})
		h.AddGroup(ComponentGroup{Name: "g", Visible: 1})
		h.AddIncident(Incident{Name: "i", Status: 1, Visible: 1, Message: "m"})
		h.AddTemplate(IncidentTemplate{Name: "t", Template: "{{ x }}{% if incident.name %}!{% endif %}"})
		if !strings.HasPrefix(target, "/") {
			target = "/" + target
		}
		r, err := http.NewRequest(method, "http://status.test"+target, strings.NewReader(body))
		if err != nil {
			return
		}
		r.Header.Set("Content-Type", ctype)
		r.Header.Set("X-Cachet-Token", DefaultToken)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		if n := h.panics.Load(); n != 0 {
			t.Fatalf("%s %s (%q, %q) panicked", method, target, ctype, body)
		}
		if rec.Code < 200 || rec.Code > 599 {
			t.Fatalf("status %d", rec.Code)
		}
		if strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") && !json.Valid(bytes.TrimSpace(rec.Body.Bytes())) {
			t.Fatalf("invalid JSON body %q", rec.Body.String())
		}
	})
}
