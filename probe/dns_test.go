package probe

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestDNSProbe(t *testing.T) {
	t.Parallel()
	server := fakeDNS(t, map[string][]netip.Addr{
		"proxer.test.": {netip.MustParseAddr("192.0.2.10"), netip.MustParseAddr("192.0.2.11")},
	})
	tests := []struct {
		name     string
		dns      DNS
		timeout  time.Duration
		wantKind FailureKind
		wantIs   error
		wantAs   func(error) bool
	}{
		{name: "resolves", dns: DNS{Name: "proxer.test", Server: server}},
		{name: "expected addresses present", dns: DNS{Name: "proxer.test", Server: server, Want: []string{"192.0.2.11", "192.0.2.10"}}},
		{name: "expected address in another notation", dns: DNS{Name: "proxer.test", Server: server, Want: []string{"::ffff:192.0.2.10"}}},
		{name: "expected address missing", dns: DNS{Name: "proxer.test", Server: server, Want: []string{"192.0.2.99"}},
			wantKind: FailureDNS, wantIs: ErrUnexpectedAnswer},
		{name: "no such name", dns: DNS{Name: "nothing.invalid", Server: server}, wantKind: FailureDNS,
			wantAs: func(err error) bool {
				var dnsErr *net.DNSError
				return errors.As(err, &dnsErr) && dnsErr.IsNotFound
			}},
		{name: "server not listening", dns: DNS{Name: "proxer.test", Server: closedUDPPort(t)}, wantKind: FailureDNS,
			wantAs: errorAs[*net.DNSError]},
		{name: "server never answers", dns: DNS{Name: "proxer.test", Server: silentDNS(t)}, timeout: 200 * time.Millisecond,
			wantKind: FailureTimeout, wantIs: context.DeadlineExceeded},
		{name: "ip literal needs no server", dns: DNS{Name: "127.0.0.1", Server: closedUDPPort(t), Want: []string{"127.0.0.1"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx := probeContext(t, tt.timeout)

			res := tt.dns.Probe(ctx)

			assert.Equal(t, tt.wantKind, res.Kind, "err: %v", res.Err)
			assert.Equal(t, tt.wantKind == FailureNone, res.Err == nil)
			if tt.wantIs != nil {
				assert.ErrorIs(t, res.Err, tt.wantIs)
			}
			if tt.wantAs != nil {
				assert.True(t, tt.wantAs(res.Err), "error chain: %v", res.Err)
			}
			assert.Positive(t, res.Phases.DNS)
			assert.Equal(t, res.Latency, res.Phases.DNS)
		})
	}
}
