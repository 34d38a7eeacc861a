package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/cachet/cachettest"
)

// summaryLine is the JSON summary a run logs on stderr.
type summaryLine struct {
	Level                                                string
	Msg                                                  string
	Targets, Updated, Unchanged, Skipped, Failed, DryRun int
}

// summaryOf returns the one "run finished" line of a -log-format=json run.
func summaryOf(t *testing.T, stderr string) summaryLine {
	t.Helper()
	var found []summaryLine
	for _, l := range strings.Split(strings.TrimSpace(stderr), "\n") {
		var s struct {
			summaryLine
			DryRun int `json:"dry_run"`
		}
		require.NoError(t, json.Unmarshal([]byte(l), &s), l)
		if s.Msg == "run finished" {
			s.summaryLine.DryRun = s.DryRun
			found = append(found, s.summaryLine)
		}
	}
	require.Len(t, found, 1, "one summary line: %s", stderr)
	s := found[0]
	assert.Equal(t, s.Targets, s.Updated+s.Unchanged+s.Skipped+s.Failed+s.DryRun, "the counts add up: %+v", s)
	return s
}

func TestSteadyRunIsQuiet(t *testing.T) {
	t.Parallel()
	e, cfg := webAndAPI(t)

	first := e.run(t.Context(), "-config", cfg, "-state", e.state)
	require.Equal(t, exitOK, first.code, first.stderr)
	assert.Equal(t, 1, strings.Count(first.stdout, "\n"), "only the change is printed: %s", first.stdout)
	assert.Contains(t, first.stdout, "api")

	// Steady, even with api steadily down: nothing on stdout, one summary
	// line on stderr.
	steady := e.run(t.Context(), "-config", cfg, "-state", e.state)
	require.Equal(t, exitOK, steady.code, steady.stderr)
	assert.Empty(t, steady.stdout)
	lines := strings.Split(strings.TrimSpace(steady.stderr), "\n")
	require.Len(t, lines, 1, steady.stderr)
	assert.Contains(t, lines[0], "level=INFO msg=\"run finished\" targets=2 updated=0 unchanged=2 skipped=0 failed=0 dry_run=0")

	verbose := e.run(t.Context(), "-v", "-config", cfg, "-state", e.state)
	assert.Equal(t, 2, strings.Count(verbose.stdout, "\n"), "-v prints every target: %s", verbose.stdout)
}

func TestSummaryCountsAddUp(t *testing.T) {
	t.Parallel()
	t.Run("dry run", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		f := newFleet(t, e)
		cfg := e.writeConfig(map[string]any{"targets": f.targets})
		out := e.run(t.Context(), "-config", cfg, "-dry-run", "-log-format=json")
		require.Equal(t, exitOK, out.code, out.stderr)
		s := summaryOf(t, out.stderr)
		assert.Equal(t, summaryLine{Level: "INFO", Msg: "run finished", Targets: 12, Unchanged: 3, DryRun: 9}, s)
		assert.Len(t, out.lines, 9, "a line for every planned write")
	})
	t.Run("skipped manual", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		svc := newSwitchable(t, http.StatusInternalServerError)
		id := e.component("web")
		cfg := e.writeConfig(map[string]any{"targets": []any{target("web", svc.srv.URL, id)}, "respect_manual_changes": true})
		require.Equal(t, exitOK, e.run(t.Context(), "-config", cfg, "-state", e.state).code)
		_, err := e.client().Components.Update(t.Context(), id, cachet.UpdateComponentRequest{Status: cachet.Ptr(cachet.ComponentStatusPartialOutage)})
		require.NoError(t, err)
		svc.set(http.StatusOK)
		out := e.run(t.Context(), "-config", cfg, "-state", e.state, "-log-format=json")
		require.Equal(t, exitOK, out.code, out.stderr)
		assert.Equal(t, summaryLine{Level: "INFO", Msg: "run finished", Targets: 1, Skipped: 1}, summaryOf(t, out.stderr))
	})
	t.Run("failed metric", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		healthy := newSwitchable(t, http.StatusOK)
		metric := e.fake.Handler.AddMetric(cachettest.Metric{Name: "Latency", Suffix: "ms", Description: "latency"})
		cfg := e.writeConfig(map[string]any{"targets": []any{
			target("web", healthy.srv.URL, e.component("web"), "metric_id", metric.ID),
			target("api", healthy.srv.URL, e.component("api")),
		}, "metrics": map[string]any{"enabled": true}})
		e.fake.Handler.Inject(cachettest.Fault{Method: http.MethodPost, Path: "/api/v1/metrics/", Status: 500, Body: "<html>oops</html>"})
		out := e.run(t.Context(), "-config", cfg, "-log-format=json")
		assert.Equal(t, exitFailed, out.code, out.stderr)
		assert.Equal(t, summaryLine{Level: "ERROR", Msg: "run finished", Targets: 2, Unchanged: 1, Failed: 1}, summaryOf(t, out.stderr))
		require.Len(t, out.lines, 1, "the failed target only")
		assert.Contains(t, out.lines["web"].MetricError, "500")
		assert.False(t, out.lines["web"].MetricPosted)
	})
}

