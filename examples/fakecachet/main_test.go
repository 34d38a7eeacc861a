package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// startRun runs the command in-process and returns the first stdout line
// and a function that stops it and returns run's error.
func startRun(t *testing.T, args ...string) (string, func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := run(ctx, args, pw)
		_ = pw.CloseWithError(io.EOF)
		done <- err
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		cancel()
		t.Fatalf("no first line: %v (run: %v)", err, <-done)
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	stop := func() error {
		cancel()
		return <-done
	}
	return strings.TrimSuffix(line, "\n"), stop
}

func getJSON(t *testing.T, url, token string) map[string]any {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, url, nil)
	require.NoError(t, err)
	if token != "" {
		req.Header.Set("X-Cachet-Token", token)
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var body map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&body))
	return body
}

func TestRunServesSeededFake(t *testing.T) {
	t.Parallel()
	base, stop := startRun(t, "-addr", "127.0.0.1:0", "-token", "secretToken", "-seed", "seed.example.json")
	assert.Regexp(t, regexp.MustCompile(`^http://127\.0\.0\.1:[1-9][0-9]*/api/v1$`), base)

	assert.Equal(t, map[string]any{"data": "Pong!"}, getJSON(t, base+"/ping", ""))

	groups := getJSON(t, base+"/components/groups", "secretToken")["data"].([]any)
	require.Len(t, groups, 2)
	assert.Equal(t, "Website", groups[0].(map[string]any)["name"])

	components := getJSON(t, base+"/components?per_page=50", "secretToken")["data"].([]any)
	require.Len(t, components, 5)
	names := map[string]map[string]any{}
	for _, c := range components {
		m := c.(map[string]any)
		names[m["name"].(string)] = m
	}
	assert.EqualValues(t, 1, names["Frontend"]["group_id"])
	assert.EqualValues(t, 2, names["Video servers"]["group_id"])
	assert.EqualValues(t, 2, names["Video servers"]["status"])
	assert.EqualValues(t, 0, names["API"]["group_id"])
	assert.Equal(t, map[string]any{"core": "Core"}, names["API"]["tags"])
	assert.Equal(t, false, names["Internal tools"]["enabled"])

	guest := getJSON(t, base+"/components?per_page=50", "")["data"].([]any)
	assert.Len(t, guest, 4, "guests do not see the disabled component")

	require.NoError(t, stop(), "graceful shutdown on cancellation")
}

func TestRunProfile23(t *testing.T) {
	t.Parallel()
	base, stop := startRun(t, "-addr", "127.0.0.1:0", "-profile", "2.3", "-seed", "seed.example.json")
	first := getJSON(t, base+"/components/1", "")["data"].(map[string]any)
	assert.IsType(t, "", first["status"], "2.3 on MySQL sends the uncast status column as a string")
	assert.IsType(t, float64(0), first["id"], "ids stay integers")
	require.NoError(t, stop())
}

func TestRunTokenProtectsWrites(t *testing.T) {
	t.Parallel()
	base, stop := startRun(t, "-addr", "127.0.0.1:0", "-token", "secretToken")
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, base+"/components?name=x", nil)
	require.NoError(t, err)
	req.Header.Set("X-Cachet-Token", "wrong")
	resp, err := http.DefaultTransport.RoundTrip(req)
	require.NoError(t, err)
	_ = resp.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	require.NoError(t, stop())
}

func TestRunRejectsBadInput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(content), 0o600))
		return p
	}
	tests := []struct {
		name    string
		args    []string
		target  error
		message string
	}{
		{"unknown flag", []string{"-nope"}, nil, "flag provided but not defined: -nope"},
		{"extra argument", []string{"serve"}, nil, `unexpected argument "serve"`},
		{"bad profile", []string{"-profile", "3.0"}, nil, "-profile must be 2.4 or 2.3"},
		{"missing seed", []string{"-seed", filepath.Join(dir, "absent.json")}, fs.ErrNotExist, "seed"},
		{"seed not JSON", []string{"-seed", write("bad.json", "{")}, errSeed, "unexpected EOF"},
		{"seed unknown field", []string{"-seed", write("field.json", `{"incidents":[]}`)}, errSeed, `unknown field "incidents"`},
		{"seed nameless component", []string{"-seed", write("name.json", `{"components":[{"status":1}]}`)}, errSeed, "components[0]: name is required"},
		{"seed bad status", []string{"-seed", write("status.json", `{"groups":[{"name":"G","components":[{"name":"x","status":7}]}]}`)}, errSeed, "groups[0].components[0]: status must be 0–4"},
		{"seed trailing data", []string{"-seed", write("trail.json", `{} {}`)}, errSeed, "trailing data"},
		{"bad address", []string{"-addr", "127.0.0.1:99999"}, nil, "fakecachet:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var out strings.Builder
			err := run(t.Context(), append([]string{"-addr", "127.0.0.1:0"}, tt.args...), &out)
			require.Error(t, err)
			if tt.target != nil {
				assert.ErrorIs(t, err, tt.target)
			}
			assert.Contains(t, err.Error(), tt.message)
			assert.True(t, strings.HasPrefix(err.Error(), "fakecachet:"), err.Error())
			assert.Empty(t, out.String(), "nothing is printed before the server listens")
		})
	}
}

func TestRunHelp(t *testing.T) {
	t.Parallel()
	var out strings.Builder
	err := run(t.Context(), []string{"-h"}, &out)
	assert.ErrorIs(t, err, flag.ErrHelp)
	assert.Contains(t, out.String(), "-seed file")
}

// TestRunEnvToken is not parallel: it sets CACHET_TOKEN, which may hold a
// real Cachet's token and so must never be printed, not even by -h.
func TestRunEnvToken(t *testing.T) {
	const envToken = "envSecretToken012345"
	t.Setenv("CACHET_TOKEN", envToken)

	var out strings.Builder
	err := run(t.Context(), []string{"-h"}, &out)
	require.ErrorIs(t, err, flag.ErrHelp)
	assert.Contains(t, out.String(), "-token token")
	assert.NotContains(t, out.String(), envToken, "token leaked by -h")

	base, stop := startRun(t, "-addr", "127.0.0.1:0")
	for _, tt := range []struct {
		token string
		want  int
	}{{"wrong", http.StatusUnauthorized}, {envToken, http.StatusOK}} {
		req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, base+"/components?name=x&status=1", nil)
		require.NoError(t, err)
		req.Header.Set("X-Cachet-Token", tt.token)
		resp, err := http.DefaultTransport.RoundTrip(req)
		require.NoError(t, err)
		_ = resp.Body.Close()
		assert.Equal(t, tt.want, resp.StatusCode, "token %q", tt.token)
	}
	require.NoError(t, stop())
}
