package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/evaluate"
	"github.com/proxer/cachetstatus/examples/internal/incidents"
	"github.com/proxer/cachetstatus/probe"
)

// defaultTargetTimeout is the seed rules' per-request timeout.
const defaultTargetTimeout = 10 * time.Second

// Config is the JSON configuration file; config.example.jsonc documents
// every key. Durations are Go duration strings ("10s", "1m30s").
type Config struct {
	Cachet struct {
		URL   string `json:"url"`
		Token string `json:"token"`
	} `json:"cachet"`
	ReportsURL     string         `json:"reports_url"`
	ReportsTimeout string         `json:"reports_timeout"`
	Targets        []TargetConfig `json:"targets"`
	// Policy is decoded onto the seed rules ([evaluate.DefaultPolicy]): a
	// key left out keeps the seed's value, a list given replaces it (see
	// [evaluate.Policy.UnmarshalJSON]).
	Policy               evaluate.Policy      `json:"policy"`
	Hysteresis           *evaluate.Hysteresis `json:"hysteresis"`
	RespectManualChanges bool                 `json:"respect_manual_changes"`
	Silent               bool                 `json:"silent"`
	Incidents            struct {
		Enabled bool            `json:"enabled"`
		Visible *bool           `json:"visible"` // default true
		Notify  bool            `json:"notify"`
		Words   incidents.Words `json:"words"`
	} `json:"incidents"`
	Metrics struct {
		Enabled bool `json:"enabled"`
	} `json:"metrics"`
	Maintenance struct {
		RespectSchedules bool `json:"respect_schedules"`
	} `json:"maintenance"`
	UserAgent  string            `json:"user_agent"`
	Prometheus *PrometheusConfig `json:"prometheus"`

	// Parsed by validate from the strings above.
	reportsTimeout time.Duration
	reportsWindow  time.Duration // policy.reports.window, sent to reports_url
	targetTimeouts []time.Duration
	probers        []probe.Prober // per target, without its timeout

	// urlField and tokenField name where cachet.url and cachet.token came
	// from: the key, or CACHET_URL and CACHET_TOKEN (see applyEnv).
	urlField, tokenField string
	// warnings are problems that do not stop a run, each a *ConfigError;
	// the caller prints them (and -check counts them as problems).
	warnings []error
}

// ConfigError is a configuration problem; Field names the offending key as a
// path such as "targets[3].component_id", or the environment variable
// (CACHET_URL, CACHET_TOKEN) the value came from; it is empty when the file
// as a whole is at fault. Err, when set, is the cause for errors.Is.
type ConfigError struct {
	Field, Msg string
	Err        error
}

// Error returns "config: ", the field when there is one, and the problem.
func (e *ConfigError) Error() string {
	if e.Field == "" {
		return "config: " + e.Msg
	}
	return "config: " + e.Field + ": " + e.Msg
}

// Unwrap returns the cause, if any.
func (e *ConfigError) Unwrap() error { return e.Err }

func fieldError(field, format string, args ...any) error {
	return &ConfigError{Field: field, Msg: fmt.Sprintf(format, args...)}
}

// loadConfig reads and validates the file at path, then applies the
// environment overrides CACHET_URL and CACHET_TOKEN.
func loadConfig(path string, getenv func(string) string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &ConfigError{Msg: err.Error()}
	}
	return parseConfig(data, getenv)
}

// parseConfig decodes data (JSON with // comments) strictly: an unknown key
// or a value of the wrong type is an error naming its path.
func parseConfig(data []byte, getenv func(string) string) (*Config, error) {
	data = stripComments(data)
	var generic any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	err := dec.Decode(&generic)
	if err == nil && dec.More() {
		return nil, &ConfigError{Msg: "unexpected data after the top-level object"}
	}
	if err == nil {
		err = checkKeys(generic, reflect.TypeFor[Config](), "")
	}
	cfg := Config{Policy: evaluate.DefaultPolicy()}
	if err == nil {
		err = json.Unmarshal(data, &cfg)
	}
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return nil, &ConfigError{Msg: fmt.Sprintf("%s: %v", position(data, syn.Offset), syn)}
	case errors.As(err, &typ):
		return nil, &ConfigError{Field: typ.Field, Msg: fmt.Sprintf("%s: want %s, got JSON %s", position(data, typ.Offset), typ.Type, typ.Value)}
	case errors.Is(err, io.EOF):
		return nil, &ConfigError{Msg: "empty or truncated file"}
	case err != nil && !errors.As(err, new(*ConfigError)):
		return nil, &ConfigError{Msg: err.Error()}
	case err != nil:
		return nil, err
	}
	cfg.applyEnv(getenv)
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	return &cfg, nil
}

// position renders the place of a JSON decoding error, which is reported
// after reading offset bytes, as "line L, column C" of the byte at fault.
func position(data []byte, offset int64) string {
	before := data[:min(max(offset-1, 0), int64(len(data)))]
	return fmt.Sprintf("line %d, column %d", bytes.Count(before, []byte("\n"))+1, len(before)-bytes.LastIndexByte(before, '\n'))
}

