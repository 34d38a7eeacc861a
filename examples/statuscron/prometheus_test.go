package main

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/evaluate"
)

// promToken is the Prometheus bearer token of the tests; it must appear in
// no output.
const promToken = "prom-secret-token"

// fakePrometheus answers /api/v1/query with what the test sets.
type fakePrometheus struct {
	*httptest.Server
	mu          sync.Mutex
	status      int
	contentType string
	body        []byte
	delay       time.Duration
	queries     int
	auth        []string
}

func newFakePrometheus(t *testing.T) *fakePrometheus {
	fp := &fakePrometheus{}
	fp.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fp.mu.Lock()
		status, ct, body, delay := fp.status, fp.contentType, fp.body, fp.delay
		fp.queries++
		fp.auth = append(fp.auth, r.Header.Get("Authorization"))
		fp.mu.Unlock()
		if r.URL.Path != "/api/v1/query" {
			http.NotFound(w, r)
			return
		}
		if delay > 0 {
			select {
			case <-time.After(delay):
			case <-r.Context().Done():
				return
			}
		}
		w.Header().Set("Content-Type", ct)
		w.WriteHeader(status)
		_, _ = w.Write(body)
	}))
	t.Cleanup(fp.Close)
	return fp
}

// set makes the fake answer with status, content type and body.
func (fp *fakePrometheus) set(status int, contentType string, body []byte, delay time.Duration) {
	fp.mu.Lock()
	defer fp.mu.Unlock()
	fp.status, fp.contentType, fp.body, fp.delay = status, contentType, body, delay
}

// captured returns a payload captured from Prometheus 2.42 (probe's testdata).
func captured(t *testing.T, name string) []byte {
	b, err := os.ReadFile("../../probe/testdata/prometheus/" + name)
	require.NoError(t, err)
	return b
}

// TestPrometheusTargetsThroughTheCycle runs the cycle on a prometheus
// target probed from two locations, with Prometheus's real answers
// replayed: the default ratio (more than half failing) makes one failing
// location performance issues and both a major outage; no data, and
// Prometheus answering an error, HTML, or nothing in time leave the
// status as it is, write nothing and say why.
func TestPrometheusTargetsThroughTheCycle(t *testing.T) {
	t.Parallel()
	json := "application/json"
	tests := []struct {
		name        string
		status      int
		contentType string
		body        []byte
		delay       time.Duration
		aggregate   string
		want        cachet.ComponentStatus
		reason      string
		written     bool
	}{
		{name: "both up", status: 200, contentType: json, body: captured(t, "vector_up.json"), want: cachet.ComponentStatusOperational, written: true},
		{name: "one of two failing is not an outage", status: 200, contentType: json, body: captured(t, "vector_one_failing.json"),
			want: cachet.ComponentStatusPerformanceIssues, reason: "across locations: 1 of 2 probes failing", written: true},
		{name: "both failing", status: 200, contentType: json, body: captured(t, "vector_both_failing.json"),
			want: cachet.ComponentStatusMajorOutage, reason: "2 of 2 probes failing ≥ 51% → major outage", written: true},
		{name: "one failing, worst_of", status: 200, contentType: json, body: captured(t, "vector_one_failing.json"), aggregate: "worst_of",
			want: cachet.ComponentStatusMajorOutage, written: true},
		{name: "no series", status: 200, contentType: json, body: captured(t, "vector_empty.json"),
			want: cachet.ComponentStatusPartialOutage, reason: "no data"},
		{name: "prometheus error", status: 400, contentType: json, body: captured(t, "error_bad_data.json"),
			want: cachet.ComponentStatusPartialOutage, reason: "query failed"},
		{name: "html", status: 200, contentType: "text/html", body: []byte("<html><body>Sign in</body></html>"),
			want: cachet.ComponentStatusPartialOutage, reason: "not json"},
		{name: "server error", status: 502, contentType: "text/plain", body: []byte("bad gateway"),
			want: cachet.ComponentStatusPartialOutage, reason: "unexpected status"},
		{name: "timing out", status: 200, contentType: json, body: captured(t, "vector_up.json"), delay: 5 * time.Second,
			want: cachet.ComponentStatusPartialOutage, reason: "deadline exceeded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			id := f.component("Stream 7", cachet.ComponentStatusPartialOutage)
			prom := newFakePrometheus(t)
			prom.set(tt.status, tt.contentType, tt.body, tt.delay)
			aggregate := ""
			if tt.aggregate != "" {
				aggregate = fmt.Sprintf(`, "aggregate": %q`, tt.aggregate)
			}
			cfg, err := parseConfig(fmt.Appendf(nil, `{"cachet": {"url": %q, "token": %q},
				"prometheus": {"url": %q, "locations": ["a", "b"], "timeout": "300ms"%s},
				"targets": [{"name": "stream7", "component_id": %d, "prometheus": {"matchers": "component=\"7\""}}]}`,
				f.fake.URL, f.fake.Token, prom.URL, aggregate, id), func(k string) string {
				if k == envPrometheusToken {
					return promToken
				}
				return ""
			})
			require.NoError(t, err)
			j, err := cfg.job(options{})
			require.NoError(t, err)
			require.Len(t, j.targets, 2)
			assert.Equal(t, []string{"stream7@a", "stream7@b"}, []string{j.targets[0].Name, j.targets[1].Name})

			report, _, err := j.rec.Run(t.Context(), j.targets, Memory{}, testNow)
			require.NoError(t, err)
			assert.Equal(t, tt.want, f.status(id))
			assert.Equal(t, tt.written, len(f.writes()) > 0, "%v", f.writes())
			var out bytes.Buffer
			require.NoError(t, writeOutcomes(&out, report.Outcomes, nil, false))
			assert.Contains(t, out.String(), tt.reason)
			assert.NotContains(t, out.String(), promToken)
			for _, o := range report.Outcomes {
				assert.NotContains(t, o.Reason, promToken)
			}
			prom.mu.Lock()
			defer prom.mu.Unlock()
			assert.Equal(t, 2, prom.queries, "one query per location")
			for _, a := range prom.auth {
				assert.Equal(t, "Bearer "+promToken, a)
			}
		})
	}
}

