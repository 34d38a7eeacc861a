package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/probe"
)

// sampleRun is a run with awkward names: a backslash, a quote and a newline
// in target names, a TLS target, a timeout and an HTTP failure.
func sampleRun() runMetrics {
	finished := time.Date(2026, 12, 2, 13, 0, 0, 500_000_000, time.UTC)
	return runMetrics{
		Targets: []targetMetrics{
			{Name: "Stream 14", ComponentID: 14, Status: cachet.ComponentStatusOperational, Result: probe.Result{
				Latency: 180 * time.Millisecond, StatusCode: 200, CertExpiry: time.Unix(1798761600, 0),
				Phases: probe.Phases{DNS: time.Millisecond, Connect: 2 * time.Millisecond, TLS: 30 * time.Millisecond, FirstByte: 150 * time.Millisecond},
			}},
			{Name: `C:\streams "west"` + "\nline two", ComponentID: 3, Status: cachet.ComponentStatusPerformanceIssues, Result: probe.Result{
				Latency: 10 * time.Second, Err: context.DeadlineExceeded, Kind: probe.FailureTimeout,
			}},
			{Name: "Web", ComponentID: 1, Status: cachet.ComponentStatusMajorOutage, Result: probe.Result{
				Latency: 40 * time.Millisecond, StatusCode: 503, Err: probe.ErrUnexpectedStatus, Kind: probe.FailureHTTP,
			}},
		},
		Actions:  map[string]int{"updated": 2, "unchanged": 1, "failed": 0},
		Duration: 10*time.Second + 250*time.Millisecond,
		Finished: finished,
		OK:       true,
	}
}

func TestMetricsExpositionParsesStrictly(t *testing.T) {
	t.Parallel()
	data, err := sampleRun().exposition()
	require.NoError(t, err)
	series, err := parseExposition(data)
	require.NoError(t, err, "\n%s", data)

	weird := `C:\streams "west"` + "\nline two"
	want := map[string]float64{
		`probe_success{component_id="14",target="Stream 14"}`:                                   1,
		`probe_success{component_id="3",target="` + weird + `"}`:                                0,
		`probe_success{component_id="1",target="Web"}`:                                          0,
		`probe_duration_seconds{component_id="14",target="Stream 14"}`:                          0.18,
		`probe_duration_seconds{component_id="3",target="` + weird + `"}`:                       10,
		`probe_phase_duration_seconds{component_id="14",phase="tls",target="Stream 14"}`:        0.03,
		`probe_phase_duration_seconds{component_id="14",phase="first_byte",target="Stream 14"}`: 0.15,
		`probe_phase_duration_seconds{component_id="3",phase="dns",target="` + weird + `"}`:     0,
		`probe_http_status_code{component_id="1",target="Web"}`:                                 503,
		`probe_http_status_code{component_id="3",target="` + weird + `"}`:                       0,
		`probe_ssl_earliest_cert_expiry{component_id="14",target="Stream 14"}`:                  1798761600,
		`statuscron_component_status{component_id="1",target="Web"}`:                            4,
		`statuscron_component_status{component_id="3",target="` + weird + `"}`:                  2,
		`statuscron_run_targets{action="updated"}`:                                              2,
		`statuscron_run_targets{action="failed"}`:                                               0,
		`statuscron_run_success`:           1,
		`statuscron_run_duration_seconds`:  10.25,
		`statuscron_run_timestamp_seconds`: 1796216400.5,
	}
	for key, v := range want {
		got, ok := series[key]
		if assert.True(t, ok, "missing %s", key) {
			assert.InDelta(t, v, got, 1e-9, key)
		}
	}
	for key := range series {
		if strings.HasPrefix(key, "probe_ssl_earliest_cert_expiry") {
			assert.Contains(t, key, "Stream 14", "only TLS targets have a certificate expiry")
		}
	}
	assert.Len(t, series, 3*4+3*4+1+3+3, "3 targets × 4 families, 4 phases each, 1 certificate, 3 actions, 3 run gauges")
}

func TestMetricsExpositionRejectsDuplicateTargets(t *testing.T) {
	t.Parallel()
	m := sampleRun()
	m.Targets = append(m.Targets, targetMetrics{Name: "Web", ComponentID: 2})
	_, err := m.exposition()
	assert.ErrorContains(t, err, `two targets named "Web"`)
}

func TestWriteMetricsFile(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "statuscron.prom")
	require.NoError(t, writeMetricsFile(path, sampleRun()))
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	_, err = parseExposition(data)
	require.NoError(t, err)
	info, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o644), info.Mode().Perm())

	err = writeMetricsFile(filepath.Join(t.TempDir(), "missing", "statuscron.prom"), sampleRun())
	assert.ErrorContains(t, err, "statuscron: metrics file:")
}

