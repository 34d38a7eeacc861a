package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hookToken is the webhook token of the tests; no log line may contain it.
const hookToken = "hook-secret-token"

// captured reads a payload captured from Alertmanager 0.25 by
// examples/internal/promstack's TestStack.
func captured(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return b
}

func TestDecodeWebhookCaptured(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file       string
		status     string
		alerts     []string // status/location per alert
		group      map[string]string
		wantLabels map[string]string // labels of the first alert, in part
	}{
		{"webhook_firing.json", alertFiring, []string{"firing/b"}, map[string]string{"component": "7"},
			map[string]string{"alertname": "ProbeFailing", "component": "7", "severity": "major_outage"}},
		{"webhook_resolved.json", alertResolved, []string{"resolved/a", "resolved/b"}, map[string]string{"component": "7"},
			map[string]string{"alertname": "ProbeFailing", "component": "7", "severity": "major_outage"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			w, err := decodeWebhook(captured(t, tt.file))
			require.NoError(t, err)
			assert.Equal(t, "4", w.Version)
			assert.Equal(t, tt.status, w.Status)
			assert.Equal(t, "webhook", w.Receiver)
			assert.Equal(t, tt.group, w.GroupLabels)
			assert.Equal(t, `{}:{component="7"}`, w.GroupKey)
			var got []string
			for _, a := range w.Alerts {
				got = append(got, a.Status+"/"+a.Labels["location"])
				assert.NotEmpty(t, a.Fingerprint)
				assert.False(t, a.StartsAt.IsZero())
			}
			assert.Equal(t, tt.alerts, got)
			for k, v := range tt.wantLabels {
				assert.Equal(t, v, w.Alerts[0].Labels[k], k)
			}
			if tt.status == alertResolved {
				assert.True(t, w.Alerts[0].EndsAt.After(w.Alerts[0].StartsAt))
			}
		})
	}
}

func TestDecodeWebhookInvalid(t *testing.T) {
	t.Parallel()
	firing := string(captured(t, "webhook_firing.json"))
	tests := []struct {
		name   string
		body   string
		wantIs error
		field  string
	}{
		{"empty", "", errMalformed, ""},
		{"not json", "alert!", errMalformed, ""},
		{"html", "<html>502</html>", errMalformed, ""},
		{"truncated", firing[:len(firing)/2], errMalformed, ""},
		{"list", "[]", errMalformed, ""},
		{"two payloads", firing + firing, errMalformed, ""},
		{"wrong type", `{"version": 4}`, errMalformed, ""},
		{"alerts not a list", `{"version":"4","status":"firing","alerts":{}}`, errMalformed, ""},
		{"version 3", strings.Replace(firing, `"version":"4"`, `"version":"3"`, 1), errInvalid, "version"},
		{"no version", `{"status":"firing","alerts":[]}`, errInvalid, "version"},
		{"bad status", strings.Replace(firing, `"status":"firing"`, `"status":"burning"`, 1), errInvalid, "status"},
		{"bad alert status", strings.Replace(firing, `"alerts":[{"status":"firing"`, `"alerts":[{"status":"on"`, 1), errInvalid, "alerts[0].status"},
		{"alert without labels", `{"version":"4","status":"firing","alerts":[{"status":"firing","labels":{}}]}`, errInvalid, "alerts[0].labels"},
		{"negative truncated", `{"version":"4","status":"firing","truncatedAlerts":-1,"alerts":[]}`, errInvalid, "truncatedAlerts"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w, err := decodeWebhook([]byte(tt.body))
			require.ErrorIs(t, err, tt.wantIs)
			assert.Equal(t, webhook{}, w.withoutMaps(), "no half-filled payload")
			if tt.field != "" {
				var perr *payloadError
				require.ErrorAs(t, err, &perr)
				assert.Equal(t, tt.field, perr.Field)
			}
		})
	}
}

// withoutMaps returns w with only its comparable fields.
func (w webhook) withoutMaps() webhook {
	return webhook{Version: w.Version, GroupKey: w.GroupKey, TruncatedAlerts: w.TruncatedAlerts, Status: w.Status, Receiver: w.Receiver, ExternalURL: w.ExternalURL}
}

// receiverUnderTest returns a receiver recording deliveries and log lines.
type receiverUnderTest struct {
	handler *webhookReceiver
	logs    *bytes.Buffer
	mu      sync.Mutex
	got     []webhook
}

func newReceiverUnderTest(maxBytes int64, deliverErr error) *receiverUnderTest {
	r := &receiverUnderTest{logs: &bytes.Buffer{}}
	r.handler = &webhookReceiver{
		Token:    hookToken,
		MaxBytes: maxBytes,
		Logger:   slog.New(slog.NewTextHandler(r.logs, nil)),
		Deliver: func(_ context.Context, w webhook) error {
			r.mu.Lock()
			defer r.mu.Unlock()
			r.got = append(r.got, w)
			return deliverErr
		},
	}
	return r
}

