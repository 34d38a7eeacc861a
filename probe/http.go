package probe

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Defaults of [HTTP].
const (
	// DefaultMaxRedirects is the number of redirects [HTTP] follows when
	// MaxRedirects is zero.
	DefaultMaxRedirects = 10
	// DefaultMaxBodyBytes is the number of body bytes [HTTP] reads when
	// MaxBodyBytes is zero.
	DefaultMaxBodyBytes int64 = 1 << 20
	// DefaultUserAgent is the User-Agent [HTTP] sends unless told otherwise.
	DefaultUserAgent = "cachetstatus-probe/1"
	// MaxExcerptBytes bounds [Result.BodyExcerpt].
	MaxExcerptBytes = 512
)

// Errors of the HTTP prober; [Classify] maps each onto [FailureHTTP]. They
// are wrapped with details, so test for them with errors.Is.
var (
	// ErrUnexpectedStatus means the final response's status code was not
	// one of [HTTP.ExpectStatus].
	ErrUnexpectedStatus = errors.New("probe: unexpected status code")
	// ErrBodyMismatch means the body failed [HTTP.BodyContains] or
	// [HTTP.BodyMatch].
	ErrBodyMismatch = errors.New("probe: body check failed")
	// ErrTooManyRedirects means the target redirected more than
	// [HTTP.MaxRedirects] times.
	ErrTooManyRedirects = errors.New("probe: too many redirects")
	// ErrRedirectLoop means a redirect pointed back at a URL already
	// visited during the probe.
	ErrRedirectLoop = errors.New("probe: redirect loop")
)

// HTTP probes a URL with one HTTP request. Every probe uses its own
// transport and a fresh connection (no keep-alive, no proxy, nothing shared
// with other probes or with http.DefaultTransport), so Latency always
// includes DNS, connect and TLS. Every deadline comes from the context given
// to Probe; HTTP sets no timeout of its own, so give it a context with a
// deadline ([Runner] does).
//
// The probe passes when the final response has an expected status code and
// the body, read up to MaxBodyBytes, passes the configured checks. A status
// code that is not expected is a failure of kind [FailureHTTP] wrapping
// [ErrUnexpectedStatus]; [Result.StatusCode] is set either way, so an
// evaluator that maps codes itself can still do so.
//
// The zero value of every optional field is a safe default. An HTTP must not
// be modified while it is being probed; probing it concurrently is safe.
type HTTP struct {
	// URL is the absolute http or https URL to request.
	URL string
	// Method is the request method; empty means GET.
	Method string
	// Header holds extra request headers. A "Host" entry sets the Host the
	// request names (Go would otherwise ignore it), for probing a virtual
	// host by address. On a redirect Go sends these headers again, also to
	// another host, except Authorization, Cookie and the like: put
	// credentials in those, or set MaxRedirects negative.
	Header http.Header
	// ExpectStatus lists the status codes that pass; empty means any 2xx.
	ExpectStatus []int
	// BodyContains, if not empty, must occur in the body.
	BodyContains string
	// BodyMatch, if not nil, must match the body.
	BodyMatch *regexp.Regexp
	// MaxRedirects caps the redirects followed: 0 means
	// [DefaultMaxRedirects], a negative value means redirects are not
	// followed and the redirect response itself is checked (add its code
	// to ExpectStatus). Exceeding the cap fails with [ErrTooManyRedirects];
	// revisiting a URL fails with [ErrRedirectLoop]. Both are failed
	// requests: the [Result] has no StatusCode, since the redirect that was
	// not followed is not the target's answer.
	MaxRedirects int
	// MaxBodyBytes caps the body bytes read; 0 means [DefaultMaxBodyBytes].
	// The rest of a longer body is not read and is not a failure in itself;
	// body checks see only the bytes read.
	MaxBodyBytes int64
	// InsecureSkipVerify turns certificate verification off for this
	// target only. CertExpiry is still reported.
	InsecureSkipVerify bool
	// RootCAs, if not nil, replaces the system roots for verification.
	RootCAs *x509.CertPool
	// UserAgent is the User-Agent header; empty means a User-Agent from
	// Header, or else [DefaultUserAgent].
	UserAgent string
	// Resolver resolves the URL's host; nil means net.DefaultResolver.
	Resolver *net.Resolver
}

// Probe performs one request. It never panics on bad configuration: an
// unusable URL becomes a Result with kind [FailureOther].
func (h *HTTP) Probe(ctx context.Context) Result {
	start := time.Now()
	res := Result{Start: start}
	trace := &httpPhases{}
	err := h.probe(httptrace.WithClientTrace(ctx, trace.clientTrace()), &res)
	res.Latency = time.Since(start)
	res.Phases = trace.result()
	if err != nil {
		res.Err = err
		res.Kind = Classify(err)
		if res.Kind == FailureOther && trace.handshakeFailed() && !errors.Is(err, context.Canceled) {
			res.Kind = FailureTLS
		}
	}
	if res.Kind != FailureHTTP {
		res.BodyExcerpt = ""
	}
	return res
}

