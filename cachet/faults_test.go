package cachet

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const proxyErrorPage = `<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head>` +
	`<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>`

const loginPage = `<!DOCTYPE html><html><head><title>Sign in</title></head><body><form method="post">` +
	`<input name="username"><input type="password" name="password"></form></body></html>`

const cdnChallenge = `<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title></head>` +
	`<body><noscript>Enable JavaScript and cookies to continue</noscript></body></html>`

const cachet3List = `{"data":[{"id":"1","type":"components","attributes":{"name":"API","status":{"human":"Operational","value":1}}}],` +
	`"links":{"first":"https://s.test/api/components?page=1","next":null},"meta":{"current_page":1,"per_page":15}}`

const cachet3Item = `{"data":{"id":"1","type":"components","attributes":{"name":"API","status":{"human":"Operational","value":1}}}}`

func TestFaults(t *testing.T) {
	t.Parallel()
	type callFn func(ctx context.Context, c *Client) error
	getComponent := func(ctx context.Context, c *Client) error { _, err := c.Components.Get(ctx, 1); return err }
	listComponents := func(ctx context.Context, c *Client) error { _, err := c.Components.List(ctx, nil); return err }
	tests := []struct {
		name        string
		contentType string
		status      int
		body        string
		call        callFn
		check       func(t *testing.T, err error)
	}{
		{"HTML 502 from a proxy", "text/html", 502, proxyErrorPage, getComponent, func(t *testing.T, err error) {
			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr)
			assert.ErrorIs(t, err, ErrServer)
			assert.Empty(t, apiErr.Errors)
			assert.Equal(t, "text/html", apiErr.ContentType)
			assert.Contains(t, apiErr.BodyExcerpt, "502 Bad Gateway")
		}},
		{"huge HTML 500 gives a bounded excerpt", "text/html", 500, strings.Repeat("<p>é</p>", 10000), getComponent, func(t *testing.T, err error) {
			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr)
			assert.LessOrEqual(t, len(apiErr.BodyExcerpt), maxExcerpt)
		}},
		{"429 from a proxy, not Cachet's error document", "application/json", 429, `{"message":"slow down"}`, getComponent, func(t *testing.T, err error) {
			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr)
			assert.ErrorIs(t, err, ErrRateLimited)
			assert.Empty(t, apiErr.Errors)
		}},
		{"plain-text 500 fallback", "text/plain", 500, "Internal server error.", getComponent, func(t *testing.T, err error) {
			assert.ErrorIs(t, err, ErrServer)
		}},
		{"406 HTML", "text/html", 406, "<html>Not Acceptable</html>", getComponent, func(t *testing.T, err error) {
			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, 406, apiErr.StatusCode)
		}},
		{"truncated JSON", "application/json", 200, dataOf(componentJSON)[:60], getComponent, func(t *testing.T, err error) {
			var decErr *DecodeError
			require.ErrorAs(t, err, &decErr)
			assert.NotErrorIs(t, err, ErrNotCachet)
			assert.Contains(t, decErr.Excerpt, `"name":"API"`)
		}},
		{"truncated list", "application/json", 200, componentListJSON[:200], listComponents, func(t *testing.T, err error) {
			var decErr *DecodeError
			assert.ErrorAs(t, err, &decErr)
		}},
		{"HTML login page with 200", "text/html; charset=utf-8", 200, loginPage, getComponent, isNotCachet},
		{"CDN challenge with 200", "text/html", 200, cdnChallenge, listComponents, isNotCachet},
		{"Cachet 3 list", "application/json", 200, cachet3List, listComponents, isNotCachet},
		{"Cachet 3 item", "application/json", 200, cachet3Item, getComponent, isNotCachet},
		{"JSON without data", "application/json", 200, `{"id":1,"name":"API"}`, getComponent, isNotCachet},
		{"list without pagination", "application/json", 200, `{"data":[]}`, listComponents, isNotCachet},
		{"empty 200", "application/json", 200, "", getComponent, isNotCachet},
		{"JSON array", "application/json", 200, `[1,2]`, getComponent, isNotCachet},
		{"wrong data type", "application/json", 200, `{"data":"Pong!"}`, listComponents, func(t *testing.T, err error) {
			var decErr *DecodeError
			assert.ErrorAs(t, err, &decErr)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			logger, logs := newLogger()
			c, mux := setup(t, WithRetry(NoRetry()), WithLogger(logger))
			answer := func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", tt.contentType)
				w.WriteHeader(tt.status)
				_, _ = io.WriteString(w, tt.body)
			}
			mux.HandleFunc("GET /components", answer)
			mux.HandleFunc("GET /components/1", answer)
			err := tt.call(t.Context(), c)
			require.Error(t, err)
			assert.True(t, strings.HasPrefix(err.Error(), "cachet: "), err.Error())
			tt.check(t, err)
			assertNoToken(t, err.Error())
			assertNoToken(t, logs.String())
			assert.Contains(t, logs.String(), "cachet request")
		})
	}
}

