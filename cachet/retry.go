package cachet

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// RetryPolicy says when and how long the client retries a failed attempt.
//
// GET, HEAD, PUT and DELETE are retried on connection errors and timeouts
// (not on a certificate that fails to verify) and on 429, 502, 503 and 504
// answers, never once the context is done; POST only when RetryPOST is set.
// The wait before attempt n+1 is MinBackoff·2^(n-1)
// capped at MaxBackoff, with jitter (between half and all of it), unless the
// answer carries Retry-After (seconds or an HTTP date), which is honoured as
// given. If the wait would pass the context's deadline, or Retry-After
// exceeds MaxRetryAfter, the call fails at once with the last error.
//
// A connection can fail after Cachet has acted on a request: a retried
// DELETE may then answer [ErrNotFound], and a retried POST may create a
// second resource.
type RetryPolicy struct {
	MaxAttempts   int           // attempts in total, including the first; 1 disables retries
	MinBackoff    time.Duration // wait before the first retry (before jitter)
	MaxBackoff    time.Duration // cap of the exponential wait
	MaxRetryAfter time.Duration // longest Retry-After honoured; 0 means DefaultMaxRetryAfter
	RetryPOST     bool          // also retry POST requests
}

// DefaultMaxRetryAfter is the longest Retry-After honoured when
// [RetryPolicy].MaxRetryAfter is 0.
const DefaultMaxRetryAfter = time.Minute

// DefaultRetryPolicy returns the policy a Client uses without [WithRetry]:
// 3 attempts, 250ms to 5s backoff, Retry-After up to 1 minute, POST not
// retried.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{
		MaxAttempts:   3,
		MinBackoff:    250 * time.Millisecond,
		MaxBackoff:    5 * time.Second,
		MaxRetryAfter: DefaultMaxRetryAfter,
	}
}

// NoRetry returns a policy that makes exactly one attempt.
func NoRetry() RetryPolicy { return RetryPolicy{MaxAttempts: 1} }

// Validate reports an invalid policy.
func (p RetryPolicy) Validate() error {
	switch {
	case p.MaxAttempts < 1:
		return fmt.Errorf("cachet: RetryPolicy: MaxAttempts must be at least 1, got %d", p.MaxAttempts)
	case p.MinBackoff < 0 || p.MaxBackoff < 0 || p.MaxRetryAfter < 0:
		return errors.New("cachet: RetryPolicy: durations must not be negative")
	case p.MaxAttempts > 1 && p.MinBackoff == 0:
		return errors.New("cachet: RetryPolicy: MinBackoff must be positive when retrying")
	case p.MaxBackoff < p.MinBackoff:
		return fmt.Errorf("cachet: RetryPolicy: MaxBackoff %v is below MinBackoff %v", p.MaxBackoff, p.MinBackoff)
	}
	return nil
}

// maxRetryAfter returns the effective cap on Retry-After.
func (p RetryPolicy) maxRetryAfter() time.Duration {
	if p.MaxRetryAfter == 0 {
		return DefaultMaxRetryAfter
	}
	return p.MaxRetryAfter
}

// retriesMethod reports whether requests with method may be retried.
func (p RetryPolicy) retriesMethod(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete:
		return true
	case http.MethodPost:
		return p.RetryPOST
	}
	return false
}

// backoff returns the jittered wait before attempt+1.
func (p RetryPolicy) backoff(attempt int) time.Duration {
	d := p.MinBackoff
	for i := 1; i < attempt && d < p.MaxBackoff; i++ {
		d *= 2
	}
	d = min(d, p.MaxBackoff)
	if d <= 1 {
		return d
	}
	half := d / 2
	return half + rand.N(d-half+1)
}

// retryableStatus reports whether an answer with code may be retried.
func retryableStatus(code int) bool {
	switch code {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// retryableTransportError reports whether a failed round trip may be
// retried: connection errors and timeouts may pass, a certificate that does
// not verify will not.
func retryableTransportError(err error) bool {
	var certErr *tls.CertificateVerificationError
	var authorityErr x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalidErr x509.CertificateInvalidError
	return !errors.As(err, &certErr) && !errors.As(err, &authorityErr) &&
		!errors.As(err, &hostErr) && !errors.As(err, &invalidErr)
}

// parseRetryAfter reads a Retry-After header: delay seconds or an HTTP date.
// It returns 0 when the header is absent or invalid.
func parseRetryAfter(h string, now time.Time) time.Duration {
	h = strings.TrimSpace(h)
	if h == "" {
		return 0
	}
	if secs, err := strconv.ParseInt(h, 10, 64); err == nil {
		if secs <= 0 {
			return 0
		}
		return time.Duration(min(secs, int64(365*24*time.Hour/time.Second))) * time.Second
	}
	if t, err := http.ParseTime(h); err == nil {
		if d := t.Sub(now); d > 0 {
			return d
		}
	}
	return 0
}
