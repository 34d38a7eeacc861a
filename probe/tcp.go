package probe

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"time"
)

// TCP probes that a TCP port accepts connections, and optionally that a TLS
// handshake on it succeeds. Like [HTTP] it uses a fresh connection per probe
// and takes every deadline from the context.
type TCP struct {
	// Address is the "host:port" to connect to.
	Address string
	// TLS makes the probe perform a TLS handshake after connecting.
	TLS bool
	// ServerName is the name verified against the certificate and sent as
	// SNI; empty means the host of Address.
	ServerName string
	// InsecureSkipVerify turns certificate verification off for this
	// target only. CertExpiry is still reported.
	InsecureSkipVerify bool
	// RootCAs, if not nil, replaces the system roots for verification.
	RootCAs *x509.CertPool
	// Resolver resolves the host of Address; nil means
	// net.DefaultResolver.
	Resolver *net.Resolver
}

// Probe connects, performs the handshake if configured and closes the
// connection. Phases.DNS is measured when the host is a name, Phases.TLS when
// TLS is set; Phases.FirstByte is always zero.
func (t *TCP) Probe(ctx context.Context) Result {
	start := time.Now()
	res := Result{Start: start}
	err := t.probe(ctx, &res)
	res.Latency = time.Since(start)
	if err != nil {
		res.Err = err
		res.Kind = Classify(err)
		if res.Kind == FailureOther && t.TLS && res.Phases.TLS > 0 && !errors.Is(err, context.Canceled) {
			res.Kind = FailureTLS
		}
	}
	return res
}

func (t *TCP) probe(ctx context.Context, res *Result) error {
	host, port, err := net.SplitHostPort(t.Address)
	if err != nil {
		return fmt.Errorf("probe: tcp: %w", err)
	}
	addrs, err := t.resolve(ctx, host, res)
	if err != nil {
		return err
	}

	dialer := &net.Dialer{Resolver: t.Resolver}
	connectStart := time.Now()
	var conn net.Conn
	for _, addr := range addrs {
		var dialErr error
		conn, dialErr = dialer.DialContext(ctx, "tcp", net.JoinHostPort(addr.String(), port))
		if dialErr == nil {
			break
		}
		err = errors.Join(err, dialErr)
		if ctx.Err() != nil {
			break
		}
	}
	if conn == nil {
		return fmt.Errorf("probe: tcp: %w", err)
	}
	defer conn.Close()
	res.Phases.Connect = time.Since(connectStart)
	if !t.TLS {
		return nil
	}

	serverName := t.ServerName
	if serverName == "" {
		serverName = host
	}
	tlsConn := tls.Client(conn, &tls.Config{
		ServerName:         serverName,
		InsecureSkipVerify: t.InsecureSkipVerify, //nolint:gosec // Per-target opt-out, documented.
		RootCAs:            t.RootCAs,
	})
	handshakeStart := time.Now()
	err = tlsConn.HandshakeContext(ctx)
	res.Phases.TLS = time.Since(handshakeStart)
	if err != nil {
		var verifyErr *tls.CertificateVerificationError
		if errors.As(err, &verifyErr) && len(verifyErr.UnverifiedCertificates) > 0 {
			res.CertExpiry = verifyErr.UnverifiedCertificates[0].NotAfter
		}
		return fmt.Errorf("probe: tcp: tls handshake: %w", err)
	}
	state := tlsConn.ConnectionState()
	setCertExpiry(res, &state)
	return nil
}

// resolve returns the addresses of host, measuring the lookup when host is a
// name.
func (t *TCP) resolve(ctx context.Context, host string, res *Result) ([]netip.Addr, error) {
	if addr, err := netip.ParseAddr(host); err == nil {
		return []netip.Addr{addr}, nil
	}
	resolver := t.Resolver
	if resolver == nil {
		resolver = net.DefaultResolver
	}
	lookupStart := time.Now()
	addrs, err := resolver.LookupNetIP(ctx, "ip", host)
	res.Phases.DNS = time.Since(lookupStart)
	if err != nil {
		return nil, fmt.Errorf("probe: tcp: %w", err)
	}
	if len(addrs) == 0 {
		return nil, fmt.Errorf("%w: %s", ErrNoAddresses, host)
	}
	return addrs, nil
}
