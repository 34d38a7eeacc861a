package probe

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHTTPProbeKinds(t *testing.T) {
	t.Parallel()
	ca := newTestCA(t)
	valid := validLeaf()
	expired := validLeaf()
	expired.notBefore = time.Now().Add(-48 * time.Hour)
	expired.notAfter = time.Now().Add(-24 * time.Hour).Truncate(time.Second)
	selfSigned := validLeaf()
	selfSigned.selfSigned = true
	wrongHost := validLeaf()
	wrongHost.dnsNames, wrongHost.ips = []string{"status.example"}, nil

	okHandler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "all systems operational")
	})
	plain := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/unavailable":
			http.Error(w, "maintenance until 03:00", http.StatusServiceUnavailable)
		case "/missing":
			http.NotFound(w, r)
		case "/hang":
			hangingHandler(w, r)
		case "/slow":
			select {
			case <-time.After(50 * time.Millisecond):
				fmt.Fprint(w, "late but fine")
			case <-r.Context().Done():
			}
		default:
			okHandler(w, r)
		}
	}))
	tlsValid := newTLSServer(t, ca.leaf(t, valid), okHandler)
	tlsExpired := newTLSServer(t, ca.leaf(t, expired), okHandler)
	tlsSelfSigned := newTLSServer(t, ca.leaf(t, selfSigned), okHandler)
	tlsWrongHost := newTLSServer(t, ca.leaf(t, wrongHost), okHandler)
	resolver := newResolver(fakeDNS(t, map[string][]netip.Addr{"status.test.": {netip.MustParseAddr("127.0.0.1")}}))
	plainPort := plain.Listener.Addr().(*net.TCPAddr).Port

	tests := []struct {
		name      string
		http      HTTP
		timeout   time.Duration
		wantKind  FailureKind
		wantCode  int
		wantIs    []error
		wantAs    func(error) bool
		excerpt   string
		tlsTarget bool
		dnsPhase  bool
	}{
		{name: "ok", http: HTTP{URL: plain.URL}, wantCode: 200},
		{name: "slow handler within timeout", http: HTTP{URL: plain.URL + "/slow"}, wantCode: 200},
		{name: "name resolved by given resolver", http: HTTP{URL: fmt.Sprintf("http://status.test:%d/", plainPort), Resolver: resolver}, wantCode: 200, dnsPhase: true},
		{name: "tls valid", http: HTTP{URL: tlsValid.URL, RootCAs: ca.pool}, wantCode: 200, tlsTarget: true},
		{name: "tls expired", http: HTTP{URL: tlsExpired.URL, RootCAs: ca.pool}, wantKind: FailureTLS, tlsTarget: true,
			wantAs: func(err error) bool {
				var invalid x509.CertificateInvalidError
				return errors.As(err, &invalid) && invalid.Reason == x509.Expired
			}},
		{name: "tls self-signed", http: HTTP{URL: tlsSelfSigned.URL, RootCAs: ca.pool}, wantKind: FailureTLS, tlsTarget: true,
			wantAs: errorAs[x509.UnknownAuthorityError]},
		{name: "tls unknown CA with system roots", http: HTTP{URL: tlsValid.URL}, wantKind: FailureTLS, tlsTarget: true,
			wantAs: errorAs[x509.UnknownAuthorityError]},
		{name: "tls wrong host", http: HTTP{URL: tlsWrongHost.URL, RootCAs: ca.pool}, wantKind: FailureTLS, tlsTarget: true,
			wantAs: errorAs[x509.HostnameError]},
		{name: "tls verification opted out", http: HTTP{URL: tlsSelfSigned.URL, InsecureSkipVerify: true}, wantCode: 200, tlsTarget: true},
		{name: "tls to a plain server", http: HTTP{URL: strings.Replace(plain.URL, "http:", "https:", 1)}, wantKind: FailureTLS},
		{name: "unexpected status", http: HTTP{URL: plain.URL + "/unavailable"}, wantKind: FailureHTTP, wantCode: 503,
			wantIs: []error{ErrUnexpectedStatus}, excerpt: "maintenance until 03:00\n"},
		{name: "expected non-2xx status", http: HTTP{URL: plain.URL + "/missing", ExpectStatus: []int{404}}, wantCode: 404},
		{name: "body contains", http: HTTP{URL: plain.URL, BodyContains: "operational"}, wantCode: 200},
		{name: "body lacks text", http: HTTP{URL: plain.URL, BodyContains: "degraded"}, wantKind: FailureHTTP, wantCode: 200,
			wantIs: []error{ErrBodyMismatch}, excerpt: "all systems operational"},
		{name: "body matches", http: HTTP{URL: plain.URL, BodyMatch: regexp.MustCompile(`^all \w+ operational$`)}, wantCode: 200},
		{name: "body does not match", http: HTTP{URL: plain.URL, BodyMatch: regexp.MustCompile(`^down`)}, wantKind: FailureHTTP,
			wantCode: 200, wantIs: []error{ErrBodyMismatch}, excerpt: "all systems operational"},
		{name: "hanging handler", http: HTTP{URL: plain.URL + "/hang"}, timeout: 200 * time.Millisecond, wantKind: FailureTimeout,
			wantIs: []error{context.DeadlineExceeded}},
		{name: "listener never answers", http: HTTP{URL: "http://" + silentListener(t)}, timeout: 200 * time.Millisecond,
			wantKind: FailureTimeout, wantIs: []error{context.DeadlineExceeded}},
		{name: "tls listener never answers", http: HTTP{URL: "https://" + silentListener(t)}, timeout: 200 * time.Millisecond,
			wantKind: FailureTimeout, wantIs: []error{context.DeadlineExceeded}},
		{name: "closed port", http: HTTP{URL: "http://" + closedPort(t)}, wantKind: FailureRefused},
		{name: "connection reset", http: HTTP{URL: "http://" + resettingListener(t)}, wantKind: FailureReset},
		{name: "unknown name", http: HTTP{URL: "http://nothing-here.invalid/", Resolver: resolver}, wantKind: FailureDNS, dnsPhase: true,
			wantAs: func(err error) bool {
				var dnsErr *net.DNSError
				return errors.As(err, &dnsErr) && dnsErr.IsNotFound
			}},
		{name: "unsupported scheme", http: HTTP{URL: "ftp://127.0.0.1/"}, wantKind: FailureOther},
		{name: "invalid url", http: HTTP{URL: "http://[::1"}, wantKind: FailureOther},
		{name: "invalid method", http: HTTP{URL: plain.URL, Method: "BAD METHOD"}, wantKind: FailureOther},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx := probeContext(t, tt.timeout)

			res := tt.http.Probe(ctx)

			assert.Equal(t, tt.wantKind, res.Kind, "kind; err: %v", res.Err)
			assert.Equal(t, tt.wantKind == FailureNone, res.OK())
			if tt.wantKind == FailureNone {
				assert.NoError(t, res.Err)
			} else {
				assert.Error(t, res.Err)
			}
			assert.Equal(t, tt.wantCode, res.StatusCode)
			for _, target := range tt.wantIs {
				assert.ErrorIs(t, res.Err, target)
			}
			if tt.wantAs != nil {
				assert.True(t, tt.wantAs(res.Err), "error chain: %v", res.Err)
			}
			assert.Equal(t, tt.excerpt, res.BodyExcerpt)
			assert.False(t, res.Start.IsZero())
			assert.Positive(t, res.Latency)
			if tt.tlsTarget {
				assert.False(t, res.CertExpiry.IsZero(), "cert expiry")
				assert.Positive(t, res.Phases.TLS)
			} else {
				assert.True(t, res.CertExpiry.IsZero())
			}
			assert.Equal(t, tt.dnsPhase, res.Phases.DNS > 0, "dns phase %v", res.Phases.DNS)
			if tt.wantCode != 0 {
				assert.Positive(t, res.Phases.Connect)
				assert.Positive(t, res.Phases.FirstByte)
			}
		})
	}
}

