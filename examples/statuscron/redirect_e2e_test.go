package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxer/cachetstatus/cachet/cachettest"
)

// TestBinaryRedirectFailuresFollowTheSeed runs the built statuscron binary
// against a fake Cachet and a loopback server that redirects in a loop or
// without end. The seed's requests.get raised TooManyRedirects (a request
// error) for both, so the seed wrote performance issues; a policy can choose
// another status through failures.http.
func TestBinaryRedirectFailuresFollowTheSeed(t *testing.T) {
	t.Parallel()
	bin := builtCommand(t)
	redirects := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/loop/a":
			http.Redirect(w, r, "/loop/b", http.StatusFound)
		case r.URL.Path == "/loop/b":
			http.Redirect(w, r, "/loop/a", http.StatusFound)
		case strings.HasPrefix(r.URL.Path, "/endless/"):
			// Every hop is a new URL, so only the redirect cap ends it.
			http.Redirect(w, r, r.URL.Path+"x", http.StatusFound)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(redirects.Close)

	tests := []struct {
		name   string
		policy map[string]any
		want   int // Cachet component status
	}{
		{name: "default policy is the seed's", want: 2},
		{name: "failures.http chooses another status", policy: map[string]any{"failures": map[string]any{"http": "partial_outage"}}, want: 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			const token = "e2e-redirect-token"
			fake := cachettest.NewServer(cachettest.WithToken(token))
			t.Cleanup(fake.Close)
			loop := fake.Handler.AddComponent(cachettest.Component{Name: "loop", Status: 1, Enabled: true}).ID
			endless := fake.Handler.AddComponent(cachettest.Component{Name: "endless", Status: 1, Enabled: true}).ID
			cfg := map[string]any{"targets": []any{
				map[string]any{"name": "loop", "url": redirects.URL + "/loop/a", "component_id": loop, "timeout": "20s"},
				map[string]any{"name": "endless", "url": redirects.URL + "/endless/", "component_id": endless, "timeout": "20s"},
			}}
			if tt.policy != nil {
				cfg["policy"] = tt.policy
			}
			dir := t.TempDir()
			cfgPath := filepath.Join(dir, "config.json")
			data, err := json.Marshal(cfg)
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(cfgPath, data, 0o600))

			cmd := exec.CommandContext(t.Context(), bin, "-config", cfgPath, "-state", filepath.Join(dir, "state.json"), "-log-format=json", "-timeout", "50s")
			cmd.Env = append(os.Environ(), "CACHET_URL="+fake.APIURL(), "CACHET_TOKEN="+token)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			require.NoError(t, cmd.Run(), "stderr: %s", stderr.String())

			reasons := map[string]string{}
			sc := bufio.NewScanner(&stdout)
			for sc.Scan() {
				var line struct{ Target, Reason string }
				require.NoError(t, json.Unmarshal(sc.Bytes(), &line), "line %q", sc.Text())
				reasons[line.Target] = line.Reason
			}
			for name, id := range map[string]int{"loop": loop, "endless": endless} {
				c, ok := fake.Handler.Component(id)
				require.True(t, ok)
				assert.Equal(t, tt.want, c.Status, "%s in Cachet: %s", name, reasons[name])
				assert.NotContains(t, reasons[name], "HTTP 302", "%s: the unfollowed redirect is not the answer", name)
			}
		})
	}
}
