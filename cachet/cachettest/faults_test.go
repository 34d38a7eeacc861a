package cachettest

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFailNext(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.Handler.FailNext(2, http.StatusServiceUnavailable, "", "<html><body>maintenance</body></html>")
	for range 2 {
		r := send(t, s, req{path: "/ping"})
		assert.Equal(t, http.StatusServiceUnavailable, r.Status)
		assert.Equal(t, "text/html; charset=UTF-8", r.Header.Get("Content-Type"))
		assert.Equal(t, "<html><body>maintenance</body></html>", string(r.Body))
	}
	assert.Equal(t, http.StatusOK, send(t, s, req{path: "/ping"}).Status)

	s.Handler.FailNext(1, http.StatusBadGateway, "", `{"errors":[]}`)
	r := send(t, s, req{path: "/components"})
	assert.Equal(t, http.StatusBadGateway, r.Status)
	assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
}

func TestInjectMatchingAndClear(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.Handler.Inject(Fault{Method: "POST", Path: "/api/v1/incidents", Status: 429, Header: http.Header{"Retry-After": {"7"}}, Body: `{"e":1}`})
	assert.Equal(t, http.StatusOK, send(t, s, req{path: "/incidents"}).Status, "method does not match")
	assert.Equal(t, http.StatusBadRequest, send(t, s, req{method: "POST", path: "/components", json: `{}`, token: true}).Status, "path does not match")
	for range 3 {
		r := send(t, s, req{method: "POST", path: "/incidents", json: `{}`, token: true})
		assert.Equal(t, http.StatusTooManyRequests, r.Status, "Times 0 hits every matching request")
		assert.Equal(t, "7", r.Header.Get("Retry-After"))
	}
	s.Handler.ClearFaults()
	assert.Equal(t, http.StatusBadRequest, send(t, s, req{method: "POST", path: "/incidents", json: `{}`, token: true}).Status)
}

func TestFaultRedirect(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.Handler.Inject(Fault{Times: 1, RedirectTo: "https://login.example.com/", Status: http.StatusMovedPermanently})
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	r, err := http.NewRequestWithContext(t.Context(), http.MethodPut, s.APIURL()+"/components/1", nil)
	require.NoError(t, err)
	resp, err := client.Do(r)
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Equal(t, http.StatusMovedPermanently, resp.StatusCode)
	assert.Equal(t, "https://login.example.com/", resp.Header.Get("Location"))
}

func TestFaultCloseConnection(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.Handler.Inject(Fault{Times: 1, CloseConnection: true})
	r, err := http.NewRequestWithContext(t.Context(), http.MethodGet, s.APIURL()+"/ping", nil)
	require.NoError(t, err)
	resp, err := s.Client().Do(r)
	if resp != nil {
		resp.Body.Close()
	}
	require.Error(t, err)
	assert.True(t, errors.Is(err, io.EOF) || errors.Is(err, syscall.ECONNRESET), "the connection is dropped, not answered: %v", err)
	logged := s.Handler.Requests()
	require.Len(t, logged, 1)
	assert.Equal(t, 0, logged[0].Status)
	assert.Equal(t, http.StatusOK, send(t, s, req{path: "/ping"}).Status)
}

func TestFaultLatency(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		h := NewHandler()
		h.Inject(Fault{Times: 1, Latency: 5 * time.Second})
		start := time.Now()
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequestWithContext(t.Context(), http.MethodGet, "/api/v1/ping", nil))
		assert.Equal(t, 5*time.Second, time.Since(start))
		assert.Equal(t, http.StatusOK, rec.Code, "a latency-only fault serves normally afterwards")
	})
}

func TestFaultHang(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		h := NewHandler()
		h.Inject(Fault{Times: 1, Hang: true})
		ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
		defer cancel()
		start := time.Now()
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequestWithContext(ctx, http.MethodGet, "/api/v1/ping", nil))
		assert.Equal(t, 30*time.Second, time.Since(start), "hangs until the client gives up")
		assert.Empty(t, rec.Body.String())
		require.Len(t, h.Requests(), 1)
		assert.Equal(t, 0, h.Requests()[0].Status)
	})
}