func TestHTTPCertExpiry(t *testing.T) {
	t.Parallel()
	ca := newTestCA(t)
	valid, expired := validLeaf(), validLeaf()
	expired.notAfter = time.Now().Add(-time.Hour).Truncate(time.Second)
	handler := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
	tests := []struct {
		name string
		leaf leafOptions
	}{
		{name: "valid", leaf: valid},
		{name: "expired", leaf: expired},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newTLSServer(t, ca.leaf(t, tt.leaf), handler)

			res := (&HTTP{URL: srv.URL, RootCAs: ca.pool}).Probe(probeContext(t, 0))

			assert.True(t, tt.leaf.notAfter.Equal(res.CertExpiry), "got %v, want %v", res.CertExpiry, tt.leaf.notAfter)
		})
	}
}

func TestHTTPRequest(t *testing.T) {
	t.Parallel()
	requests := make(chan *http.Request, 1)
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select { // Never block the server: a failed subtest leaves its request unread.
		case requests <- r.Clone(context.Background()):
		case <-r.Context().Done():
		}
	}))
	tests := []struct {
		name       string
		http       HTTP
		wantMethod string
		wantAgent  string
		wantHeader string
		wantHost   string
	}{
		{name: "defaults", http: HTTP{URL: srv.URL + "/health"}, wantMethod: "GET", wantAgent: DefaultUserAgent},
		{name: "host header names a virtual host", wantMethod: "GET", wantAgent: DefaultUserAgent, wantHost: "status.example", http: HTTP{
			URL: srv.URL + "/health", Header: http.Header{"Host": {"status.example"}},
		}},
		{name: "user agent field wins", wantMethod: "HEAD", wantAgent: "status-bot/2", wantHeader: "yes", http: HTTP{
			URL: srv.URL + "/health", Method: http.MethodHead, UserAgent: "status-bot/2",
			Header: http.Header{"User-Agent": {"from-header"}, "X-Probe": {"yes"}},
		}},
		{name: "user agent from header", wantMethod: "GET", wantAgent: "from-header", http: HTTP{
			URL: srv.URL + "/health", Header: http.Header{"User-Agent": {"from-header"}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := tt.http.Probe(probeContext(t, 0))

			require.NoError(t, res.Err)
			got := <-requests
			assert.Equal(t, tt.wantMethod, got.Method)
			assert.Equal(t, "/health", got.URL.Path)
			assert.Equal(t, tt.wantAgent, got.UserAgent())
			assert.Equal(t, tt.wantHeader, got.Header.Get("X-Probe"))
			wantHost := tt.wantHost
			if wantHost == "" {
				wantHost = srv.Listener.Addr().String()
			}
			assert.Equal(t, wantHost, got.Host)
			assert.Equal(t, "close", got.Header.Get("Connection"), "fresh connection per probe")
		})
	}
	assert.Equal(t, http.Header{"User-Agent": {"from-header"}, "X-Probe": {"yes"}}, tests[2].http.Header, "caller's header unchanged")
	assert.Equal(t, http.Header{"Host": {"status.example"}}, tests[1].http.Header, "caller's header unchanged")
}

