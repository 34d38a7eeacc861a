package cachettest

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPing(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	r := send(t, s, req{path: "/ping"})
	assert.Equal(t, http.StatusOK, r.Status)
	assert.JSONEq(t, `{"data":"Pong!"}`, string(r.Body))
}

func TestQuirk33_Version(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		installed string
		latest    string
		onLatest  bool
	}{
		{"v-prefixed newer tag still on latest", "2.4.1", "v2.5.0", true},
		{"dev build", "2.4.0-dev", "v2.3.10", true},
		{"unprefixed newer tag", "2.4.1", "2.5.0", false},
		{"unprefixed older tag", "2.4.1", "2.3.0", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newTestServer(t, WithVersion(tt.installed, tt.latest))
			r := send(t, s, req{path: "/version"})
			require.Equal(t, http.StatusOK, r.Status)
			onLatest := strconv.FormatBool(tt.onLatest)
			assert.JSONEq(t, `{"meta":{"on_latest":`+onLatest+`,"latest":{"tag_name":"`+tt.latest+`","prelease":false,"draft":false}},"data":"`+tt.installed+`"}`, string(r.Body))
		})
	}
	t.Run("GitHub unreachable", func(t *testing.T) {
		t.Parallel()
		s := newTestServer(t, WithVersion("2.4.1", ""))
		assert.Equal(t, http.StatusInternalServerError, send(t, s, req{path: "/version"}).Status)
	})
}

func TestQuirk34_StatusCacheControl(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	r := send(t, s, req{path: "/status"})
	assert.Equal(t, "max-age="+strconv.FormatInt(fixedNow.Unix()+30, 10)+", public", r.Header.Get("Cache-Control"))
}

func TestStatusComputation(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		seed    func(*Server)
		authed  bool
		status  string
		message string
	}{
		{name: "no components", seed: func(*Server) {}, status: "success", message: "System operational"},
		{name: "one partial outage", seed: func(s *Server) { s.Handler.AddComponent(Component{Name: "a", Status: 3, Enabled: true}) },
			status: "info", message: "The system is experiencing issues"},
		{name: "two operational", seed: func(s *Server) {
			s.Handler.AddComponent(Component{Name: "a", Status: 1, Enabled: true})
			s.Handler.AddComponent(Component{Name: "b", Status: 1, Enabled: true})
		}, status: "success", message: "All systems are operational"},
		{name: "half major", seed: func(s *Server) {
			s.Handler.AddComponent(Component{Name: "a", Status: 4, Enabled: true})
			s.Handler.AddComponent(Component{Name: "b", Status: 1, Enabled: true})
		}, status: "danger", message: "Some systems are experiencing major issues"},
		{name: "disabled components ignored", seed: func(s *Server) { s.Handler.AddComponent(Component{Name: "a", Status: 4}) },
			status: "success", message: "System operational"},
		{name: "guest ignores private groups", seed: func(s *Server) {
			g := s.Handler.AddGroup(ComponentGroup{Name: "p"})
			s.Handler.AddComponent(Component{Name: "a", Status: 4, GroupID: g.ID, Enabled: true})
		}, status: "success", message: "System operational"},
		{name: "token sees private groups", authed: true, seed: func(s *Server) {
			g := s.Handler.AddGroup(ComponentGroup{Name: "p"})
			s.Handler.AddComponent(Component{Name: "a", Status: 4, GroupID: g.ID, Enabled: true})
		}, status: "danger", message: "The system is experiencing major issues"},
		{name: "unresolved incident", seed: func(s *Server) {
			s.Handler.AddComponent(Component{Name: "a", Status: 1, Enabled: true})
			s.Handler.AddIncident(Incident{Name: "i", Status: 2, Message: "m"})
		}, status: "info", message: "The system is experiencing issues"},
		{name: "incident resolved by update", seed: func(s *Server) {
			s.Handler.AddIncident(Incident{Name: "i", Status: 2, Message: "m"})
			s.Handler.AddIncidentUpdate(IncidentUpdate{IncidentID: 1, Status: 4, Message: "ok"})
		}, status: "success", message: "System operational"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newTestServer(t)
			tt.seed(s)
			r := send(t, s, req{path: "/status", token: tt.authed})
			require.Equal(t, http.StatusOK, r.Status)
			assert.JSONEq(t, `{"data":{"status":"`+tt.status+`","message":"`+tt.message+`"}}`, string(r.Body))
		})
	}
}