// checkKeys walks a generically decoded JSON value alongside the Go type it
// will be decoded into and reports the first object key with no matching
// field, or value of the wrong JSON type, with its full path
// ("targets[1].timeot").
func checkKeys(v any, t reflect.Type, path string) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == reflect.TypeFor[time.Duration]() {
		if text, isText := v.(string); !isText && v != nil {
			return fieldError(path, "want a duration such as \"2s\"")
		} else if _, err := time.ParseDuration(text); isText && err != nil {
			return fieldError(path, "not a duration: %q (want e.g. \"2s\")", text)
		}
		return nil
	}
	if k := t.Kind(); k != reflect.Struct && k != reflect.Map && k != reflect.Slice && decodesItself(t) {
		// a status, failure kind or combine mode by name: its own error, at its path
		raw, _ := json.Marshal(v)
		if err := json.Unmarshal(raw, reflect.New(t).Interface()); err != nil {
			return fieldError(path, "%v", err)
		}
		return nil
	}
	ok, want := true, ""
	switch t.Kind() {
	case reflect.Struct, reflect.Map:
		obj, isObj := v.(map[string]any)
		ok, want = isObj, "a JSON object"
		for _, key := range slices.Sorted(maps.Keys(obj)) {
			ft, known := fieldType(t, key)
			if !known {
				return fieldError(join(path, key), "unknown key")
			}
			if err := checkKeys(obj[key], ft, join(path, key)); err != nil {
				return err
			}
		}
	case reflect.Slice:
		arr, isArr := v.([]any)
		ok, want = isArr, "a JSON array"
		for i, elem := range arr {
			if err := checkKeys(elem, t.Elem(), fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
	case reflect.String:
		_, ok = v.(string)
		want = "a JSON string"
	case reflect.Bool:
		_, ok = v.(bool)
		want = "true or false"
	case reflect.Int:
		n, isNum := v.(json.Number)
		if _, err := n.Int64(); isNum && err != nil {
			return fieldError(cmp.Or(path, "top level"), "want a whole number, got %s", n)
		}
		ok, want = isNum, "a number"
	}
	if !ok && v != nil { // null leaves the field at its zero value
		return fieldError(cmp.Or(path, "top level"), "want %s", want)
	}
	return nil
}

// decodesItself reports whether a value of type t decodes its JSON itself.
func decodesItself(t reflect.Type) bool {
	p := reflect.PointerTo(t)
	return p.Implements(reflect.TypeFor[json.Unmarshaler]()) || p.Implements(reflect.TypeFor[encoding.TextUnmarshaler]())
}

// fieldType is the type that the JSON key of an object decoded into t
// goes to; false when t has no such field.
func fieldType(t reflect.Type, key string) (reflect.Type, bool) {
	if t.Kind() == reflect.Map {
		return t.Elem(), true
	}
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.IsExported() && name != "-" && cmp.Or(name, f.Name) == key {
			return f.Type, true
		}
	}
	return nil, false
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// validate checks every field, naming the first bad one, and parses the
// duration strings and the policy.
func (c *Config) validate() error {
	var err error
	var warning error
	switch {
	case c.Cachet.URL == "":
		return fieldError("cachet.url", "required (or set CACHET_URL)")
	case checkHTTPURL(cmp.Or(c.urlField, "cachet.url"), c.Cachet.URL, &err):
		return err
	}
	if c.Cachet.Token, warning, err = checkToken(cmp.Or(c.tokenField, "cachet.token"), c.Cachet.Token); err != nil {
		return err
	} else if warning != nil {
		c.warnings = append(c.warnings, warning)
	}
	switch {
	case c.ReportsURL != "" && checkHTTPURL("reports_url", c.ReportsURL, &err):
		return err
	case len(c.Targets) == 0:
		return fieldError("targets", "at least one target is required")
	}
	if c.reportsTimeout, err = parseDuration("reports_timeout", c.ReportsTimeout); err != nil {
		return err
	}
	names := make(map[string]int, len(c.Targets))
	c.targetTimeouts = make([]time.Duration, len(c.Targets))
	c.probers = make([]probe.Prober, len(c.Targets))
	anyMetric := false
	for i, t := range c.Targets {
		field := fmt.Sprintf("targets[%d]", i)
		prev, dup := names[t.Name]
		switch {
		case strings.TrimSpace(t.Name) == "":
			return fieldError(field+".name", "required")
		case dup:
			return fieldError(field+".name", "%q already used by targets[%d]", t.Name, prev)
		}
		if err := t.checkComponent(field); err != nil {
			return err
		}
		switch {
		case t.Reports != nil && *t.Reports < 0:
			return fieldError(field+".reports", "must not be negative, got %d", *t.Reports)
		case t.MetricID < 0:
			return fieldError(field+".metric_id", "must not be negative, got %d", t.MetricID)
		}
		if t.Prometheus == nil {
			if c.probers[i], err = t.prober(field, c.UserAgent); err != nil {
				return err
			}
		}
		names[t.Name] = i
		anyMetric = anyMetric || t.MetricID > 0
		if c.targetTimeouts[i], err = parseDuration(field+".timeout", t.Timeout); err != nil {
			return err
		}
	}
	if err := c.validatePrometheus(); err != nil {
		return err
	}
	if c.Metrics.Enabled && !anyMetric {
		return fieldError("metrics.enabled", "no target has a metric_id")
	}
	if h := c.Hysteresis; h != nil && h.Rise < 1 {
		return fieldError("hysteresis.rise", "must be at least 1, got %d", h.Rise)
	}
	if h := c.Hysteresis; h != nil && h.Fall < 1 {
		return fieldError("hysteresis.fall", "must be at least 1, got %d", h.Fall)
	}
	var fe *evaluate.FieldError
	if err := c.Policy.Validate(); errors.As(err, &fe) {
		return fieldError("policy."+fe.Field, "%s", fe.Problem)
	} else if err != nil {
		return err
	}
	c.reportsWindow, err = parseWindow(c.Policy.Reports.Window)
	return err
}

// parseDuration parses the positive Go duration s of field; empty means
// the default target timeout.
func parseDuration(field, s string) (time.Duration, error) {
	if s == "" {
		return defaultTargetTimeout, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fieldError(field, "not a duration: %q (want e.g. \"10s\")", s)
	}
	if d <= 0 {
		return 0, fieldError(field, "must be positive, got %s", s)
	}
	return d, nil
}

// stripComments blanks out // comments outside JSON strings, keeping every
// other byte (newlines included) in place so that error offsets still point
// at the right line and column. The result is a new slice.
func stripComments(data []byte) []byte {
	out := bytes.Clone(data)
	inString, escaped := false, false
	for i := 0; i < len(out); i++ {
		switch c := out[i]; {
		case escaped: // the character after a backslash in a string
			escaped = false
		case inString:
			escaped, inString = c == '\\', c != '"'
		case c == '"':
			inString = true
		case c == '/' && i+1 < len(out) && out[i+1] == '/':
			for ; i < len(out) && out[i] != '\n'; i++ {
				out[i] = ' '
			}
		}
	}
	return out
}

// job builds the reconciler and targets of a validated configuration.
func (c *Config) job(opts options) (*job, error) {
	var copts []cachet.Option
	if c.Cachet.Token != "" {
		copts = append(copts, cachet.WithToken(c.Cachet.Token))
	}
	if c.UserAgent != "" {
		copts = append(copts, cachet.WithUserAgent(c.UserAgent))
	}
	client, err := cachet.NewClient(c.Cachet.URL, copts...)
	if err != nil {
		return nil, fmt.Errorf("config: cachet.url: %w", err)
	}
	words, err := c.Incidents.Words.Parse()
	if err != nil {
		var we *incidents.WordsError
		if errors.As(err, &we) {
			return nil, &ConfigError{Field: "incidents.words." + we.Field, Msg: we.Err.Error()}
		}
		return nil, err
	}
	rec := &Reconciler{
		Client:           client,
		Policy:           &c.Policy,
		Hysteresis:       *cmp.Or(c.Hysteresis, &evaluate.Hysteresis{}),
		Runner:           probe.Runner{Concurrency: opts.concurrency, MaxOpen: opts.maxOpen, ProbeTimeout: slices.Max(c.targetTimeouts)},
		RespectManual:    c.RespectManualChanges,
		RespectSchedules: c.Maintenance.RespectSchedules,
		Incidents:        IncidentOptions{Enabled: c.Incidents.Enabled, Hidden: c.Incidents.Visible != nil && !*c.Incidents.Visible, Notify: c.Incidents.Notify, Words: words},
		Silent:           c.Silent,
		Metrics:          c.Metrics.Enabled,
		DryRun:           opts.dryRun,
	}
	if c.ReportsURL != "" {
		rec.Reports = &probe.HTTPReports{URL: withWindow(c.ReportsURL, c.reportsWindow), Timeout: c.reportsTimeout}
	}
	targets := make([]Target, 0, len(c.Targets))
	origin := make([]int, 0, len(c.Targets))
	for i, t := range c.Targets {
		if t.Prometheus != nil {
			for _, pt := range c.prometheusTargets(t) {
				targets, origin = append(targets, pt), append(origin, i)
			}
			continue
		}
		prober := withTimeout(c.probers[i], c.targetTimeouts[i])
		targets = append(targets, Target{Name: t.Name, ComponentID: t.ComponentID, Prober: prober, Reports: t.Reports, MetricID: t.MetricID})
		origin = append(origin, i)
	}
	return &job{rec: rec, targets: targets, names: c.Targets, origin: origin, timeout: opts.timeout, json: opts.logFormat == "json",
		verbose: opts.verbose, metrics: opts.metricsFile}, nil
}

// withTimeout bounds a prober by its target's own timeout.
func withTimeout(p probe.Prober, timeout time.Duration) probe.Prober {
	return probe.Func(func(ctx context.Context) probe.Result {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		return p.Probe(ctx)
	})
}