// getAsync sends GET path from another goroutine and delivers the client's
// error (nil when a response arrived).
func getAsync(ctx context.Context, s *Server, path string) <-chan error {
	done := make(chan error, 1)
	go func() {
		r, err := http.NewRequestWithContext(ctx, http.MethodGet, s.APIURL()+path, nil)
		if err != nil {
			done <- err
			return
		}
		resp, err := s.Client().Do(r)
		if resp != nil {
			resp.Body.Close()
		}
		done <- err
	}()
	return done
}

// waitHeld waits until n requests are held by Latency or Hang faults. The
// long limit only guards against a broken fake; it is not a timing check.
func waitHeld(t *testing.T, h *Handler, n int) {
	t.Helper()
	require.Eventually(t, func() bool { return h.heldRequests() == n }, 20*time.Second, time.Millisecond)
}

func TestFaultsReleasedByClose(t *testing.T) {
	t.Parallel()
	s := NewServer()
	s.Handler.Inject(Fault{Path: "/api/v1/ping", Hang: true})
	s.Handler.Inject(Fault{Path: "/api/v1/version", Latency: time.Hour})
	hung := getAsync(context.Background(), s, "/ping")
	delayed := getAsync(context.Background(), s, "/version")
	waitHeld(t, s.Handler, 2)

	closed := make(chan struct{})
	go func() {
		s.Close()
		close(closed)
	}()
	select {
	case <-closed:
	case <-time.After(time.Minute):
		t.Fatal("Close did not release the held requests")
	}
	assert.Zero(t, s.Handler.heldRequests(), "no handler goroutine is left behind after Close")
	assert.Error(t, <-hung, "a hanging request gets no response")
	assert.Error(t, <-delayed, "a delayed request gets no response")
	for _, r := range s.Handler.Requests() {
		assert.Zero(t, r.Status, "%s was answered", r.Path)
	}
}

func TestFaultHangReleasedByClientCancel(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.Handler.Inject(Fault{Times: 1, Hang: true})
	ctx, cancel := context.WithCancel(t.Context())
	hung := getAsync(ctx, s, "/ping")
	waitHeld(t, s.Handler, 1)
	cancel()
	assert.ErrorIs(t, <-hung, context.Canceled)
	waitHeld(t, s.Handler, 0)
	require.Len(t, s.Handler.Requests(), 1)
	assert.Zero(t, s.Handler.Requests()[0].Status)
	assert.Equal(t, http.StatusOK, send(t, s, req{path: "/ping"}).Status, "Times 1: the next request is served")
}

func TestFaultTimesUnderConcurrency(t *testing.T) {
	t.Parallel()
	h := NewHandler()
	h.Inject(Fault{Times: 10, Status: http.StatusServiceUnavailable})
	h.FailNext(5, http.StatusBadGateway, "", "")
	const clients = 60
	codes := make(chan int, clients)
	var wg sync.WaitGroup
	for range clients {
		wg.Go(func() {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequestWithContext(t.Context(), http.MethodGet, "/api/v1/ping", nil))
			codes <- rec.Code
		})
	}
	wg.Wait()
	close(codes)
	counts := map[int]int{}
	for c := range codes {
		counts[c]++
	}
	assert.Equal(t, map[int]int{503: 10, 502: 5, 200: clients - 15}, counts)
	assert.Len(t, h.Requests(), clients)
}

func TestRequestLog(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	send(t, s, req{method: "POST", path: "/components?x=1", json: `{"name":"API"}`, token: true})
	send(t, s, req{path: "/nope"})
	logged := s.Handler.Requests()
	require.Len(t, logged, 2)
	assert.Equal(t, "POST", logged[0].Method)
	assert.Equal(t, "/api/v1/components", logged[0].Path)
	assert.Equal(t, "x=1", logged[0].RawQuery)
	assert.Equal(t, `{"name":"API"}`, string(logged[0].Body))
	assert.Equal(t, s.Token, logged[0].Header.Get("X-Cachet-Token"))
	assert.Equal(t, http.StatusOK, logged[0].Status)
	assert.Equal(t, http.StatusNotFound, logged[1].Status)
	logged[0].Body[0] = 'X'
	assert.Equal(t, byte('{'), s.Handler.Requests()[0].Body[0], "Requests returns copies")
	s.Handler.ResetRequests()
	assert.Empty(t, s.Handler.Requests())
}

// heldRequests reports how many requests a Latency or Hang fault is
// holding right now.
func (h *Handler) heldRequests() int { return int(h.held.Load()) }