// TestHTTPRedirects also pins that a redirect the probe refuses to follow
// leaves no status code: the seed's requests.get raised TooManyRedirects, a
// request error, so the default policy must not judge the 302 as a
// response.
func TestHTTPRedirects(t *testing.T) {
	t.Parallel()
	other := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "arrived at %s", r.Host)
	}))
	otherPort := other.Listener.Addr().(*net.TCPAddr).Port
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/loop/a":
			http.Redirect(w, r, "/loop/b", http.StatusFound)
		case r.URL.Path == "/loop/b":
			http.Redirect(w, r, "/loop/a", http.StatusFound)
		case r.URL.Path == "/away":
			http.Redirect(w, r, fmt.Sprintf("http://localhost:%d/landing", otherPort), http.StatusMovedPermanently)
		case strings.HasPrefix(r.URL.Path, "/chain/"):
			var n int
			_, _ = fmt.Sscanf(r.URL.Path, "/chain/%d", &n)
			if n == 0 {
				fmt.Fprint(w, "end of chain")
				return
			}
			http.Redirect(w, r, fmt.Sprintf("/chain/%d", n-1), http.StatusFound)
		}
	}))
	tests := []struct {
		name        string
		http        HTTP
		wantKind    FailureKind
		wantCode    int
		wantIs      error
		wantExcerpt string
	}{
		{name: "loop", http: HTTP{URL: srv.URL + "/loop/a"}, wantKind: FailureHTTP, wantIs: ErrRedirectLoop},
		{name: "cross host followed", http: HTTP{URL: srv.URL + "/away", BodyContains: "arrived"}, wantCode: 200},
		{name: "chain within default cap", http: HTTP{URL: srv.URL + "/chain/10"}, wantCode: 200},
		{name: "chain over default cap", http: HTTP{URL: srv.URL + "/chain/11"}, wantKind: FailureHTTP, wantIs: ErrTooManyRedirects},
		{name: "chain within set cap", http: HTTP{URL: srv.URL + "/chain/2", MaxRedirects: 2}, wantCode: 200},
		{name: "chain over set cap", http: HTTP{URL: srv.URL + "/chain/3", MaxRedirects: 2}, wantKind: FailureHTTP, wantIs: ErrTooManyRedirects},
		{name: "not followed, redirect expected", http: HTTP{URL: srv.URL + "/away", MaxRedirects: -1, ExpectStatus: []int{301}}, wantCode: 301},
		{name: "not followed, redirect unexpected", http: HTTP{URL: srv.URL + "/away", MaxRedirects: -1}, wantKind: FailureHTTP,
			wantCode: 301, wantIs: ErrUnexpectedStatus, wantExcerpt: "<a href=\"http://localhost"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			res := tt.http.Probe(probeContext(t, 0))

			assert.Equal(t, tt.wantKind, res.Kind, "err: %v", res.Err)
			assert.Equal(t, tt.wantCode, res.StatusCode)
			if tt.wantIs != nil {
				assert.ErrorIs(t, res.Err, tt.wantIs)
			}
			assert.True(t, strings.HasPrefix(res.BodyExcerpt, tt.wantExcerpt), "excerpt %q", res.BodyExcerpt)
		})
	}
}

