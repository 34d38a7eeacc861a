package probe

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/binary"
	"errors"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// defaultTestTimeout bounds a probe in tests that do not test timeouts. It
// is generous for a loaded machine; a probe that wrongly hangs fails the test
// after it instead of stalling the whole run.
const defaultTestTimeout = 10 * time.Second

// probeContext returns t's context bounded by timeout, or by
// defaultTestTimeout when timeout is zero.
func probeContext(t testing.TB, timeout time.Duration) context.Context {
	t.Helper()
	if timeout == 0 {
		timeout = defaultTestTimeout
	}
	ctx, cancel := context.WithTimeout(t.Context(), timeout)
	t.Cleanup(cancel)
	return ctx
}

// testCA is a certificate authority generated for one test.
type testCA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	pool *x509.CertPool
}

func newTestCA(t testing.TB) *testCA {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "probe test CA"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		IsCA:                  true,
		KeyUsage:              x509.KeyUsageCertSign,
		BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	cert, err := x509.ParseCertificate(der)
	require.NoError(t, err)
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &testCA{cert: cert, key: key, pool: pool}
}

// leafOptions describe a server certificate.
type leafOptions struct {
	notBefore, notAfter time.Time
	dnsNames            []string
	ips                 []net.IP
	selfSigned          bool
}

// validLeaf is a certificate for 127.0.0.1 and localhost valid for a day.
func validLeaf() leafOptions {
	return leafOptions{
		notBefore: time.Now().Add(-time.Hour),
		notAfter:  time.Now().Add(24 * time.Hour).Truncate(time.Second),
		dnsNames:  []string{"localhost"},
		ips:       []net.IP{net.IPv4(127, 0, 0, 1)},
	}
}

// leaf issues a server certificate; its NotAfter is opts.notAfter.
func (ca *testCA) leaf(t testing.TB, opts leafOptions) tls.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2),
		Subject:      pkix.Name{CommonName: "probe test server"},
		NotBefore:    opts.notBefore,
		NotAfter:     opts.notAfter,
		DNSNames:     opts.dnsNames,
		IPAddresses:  opts.ips,
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	parent, signer := ca.cert, ca.key
	if opts.selfSigned {
		parent, signer = tmpl, key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &key.PublicKey, signer)
	require.NoError(t, err)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

// quietLog discards the servers' log lines about failed handshakes.
func quietLog() *log.Logger { return log.New(io.Discard, "", 0) }

// newTLSServer starts an HTTPS test server on 127.0.0.1 with cert.
func newTLSServer(t testing.TB, cert tls.Certificate, handler http.Handler) *httptest.Server {
	t.Helper()
	srv := httptest.NewUnstartedServer(handler)
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	srv.Config.ErrorLog = quietLog()
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv
}

