package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCheck(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		// set up changes the config or the environment of a good set-up.
		setUp func(t *testing.T, e *env, cfg map[string]any, vars map[string]string)
		// want are the problems printed, each on its own line; none: passes.
		want []string
	}{
		{name: "good set-up", setUp: func(*testing.T, *env, map[string]any, map[string]string) {}},
		{
			name: "wrong token",
			setUp: func(_ *testing.T, _ *env, _ map[string]any, vars map[string]string) {
				vars["CACHET_TOKEN"] = "wrongToken0123456789"
			},
			want: []string{"config: CACHET_TOKEN: Cachet does not accept the token (GET /subscribers answered 401)"},
		},
		{
			name: "unknown component id and name, ambiguous name",
			setUp: func(_ *testing.T, e *env, cfg map[string]any, _ map[string]string) {
				e.component("twin")
				e.component("twin")
				targets := cfg["targets"].([]any)
				targets[0].(map[string]any)["component_id"] = 99
				cfg["targets"] = append(targets,
					map[string]any{"name": "by name", "url": "http://127.0.0.1:1/", "component": "nonesuch"},
					map[string]any{"name": "twins", "url": "http://127.0.0.1:1/", "component": "twin"})
			},
			want: []string{
				"config: targets[0].component_id: Cachet has no component 99",
				`config: targets[2].component: Cachet has no component named "nonesuch"`,
				`config: targets[3].component: 2 components are named "twin"`,
				"reports_url: reports source has no count for target \"by name\"",
				"reports_url: reports source has no count for target \"twins\"",
			},
		},
		{
			name: "not a Cachet",
			setUp: func(t *testing.T, _ *env, _ map[string]any, vars map[string]string) {
				other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", "text/html")
					w.Write([]byte("<html>welcome to nginx</html>"))
				}))
				t.Cleanup(other.Close)
				vars["CACHET_URL"] = other.URL
			},
			want: []string{"does not answer as a Cachet 2.x API (GET /ping)"},
		},
		{
			name: "a JSON API that is not Cachet",
			setUp: func(t *testing.T, _ *env, _ map[string]any, vars map[string]string) {
				other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", "application/json")
					w.Write([]byte(`{"data": "hello"}`))
				}))
				t.Cleanup(other.Close)
				vars["CACHET_URL"] = other.URL
			},
			want: []string{`answers GET /ping with "hello", not Cachet's "Pong!"`},
		},
		{
			name: "reports source misses a target",
			setUp: func(_ *testing.T, _ *env, cfg map[string]any, _ map[string]string) {
				cfg["reports_url"] = cfg["reports_url"].(string) + "?only=web"
			},
			want: []string{`reports_url: reports source has no count for target "api"`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			reports := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				if r.URL.Query().Get("only") == "web" {
					w.Write([]byte(`{"web": 1}`))
					return
				}
				w.Write([]byte(`{"web": 1, "api": 0}`))
			}))
			t.Cleanup(reports.Close)
			cfg := map[string]any{"reports_url": reports.URL, "targets": []any{
				target("web", "http://127.0.0.1:1/", e.component("web")),
				map[string]any{"name": "api", "url": "http://127.0.0.1:1/", "component": "api"},
			}}
			e.component("api")
			vars := map[string]string{"CACHET_URL": e.fake.APIURL(), "CACHET_TOKEN": secretToken}
			tt.setUp(t, e, cfg, vars)
			e.fake.Handler.ResetRequests()

			out := runWith(t, t.Context(), vars, "-config", e.writeConfig(cfg), "-check", "-state", e.state)
			if len(tt.want) == 0 {
				assert.Equal(t, exitOK, out.code, out.stdout)
				assert.Equal(t, "statuscron: check passed: cachet, token, 2 target(s) and their components\n", out.stdout)
				assert.Empty(t, e.writes(), "-check writes nothing")
				assert.LessOrEqual(t, len(e.fake.Handler.Requests()), 3, "cheap: ping, token, components")
				return
			}
			assert.Equal(t, exitUsage, out.code, out.stdout)
			lines := strings.Split(strings.TrimSpace(out.stdout), "\n")
			require.Len(t, lines, len(tt.want)+1, out.stdout)
			for i, w := range tt.want {
				assert.Contains(t, lines[i], w)
			}
			assert.Contains(t, lines[len(lines)-1], "check failed")
			assert.Empty(t, e.writes(), "-check writes nothing")
		})
	}
}

func TestCheckCountsWarningsAsProblems(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	cfg := e.writeConfig(map[string]any{"targets": []any{target("web", "http://127.0.0.1:1/", e.component("web"), "timeout", "10s")}})
	out := e.run(t.Context(), "-config", cfg, "-check", "-timeout", "4s")
	assert.Equal(t, exitUsage, out.code)
	assert.Contains(t, out.stdout, "config: targets[0].timeout: 10s is longer than the 3s that -timeout 4s leaves for probing")
}
