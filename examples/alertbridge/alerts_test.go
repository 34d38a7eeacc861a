package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// amToken is the Alertmanager token of the tests; no error may contain it.
const amToken = "am-secret-token"

// alertmanagerReplay serves body with status under /am/api/v2/alerts only,
// so a client that drops the base path fails, and records the requests.
func alertmanagerReplay(t testing.TB, status int, contentType, body string) (*alertsClient, chan *http.Request) {
	t.Helper()
	requests := make(chan *http.Request, 4)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /am/api/v2/alerts", func(w http.ResponseWriter, r *http.Request) {
		select {
		case requests <- r.Clone(context.Background()):
		default:
		}
		if contentType != "" {
			w.Header().Set("Content-Type", contentType)
		}
		w.WriteHeader(status)
		fmt.Fprint(w, body)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return &alertsClient{BaseURL: srv.URL + "/am/", Token: amToken}, requests
}

func TestAlertsClientList(t *testing.T) {
	t.Parallel()
	client, requests := alertmanagerReplay(t, http.StatusOK, "application/json", string(captured(t, "api_v2_alerts.json")))

	got, err := client.List(t.Context(), listAlertsOptions{SkipSilenced: true, Filter: []string{`component=~".+"`, `alertname="ProbeFailing"`}})

	require.NoError(t, err)
	req := <-requests
	assert.Equal(t, http.MethodGet, req.Method)
	assert.Equal(t, "/am/api/v2/alerts", req.URL.Path)
	assert.Equal(t, "active=true&filter=component%3D~%22.%2B%22&filter=alertname%3D%22ProbeFailing%22&inhibited=true&silenced=false&unprocessed=true", req.URL.RawQuery)
	assert.Equal(t, "Bearer "+amToken, req.Header.Get("Authorization"))
	assert.Equal(t, "application/json", req.Header.Get("Accept"))
	require.Len(t, got, 1)
	a := got[0]
	assert.Equal(t, alertFiring, a.Status)
	assert.Equal(t, "7", a.Labels["component"])
	assert.Equal(t, "b", a.Labels["location"])
	assert.Equal(t, "major_outage", a.Labels["severity"])
	assert.Equal(t, "f64965c28fad3cf1", a.Fingerprint)
	assert.Equal(t, time.Date(2026, 12, 2, 13, 0, 47, 383e6, time.UTC), a.StartsAt)

	t.Run("defaults", func(t *testing.T) {
		t.Parallel()
		client, requests := alertmanagerReplay(t, http.StatusOK, "application/json", "[]")
		client.Token = ""
		got, err := client.List(t.Context(), listAlertsOptions{})
		require.NoError(t, err)
		assert.Empty(t, got)
		assert.NotNil(t, got)
		req := <-requests
		assert.Equal(t, "active=true&inhibited=true&silenced=true&unprocessed=true", req.URL.RawQuery)
		assert.Empty(t, req.Header.Get("Authorization"))
	})
}

func TestAlertsClientErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		status      int
		contentType string
		body        string
		maxBytes    int64
		wantIs      error
	}{
		{"unauthorized", http.StatusUnauthorized, "text/plain", "no", 0, errAlertsStatus},
		{"server error json", http.StatusInternalServerError, "application/json", `{"code":500,"message":"boom"}`, 0, errAlertsStatus},
		{"html", http.StatusOK, "text/html", "<html>login</html>", 0, errAlertsNotJSON},
		{"html without type", http.StatusOK, "", "  <!doctype html>", 0, errAlertsNotJSON},
		{"object", http.StatusOK, "application/json", `{"alerts":[]}`, 0, errAlertsMalformed},
		{"null", http.StatusOK, "application/json", `null`, 0, errAlertsMalformed},
		{"truncated", http.StatusOK, "application/json", `[{"labels":`, 0, errAlertsMalformed},
		{"alert without labels", http.StatusOK, "application/json", `[{"fingerprint":"x"}]`, 0, errAlertsMalformed},
		{"bad time", http.StatusOK, "application/json", `[{"labels":{"a":"b"},"startsAt":"yesterday"}]`, 0, errAlertsMalformed},
		{"too large", http.StatusOK, "application/json", string(captured(t, "api_v2_alerts.json")), 100, errAlertsTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			client, _ := alertmanagerReplay(t, tt.status, tt.contentType, tt.body)
			client.MaxBytes = tt.maxBytes

			got, err := client.List(t.Context(), listAlertsOptions{})

			assert.Nil(t, got)
			require.ErrorIs(t, err, tt.wantIs)
			var aerr *alertsError
			require.ErrorAs(t, err, &aerr)
			assert.Equal(t, tt.status, aerr.StatusCode)
			assert.NotContains(t, err.Error(), amToken)
		})
	}
}

func TestAlertsClientTransport(t *testing.T) {
	t.Parallel()
	hanging := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	t.Cleanup(hanging.Close)
	var otherHits atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		otherHits.Add(1)
		fmt.Fprint(w, "[]")
	}))
	t.Cleanup(other.Close)
	redirecting := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+r.URL.Path, http.StatusFound)
	}))
	t.Cleanup(redirecting.Close)

	tests := []struct {
		name   string
		client alertsClient
		wantIs error
	}{
		{"hang", alertsClient{BaseURL: hanging.URL, Token: amToken, Timeout: 100 * time.Millisecond}, context.DeadlineExceeded},
		{"redirect not followed", alertsClient{BaseURL: redirecting.URL, Token: amToken}, errAlertsStatus},
		{"no url", alertsClient{Token: amToken}, nil},
		{"relative url", alertsClient{BaseURL: "alertmanager:9093", Token: amToken}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			begin := time.Now()
			got, err := tt.client.List(t.Context(), listAlertsOptions{})
			assert.Less(t, time.Since(begin), 5*time.Second)
			require.Error(t, err)
			assert.Nil(t, got)
			if tt.wantIs != nil {
				assert.ErrorIs(t, err, tt.wantIs)
			}
			assert.NotContains(t, err.Error(), amToken)
			assert.True(t, strings.HasPrefix(err.Error(), "alertbridge: alertmanager: "), err.Error())
			assert.Zero(t, otherHits.Load(), "the token never followed a redirect")
		})
	}
}

// TestAlertsEchoedTokenIsRedacted: an Alertmanager behind a proxy that
// echoes the request's headers into its error page does not put the token
// into the error, also when the token straddles the excerpt's cut.
func TestAlertsEchoedTokenIsRedacted(t *testing.T) {
	t.Parallel()
	for _, pad := range []int{0, 256 - len("Authorization: Bearer ") - 5} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusBadGateway)
			fmt.Fprintf(w, "%sAuthorization: %s", strings.Repeat("x", pad), r.Header.Get("Authorization"))
		}))
		t.Cleanup(srv.Close)
		client := &alertsClient{BaseURL: srv.URL + "/", Token: amToken}
		_, err := client.List(t.Context(), listAlertsOptions{})
		require.Error(t, err)
		msg := fmt.Sprintf("%+v", err)
		for i := 5; i <= len(amToken); i++ {
			require.NotContains(t, msg, amToken[:i], "pad %d: %s", pad, msg)
		}
	}
}
