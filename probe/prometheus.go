package probe

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Defaults of [Prometheus].
const (
	// DefaultPrometheusTimeout bounds a [Prometheus] query when Timeout is
	// zero.
	DefaultPrometheusTimeout = 10 * time.Second
	// DefaultPrometheusMaxBytes bounds a [Prometheus] answer when
	// MaxBodyBytes is zero.
	DefaultPrometheusMaxBytes int64 = 4 << 20
	// DefaultLocationLabel is the label that names the probing location
	// when [Prometheus.LocationLabel] is empty.
	DefaultLocationLabel = "location"
)

// The blackbox_exporter metrics a [Prometheus] source reads.
const (
	metricSuccess    = "probe_success"
	metricDuration   = "probe_duration_seconds"
	metricStatusCode = "probe_http_status_code"
	metricCertExpiry = "probe_ssl_earliest_cert_expiry"
)

// ErrProbeFailed means a remote prober (blackbox_exporter) reported the
// probe as failed (probe_success 0) without an unexpected HTTP status code
// that would say why.
var ErrProbeFailed = errors.New("probe: remote probe failed")

// ErrPrometheusConfig means a [Prometheus] source is not usable as
// configured; the error names the field.
var ErrPrometheusConfig = errors.New("probe: prometheus: invalid configuration")

// Errors of a [Prometheus] query; each is wrapped in a *[PrometheusError].
var (
	// ErrPrometheusQuery means Prometheus answered with status "error",
	// such as a query that does not parse (errorType "bad_data") or that
	// timed out on the server (errorType "timeout").
	ErrPrometheusQuery = errors.New("probe: prometheus: query failed")
	// ErrPrometheusStatus means a non-2xx answer that is not a Prometheus
	// error, such as from a proxy in front of it.
	ErrPrometheusStatus = errors.New("probe: prometheus: unexpected status")
	// ErrPrometheusNotJSON means an answer in HTML or another document that
	// is not JSON, such as a login page.
	ErrPrometheusNotJSON = errors.New("probe: prometheus: response is not json")
	// ErrPrometheusMalformed means JSON that is not a usable instant-query
	// answer: not a vector, bad samples, or several series for one metric
	// and location.
	ErrPrometheusMalformed = errors.New("probe: prometheus: malformed answer")
	// ErrPrometheusTooLarge means the answer exceeded the size limit.
	ErrPrometheusTooLarge = errors.New("probe: prometheus: response too large")
)

// PrometheusError describes an answer of Prometheus that could not be used.
// It wraps one of [ErrPrometheusQuery], [ErrPrometheusStatus],
// [ErrPrometheusNotJSON], [ErrPrometheusMalformed] or
// [ErrPrometheusTooLarge]. It never holds the URL or the request headers.
type PrometheusError struct {
	// StatusCode is the HTTP status of the answer.
	StatusCode int
	// ContentType is the answer's Content-Type header.
	ContentType string
	// ErrorType and Message are Prometheus's errorType and error fields,
	// for [ErrPrometheusQuery].
	ErrorType, Message string
	// Excerpt is the beginning of the body, at most [MaxExcerptBytes], for
	// answers that are not Prometheus errors.
	Excerpt string
	// Err is the sentinel, possibly wrapped with details.
	Err error
}

// Error returns a one-line description.
func (e *PrometheusError) Error() string {
	msg := fmt.Sprintf("%v (status %d", e.Err, e.StatusCode)
	if e.ContentType != "" {
		msg += ", " + e.ContentType
	}
	if e.ErrorType != "" || e.Message != "" {
		msg += fmt.Sprintf(", %s: %s", e.ErrorType, e.Message)
	}
	if e.Excerpt != "" {
		msg += fmt.Sprintf(", body %q", e.Excerpt)
	}
	return msg + ")"
}

// Unwrap returns Err.
func (e *PrometheusError) Unwrap() error { return e.Err }

