package cachettest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rawClient performs one HTTP request the way a user's tool would and
// returns the status and the body. token "" sends no X-Cachet-Token.
type rawClient func(t *testing.T, method, url, token, jsonBody string) (int, []byte)

// netHTTPClient sends requests with a plain net/http client.
func netHTTPClient(t *testing.T, method, url, token, jsonBody string) (int, []byte) {
	t.Helper()
	var body io.Reader
	if jsonBody != "" {
		body = strings.NewReader(jsonBody)
	}
	r, err := http.NewRequestWithContext(t.Context(), method, url, body)
	require.NoError(t, err)
	r.Header.Set("Accept", "application/json")
	if jsonBody != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		r.Header.Set("X-Cachet-Token", token)
	}
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(r)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, b
}

// curlClient sends requests with the curl command line tool.
func curlClient(t *testing.T, method, url, token, jsonBody string) (int, []byte) {
	t.Helper()
	args := []string{"--silent", "--show-error", "--max-time", "10", "-X", method, "-H", "Accept: application/json",
		"--write-out", "\n%{http_code}"}
	if token != "" {
		args = append(args, "-H", "X-Cachet-Token: "+token)
	}
	if jsonBody != "" {
		args = append(args, "-H", "Content-Type: application/json", "--data-binary", jsonBody)
	}
	out, err := exec.CommandContext(t.Context(), "curl", append(args, url)...).Output()
	require.NoError(t, err, "curl %s %s", method, url)
	cut := bytes.LastIndexByte(out, '\n')
	require.GreaterOrEqual(t, cut, 0, "curl output without status line: %q", out)
	status, err := strconv.Atoi(string(out[cut+1:]))
	require.NoError(t, err)
	return status, out[:cut]
}

// TestScenarioIndependentClients drives the fake as a new user would with
// tools that know nothing about this module: net/http and curl.
func TestScenarioIndependentClients(t *testing.T) {
	t.Parallel()
	clients := []struct {
		name   string
		client rawClient
	}{
		{"net/http", netHTTPClient},
		{"curl", curlClient},
	}
	for _, cl := range clients {
		t.Run(cl.name, func(t *testing.T) {
			t.Parallel()
			if cl.name == "curl" {
				if _, err := exec.LookPath("curl"); err != nil {
					t.Skip("curl is not installed on this machine; the net/http scenario covers the same steps")
				}
			}
			runScenario(t, cl.client)
		})
	}
}

