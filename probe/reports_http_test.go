package probe

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHTTPReportsRequest(t *testing.T) {
	t.Parallel()
	requests := make(chan *http.Request, 1)
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests <- r.Clone(context.Background())
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"web": 3, "stream": 0, "chat": 1e2, "db": 2.0}`)
	}))
	source := &HTTPReports{URL: srv.URL + "/reports?site=proxer", Header: http.Header{"Authorization": {"Bearer secret"}}}
	end := time.Date(2026, 11, 25, 14, 0, 0, 0, time.FixedZone("CET", 3600))

	counts, err := source.Counts(probeContext(t, 0), end)

	require.NoError(t, err)
	assert.Equal(t, map[string]int{"web": 3, "stream": 0, "chat": 100, "db": 2}, counts)
	got := <-requests
	assert.Equal(t, http.MethodGet, got.Method)
	assert.Equal(t, "/reports", got.URL.Path)
	assert.Equal(t, "end=2026-11-25T13%3A00%3A00Z&site=proxer", got.URL.RawQuery)
	assert.Equal(t, "application/json", got.Header.Get("Accept"))
	assert.Equal(t, "Bearer secret", got.Header.Get("Authorization"))
}

func TestHTTPReportsErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		status      int
		contentType string
		body        string
		wantIs      []error
		wantStatus  int
	}{
		{name: "server error", status: 503, contentType: "application/json", body: `{"error":"down"}`, wantIs: []error{ErrReportsStatus}, wantStatus: 503},
		{name: "not found html", status: 404, contentType: "text/html", body: "<html>nope</html>", wantIs: []error{ErrReportsStatus}, wantStatus: 404},
		{name: "html with 200", status: 200, contentType: "text/html; charset=utf-8", body: `{"web": 1}`, wantIs: []error{ErrReportsNotJSON}, wantStatus: 200},
		{name: "html without content type", status: 200, body: "<!doctype html><p>login</p>", wantIs: []error{ErrReportsNotJSON}, wantStatus: 200},
		{name: "empty body", status: 200, contentType: "application/json", wantIs: []error{ErrReportsNotJSON}, wantStatus: 200},
		{name: "malformed json", status: 200, contentType: "application/json", body: `{"web": 3`, wantIs: []error{ErrReportsMalformed}, wantStatus: 200},
		{name: "trailing data", status: 200, contentType: "application/json", body: `{"web": 3} {}`, wantIs: []error{ErrReportsMalformed}, wantStatus: 200},
		{name: "array", status: 200, contentType: "application/json", body: `[3]`, wantIs: []error{ErrReportsMalformed}, wantStatus: 200},
		{name: "null", status: 200, contentType: "application/json", body: `null`, wantIs: []error{ErrReportsMalformed}, wantStatus: 200},
		{name: "string count", status: 200, contentType: "application/json", body: `{"web": "3"}`, wantIs: []error{ErrReportsMalformed}, wantStatus: 200},
		{name: "null count", status: 200, contentType: "application/json", body: `{"web": null}`, wantIs: []error{ErrReportsMalformed}, wantStatus: 200},
		{name: "fractional count", status: 200, contentType: "application/json", body: `{"web": 1.5}`, wantIs: []error{ErrReportsMalformed}, wantStatus: 200},
		{name: "huge count", status: 200, contentType: "application/json", body: `{"web": 1e300}`, wantIs: []error{ErrReportsMalformed}, wantStatus: 200},
		{name: "negative count", status: 200, contentType: "application/json", body: `{"web": -2}`, wantIs: []error{ErrReportsMalformed, ErrNegativeCount}, wantStatus: 200},
		{name: "negative float count", status: 200, contentType: "application/json", body: `{"web": -2e0}`, wantIs: []error{ErrNegativeCount}, wantStatus: 200},
		{name: "too large", status: 200, contentType: "application/json", body: `{"web": 1, "pad": "` + strings.Repeat("x", 2000) + `"}`, wantIs: []error{ErrReportsTooLarge}, wantStatus: 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if tt.contentType != "" {
					w.Header().Set("Content-Type", tt.contentType)
				}
				w.WriteHeader(tt.status)
				fmt.Fprint(w, tt.body)
			}))
			source := &HTTPReports{URL: srv.URL + "?token=secret", MaxBodyBytes: 1024}

			counts, err := source.Counts(probeContext(t, 0), time.Now())

			assert.Nil(t, counts)
			for _, target := range tt.wantIs {
				assert.ErrorIs(t, err, target)
			}
			var reportsErr *ReportsError
			require.ErrorAs(t, err, &reportsErr)
			assert.Equal(t, tt.wantStatus, reportsErr.StatusCode)
			assert.LessOrEqual(t, len(reportsErr.Excerpt), MaxExcerptBytes)
			assert.NotContains(t, err.Error(), "secret")
		})
	}
}

func TestHTTPReportsTransport(t *testing.T) {
	t.Parallel()
	hanging := newServer(t, http.HandlerFunc(hangingHandler))
	tests := []struct {
		name   string
		source HTTPReports
		wantIs error
	}{
		{name: "timeout", source: HTTPReports{URL: hanging.URL + "?token=secret", Timeout: 100 * time.Millisecond}, wantIs: context.DeadlineExceeded},
		{name: "closed port", source: HTTPReports{URL: "http://" + closedPort(t) + "/?token=secret"}},
		{name: "invalid url", source: HTTPReports{URL: "http://[::1/?token=secret"}},
		{name: "custom client", source: HTTPReports{URL: hanging.URL + "?token=secret", Client: &http.Client{Timeout: 50 * time.Millisecond}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			counts, err := tt.source.Counts(probeContext(t, 0), time.Now())

			require.Error(t, err)
			assert.Nil(t, counts)
			if tt.wantIs != nil {
				assert.ErrorIs(t, err, tt.wantIs)
			}
			assert.NotContains(t, err.Error(), "secret")
			assert.True(t, strings.HasPrefix(err.Error(), "probe: reports: "), err.Error())
		})
	}
}

func TestHTTPReportsRedirects(t *testing.T) {
	t.Parallel()
	var otherHits atomic.Int32
	other := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		otherHits.Add(1)
		fmt.Fprint(w, `{"web": 1}`)
	}))
	otherPort := other.Listener.Addr().(*net.TCPAddr).Port
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/moved":
			http.Redirect(w, r, "/counts", http.StatusMovedPermanently)
		case "/away":
			http.Redirect(w, r, fmt.Sprintf("http://localhost:%d/counts", otherPort), http.StatusFound)
		case "/loop":
			http.Redirect(w, r, "/loop", http.StatusFound)
		case "/counts":
			if r.Header.Get("X-Reports-Token") != "secret" {
				http.Error(w, "forbidden", http.StatusForbidden)
				return
			}
			fmt.Fprint(w, `{"web": 2}`)
		}
	}))
	header := http.Header{"X-Reports-Token": {"secret"}}

	t.Run("same host followed", func(t *testing.T) {
		t.Parallel()
		counts, err := (&HTTPReports{URL: srv.URL + "/moved", Header: header}).Counts(probeContext(t, 0), time.Now())
		require.NoError(t, err)
		assert.Equal(t, map[string]int{"web": 2}, counts)
	})
	t.Run("other host refused", func(t *testing.T) {
		t.Parallel()
		counts, err := (&HTTPReports{URL: srv.URL + "/away", Header: header}).Counts(probeContext(t, 0), time.Now())
		require.Error(t, err)
		assert.Nil(t, counts)
		assert.Contains(t, err.Error(), "refused")
		assert.NotContains(t, err.Error(), "secret")
		assert.Zero(t, otherHits.Load(), "the credentials never reached the other host")
	})
	t.Run("loop capped", func(t *testing.T) {
		t.Parallel()
		counts, err := (&HTTPReports{URL: srv.URL + "/loop", Header: header}).Counts(probeContext(t, 0), time.Now())
		require.Error(t, err)
		assert.Nil(t, counts)
		assert.Contains(t, err.Error(), "stopped after 10 redirects")
	})
}

func FuzzDecodeCounts(f *testing.F) {
	for _, seed := range []string{
		`{"web": 3, "stream": 0}`, `{}`, `{"web": 1e2}`, `{"web": -1}`, `{"web": 1.5}`, `{"web": "3"}`,
		`null`, `[]`, `<html></html>`, ``, `{"a":1}{`, `{"web": 9223372036854775808}`, ` {"x":0} `,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		counts, err := decodeCounts(body)
		if err != nil {
			assert.Nil(t, counts)
			return
		}
		require.NotNil(t, counts)
		for name, n := range counts {
			assert.GreaterOrEqual(t, n, 0, name)
		}
	})
}
