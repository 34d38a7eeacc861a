package cachet

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"golang.org/x/time/rate"
)

// Option configures a [Client] in [NewClient]. Options validate their
// arguments; an invalid one makes NewClient fail.
type Option func(*Client) error

// WithToken sets the API token sent as X-Cachet-Token. Without it the client
// is a guest: reads work, writes answer 401. The token must be printable
// ASCII without spaces (Cachet's keys are 20 letters and digits). It never
// appears in errors, logs or the client's %v output.
func WithToken(token string) Option {
	return func(c *Client) error {
		if token == "" {
			return errors.New("cachet: WithToken: empty token")
		}
		if strings.ContainsFunc(token, isNotTokenRune) {
			return errors.New("cachet: WithToken: token must be printable ASCII without spaces")
		}
		c.token = &token
		return nil
	}
}

// WithHTTPClient makes the client send requests through a shallow copy of hc
// (its Transport, Timeout and Jar are shared). The copy's CheckRedirect is
// replaced by the client's redirect policy; hc itself is never modified.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) error {
		if hc == nil {
			return errors.New("cachet: WithHTTPClient: nil *http.Client")
		}
		cp := *hc
		c.httpClient = &cp
		return nil
	}
}

// WithRateLimit limits the client to perSecond requests per second with
// bursts of up to burst requests; the client waits (with the call's context)
// before every attempt, retries included. Cachet itself has no API rate
// limit; this protects the server.
func WithRateLimit(perSecond float64, burst int) Option {
	return func(c *Client) error {
		if !(perSecond > 0) {
			return fmt.Errorf("cachet: WithRateLimit: perSecond must be positive, got %v", perSecond)
		}
		if burst < 1 {
			return fmt.Errorf("cachet: WithRateLimit: burst must be at least 1, got %d", burst)
		}
		c.limiter = rate.NewLimiter(rate.Limit(perSecond), burst)
		return nil
	}
}

// WithRetry sets the retry policy; see [RetryPolicy]. The default is
// [DefaultRetryPolicy].
func WithRetry(p RetryPolicy) Option {
	return func(c *Client) error {
		if err := p.Validate(); err != nil {
			return err
		}
		c.retry = p
		return nil
	}
}

// WithUserAgent sets the User-Agent header.
func WithUserAgent(ua string) Option {
	return func(c *Client) error {
		if strings.TrimSpace(ua) == "" {
			return errors.New("cachet: WithUserAgent: empty user agent")
		}
		if strings.ContainsFunc(ua, isControlRune) {
			return errors.New("cachet: WithUserAgent: user agent contains control characters")
		}
		c.userAgent = ua
		return nil
	}
}

// WithLogger makes the client log one Debug record per attempt (method,
// path, status, duration, attempt) and one Warn record per retry. The
// default logger discards everything. The token is never logged.
func WithLogger(l *slog.Logger) Option {
	return func(c *Client) error {
		if l == nil {
			return errors.New("cachet: WithLogger: nil *slog.Logger")
		}
		c.logger = l
		return nil
	}
}

// WithMaxBodyBytes caps the size of a response body the client reads. A
// larger body fails the call with [ErrResponseTooLarge]. The default is
// [DefaultMaxBodyBytes].
func WithMaxBodyBytes(n int64) Option {
	return func(c *Client) error {
		if n <= 0 {
			return fmt.Errorf("cachet: WithMaxBodyBytes: limit must be positive, got %d", n)
		}
		c.maxBodyBytes = n
		return nil
	}
}

// WithLocation sets Cachet's display time zone (its app_timezone setting,
// UTC by default). Timestamps in responses carry no zone; they are
// interpreted in loc.
func WithLocation(loc *time.Location) Option {
	return func(c *Client) error {
		if loc == nil {
			return errors.New("cachet: WithLocation: nil *time.Location")
		}
		c.location = loc
		return nil
	}
}

func isControlRune(r rune) bool { return r < 0x20 || r == 0x7f }

func isNotTokenRune(r rune) bool { return r <= ' ' || r > '~' }
