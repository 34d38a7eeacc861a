package probe

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// promToken is the bearer token of the tests; no error may contain it.
const promToken = "prom-secret-token"

// capturedAnswer reads a payload captured from Prometheus 2.42 by
// examples/internal/promstack's TestStack.
func capturedAnswer(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "prometheus", name))
	require.NoError(t, err)
	return b
}

// replay serves body with status under /prom/api/v1/query only, so a
// source that drops the base path fails, and records the requests.
func replay(t testing.TB, status int, contentType string, body []byte) (*Prometheus, chan *http.Request) {
	t.Helper()
	requests := make(chan *http.Request, 4)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /prom/api/v1/query", func(w http.ResponseWriter, r *http.Request) {
		select {
		case requests <- r.Clone(context.Background()):
		default:
		}
		if contentType != "" {
			w.Header().Set("Content-Type", contentType)
		}
		w.WriteHeader(status)
		_, _ = w.Write(body)
	})
	srv := newServer(t, mux)
	return &Prometheus{
		URL:         srv.URL + "/prom/",
		Target:      "stream14",
		Matchers:    `component="7"`,
		Locations:   []string{"a", "b"},
		BearerToken: promToken,
	}, requests
}

func TestPrometheusRequest(t *testing.T) {
	t.Parallel()
	source, requests := replay(t, http.StatusOK, "application/json", capturedAnswer(t, "vector_up.json"))

	_, err := source.Results(probeContext(t, 0))

	require.NoError(t, err)
	got := <-requests
	assert.Equal(t, http.MethodGet, got.Method)
	assert.Equal(t, "/prom/api/v1/query", got.URL.Path)
	assert.Equal(t, "query=%7B__name__%3D~%22probe_success%7Cprobe_duration_seconds%7Cprobe_http_status_code%7Cprobe_ssl_earliest_cert_expiry%22%2C+component%3D%227%22%7D", got.URL.RawQuery)
	assert.Equal(t, `{__name__=~"probe_success|probe_duration_seconds|probe_http_status_code|probe_ssl_earliest_cert_expiry", component="7"}`, got.URL.Query().Get("query"))
	assert.Equal(t, "Bearer "+promToken, got.Header.Get("Authorization"))
	assert.Equal(t, "application/json", got.Header.Get("Accept"))

	t.Run("custom query, no token", func(t *testing.T) {
		t.Parallel()
		source, requests := replay(t, http.StatusOK, "application/json", capturedAnswer(t, "vector_up.json"))
		source.Query, source.BearerToken = `probe_success{job=~"blackbox-.*"}`, ""
		_, err := source.Results(probeContext(t, 0))
		require.NoError(t, err)
		got := <-requests
		assert.Equal(t, `probe_success{job=~"blackbox-.*"}`, got.URL.Query().Get("query"))
		assert.Empty(t, got.Header.Get("Authorization"))
	})
}

