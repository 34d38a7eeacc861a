package main

import (
	"fmt"
	"maps"
	"net"
	"net/http"
	"net/netip"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/proxer/cachetstatus/probe"
)

// TargetConfig is one thing to probe and the component it feeds. Exactly
// one of URL (an HTTP request), TCP (a port that accepts connections) or
// DNS (a name that resolves) says what to probe. The component is named
// by ComponentID, or by Component (its name in Cachet) and optionally
// Group (its group's name) when names are ambiguous.
type TargetConfig struct {
	Name string     `json:"name"`
	URL  string     `json:"url"`
	TCP  *TCPConfig `json:"tcp"`
	DNS  *DNSConfig `json:"dns"`
	// Prometheus reads the target's results per location from the
	// prometheus section's Prometheus (see prometheus.go).
	Prometheus *PrometheusTargetConfig `json:"prometheus"`

	// HTTP only (targets with url); see probe.HTTP.
	Method       string            `json:"method"`
	Headers      map[string]string `json:"headers"`
	ExpectStatus []int             `json:"expect_status"`
	BodyContains string            `json:"body_contains"`
	BodyMatch    string            `json:"body_match"`

	ComponentID        int    `json:"component_id"`
	Component          string `json:"component"`
	Group              string `json:"group"`
	Timeout            string `json:"timeout"`
	InsecureSkipVerify bool   `json:"insecure_skip_verify"`
	Reports            *int   `json:"reports"`
	MetricID           int    `json:"metric_id"`
}

// TCPConfig is a tcp target; see probe.TCP.
type TCPConfig struct {
	Address    string `json:"address"`     // "host:port"
	TLS        bool   `json:"tls"`         // also complete a TLS handshake
	ServerName string `json:"server_name"` // checked against the certificate; default: the host of address
}

// DNSConfig is a dns target; see probe.DNS.
type DNSConfig struct {
	Name   string   `json:"name"`   // the name to resolve
	Server string   `json:"server"` // "host:port" of the DNS server; default: the system resolver
	Want   []string `json:"want"`   // addresses that must all be in the answer
}

// checkComponent checks how the target names its component: component_id
// or component (with an optional group), not both.
func (t TargetConfig) checkComponent(field string) error {
	switch {
	case t.Component != "" && t.ComponentID != 0:
		return fieldError(field+".component", "give component or component_id, not both")
	case t.Component == "" && t.Group != "":
		return fieldError(field+".group", "needs component (a group narrows a component name)")
	case t.Component == "" && t.ComponentID <= 0:
		return fieldError(field+".component_id", "must be positive, got %d (or name the component with \"component\")", t.ComponentID)
	case t.Component != "" && strings.TrimSpace(t.Component) == "":
		return fieldError(field+".component", "must not be blank")
	}
	return nil
}

// prober checks the kind-specific keys of the target at field and returns
// its prober, without the target's timeout.
func (t TargetConfig) prober(field, userAgent string) (probe.Prober, error) {
	var kinds []string
	for _, k := range []struct {
		key string
		set bool
	}{{"url", t.URL != ""}, {"tcp", t.TCP != nil}, {"dns", t.DNS != nil}} {
		if k.set {
			kinds = append(kinds, k.key)
		}
	}
	switch len(kinds) {
	case 0:
		return nil, fieldError(field+".url", "required (or tcp or dns)")
	case 1:
	default:
		return nil, fieldError(field+"."+kinds[1], "conflicts with %s: give one of url, tcp or dns", kinds[0])
	}
	if t.URL == "" {
		if key := t.httpOnlyKey(); key != "" {
			return nil, fieldError(field+"."+key, "only for url targets")
		}
	}
	switch {
	case t.TCP != nil:
		return t.tcpProber(field)
	case t.DNS != nil:
		return t.dnsProber(field)
	}
	return t.httpProber(field, userAgent)
}

// httpOnlyKey returns the first HTTP-only key the target sets, or "".
func (t TargetConfig) httpOnlyKey() string {
	switch {
	case t.Method != "":
		return "method"
	case t.Headers != nil:
		return "headers"
	case t.ExpectStatus != nil:
		return "expect_status"
	case t.BodyContains != "":
		return "body_contains"
	case t.BodyMatch != "":
		return "body_match"
	}
	return ""
}