// newServer starts a plain HTTP test server on 127.0.0.1.
func newServer(t testing.TB, handler http.Handler) *httptest.Server {
	t.Helper()
	srv := httptest.NewUnstartedServer(handler)
	srv.Config.ErrorLog = quietLog()
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

// hangingHandler never answers; it returns when the client goes away.
func hangingHandler(w http.ResponseWriter, r *http.Request) {
	<-r.Context().Done()
}

// closedUDPPort returns a loopback UDP address on which nothing listens. A
// DNS probe needs a closed UDP port: the number of a closed TCP port may be
// in use by another test's UDP server.
func closedUDPPort(t testing.TB) string {
	t.Helper()
	conn, err := net.ListenPacket("udp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := conn.LocalAddr().String()
	require.NoError(t, conn.Close())
	return addr
}

// silentListener accepts connections and never writes to them. They are
// closed when the test ends.
func silentListener(t testing.TB) string {
	t.Helper()
	return serveTCP(t, func(conn net.Conn) {
		_, _ = io.Copy(io.Discard, conn)
	})
}

// greetedListener accepts connections and never writes to them, like
// silentListener, and signals on the returned channel once a client has sent
// its first bytes (for TLS, the ClientHello).
func greetedListener(t testing.TB) (string, <-chan struct{}) {
	t.Helper()
	greeted := make(chan struct{}, 1)
	addr := serveTCP(t, func(conn net.Conn) {
		buf := make([]byte, 1)
		if _, err := conn.Read(buf); err != nil {
			return
		}
		select {
		case greeted <- struct{}{}:
		default:
		}
		_, _ = io.Copy(io.Discard, conn)
	})
	return addr, greeted
}

// resettingListener reads the start of what the client sends, then resets
// the connection (SO_LINGER 0 and close sends an RST).
func resettingListener(t testing.TB) string {
	t.Helper()
	return serveTCP(t, func(conn net.Conn) {
		buf := make([]byte, 64)
		_, _ = conn.Read(buf)
		_ = conn.(*net.TCPConn).SetLinger(0)
	})
}

// serveTCP runs handle for every accepted connection on a loopback listener
// and closes each connection after handle returns or when the test ends.
func serveTCP(t testing.TB, handle func(net.Conn)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	var (
		mu    sync.Mutex
		conns []net.Conn
		wg    sync.WaitGroup
	)
	wg.Go(func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, conn)
			mu.Unlock()
			wg.Go(func() {
				defer conn.Close()
				handle(conn)
			})
		}
	})
	t.Cleanup(func() {
		_ = ln.Close()
		mu.Lock()
		for _, conn := range conns {
			_ = conn.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	return ln.Addr().String()
}

// fakeDNS is a minimal DNS server on 127.0.0.1 (UDP) that answers A queries
// for the names it knows, an empty answer for other types of known names and
// NXDOMAIN for every other name. Tests use it so that no lookup leaves the
// machine.
func fakeDNS(t testing.TB, records map[string][]netip.Addr) string {
	t.Helper()
	conn, err := net.ListenPacket("udp", "127.0.0.1:0")
	require.NoError(t, err)
	var wg sync.WaitGroup
	wg.Go(func() {
		buf := make([]byte, 1500)
		for {
			n, from, err := conn.ReadFrom(buf)
			if err != nil {
				return
			}
			if reply, ok := dnsReply(buf[:n], records); ok {
				_, _ = conn.WriteTo(reply, from)
			}
		}
	})
	t.Cleanup(func() {
		_ = conn.Close()
		wg.Wait()
	})
	return conn.LocalAddr().String()
}

// silentDNS is a UDP socket that never answers.
func silentDNS(t testing.TB) string {
	t.Helper()
	conn, err := net.ListenPacket("udp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { _ = conn.Close() })
	return conn.LocalAddr().String()
}

const (
	dnsTypeA    = 1
	dnsClassIN  = 1
	dnsNXDomain = 3
)

// dnsReply builds the response to one query (RFC 1035, section 4).
func dnsReply(query []byte, records map[string][]netip.Addr) ([]byte, bool) {
	if len(query) < 12 {
		return nil, false
	}
	var labels []string
	off := 12
	for {
		if off >= len(query) {
			return nil, false
		}
		n := int(query[off])
		off++
		if n == 0 {
			break
		}
		if n > 63 || off+n > len(query) {
			return nil, false
		}
		labels = append(labels, strings.ToLower(string(query[off:off+n])))
		off += n
	}
	if off+4 > len(query) {
		return nil, false
	}
	qtype := binary.BigEndian.Uint16(query[off:])
	question := query[12 : off+4]
	name := strings.Join(labels, ".") + "."

	addrs, known := records[name]
	var rcode byte
	if !known {
		rcode = dnsNXDomain
	}
	var answers []netip.Addr
	if qtype == dnsTypeA {
		answers = addrs
	}
	reply := []byte{
		query[0], query[1], // ID
		0x84 | query[2]&0x01, // QR, AA, RD copied
		0x80 | rcode,         // RA, RCODE
		0, 1,                 // QDCOUNT
		0, byte(len(answers)), // ANCOUNT
		0, 0, 0, 0, // NSCOUNT, ARCOUNT
	}
	reply = append(reply, question...)
	for _, addr := range answers {
		ip := addr.As4()
		reply = append(reply, 0xC0, 12) // pointer to the question's name
		reply = binary.BigEndian.AppendUint16(reply, dnsTypeA)
		reply = binary.BigEndian.AppendUint16(reply, dnsClassIN)
		reply = binary.BigEndian.AppendUint32(reply, 60)
		reply = binary.BigEndian.AppendUint16(reply, 4)
		reply = append(reply, ip[:]...)
	}
	return reply, true
}

// errorAs reports whether err has a T in its chain, for table tests.
func errorAs[T error](err error) bool {
	var target T
	return errors.As(err, &target)
}