func TestPrometheusResults(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 12, 2, 13, 0, 0, 0, time.UTC) // near the captures' times
	tests := []struct {
		name      string
		payload   string
		locations []string
		want      []Result // Err compared by sentinel below, Start and Latency by range
		wantErrIs []error
	}{
		{
			name: "both up", payload: "vector_up.json", locations: []string{"a", "b"},
			want:      []Result{{Location: "a", StatusCode: 200}, {Location: "b", StatusCode: 200}},
			wantErrIs: []error{nil, nil},
		},
		{
			name: "one failing", payload: "vector_one_failing.json", locations: []string{"a", "b"},
			want:      []Result{{Location: "a", StatusCode: 200}, {Location: "b", StatusCode: 503, Kind: FailureHTTP}},
			wantErrIs: []error{nil, ErrUnexpectedStatus},
		},
		{
			name: "both failing", payload: "vector_both_failing.json", locations: []string{"b", "a"},
			want:      []Result{{Location: "b", StatusCode: 503, Kind: FailureHTTP}, {Location: "a", StatusCode: 503, Kind: FailureHTTP}},
			wantErrIs: []error{ErrUnexpectedStatus, ErrUnexpectedStatus},
		},
		{
			name: "a third location has no data", payload: "vector_up.json", locations: []string{"a", "b", "c"},
			want:      []Result{{Location: "a", StatusCode: 200}, {Location: "b", StatusCode: 200}, {Location: "c", Kind: FailureNoData}},
			wantErrIs: []error{nil, nil, ErrNoData},
		},
		{
			name: "locations found when none are listed", payload: "vector_one_failing.json",
			want:      []Result{{Location: "a", StatusCode: 200}, {Location: "b", StatusCode: 503, Kind: FailureHTTP}},
			wantErrIs: []error{nil, ErrUnexpectedStatus},
		},
		{
			name: "no series at all", payload: "vector_empty.json", locations: []string{"a", "b"},
			want:      []Result{{Location: "a", Kind: FailureNoData}, {Location: "b", Kind: FailureNoData}},
			wantErrIs: []error{ErrNoData, ErrNoData},
		},
		{
			name: "no series and no locations listed", payload: "vector_empty.json",
			want:      []Result{{Kind: FailureNoData}},
			wantErrIs: []error{ErrNoData},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			source, _ := replay(t, http.StatusOK, "application/json", capturedAnswer(t, tt.payload))
			source.Locations = tt.locations

			got, err := source.Results(probeContext(t, 0))

			require.NoError(t, err)
			require.Len(t, got, len(tt.want))
			for i, r := range got {
				assert.Equal(t, "stream14", r.Target)
				assert.Equal(t, tt.want[i].Location, r.Location)
				assert.Equal(t, tt.want[i].StatusCode, r.StatusCode, "location %s", r.Location)
				assert.Equal(t, tt.want[i].Kind, r.Kind, "location %s", r.Location)
				assert.Equal(t, tt.want[i].Kind, Classify(r.Err), "the error classifies as the kind")
				if tt.wantErrIs[i] == nil {
					assert.NoError(t, r.Err)
					assert.True(t, r.OK())
				} else {
					if assert.ErrorIs(t, r.Err, tt.wantErrIs[i]) {
						assert.Contains(t, r.Err.Error(), `location="`+r.Location+`"`)
					}
				}
				if r.Kind == FailureNoData {
					assert.Zero(t, r.Start)
					assert.Zero(t, r.Latency)
					continue
				}
				assert.WithinDuration(t, at, r.Start, time.Hour, "the sample's evaluation time")
				assert.Greater(t, r.Latency, time.Duration(0))
				assert.Less(t, r.Latency, time.Second)
				assert.Zero(t, r.CertExpiry, "plain HTTP target")
			}
		})
	}
}

// vector builds an instant-query answer from "name location value" lines.
func vector(lines ...string) string {
	var series []string
	for _, l := range lines {
		f := strings.Fields(l)
		metric := fmt.Sprintf(`"location":%q,"instance":"https://stream14.example/"`, f[1])
		if f[0] != "-" {
			metric = fmt.Sprintf(`"__name__":%q,`, f[0]) + metric
		}
		series = append(series, fmt.Sprintf(`{"metric":{%s},"value":[1796216446.803,%q]}`, metric, f[2]))
	}
	return `{"status":"success","data":{"resultType":"vector","result":[` + strings.Join(series, ",") + `]}}`
}