func TestCheckMetricsFile(t *testing.T) {
	t.Parallel()
	assert.NoError(t, checkMetricsFile("/var/lib/node_exporter/textfile/statuscron.prom"))
	assert.ErrorContains(t, checkMetricsFile("/var/lib/node_exporter/textfile/statuscron.txt"), "must end in .prom")
}

// TestParseExpositionRejects shows that the parser below is strict enough to
// catch what the writer must never produce.
func TestParseExpositionRejects(t *testing.T) {
	t.Parallel()
	const ok = "# HELP a_b Help.\n# TYPE a_b gauge\na_b{x=\"1\"} 1\n"
	tests := []struct{ name, text string }{
		{"sample before TYPE", "# HELP a_b Help.\na_b 1\n# TYPE a_b gauge\n"},
		{"no HELP", "# TYPE a_b gauge\na_b 1\n"},
		{"TYPE twice", ok + "# TYPE a_b gauge\n"},
		{"HELP after samples", ok + "# HELP a_b Again.\n"},
		{"unknown type", "# HELP a_b Help.\n# TYPE a_b gauges\na_b 1\n"},
		{"family split", ok + "# HELP c Help.\n# TYPE c gauge\nc 1\na_b{x=\"2\"} 1\n"},
		{"duplicate series", ok + "a_b{x=\"1\"} 2\n"},
		{"duplicate series, labels reordered", "# HELP a Help.\n# TYPE a gauge\na{x=\"1\",y=\"2\"} 1\na{y=\"2\",x=\"1\"} 1\n"},
		{"bad metric name", "# HELP 1a Help.\n# TYPE 1a gauge\n1a 1\n"},
		{"bad label name", "# HELP a Help.\n# TYPE a gauge\na{1x=\"1\"} 1\n"},
		{"reserved label name", "# HELP a Help.\n# TYPE a gauge\na{__x=\"1\"} 1\n"},
		{"raw newline in label", "# HELP a Help.\n# TYPE a gauge\na{x=\"1\n\"} 1\n"},
		{"unknown escape", "# HELP a Help.\n# TYPE a gauge\na{x=\"\\t\"} 1\n"},
		{"unescaped quote", "# HELP a Help.\n# TYPE a gauge\na{x=\"say \"hi\"\"} 1\n"},
		{"bad value", "# HELP a Help.\n# TYPE a gauge\na 1,5\n"},
		{"unknown escape in HELP", "# HELP a Tab\\t.\n# TYPE a gauge\na 1\n"},
		{"no final newline", strings.TrimSuffix(ok, "\n")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := parseExposition([]byte(tt.text))
			assert.Error(t, err)
		})
	}
	_, err := parseExposition([]byte(ok))
	assert.NoError(t, err)
}

