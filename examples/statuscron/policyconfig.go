package main

import (
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/evaluate"
	"github.com/proxer/cachetstatus/probe"
)

// PolicyConfig is the configuration-file form of an [evaluate.Policy]:
// overrides of the seed rules ([evaluate.DefaultPolicy]) with statuses as
// names ("operational", "performance_issues", "partial_outage",
// "major_outage", or Cachet's numbers "1" to "4") and durations as Go
// duration strings ("2s", "168h"). For example:
//
//	{"codes": [{"min": 200, "max": 299, "status": "operational"}, {"min": 429, "status": "performance_issues"}],
//	 "failures": {"refused": "major_outage"},
//	 "latency": [{"at_least": "2s", "status": "performance_issues"}],
//	 "certificate": [{"within": "0s", "status": "major_outage"}],
//	 "reports": {"window": "2h", "bands": [{"at_least": 11, "status": "performance_issues"}]},
//	 "combine": "worst_of"}
//
// A key left out keeps the seed's value; a list given replaces the seed's
// list; Failures overrides only the kinds it names (timeout, refused, dns,
// tls, reset, http, other, no_data, local; the last two may be "unknown",
// which leaves the component as it is). A code rule's Max defaults to its Min.
type PolicyConfig struct {
	Codes []struct {
		Min    int    `json:"min"`
		Max    int    `json:"max"`
		Status string `json:"status"`
	} `json:"codes"`
	UnmappedCode string            `json:"unmapped_code"`
	Failures     map[string]string `json:"failures"`
	Latency      []struct {
		AtLeast string `json:"at_least"`
		Status  string `json:"status"`
	} `json:"latency"`
	Certificate []struct {
		Within string `json:"within"`
		Status string `json:"status"`
	} `json:"certificate"`
	Reports *struct {
		Window string `json:"window"`
		Bands  []struct {
			AtLeast int    `json:"at_least"`
			Status  string `json:"status"`
		} `json:"bands"`
	} `json:"reports"`
	Combine string `json:"combine"`
}

// Policy applies the overrides in c (nil: none) to the seed rules and
// validates the result. Every error is an [*evaluate.FieldError] (several
// joined when the policy fails [evaluate.Policy.Validate]) whose Field is
// the JSON path inside the PolicyConfig, such as "latency[0].at_least".
func (c *PolicyConfig) Policy() (evaluate.Policy, error) {
	p := evaluate.DefaultPolicy()
	if c == nil {
		return p, nil
	}
	if err := c.apply(&p); err != nil {
		return evaluate.Policy{}, err
	}
	if err := p.Validate(); err != nil {
		return evaluate.Policy{}, err
	}
	return p, nil
}

// apply copies the overrides onto p.
func (c *PolicyConfig) apply(p *evaluate.Policy) error {
	var err error
	if c.Codes != nil {
		p.Codes = make([]evaluate.CodeRule, len(c.Codes))
		for i, r := range c.Codes {
			p.Codes[i] = evaluate.CodeRule{Min: r.Min, Max: r.Max}
			if r.Max == 0 {
				p.Codes[i].Max = r.Min
			}
			if p.Codes[i].Status, err = parseStatus(fmt.Sprintf("codes[%d].status", i), r.Status); err != nil {
				return err
			}
		}
	}
	if c.UnmappedCode != "" {
		if p.UnmappedCode, err = parseStatus("unmapped_code", c.UnmappedCode); err != nil {
			return err
		}
	}
	for _, kind := range slices.Sorted(maps.Keys(c.Failures)) {
		field := "failures." + kind
		s, err := parseStatus(field, c.Failures[kind])
		if err != nil {
			return err
		}
		if !setFailure(&p.Failures, kind, s) {
			return &evaluate.FieldError{Field: field, Problem: "unknown failure kind (want timeout, refused, dns, tls, reset, http, other, no_data or local)"}
		}
	}
	if c.Latency != nil {
		p.Latency = make([]evaluate.LatencyBand, len(c.Latency))
		for i, b := range c.Latency {
			field := fmt.Sprintf("latency[%d]", i)
			if p.Latency[i].AtLeast, err = parsePolicyDuration(field+".at_least", b.AtLeast); err != nil {
				return err
			}
			if p.Latency[i].Status, err = parseStatus(field+".status", b.Status); err != nil {
				return err
			}
		}
	}
	if c.Certificate != nil {
		p.Certificate = make([]evaluate.CertBand, len(c.Certificate))
		for i, b := range c.Certificate {
			field := fmt.Sprintf("certificate[%d]", i)
			if p.Certificate[i].Within, err = parsePolicyDuration(field+".within", b.Within); err != nil {
				return err
			}
			if p.Certificate[i].Status, err = parseStatus(field+".status", b.Status); err != nil {
				return err
			}
		}
	}
	if r := c.Reports; r != nil {
		if r.Window != "" {
			p.Reports.Window = r.Window
		}
		if r.Bands != nil {
			p.Reports.Bands = make([]evaluate.ReportBand, len(r.Bands))
			for i, b := range r.Bands {
				p.Reports.Bands[i].AtLeast = b.AtLeast
				if p.Reports.Bands[i].Status, err = parseStatus(fmt.Sprintf("reports.bands[%d].status", i), b.Status); err != nil {
					return err
				}
			}
		}
	}
	if c.Combine != "" {
		if err := p.Combine.UnmarshalText([]byte(c.Combine)); err != nil {
			return &evaluate.FieldError{Field: "combine", Problem: fmt.Sprintf("unknown mode %q (want reports_only_when_reachable or worst_of)", c.Combine)}
		}
	}
	return nil
}

// parseStatus parses the status name text of field.
func parseStatus(field, text string) (cachet.ComponentStatus, error) {
	var s cachet.ComponentStatus
	if err := s.UnmarshalText([]byte(text)); err != nil {
		return 0, &evaluate.FieldError{Field: field, Problem: fmt.Sprintf("unknown status %q (want operational, performance_issues, partial_outage or major_outage)", text)}
	}
	return s, nil
}

// parsePolicyDuration parses the Go duration text of field, which may be zero
// but not negative.
func parsePolicyDuration(field, text string) (time.Duration, error) {
	d, err := time.ParseDuration(text)
	if err != nil {
		return 0, &evaluate.FieldError{Field: field, Problem: fmt.Sprintf("not a duration: %q (want e.g. \"2s\")", text)}
	}
	if d < 0 {
		return 0, &evaluate.FieldError{Field: field, Problem: "must not be negative, got " + text}
	}
	return d, nil
}

// setFailure sets the status of the failure kind named kind; false when the
// name is unknown.
func setFailure(f *evaluate.FailureStatuses, kind string, s cachet.ComponentStatus) bool {
	var k probe.FailureKind
	if err := k.UnmarshalText([]byte(kind)); err != nil {
		return false
	}
	target := map[probe.FailureKind]*cachet.ComponentStatus{
		probe.FailureTimeout: &f.Timeout,
		probe.FailureRefused: &f.Refused,
		probe.FailureDNS:     &f.DNS,
		probe.FailureTLS:     &f.TLS,
		probe.FailureReset:   &f.Reset,
		probe.FailureHTTP:    &f.HTTP,
		probe.FailureOther:   &f.Other,
		probe.FailureNoData:  &f.NoData,
		probe.FailureLocal:   &f.Local,
	}[k]
	if target == nil {
		return false
	}
	*target = s
	return true
}
