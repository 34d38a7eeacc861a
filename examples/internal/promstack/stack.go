package promstack

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Bounds of the harness. They are generous because the machine may be busy;
// a healthy start takes about a second.
const (
	// ReadyTimeout bounds the wait for one program to answer its readiness
	// endpoint.
	ReadyTimeout = 60 * time.Second
	// stopGrace is how long a program may take to exit after SIGTERM before
	// it is killed.
	stopGrace = 10 * time.Second
	// startAttempts is how often a program is started on a fresh port when
	// it exits before becoming ready (another process took the port).
	startAttempts = 3
)

// LocationHeader is the request header in which every blackbox_exporter of
// the stack names its location.
const LocationHeader = "X-Probe-Location"

// DefaultRules is the alerting rule file used when [Config.Rules] is empty:
// an alert ProbeFailing with severity "major_outage" for every series of
// probe_success that is 0, firing at once.
const DefaultRules = `{"groups": [{"name": "probes", "rules": [{
	"alert": "ProbeFailing",
	"expr": "probe_success == 0",
	"for": "0s",
	"labels": {"severity": "major_outage"},
	"annotations": {"summary": "{{ $labels.instance }} fails from {{ $labels.location }}"}
}]}]}`

// Target is one URL every location probes.
type Target struct {
	// URL is the probed URL (loopback only).
	URL string
	// Labels are added to every series of this target, such as
	// {"component": "1"}.
	Labels map[string]string
}

// Config describes a stack.
type Config struct {
	// Locations names the blackbox_exporter instances; empty means
	// {"a", "b"}.
	Locations []string
	// LocationLabel is the label naming the location on every series;
	// empty means "location".
	LocationLabel string
	// Targets are probed from every location.
	Targets []Target
	// Rules is the content of Prometheus's rule file (YAML or JSON); empty
	// means [DefaultRules].
	Rules string
	// WebhookURL, when set, starts Alertmanager with one receiver that
	// sends version 4 webhooks there, grouped by component, resolved alerts
	// included.
	WebhookURL string
	// WebhookToken, when set, is sent by Alertmanager as a bearer token.
	WebhookToken string
}

// Timings records how long each program took from start to ready.
type Timings struct {
	Blackbox     []time.Duration
	Prometheus   time.Duration
	Alertmanager time.Duration
	Total        time.Duration
}

// Stack is a running set of programs. Its URLs have no trailing slash.
type Stack struct {
	// PrometheusURL is the base URL of Prometheus's web and HTTP API.
	PrometheusURL string
	// AlertmanagerURL is the base URL of Alertmanager; empty without
	// [Config.WebhookURL].
	AlertmanagerURL string
	// BlackboxURLs maps each location to its exporter's base URL.
	BlackboxURLs map[string]string
	// Timings says how long the start took.
	Timings Timings

	stops map[string]func() // by location, for StopLocation
}

// StopLocation stops the blackbox_exporter of location, as when a probing
// location goes dark: Prometheus's scrapes of it fail and its series turn
// stale. It returns once the program has exited.
func (s *Stack) StopLocation(location string) {
	if stop := s.stops[location]; stop != nil {
		stop()
	}
}

// binaries maps each program to the names it is installed under: Debian's
// package names first, upstream's second.
var binaries = map[string][]string{
	"prometheus":        {"prometheus"},
	"alertmanager":      {"prometheus-alertmanager", "alertmanager"},
	"blackbox_exporter": {"prometheus-blackbox-exporter", "blackbox_exporter"},
}

