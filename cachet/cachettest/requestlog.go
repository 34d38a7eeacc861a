package cachettest

import (
	"net/http"
	"slices"
)

// Request is one request the fake received, as recorded in its log.
type Request struct {
	Method   string      // method as sent (before any _method override)
	Path     string      // URL path, e.g. /api/v1/components/1
	RawQuery string      // query string without "?"
	Header   http.Header // request headers (including X-Cachet-Token)
	Body     []byte      // request body (up to 8 MiB)
	Status   int         // status answered; 0 when no response was written
}

// Requests returns a copy of the request log in arrival order.
func (h *Handler) Requests() []Request {
	h.logMu.Lock()
	defer h.logMu.Unlock()
	out := make([]Request, len(h.requests))
	for i, r := range h.requests {
		r.Header = r.Header.Clone()
		r.Body = slices.Clone(r.Body)
		out[i] = r
	}
	return out
}

// ResetRequests empties the request log.
func (h *Handler) ResetRequests() {
	h.logMu.Lock()
	defer h.logMu.Unlock()
	h.requests = nil
}

func (h *Handler) logRequest(r Request) {
	h.logMu.Lock()
	defer h.logMu.Unlock()
	h.requests = append(h.requests, r)
}