// TestPrometheusConfigErrors: every bad prometheus key is named.
func TestPrometheusConfigErrors(t *testing.T) {
	t.Parallel()
	section := `"prometheus": {"url": "http://prom.example", "locations": ["a", "b"]}`
	target := `{"name": "s", "component_id": 1, "prometheus": {"matchers": "job=\"x\""}}`
	tests := []struct {
		name, prometheus, target, field string
	}{
		{"no section", ``, target, "targets[0].prometheus"},
		{"no url", `"prometheus": {"locations": ["a"]}`, target, "prometheus.url"},
		{"bad url", `"prometheus": {"url": "prom.example", "locations": ["a"]}`, target, "prometheus.url"},
		{"no locations", `"prometheus": {"url": "http://prom.example"}`, target, "prometheus.locations"},
		{"repeated location", `"prometheus": {"url": "http://prom.example", "locations": ["a", "a"]}`, target, "prometheus.locations[1]"},
		{"bad timeout", `"prometheus": {"url": "http://prom.example", "locations": ["a"], "timeout": "soon"}`, target, "prometheus.timeout"},
		{"bad aggregate", `"prometheus": {"url": "http://prom.example", "locations": ["a"], "aggregate": "best_of"}`, target, "prometheus.aggregate"},
		{"ratio with worst_of", `"prometheus": {"url": "http://prom.example", "locations": ["a"], "aggregate": "worst_of", "ratio": {"percent": 50}}`, target, "prometheus.ratio"},
		{"bad ratio", `"prometheus": {"url": "http://prom.example", "locations": ["a"], "ratio": {"failing_at": "major_outage", "percent": 0, "many": "major_outage", "some": "partial_outage"}}`, target, "prometheus.ratio.percent"},
		{"unknown key", `"prometheus": {"url": "http://prom.example", "locations": ["a"], "token": "x"}`, target, "prometheus.token"},
		{"url and prometheus", section, `{"name": "s", "component_id": 1, "url": "http://s.example", "prometheus": {"matchers": "a=\"b\""}}`, "targets[0].prometheus"},
		{"neither matchers nor query", section, `{"name": "s", "component_id": 1, "prometheus": {}}`, "targets[0].prometheus.matchers"},
		{"both matchers and query", section, `{"name": "s", "component_id": 1, "prometheus": {"matchers": "a=\"b\"", "query": "up"}}`, "targets[0].prometheus.matchers"},
		{"metric id", section, `{"name": "s", "component_id": 1, "metric_id": 3, "prometheus": {"matchers": "a=\"b\""}}`, "targets[0].metric_id"},
		{"own timeout", section, `{"name": "s", "component_id": 1, "timeout": "1s", "prometheus": {"matchers": "a=\"b\""}}`, "targets[0].timeout"},
		{"http-only key", section, `{"name": "s", "component_id": 1, "method": "HEAD", "prometheus": {"matchers": "a=\"b\""}}`, "targets[0].method"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			doc := `{"cachet": {"url": "http://c.example"}, ` + tt.prometheus
			if tt.prometheus != "" {
				doc += ", "
			}
			doc += `"targets": [` + tt.target + `]}`
			_, err := parseConfig([]byte(doc), noEnv)
			var ce *ConfigError
			require.True(t, errors.As(err, &ce), "%v", err)
			assert.Equal(t, tt.field, ce.Field, ce.Error())
		})
	}
}