func (h *HTTP) probe(ctx context.Context, res *Result) error {
	method := h.Method
	if method == "" {
		method = http.MethodGet
	}
	req, err := http.NewRequestWithContext(ctx, method, h.URL, nil)
	if err != nil {
		return fmt.Errorf("probe: http: %w", redactURLError(err))
	}
	req.Header = h.Header.Clone()
	if req.Header == nil {
		req.Header = make(http.Header)
	}
	if host := req.Header.Get("Host"); host != "" {
		req.Host = host
		req.Header.Del("Host")
	}
	if h.UserAgent != "" {
		req.Header.Set("User-Agent", h.UserAgent)
	} else if req.Header.Get("User-Agent") == "" {
		req.Header.Set("User-Agent", DefaultUserAgent)
	}

	transport := h.transport()
	defer transport.CloseIdleConnections()
	client := &http.Client{Transport: transport, CheckRedirect: h.checkRedirect}

	resp, err := client.Do(req)
	if resp != nil {
		// A redirect the probe refused to follow (a loop, or past the cap)
		// is not the target's answer: like the seed's TooManyRedirects it
		// is a failed request, with no status code to judge.
		if !isRedirectFailure(err) {
			res.StatusCode = resp.StatusCode
		}
		setCertExpiry(res, resp.TLS)
	}
	if err != nil {
		var verifyErr *tls.CertificateVerificationError
		if errors.As(err, &verifyErr) && len(verifyErr.UnverifiedCertificates) > 0 {
			res.CertExpiry = verifyErr.UnverifiedCertificates[0].NotAfter
		}
		return fmt.Errorf("probe: http: %w", redactURLError(err))
	}
	defer resp.Body.Close()

	body, limitReached, err := h.readBody(resp.Body)
	res.BodyExcerpt = excerpt(body)
	if err != nil {
		return fmt.Errorf("probe: http: reading body: %w", err)
	}
	if !h.statusExpected(resp.StatusCode) {
		return fmt.Errorf("%w: got %d, want %s", ErrUnexpectedStatus, resp.StatusCode, h.expectation())
	}
	return h.checkBody(body, limitReached)
}

// transport returns a transport used for exactly one probe.
func (h *HTTP) transport() *http.Transport {
	dialer := &net.Dialer{Resolver: h.Resolver}
	return &http.Transport{
		Proxy:       nil,
		DialContext: dialer.DialContext,
		TLSClientConfig: &tls.Config{
			InsecureSkipVerify: h.InsecureSkipVerify, //nolint:gosec // Per-target opt-out, documented.
			RootCAs:            h.RootCAs,
		},
		DisableKeepAlives:      true,
		ForceAttemptHTTP2:      true,
		MaxResponseHeaderBytes: 1 << 20,
	}
}

func (h *HTTP) checkRedirect(req *http.Request, via []*http.Request) error {
	limit := h.MaxRedirects
	switch {
	case limit < 0:
		return http.ErrUseLastResponse
	case limit == 0:
		limit = DefaultMaxRedirects
	}
	next := req.URL.String()
	for _, prev := range via {
		if prev.URL.String() == next {
			return fmt.Errorf("%w: back to %s", ErrRedirectLoop, withoutSecrets(req.URL))
		}
	}
	if len(via) > limit {
		return fmt.Errorf("%w: more than %d", ErrTooManyRedirects, limit)
	}
	return nil
}

// isRedirectFailure reports whether err is [ErrRedirectLoop] or
// [ErrTooManyRedirects].
func isRedirectFailure(err error) bool {
	return errors.Is(err, ErrRedirectLoop) || errors.Is(err, ErrTooManyRedirects)
}

// readBody reads the body up to the limit. It keeps the whole (limited) body
// only when a body check needs it, and otherwise just the excerpt.
func (h *HTTP) readBody(r io.Reader) (body []byte, limitReached bool, err error) {
	limit := h.MaxBodyBytes
	if limit <= 0 {
		limit = DefaultMaxBodyBytes
	}
	keep := int64(MaxExcerptBytes)
	if h.BodyContains != "" || h.BodyMatch != nil {
		keep = limit
	}
	buf := &prefixBuffer{max: keep}
	n, err := io.Copy(buf, io.LimitReader(r, limit))
	// Reading one byte further to tell an exact fit from a longer body could
	// block on a server that stops sending, so a body that fills the limit
	// counts as possibly truncated.
	return buf.Bytes(), n == limit, err
}

func (h *HTTP) statusExpected(code int) bool {
	if len(h.ExpectStatus) == 0 {
		return code >= 200 && code <= 299
	}
	return slices.Contains(h.ExpectStatus, code)
}

func (h *HTTP) expectation() string {
	if len(h.ExpectStatus) == 0 {
		return "2xx"
	}
	return fmt.Sprint(h.ExpectStatus)
}