func TestPrometheusSeries(t *testing.T) {
	t.Parallel()
	expiry := time.Date(2027, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		answer   string
		want     Result
		wantIs   error
		location string
	}{
		{name: "tls target", answer: vector("probe_success a 1", "probe_http_status_code a 200", "probe_duration_seconds a 0.25",
			fmt.Sprintf("probe_ssl_earliest_cert_expiry a %d", expiry.Unix())),
			want: Result{StatusCode: 200, Latency: 250 * time.Millisecond, CertExpiry: expiry}},
		{name: "expression without a metric name", answer: vector("- a 1"), want: Result{}},
		{name: "failed body check keeps the 200", answer: vector("probe_success a 0", "probe_http_status_code a 200"),
			want: Result{StatusCode: 200, Kind: FailureHTTP}, wantIs: ErrProbeFailed},
		{name: "failed without a response", answer: vector("probe_success a 0", "probe_http_status_code a 0", "probe_duration_seconds a 5.001"),
			want: Result{Kind: FailureOther, Latency: 5001 * time.Millisecond}, wantIs: ErrProbeFailed},
		{name: "only other metrics", answer: vector("probe_duration_seconds a 0.1"), want: Result{Kind: FailureNoData}, wantIs: ErrNoData},
		{name: "success NaN", answer: vector("probe_success a NaN"), want: Result{Kind: FailureNoData}, wantIs: ErrNoData},
		{name: "success ratio", answer: vector("- a 0.5"), want: Result{Kind: FailureNoData}, wantIs: ErrNoData},
		{name: "absurd values ignored", answer: vector("probe_success a 1", "probe_http_status_code a 2e9", "probe_duration_seconds a +Inf", "probe_ssl_earliest_cert_expiry a -1"),
			want: Result{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			source, _ := replay(t, http.StatusOK, "application/json", []byte(tt.answer))
			source.Locations = []string{"a"}

			got, err := source.Results(probeContext(t, 0))

			require.NoError(t, err)
			require.Len(t, got, 1)
			r := got[0]
			assert.Equal(t, tt.want.StatusCode, r.StatusCode)
			assert.Equal(t, tt.want.Kind, r.Kind)
			assert.Equal(t, tt.want.Latency, r.Latency)
			assert.Equal(t, tt.want.CertExpiry, r.CertExpiry)
			if tt.wantIs == nil {
				assert.NoError(t, r.Err)
			} else {
				assert.ErrorIs(t, r.Err, tt.wantIs)
			}
		})
	}
}

func TestPrometheusBadAnswers(t *testing.T) {
	t.Parallel()
	big := vector("probe_success a 1", "probe_http_status_code a 200")
	tests := []struct {
		name        string
		status      int
		contentType string
		body        string
		maxBytes    int64
		wantIs      error
		errorType   string
	}{
		{name: "query error (captured)", status: http.StatusBadRequest, contentType: "application/json",
			body: string(capturedAnswer(t, "error_bad_data.json")), wantIs: ErrPrometheusQuery, errorType: "bad_data"},
		{name: "server timeout", status: http.StatusServiceUnavailable, contentType: "application/json",
			body: `{"status":"error","errorType":"timeout","error":"query timed out in expression evaluation"}`, wantIs: ErrPrometheusQuery, errorType: "timeout"},
		{name: "error with 200", status: http.StatusOK, body: `{"status":"error","errorType":"internal","error":"x"}`, wantIs: ErrPrometheusQuery, errorType: "internal"},
		{name: "html login page", status: http.StatusOK, contentType: "text/html; charset=utf-8", body: "<!doctype html><title>Sign in</title>", wantIs: ErrPrometheusNotJSON},
		{name: "html starting with text", status: http.StatusOK, contentType: "text/html", body: "Access denied. <a href=/login>Sign in</a>", wantIs: ErrPrometheusNotJSON},
		{name: "html without content type", status: http.StatusOK, body: "<html><body>proxy</body></html>", wantIs: ErrPrometheusNotJSON},
		{name: "bad gateway text", status: http.StatusBadGateway, contentType: "text/plain", body: "upstream unavailable", wantIs: ErrPrometheusStatus},
		{name: "unauthorized empty", status: http.StatusUnauthorized, wantIs: ErrPrometheusStatus},
		{name: "empty 200", status: http.StatusOK, wantIs: ErrPrometheusNotJSON},
		{name: "not an object", status: http.StatusOK, body: `[1,2]`, wantIs: ErrPrometheusMalformed},
		{name: "truncated json", status: http.StatusOK, body: big[:len(big)/2], wantIs: ErrPrometheusMalformed},
		{name: "unknown status", status: http.StatusOK, body: `{"status":"partial"}`, wantIs: ErrPrometheusMalformed},
		{name: "no data", status: http.StatusOK, body: `{"status":"success"}`, wantIs: ErrPrometheusMalformed},
		{name: "matrix", status: http.StatusOK, body: `{"status":"success","data":{"resultType":"matrix","result":[]}}`, wantIs: ErrPrometheusMalformed},
		{name: "scalar", status: http.StatusOK, body: `{"status":"success","data":{"resultType":"scalar","result":[1796216446.8,"1"]}}`, wantIs: ErrPrometheusMalformed},
		{name: "value not a pair", status: http.StatusOK, body: `{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1]}]}}`, wantIs: ErrPrometheusMalformed},
		{name: "value not a number", status: http.StatusOK, body: `{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"up"]}]}}`, wantIs: ErrPrometheusMalformed},
		{name: "two series per location", status: http.StatusOK, body: vector("probe_success a 1", "probe_success a 0"), wantIs: ErrPrometheusMalformed},
		{name: "unexpected metric", status: http.StatusOK, body: vector("up a 1"), wantIs: ErrPrometheusMalformed},
		{name: "too large", status: http.StatusOK, contentType: "application/json", body: big, maxBytes: int64(len(big) - 1), wantIs: ErrPrometheusTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			source, _ := replay(t, tt.status, tt.contentType, []byte(tt.body))
			source.MaxBodyBytes = tt.maxBytes

			got, err := source.Results(probeContext(t, 0))

			assert.Nil(t, got)
			require.ErrorIs(t, err, tt.wantIs)
			var perr *PrometheusError
			require.ErrorAs(t, err, &perr)
			assert.Equal(t, tt.status, perr.StatusCode)
			assert.Equal(t, tt.errorType, perr.ErrorType)
			assert.NotContains(t, err.Error(), promToken)
			assert.True(t, strings.HasPrefix(err.Error(), "probe: prometheus: "), err.Error())
		})
	}
	t.Run("limit exactly met", func(t *testing.T) {
		t.Parallel()
		source, _ := replay(t, http.StatusOK, "application/json", []byte(big))
		source.MaxBodyBytes = int64(len(big))
		got, err := source.Results(probeContext(t, 0))
		require.NoError(t, err)
		assert.Len(t, got, 2)
	})
}

