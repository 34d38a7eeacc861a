package probe

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"slices"
	"time"
)

// Errors of name resolution; [Classify] maps each onto [FailureDNS].
var (
	// ErrNoAddresses means a name resolved to no addresses at all.
	ErrNoAddresses = errors.New("probe: name resolved to no addresses")
	// ErrUnexpectedAnswer means a [DNS] answer lacked an address listed in
	// [DNS.Want].
	ErrUnexpectedAnswer = errors.New("probe: unexpected dns answer")
)

// DNS probes that a name resolves, optionally against a given server and to
// given addresses. It takes every deadline from the context.
type DNS struct {
	// Name is the host name to resolve.
	Name string
	// Server is an optional "host:port" of the DNS server to ask (over
	// UDP, falling back to TCP like the system resolver); empty means the
	// system resolver.
	Server string
	// Want optionally lists addresses that must all be in the answer. The
	// answer may hold more (an AAAA next to an expected A record, say).
	// Addresses compare as IPs: "2001:db8::1" equals "2001:DB8:0::1", and
	// an IPv4-mapped "::ffff:192.0.2.1" equals "192.0.2.1".
	Want []string
}

// Probe resolves Name once and checks the answer. Phases.DNS is the lookup
// time; the other phases are zero.
func (d *DNS) Probe(ctx context.Context) Result {
	start := time.Now()
	res := Result{Start: start}
	err := d.probe(ctx)
	res.Latency = time.Since(start)
	res.Phases.DNS = res.Latency
	if err != nil {
		res.Err = err
		res.Kind = Classify(err)
	}
	return res
}

func (d *DNS) probe(ctx context.Context) error {
	answer, err := newResolver(d.Server).LookupHost(ctx, d.Name)
	if err != nil {
		return fmt.Errorf("probe: dns: %w", err)
	}
	if len(answer) == 0 {
		return fmt.Errorf("%w: %s", ErrNoAddresses, d.Name)
	}
	got := make([]string, len(answer))
	for i, a := range answer {
		got[i] = canonicalAddr(a)
	}
	for _, want := range d.Want {
		if !slices.Contains(got, canonicalAddr(want)) {
			return fmt.Errorf("%w: %s resolved to %v, missing %s", ErrUnexpectedAnswer, d.Name, answer, want)
		}
	}
	return nil
}

// newResolver returns a resolver that asks server ("host:port"), or the
// default resolver when server is empty.
func newResolver(server string) *net.Resolver {
	if server == "" {
		return net.DefaultResolver
	}
	return &net.Resolver{
		PreferGo: true,
		Dial: func(ctx context.Context, network, _ string) (net.Conn, error) {
			var dialer net.Dialer
			return dialer.DialContext(ctx, network, server)
		},
	}
}

// canonicalAddr returns the canonical text of an IP address, or s unchanged
// when it is not one.
func canonicalAddr(s string) string {
	if addr, err := netip.ParseAddr(s); err == nil {
		return addr.Unmap().String()
	}
	return s
}
