package cachettest

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var uuidV4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestErrorBodies(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.Handler.AddComponent(Component{Name: "API", Status: 1, Enabled: true})
	tests := []struct {
		name   string
		rq     req
		status int
		title  string
		detail string
	}{
		{"unknown path", req{path: "/nope"}, 404, "Not Found", "The requested resource could not be found but may be available again in the future."},
		{"unknown id names the model", req{path: "/components/999"}, 404, "Not Found", `No query results for model [CachetHQ\Cachet\Models\Component].`},
		{"non-numeric id", req{path: "/components/1abc"}, 404, "Not Found", `No query results for model [CachetHQ\Cachet\Models\Component].`},
		{"missing token on write", req{method: "DELETE", path: "/components/1"}, 401, "Unauthorized", "Authentication is required and has failed or has not yet been provided."},
		{"wrong token on write", req{method: "DELETE", path: "/components/1", headers: map[string]string{"X-Cachet-Token": "wrong"}}, 401, "Unauthorized", "Authentication is required and has failed or has not yet been provided."},
		{"empty token header", req{method: "POST", path: "/components", headers: map[string]string{"X-Cachet-Token": ""}}, 401, "Unauthorized", "Authentication is required and has failed or has not yet been provided."},
		{"wrong method", req{method: "PATCH", path: "/components/1"}, 405, "Method Not Allowed", "A request was made of a resource using a request method not supported by that resource."},
		{"PUT on the groups collection hits /components/{id}", req{method: "PUT", path: "/components/groups", token: true}, 404, "Not Found", `No query results for model [CachetHQ\Cachet\Models\Component].`},
		{"DELETE on templates hits /incidents/{id}", req{method: "DELETE", path: "/incidents/templates", token: true}, 404, "Not Found", `No query results for model [CachetHQ\Cachet\Models\Incident].`},
		{"the template route is registered before the updates list", req{path: "/incidents/templates/updates"}, 404, "Not Found", `No query results for model [CachetHQ\Cachet\Models\IncidentTemplate].`},
		{"empty segment matches no route", req{path: "/components//1"}, 404, "Not Found", "The requested resource could not be found but may be available again in the future."},
		{"dot segment matches no route", req{path: "/components/./1"}, 404, "Not Found", "The requested resource could not be found but may be available again in the future."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := send(t, s, tt.rq)
			require.Equal(t, tt.status, r.Status, "%s", r.Body)
			assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
			e := r.Error(t)
			assert.Equal(t, []string{"detail", "id", "status", "title"}, keys(e))
			assert.Equal(t, tt.status, num(t, e["status"]))
			assert.Equal(t, tt.title, e["title"])
			assert.Equal(t, tt.detail, e["detail"])
			assert.Regexp(t, uuidV4, e["id"])
		})
	}
}

func TestQuirk3_MiddlewareOrder(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.Handler.AddComponent(Component{Name: "API", Enabled: true})
	html := map[string]string{"Accept": "text/html"}
	tests := []struct {
		name   string
		rq     req
		status int
		ctype  string
	}{
		{"unknown id without token is 404, not 401", req{method: "DELETE", path: "/components/999"}, 404, "application/json"},
		{"existing id without token is 401", req{method: "DELETE", path: "/components/1"}, 401, "application/json"},
		{"unknown id with HTML accept is 404 (HTML)", req{path: "/components/999", headers: html}, 404, "text/html; charset=UTF-8"},
		{"HTML accept without token is 406 before 401", req{method: "DELETE", path: "/components/1", headers: html}, 406, "text/html; charset=UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := send(t, s, tt.rq)
			assert.Equal(t, tt.status, r.Status)
			assert.Equal(t, tt.ctype, r.Header.Get("Content-Type"))
		})
	}
}

func TestQuirk5_NotAcceptableIsHTML(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	for _, accept := range []string{"text/html", "application/xml", "text/plain, text/html;q=0.9"} {
		t.Run(accept, func(t *testing.T) {
			t.Parallel()
			r := send(t, s, req{path: "/ping", headers: map[string]string{"Accept": accept}})
			assert.Equal(t, http.StatusNotAcceptable, r.Status)
			assert.Equal(t, "text/html; charset=UTF-8", r.Header.Get("Content-Type"))
			assert.Contains(t, string(r.Body), "<html>")
			assert.Contains(t, string(r.Body), "Not Acceptable")
		})
	}
	for _, accept := range []string{"", "*/*", "application/*", "application/json", "application/vnd.api+json", "text/html, */*;q=0.1"} {
		t.Run("accepted "+accept, func(t *testing.T) {
			t.Parallel()
			r := send(t, s, req{path: "/ping", headers: map[string]string{"Accept": accept}})
			assert.Equal(t, http.StatusOK, r.Status)
		})
	}
}

func TestQuirk4_InvalidTokenOnPublicGetIsGuest(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.Handler.AddComponent(Component{Name: "on", Enabled: true})
	s.Handler.AddComponent(Component{Name: "off", Enabled: false})
	guest := send(t, s, req{path: "/components", headers: map[string]string{"X-Cachet-Token": "not-the-token"}})
	require.Equal(t, http.StatusOK, guest.Status)
	assert.Len(t, guest.List(t), 1)
	authed := send(t, s, req{path: "/components", token: true})
	assert.Len(t, authed.List(t), 2)
}

