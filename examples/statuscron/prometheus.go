package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/evaluate"
	"github.com/proxer/cachetstatus/probe"
)

// envPrometheusToken is the environment variable holding the bearer token
// sent to Prometheus; the configuration file has no key for it.
const envPrometheusToken = "PROMETHEUS_TOKEN"

// PrometheusConfig is the "prometheus" section: where blackbox_exporter's
// results from several locations are read, and how the locations of one
// target are aggregated.
type PrometheusConfig struct {
	// URL is Prometheus's base URL; /api/v1/query is appended.
	URL string `json:"url"`
	// LocationLabel is the label naming the probing location (default
	// "location").
	LocationLabel string `json:"location_label"`
	// Locations are the locations every prometheus target is expected to be
	// probed from (at least one). Each becomes one result; a location
	// without data is "no data" (see policy.failures.no_data).
	Locations []string `json:"locations"`
	// Timeout bounds each query (default 10s).
	Timeout string `json:"timeout"`
	// Aggregate is "ratio" (the default: Ratio decides across the
	// locations) or "worst_of" (the worst location decides).
	Aggregate string `json:"aggregate"`
	// Ratio is the rule for "ratio"; keys left out keep
	// defaultLocationRatio's.
	Ratio *evaluate.RatioRule `json:"ratio"`

	token   string // from PROMETHEUS_TOKEN
	timeout time.Duration
	ratio   *evaluate.RatioRule // nil: worst of
}

// PrometheusTargetConfig is a target's "prometheus" key: the label
// matchers that select its series, or a whole query.
type PrometheusTargetConfig struct {
	Matchers string `json:"matchers"`
	Query    string `json:"query"`
}

// defaultLocationRatio reads "more than half of the locations failing →
// major outage; fewer → performance issues". RatioRule.Percent is "at
// least", so more than half is 51: with two locations one failing (50 %)
// is not an outage, both are. With 50, one of two would already be a major
// outage.
func defaultLocationRatio() evaluate.RatioRule {
	return evaluate.RatioRule{FailingAt: cachet.ComponentStatusPartialOutage, Percent: 51,
		Many: cachet.ComponentStatusMajorOutage, Some: cachet.ComponentStatusPerformanceIssues}
}

// validatePrometheus checks the prometheus section (when present) and
// every prometheus target, recording their timeouts in c.targetTimeouts.
func (c *Config) validatePrometheus() error {
	p := c.Prometheus
	if p == nil {
		for i, t := range c.Targets {
			if t.Prometheus != nil {
				return fieldError(fmt.Sprintf("targets[%d].prometheus", i), "needs the top-level prometheus section")
			}
		}
		return nil
	}
	var err error
	switch {
	case p.URL == "":
		return fieldError("prometheus.url", "required")
	case checkHTTPURL("prometheus.url", p.URL, &err):
		return err
	case len(p.Locations) == 0:
		return fieldError("prometheus.locations", "at least one location is required")
	}
	for i, loc := range p.Locations {
		if strings.TrimSpace(loc) == "" || slices.Index(p.Locations, loc) != i {
			return fieldError(fmt.Sprintf("prometheus.locations[%d]", i), "blank or repeated: %q", loc)
		}
	}
	if p.timeout, err = parseDuration("prometheus.timeout", p.Timeout); err != nil {
		return err
	}
	switch p.Aggregate {
	case "", "ratio":
		rule := defaultLocationRatio()
		if p.Ratio != nil {
			rule = *p.Ratio
		}
		var fe *evaluate.FieldError
		if err := rule.Validate(); err != nil {
			if errors.As(err, &fe) {
				return fieldError("prometheus.ratio."+fe.Field, "%s", fe.Problem)
			}
			return fieldError("prometheus.ratio", "%v", err)
		}
		p.ratio = &rule
	case "worst_of":
		if p.Ratio != nil {
			return fieldError("prometheus.ratio", "only with aggregate \"ratio\"")
		}
	default:
		return fieldError("prometheus.aggregate", "want ratio or worst_of, got %q", p.Aggregate)
	}
	for i, t := range c.Targets {
		if t.Prometheus == nil {
			continue
		}
		field := fmt.Sprintf("targets[%d]", i)
		switch {
		case t.URL != "" || t.TCP != nil || t.DNS != nil:
			return fieldError(field+".prometheus", "give one of url, tcp, dns or prometheus")
		case t.httpOnlyKey() != "":
			return fieldError(field+"."+t.httpOnlyKey(), "only for url targets")
		case t.MetricID != 0:
			return fieldError(field+".metric_id", "not for prometheus targets (one latency per location)")
		case t.Timeout != "":
			return fieldError(field+".timeout", "prometheus targets use prometheus.timeout")
		case (t.Prometheus.Matchers == "") == (t.Prometheus.Query == ""):
			return fieldError(field+".prometheus.matchers", "give matchers or query (one of them)")
		}
		c.targetTimeouts[i] = p.timeout
	}
	return nil
}