func isNotCachet(t *testing.T, err error) {
	t.Helper()
	assert.ErrorIs(t, err, ErrNotCachet)
	var decErr *DecodeError
	assert.ErrorAs(t, err, &decErr)
	assert.Contains(t, err.Error(), "not a Cachet v1 API")
}

func TestOversizedBody(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, WithMaxBodyBytes(1024))
	mux.HandleFunc("GET /components", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"data":[`)
		for i := 0; i < 10000; i++ {
			if i > 0 {
				_, _ = io.WriteString(w, ",")
			}
			_, _ = io.WriteString(w, componentJSON)
		}
		_, _ = io.WriteString(w, `]}`)
	})
	_, err := c.Components.List(t.Context(), nil)
	assert.ErrorIs(t, err, ErrResponseTooLarge)
	var decErr *DecodeError
	require.ErrorAs(t, err, &decErr)
	assert.LessOrEqual(t, len(decErr.Excerpt), maxExcerpt)
}

// TestEndlessBodies checks that a body without end, on an error or on a
// success, is read only up to its limit.
func TestEndlessBodies(t *testing.T) {
	t.Parallel()
	endless := func(status int) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(status)
			chunk := []byte(strings.Repeat("<p>again</p>", 1000))
			for r.Context().Err() == nil {
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
		}
	}
	c, mux := setup(t, WithRetry(NoRetry()), WithMaxBodyBytes(1<<20))
	mux.HandleFunc("GET /components/1", endless(http.StatusInternalServerError))
	mux.HandleFunc("GET /components/2", endless(http.StatusOK))
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()

	_, err := c.Components.Get(ctx, 1)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.ErrorIs(t, err, ErrServer)
	assert.LessOrEqual(t, len(apiErr.BodyExcerpt), maxExcerpt)

	_, err = c.Components.Get(ctx, 2)
	assert.ErrorIs(t, err, ErrResponseTooLarge)
	assert.NoError(t, ctx.Err())
}

func TestHangingServerHonoursDeadline(t *testing.T) {
	t.Parallel()
	logger, logs := newLogger()
	c, mux := setup(t, WithLogger(logger))
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	mux.HandleFunc("GET /components/1", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	got, err := c.Components.Get(ctx, 1)
	assert.Nil(t, got)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assertNoToken(t, err.Error())
	assert.Equal(t, 1, strings.Count(logs.String(), "cachet request"), "one attempt, no retry once the context is done")
	assertNoToken(t, logs.String())
}

func TestRedirects(t *testing.T) {
	t.Parallel()
	t.Run("PUT redirect is an error naming the Location", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		var followed atomic.Bool
		mux.HandleFunc("PUT /components/1", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "/login", http.StatusFound)
		})
		mux.HandleFunc("/login", func(w http.ResponseWriter, r *http.Request) {
			followed.Store(true)
			writeJSON(w, 200, dataOf(componentJSON))
		})
		got, err := c.Components.Update(t.Context(), 1, UpdateComponentRequest{Status: Ptr(ComponentStatusOperational)})
		assert.Nil(t, got)
		assert.ErrorIs(t, err, ErrRedirect)
		var redErr *RedirectError
		require.ErrorAs(t, err, &redErr)
		assert.Equal(t, "/login", redErr.Location)
		assert.Equal(t, http.MethodPut, redErr.Method)
		assert.Contains(t, err.Error(), "/login")
		assert.False(t, followed.Load())
	})
	for _, code := range []int{http.StatusMovedPermanently, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		t.Run("POST and DELETE "+http.StatusText(code), func(t *testing.T) {
			t.Parallel()
			c, mux := setup(t)
			mux.HandleFunc("/components/", func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, "https://elsewhere.test/x", code)
			})
			mux.HandleFunc("/components", func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, "https://elsewhere.test/x", code)
			})
			_, err := c.Components.Create(t.Context(), CreateComponentRequest{Name: "x"})
			assert.ErrorIs(t, err, ErrRedirect)
			assert.ErrorIs(t, c.Components.Delete(t.Context(), 1), ErrRedirect)
		})
	}
	t.Run("GET follows a same-host redirect", func(t *testing.T) {
		t.Parallel()
		c, mux := setup(t)
		mux.HandleFunc("GET /components/1", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, testPrefix+apiPath+"/components/2", http.StatusMovedPermanently)
		})
		handle(t, mux, "GET /components/2", wantRequest{method: "GET", path: "/components/2", token: true}, 200, dataOf(componentTaggedJSON))
		got, err := c.Components.Get(t.Context(), 1)
		require.NoError(t, err)
		assert.Equal(t, 2, got.ID)
	})
	t.Run("GET redirect to another host keeps the token home", func(t *testing.T) {
		t.Parallel()
		var leaked atomic.Bool
		var hits atomic.Int32
		other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			hits.Add(1)
			if r.Header.Get(tokenHeader) != "" {
				leaked.Store(true)
			}
			writeJSON(w, 200, dataOf(componentJSON))
		}))
		t.Cleanup(other.Close)
		c, mux := setup(t)
		mux.HandleFunc("GET /components/1", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, other.URL+"/api/v1/components/1", http.StatusFound)
		})
		_, err := c.Components.Get(t.Context(), 1)
		var redErr *RedirectError
		require.ErrorAs(t, err, &redErr)
		assert.Equal(t, other.URL+"/api/v1/components/1", redErr.Location)
		assert.False(t, leaked.Load(), "token sent to another host")
		assert.Zero(t, hits.Load())
	})
}

// TestNoGoroutineLeak runs faults and checks that the goroutine count
// returns to its baseline once idle connections are closed. It is not
// parallel so that other tests do not disturb the count.
func TestNoGoroutineLeak(t *testing.T) {
	before := runtime.NumGoroutine()
	func() {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch r.URL.Path {
			case "/api/v1/components/1":
				writeJSON(w, 503, `{"errors":[]}`)
			case "/api/v1/components/2":
				w.Header().Set("Content-Type", "application/json")
				_, _ = io.WriteString(w, `{"data":{"id":`)
			case "/api/v1/components/3":
				<-r.Context().Done()
			default:
				w.Header().Set("Content-Type", "text/html")
				_, _ = io.WriteString(w, loginPage)
			}
		}))
		defer srv.Close()
		c, err := NewClient(srv.URL, WithToken(testToken),
			WithRetry(RetryPolicy{MaxAttempts: 2, MinBackoff: time.Millisecond, MaxBackoff: time.Millisecond}))
		require.NoError(t, err)
		defer c.httpClient.CloseIdleConnections()
		for id := 1; id <= 4; id++ {
			ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
			_, err := c.Components.Get(ctx, id)
			cancel()
			assert.Error(t, err)
		}
		for range c.Components.All(t.Context(), nil) {
			break
		}
	}()
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		runtime.Gosched()
		time.Sleep(10 * time.Millisecond)
	}
	assert.LessOrEqual(t, runtime.NumGoroutine(), before, "goroutines leaked")
}

func TestErrorMessages(t *testing.T) {
	t.Parallel()
	apiErr := &APIError{StatusCode: 400, Method: "POST", Path: "/api/v1/incidents", Errors: []ErrorDetail{{
		Status: 400, Title: "Bad Request", Detail: "The request cannot be fulfilled due to bad syntax.",
		Details: []string{"The name field is required."}}}}
	assert.Equal(t, "cachet: POST /api/v1/incidents: 400 Bad Request: The request cannot be fulfilled due to bad syntax. (The name field is required.)", apiErr.Error())
	wrapped := errors.Join(errors.New("context"), apiErr)
	assert.ErrorIs(t, wrapped, ErrValidation)
	assert.NotErrorIs(t, wrapped, ErrServer)
	for code, sentinel := range map[int]error{401: ErrUnauthorized, 403: ErrUnauthorized, 404: ErrNotFound, 429: ErrRateLimited, 503: ErrServer} {
		assert.ErrorIs(t, &APIError{StatusCode: code}, sentinel, code)
	}
	assert.Equal(t, "[REDACTED] x", excerpt([]byte(testToken+" x"), testToken))
}

func TestDecodeErrorMessage(t *testing.T) {
	t.Parallel()
	err := &DecodeError{Method: "GET", Path: "/api/v1/ping", StatusCode: 200, ContentType: "text/html",
		Err: errNotCachetf("the body is not a JSON object")}
	assert.Equal(t, "cachet: GET /api/v1/ping: decode 200 response (text/html): not a Cachet v1 API: the body is not a JSON object", err.Error())
	assert.ErrorIs(t, err, ErrNotCachet)
	err.ContentType = ""
	assert.Equal(t, "cachet: GET /api/v1/ping: decode 200 response: not a Cachet v1 API: the body is not a JSON object", err.Error())
	red := &RedirectError{Method: "PUT", Path: "/api/v1/components/1", StatusCode: 302, Location: "/login"}
	assert.Equal(t, `cachet: PUT /api/v1/components/1: refusing to follow 302 redirect to "/login"`, red.Error())
}

func TestExcerptRedaction(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("k", 600)
	tests := []struct {
		name   string
		body   string
		secret string
	}{
		{"token at the start", testToken + " rest", testToken},
		{"token across the limit", strings.Repeat("a", maxExcerpt-5) + testToken, testToken},
		{"token just after the limit", strings.Repeat("a", maxExcerpt) + testToken, testToken},
		{"many tokens shrink the text", strings.Repeat(testToken, 60), testToken},
		{"long token, partly inside the window", long + long, long},
		{"long token after a short prefix", "x" + long, long},
		{"multi-byte text", strings.Repeat("é", 300) + testToken, testToken},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ex := excerpt([]byte(tt.body), tt.secret)
			assert.LessOrEqual(t, len(ex), maxExcerpt)
			assert.True(t, utf8.ValidString(ex))
			assert.NotContains(t, ex, tt.secret)
			full := redact(strings.ToValidUTF8(tt.body, "\uFFFD"), tt.secret)
			assert.True(t, strings.HasPrefix(full, ex), "%q is not a prefix of the redacted body", ex)
		})
	}
	assert.Equal(t, "[REDACTED] x", excerpt([]byte(testToken+" x"), testToken))
	assert.Equal(t, "no secret here", excerpt([]byte("no secret here"), ""))
	assert.Equal(t, "ends in 1", excerpt([]byte("ends in 1"), "10"), "an unshortened body keeps its end")
	assert.Equal(t, "a\u2026b", redact("aCb", "C"), "a secret inside the marker gets another marker")
}

// TestEchoedTokenRedacted covers a proxy that echoes request headers into
// its error document and its Location header.
func TestEchoedTokenRedacted(t *testing.T) {
	t.Parallel()
	c, mux := setup(t, WithRetry(NoRetry()))
	mux.HandleFunc("GET /components/1", func(w http.ResponseWriter, r *http.Request) {
		tok := r.Header.Get(tokenHeader)
		writeJSON(w, 403, `{"errors":[{"id":"`+tok+`","status":403,"title":"Forbidden","detail":"bad token `+tok+`",`+
			`"meta":{"details":["token `+tok+`"]}}]}`)
	})
	mux.HandleFunc("PUT /components/1", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "https://sso.test/login?token="+r.Header.Get(tokenHeader), http.StatusFound)
	})
	_, err := c.Components.Get(t.Context(), 1)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.ErrorIs(t, err, ErrUnauthorized)
	assertNoToken(t, err.Error())
	assertNoToken(t, fmt.Sprintf("%+v %#v", apiErr, *apiErr))
	require.Len(t, apiErr.Errors, 1)
	assert.Equal(t, "bad token [REDACTED]", apiErr.Errors[0].Detail)

	_, err = c.Components.Update(t.Context(), 1, UpdateComponentRequest{Name: Ptr("x")})
	var redErr *RedirectError
	require.ErrorAs(t, err, &redErr)
	assert.Equal(t, "https://sso.test/login?token=[REDACTED]", redErr.Location)
	assertNoToken(t, fmt.Sprintf("%v %#v", err, *redErr))
}