func TestAlwaysAuthenticate(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, WithAlwaysAuthenticate(true))
	assert.Equal(t, http.StatusUnauthorized, send(t, s, req{path: "/components"}).Status)
	assert.Equal(t, http.StatusOK, send(t, s, req{path: "/components", token: true}).Status)
	for _, p := range []string{"/ping", "/version", "/status"} {
		assert.Equal(t, http.StatusOK, send(t, s, req{path: p}).Status, p)
	}
}

func TestMethodNotAllowedAllowHeader(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	tests := []struct{ method, path, allow string }{
		{"PATCH", "/components/1", "GET, HEAD, PUT, DELETE"},
		{"DELETE", "/components", "GET, HEAD, POST"},
		{"POST", "/ping", "GET, HEAD"},
		{"POST", "/incidents/templates", "GET, HEAD, PUT, DELETE"}, // PUT/DELETE /incidents/{id} match too
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			t.Parallel()
			r := send(t, s, req{method: tt.method, path: tt.path, token: true})
			assert.Equal(t, http.StatusMethodNotAllowed, r.Status)
			assert.Equal(t, tt.allow, r.Header.Get("Allow"))
		})
	}
}

func TestOptionsHeadTrailingSlashOverride(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.Handler.AddComponent(Component{Name: "API", Status: 1, Enabled: true})

	t.Run("OPTIONS on a known path", func(t *testing.T) {
		r := send(t, s, req{method: "OPTIONS", path: "/components/1"})
		assert.Equal(t, http.StatusOK, r.Status)
		assert.Equal(t, "GET,HEAD,PUT,DELETE", r.Header.Get("Allow"))
		assert.Empty(t, r.Body)
	})
	t.Run("OPTIONS on an unknown path", func(t *testing.T) {
		assert.Equal(t, http.StatusNotFound, send(t, s, req{method: "OPTIONS", path: "/nope"}).Status)
	})
	t.Run("CORS preflight", func(t *testing.T) {
		r := send(t, s, req{method: "OPTIONS", path: "/components", headers: map[string]string{
			"Origin": "http://elsewhere.test", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "X-Cachet-Token"}})
		assert.Equal(t, http.StatusNoContent, r.Status)
		assert.Equal(t, "http://elsewhere.test", r.Header.Get("Access-Control-Allow-Origin"))
		assert.Equal(t, "POST", r.Header.Get("Access-Control-Allow-Methods"))
		assert.Equal(t, "x-cachet-token", r.Header.Get("Access-Control-Allow-Headers"))
		assert.Equal(t, "3600", r.Header.Get("Access-Control-Max-Age"))
	})
	t.Run("CORS preflight with content-type is rejected", func(t *testing.T) {
		r := send(t, s, req{method: "OPTIONS", path: "/components", headers: map[string]string{
			"Origin": "http://elsewhere.test", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}})
		assert.Equal(t, http.StatusForbidden, r.Status)
		assert.Equal(t, "Header not allowed", string(r.Body))
	})
	t.Run("CORS on public GET only", func(t *testing.T) {
		origin := map[string]string{"Origin": "http://elsewhere.test"}
		r := send(t, s, req{path: "/components", headers: origin})
		assert.Equal(t, "http://elsewhere.test", r.Header.Get("Access-Control-Allow-Origin"))
		assert.Equal(t, "Origin", r.Header.Get("Vary"))
		assert.Empty(t, send(t, s, req{path: "/ping", headers: origin}).Header.Get("Access-Control-Allow-Origin"))
	})
	t.Run("HEAD works like GET without a body", func(t *testing.T) {
		r := send(t, s, req{method: "HEAD", path: "/components/1"})
		assert.Equal(t, http.StatusOK, r.Status)
		assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
		assert.Empty(t, r.Body)
	})
	t.Run("trailing slash", func(t *testing.T) {
		assert.Equal(t, http.StatusOK, send(t, s, req{path: "/components/"}).Status)
	})
	t.Run("_method in form body", func(t *testing.T) {
		r := send(t, s, req{method: "POST", path: "/components/1", form: "_method=PUT&name=Renamed", token: true})
		require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
		assert.Equal(t, "Renamed", r.Data(t)["name"])
	})
	t.Run("_method in query", func(t *testing.T) {
		r := send(t, s, req{method: "POST", path: "/components/1?_method=PUT&order=3", token: true})
		require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
		assert.Equal(t, 3, num(t, r.Data(t)["order"]))
	})
	t.Run("X-HTTP-Method-Override header", func(t *testing.T) {
		s2 := newTestServer(t)
		s2.Handler.AddComponent(Component{Name: "x", Enabled: true})
		r := send(t, s2, req{method: "POST", path: "/components/1", token: true, headers: map[string]string{"X-HTTP-Method-Override": "DELETE"}})
		assert.Equal(t, http.StatusNoContent, r.Status)
		_, ok := s2.Handler.Component(1)
		assert.False(t, ok)
	})
}

