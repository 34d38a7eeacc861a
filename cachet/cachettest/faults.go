package cachettest

import (
	"io"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Fault makes the fake misbehave for matching requests, to test clients
// against proxies, outages and slow servers. Effects apply in this order:
// Latency, Hang, CloseConnection, RedirectTo, Status. A fault with only
// Latency delays the request and then serves it normally.
type Fault struct {
	// Method restricts the fault to one HTTP method ("" = any).
	Method string
	// Path restricts the fault to request paths with this prefix, e.g.
	// "/api/v1/components" ("" = any).
	Path string
	// Times is how many matching requests the fault hits; 0 or less means
	// every matching request until [Handler.ClearFaults].
	Times int
	// Status is the status code to answer with (0 = serve normally after
	// the other effects).
	Status int
	// ContentType of Body; when empty it is application/json for a body
	// starting with { or [, else text/html; charset=UTF-8.
	ContentType string
	// Body is written as is (JSON, HTML or anything else).
	Body string
	// Header is added to the fault's response.
	Header http.Header
	// Latency delays the request; a client that gives up first gets nothing.
	Latency time.Duration
	// Hang blocks until the client gives up (its request context is done)
	// or the server closes; no response is written.
	Hang bool
	// RedirectTo answers with a redirect to this URL (Status if it is a
	// 3xx code, else 302).
	RedirectTo string
	// CloseConnection drops the connection without writing a response.
	CloseConnection bool
	// DropAnswer serves the request (a write is applied and stored), then
	// drops the connection instead of answering: the client sees a reset
	// although Cachet made the change, as when a proxy or the network
	// loses the answer.
	DropAnswer bool
}

type activeFault struct {
	Fault
	remaining int
}

// Inject adds a fault. Faults are checked in the order they were added; the
// first that matches a request applies.
func (h *Handler) Inject(f Fault) {
	h.faultMu.Lock()
	defer h.faultMu.Unlock()
	if f.Header != nil {
		f.Header = f.Header.Clone()
	}
	h.faults = append(h.faults, &activeFault{Fault: f, remaining: f.Times})
}

// FailNext makes the next n requests answer status with body (JSON or
// HTML; contentType may be empty to guess from the body).
func (h *Handler) FailNext(n, status int, contentType, body string) {
	h.Inject(Fault{Times: n, Status: status, ContentType: contentType, Body: body})
}

// ClearFaults removes every injected fault.
func (h *Handler) ClearFaults() {
	h.faultMu.Lock()
	defer h.faultMu.Unlock()
	h.faults = nil
}

// takeFault returns the first fault matching r, consuming one use.
func (h *Handler) takeFault(r *http.Request) (Fault, bool) {
	h.faultMu.Lock()
	defer h.faultMu.Unlock()
	for i, f := range h.faults {
		if f.Method != "" && !strings.EqualFold(f.Method, r.Method) {
			continue
		}
		if !strings.HasPrefix(r.URL.Path, f.Path) {
			continue
		}
		if f.Times > 0 {
			f.remaining--
			if f.remaining <= 0 {
				h.faults = append(h.faults[:i:i], h.faults[i+1:]...)
			}
		}
		return f.Fault, true
	}
	return Fault{}, false
}

// applyFault applies a matching fault. It reports whether the request has
// been dealt with (answered, dropped or abandoned). logEntry logs the
// request; a fault that drops the connection calls it first, so that a
// client seeing EOF finds its request in the log.
func (h *Handler) applyFault(w http.ResponseWriter, r *http.Request, logEntry func()) bool {
	f, ok := h.takeFault(r)
	if !ok {
		return false
	}
	if f.Latency > 0 {
		h.held.Add(1)
		defer h.held.Add(-1)
		t := time.NewTimer(f.Latency)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return true
		case <-h.released:
			t.Stop()
			panic(http.ErrAbortHandler) // server closing: drop the connection
		}
	}
	if f.Hang {
		h.held.Add(1)
		defer h.held.Add(-1)
		select {
		case <-r.Context().Done():
		case <-h.released:
			panic(http.ErrAbortHandler) // server closing: drop the connection
		}
		return true
	}
	if f.DropAnswer {
		body, _ := io.ReadAll(r.Body)
		h.serve(&discardWriter{header: http.Header{}}, r, body)
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			panic(http.ErrAbortHandler)
		}
		logEntry() // before the client can see the connection end
		_ = conn.Close()
		return true
	}
	if f.CloseConnection {
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			panic(http.ErrAbortHandler)
		}
		logEntry()
		_ = conn.Close()
		return true
	}
	for k, v := range f.Header {
		w.Header()[k] = slices.Clone(v) // responses never share the fault's slices
	}
	if f.RedirectTo != "" {
		status := f.Status
		if status < 300 || status > 399 {
			status = http.StatusFound
		}
		w.Header().Set("Location", f.RedirectTo)
		w.WriteHeader(status)
		return true
	}
	if f.Status == 0 {
		return false
	}
	ct := f.ContentType
	if ct == "" && f.Body != "" {
		ct = "text/html; charset=UTF-8"
		if b := strings.TrimSpace(f.Body); strings.HasPrefix(b, "{") || strings.HasPrefix(b, "[") {
			ct = "application/json"
		}
	}
	if ct != "" {
		w.Header().Set("Content-Type", ct)
	}
	w.WriteHeader(f.Status)
	_, _ = w.Write([]byte(f.Body))
	return true
}

// discardWriter is the answer DropAnswer throws away.
type discardWriter struct{ header http.Header }

func (d *discardWriter) Header() http.Header         { return d.header }
func (d *discardWriter) Write(p []byte) (int, error) { return len(p), nil }
func (d *discardWriter) WriteHeader(int)             {}

// release unblocks hanging and delayed requests (server shutdown).
func (h *Handler) release() { h.closing.Do(func() { close(h.released) }) }