// TestDefaultLocationRatioReadsMoreThanHalf pins how "50 %" reads: one of
// two locations failing is not an outage, two of two, and two of three,
// are.
func TestDefaultLocationRatioReadsMoreThanHalf(t *testing.T) {
	t.Parallel()
	r := defaultLocationRatio()
	require.NoError(t, r.Validate())
	up, down := evaluate.Decision{Status: cachet.ComponentStatusOperational}, evaluate.Decision{Status: cachet.ComponentStatusMajorOutage}
	assert.Equal(t, cachet.ComponentStatusPerformanceIssues, r.Aggregate([]evaluate.Decision{up, down}).Status)
	assert.Equal(t, cachet.ComponentStatusMajorOutage, r.Aggregate([]evaluate.Decision{down, down}).Status)
	assert.Equal(t, cachet.ComponentStatusMajorOutage, r.Aggregate([]evaluate.Decision{down, up, down}).Status)
	assert.Equal(t, cachet.ComponentStatusPerformanceIssues, r.Aggregate([]evaluate.Decision{down, up, up}).Status)
	assert.True(t, strings.Contains(r.Aggregate([]evaluate.Decision{down, down}).Reason(), "≥ 51%"))
}

// TestPrometheusTargetNamesItsComponent: a prometheus target is one target
// per location, so names resolve through the configured target each came
// from, not by position.
func TestPrometheusTargetNamesItsComponent(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	stream := f.component("Stream 7", cachet.ComponentStatusOperational)
	web := f.component("Web", cachet.ComponentStatusOperational)
	cfg, err := parseConfig(fmt.Appendf(nil, `{"cachet": {"url": %q, "token": %q},
		"prometheus": {"url": "http://127.0.0.1:1", "locations": ["a", "b"]},
		"targets": [
			{"name": "stream7", "component": "Stream 7", "prometheus": {"matchers": "component=\"7\""}},
			{"name": "web", "component": "Web", "url": "http://127.0.0.1:1/"}]}`,
		f.fake.URL, f.fake.Token), func(string) string { return "" })
	require.NoError(t, err)
	j, err := cfg.job(options{timeout: 10 * time.Second})
	require.NoError(t, err)

	require.Equal(t, exitOK, j.resolveNames(t.Context(), slog.New(slog.DiscardHandler)))

	got := map[string]int{}
	for _, tg := range j.targets {
		got[tg.Name] = tg.ComponentID
	}
	assert.Equal(t, map[string]int{"stream7@a": stream, "stream7@b": stream, "web": web}, got)
}