// Prometheus takes a target's observations from Prometheus, where
// blackbox_exporter instances in several locations probe it, and returns
// one [Result] per location, so that an evaluator can decide across
// locations.
//
// [Prometheus.Results] sends one instant query (GET /api/v1/query) that
// selects, per location, the series of blackbox_exporter's probe_success,
// probe_duration_seconds, probe_http_status_code and
// probe_ssl_earliest_cert_expiry, for example
//
//	{__name__=~"probe_success|probe_duration_seconds|probe_http_status_code|probe_ssl_earliest_cert_expiry", instance="https://stream14.example/"}
//
// and groups them by the location label. A location listed in Locations
// without series, or with only stale ones, gets a [FailureNoData] result.
//
// The zero value is not usable: set URL and Matchers (or Query).
type Prometheus struct {
	// URL is Prometheus's base URL, such as http://127.0.0.1:9090 or
	// https://example.org/prometheus; /api/v1/query is appended.
	URL string
	// Target is the name put into [Result.Target].
	Target string
	// Matchers are PromQL label matchers that select this target's series,
	// such as `instance="https://stream14.example/"` or
	// `job="blackbox", component="14"`. The query selects the four metrics
	// with them.
	Matchers string
	// Query, when set, replaces the query built from Matchers. Its answer
	// must be an instant vector of the same metrics; a series without a
	// metric name (the result of an expression) counts as probe_success.
	Query string
	// LocationLabel is the label naming the probing location; empty means
	// [DefaultLocationLabel].
	LocationLabel string
	// Locations are the locations expected to probe the target, in the
	// order of the results; each one without series gets a no-data result.
	// Locations found in the answer but not listed follow, sorted. Empty
	// means the locations found; then an answer without series gives one
	// no-data result.
	Locations []string
	// BearerToken, when set, is sent as "Authorization: Bearer <token>".
	// It never appears in errors.
	BearerToken string
	// Client sends the request; nil means a client using
	// http.DefaultTransport (never modified) that follows redirects only to
	// the same scheme and host, so the token never reaches another host.
	// A Client given here is used as it is: its own CheckRedirect decides
	// where the token may go.
	Client *http.Client
	// Timeout bounds each query on top of the context's deadline; zero
	// means [DefaultPrometheusTimeout].
	Timeout time.Duration
	// MaxBodyBytes bounds the answer; zero means
	// [DefaultPrometheusMaxBytes].
	MaxBodyBytes int64
}

// Expr returns the PromQL query that [Prometheus.Results] sends.
func (p *Prometheus) Expr() string {
	if p.Query != "" {
		return p.Query
	}
	names := strings.Join([]string{metricSuccess, metricDuration, metricStatusCode, metricCertExpiry}, "|")
	return `{__name__=~"` + names + `", ` + p.Matchers + `}`
}

// validate reports the first unusable field.
func (p *Prometheus) validate() (*url.URL, error) {
	base, err := url.Parse(p.URL)
	switch {
	case p.URL == "" || err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "":
		return nil, fmt.Errorf("%w: url must be an absolute http or https url", ErrPrometheusConfig)
	case p.Query == "" && strings.TrimSpace(p.Matchers) == "":
		return nil, fmt.Errorf("%w: matchers or query must be set", ErrPrometheusConfig)
	case p.Timeout < 0:
		return nil, fmt.Errorf("%w: timeout must not be negative", ErrPrometheusConfig)
	case p.MaxBodyBytes < 0:
		return nil, fmt.Errorf("%w: max body bytes must not be negative", ErrPrometheusConfig)
	}
	return base, nil
}

// Results queries Prometheus once and returns one result per location (see
// [Prometheus]). A query that fails returns no results and an error:
// transport errors wrap their cause (so errors.Is(err,
// context.DeadlineExceeded) works), unusable answers are a
// *[PrometheusError], and a bad configuration matches [ErrPrometheusConfig].
func (p *Prometheus) Results(ctx context.Context) ([]Result, error) {
	base, err := p.validate()
	if err != nil {
		return nil, err
	}
	timeout := p.Timeout
	if timeout == 0 {
		timeout = DefaultPrometheusTimeout
	}
	limit := p.MaxBodyBytes
	if limit == 0 {
		limit = DefaultPrometheusMaxBytes
	}
	endpoint := base.JoinPath("api", "v1", "query")
	endpoint.RawQuery = url.Values{"query": {p.Expr()}}.Encode()
	var header http.Header
	if p.BearerToken != "" {
		header = http.Header{"Authorization": {"Bearer " + p.BearerToken}}
	}
	answer, err := getJSON(ctx, p.Client, endpoint.String(), header, timeout, limit)
	if err != nil {
		return nil, fmt.Errorf("probe: prometheus: %w", err)
	}
	fail := func(err error) error {
		return &PrometheusError{
			StatusCode:  answer.StatusCode,
			ContentType: answer.ContentType,
			Excerpt:     answer.excerpt(),
			Err:         err,
		}
	}
	switch {
	case int64(len(answer.Body)) > limit:
		return nil, fail(fmt.Errorf("%w: more than %d bytes", ErrPrometheusTooLarge, limit))
	case isHTML(answer.ContentType):
		return nil, fail(ErrPrometheusNotJSON)
	}
	samples, err := decodeVector(answer.Body)
	var queryErr *PrometheusError
	switch {
	case errors.As(err, &queryErr):
		queryErr.StatusCode, queryErr.ContentType = answer.StatusCode, answer.ContentType
		return nil, queryErr
	case answer.StatusCode < 200 || answer.StatusCode > 299:
		return nil, fail(ErrPrometheusStatus)
	case err != nil:
		return nil, fail(err)
	}
	return p.results(samples)
}