func TestPrometheusTransport(t *testing.T) {
	t.Parallel()
	hanging := newServer(t, http.HandlerFunc(hangingHandler))
	tests := []struct {
		name   string
		source Prometheus
		wantIs error
	}{
		{name: "hang", source: Prometheus{URL: hanging.URL, Matchers: `job="x"`, BearerToken: promToken, Timeout: 100 * time.Millisecond}, wantIs: context.DeadlineExceeded},
		{name: "closed port", source: Prometheus{URL: "http://" + closedPort(t), Matchers: `job="x"`, BearerToken: promToken}},
		{name: "custom client timeout", source: Prometheus{URL: hanging.URL, Matchers: `job="x"`, BearerToken: promToken, Client: &http.Client{Timeout: 50 * time.Millisecond}}},
		{name: "no url", source: Prometheus{Matchers: `job="x"`}, wantIs: ErrPrometheusConfig},
		{name: "relative url", source: Prometheus{URL: "prometheus:9090", Matchers: `job="x"`}, wantIs: ErrPrometheusConfig},
		{name: "invalid url", source: Prometheus{URL: "http://[::1", Matchers: `job="x"`}, wantIs: ErrPrometheusConfig},
		{name: "no matchers", source: Prometheus{URL: hanging.URL, Matchers: "  "}, wantIs: ErrPrometheusConfig},
		{name: "negative timeout", source: Prometheus{URL: hanging.URL, Matchers: `job="x"`, Timeout: -1}, wantIs: ErrPrometheusConfig},
		{name: "negative limit", source: Prometheus{URL: hanging.URL, Matchers: `job="x"`, MaxBodyBytes: -1}, wantIs: ErrPrometheusConfig},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			begin := time.Now()

			got, err := tt.source.Results(probeContext(t, 0))

			assert.Less(t, time.Since(begin), 5*time.Second, "returns on time")
			require.Error(t, err)
			assert.Nil(t, got)
			if tt.wantIs != nil {
				assert.ErrorIs(t, err, tt.wantIs)
			}
			assert.NotContains(t, err.Error(), promToken)
			assert.True(t, strings.HasPrefix(err.Error(), "probe: prometheus: "), err.Error())
		})
	}
}