// lookPath finds program or skips t.
func lookPath(t testing.TB, program string) string {
	t.Helper()
	for _, name := range binaries[program] {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	t.Skipf("promstack: %s not found on PATH (tried %s); install the Debian packages prometheus, "+
		"prometheus-alertmanager and prometheus-blackbox-exporter (.ci/run does)",
		program, strings.Join(binaries[program], ", "))
	return ""
}

// Start launches the stack described by cfg and returns once every program
// is ready. Everything it starts is stopped by t's cleanup. It skips t when
// a program is missing and fails t when one does not become ready.
func Start(t testing.TB, cfg Config) *Stack {
	t.Helper()
	if len(cfg.Locations) == 0 {
		cfg.Locations = []string{"a", "b"}
	}
	if cfg.LocationLabel == "" {
		cfg.LocationLabel = "location"
	}
	if cfg.Rules == "" {
		cfg.Rules = DefaultRules
	}
	blackbox := lookPath(t, "blackbox_exporter")
	prometheus := lookPath(t, "prometheus")
	alertmanager := ""
	if cfg.WebhookURL != "" {
		alertmanager = lookPath(t, "alertmanager")
	}

	begin := time.Now()
	s := &Stack{BlackboxURLs: map[string]string{}, stops: map[string]func(){}}
	dir := t.TempDir()
	for _, loc := range cfg.Locations {
		locDir := filepath.Join(dir, "blackbox-"+loc)
		writeJSON(t, filepath.Join(locDir, "blackbox.yml"), blackboxConfig(loc))
		base, took, stop := startProgram(t, "blackbox_exporter "+loc, locDir, "/-/healthy", func(addr string) []string {
			return []string{blackbox, "--config.file=blackbox.yml", "--web.listen-address=" + addr}
		})
		s.BlackboxURLs[loc], s.stops[loc] = base, stop
		s.Timings.Blackbox = append(s.Timings.Blackbox, took)
	}
	if alertmanager != "" {
		amDir := filepath.Join(dir, "alertmanager")
		writeJSON(t, filepath.Join(amDir, "alertmanager.yml"), alertmanagerConfig(cfg))
		s.AlertmanagerURL, s.Timings.Alertmanager, _ = startProgram(t, "alertmanager", amDir, "/-/ready", func(addr string) []string {
			return []string{alertmanager, "--config.file=alertmanager.yml", "--storage.path=data",
				"--web.listen-address=" + addr, "--web.external-url=http://" + addr + "/", "--cluster.listen-address="}
		})
	}
	promDir := filepath.Join(dir, "prometheus")
	writeFile(t, filepath.Join(promDir, "rules.yml"), []byte(cfg.Rules))
	writeJSON(t, filepath.Join(promDir, "prometheus.yml"), prometheusConfig(cfg, s))
	s.PrometheusURL, s.Timings.Prometheus, _ = startProgram(t, "prometheus", promDir, "/-/ready", func(addr string) []string {
		return []string{prometheus, "--config.file=prometheus.yml", "--storage.tsdb.path=data",
			"--web.listen-address=" + addr, "--web.external-url=http://" + addr + "/"}
	})
	s.Timings.Total = time.Since(begin)
	return s
}

// startProgram runs the command args(addr) in dir on a free loopback port
// until readyPath answers 200, retrying on a fresh port when the program
// exits first. It returns the base URL, how long the start took and a
// function that stops the program (cleanup stops it anyway).
func startProgram(t testing.TB, name, dir, readyPath string, args func(addr string) []string) (string, time.Duration, func()) {
	t.Helper()
	begin := time.Now()
	var lastErr error
	for attempt := 1; attempt <= startAttempts; attempt++ {
		addr := freeAddr(t)
		logPath := filepath.Join(dir, fmt.Sprintf("%s.%d.log", strings.ReplaceAll(name, " ", "-"), attempt))
		exited, stop, err := run(t, name, dir, logPath, args(addr))
		if err != nil {
			t.Fatalf("promstack: starting %s: %v", name, err)
		}
		base := "http://" + addr
		if lastErr = waitReady(t, base+readyPath, exited); lastErr == nil {
			return base, time.Since(begin), stop
		}
		stop()
		t.Logf("promstack: %s attempt %d: %v; log:\n%s", name, attempt, lastErr, tail(logPath))
	}
	t.Fatalf("promstack: %s did not become ready: %v", name, lastErr)
	return "", 0, nil
}

// run starts args in dir with output to logPath and registers its stop with
// t's cleanup. The returned channel is closed when the process exits; the
// returned function stops it (SIGTERM, then SIGKILL after stopGrace) and
// waits for the exit.
func run(t testing.TB, name, dir, logPath string, args []string) (<-chan struct{}, func(), error) {
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, nil, err
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return nil, nil, err
	}
	exited := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		logFile.Close()
		close(exited)
	}()
	stop := func() {
		select {
		case <-exited:
			return
		default:
		}
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(stopGrace):
			t.Logf("promstack: %s ignored SIGTERM for %v; killing it", name, stopGrace)
			_ = cmd.Process.Kill()
			<-exited
		}
	}
	t.Cleanup(stop)
	return exited, stop, nil
}