func TestWebhookReceiver(t *testing.T) {
	t.Parallel()
	firing := captured(t, "webhook_firing.json")
	auth := "Bearer " + hookToken
	tests := []struct {
		name        string
		method      string
		auth        string
		contentType string
		body        []byte
		maxBytes    int64
		deliverErr  error
		want        int
		delivered   bool
	}{
		{"firing", http.MethodPost, auth, "application/json", firing, 0, nil, http.StatusNoContent, true},
		{"content type with charset, lowercase bearer", http.MethodPost, "bearer " + hookToken, "application/json; charset=utf-8", firing, 0, nil, http.StatusNoContent, true},
		{"body exactly at the limit", http.MethodPost, auth, "application/json", firing, int64(len(firing)), nil, http.StatusNoContent, true},
		{"oversized", http.MethodPost, auth, "application/json", firing, int64(len(firing) - 1), nil, http.StatusRequestEntityTooLarge, false},
		{"no token", http.MethodPost, "", "application/json", firing, 0, nil, http.StatusUnauthorized, false},
		{"wrong token", http.MethodPost, "Bearer nope", "application/json", firing, 0, nil, http.StatusUnauthorized, false},
		{"token without scheme", http.MethodPost, hookToken, "application/json", firing, 0, nil, http.StatusUnauthorized, false},
		{"basic auth", http.MethodPost, "Basic " + hookToken, "application/json", firing, 0, nil, http.StatusUnauthorized, false},
		{"get", http.MethodGet, auth, "", nil, 0, nil, http.StatusMethodNotAllowed, false},
		{"form", http.MethodPost, auth, "application/x-www-form-urlencoded", firing, 0, nil, http.StatusUnsupportedMediaType, false},
		{"malformed", http.MethodPost, auth, "application/json", []byte(`{"version":`), 0, nil, http.StatusBadRequest, false},
		{"invalid", http.MethodPost, auth, "application/json", []byte(`{"version":"3","status":"firing"}`), 0, nil, http.StatusBadRequest, false},
		{"delivery fails", http.MethodPost, auth, "application/json", firing, 0, errors.New("cachet unreachable"), http.StatusInternalServerError, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := newReceiverUnderTest(tt.maxBytes, tt.deliverErr)
			req := httptest.NewRequestWithContext(t.Context(), tt.method, "/webhook", bytes.NewReader(tt.body))
			if tt.auth != "" {
				req.Header.Set("Authorization", tt.auth)
			}
			if tt.contentType != "" {
				req.Header.Set("Content-Type", tt.contentType)
			}
			rec := httptest.NewRecorder()

			r.handler.ServeHTTP(rec, req)

			assert.Equal(t, tt.want, rec.Code, rec.Body.String())
			assert.Equal(t, tt.delivered, len(r.got) == 1, "delivered")
			assert.NotContains(t, rec.Body.String(), hookToken)
			assert.NotContains(t, r.logs.String(), hookToken)
			if tt.want == http.StatusNoContent {
				assert.Empty(t, r.logs.String())
				return
			}
			assert.Equal(t, 1, strings.Count(r.logs.String(), "\n"), "logged once: %s", r.logs)
			if tt.want == http.StatusMethodNotAllowed {
				assert.Equal(t, http.MethodPost, rec.Header().Get("Allow"))
			}
		})
	}
}

// TestWebhookReceiverStopsReadingAtLimit shows that an endless body is cut
// at the limit rather than read to the end.
func TestWebhookReceiverStopsReadingAtLimit(t *testing.T) {
	t.Parallel()
	r := newReceiverUnderTest(1<<10, nil)
	srv := httptest.NewServer(r.handler)
	t.Cleanup(srv.Close)
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL, io.MultiReader(strings.NewReader(`{"alerts":["`), endless{}))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+hookToken)
	req.Header.Set("Content-Type", "application/json")

	resp, err := srv.Client().Do(req)

	if err == nil { // the server may also close the connection while the client still writes
		resp.Body.Close()
		assert.Equal(t, http.StatusRequestEntityTooLarge, resp.StatusCode)
	}
	assert.NoError(t, ctx.Err(), "answered before the deadline")
	assert.Empty(t, r.got)
}

// endless is a reader that never ends.
type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'x'
	}
	return len(p), nil
}

func FuzzDecodeWebhook(f *testing.F) {
	f.Add(captured(f, "webhook_firing.json"))
	f.Add(captured(f, "webhook_resolved.json"))
	f.Add([]byte(`{"version":"4","status":"firing","alerts":[{"status":"firing","labels":{"a":"b"}}]}`))
	f.Add([]byte(`{"version":"4","status":"resolved","alerts":null}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		w, err := decodeWebhook(body)
		if err != nil {
			assert.True(t, errors.Is(err, errMalformed) || errors.Is(err, errInvalid), "typed error: %v", err)
			return
		}
		assert.Equal(t, "4", w.Version)
		for _, a := range w.Alerts {
			assert.NotEmpty(t, a.Labels)
			assert.Contains(t, []string{alertFiring, alertResolved}, a.Status)
		}
	})
}
