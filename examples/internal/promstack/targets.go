package promstack

import (
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// LocationTarget is a loopback HTTP server whose answer the test chooses per
// probing location (named in the [LocationHeader] request header).
type LocationTarget struct {
	// URL is the server's base URL.
	URL string

	mu     sync.Mutex
	status map[string]int
}

// NewTarget starts a [LocationTarget] that answers 200 to every location
// until [LocationTarget.Set] says otherwise. t's cleanup closes it.
func NewTarget(t testing.TB) *LocationTarget {
	t.Helper()
	lt := &LocationTarget{status: map[string]int{}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(lt.Status(r.Header.Get(LocationHeader)))
		_, _ = io.WriteString(w, "target\n")
	}))
	t.Cleanup(srv.Close)
	lt.URL = srv.URL
	return lt
}

// Set makes the target answer code to probes from location.
func (lt *LocationTarget) Set(location string, code int) {
	lt.mu.Lock()
	defer lt.mu.Unlock()
	lt.status[location] = code
}

// Status returns the code the target answers to probes from location.
func (lt *LocationTarget) Status(location string) int {
	lt.mu.Lock()
	defer lt.mu.Unlock()
	if code, ok := lt.status[location]; ok {
		return code
	}
	return http.StatusOK
}

// Delivery is one request a [WebhookRecorder] received.
type Delivery struct {
	Received time.Time
	Header   http.Header
	Body     []byte
}

// WebhookRecorder is a loopback HTTP server that records every request and
// answers 200.
type WebhookRecorder struct {
	// URL is the address to configure as the webhook, with path /hook.
	URL string

	mu         sync.Mutex
	deliveries []Delivery
}

// NewWebhookRecorder starts a [WebhookRecorder]; t's cleanup closes it.
func NewWebhookRecorder(t testing.TB) *WebhookRecorder {
	t.Helper()
	wr := &WebhookRecorder{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, 8<<20))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		wr.mu.Lock()
		wr.deliveries = append(wr.deliveries, Delivery{Received: time.Now(), Header: r.Header.Clone(), Body: body})
		wr.mu.Unlock()
	}))
	t.Cleanup(srv.Close)
	wr.URL = srv.URL + "/hook"
	return wr
}

// Deliveries returns a copy of what was received so far, in order.
func (wr *WebhookRecorder) Deliveries() []Delivery {
	wr.mu.Lock()
	defer wr.mu.Unlock()
	return append([]Delivery(nil), wr.deliveries...)
}
