package cachet

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"
)

// Sentinel errors. [*APIError] matches the first five through errors.Is by
// its status code.
var (
	// ErrNotFound matches a 404 answer (unknown id or path).
	ErrNotFound = errors.New("cachet: not found")
	// ErrUnauthorized matches a 401 answer (missing or unknown token) and a
	// 403 answer.
	ErrUnauthorized = errors.New("cachet: unauthorized")
	// ErrValidation matches a 400 answer: Cachet reports validation failures
	// as 400, never 422. The messages are in [ErrorDetail.Details]. It also
	// matches the few requests the client refuses before sending because
	// Cachet would answer them with a 500 (a metric threshold that does not
	// divide 60); those errors are not an [*APIError].
	ErrValidation = errors.New("cachet: validation failed")
	// ErrRateLimited matches a 429 answer (from a proxy; Cachet has no API
	// rate limit).
	ErrRateLimited = errors.New("cachet: rate limited")
	// ErrServer matches any 5xx answer.
	ErrServer = errors.New("cachet: server error")

	// ErrNotCachet is wrapped by a [*DecodeError] when a successful answer is
	// not a Cachet v1 API document: an HTML page, Cachet 3's JSON:API, or
	// JSON without the "data" envelope.
	ErrNotCachet = errors.New("not a Cachet v1 API")
	// ErrResponseTooLarge is wrapped when a response body exceeds the limit
	// set with [WithMaxBodyBytes].
	ErrResponseTooLarge = errors.New("response body too large")
	// ErrRedirect is matched by a [*RedirectError].
	ErrRedirect = errors.New("cachet: redirect refused")
)

// maxExcerpt bounds [APIError.BodyExcerpt] and [DecodeError.Excerpt].
const maxExcerpt = 512

// ErrorDetail is one entry of Cachet's "errors" array.
type ErrorDetail struct {
	ID      string   // a random UUID per error
	Status  int      // equals the HTTP status
	Title   string   // the reason phrase, e.g. "Bad Request"
	Detail  string   // e.g. "No query results for model [CachetHQ\Cachet\Models\Component]."
	Details []string // meta.details of a validation failure, e.g. "The name field is required."
}

// APIError is returned for every answer with a status outside 2xx and 3xx,
// whether its body is Cachet's JSON error document or an HTML page from a
// proxy.
type APIError struct {
	StatusCode  int
	Method      string
	Path        string // the URL path, without the query
	Errors      []ErrorDetail
	BodyExcerpt string // the start of the body, at most 512 bytes of valid UTF-8
	ContentType string
	RetryAfter  time.Duration // from the Retry-After header; 0 when absent
}

// Error returns "cachet: METHOD PATH: STATUS TEXT: detail (details)".
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "cachet: %s %s: %d %s", e.Method, e.Path, e.StatusCode, http.StatusText(e.StatusCode))
	for _, d := range e.Errors {
		if d.Detail != "" {
			b.WriteString(": ")
			b.WriteString(d.Detail)
		}
		if len(d.Details) > 0 {
			b.WriteString(" (")
			b.WriteString(strings.Join(d.Details, "; "))
			b.WriteString(")")
		}
	}
	if len(e.Errors) == 0 && e.ContentType != "" {
		fmt.Fprintf(&b, " (%s body)", e.ContentType)
	}
	return b.String()
}

// Is maps the status code onto the sentinels [ErrNotFound],
// [ErrUnauthorized], [ErrValidation], [ErrRateLimited] and [ErrServer].
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized || e.StatusCode == http.StatusForbidden
	case ErrValidation:
		return e.StatusCode == http.StatusBadRequest
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	case ErrServer:
		return e.StatusCode >= 500 && e.StatusCode <= 599
	}
	return false
}

// DecodeError reports a successful (2xx) answer whose body could not be
// used: truncated or invalid JSON, an unexpected shape, a body over the size
// limit (wrapping [ErrResponseTooLarge]), or a server that is not a Cachet v1
// API (wrapping [ErrNotCachet]).
type DecodeError struct {
	Method      string
	Path        string
	StatusCode  int
	ContentType string
	Excerpt     string // the start of the body, at most 512 bytes of valid UTF-8
	Err         error
}

