package promstack_test

import (
	"encoding/json"
	"flag"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxer/cachetstatus/examples/internal/promstack"
)

// capture rewrites the payload files the unit tests of probe and
// examples/alertbridge replay: go test ./internal/promstack -run Stack -capture
var capture = flag.Bool("capture", false, "write the captured payloads to the packages' testdata")

// queryAnswer is the part of a Prometheus query answer the test checks.
type queryAnswer struct {
	Status string `json:"status"`
	Data   struct {
		Result []struct {
			Metric map[string]string `json:"metric"`
			Value  [2]any            `json:"value"`
		} `json:"result"`
	} `json:"data"`
}

// webhook is the part of an Alertmanager webhook the test checks.
type webhook struct {
	Version string `json:"version"`
	Status  string `json:"status"`
	Alerts  []struct {
		Status string            `json:"status"`
		Labels map[string]string `json:"labels"`
	} `json:"alerts"`
}

func TestStack(t *testing.T) {
	target := promstack.NewTarget(t)
	hooks := promstack.NewWebhookRecorder(t)
	const token = "hook-secret"
	stack := promstack.Start(t, promstack.Config{
		Targets:      []promstack.Target{{URL: target.URL + "/", Labels: map[string]string{"component": "7"}}},
		WebhookURL:   hooks.URL,
		WebhookToken: token,
	})
	t.Logf("started in %v (blackbox %v, alertmanager %v, prometheus %v)", stack.Timings.Total,
		stack.Timings.Blackbox, stack.Timings.Alertmanager, stack.Timings.Prometheus)
	ctx := t.Context()
	metrics := `{__name__=~"probe_success|probe_duration_seconds|probe_http_status_code|probe_ssl_earliest_cert_expiry", component="7"}`

	// success per location: wait until both locations report the state the
	// target was set to.
	successes := func(want map[string]string) func() bool {
		return func() bool {
			code, body, err := stack.Query(ctx, `probe_success{component="7"}`)
			if err != nil || code != http.StatusOK {
				return false
			}
			var a queryAnswer
			if json.Unmarshal(body, &a) != nil || len(a.Data.Result) != len(want) {
				return false
			}
			for _, r := range a.Data.Result {
				if want[r.Metric["location"]] != r.Value[1] {
					return false
				}
			}
			return true
		}
	}
	waited := promstack.Eventually(t, "both locations report probe_success 1", successes(map[string]string{"a": "1", "b": "1"}))
	t.Logf("first probe_success per location after %v", waited)
	save(t, "probe/testdata/prometheus/vector_up.json", query(t, stack, metrics, http.StatusOK))

	target.Set("b", http.StatusServiceUnavailable)
	promstack.Eventually(t, "location b reports probe_success 0", successes(map[string]string{"a": "1", "b": "0"}))
	save(t, "probe/testdata/prometheus/vector_one_failing.json", query(t, stack, metrics, http.StatusOK))

	firing := waitWebhook(t, hooks, "firing")
	assert.Equal(t, "Bearer "+token, firing.Header.Get("Authorization"))
	save(t, "examples/alertbridge/testdata/webhook_firing.json", firing.Body)

	var alerts []struct {
		Labels map[string]string `json:"labels"`
	}
	promstack.Eventually(t, "alertmanager lists the alert", func() bool {
		code, body, err := stack.Alerts(ctx)
		alerts = nil
		return err == nil && code == http.StatusOK && json.Unmarshal(body, &alerts) == nil && len(alerts) == 1
	})
	assert.Equal(t, "7", alerts[0].Labels["component"])
	assert.Equal(t, "b", alerts[0].Labels["location"])
	_, body, err := stack.Alerts(ctx)
	require.NoError(t, err)
	save(t, "examples/alertbridge/testdata/api_v2_alerts.json", body)

	target.Set("a", http.StatusServiceUnavailable)
	promstack.Eventually(t, "both locations report probe_success 0", successes(map[string]string{"a": "0", "b": "0"}))
	save(t, "probe/testdata/prometheus/vector_both_failing.json", query(t, stack, metrics, http.StatusOK))

	save(t, "probe/testdata/prometheus/vector_empty.json", query(t, stack, `probe_success{component="none"}`, http.StatusOK))
	save(t, "probe/testdata/prometheus/error_bad_data.json", query(t, stack, `probe_success{`, http.StatusBadRequest))

	target.Set("a", http.StatusOK)
	target.Set("b", http.StatusOK)
	resolved := waitWebhook(t, hooks, "resolved")
	save(t, "examples/alertbridge/testdata/webhook_resolved.json", resolved.Body)
}

// query runs q and checks the HTTP status of the answer.
func query(t *testing.T, stack *promstack.Stack, q string, wantCode int) []byte {
	t.Helper()
	code, body, err := stack.Query(t.Context(), q)
	require.NoError(t, err)
	require.Equal(t, wantCode, code, "query %s: %s", q, body)
	return body
}

// waitWebhook waits for a version 4 webhook whose status is status and
// returns it.
func waitWebhook(t *testing.T, hooks *promstack.WebhookRecorder, status string) promstack.Delivery {
	t.Helper()
	var found promstack.Delivery
	waited := promstack.Eventually(t, "a "+status+" webhook", func() bool {
		for _, d := range hooks.Deliveries() {
			var w webhook
			if json.Unmarshal(d.Body, &w) == nil && w.Version == "4" && w.Status == status {
				found = d
				return true
			}
		}
		return false
	})
	t.Logf("%s webhook after %v", status, waited)
	return found
}

// save writes body to path (relative to the module root) when -capture is
// set. Loopback ports and times in the payloads are left as captured.
func save(t *testing.T, path string, body []byte) {
	t.Helper()
	if !*capture {
		return
	}
	full := filepath.Join("..", "..", filepath.FromSlash(path))
	require.NoError(t, os.MkdirAll(filepath.Dir(full), 0o755))
	require.NoError(t, os.WriteFile(full, body, 0o644))
	t.Logf("captured %s (%d bytes)", path, len(body))
}
