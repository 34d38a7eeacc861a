package probe

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// Defaults of [HTTPReports].
const (
	// DefaultReportsTimeout bounds an [HTTPReports] request when Timeout is
	// zero.
	DefaultReportsTimeout = 10 * time.Second
	// DefaultReportsMaxBytes bounds an [HTTPReports] response body when
	// MaxBodyBytes is zero.
	DefaultReportsMaxBytes int64 = 1 << 20
)

// Errors of [HTTPReports]; each is wrapped in a *[ReportsError].
var (
	// ErrReportsStatus means the report source answered with a non-2xx
	// status.
	ErrReportsStatus = errors.New("probe: reports: unexpected status")
	// ErrReportsNotJSON means the report source answered with HTML or
	// another document that is not a JSON object.
	ErrReportsNotJSON = errors.New("probe: reports: response is not json")
	// ErrReportsMalformed means the JSON was not an object of non-negative
	// integer counts.
	ErrReportsMalformed = errors.New("probe: reports: malformed counts")
	// ErrReportsTooLarge means the response body exceeded the size limit.
	ErrReportsTooLarge = errors.New("probe: reports: response too large")
)

// ReportsError describes a response of a report source that could not be
// used. It wraps one of [ErrReportsStatus], [ErrReportsNotJSON],
// [ErrReportsMalformed], [ErrReportsTooLarge] or [ErrNegativeCount]. It never
// holds the URL or request headers, which may carry credentials.
type ReportsError struct {
	// StatusCode is the HTTP status of the response.
	StatusCode int
	// ContentType is the response's Content-Type header.
	ContentType string
	// Excerpt is the beginning of the body, at most [MaxExcerptBytes].
	Excerpt string
	// Err is the sentinel, possibly wrapped with details.
	Err error
}

// Error returns a one-line description.
func (e *ReportsError) Error() string {
	msg := fmt.Sprintf("%v (status %d", e.Err, e.StatusCode)
	if e.ContentType != "" {
		msg += ", " + e.ContentType
	}
	if e.Excerpt != "" {
		msg += fmt.Sprintf(", body %q", e.Excerpt)
	}
	return msg + ")"
}

// Unwrap returns Err.
func (e *ReportsError) Unwrap() error { return e.Err }

// HTTPReports is a [ReportSource] that fetches counts over HTTP. Counts sends
// GET URL with the query parameter end=<RFC 3339 time, UTC> added and
// expects a 2xx response whose body is a JSON object of target names to
// non-negative integer counts, such as {"web": 3, "stream": 0}.
type HTTPReports struct {
	// URL is the absolute URL of the counts endpoint.
	URL string
	// Client sends the request; nil means a client using
	// http.DefaultTransport (which is never modified) that follows at most
	// 10 redirects, and only to the same scheme and host, so that Header
	// never reaches another host. A Client given here is used as it is.
	Client *http.Client
	// Timeout bounds each request on top of the context's deadline; zero
	// means [DefaultReportsTimeout].
	Timeout time.Duration
	// Header holds extra request headers, such as credentials. They never
	// appear in errors.
	Header http.Header
	// MaxBodyBytes bounds the response body; zero means
	// [DefaultReportsMaxBytes].
	MaxBodyBytes int64
}