func TestHTTPErrorsHideURLSecrets(t *testing.T) {
	t.Parallel()
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/userinfo" {
			// A loop back to this server through a URL with user info.
			http.Redirect(w, r, "http://alice:hunter2@"+r.Host+"/health", http.StatusFound)
			return
		}
		http.Redirect(w, r, r.URL.String(), http.StatusFound) // A loop that keeps the query.
	}))
	tests := []struct {
		name     string
		url      string
		wantKind FailureKind
		wantPath bool
	}{
		{name: "refused", url: "http://user:hunter2@" + closedPort(t) + "/health?token=hunter2", wantKind: FailureRefused, wantPath: true},
		{name: "redirect loop", url: srv.URL + "/health?token=hunter2#hunter2", wantKind: FailureHTTP, wantPath: true},
		{name: "redirect loop through user info", url: srv.URL + "/userinfo", wantKind: FailureHTTP, wantPath: true},
		{name: "unparsable", url: "http://user:hunter2@[::1/health?token=hunter2", wantKind: FailureOther},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			res := (&HTTP{URL: tt.url}).Probe(probeContext(t, 0))

			assert.Equal(t, tt.wantKind, res.Kind, "err: %v", res.Err)
			require.Error(t, res.Err)
			assert.NotContains(t, res.Err.Error(), "hunter2")
			assert.NotContains(t, res.Err.Error(), "alice")
			if tt.wantPath {
				assert.Contains(t, res.Err.Error(), "/health", "the error still names the path")
			}
		})
	}
}

func TestHTTPHugeBody(t *testing.T) {
	t.Parallel()
	chunk := []byte(strings.Repeat("ä", 16<<10)) // Two-byte runes, so excerpts must cut at a boundary.
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for r.Context().Err() == nil { // Endless: only the client's limit ends it.
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}))
	tests := []struct {
		name     string
		http     HTTP
		wantKind FailureKind
	}{
		{name: "no body check", http: HTTP{URL: srv.URL}},
		{name: "text within the limit", http: HTTP{URL: srv.URL, BodyContains: "ää"}},
		{name: "text beyond the limit", http: HTTP{URL: srv.URL, BodyContains: "needle", MaxBodyBytes: 64 << 10}, wantKind: FailureHTTP},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := tt.http.Probe(probeContext(t, 0))

			assert.Equal(t, tt.wantKind, res.Kind, "err: %v", res.Err)
			assert.Equal(t, 200, res.StatusCode)
			if tt.wantKind == FailureHTTP {
				assert.ErrorIs(t, res.Err, ErrBodyMismatch)
				assert.LessOrEqual(t, len(res.BodyExcerpt), MaxExcerptBytes)
				assert.Equal(t, strings.Repeat("ä", MaxExcerptBytes/2), res.BodyExcerpt)
			}
		})
	}
}

func TestExcerpt(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want string
	}{
		{name: "short", in: "hello", want: "hello"},
		{name: "cut at the limit", in: strings.Repeat("a", MaxExcerptBytes+10), want: strings.Repeat("a", MaxExcerptBytes)},
		{name: "cut before a split rune", in: "a" + strings.Repeat("€", MaxExcerptBytes), want: "a" + strings.Repeat("€", (MaxExcerptBytes-1)/3)},
		{name: "invalid bytes dropped", in: "ok\xff\xfe", want: "ok"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, excerpt([]byte(tt.in)))
		})
	}
}

func FuzzExcerpt(f *testing.F) {
	f.Add([]byte("maintenance until 03:00"))
	f.Add([]byte(strings.Repeat("€", 300)))
	f.Add([]byte("\xff\xfe<html>"))
	f.Fuzz(func(t *testing.T, body []byte) {
		got := excerpt(body)
		assert.LessOrEqual(t, len(got), MaxExcerptBytes)
		assert.True(t, utf8.ValidString(got))
		if utf8.Valid(body) && len(body) <= MaxExcerptBytes {
			assert.Equal(t, string(body), got)
		}
	})
}

func TestHTTPConcurrentProbes(t *testing.T) {
	t.Parallel()
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "ok")
	}))
	target := &HTTP{URL: srv.URL, BodyContains: "ok", Header: http.Header{"X-Probe": {"1"}}}
	ctx := probeContext(t, 0)
	results := make(chan Result, 8)
	for range cap(results) {
		go func() { results <- target.Probe(ctx) }()
	}
	for range cap(results) {
		res := <-results
		assert.True(t, res.OK(), "err: %v", res.Err)
	}
}
