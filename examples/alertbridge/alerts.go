package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"time"
)

// Defaults of alertsClient.
const (
	defaultAlertsTimeout        = 10 * time.Second
	defaultAlertsMaxBytes int64 = 16 << 20
)

// Errors of alertsClient.List; each is wrapped in an *alertsError.
var (
	errAlertsStatus    = errors.New("alertbridge: alertmanager: unexpected status")
	errAlertsNotJSON   = errors.New("alertbridge: alertmanager: response is not json")
	errAlertsMalformed = errors.New("alertbridge: alertmanager: malformed alerts")
	errAlertsTooLarge  = errors.New("alertbridge: alertmanager: response too large")
)

// alertsError describes an answer of GET /api/v2/alerts that could not be
// used. It never holds the URL or the request headers.
type alertsError struct {
	StatusCode  int
	ContentType string
	Excerpt     string
	Err         error
}

func (e *alertsError) Error() string {
	msg := fmt.Sprintf("%v (status %d", e.Err, e.StatusCode)
	if e.ContentType != "" {
		msg += ", " + e.ContentType
	}
	if e.Excerpt != "" {
		msg += fmt.Sprintf(", body %q", e.Excerpt)
	}
	return msg + ")"
}

func (e *alertsError) Unwrap() error { return e.Err }

// alertsClient reads the alerts Alertmanager holds, so the bridge can
// resynchronise after a restart or a lost webhook.
type alertsClient struct {
	// BaseURL is Alertmanager's base URL, such as http://127.0.0.1:9093;
	// /api/v2/alerts is appended.
	BaseURL string
	// Token, when set, is sent as a bearer token (for an Alertmanager
	// behind an authenticating proxy); it never appears in errors.
	Token string
	// Client sends the request; nil means a client with Timeout that
	// follows no redirects, so the token goes nowhere else.
	Client *http.Client
	// Timeout bounds a request; zero means defaultAlertsTimeout.
	Timeout time.Duration
	// MaxBytes bounds the answer; zero means defaultAlertsMaxBytes.
	MaxBytes int64
}

// listAlertsOptions selects alerts; the zero value lists the active,
// silenced and inhibited alerts, all of which are firing.
type listAlertsOptions struct {
	// SkipSilenced and SkipInhibited leave those alerts out.
	SkipSilenced, SkipInhibited bool
	// Filter holds label matchers such as `component=~".+"`.
	Filter []string
}

// gettableAlert is an alert as GET /api/v2/alerts returns it.
type gettableAlert struct {
	Labels       map[string]string `json:"labels"`
	Annotations  map[string]string `json:"annotations"`
	StartsAt     time.Time         `json:"startsAt"`
	EndsAt       time.Time         `json:"endsAt"`
	UpdatedAt    time.Time         `json:"updatedAt"`
	GeneratorURL string            `json:"generatorURL"`
	Fingerprint  string            `json:"fingerprint"`
	Status       struct {
		State       string   `json:"state"`
		SilencedBy  []string `json:"silencedBy"`
		InhibitedBy []string `json:"inhibitedBy"`
	} `json:"status"`
}

// List returns the alerts Alertmanager holds that opts selects, as firing
// alerts. Transport errors wrap their cause; unusable answers are an
// *alertsError.
func (c *alertsClient) List(ctx context.Context, opts listAlertsOptions) ([]alert, error) {
	base, err := url.Parse(c.BaseURL)
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return nil, errors.New("alertbridge: alertmanager: url must be an absolute http or https url")
	}
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = defaultAlertsTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	endpoint := base.JoinPath("api", "v2", "alerts")
	query := url.Values{
		"active":      {"true"},
		"silenced":    {fmt.Sprint(!opts.SkipSilenced)},
		"inhibited":   {fmt.Sprint(!opts.SkipInhibited)},
		"unprocessed": {"true"},
	}
	for _, f := range opts.Filter {
		query.Add("filter", f)
	}
	endpoint.RawQuery = query.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, endpoint.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("alertbridge: alertmanager: %w", withoutURL(err))
	}
	req.Header.Set("Accept", "application/json")
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	client := c.Client
	if client == nil {
		client = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("alertbridge: alertmanager: %w", withoutURL(err))
	}
	defer resp.Body.Close()

	limit := c.MaxBytes
	if limit <= 0 {
		limit = defaultAlertsMaxBytes
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, fmt.Errorf("alertbridge: alertmanager: reading answer: %w", withoutURL(err))
	}
	fail := func(err error) error {
		return &alertsError{StatusCode: resp.StatusCode, ContentType: resp.Header.Get("Content-Type"), Excerpt: excerpt(body, c.Token), Err: err}
	}
	mediaType, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	switch {
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		return nil, fail(errAlertsStatus)
	case int64(len(body)) > limit:
		return nil, fail(fmt.Errorf("%w: more than %d bytes", errAlertsTooLarge, limit))
	case mediaType == "text/html" || bytes.HasPrefix(bytes.TrimSpace(body), []byte("<")):
		return nil, fail(errAlertsNotJSON)
	}
	alerts, err := decodeAlerts(body)
	if err != nil {
		return nil, fail(err)
	}
	return alerts, nil
}

// decodeAlerts parses the answer of GET /api/v2/alerts into firing alerts.
func decodeAlerts(body []byte) ([]alert, error) {
	var raw []gettableAlert
	if err := json.Unmarshal(body, &raw); err != nil {
		return nil, fmt.Errorf("%w: %w", errAlertsMalformed, err)
	}
	if raw == nil {
		return nil, fmt.Errorf("%w: not a list", errAlertsMalformed)
	}
	alerts := make([]alert, len(raw))
	for i, g := range raw {
		if len(g.Labels) == 0 {
			return nil, fmt.Errorf("%w: alerts[%d].labels: missing", errAlertsMalformed, i)
		}
		alerts[i] = alert{
			Status:       alertFiring,
			Labels:       g.Labels,
			Annotations:  g.Annotations,
			StartsAt:     g.StartsAt,
			EndsAt:       g.EndsAt,
			GeneratorURL: g.GeneratorURL,
			Fingerprint:  g.Fingerprint,
		}
	}
	return alerts, nil
}

// withoutURL strips the *url.Error layer, whose message holds the URL.
func withoutURL(err error) error {
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		return urlErr.Err
	}
	return err
}

// excerpt returns the beginning of b as valid UTF-8, for errors, with
// secret (when set) replaced by "[REDACTED]": an Alertmanager behind a
// proxy that echoes the request must not put the token into an error. It
// redacts before cutting, so a token straddling the cut is hidden too.
func excerpt(b []byte, secret string) string {
	const max = 256
	if len(b) > max+len(secret) {
		b = b[:max+len(secret)]
	}
	if secret != "" {
		b = bytes.ReplaceAll(b, []byte(secret), []byte("[REDACTED]"))
	}
	if len(b) > max {
		b = b[:max]
	}
	return string(bytes.ToValidUTF8(b, nil))
}
