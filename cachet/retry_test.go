package cachet

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeResponse builds a response with status, headers and body.
func fakeResponse(r *http.Request, status int, body string, header ...string) *http.Response {
	h := http.Header{}
	for i := 0; i+1 < len(header); i += 2 {
		h.Set(header[i], header[i+1])
	}
	if h.Get("Content-Type") == "" && body != "" {
		h.Set("Content-Type", "application/json")
	}
	return &http.Response{StatusCode: status, Header: h, Body: io.NopCloser(strings.NewReader(body)),
		ContentLength: int64(len(body)), Request: r, ProtoMajor: 1, ProtoMinor: 1}
}

// scripted answers the n-th attempt with answers[n] (the last one repeats)
// and records every request body.
type scripted struct {
	mu      sync.Mutex
	answers []func(*http.Request) (*http.Response, error)
	bodies  []string
}

func (s *scripted) RoundTrip(r *http.Request) (*http.Response, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	body := ""
	if r.Body != nil {
		b, _ := io.ReadAll(r.Body)
		body = string(b)
	}
	s.bodies = append(s.bodies, body)
	answer := s.answers[min(len(s.bodies), len(s.answers))-1]
	return answer(r)
}

func (s *scripted) attempts() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.bodies)
}

func status(code int, header ...string) func(*http.Request) (*http.Response, error) {
	return func(r *http.Request) (*http.Response, error) {
		body := `{"errors":[{"id":"x","status":` + itoa(code) + `,"title":"t","detail":"d"}]}`
		if code < 300 {
			body = dataOf(componentJSON)
		}
		return fakeResponse(r, code, body, header...), nil
	}
}

func connError(*http.Request) (*http.Response, error) {
	return nil, errors.New("connection reset by peer")
}

func certError(*http.Request) (*http.Response, error) {
	return nil, &tls.CertificateVerificationError{Err: x509.UnknownAuthorityError{}}
}

func newScriptedClient(t *testing.T, s *scripted, policy RetryPolicy, opts ...Option) (*Client, *logBuffer) {
	t.Helper()
	logger, logs := newLogger()
	c, err := NewClient("https://status.test", append([]Option{WithToken(testToken), WithRetry(policy),
		WithLogger(logger), WithHTTPClient(&http.Client{Transport: s})}, opts...)...)
	require.NoError(t, err)
	return c, logs
}

var testPolicy = RetryPolicy{MaxAttempts: 3, MinBackoff: time.Second, MaxBackoff: 4 * time.Second, MaxRetryAfter: time.Minute}

