package main

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/probe"
)

// runMetrics is what -metrics-file publishes about one run: every target's
// probe and decided status, and the run's totals.
type runMetrics struct {
	Targets []targetMetrics
	// Actions counts the targets per action of the run ("updated",
	// "unchanged", "dry-run", "skipped-manual", "failed", ...).
	Actions  map[string]int
	Duration time.Duration // of the whole run
	Finished time.Time
	OK       bool // the run exits with status 0
}

// targetMetrics is one target's part of [runMetrics].
type targetMetrics struct {
	Name        string
	ComponentID int
	Result      probe.Result
	Status      cachet.ComponentStatus // the decided status of the target's component
}

// metricsFileSuffix is the ending node_exporter's textfile collector reads.
const metricsFileSuffix = ".prom"

// checkMetricsFile rejects a -metrics-file path that node_exporter's
// textfile collector would ignore.
func checkMetricsFile(path string) error {
	if !strings.HasSuffix(path, metricsFileSuffix) {
		return fmt.Errorf("-metrics-file: %s: the name must end in %s for node_exporter's textfile collector", path, metricsFileSuffix)
	}
	return nil
}

// writeMetricsFile writes m to path in the Prometheus text exposition
// format, atomically and readable by all (node_exporter usually runs as
// another user).
func writeMetricsFile(path string, m runMetrics) error {
	data, err := m.exposition()
	if err == nil {
		err = writeFileAtomic(path, data, 0o644)
	}
	if err != nil {
		return fmt.Errorf("statuscron: metrics file: %w", err)
	}
	return nil
}

// exposition renders m in the Prometheus text format (version 0.0.4):
// per family a HELP and a TYPE line, then its samples. Probe families are
// named after blackbox_exporter's; the statuscron_ ones are this program's.
// Every target sample carries the labels target and component_id. Two
// targets with one name would make duplicate series and are an error.
func (m runMetrics) exposition() ([]byte, error) {
	seen := make(map[string]bool, len(m.Targets))
	for _, t := range m.Targets {
		if seen[t.Name] {
			return nil, fmt.Errorf("two targets named %q", t.Name)
		}
		seen[t.Name] = true
	}
	var b bytes.Buffer
	perTarget := func(name, help string, value func(targetMetrics) (float64, bool)) {
		family(&b, name, help)
		for _, t := range m.Targets {
			if v, ok := value(t); ok {
				sample(&b, name, targetLabels(t), v)
			}
		}
	}
	perTarget("probe_success", "Whether the probe passed (1) or failed (0).",
		func(t targetMetrics) (float64, bool) { return boolValue(t.Result.OK()), true })
	perTarget("probe_duration_seconds", "How long the probe took, in seconds.",
		func(t targetMetrics) (float64, bool) { return t.Result.Latency.Seconds(), true })

	family(&b, "probe_phase_duration_seconds", "Duration of each phase of the probe, in seconds; 0 when the phase was not measured.")
	for _, t := range m.Targets {
		p := t.Result.Phases
		for _, ph := range []struct {
			name string
			d    time.Duration
		}{{"dns", p.DNS}, {"connect", p.Connect}, {"tls", p.TLS}, {"first_byte", p.FirstByte}} {
			sample(&b, "probe_phase_duration_seconds", append(targetLabels(t), "phase", ph.name), ph.d.Seconds())
		}
	}

	perTarget("probe_http_status_code", "HTTP status code of the final response; 0 when there was none.",
		func(t targetMetrics) (float64, bool) { return float64(t.Result.StatusCode), true })
	perTarget("probe_ssl_earliest_cert_expiry", "Expiry of the certificate the target presented, as a Unix time in seconds; only for TLS targets.",
		func(t targetMetrics) (float64, bool) {
			return float64(t.Result.CertExpiry.Unix()), !t.Result.CertExpiry.IsZero()
		})
	perTarget("statuscron_component_status", "Status decided for the target's component: 0 unknown, 1 operational, 2 performance issues, 3 partial outage, 4 major outage.",
		func(t targetMetrics) (float64, bool) { return float64(t.Status), true })

	family(&b, "statuscron_run_targets", "Targets of the last run per action.")
	for _, action := range slices.Sorted(maps.Keys(m.Actions)) {
		sample(&b, "statuscron_run_targets", []string{"action", action}, float64(m.Actions[action]))
	}
	family(&b, "statuscron_run_success", "Whether the last run succeeded (exit status 0).")
	sample(&b, "statuscron_run_success", nil, boolValue(m.OK))
	family(&b, "statuscron_run_duration_seconds", "How long the last run took, in seconds.")
	sample(&b, "statuscron_run_duration_seconds", nil, m.Duration.Seconds())
	family(&b, "statuscron_run_timestamp_seconds", "When the last run finished, as a Unix time in seconds.")
	sample(&b, "statuscron_run_timestamp_seconds", nil, float64(m.Finished.UnixMilli())/1e3)
	return b.Bytes(), nil
}

// family writes the HELP and TYPE lines of a gauge.
func family(b *bytes.Buffer, name, help string) {
	fmt.Fprintf(b, "# HELP %s %s\n# TYPE %s gauge\n", name, helpEscaper.Replace(help), name)
}

// sample writes one sample; labels alternate names and values.
func sample(b *bytes.Buffer, name string, labels []string, v float64) {
	b.WriteString(name)
	for i := 0; i < len(labels); i += 2 {
		if i == 0 {
			b.WriteByte('{')
		} else {
			b.WriteByte(',')
		}
		fmt.Fprintf(b, `%s="%s"`, labels[i], labelEscaper.Replace(strings.ToValidUTF8(labels[i+1], "\uFFFD")))
	}
	if len(labels) > 0 {
		b.WriteByte('}')
	}
	b.WriteByte(' ')
	b.WriteString(strconv.FormatFloat(v, 'f', -1, 64))
	b.WriteByte('\n')
}

func targetLabels(t targetMetrics) []string {
	return []string{"target", t.Name, "component_id", strconv.Itoa(t.ComponentID)}
}

func boolValue(ok bool) float64 {
	if ok {
		return 1
	}
	return 0
}

// The escapes of the text format: label values escape backslash, double
// quote and newline; HELP text backslash and newline.
var (
	labelEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	helpEscaper  = strings.NewReplacer(`\`, `\\`, "\n", `\n`)
)