// waitReady polls url until it answers 200, the process exits or
// ReadyTimeout passes.
func waitReady(t testing.TB, url string, exited <-chan struct{}) error {
	client := &http.Client{Timeout: 2 * time.Second}
	deadline := time.Now().Add(ReadyTimeout)
	for {
		resp, err := client.Get(url)
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
			err = fmt.Errorf("status %d", resp.StatusCode)
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("not ready after %v: %w", ReadyTimeout, err)
		}
		select {
		case <-exited:
			return fmt.Errorf("exited before it was ready (last check: %w)", err)
		case <-t.Context().Done():
			return t.Context().Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// freeAddr returns a loopback address whose port was free a moment ago.
func freeAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("promstack: finding a free port: %v", err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

func blackboxConfig(location string) any {
	return map[string]any{"modules": map[string]any{
		"http_2xx": map[string]any{
			"prober":  "http",
			"timeout": "5s",
			"http": map[string]any{
				"preferred_ip_protocol": "ip4",
				"headers":               map[string]string{LocationHeader: location},
			},
		},
	}}
}

func alertmanagerConfig(cfg Config) any {
	webhook := map[string]any{"url": cfg.WebhookURL, "send_resolved": true}
	if cfg.WebhookToken != "" {
		webhook["http_config"] = map[string]any{
			"authorization": map[string]string{"type": "Bearer", "credentials": cfg.WebhookToken},
		}
	}
	return map[string]any{
		"route": map[string]any{
			"receiver":        "webhook",
			"group_by":        []string{"component"},
			"group_wait":      "0s",
			"group_interval":  "1s",
			"repeat_interval": "1h",
		},
		"receivers": []any{map[string]any{"name": "webhook", "webhook_configs": []any{webhook}}},
	}
}

func prometheusConfig(cfg Config, s *Stack) any {
	var jobs []any
	for _, loc := range cfg.Locations {
		var static []any
		for _, target := range cfg.Targets {
			labels := map[string]string{cfg.LocationLabel: loc}
			for k, v := range target.Labels {
				labels[k] = v
			}
			static = append(static, map[string]any{"targets": []string{target.URL}, "labels": labels})
		}
		if len(static) == 0 {
			continue
		}
		blackbox, _ := url.Parse(s.BlackboxURLs[loc])
		jobs = append(jobs, map[string]any{
			"job_name":        "blackbox-" + loc,
			"metrics_path":    "/probe",
			"params":          map[string][]string{"module": {"http_2xx"}},
			"scrape_interval": "1s",
			"scrape_timeout":  "1s",
			"static_configs":  static,
			"relabel_configs": []any{
				map[string]any{"source_labels": []string{"__address__"}, "target_label": "__param_target"},
				map[string]any{"source_labels": []string{"__param_target"}, "target_label": "instance"},
				map[string]any{"target_label": "__address__", "replacement": blackbox.Host},
			},
		})
	}
	config := map[string]any{
		"global":         map[string]any{"scrape_interval": "1s", "evaluation_interval": "1s"},
		"rule_files":     []string{"rules.yml"},
		"scrape_configs": jobs,
	}
	if s.AlertmanagerURL != "" {
		am, _ := url.Parse(s.AlertmanagerURL)
		config["alerting"] = map[string]any{"alertmanagers": []any{
			map[string]any{"static_configs": []any{map[string]any{"targets": []string{am.Host}}}},
		}}
	}
	return config
}

// writeJSON writes v as JSON, which every one of these programs reads as
// YAML.
func writeJSON(t testing.TB, path string, v any) {
	t.Helper()
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatalf("promstack: encoding %s: %v", path, err)
	}
	writeFile(t, path, b)
}

func writeFile(t testing.TB, path string, b []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatalf("promstack: %v", err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatalf("promstack: %v", err)
	}
}

// tail returns the end of the file at path, for failure messages.
func tail(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	const keep = 4000
	if len(b) > keep {
		b = b[len(b)-keep:]
	}
	return string(b)
}

// Query runs an instant query and returns the raw answer (any status), so
// callers can check the HTTP API itself.
func (s *Stack) Query(ctx context.Context, query string) (status int, body []byte, err error) {
	u := s.PrometheusURL + "/api/v1/query?query=" + url.QueryEscape(query)
	return get(ctx, u)
}

// Alerts returns the raw answer of Alertmanager's GET /api/v2/alerts.
func (s *Stack) Alerts(ctx context.Context) (status int, body []byte, err error) {
	return get(ctx, s.AlertmanagerURL+"/api/v2/alerts")
}

func get(ctx context.Context, u string) (int, []byte, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, nil, err
	}
	resp, err := (&http.Client{}).Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	return resp.StatusCode, body, err
}

// EventuallyTimeout is the default bound of [Eventually].
const EventuallyTimeout = 90 * time.Second

// Eventually calls cond every 200ms until it returns true, failing t with
// what after EventuallyTimeout. It returns how long it waited.
func Eventually(t testing.TB, what string, cond func() bool) time.Duration {
	t.Helper()
	begin := time.Now()
	for !cond() {
		if time.Since(begin) > EventuallyTimeout {
			t.Fatalf("promstack: %s: not reached within %v", what, EventuallyTimeout)
		}
		select {
		case <-t.Context().Done():
			t.Fatalf("promstack: %s: %v", what, t.Context().Err())
		case <-time.After(200 * time.Millisecond):
		}
	}
	return time.Since(begin)
}