func TestRetry(t *testing.T) {
	t.Parallel()
	type fn = func(*http.Request) (*http.Response, error)
	tests := []struct {
		name         string
		method       string
		policy       RetryPolicy
		answers      []fn
		wantAttempts int
		wantErr      error // nil: success
		minElapsed   time.Duration
		maxElapsed   time.Duration
	}{
		{"502 exhausts attempts", "GET", testPolicy, []fn{status(502)}, 3, ErrServer, 1500 * time.Millisecond, 3 * time.Second},
		{"503 then ok", "GET", testPolicy, []fn{status(503), status(200)}, 2, nil, 500 * time.Millisecond, time.Second},
		{"504 then ok on PUT", "PUT", testPolicy, []fn{status(504), status(200)}, 2, nil, 500 * time.Millisecond, time.Second},
		{"429 then ok on DELETE", "DELETE", testPolicy, []fn{status(429), status(204)}, 2, nil, 500 * time.Millisecond, time.Second},
		{"429 Retry-After seconds", "GET", testPolicy, []fn{status(429, "Retry-After", "7"), status(200)}, 2, nil, 7 * time.Second, 7 * time.Second},
		{"503 Retry-After date", "GET", testPolicy,
			[]fn{status(503, "Retry-After", time.Date(2000, 1, 1, 0, 0, 30, 0, time.UTC).Format(http.TimeFormat)), status(200)},
			2, nil, 30 * time.Second, 30 * time.Second},
		{"Retry-After above cap fails fast", "GET", testPolicy, []fn{status(503, "Retry-After", "3600")}, 1, ErrServer, 0, 0},
		{"Retry-After above default cap fails fast", "GET", RetryPolicy{MaxAttempts: 2, MinBackoff: time.Second, MaxBackoff: time.Second},
			[]fn{status(503, "Retry-After", "61")}, 1, ErrServer, 0, 0},
		{"Retry-After above MaxBackoff honoured", "GET", RetryPolicy{MaxAttempts: 2, MinBackoff: time.Second, MaxBackoff: time.Second},
			[]fn{status(503, "Retry-After", "60"), status(200)}, 2, nil, time.Minute, time.Minute},
		{"500 not retried", "GET", testPolicy, []fn{status(500)}, 1, ErrServer, 0, 0},
		{"404 not retried", "GET", testPolicy, []fn{status(404)}, 1, ErrNotFound, 0, 0},
		{"POST not retried by default", "POST", testPolicy, []fn{status(503)}, 1, ErrServer, 0, 0},
		{"POST retried when opted in", "POST", RetryPolicy{MaxAttempts: 2, MinBackoff: time.Second, MaxBackoff: time.Second, RetryPOST: true},
			[]fn{status(503), status(200)}, 2, nil, 500 * time.Millisecond, time.Second},
		{"connection error retried", "GET", testPolicy, []fn{connError, status(200)}, 2, nil, 500 * time.Millisecond, time.Second},
		{"certificate error not retried", "GET", testPolicy, []fn{certError}, 1, errAny, 0, 0},
		{"connection error on POST not retried", "POST", testPolicy, []fn{connError}, 1, errAny, 0, 0},
		{"no retry policy", "GET", NoRetry(), []fn{status(503)}, 1, ErrServer, 0, 0},
		{"backoff capped", "GET", RetryPolicy{MaxAttempts: 4, MinBackoff: 4 * time.Second, MaxBackoff: 4 * time.Second},
			[]fn{status(502)}, 4, ErrServer, 6 * time.Second, 12 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				s := &scripted{answers: tt.answers}
				c, logs := newScriptedClient(t, s, tt.policy)
				start := time.Now()
				var err error
				switch tt.method {
				case "GET":
					_, err = c.Components.Get(t.Context(), 1)
				case "PUT":
					_, err = c.Components.Update(t.Context(), 1, UpdateComponentRequest{Name: Ptr("x")})
				case "POST":
					_, err = c.Components.Create(t.Context(), CreateComponentRequest{Name: "x"})
				case "DELETE":
					err = c.Components.Delete(t.Context(), 1)
				}
				elapsed := time.Since(start)
				assert.Equal(t, tt.wantAttempts, s.attempts(), "attempts")
				switch {
				case tt.wantErr == nil:
					assert.NoError(t, err)
				case tt.wantErr == errAny:
					assert.Error(t, err)
				default:
					assert.ErrorIs(t, err, tt.wantErr)
				}
				assert.GreaterOrEqual(t, elapsed, tt.minElapsed, "elapsed")
				assert.LessOrEqual(t, elapsed, tt.maxElapsed, "elapsed")
				for i, b := range s.bodies {
					assert.Equal(t, s.bodies[0], b, "body of attempt %d", i+1)
				}
				if tt.method == "PUT" || tt.method == "POST" {
					assert.NotEmpty(t, s.bodies[0])
				}
				if tt.wantAttempts > 1 {
					assert.Contains(t, logs.String(), "cachet retry")
				}
				assertNoToken(t, logs.String())
				if err != nil {
					assertNoToken(t, err.Error())
				}
			})
		})
	}
}

// errAny marks a test that expects some error.
var errAny = errors.New("any error")