func TestJSONLinesCarryTheProbe(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	selfSigned := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	t.Cleanup(selfSigned.Close)
	failing := newSwitchable(t, http.StatusServiceUnavailable)
	metric := e.fake.Handler.AddMetric(cachettest.Metric{Name: "Latency", Suffix: "ms", Description: "latency"})
	cfg := e.writeConfig(map[string]any{"targets": []any{
		target("tls", selfSigned.URL, e.component("tls")),
		target("down", failing.srv.URL, e.component("down"), "metric_id", metric.ID),
	}, "incidents": map[string]any{"enabled": true}, "metrics": map[string]any{"enabled": true}})

	out := e.run(t.Context(), "-config", cfg, "-log-format=json")
	require.Equal(t, exitOK, out.code, out.stderr)
	tls := out.lines["tls"]
	assert.Equal(t, "tls", tls.Failure)
	assert.Equal(t, "x509: certificate signed by unknown authority", tls.Cause)
	require.NotNil(t, tls.CertExpiry)
	assert.Equal(t, selfSigned.Certificate().NotAfter.UTC(), tls.CertExpiry.UTC())
	require.NotNil(t, tls.Phases)
	assert.Positive(t, tls.Phases.TLS)
	assert.Positive(t, tls.LatencyMS)

	down := out.lines["down"]
	assert.Equal(t, http.StatusServiceUnavailable, down.StatusCode)
	assert.Equal(t, "http", down.Failure)
	assert.Contains(t, down.Cause, "503")
	assert.Equal(t, "opened #1", down.Incident)
	assert.True(t, down.MetricPosted)
	assert.Equal(t, statusName(cachet.ComponentStatusMajorOutage), down.To)

	// The text line shows the cause too.
	text := e.run(t.Context(), "-v", "-config", cfg)
	assert.Contains(t, text.stdout, "; x509: certificate signed by unknown authority")
}

func TestReportKeysThatMatchNoTarget(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	healthy := newSwitchable(t, http.StatusOK)
	var window string
	reports := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		window = r.URL.Query().Get("window")
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"Healthy": 3}`))
	}))
	t.Cleanup(reports.Close)
	cfg := e.writeConfig(map[string]any{"reports_url": reports.URL, "targets": []any{
		target("healthy", healthy.srv.URL, e.component("healthy")),
		target("fixed", healthy.srv.URL, e.component("fixed"), "reports", 0),
	}})
	out := e.run(t.Context(), "-config", cfg, "-log-format=json")
	require.Equal(t, exitOK, out.code, out.stderr)
	assert.Contains(t, out.stdout, `"level":"WARN","msg":"reports source has no count for target \"healthy\"; its count is taken as 0"`)
	assert.Contains(t, out.stdout, `"level":"WARN","msg":"reports source counts \"Healthy\", which is no target's name; the count is ignored (did you mean \"healthy\"? names are case-sensitive)"`)
	assert.NotContains(t, out.stdout, `target \"fixed\"`, "a fixed count needs no answer")
	assert.Equal(t, "WARN", summaryOf(t, out.stderr).Level)
	assert.Equal(t, "7200", window, "the default 2h window is sent")
}