func (h *HTTP) checkBody(body []byte, limitReached bool) error {
	var where string
	if limitReached {
		where = fmt.Sprintf(" (in the first %d bytes)", len(body))
	}
	if h.BodyContains != "" && !bytes.Contains(body, []byte(h.BodyContains)) {
		return fmt.Errorf("%w: body does not contain %q%s", ErrBodyMismatch, h.BodyContains, where)
	}
	if h.BodyMatch != nil && !h.BodyMatch.Match(body) {
		return fmt.Errorf("%w: body does not match %q%s", ErrBodyMismatch, h.BodyMatch.String(), where)
	}
	return nil
}

// redactURLError removes the query and any password from the URL in err's
// *url.Error, since they may carry credentials and errors end up in logs.
// A URL that does not parse is replaced as a whole.
func redactURLError(err error) error {
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		if u, parseErr := url.Parse(urlErr.URL); parseErr == nil {
			urlErr.URL = withoutSecrets(u)
		} else {
			urlErr.URL = "(invalid URL)"
		}
	}
	return err
}

// withoutSecrets returns u without its query, fragment and user information.
func withoutSecrets(u *url.URL) string {
	clean := *u
	clean.User, clean.RawQuery, clean.ForceQuery, clean.Fragment, clean.RawFragment = nil, "", false, "", ""
	return clean.String()
}

func setCertExpiry(res *Result, state *tls.ConnectionState) {
	if state != nil && len(state.PeerCertificates) > 0 {
		res.CertExpiry = state.PeerCertificates[0].NotAfter
	}
}

// prefixBuffer keeps the first max bytes written to it and counts the rest.
type prefixBuffer struct {
	max int64
	buf []byte
}

func (p *prefixBuffer) Write(b []byte) (int, error) {
	if room := p.max - int64(len(p.buf)); room > 0 {
		p.buf = append(p.buf, b[:min(int64(len(b)), room)]...)
	}
	return len(b), nil
}

func (p *prefixBuffer) Bytes() []byte { return p.buf }

// excerpt returns at most MaxExcerptBytes of b as valid UTF-8, cut at a rune
// boundary.
func excerpt(b []byte) string {
	if len(b) > MaxExcerptBytes {
		b = b[:MaxExcerptBytes]
		for i := 0; i < utf8.UTFMax && len(b) > 0; i++ {
			if r, size := utf8.DecodeLastRune(b); r != utf8.RuneError || size != 1 {
				break
			}
			b = b[:len(b)-1]
		}
	}
	return strings.ToValidUTF8(string(b), "")
}

// httpPhases records the phase timings of the final request of a probe. The
// transport may call the hooks from several goroutines.
type httpPhases struct {
	mu           sync.Mutex
	requestStart time.Time
	dnsStart     time.Time
	connectStart time.Time
	tlsStart     time.Time
	phases       Phases
	tlsErr       error
}

func (p *httpPhases) clientTrace() *httptrace.ClientTrace {
	return &httptrace.ClientTrace{
		GetConn: func(string) {
			p.mu.Lock()
			defer p.mu.Unlock()
			// A new request of a redirect chain: start over.
			p.requestStart = time.Now()
			p.dnsStart, p.connectStart, p.tlsStart = time.Time{}, time.Time{}, time.Time{}
			p.phases, p.tlsErr = Phases{}, nil
		},
		DNSStart: func(httptrace.DNSStartInfo) {
			p.mu.Lock()
			defer p.mu.Unlock()
			p.dnsStart = time.Now()
		},
		DNSDone: func(httptrace.DNSDoneInfo) {
			p.mu.Lock()
			defer p.mu.Unlock()
			p.phases.DNS = time.Since(p.dnsStart)
		},
		ConnectStart: func(string, string) {
			p.mu.Lock()
			defer p.mu.Unlock()
			if p.connectStart.IsZero() {
				p.connectStart = time.Now()
			}
		},
		ConnectDone: func(_, _ string, err error) {
			p.mu.Lock()
			defer p.mu.Unlock()
			if err == nil {
				p.phases.Connect = time.Since(p.connectStart)
			}
		},
		TLSHandshakeStart: func() {
			p.mu.Lock()
			defer p.mu.Unlock()
			p.tlsStart = time.Now()
		},
		TLSHandshakeDone: func(_ tls.ConnectionState, err error) {
			p.mu.Lock()
			defer p.mu.Unlock()
			p.phases.TLS = time.Since(p.tlsStart)
			p.tlsErr = err
		},
		GotFirstResponseByte: func() {
			p.mu.Lock()
			defer p.mu.Unlock()
			p.phases.FirstByte = time.Since(p.requestStart)
		},
	}
}

func (p *httpPhases) result() Phases {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.phases
}

func (p *httpPhases) handshakeFailed() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.tlsErr != nil
}