func TestRetryRespectsContext(t *testing.T) {
	t.Parallel()
	t.Run("Retry-After beyond the deadline fails fast with the last error", func(t *testing.T) {
		t.Parallel()
		synctest.Test(t, func(t *testing.T) {
			s := &scripted{answers: []func(*http.Request) (*http.Response, error){status(503, "Retry-After", "30")}}
			c, _ := newScriptedClient(t, s, testPolicy)
			ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
			defer cancel()
			start := time.Now()
			_, err := c.Components.Get(ctx, 1)
			assert.ErrorIs(t, err, ErrServer)
			assert.Zero(t, time.Since(start))
			assert.Equal(t, 1, s.attempts())
		})
	})
	t.Run("cancel during backoff", func(t *testing.T) {
		t.Parallel()
		synctest.Test(t, func(t *testing.T) {
			s := &scripted{answers: []func(*http.Request) (*http.Response, error){status(503)}}
			c, _ := newScriptedClient(t, s, RetryPolicy{MaxAttempts: 3, MinBackoff: time.Minute, MaxBackoff: time.Minute})
			ctx, cancel := context.WithCancel(t.Context())
			done := make(chan error, 1)
			go func() {
				_, err := c.Components.Get(ctx, 1)
				done <- err
			}()
			synctest.Wait()
			cancel()
			err := <-done
			assert.ErrorIs(t, err, context.Canceled)
			assert.ErrorIs(t, err, ErrServer)
			assert.Equal(t, 1, s.attempts())
		})
	})
	t.Run("rate limiter wait honours the context", func(t *testing.T) {
		t.Parallel()
		synctest.Test(t, func(t *testing.T) {
			s := &scripted{answers: []func(*http.Request) (*http.Response, error){status(200)}}
			c, _ := newScriptedClient(t, s, NoRetry(), WithRateLimit(0.5, 1))
			_, err := c.Components.Get(t.Context(), 1)
			require.NoError(t, err)
			start := time.Now()
			_, err = c.Components.Get(t.Context(), 1)
			require.NoError(t, err)
			assert.Equal(t, 2*time.Second, time.Since(start), "second call waits for the limiter")
			ctx, cancel := context.WithTimeout(t.Context(), time.Second)
			defer cancel()
			_, err = c.Components.Get(ctx, 1)
			assert.Error(t, err)
			assert.Equal(t, 2, s.attempts())
		})
	})
}

func TestParseRetryAfter(t *testing.T) {
	t.Parallel()
	now := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := map[string]time.Duration{
		"":                              0,
		"5":                             5 * time.Second,
		" 120 ":                         2 * time.Minute,
		"-3":                            0,
		"soon":                          0,
		"Fri, 01 Mar 2024 12:00:10 GMT": 10 * time.Second,
		"Fri, 01 Mar 2024 11:00:00 GMT": 0,
	}
	for in, want := range tests {
		assert.Equal(t, want, parseRetryAfter(in, now), in)
	}
}

func TestBackoffBounds(t *testing.T) {
	t.Parallel()
	p := RetryPolicy{MaxAttempts: 10, MinBackoff: 100 * time.Millisecond, MaxBackoff: time.Second}
	for attempt := 1; attempt <= 10; attempt++ {
		base := min(100*time.Millisecond<<(attempt-1), time.Second)
		for range 50 {
			d := p.backoff(attempt)
			assert.GreaterOrEqual(t, d, base/2)
			assert.LessOrEqual(t, d, base)
		}
	}
}

func TestLogLines(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		s := &scripted{answers: []func(*http.Request) (*http.Response, error){status(503), status(200)}}
		c, logs := newScriptedClient(t, s, testPolicy)
		_, err := c.Components.Get(t.Context(), 1)
		require.NoError(t, err)
		out := logs.String()
		for _, want := range []string{
			`level=DEBUG msg="cachet request" method=GET path=/api/v1/components/1 status=503`,
			`attempt=1`,
			`level=WARN msg="cachet retry" method=GET path=/api/v1/components/1 status=503 attempt=1 wait=`,
			`level=DEBUG msg="cachet request" method=GET path=/api/v1/components/1 status=200`,
			`attempt=2`,
		} {
			assert.Contains(t, out, want)
		}
		assertNoToken(t, out)
	})
}

func TestAPIErrorRetryAfter(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		s := &scripted{answers: []func(*http.Request) (*http.Response, error){status(429, "Retry-After", "120")}}
		c, _ := newScriptedClient(t, s, NoRetry())
		_, err := c.Components.Get(t.Context(), 1)
		var apiErr *APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, 2*time.Minute, apiErr.RetryAfter)
		assert.ErrorIs(t, err, ErrRateLimited)
		assert.Equal(t, "/api/v1/components/1", apiErr.Path)
		assert.Equal(t, http.MethodGet, apiErr.Method)
	})
}