// runScenario is the scripted session: groups, components, pagination via
// links.next_page, a status change, an incident with an update, /status
// before and after, deletes.
func runScenario(t *testing.T, client rawClient) {
	s := NewServer(WithToken("scenarioToken0000000"))
	t.Cleanup(s.Close)
	base := s.URL + "/api/v1"
	const token = "scenarioToken0000000"

	do := func(method, path, body string, want int) map[string]any {
		t.Helper()
		url := path
		if !strings.HasPrefix(path, "http") {
			url = base + path
		}
		status, b := client(t, method, url, token, body)
		require.Equal(t, want, status, "%s %s: %s", method, path, b)
		if want == http.StatusNoContent {
			assert.Empty(t, b)
			return nil
		}
		var doc map[string]any
		require.NoError(t, json.Unmarshal(b, &doc), "%s %s: %s", method, path, b)
		return doc
	}
	data := func(doc map[string]any) map[string]any {
		t.Helper()
		d, ok := doc["data"].(map[string]any)
		require.True(t, ok, "no data object in %v", doc)
		return d
	}

	assert.Equal(t, "Pong!", do(http.MethodGet, "/ping", "", 200)["data"])

	status, b := client(t, http.MethodPost, base+"/components/groups", "", `{"name":"Website"}`)
	assert.Equal(t, http.StatusUnauthorized, status, "%s", b)

	group := data(do(http.MethodPost, "/components/groups", `{"name":"Website","visible":1}`, 200))
	groupID := int(group["id"].(float64))
	for _, name := range []string{"Frontend", "API", "Forum", "Chat", "Video"} {
		c := data(do(http.MethodPost, "/components", `{"name":"`+name+`","status":1,"group_id":`+strconv.Itoa(groupID)+`}`, 200))
		assert.Equal(t, "Operational", c["status_name"])
	}

	var names []string
	pages := 0
	for next := base + "/components?per_page=2"; next != ""; pages++ {
		doc := do(http.MethodGet, next, "", 200)
		for _, c := range doc["data"].([]any) {
			names = append(names, c.(map[string]any)["name"].(string))
		}
		link, _ := doc["meta"].(map[string]any)["pagination"].(map[string]any)["links"].(map[string]any)["next_page"].(string)
		next = link
	}
	assert.Equal(t, 3, pages)
	assert.Equal(t, []string{"Frontend", "API", "Forum", "Chat", "Video"}, names)

	updated := data(do(http.MethodPut, "/components/3", `{"status":3}`, 200))
	assert.Equal(t, float64(3), updated["status"])
	assert.Equal(t, "Partial Outage", updated["status_name"])
	st := data(do(http.MethodGet, "/status", "", 200))
	assert.Equal(t, map[string]any{"status": "info", "message": "Some systems are experiencing issues"}, st)

	incident := data(do(http.MethodPost, "/incidents",
		`{"name":"Forum down","message":"Looking into it","status":1,"visible":1,"component_id":3,"component_status":4}`, 200))
	incidentID := strconv.Itoa(int(incident["id"].(float64)))
	assert.Equal(t, "Investigating", incident["human_status"])
	assert.Equal(t, float64(4), data(do(http.MethodGet, "/components/3", "", 200))["status"], "the incident set the component status")

	update := data(do(http.MethodPost, "/incidents/"+incidentID+"/updates", `{"status":4,"message":"Fixed"}`, 200))
	assert.Equal(t, "Fixed", update["human_status"])
	assert.Equal(t, float64(4), data(do(http.MethodGet, "/incidents/"+incidentID, "", 200))["status"], "the update set the incident status")

	do(http.MethodPut, "/components/3", `{"status":1}`, 200)
	st = data(do(http.MethodGet, "/status", "", 200))
	assert.Equal(t, map[string]any{"status": "success", "message": "All systems are operational"}, st)

	metric := data(do(http.MethodPost, "/metrics", `{"name":"Latency","suffix":"ms","description":"p95","default_value":0}`, 200))
	metricID := strconv.Itoa(int(metric["id"].(float64)))
	do(http.MethodPost, "/metrics/"+metricID+"/points", `{"value":120}`, 200)
	merged := data(do(http.MethodPost, "/metrics/"+metricID+"/points", `{"value":120}`, 200))
	assert.Equal(t, float64(2), merged["counter"], "a repeated value within the threshold merges")
	assert.Len(t, do(http.MethodGet, "/metrics/"+metricID+"/points", "", 200)["data"], 1)
	schedule := data(do(http.MethodPost, "/schedules", `{"name":"DB upgrade","status":0,"scheduled_at":"2030-01-01 03:00"}`, 200))
	assert.Equal(t, "2030-01-01 03:00:00", schedule["scheduled_at"])
	subscriber := data(do(http.MethodPost, "/subscribers", `{"email":"ops@example.com","components":[1,2]}`, 200))
	assert.Len(t, subscriber["subscriptions"], 2)

	do(http.MethodDelete, "/components/3", "", 204)
	do(http.MethodGet, "/components/3", "", 404)
	do(http.MethodDelete, "/incidents/"+incidentID, "", 204)
	do(http.MethodDelete, "/components/groups/"+strconv.Itoa(groupID), "", 204)
	left := do(http.MethodGet, "/components", "", 200)["data"].([]any)
	assert.Len(t, left, 4)
	for _, c := range left {
		assert.Equal(t, float64(0), c.(map[string]any)["group_id"], "deleting the group ungrouped its members")
	}
}
