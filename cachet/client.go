package cachet

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/time/rate"
)

const (
	// DefaultTimeout is the timeout of the http.Client a Client builds when
	// [WithHTTPClient] is not given.
	DefaultTimeout = 30 * time.Second
	// DefaultMaxBodyBytes is the largest response body a Client reads when
	// [WithMaxBodyBytes] is not given.
	DefaultMaxBodyBytes int64 = 16 << 20
	// DefaultUserAgent is the User-Agent header sent when [WithUserAgent] is
	// not given.
	DefaultUserAgent = "cachetstatus-cachet/1"

	apiPath     = "/api/v1"
	tokenHeader = "X-Cachet-Token"
)

// Client talks to one Cachet 2.x server through its API v1.
//
// A Client is immutable after [NewClient] returns and safe for concurrent
// use. Every method that does I/O takes a context first; its deadline bounds
// the request, the retries and every wait between them.
type Client struct {
	base         *url.URL // always ends in /api/v1/
	token        *string  // nil without WithToken; a pointer so that fmt never prints it
	httpClient   *http.Client
	limiter      *rate.Limiter
	retry        RetryPolicy
	userAgent    string
	logger       *slog.Logger
	maxBodyBytes int64
	location     *time.Location
	// filteredPerPage is the per_page of All's single filtered request;
	// tests lower it.
	filteredPerPage int

	// Components manages components (/components).
	Components *ComponentsService
	// ComponentGroups manages component groups (/components/groups).
	ComponentGroups *ComponentGroupsService
	// Incidents manages incidents (/incidents).
	Incidents *IncidentsService
	// IncidentUpdates manages the updates of incidents
	// (/incidents/{id}/updates).
	IncidentUpdates *IncidentUpdatesService
	// IncidentTemplates reads incident templates (/incidents/templates).
	IncidentTemplates *IncidentTemplatesService
	// Metrics manages metrics (/metrics).
	Metrics *MetricsService
	// MetricPoints manages the points of metrics (/metrics/{id}/points).
	MetricPoints *MetricPointsService
	// Schedules manages maintenance schedules (/schedules).
	Schedules *SchedulesService
	// Subscribers manages subscribers (/subscribers).
	Subscribers *SubscribersService
	// Subscriptions deletes single subscriptions (/subscriptions).
	Subscriptions *SubscriptionsService
}

// service is the common base of every resource service.
type service struct {
	client *Client
}

// NewClient returns a Client for the Cachet server at baseURL.
//
// baseURL is the root of the Cachet installation, with or without the API
// path: "https://status.example.com", "https://status.example.com/",
// "https://status.example.com/api/v1" and ".../api/v1/" are equivalent, and
// a path prefix is kept ("https://example.com/status" talks to
// "https://example.com/status/api/v1/"). The scheme must be http or https;
// user info, a query or a fragment are rejected.
func NewClient(baseURL string, opts ...Option) (*Client, error) {
	base, err := parseBaseURL(baseURL)
	if err != nil {
		return nil, err
	}
	c := &Client{
		base:         base,
		retry:        DefaultRetryPolicy(),
		userAgent:    DefaultUserAgent,
		logger:       slog.New(slog.DiscardHandler),
		maxBodyBytes: DefaultMaxBodyBytes,
		location:     time.UTC,

		filteredPerPage: filteredPerPage,
	}
	for _, opt := range opts {
		if opt == nil {
			return nil, errors.New("cachet: nil Option")
		}
		if err := opt(c); err != nil {
			return nil, err
		}
	}
	if c.httpClient == nil {
		c.httpClient = &http.Client{
			Timeout:   DefaultTimeout,
			Transport: http.DefaultTransport.(*http.Transport).Clone(),
		}
	}
	c.httpClient.CheckRedirect = checkRedirect

	c.Components = &ComponentsService{client: c}
	c.ComponentGroups = &ComponentGroupsService{client: c}
	c.Incidents = &IncidentsService{client: c}
	c.IncidentUpdates = &IncidentUpdatesService{client: c}
	c.IncidentTemplates = &IncidentTemplatesService{client: c}
	c.Metrics = &MetricsService{client: c}
	c.MetricPoints = &MetricPointsService{client: c}
	c.Schedules = &SchedulesService{client: c}
	c.Subscribers = &SubscribersService{client: c}
	c.Subscriptions = &SubscriptionsService{client: c}
	return c, nil
}

// parseBaseURL validates raw and returns it with the path ending in /api/v1/.
func parseBaseURL(raw string) (*url.URL, error) {
	if strings.TrimSpace(raw) == "" {
		return nil, errors.New("cachet: base URL is empty")
	}
	u, err := url.Parse(raw)
	if err != nil {
		// A *url.Error quotes the whole URL, which may hold credentials.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, fmt.Errorf("cachet: invalid base URL: %w", err)
	}
	switch u.Scheme {
	case "http", "https":
	default:
		return nil, fmt.Errorf("cachet: base URL scheme must be http or https, not %q", u.Scheme)
	}
	if u.Host == "" || u.Hostname() == "" {
		return nil, errors.New("cachet: base URL has no host")
	}
	if u.User != nil {
		return nil, errors.New("cachet: base URL must not contain user info; use WithToken")
	}
	if u.RawQuery != "" || u.ForceQuery {
		return nil, errors.New("cachet: base URL must not contain a query")
	}
	if u.Fragment != "" || strings.Contains(raw, "#") {
		return nil, errors.New("cachet: base URL must not contain a fragment")
	}
	p := strings.TrimRight(u.Path, "/")
	if !strings.HasSuffix(p, apiPath) {
		p += apiPath
	}
	u.Path = p + "/"
	u.RawPath = ""
	return u, nil
}

// BaseURL returns the API root the client sends requests to; it always ends
// in "/api/v1/".
func (c *Client) BaseURL() string { return c.base.String() }

// String describes the client without revealing its token. String, GoString
// and Format have value receivers so that a copied Client prints safely too.
func (c Client) String() string {
	token := "none"
	if c.token != nil {
		token = "set"
	}
	return fmt.Sprintf("cachet.Client{BaseURL: %q, Token: %s, UserAgent: %q}", c.base.String(), token, c.userAgent)
}

// GoString is like String; it keeps %#v from printing the token.
func (c Client) GoString() string { return c.String() }

// Format implements fmt.Formatter so that every verb (%v, %+v, %#v, %s, ...)
// prints [Client.String] and never the token.
func (c Client) Format(f fmt.State, _ rune) {
	_, _ = f.Write([]byte(c.String()))
}

// secret returns the token, or "" for a guest client.
func (c *Client) secret() string {
	if c.token == nil {
		return ""
	}
	return *c.token
}

// Ptr returns a pointer to v. It fills the optional pointer fields of request
// types: cachet.Ptr(false), cachet.Ptr(0), cachet.Ptr(cachet.ComponentStatusOperational).
func Ptr[T any](v T) *T { return &v }