func (t TargetConfig) httpProber(field, userAgent string) (probe.Prober, error) {
	var err error
	if checkHTTPURL(field+".url", t.URL, &err) {
		return nil, err
	}
	h := &probe.HTTP{URL: t.URL, Method: t.Method, ExpectStatus: t.ExpectStatus, BodyContains: t.BodyContains,
		InsecureSkipVerify: t.InsecureSkipVerify, UserAgent: userAgent}
	if t.Method != "" && !isToken(t.Method) {
		return nil, fieldError(field+".method", "not an HTTP method: %q", t.Method)
	}
	for _, name := range slices.Sorted(maps.Keys(t.Headers)) {
		value := t.Headers[name]
		switch {
		case !isToken(name):
			return nil, fieldError(field+".headers", "not a header name: %q", name)
		case strings.ContainsFunc(value, func(r rune) bool { return r < ' ' && r != '\t' || r == 0x7f }):
			return nil, fieldError(field+".headers."+name, "control characters are not allowed in a header value (value not shown)")
		}
		if h.Header == nil {
			h.Header = make(http.Header, len(t.Headers))
		}
		h.Header.Set(name, value)
	}
	for i, code := range t.ExpectStatus {
		if code < 100 || code > 599 {
			return nil, fieldError(fmt.Sprintf("%s.expect_status[%d]", field, i), "want an HTTP status code 100-599, got %d", code)
		}
	}
	if t.BodyMatch != "" {
		if h.BodyMatch, err = regexp.Compile(t.BodyMatch); err != nil {
			return nil, fieldError(field+".body_match", "not a regular expression: %v", err)
		}
	}
	return h, nil
}

func (t TargetConfig) tcpProber(field string) (probe.Prober, error) {
	c := t.TCP
	switch {
	case c.Address == "":
		return nil, fieldError(field+".tcp.address", "required")
	case !isHostPort(c.Address):
		return nil, fieldError(field+".tcp.address", "want host:port with a port 1-65535, got %q", c.Address)
	case c.ServerName != "" && !c.TLS:
		return nil, fieldError(field+".tcp.server_name", "needs \"tls\": true")
	case t.InsecureSkipVerify && !c.TLS:
		return nil, fieldError(field+".insecure_skip_verify", "needs \"tls\": true in tcp")
	}
	return &probe.TCP{Address: c.Address, TLS: c.TLS, ServerName: c.ServerName, InsecureSkipVerify: t.InsecureSkipVerify}, nil
}

func (t TargetConfig) dnsProber(field string) (probe.Prober, error) {
	c := t.DNS
	switch {
	case c.Name == "":
		return nil, fieldError(field+".dns.name", "required")
	case c.Server != "" && !isHostPort(c.Server):
		return nil, fieldError(field+".dns.server", "want host:port with a port 1-65535, got %q", c.Server)
	case t.InsecureSkipVerify:
		return nil, fieldError(field+".insecure_skip_verify", "only for url and tcp targets")
	}
	for i, addr := range c.Want {
		if _, err := netip.ParseAddr(addr); err != nil {
			return nil, fieldError(fmt.Sprintf("%s.dns.want[%d]", field, i), "not an IP address: %q", addr)
		}
	}
	return &probe.DNS{Name: c.Name, Server: c.Server, Want: c.Want}, nil
}

// isHostPort reports whether s is "host:port" with a non-empty host and a
// numeric port 1-65535.
func isHostPort(s string) bool {
	host, port, err := net.SplitHostPort(s)
	n, portErr := strconv.Atoi(port)
	return err == nil && host != "" && portErr == nil && n >= 1 && n <= 65535
}

// isToken reports whether s is an HTTP token (RFC 9110, section 5.6.2), the
// syntax of methods and header names.
func isToken(s string) bool {
	return s != "" && !strings.ContainsFunc(s, func(r rune) bool {
		return r > '~' || r <= ' ' || strings.ContainsRune(`"(),/:;<=>?@[\]{}`, r)
	})
}

// timeoutWarnings returns a warning (a *ConfigError) for every target whose
// timeout is longer than probeBudget, the part of the run's -timeout
// (runTimeout) that probing may use: such a probe is cut short, and a slow
// answer looks like a timeout. -check reports them as problems.
func (c *Config) timeoutWarnings(runTimeout, probeBudget time.Duration) []error {
	var warnings []error
	for i, d := range c.targetTimeouts {
		if d > probeBudget {
			warnings = append(warnings, fieldError(fmt.Sprintf("targets[%d].timeout", i),
				"%s is longer than the %s that -timeout %s leaves for probing; the probe will be cut short (raise -timeout or lower the timeout)",
				d, probeBudget.Round(time.Millisecond), runTimeout))
		}
	}
	return warnings
}

// allWarnings is every warning of the configuration for a run with opts:
// those found while parsing (a trimmed token) and the target timeouts
// that the run's -timeout cuts short.
func (c *Config) allWarnings(opts options) []error {
	budget := opts.timeout - writeReserve(opts.timeout)
	return append(slices.Clone(c.warnings), c.timeoutWarnings(opts.timeout, budget)...)
}
