package probe

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"net"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tlsListener completes TLS handshakes with cert and then closes.
func tlsListener(t *testing.T, cert tls.Certificate) string {
	t.Helper()
	config := &tls.Config{Certificates: []tls.Certificate{cert}}
	return serveTCP(t, func(conn net.Conn) {
		_ = tls.Server(conn, config).HandshakeContext(t.Context())
	})
}

func TestTCPProbeKinds(t *testing.T) {
	t.Parallel()
	ca := newTestCA(t)
	valid, expired := validLeaf(), validLeaf()
	expired.notAfter = time.Now().Add(-time.Hour).Truncate(time.Second)
	open := silentListener(t)
	_, openPort, err := net.SplitHostPort(open)
	require.NoError(t, err)
	validAddr := tlsListener(t, ca.leaf(t, valid))
	expiredAddr := tlsListener(t, ca.leaf(t, expired))
	resolver := newResolver(fakeDNS(t, map[string][]netip.Addr{"db.test.": {netip.MustParseAddr("127.0.0.1")}}))

	tests := []struct {
		name       string
		tcp        TCP
		timeout    time.Duration
		wantKind   FailureKind
		wantIs     error
		wantExpiry time.Time
		wantDNS    bool
	}{
		{name: "open port", tcp: TCP{Address: open}},
		{name: "name resolved first", tcp: TCP{Address: "db.test:" + openPort, Resolver: resolver}, wantDNS: true},
		{name: "closed port", tcp: TCP{Address: closedPort(t)}, wantKind: FailureRefused},
		{name: "unknown name", tcp: TCP{Address: "nothing.invalid:80", Resolver: resolver}, wantKind: FailureDNS, wantDNS: true},
		{name: "tls valid", tcp: TCP{Address: validAddr, TLS: true, RootCAs: ca.pool}, wantExpiry: valid.notAfter},
		{name: "tls expired", tcp: TCP{Address: expiredAddr, TLS: true, RootCAs: ca.pool}, wantKind: FailureTLS, wantExpiry: expired.notAfter},
		{name: "tls unknown CA", tcp: TCP{Address: validAddr, TLS: true}, wantKind: FailureTLS, wantExpiry: valid.notAfter},
		{name: "tls wrong server name", tcp: TCP{Address: validAddr, TLS: true, RootCAs: ca.pool, ServerName: "other.test"}, wantKind: FailureTLS, wantExpiry: valid.notAfter},
		{name: "tls verification opted out", tcp: TCP{Address: expiredAddr, TLS: true, InsecureSkipVerify: true}, wantExpiry: expired.notAfter},
		{name: "tls never answered", tcp: TCP{Address: open, TLS: true}, timeout: 200 * time.Millisecond, wantKind: FailureTimeout, wantIs: context.DeadlineExceeded},
		{name: "tls reset", tcp: TCP{Address: resettingListener(t), TLS: true}, wantKind: FailureReset},
		{name: "no port", tcp: TCP{Address: "127.0.0.1"}, wantKind: FailureOther},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx := probeContext(t, tt.timeout)

			res := tt.tcp.Probe(ctx)

			assert.Equal(t, tt.wantKind, res.Kind, "err: %v", res.Err)
			assert.Equal(t, tt.wantKind == FailureNone, res.Err == nil)
			if tt.wantIs != nil {
				assert.ErrorIs(t, res.Err, tt.wantIs)
			}
			assert.True(t, tt.wantExpiry.Equal(res.CertExpiry), "expiry %v, want %v", res.CertExpiry, tt.wantExpiry)
			assert.Equal(t, tt.wantDNS, res.Phases.DNS > 0)
			assert.Zero(t, res.StatusCode)
			assert.Zero(t, res.Phases.FirstByte)
		})
	}
}

func TestTCPTLSErrorTypes(t *testing.T) {
	t.Parallel()
	ca := newTestCA(t)
	addr := tlsListener(t, ca.leaf(t, validLeaf()))

	res := (&TCP{Address: addr, TLS: true, RootCAs: ca.pool, ServerName: "other.test"}).Probe(probeContext(t, 0))

	var hostErr x509.HostnameError
	require.ErrorAs(t, res.Err, &hostErr)
	assert.Equal(t, "other.test", hostErr.Host)
	var verifyErr *tls.CertificateVerificationError
	assert.ErrorAs(t, res.Err, &verifyErr)
	assert.True(t, strings.HasPrefix(res.Err.Error(), "probe: tcp: "), res.Err.Error())
}
