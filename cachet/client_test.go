package cachet

import (
	"fmt"
	"math"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewClientBaseURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want string
	}{
		{"https://status.test", "https://status.test/api/v1/"},
		{"https://status.test/", "https://status.test/api/v1/"},
		{"https://status.test/api/v1", "https://status.test/api/v1/"},
		{"https://status.test/api/v1/", "https://status.test/api/v1/"},
		{"http://status.test:8080/status", "http://status.test:8080/status/api/v1/"},
		{"https://host/status/api/v1//", "https://host/status/api/v1/"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			c, err := NewClient(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.want, c.BaseURL())
		})
	}
}

func TestNewClientRejects(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"empty":       "",
		"scheme":      "ftp://status.test",
		"no scheme":   "status.test",
		"no host":     "https://",
		"query":       "https://status.test/?x=1",
		"empty query": "https://status.test/?",
		"fragment":    "https://status.test/#top",
		"user info":   "https://user:pass@status.test",
		"bad url":     "https://status.test/%zz",
		"bad host":    "https://user:pass@[::1/",
	}
	for name, in := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c, err := NewClient(in)
			assert.Nil(t, c)
			assert.Error(t, err)
			if err != nil {
				assert.Contains(t, err.Error(), "cachet: ")
				assert.NotContains(t, err.Error(), "pass")
			}
		})
	}
}

func TestOptionsValidate(t *testing.T) {
	t.Parallel()
	tests := map[string]Option{
		"nil option":       nil,
		"empty token":      WithToken(""),
		"token newline":    WithToken("abc\r\nX-Evil: 1"),
		"token space":      WithToken("abc def"),
		"token non-ASCII":  WithToken("tökén"),
		"nil http client":  WithHTTPClient(nil),
		"zero rate":        WithRateLimit(0, 1),
		"NaN rate":         WithRateLimit(math.NaN(), 1),
		"zero burst":       WithRateLimit(1, 0),
		"zero attempts":    WithRetry(RetryPolicy{}),
		"no backoff":       WithRetry(RetryPolicy{MaxAttempts: 2}),
		"max below min":    WithRetry(RetryPolicy{MaxAttempts: 2, MinBackoff: time.Second, MaxBackoff: time.Millisecond}),
		"negative":         WithRetry(RetryPolicy{MaxAttempts: 1, MaxRetryAfter: -1}),
		"empty user agent": WithUserAgent(" "),
		"control in agent": WithUserAgent("a\nb"),
		"nil logger":       WithLogger(nil),
		"zero body limit":  WithMaxBodyBytes(0),
		"nil location":     WithLocation(nil),
	}
	for name, opt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c, err := NewClient("https://status.test", opt)
			assert.Nil(t, c)
			assert.Error(t, err)
		})
	}
	t.Run("valid", func(t *testing.T) {
		t.Parallel()
		logger, _ := newLogger()
		c, err := NewClient("https://status.test", WithToken(testToken), WithHTTPClient(&http.Client{}),
			WithRateLimit(5, 2), WithRetry(NoRetry()),
			WithUserAgent("probe/1"), WithLogger(logger), WithMaxBodyBytes(1), WithLocation(time.Local))
		require.NoError(t, err)
		assert.Equal(t, "probe/1", c.userAgent)
	})
}

func TestWithHTTPClientDoesNotMutate(t *testing.T) {
	t.Parallel()
	hc := &http.Client{Timeout: 3 * time.Second}
	c, err := NewClient("https://status.test", WithHTTPClient(hc))
	require.NoError(t, err)
	assert.Nil(t, hc.CheckRedirect, "caller's client must not be modified")
	assert.NotSame(t, hc, c.httpClient)
	assert.NotNil(t, c.httpClient.CheckRedirect)
	assert.Equal(t, 3*time.Second, c.httpClient.Timeout)
}

func TestDefaultHTTPClient(t *testing.T) {
	t.Parallel()
	c, err := NewClient("https://status.test")
	require.NoError(t, err)
	assert.Equal(t, DefaultTimeout, c.httpClient.Timeout)
	require.NotNil(t, c.httpClient.Transport)
	assert.NotSame(t, http.DefaultTransport, c.httpClient.Transport)
	assert.Nil(t, http.DefaultClient.CheckRedirect)
}

func TestClientFormatHidesToken(t *testing.T) {
	t.Parallel()
	c, err := NewClient("https://status.test", WithToken(testToken))
	require.NoError(t, err)
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x"} {
		out := fmt.Sprintf(verb, c)
		assertNoToken(t, out)
		assert.Contains(t, out, "status.test", verb)
	}
	assertNoToken(t, fmt.Sprintf("%+v %#v %v", *c, *c, []any{c, *c}))
	assertNoToken(t, fmt.Sprintf("%+v", struct{ C Client }{*c}))
	assertNoToken(t, fmt.Sprintf("%+v %#v", struct{ c Client }{*c}, struct{ c Client }{*c}))
	assertNoToken(t, fmt.Sprintf("%+v", *c.Components))
	assertNoToken(t, fmt.Sprintf("%#v", c.Components))
	assertNoToken(t, fmt.Sprintf("%+v %#v", WithToken(testToken), WithToken(testToken)))
	assertNoToken(t, fmt.Sprintf("%+v %#v", DefaultRetryPolicy(), DefaultRetryPolicy()))
}

func TestHeaders(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, WithUserAgent("statuscron/2 (+ops@example.com)"))
	mux.HandleFunc("PUT /components/1", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "statuscron/2 (+ops@example.com)", r.Header.Get("User-Agent"))
		assert.Equal(t, []string{testToken}, r.Header.Values(tokenHeader))
		assert.Equal(t, "application/json", r.Header.Get("Accept"))
		assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
		writeJSON(w, 200, dataOf(componentJSON))
	})
	_, err := c.Components.Update(t.Context(), 1, UpdateComponentRequest{Name: Ptr("API")})
	require.NoError(t, err)

	d, mux2 := setupGuest(t)
	mux2.HandleFunc("GET /components/1", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, DefaultUserAgent, r.Header.Get("User-Agent"))
		assert.Empty(t, r.Header.Values(tokenHeader))
		writeJSON(w, 200, dataOf(componentJSON))
	})
	_, err = d.Components.Get(t.Context(), 1)
	require.NoError(t, err)
}

func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, WithRateLimit(1000, 50))
	handle(t, mux, "GET /components/1", wantRequest{method: "GET", path: "/components/1", token: true}, 200, dataOf(componentJSON))
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for range 20 {
		wg.Go(func() {
			_, err := c.Components.Get(t.Context(), 1)
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		assert.NoError(t, err)
	}
}
