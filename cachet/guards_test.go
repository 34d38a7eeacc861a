package cachet

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDecodeErrorExcerptsRedactTheToken pins the redaction of the token in
// the excerpt of a 2xx body that is too large or is not Cachet's, for a
// server that echoes the request's token.
func TestDecodeErrorExcerptsRedactTheToken(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		contentType string
		body        string
		want        error
	}{
		{"oversized body", "application/json", `{"data":{"echo":"` + testToken + `","pad":"` + strings.Repeat("x", 4096) + `"}}`, ErrResponseTooLarge},
		{"non-Cachet body", "text/html", `<html>token ` + testToken + ` rejected</html>`, ErrNotCachet},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mux := setup(t, WithMaxBodyBytes(1024))
			mux.HandleFunc("GET /components/1", func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", tt.contentType)
				_, _ = io.WriteString(w, tt.body)
			})
			_, err := c.Components.Get(t.Context(), 1)
			assert.ErrorIs(t, err, tt.want)
			var decErr *DecodeError
			require.ErrorAs(t, err, &decErr)
			assertNoToken(t, decErr.Excerpt)
			assert.Contains(t, decErr.Excerpt, "[REDACTED]", "the excerpt still shows where the token was")
		})
	}
}

// endlessBody yields bytes up to a large size and counts how many were read.
type endlessBody struct {
	read, size int64
}

func (b *endlessBody) Read(p []byte) (int, error) {
	if b.read >= b.size {
		return 0, io.EOF
	}
	n := min(int64(len(p)), b.size-b.read)
	for i := range p[:n] {
		p[i] = 'x'
	}
	b.read += n
	return int(n), nil
}

func (b *endlessBody) Close() error { return nil }

// TestErrorBodyReadIsBounded pins the limit on error bodies: however large
// MaxBodyBytes is, an error answer's body is read only up to maxErrorBody
// (plus the bounded drain that lets the connection be reused).
func TestErrorBodyReadIsBounded(t *testing.T) {
	t.Parallel()
	body := &endlessBody{size: 64 << 20}
	s := &scripted{answers: []func(*http.Request) (*http.Response, error){
		func(r *http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: http.StatusInternalServerError, Header: http.Header{"Content-Type": {"text/html"}},
				Body: body, Request: r}, nil
		},
	}}
	c, _ := newScriptedClient(t, s, NoRetry(), WithMaxBodyBytes(32<<20))
	_, err := c.Components.Get(t.Context(), 1)
	assert.ErrorIs(t, err, ErrServer)
	assert.LessOrEqual(t, body.read, int64(maxErrorBody+drainLimit))
}

// TestRedirectErrorIsOnlyErrRedirect pins RedirectError.Is: a refused
// redirect is ErrRedirect and nothing else — callers read ErrNotFound as
// "deleted" and ErrServer as "retry later".
func TestRedirectErrorIsOnlyErrRedirect(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	mux.HandleFunc("PUT /components/1", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/login", http.StatusFound)
	})
	_, err := c.Components.Update(t.Context(), 1, UpdateComponentRequest{Status: Ptr(ComponentStatusOperational)})
	var redErr *RedirectError
	require.ErrorAs(t, err, &redErr)
	assert.ErrorIs(t, err, ErrRedirect)
	for _, other := range []error{ErrNotFound, ErrUnauthorized, ErrValidation, ErrRateLimited, ErrServer,
		ErrNotCachet, ErrResponseTooLarge, errors.New("cachet: redirect refused")} {
		assert.NotErrorIs(t, err, other)
	}
}

// TestBackoffJitterSpreadsOverItsRange pins the jitter of the backoff: the
// wait is spread over the whole of [d/2, d], not fixed at either end. Each
// check fails by chance with probability (3/4)^2000.
func TestBackoffJitterSpreadsOverItsRange(t *testing.T) {
	t.Parallel()
	p := RetryPolicy{MaxAttempts: 5, MinBackoff: 100 * time.Millisecond, MaxBackoff: time.Second}
	for attempt := 1; attempt <= 5; attempt++ {
		d := min(100*time.Millisecond<<(attempt-1), time.Second)
		half := d / 2
		quarter := (d - half) / 4
		lo, hi := d, time.Duration(0)
		for range 2000 {
			w := p.backoff(attempt)
			lo, hi = min(lo, w), max(hi, w)
		}
		assert.GreaterOrEqual(t, lo, half, "attempt %d", attempt)
		assert.Less(t, lo, half+quarter, "attempt %d: the low end of the range is used", attempt)
		assert.Greater(t, hi, d-quarter, "attempt %d: the high end of the range is used", attempt)
		assert.LessOrEqual(t, hi, d, "attempt %d", attempt)
	}
}