// results groups samples by location and turns each location into a
// Result.
func (p *Prometheus) results(samples []sample) ([]Result, error) {
	label := p.LocationLabel
	if label == "" {
		label = DefaultLocationLabel
	}
	byLocation := map[string]*locationSeries{}
	for _, s := range samples {
		loc := s.Metric[label]
		ls := byLocation[loc]
		if ls == nil {
			ls = &locationSeries{}
			byLocation[loc] = ls
		}
		if err := ls.add(s); err != nil {
			return nil, &PrometheusError{StatusCode: http.StatusOK, Err: fmt.Errorf("%w: %s %q: %w", ErrPrometheusMalformed, label, loc, err)}
		}
	}

	locations := slices.Clone(p.Locations)
	var extra []string
	for loc := range byLocation {
		if !slices.Contains(locations, loc) {
			extra = append(extra, loc)
		}
	}
	slices.Sort(extra)
	locations = append(locations, extra...)
	if len(locations) == 0 {
		locations = []string{""}
	}
	results := make([]Result, len(locations))
	for i, loc := range locations {
		results[i] = byLocation[loc].result(label, loc)
		results[i].Target = p.Target
		results[i].Location = loc
	}
	return results, nil
}

// locationSeries holds the samples of one location, one per metric.
type locationSeries struct {
	success, duration, code, expiry *sample
}

// add files s under its metric; a second series for the same metric is an
// error, since the matchers then select more than one target or prober.
func (ls *locationSeries) add(s sample) error {
	var slot **sample
	switch name := s.Metric["__name__"]; name {
	case metricSuccess, "":
		slot = &ls.success
	case metricDuration:
		slot = &ls.duration
	case metricStatusCode:
		slot = &ls.code
	case metricCertExpiry:
		slot = &ls.expiry
	default:
		return fmt.Errorf("unexpected metric %q", name)
	}
	if *slot != nil {
		return fmt.Errorf("several series of %s; narrow the matchers to one target and one prober per location", s.name())
	}
	*slot = &s
	return nil
}

// result turns the series of one location into a Result; a nil ls (no
// series at all) is no data.
func (ls *locationSeries) result(label, loc string) Result {
	noData := func(why string) Result {
		return Result{Err: fmt.Errorf("%w: %s %s=%q", ErrNoData, why, label, loc), Kind: FailureNoData}
	}
	switch {
	case ls == nil:
		return noData("no current series for")
	case ls.success == nil:
		return noData("no current " + metricSuccess + " series for")
	case ls.success.Value != 0 && ls.success.Value != 1:
		return noData(metricSuccess + " is " + strconv.FormatFloat(ls.success.Value, 'g', -1, 64) + ", neither 0 nor 1, for")
	}
	r := Result{Start: ls.success.Time}
	if ls.duration != nil && ls.duration.Value >= 0 && !math.IsInf(ls.duration.Value, 0) {
		r.Latency = time.Duration(ls.duration.Value * float64(time.Second))
	}
	if ls.code != nil && ls.code.Value >= 100 && ls.code.Value <= 999 && ls.code.Value == math.Trunc(ls.code.Value) {
		r.StatusCode = int(ls.code.Value)
	}
	if ls.expiry != nil && ls.expiry.Value > 0 && ls.expiry.Value < 1<<40 {
		sec, frac := math.Modf(ls.expiry.Value)
		r.CertExpiry = time.Unix(int64(sec), int64(frac*1e9)).UTC()
	}
	if ls.success.Value == 1 {
		return r
	}
	switch {
	case r.StatusCode != 0 && (r.StatusCode < 200 || r.StatusCode > 299):
		r.Err = fmt.Errorf("%w %d from %s=%q", ErrUnexpectedStatus, r.StatusCode, label, loc)
		r.Kind = FailureHTTP
	case r.StatusCode != 0:
		r.Err = fmt.Errorf("%w: HTTP %d but %s 0 from %s=%q", ErrProbeFailed, r.StatusCode, metricSuccess, label, loc)
		r.Kind = FailureHTTP
	default:
		r.Err = fmt.Errorf("%w: %s 0 without an HTTP response from %s=%q", ErrProbeFailed, metricSuccess, label, loc)
		r.Kind = FailureOther
	}
	return r
}