func TestReportWarnings(t *testing.T) {
	t.Parallel()
	targets := []Target{{Name: "a"}, {Name: "b"}, {Name: "c", Reports: new(int)}}
	assert.Nil(t, reportWarnings(targets, nil), "no answer, nothing to compare")
	assert.Empty(t, reportWarnings(targets, map[string]int{"a": 1, "b": 0}))
	assert.Equal(t, []string{
		`reports source has no count for target "b"; its count is taken as 0`,
		`reports source counts "A", which is no target's name; the count is ignored (did you mean "a"? names are case-sensitive)`,
		`reports source counts "z", which is no target's name; the count is ignored`,
	}, reportWarnings(targets, map[string]int{"a": 1, "z": 2, "A": 3}))
}

func TestConfigWarningsArePrinted(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	healthy := newSwitchable(t, http.StatusOK)
	cfg := e.writeConfig(map[string]any{"targets": []any{target("web", healthy.srv.URL, e.component("web"), "timeout", "10s")}})
	vars := map[string]string{"CACHET_URL": e.fake.APIURL(), "CACHET_TOKEN": secretToken + "\n"}
	out := runWith(t, t.Context(), vars, "-config", cfg, "-timeout", "4s")
	require.Equal(t, exitOK, out.code, out.stderr)
	assert.Contains(t, out.stdout, "CACHET_TOKEN: trailing line break removed")
	assert.Contains(t, out.stdout, "config: targets[0].timeout: 10s is longer than the 3s that -timeout 4s leaves for probing")
}

func TestMetricsFileAfterARun(t *testing.T) {
	t.Parallel()
	e, cfg := webAndAPI(t)
	path := e.dir + "/statuscron.prom"
	out := e.run(t.Context(), "-config", cfg, "-metrics-file", path)
	require.Equal(t, exitOK, out.code, out.stderr)
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	samples, err := parseExposition(data)
	require.NoError(t, err, "%s", data)
	assert.Equal(t, 1.0, samples[`probe_success{component_id="1",target="web"}`])
	assert.Equal(t, 0.0, samples[`probe_success{component_id="2",target="api"}`])
	assert.Equal(t, 500.0, samples[`probe_http_status_code{component_id="2",target="api"}`])
	assert.Equal(t, 4.0, samples[`statuscron_component_status{component_id="2",target="api"}`])
	assert.Equal(t, 1.0, samples[`statuscron_run_targets{action="updated"}`])
	assert.Equal(t, 1.0, samples[`statuscron_run_targets{action="unchanged"}`])
	assert.Equal(t, 1.0, samples[`statuscron_run_success`])
	assert.InDelta(t, float64(time.Now().Unix()), samples[`statuscron_run_timestamp_seconds`], 60)

	dry := e.dir + "/dry.prom"
	require.Equal(t, exitOK, e.run(t.Context(), "-config", cfg, "-metrics-file", dry, "-dry-run").code)
	assert.NoFileExists(t, dry, "a dry run writes nothing")

	bad := e.run(t.Context(), "-config", cfg, "-metrics-file", e.dir+"/statuscron.txt")
	assert.Equal(t, exitUsage, bad.code)
	assert.Contains(t, bad.stderr, "-metrics-file: "+e.dir+"/statuscron.txt: the name must end in .prom")
}

// webAndAPI is a Cachet with two operational components and a configuration
// whose target "web" answers 200 and "api" 500.
func webAndAPI(t *testing.T) (*env, string) {
	e := newEnv(t)
	healthy := newSwitchable(t, http.StatusOK)
	failing := newSwitchable(t, http.StatusInternalServerError)
	return e, e.writeConfig(map[string]any{"targets": []any{
		target("web", healthy.srv.URL, e.component("web")),
		target("api", failing.srv.URL, e.component("api")),
	}})
}

func TestMetricsFileWriteFailureFailsTheRun(t *testing.T) {
	t.Parallel()
	e, cfg := webAndAPI(t)
	out := e.run(t.Context(), "-config", cfg, "-metrics-file", e.dir+"/missing/statuscron.prom", "-log-format=json")
	assert.Equal(t, exitFailed, out.code)
	assert.Contains(t, out.stdout, `"level":"ERROR","msg":"metrics file not written"`)
	assert.Equal(t, "ERROR", summaryOf(t, out.stderr).Level)
}