// Counts fetches the counts for the window ending at end. Transport errors
// wrap their cause (so errors.Is(err, context.DeadlineExceeded) works);
// unusable responses are a *[ReportsError].
func (h *HTTPReports) Counts(ctx context.Context, end time.Time) (map[string]int, error) {
	timeout := h.Timeout
	if timeout <= 0 {
		timeout = DefaultReportsTimeout
	}
	limit := h.MaxBodyBytes
	if limit <= 0 {
		limit = DefaultReportsMaxBytes
	}
	target, err := url.Parse(h.URL)
	if err != nil {
		return nil, errors.New("probe: reports: invalid url")
	}
	query := target.Query()
	query.Set("end", end.UTC().Format(time.RFC3339))
	target.RawQuery = query.Encode()

	answer, err := getJSON(ctx, h.Client, target.String(), h.Header, timeout, limit)
	if err != nil {
		return nil, fmt.Errorf("probe: reports: %w", err)
	}
	fail := func(err error) error {
		return &ReportsError{
			StatusCode:  answer.StatusCode,
			ContentType: answer.ContentType,
			Excerpt:     answer.excerpt(),
			Err:         err,
		}
	}
	switch {
	case answer.StatusCode < 200 || answer.StatusCode > 299:
		return nil, fail(ErrReportsStatus)
	case int64(len(answer.Body)) > limit:
		return nil, fail(fmt.Errorf("%w: more than %d bytes", ErrReportsTooLarge, limit))
	case isHTML(answer.ContentType):
		return nil, fail(ErrReportsNotJSON)
	}
	counts, err := decodeCounts(answer.Body)
	if err != nil {
		return nil, fail(err)
	}
	return counts, nil
}

// decodeCounts parses a JSON object of non-negative integer counts. Integral
// numbers written with a fraction or exponent (3.0, 1e2) are accepted.
func decodeCounts(body []byte) (map[string]int, error) {
	trimmed := bytes.TrimSpace(body)
	switch {
	case len(trimmed) == 0:
		return nil, fmt.Errorf("%w: empty body", ErrReportsNotJSON)
	case trimmed[0] == '<':
		return nil, ErrReportsNotJSON
	case trimmed[0] != '{':
		return nil, fmt.Errorf("%w: not a json object", ErrReportsMalformed)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(trimmed, &raw); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrReportsMalformed, err)
	}
	counts := make(map[string]int, len(raw))
	for name, value := range raw {
		n, err := parseCount(value)
		if err != nil {
			return nil, fmt.Errorf("%w: %q: %w", ErrReportsMalformed, name, err)
		}
		counts[name] = n
	}
	return counts, nil
}

func parseCount(value json.RawMessage) (int, error) {
	text := string(value)
	if text == "" || (text[0] != '-' && (text[0] < '0' || text[0] > '9')) {
		return 0, fmt.Errorf("count %s is not a number", excerpt(value))
	}
	if n, err := strconv.ParseInt(text, 10, strconv.IntSize); err == nil {
		if n < 0 {
			return 0, fmt.Errorf("%w: %d", ErrNegativeCount, n)
		}
		return int(n), nil
	}
	f, err := strconv.ParseFloat(text, 64)
	switch {
	case err != nil || f != math.Trunc(f) || f > math.MaxInt32:
		return 0, fmt.Errorf("count %s is not an integer in range", text)
	case f < 0:
		return 0, fmt.Errorf("%w: %s", ErrNegativeCount, text)
	}
	return int(f), nil
}

// maxReportsRedirects caps the redirects of the default [HTTPReports] client.
const maxReportsRedirects = 10

// sameOriginRedirects follows a redirect only to the scheme and host of the
// original request: Go forwards custom headers (credentials among them) to
// any host a server redirects to, and drops only a few standard ones.
func sameOriginRedirects(req *http.Request, via []*http.Request) error {
	first := via[0].URL
	if req.URL.Scheme != first.Scheme || req.URL.Host != first.Host {
		return fmt.Errorf("redirect to %s://%s refused: not the host of the reports url", req.URL.Scheme, req.URL.Host)
	}
	if len(via) > maxReportsRedirects {
		return fmt.Errorf("stopped after %d redirects", maxReportsRedirects)
	}
	return nil
}

func isHTML(contentType string) bool {
	mediaType, _, err := mime.ParseMediaType(contentType)
	return err == nil && (mediaType == "text/html" || mediaType == "application/xhtml+xml")
}

// withoutURL strips the *url.Error layer, whose message holds the URL and so
// possibly credentials in its query.
func withoutURL(err error) error {
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		return urlErr.Err
	}
	return err
}
