package main

import (
	"bytes"
	"net/http"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxer/cachetstatus/cachet/cachettest"
)

const secretToken = "SeCrEtToKeN4setstatX"

type result struct {
	code           int
	stdout, stderr string
}

// setup starts a fake Cachet with one operational component (id 1).
func setup(t *testing.T) *cachettest.Server {
	t.Helper()
	fake := cachettest.NewServer(cachettest.WithToken(secretToken))
	t.Cleanup(fake.Close)
	fake.Handler.AddComponent(cachettest.Component{Name: "Stream 14", Status: 1, Enabled: true})
	return fake
}

func runTool(t *testing.T, fake *cachettest.Server, token string, args ...string) result {
	t.Helper()
	env := map[string]string{"CACHET_URL": fake.URL, "CACHET_TOKEN": token}
	var stdout, stderr bytes.Buffer
	code := run(t.Context(), args, &stdout, &stderr, func(k string) string { return env[k] })
	r := result{code: code, stdout: stdout.String(), stderr: stderr.String()}
	assert.NotContains(t, r.stdout+r.stderr, secretToken, "token leaked")
	return r
}

func writes(fake *cachettest.Server) []cachettest.Request {
	var ws []cachettest.Request
	for _, r := range fake.Handler.Requests() {
		if r.Method != http.MethodGet {
			ws = append(ws, r)
		}
	}
	return ws
}

func TestSetStatus(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		status string
		want   int
		output string
	}{
		{"by name", "major_outage", 4, "Stream 14 (#1): operational → major outage\n"},
		{"by number", "3", 3, "Stream 14 (#1): operational → partial outage\n"},
		{"unknown is allowed", "0", 0, "Stream 14 (#1): operational → unknown\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fake := setup(t)
			r := runTool(t, fake, secretToken, "-component", "1", "-status", tt.status)
			require.Equal(t, exitOK, r.code, r.stderr)
			assert.Equal(t, tt.output, r.stdout)
			c, _ := fake.Handler.Component(1)
			assert.Equal(t, tt.want, c.Status)
			ws := writes(fake)
			require.Len(t, ws, 1)
			assert.Equal(t, http.MethodPut, ws[0].Method)
			assert.Equal(t, "/api/v1/components/1", ws[0].Path)
			assert.JSONEq(t, `{"status":`+strconv.Itoa(tt.want)+`}`, string(ws[0].Body))
		})
	}
}

func TestSetStatusUnchangedWritesNothing(t *testing.T) {
	t.Parallel()
	fake := setup(t)
	r := runTool(t, fake, secretToken, "-component", "1", "-status", "operational")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "already operational")
	assert.Empty(t, writes(fake))
}

func TestSetStatusSilent(t *testing.T) {
	t.Parallel()
	fake := setup(t)
	r := runTool(t, fake, secretToken, "-component", "1", "-status", "partial_outage", "-silent")
	require.Equal(t, exitOK, r.code, r.stderr)
	ws := writes(fake)
	require.Len(t, ws, 1)
	assert.JSONEq(t, `{"status":3,"silent":true}`, string(ws[0].Body))
}

func TestSetStatusWithIncident(t *testing.T) {
	t.Parallel()
	fake := setup(t)
	r := runTool(t, fake, secretToken, "-component", "1", "-status", "major_outage",
		"-incident", "Stream 14 down", "-message", "We are on it.")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, `incident #1 "Stream 14 down" opened`)

	c, _ := fake.Handler.Component(1)
	assert.Equal(t, 4, c.Status, "the incident set the component's status")
	ws := writes(fake)
	require.Len(t, ws, 1, "one request: the incident carries the status")
	assert.Equal(t, "/api/v1/incidents", ws[0].Path)
	assert.JSONEq(t, `{"name":"Stream 14 down","status":1,"message":"We are on it.","notify":true,"component_id":1,"component_status":4,
		"meta":{"cachetstatus_setstatus":"1"}}`, string(ws[0].Body))

	incs := fake.Handler.Incidents()
	require.Len(t, incs, 1)
	assert.Equal(t, 1, incs[0].ComponentID)
}

