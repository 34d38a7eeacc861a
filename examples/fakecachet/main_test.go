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
		message string // the whole line printed on stderr
	}{
		{"unknown flag", []string{"-nope"}, nil, "fakecachet: flag provided but not defined: -nope"},
		{"extra argument", []string{"serve"}, nil, `fakecachet: unexpected argument "serve"`},
		{"bad profile", []string{"-profile", "3.0"}, nil, `fakecachet: -profile must be 2.4 or 2.3, not "3.0"`},
		{"missing seed", []string{"-seed", filepath.Join(dir, "absent.json")}, fs.ErrNotExist,
			"fakecachet: -seed: open " + filepath.Join(dir, "absent.json") + ": no such file or directory"},
		{"seed not JSON", []string{"-seed", write("bad.json", "{\n  \"groups\": [,\n}")}, nil,
			"fakecachet: " + filepath.Join(dir, "bad.json") + ": line 2, column 14: invalid character ',' looking for beginning of value"},
		{"seed truncated", []string{"-seed", write("short.json", "{")}, nil, "fakecachet: " + filepath.Join(dir, "short.json") + ": not a JSON document: unexpected EOF"},
		{"seed unknown field", []string{"-seed", write("field.json", `{"incidents":[]}`)}, nil,
			"fakecachet: " + filepath.Join(dir, "field.json") + ": incidents: unknown field (want one of components, groups)"},
		{"seed nameless component", []string{"-seed", write("name.json", `{"components":[{"status":1}]}`)}, nil,
			"fakecachet: " + filepath.Join(dir, "name.json") + ": components[0].name: required"},
		{"seed bad status", []string{"-seed", write("status.json", `{"components":[{"name":"a"},{"name":"b"},{"name":"c"},{"name":"d","status":7}]}`)}, nil,
			"fakecachet: " + filepath.Join(dir, "status.json") + ": components[3].status: must be 0–4, got 7"},
		{"seed bad status in group", []string{"-seed", write("gstatus.json", `{"groups":[{"name":"G","components":[{"name":"x","status":7}]}]}`)}, nil,
			"fakecachet: " + filepath.Join(dir, "gstatus.json") + ": groups[0].components[0].status: must be 0–4, got 7"},
		{"seed status as text", []string{"-seed", write("text.json", `{"components":[{"name":"x","status":"1"}]}`)}, nil,
			"fakecachet: " + filepath.Join(dir, "text.json") + `: components[0].status: want a whole number, got JSON string`},
		{"seed unknown component key", []string{"-seed", write("ckey.json", `{"groups":[{"name":"G","components":[{"name":"x","satus":1}]}]}`)}, nil,
			"fakecachet: " + filepath.Join(dir, "ckey.json") + ": groups[0].components[0].satus: unknown field (want one of description, enabled, link, name, order, status, tags)"},
		{"seed group collapsed", []string{"-seed", write("coll.json", `{"groups":[{"name":"G"},{"name":"H","collapsed":9}]}`)}, nil,
			"fakecachet: " + filepath.Join(dir, "coll.json") + ": groups[1].collapsed: must be 0–4, got 9"},
		{"seed entry not an object", []string{"-seed", write("arr.json", `{"components":[1]}`)}, nil,
			"fakecachet: " + filepath.Join(dir, "arr.json") + ": components[0]: want a JSON object"},
		{"seed not an object", []string{"-seed", write("top.json", `[]`)}, nil,
			"fakecachet: " + filepath.Join(dir, "top.json") + ": top level: want a JSON object"},
		{"seed trailing data", []string{"-seed", write("trail.json", `{} {}`)}, nil,
			"fakecachet: " + filepath.Join(dir, "trail.json") + ": trailing data after the JSON object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var out, stderr strings.Builder
			err := run(t.Context(), append([]string{"-addr", "127.0.0.1:0"}, tt.args...), &out)
			require.Error(t, err)
			if tt.target != nil {
				assert.ErrorIs(t, err, tt.target)
			}
			assert.Equal(t, exitUsage, exitCode(err, &stderr))
			assert.Equal(t, tt.message+"\n", stderr.String(), "one plain line: no timestamp, no log prefix")
			assert.Empty(t, out.String(), "nothing is printed before the server listens")
		})
	}
}

func TestRunListenFailureExits1(t *testing.T) {
	t.Parallel()
	var out, stderr strings.Builder
	err := run(t.Context(), []string{"-addr", "127.0.0.1:99999"}, &out)
	require.Error(t, err)
	assert.Equal(t, exitFailed, exitCode(err, &stderr))
	assert.True(t, strings.HasPrefix(stderr.String(), "fakecachet: listen tcp"), stderr.String())
	assert.Empty(t, out.String())
}

func TestRunHelp(t *testing.T) {
	t.Parallel()
	var out, stderr strings.Builder
	err := run(t.Context(), []string{"-h"}, &out)
	assert.ErrorIs(t, err, flag.ErrHelp)
	assert.Equal(t, exitOK, exitCode(err, &stderr))
	assert.Empty(t, stderr.String())
	for _, want := range []string{"Usage: fakecachet", "-seed file", "-version", "CACHET_TOKEN", "Exit status: 0", "2 for bad flags or a bad seed file"} {
		assert.Contains(t, out.String(), want)
	}
}

func TestRunVersion(t *testing.T) {
	t.Parallel()
	var out, stderr strings.Builder
	err := run(t.Context(), []string{"-version"}, &out)
	require.NoError(t, err)
	assert.Equal(t, exitOK, exitCode(err, &stderr))
	assert.Regexp(t, `^fakecachet \S+`, out.String())
	assert.Equal(t, 1, strings.Count(out.String(), "\n"))
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

func FuzzParseSeed(f *testing.F) {
	seed, err := os.ReadFile("seed.example.json")
	require.NoError(f, err)
	f.Add(seed)
	f.Add([]byte(`{"groups":[{"name":"G","components":[{"name":"x","status":"1"}]}],"components":[1,null,{}]}`))
	f.Add([]byte(`{"components":[{"name":"a","tags":["x"],"enabled":false,"satus":1}]}`))
	f.Add([]byte(`{} []`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		got, err := parseSeed(raw)
		if err != nil {
			var se *seedError
			require.ErrorAs(t, err, &se, "every error is a *seedError: %v", err)
			return
		}
		// A valid seed has only named entries with statuses in range.
		for _, g := range got.Groups {
			require.NotEmpty(t, g.Name)
			for _, c := range g.Components {
				require.NoError(t, c.check("x"))
			}
		}
		for _, c := range got.Components {
			require.NoError(t, c.check("x"))
		}
	})
}