func TestPrometheusRedirects(t *testing.T) {
	t.Parallel()
	var otherHits atomic.Int32
	other := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		otherHits.Add(1)
		_, _ = w.Write(capturedAnswer(t, "vector_up.json"))
	}))
	otherPort := other.Listener.Addr().(*net.TCPAddr).Port
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/moved/api/v1/query":
			http.Redirect(w, r, "/api/v1/query?"+r.URL.RawQuery, http.StatusFound)
		case "/away/api/v1/query":
			http.Redirect(w, r, fmt.Sprintf("http://localhost:%d/api/v1/query?%s", otherPort, r.URL.RawQuery), http.StatusFound)
		case "/api/v1/query":
			if r.Header.Get("Authorization") != "Bearer "+promToken {
				http.Error(w, "unauthorized", http.StatusUnauthorized)
				return
			}
			_, _ = w.Write(capturedAnswer(t, "vector_up.json"))
		}
	}))

	t.Run("same host followed", func(t *testing.T) {
		t.Parallel()
		got, err := (&Prometheus{URL: srv.URL + "/moved", Matchers: `job="x"`, BearerToken: promToken}).Results(probeContext(t, 0))
		require.NoError(t, err)
		assert.Len(t, got, 2)
	})
	t.Run("other host refused", func(t *testing.T) {
		t.Parallel()
		got, err := (&Prometheus{URL: srv.URL + "/away", Matchers: `job="x"`, BearerToken: promToken}).Results(probeContext(t, 0))
		require.Error(t, err)
		assert.Nil(t, got)
		assert.Contains(t, err.Error(), "refused")
		assert.NotContains(t, err.Error(), promToken)
		assert.Zero(t, otherHits.Load(), "the token never reached the other host")
	})
}

func FuzzDecodeVector(f *testing.F) {
	for _, name := range []string{"vector_up.json", "vector_one_failing.json", "vector_both_failing.json", "vector_empty.json", "error_bad_data.json"} {
		f.Add(capturedAnswer(f, name))
	}
	for _, seed := range []string{
		vector("- a 0.5"), vector("probe_success a NaN", "probe_http_status_code a 1e308"),
		`{"status":"success","data":{"resultType":"vector","result":[{"metric":null,"value":[1e300,"1"]}]}}`,
		`{"status":"success","data":{"resultType":"vector","result":[null]}}`, "<html>", "", "{",
	} {
		f.Add([]byte(seed))
	}
	source := &Prometheus{Target: "t", Locations: []string{"a", "b"}}
	f.Fuzz(func(t *testing.T, body []byte) {
		samples, err := decodeVector(body)
		if err != nil {
			assert.Nil(t, samples)
			return
		}
		results, err := source.results(samples)
		if err != nil {
			assert.ErrorIs(t, err, ErrPrometheusMalformed)
			return
		}
		require.GreaterOrEqual(t, len(results), 2)
		for _, r := range results {
			assert.Equal(t, r.Err == nil, r.Kind == FailureNone, "kind %s, err %v", r.Kind, r.Err)
			assert.Equal(t, r.Kind, Classify(r.Err))
			assert.GreaterOrEqual(t, r.Latency, time.Duration(0))
		}
	})
}

// BenchmarkPrometheusDecode decodes a captured two-location answer and
// groups it into results: the CPU cost per target per run.
func BenchmarkPrometheusDecode(b *testing.B) {
	body := capturedAnswer(b, "vector_one_failing.json")
	source := &Prometheus{Target: "stream14", Locations: []string{"a", "b"}}
	b.ReportAllocs()
	for b.Loop() {
		samples, err := decodeVector(body)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := source.results(samples); err != nil {
			b.Fatal(err)
		}
	}
}