// TestSetStatusIncidentTwice runs the same -incident command twice (and
// then with other statuses): one incident, updated, never a second one.
func TestSetStatusIncidentTwice(t *testing.T) {
	t.Parallel()
	steps := []struct {
		status      string
		wantStatus  int
		wantOutput  string
		wantUpdates []int // statuses of the incident's updates so far
	}{
		{"major_outage", 4, `incident #1 "Stream 14 down" opened`, nil},
		{"major_outage", 4, `incident #1 "Stream 14 down" updated`, []int{2}},
		{"partial_outage", 3, `major outage → partial outage; incident #1 "Stream 14 down" updated`, []int{2, 2}},
		{"operational", 1, `partial outage → operational; incident #1 "Stream 14 down" updated`, []int{2, 2, 4}},
		{"operational", 1, "already operational and no open incident; nothing written", []int{2, 2, 4}},
	}
	for _, marked := range []bool{true, false} {
		t.Run(map[bool]string{true: "marked", false: "opened before the marker"}[marked], func(t *testing.T) {
			t.Parallel()
			fake := setup(t)
			if !marked {
				fake.Handler.AddIncident(cachettest.Incident{Name: "Stream 14 down", ComponentID: 1, Status: 1, Visible: 1})
				fake.Handler.AddIncident(cachettest.Incident{Name: "Stream 14 down", ComponentID: 1, Status: 4, Visible: 1}) // resolved: not touched
			}
			for i, step := range steps {
				if !marked && i == 0 {
					continue // the incident is already there
				}
				r := runTool(t, fake, secretToken, "-component", "1", "-status", step.status, "-incident", "Stream 14 down")
				require.Equal(t, exitOK, r.code, r.stderr)
				assert.Contains(t, r.stdout, step.wantOutput, "step %d", i)
				c, _ := fake.Handler.Component(1)
				assert.Equal(t, step.wantStatus, c.Status, "step %d", i)
				var got []int
				for _, u := range fake.Handler.IncidentUpdates(1) {
					got = append(got, u.Status)
				}
				assert.ElementsMatch(t, step.wantUpdates, got, "step %d", i)
			}
			assert.Len(t, fake.Handler.Incidents(), map[bool]int{true: 1, false: 2}[marked], "one incident of setstatus, never a second")
		})
	}
}

func TestSetStatusFailures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		args   []string
		token  string
		fault  *cachettest.Fault
		code   int
		stderr string
	}{
		{name: "no component", args: []string{"-status", "1"}, code: exitUsage, stderr: "-component"},
		{name: "no status", args: []string{"-component", "1"}, code: exitUsage, stderr: "-status is required"},
		{name: "bad status", args: []string{"-component", "1", "-status", "on_fire"}, code: exitUsage, stderr: "unknown status"},
		{name: "status out of range", args: []string{"-component", "1", "-status", "5"}, code: exitUsage, stderr: "unknown status"},
		{name: "message without incident", args: []string{"-component", "1", "-status", "1", "-message", "x"}, code: exitUsage, stderr: "-message needs -incident"},
		{name: "stray argument", args: []string{"-component", "1", "-status", "1", "now"}, code: exitUsage, stderr: "unexpected argument"},
		{name: "unknown flag", args: []string{"-colour", "red"}, code: exitUsage, stderr: "flag provided but not defined"},
		{name: "missing token", args: []string{"-component", "1", "-status", "4"}, token: "-", code: exitUsage, stderr: "CACHET_TOKEN"},
		{name: "unknown component", args: []string{"-component", "99", "-status", "4"}, code: exitFailed, stderr: "404"},
		{name: "wrong token", args: []string{"-component", "1", "-status", "4"}, token: "wrongToken0123456789", code: exitFailed, stderr: "401"},
		{
			name: "cachet answers 500", args: []string{"-component", "1", "-status", "4"}, code: exitFailed, stderr: "500",
			fault: &cachettest.Fault{Method: http.MethodPut, Status: 500, Body: "<html>boom</html>"},
		},
		{
			name: "cachet hangs", args: []string{"-component", "1", "-status", "4", "-timeout", "300ms"}, code: exitFailed, stderr: "deadline exceeded",
			fault: &cachettest.Fault{Hang: true},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fake := setup(t)
			if tt.fault != nil {
				fake.Handler.Inject(*tt.fault)
			}
			token := secretToken
			switch tt.token {
			case "-":
				token = ""
			case "":
			default:
				token = tt.token
			}
			r := runTool(t, fake, token, tt.args...)
			assert.Equal(t, tt.code, r.code)
			assert.Contains(t, r.stderr, tt.stderr)
			c, _ := fake.Handler.Component(1)
			assert.Equal(t, 1, c.Status, "nothing changed")
		})
	}
}