var (
	metricNameRE = regexp.MustCompile(`^[a-zA-Z_:][a-zA-Z0-9_:]*$`)
	labelNameRE  = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9_]*$`)
)

// parseExposition is a strict parser of the Prometheus text format 0.0.4
// for gauges: each family has one HELP and one TYPE line before its
// samples, and its samples are contiguous; names are valid; label values
// use only the escapes \\, \" and \n; no series appears twice. It returns
// each series, keyed by name{labels sorted by name, values unescaped}.
func parseExposition(data []byte) (map[string]float64, error) {
	if len(data) > 0 && !bytes.HasSuffix(data, []byte("\n")) {
		return nil, errors.New("no newline at the end")
	}
	type familyState struct{ help, typ, samples, closed bool }
	families := map[string]*familyState{}
	get := func(name string) *familyState {
		if families[name] == nil {
			families[name] = &familyState{}
		}
		return families[name]
	}
	series := map[string]float64{}
	current := ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		fail := func(format string, a ...any) error {
			return fmt.Errorf("line %d %q: %s", n, line, fmt.Sprintf(format, a...))
		}
		if rest, ok := strings.CutPrefix(line, "# "); ok {
			keyword, rest, _ := strings.Cut(rest, " ")
			name, text, _ := strings.Cut(rest, " ")
			if keyword != "HELP" && keyword != "TYPE" {
				continue // a comment
			}
			if !metricNameRE.MatchString(name) {
				return nil, fail("bad metric name")
			}
			f := get(name)
			if f.samples {
				return nil, fail("%s after samples", keyword)
			}
			if keyword == "HELP" {
				if f.help {
					return nil, fail("second HELP")
				}
				if _, err := unescape(text, false); err != nil {
					return nil, fail("%v", err)
				}
				f.help = true
			} else {
				if f.typ {
					return nil, fail("second TYPE")
				}
				if !slices.Contains([]string{"counter", "gauge", "histogram", "summary", "untyped"}, text) {
					return nil, fail("unknown type")
				}
				f.typ = true
			}
			continue
		}
		name, labels, value, err := splitSample(line)
		if err != nil {
			return nil, fail("%v", err)
		}
		f := families[name]
		switch {
		case f == nil || !f.help || !f.typ:
			return nil, fail("sample before its HELP and TYPE")
		case f.closed:
			return nil, fail("samples of %s are not contiguous", name)
		}
		if current != name && current != "" {
			families[current].closed = true
		}
		current, f.samples = name, true
		key := name
		if len(labels) > 0 {
			key += "{" + strings.Join(labels, ",") + "}"
		}
		if _, dup := series[key]; dup {
			return nil, fail("duplicate series")
		}
		series[key] = value
	}
	return series, sc.Err()
}

// splitSample parses `name{l="v",...} value`; labels come back as
// `l="unescaped v"`, sorted by name.
func splitSample(line string) (name string, labels []string, value float64, err error) {
	i := strings.IndexAny(line, "{ ")
	if i < 0 {
		return "", nil, 0, errors.New("no value")
	}
	name, rest := line[:i], line[i:]
	if !metricNameRE.MatchString(name) {
		return "", nil, 0, errors.New("bad metric name")
	}
	seen := map[string]bool{}
	if strings.HasPrefix(rest, "{") {
		rest = rest[1:]
		for !strings.HasPrefix(rest, "}") {
			eq := strings.Index(rest, `="`)
			if eq < 0 {
				return "", nil, 0, errors.New("bad label")
			}
			label := rest[:eq]
			if !labelNameRE.MatchString(label) || strings.HasPrefix(label, "__") || seen[label] {
				return "", nil, 0, fmt.Errorf("bad or repeated label name %q", label)
			}
			seen[label] = true
			rest = rest[eq+2:]
			end := closingQuote(rest)
			if end < 0 {
				return "", nil, 0, errors.New("unterminated label value")
			}
			v, err := unescape(rest[:end], true)
			if err != nil {
				return "", nil, 0, err
			}
			labels = append(labels, label+`="`+v+`"`)
			rest = rest[end+1:]
			if next, ok := strings.CutPrefix(rest, ","); ok {
				rest = next
			} else if !strings.HasPrefix(rest, "}") {
				return "", nil, 0, errors.New("want , or } after a label")
			}
		}
		rest = rest[1:]
	}
	fields := strings.Split(strings.TrimPrefix(rest, " "), " ")
	if len(fields) < 1 || len(fields) > 2 || !strings.HasPrefix(rest, " ") {
		return "", nil, 0, errors.New("want one value and an optional timestamp")
	}
	if value, err = strconv.ParseFloat(fields[0], 64); err != nil {
		return "", nil, 0, fmt.Errorf("bad value: %w", err)
	}
	slices.Sort(labels)
	return name, labels, value, nil
}

// closingQuote returns the index of the first unescaped '"' in s, or -1.
func closingQuote(s string) int {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			return i
		}
	}
	return -1
}

// unescape resolves \\ and \n (and \" in label values); any other escape,
// a raw newline or, in a label value, a raw '"' is an error.
func unescape(s string, label bool) (string, error) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\n' || (label && c == '"'):
			return "", fmt.Errorf("raw %q in %q", c, s)
		case c != '\\':
			b.WriteByte(c)
			continue
		}
		i++
		if i == len(s) {
			return "", fmt.Errorf("trailing backslash in %q", s)
		}
		switch s[i] {
		case '\\':
			b.WriteByte('\\')
		case 'n':
			b.WriteByte('\n')
		case '"':
			if !label {
				return "", fmt.Errorf(`\" in HELP text %q`, s)
			}
			b.WriteByte('"')
		default:
			return "", fmt.Errorf("unknown escape \\%c in %q", s[i], s)
		}
	}
	return b.String(), nil
}

// FuzzMetricsExposition feeds arbitrary target and action names through the
// writer: the strict parser accepts every output, and the names come back
// (invalid UTF-8 replaced) in the labels.
func FuzzMetricsExposition(f *testing.F) {
	f.Add("Stream 14", "updated")
	f.Add(`C:\x "y"`+"\nz", `dry-run\`)
	f.Add("\xff\\n", "")
	f.Fuzz(func(t *testing.T, name, action string) {
		m := runMetrics{
			Targets: []targetMetrics{{Name: name, ComponentID: 1, Result: probe.Result{CertExpiry: time.Unix(1, 0)}}},
			Actions: map[string]int{action: 1},
		}
		data, err := m.exposition()
		require.NoError(t, err)
		series, err := parseExposition(data)
		require.NoError(t, err, "%q", data)
		want := strings.ToValidUTF8(name, "\uFFFD")
		assert.Contains(t, series, `probe_success{component_id="1",target="`+want+`"}`)
		assert.Contains(t, series, `statuscron_run_targets{action="`+strings.ToValidUTF8(action, "\uFFFD")+`"}`)
	})
}