// prometheusTargets returns one target per location for the prometheus
// target t: named "name@location", all of one check, so that the cycle
// aggregates them with the section's rule before the component's other
// targets (see acrossLocations).
func (c *Config) prometheusTargets(t TargetConfig) []Target {
	p := c.Prometheus
	source := &probe.Prometheus{URL: p.URL, Target: t.Name, Matchers: t.Prometheus.Matchers, Query: t.Prometheus.Query,
		LocationLabel: p.LocationLabel, Locations: p.Locations, BearerToken: p.token, Timeout: p.timeout}
	out := make([]Target, len(p.Locations))
	for i, loc := range p.Locations {
		out[i] = Target{Name: t.Name + "@" + loc, ComponentID: t.ComponentID, Reports: t.Reports,
			Prober: locationProber(source, loc), Check: t.Name, Ratio: p.ratio}
	}
	return out
}

// locationProber returns location's result of source. Each location asks
// Prometheus the same query (one request per location and run: simple and
// stateless; an instant query costs Prometheus little). A query that fails
// (an error answer, HTML, a timeout) is no data for every location: the
// failure is Prometheus's or ours, not the target's, so it never becomes
// an outage; the error is in the result for the output.
func locationProber(source *probe.Prometheus, location string) probe.Prober {
	return probe.Func(func(ctx context.Context) probe.Result {
		results, err := source.Results(ctx)
		if err != nil {
			return probe.Result{Location: location, Err: fmt.Errorf("%w: prometheus: %w", probe.ErrNoData, err), Kind: probe.FailureNoData}
		}
		for _, r := range results {
			if r.Location == location {
				return r
			}
		}
		return probe.Result{Location: location, Err: probe.ErrNoData, Kind: probe.FailureNoData}
	})
}

// acrossLocations replaces the decisions of the targets of one check
// (the locations of one prometheus target) by one decision: their Ratio's
// aggregate, or the worst of them. ds are the decisions of targets[idx].
// It returns the decisions left and the aggregates by check.
func acrossLocations(targets []Target, idx []int, ds []evaluate.Decision) ([]evaluate.Decision, map[string]evaluate.Decision) {
	groups := map[string][]evaluate.Decision{}
	var out []evaluate.Decision
	var order []string
	for j, i := range idx {
		check := targets[i].Check
		if check == "" {
			out = append(out, ds[j])
			continue
		}
		if groups[check] == nil {
			order = append(order, check)
		}
		groups[check] = append(groups[check], ds[j])
	}
	if len(order) == 0 {
		return ds, nil
	}
	across := make(map[string]evaluate.Decision, len(order))
	for _, check := range order {
		d := evaluate.WorstOf(groups[check]...)
		for _, i := range idx {
			if targets[i].Check == check && targets[i].Ratio != nil {
				d = targets[i].Ratio.Aggregate(groups[check])
				break
			}
		}
		across[check] = d
		out = append(out, d)
	}
	return out, across
}