func TestCacheControlAndPHPEscaping(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.Handler.AddComponent(Component{Name: "a/b ü", Link: "https://x.test/", Enabled: true})
	r := send(t, s, req{path: "/components/1"})
	assert.Equal(t, "no-cache, private", r.Header.Get("Cache-Control"))
	assert.Contains(t, string(r.Body), `"link":"https:\/\/x.test\/"`)
	assert.Contains(t, string(r.Body), `"name":"a\/b \u00fc"`)
	assert.Equal(t, "a/b ü", r.Data(t)["name"])
}

func TestTimeZoneHeader(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.Handler.AddComponent(Component{Name: "API", Enabled: true})
	r := send(t, s, req{path: "/components/1", headers: map[string]string{"Time-Zone": "America/Mexico_City"}})
	assert.Equal(t, "2024-03-01 06:00:00", r.Data(t)["created_at"])
	bad := send(t, s, req{path: "/components/1", headers: map[string]string{"Time-Zone": "Mars/Olympus"}})
	assert.Equal(t, http.StatusInternalServerError, bad.Status)
	assert.Equal(t, http.StatusOK, send(t, s, req{path: "/ping", headers: map[string]string{"Time-Zone": "Mars/Olympus"}}).Status)
	assert.Equal(t, http.StatusOK, send(t, s, req{path: "/incidents", headers: map[string]string{"Time-Zone": "Mars/Olympus"}}).Status,
		"an empty list prints no date")
	for _, create := range []req{
		{method: "POST", path: "/schedules", json: `{"name":"S","status":0,"scheduled_at":"2024-03-02 10:00"}`},
		{method: "POST", path: "/incidents", json: `{"name":"I","status":1,"message":"m","occurred_at":"2024-03-02 10:00"}`},
	} {
		create.token = true
		create.headers = map[string]string{"Time-Zone": "Mars/Olympus"}
		assert.Equal(t, http.StatusInternalServerError, send(t, s, create).Status, create.path)
	}
	assert.Empty(t, s.Handler.Schedules(), "the date is parsed in the unknown zone before anything is stored")
	assert.Empty(t, s.Handler.Incidents(), "the date is parsed in the unknown zone before anything is stored")
}

func TestProfile23IntegersAsStrings(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, WithProfile(Profile23))
	s.Handler.AddComponent(Component{Name: "API", Status: 3, Enabled: true})
	s.Handler.AddIncident(Incident{Name: "x", Status: 2, ComponentID: 1, Visible: 1, Message: "m"})
	r := send(t, s, req{path: "/components/1"})
	assert.Contains(t, string(r.Body), `"status":"3"`)
	assert.Contains(t, string(r.Body), `"id":1,`)
	inc := send(t, s, req{path: "/incidents/1"}).Data(t)
	assert.Equal(t, "2", inc["status"])
	assert.Equal(t, "1", inc["component_id"])
	assert.Equal(t, 1, num(t, inc["id"]))
	assert.Equal(t, "2.3", Profile23.String())
	assert.Equal(t, "2.4", Profile24.String())
}

func TestServerURLs(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, WithToken("abcdefghij0123456789"))
	assert.True(t, strings.HasPrefix(s.URL, "http://127.0.0.1:"))
	assert.Equal(t, s.URL+"/api/v1", s.APIURL())
	assert.Equal(t, "abcdefghij0123456789", s.Token)
	assert.NotContains(t, s.Handler.String(), s.Token)
	assert.NotContains(t, fmt.Sprintf("%v %+v %v", s, *s, s.Handler), s.Token)
	assert.Len(t, DefaultToken, 20)
}

func TestHandlerMountedElsewhere(t *testing.T) {
	t.Parallel()
	h := NewHandler()
	mux := http.NewServeMux()
	mux.Handle("/api/", h)
	rec := newRecorder()
	r, err := http.NewRequestWithContext(t.Context(), http.MethodGet, "http://status.test/api/v1/ping", nil)
	require.NoError(t, err)
	mux.ServeHTTP(rec, r)
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.JSONEq(t, `{"data":"Pong!"}`, rec.Body.String())
}

func TestWithDisplayZone(t *testing.T) {
	t.Parallel()
	berlin, err := time.LoadLocation("Europe/Berlin")
	require.NoError(t, err)
	s := newTestServer(t, WithDisplayZone(berlin))
	s.Handler.AddComponent(Component{Name: "API", Enabled: true})
	assert.Equal(t, "2024-03-01 13:00:00", send(t, s, req{path: "/components/1"}).Data(t)["created_at"])
	s.Handler.AddTemplate(IncidentTemplate{Name: "T", Template: "x"})
	tpl := send(t, s, req{path: "/incidents/templates/1"}).Data(t)
	assert.Equal(t, "2024-03-01 12:00:00", tpl["created_at"], "templates print the app zone")
	r := send(t, s, req{method: "HEAD", path: "/components/1"})
	assert.Equal(t, http.StatusOK, r.Status)
	logged := s.Handler.Requests()
	assert.Equal(t, "HEAD", logged[len(logged)-1].Method)
}