// Error returns "cachet: METHOD PATH: decode STATUS response (CONTENT-TYPE): cause".
func (e *DecodeError) Error() string {
	if e.ContentType == "" {
		return fmt.Sprintf("cachet: %s %s: decode %d response: %v", e.Method, e.Path, e.StatusCode, e.Err)
	}
	return fmt.Sprintf("cachet: %s %s: decode %d response (%s): %v", e.Method, e.Path, e.StatusCode, e.ContentType, e.Err)
}

// Unwrap returns the cause.
func (e *DecodeError) Unwrap() error { return e.Err }

// RedirectError reports a redirect the client refused to follow: any
// redirect of a write (Go would turn a PUT into a GET and report success), a
// redirect to another host or to plain HTTP (the token must not leave the
// server), or more than 10 redirects.
type RedirectError struct {
	Method     string
	Path       string
	StatusCode int
	Location   string
}

// Error names the refused Location.
func (e *RedirectError) Error() string {
	return fmt.Sprintf("cachet: %s %s: refusing to follow %d redirect to %q", e.Method, e.Path, e.StatusCode, e.Location)
}

// Is reports whether target is [ErrRedirect].
func (e *RedirectError) Is(target error) bool { return target == ErrRedirect }

// wireError is the JSON shape of one entry of Cachet's "errors" array.
type wireError struct {
	ID     string  `json:"id"`
	Status flexInt `json:"status"`
	Title  string  `json:"title"`
	Detail string  `json:"detail"`
	Meta   struct {
		Details []string `json:"details"`
	} `json:"meta"`
}

// parseErrorDetails decodes Cachet's {"errors":[...]} document; it returns
// nil for anything else.
func parseErrorDetails(body []byte) []ErrorDetail {
	var doc struct {
		Errors []wireError `json:"errors"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		return nil
	}
	details := make([]ErrorDetail, 0, len(doc.Errors))
	for _, w := range doc.Errors {
		details = append(details, ErrorDetail{
			ID:      w.ID,
			Status:  int(w.Status),
			Title:   w.Title,
			Detail:  w.Detail,
			Details: w.Meta.Details,
		})
	}
	if len(details) == 0 {
		return nil
	}
	return details
}

// excerpt returns the start of body as valid UTF-8, at most maxExcerpt
// bytes, with secret redacted. It looks at enough of body to see every
// occurrence of secret that starts inside the excerpt, and when it shortens
// the text it drops a trailing piece of secret cut off by the limit.
func excerpt(body []byte, secret string) string {
	n := min(len(body), maxExcerpt+len(secret))
	for n < len(body) && n > 0 && !utf8.RuneStart(body[n]) {
		n--
	}
	s := redact(strings.ToValidUTF8(string(body[:n]), "\uFFFD"), secret)
	shortened := n < len(body)
	if len(s) > maxExcerpt {
		cut := maxExcerpt
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s, shortened = s[:cut], true
	}
	if shortened {
		for k := min(len(s), len(secret)-1); k > 0; k-- {
			if strings.HasSuffix(s, secret[:k]) {
				return s[:len(s)-k]
			}
		}
	}
	return s
}

// redact replaces every occurrence of secret in s with "[REDACTED]". For a
// secret so short that the replacement forms it again, it uses "\u2026",
// which no (ASCII) secret can straddle.
func redact(s, secret string) string {
	if secret == "" || !strings.Contains(s, secret) {
		return s
	}
	if r := strings.ReplaceAll(s, secret, "[REDACTED]"); !strings.Contains(r, secret) {
		return r
	}
	return strings.ReplaceAll(s, secret, "\u2026")
}

// redactDetails replaces secret in every text of details, in place: a
// proxy may echo request headers into its error document.
func redactDetails(details []ErrorDetail, secret string) {
	for i := range details {
		d := &details[i]
		d.ID, d.Title, d.Detail = redact(d.ID, secret), redact(d.Title, secret), redact(d.Detail, secret)
		for j := range d.Details {
			d.Details[j] = redact(d.Details[j], secret)
		}
	}
}

// errNotCachetf wraps [ErrNotCachet] with a reason.
func errNotCachetf(reason string) error { return fmt.Errorf("%w: %s", ErrNotCachet, reason) }
