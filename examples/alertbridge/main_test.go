package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/cachet/cachettest"
)

// env returns a getenv over m.
func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestFlagErrorsNameTheFlag(t *testing.T) {
	t.Parallel()
	base := map[string]string{"CACHET_URL": "http://127.0.0.1:1"}
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"no cachet url", []string{"-alertmanager-url", "http://127.0.0.1:2", "-components", "1"}, nil, "-cachet-url"},
		{"no alertmanager", []string{"-components", "1"}, base, "-alertmanager-url"},
		{"no components", []string{"-alertmanager-url", "http://127.0.0.1:2"}, base, "-components"},
		{"bad component", []string{"-alertmanager-url", "http://127.0.0.1:2", "-components", "1,x"}, base, `-components: "x"`},
		{"bad resync", []string{"-alertmanager-url", "http://127.0.0.1:2", "-components", "1", "-resync", "0s"}, base, "-resync"},
		{"bad fall", []string{"-alertmanager-url", "http://127.0.0.1:2", "-components", "1", "-fall", "0"}, base, "-fall"},
		{"bad log format", []string{"-alertmanager-url", "http://127.0.0.1:2", "-components", "1", "-log-format", "xml"}, base, "-log-format"},
		{"missing mapping file", []string{"-alertmanager-url", "http://127.0.0.1:2", "-components", "1", "-mapping", "/nonexistent.json"}, base, "-mapping"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var stdout, stderr bytes.Buffer
			code := run(t.Context(), tt.args, &stdout, &stderr, env(tt.env))
			assert.Equal(t, exitUsage, code)
			assert.Contains(t, stderr.String(), tt.want)
		})
	}
}

// cachetAndAlertmanager starts a fake Cachet with one component and a stub
// Alertmanager that lists no alerts.
func cachetAndAlertmanager(t *testing.T) (*cachettest.Server, int, *httptest.Server) {
	fake := cachettest.NewServer()
	t.Cleanup(fake.Close)
	id := fake.Handler.AddComponent(cachettest.Component{Name: "Stream 7", Status: 1, Enabled: true}).ID
	am := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, "[]")
	}))
	t.Cleanup(am.Close)
	return fake, id, am
}

// TestCheck runs -check against a fake Cachet and a stub Alertmanager.
func TestCheck(t *testing.T) {
	t.Parallel()
	fake, id, am := cachetAndAlertmanager(t)
	tests := []struct {
		name       string
		components string
		token      string
		amURL      string
		code       int
		fails      []string
	}{
		{"all good", itoa(id), fake.Token, am.URL, exitOK, nil},
		{"wrong token", itoa(id), "wrong-token-0123456789", am.URL, exitFailed, []string{"FAIL cachet token accepted"}},
		{"missing component", itoa(id) + ",99", fake.Token, am.URL, exitFailed, []string{"FAIL component 99"}},
		{"alertmanager down", itoa(id), fake.Token, "http://127.0.0.1:1", exitFailed, []string{"FAIL alertmanager api answers"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var stdout, stderr bytes.Buffer
			code := run(t.Context(), []string{"-check", "-alertmanager-url", tt.amURL, "-components", tt.components}, &stdout, &stderr,
				env(map[string]string{"CACHET_URL": fake.URL, "CACHET_TOKEN": tt.token, "WEBHOOK_TOKEN": hookToken}))
			assert.Equal(t, tt.code, code, stdout.String()+stderr.String())
			for _, f := range tt.fails {
				assert.Contains(t, stdout.String(), f)
			}
			assert.Equal(t, len(tt.fails), strings.Count(stdout.String(), "FAIL"), stdout.String())
			assert.NotContains(t, stdout.String()+stderr.String(), tt.token)
		})
	}
}

// TestServeAndShutDown runs the program in-process: /healthz turns 200
// after the first pass, /metrics counts the webhook, and cancelling the
// context (SIGTERM in main) shuts it down with exit 0.
func TestServeAndShutDown(t *testing.T) {
	t.Parallel()
	fake, id, am := cachetAndAlertmanager(t)
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(t.Context())
	var stdout, stderr bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"-listen", addr, "-alertmanager-url", am.URL, "-components", itoa(id)}, &stdout, &stderr,
			env(map[string]string{"CACHET_URL": fake.URL, "CACHET_TOKEN": fake.Token, "WEBHOOK_TOKEN": hookToken}))
	}()
	get := func(path string) (int, string) {
		resp, err := http.Get("http://" + addr + path)
		if err != nil {
			return 0, ""
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	require.Eventually(t, func() bool { code, _ := get("/healthz"); return code == http.StatusOK }, 10*time.Second, 20*time.Millisecond)
	req, err := http.NewRequest(http.MethodPost, "http://"+addr+"/webhook", strings.NewReader(`{"version":"4","status":"firing","alerts":[]}`))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	_, metricsText := get("/metrics")
	assert.Contains(t, metricsText, "alertbridge_webhooks_refused_total 1")
	assert.Contains(t, metricsText, "alertbridge_resyncs_total 1")
	cancel()
	select {
	case code := <-done:
		assert.Equal(t, exitOK, code)
	case <-time.After(15 * time.Second):
		t.Fatal("no shutdown")
	}
}

func TestLoadMapping(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, content string) string {
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
		return path
	}
	m, err := loadMapping(write("ok.json", `{"component_label": "service", "component_key": "name", "severities": {"sev1": "major_outage"}}`))
	require.NoError(t, err)
	assert.Equal(t, "service", m.ComponentLabel)
	assert.Equal(t, keyName, m.ComponentKey)
	assert.Equal(t, cachet.ComponentStatusMajorOutage, m.Severities["sev1"])
	assert.Equal(t, cachet.ComponentStatusMajorOutage, m.Severities["critical"], "severities add to the defaults")

	_, err = loadMapping(write("unknown.json", `{"component_lable": "service"}`))
	assert.ErrorContains(t, err, "component_lable")
	_, err = loadMapping(write("operational.json", `{"severities": {"fine": "operational"}}`))
	assert.ErrorIs(t, err, errMappingConfig)
	_, err = loadMapping(write("key.json", `{"component_key": "uuid"}`))
	assert.ErrorIs(t, err, errMappingConfig)
}
