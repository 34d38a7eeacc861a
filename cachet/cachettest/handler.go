package cachettest

import (
	"bytes"
	"fmt"
	"io"
	"log"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// apiPrefix is the path every Cachet v1 route lives under.
const apiPrefix = "/api/v1"

// maxBodyBytes bounds the request bodies the fake reads and logs.
const maxBodyBytes = 8 << 20

// Handler is the fake Cachet as an [http.Handler]. It serves /api/v1/... and
// holds the in-memory store, the request log and the injected faults. All
// methods are safe for concurrent use.
type Handler struct {
	cfg    config
	token  string
	routes *router

	mu sync.RWMutex // guards db
	db store

	logMu    sync.Mutex
	requests []Request

	faultMu  sync.Mutex
	faults   []*activeFault
	released chan struct{}
	closing  sync.Once
	held     atomic.Int32 // requests held by Latency or Hang faults
	panics   atomic.Int64 // unexpected panics answered with 500 (bugs; tests assert none)
}

// NewHandler returns a fake Cachet handler that can be mounted on any server;
// it answers paths under /api/v1.
func NewHandler(opts ...Option) *Handler {
	cfg := defaultConfig()
	for _, opt := range opts {
		opt(&cfg)
	}
	h := &Handler{cfg: cfg, token: cfg.token, db: newStore(), released: make(chan struct{})}
	h.routes = h.buildRouter()
	return h
}

// now returns the fake's current time in UTC, truncated to seconds like a
// MySQL TIMESTAMP column.
func (h *Handler) now() time.Time { return h.cfg.clock().UTC().Truncate(time.Second) }

// ServeHTTP implements [http.Handler].
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var body []byte
	if r.Body != nil {
		body, _ = io.ReadAll(io.LimitReader(r.Body, maxBodyBytes))
		_ = r.Body.Close()
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	rec := &statusRecorder{ResponseWriter: w}
	entry := Request{
		Method:   r.Method,
		Path:     r.URL.Path,
		RawQuery: r.URL.RawQuery,
		Header:   r.Header.Clone(),
		Body:     body,
	}
	logged := false
	logEntry := func() {
		if !logged {
			logged = true
			entry.Status = rec.status
			h.logRequest(entry)
		}
	}
	defer logEntry()
	if h.applyFault(rec, r, logEntry) {
		return
	}
	h.serve(rec, r, body)
}

// serve routes one request through Cachet's middleware order.
func (h *Handler) serve(w http.ResponseWriter, r *http.Request, body []byte) {
	defer func() {
		if v := recover(); v != nil {
			if _, expected := v.(errUnknownZone); !expected {
				h.panics.Add(1)
			}
			writeError(w, r, http.StatusInternalServerError, "", nil)
		}
	}()
	path, ok := strings.CutPrefix(r.URL.Path, apiPrefix)
	if !ok || (path != "" && path[0] != '/') {
		writeError(w, r, http.StatusNotFound, "", nil)
		return
	}
	path = strings.TrimRight(path, "/")
	in := parseInput(r, body)
	method := overriddenMethod(r, in)

	if method == http.MethodOptions {
		h.serveOptions(w, r, path)
		return
	}
	rt, params, allowed := h.routes.match(method, path)
	if rt == nil {
		if len(allowed) > 0 {
			w.Header().Set("Allow", strings.Join(allowed, ", "))
			writeError(w, r, http.StatusMethodNotAllowed, "", nil)
			return
		}
		writeError(w, r, http.StatusNotFound, "", nil)
		return
	}

	if rt.write {
		h.mu.Lock()
		defer h.mu.Unlock()
	} else {
		h.mu.RLock()
		defer h.mu.RUnlock()
	}
	ids, bindErr := h.routes.bind(h, rt, params)
	if bindErr != "" {
		writeError(w, r, http.StatusNotFound, "No query results for model [CachetHQ\\Cachet\\Models\\"+bindErr+"].", nil)
		return
	}
	if !acceptsJSON(r.Header.Values("Accept")) {
		writeError(w, r, http.StatusNotAcceptable, "", nil)
		return
	}
	c := &call{h: h, r: r, in: in, ids: ids, method: method, now: h.now()}
	c.resolveZone()
	c.authed = h.validToken(r.Header.Get("X-Cachet-Token"))
	needsToken := rt.auth == authRequired || (h.cfg.alwaysAuth && !rt.system)
	if needsToken && !c.authed {
		writeError(w, r, http.StatusUnauthorized, "", nil)
		return
	}
	if rt.cors && method == http.MethodGet {
		setCORS(w, r)
	}
	rep := rt.handle(c)
	rep.write(w, r)
}

// validToken reports whether token is the configured API token. An empty
// header counts as no token.
func (h *Handler) validToken(token string) bool { return token != "" && token == h.token }

// serveOptions answers OPTIONS: CORS preflights globally, otherwise the
// Laravel router default (200 with Allow) on known paths.
func (h *Handler) serveOptions(w http.ResponseWriter, r *http.Request, path string) {
	if r.Header.Get("Origin") != "" && r.Header.Get("Access-Control-Request-Method") != "" && !sameOrigin(r) {
		servePreflight(w, r)
		return
	}
	allowed := h.routes.methodsFor(path)
	if len(allowed) == 0 {
		writeError(w, r, http.StatusNotFound, "", nil)
		return
	}
	w.Header().Set("Allow", strings.Join(allowed, ","))
	w.Header().Set("Cache-Control", "no-cache, private")
	w.Header().Set("Content-Type", "text/html; charset=UTF-8")
	w.WriteHeader(http.StatusOK)
}

// overriddenMethod applies Laravel's method override for POST requests: the
// X-HTTP-Method-Override header, else _method from the form body or query.
func overriddenMethod(r *http.Request, in *input) string {
	if r.Method != http.MethodPost {
		if r.Method == http.MethodHead {
			return http.MethodGet
		}
		return r.Method
	}
	m := r.Header.Get("X-HTTP-Method-Override")
	if m == "" {
		if v, ok := in.formOrQuery("_method"); ok {
			m, _ = v.(string)
		}
	}
	m = strings.ToUpper(m)
	if m == "" || strings.IndexFunc(m, func(r rune) bool { return r < 'A' || r > 'Z' }) >= 0 {
		return http.MethodPost
	}
	if m == http.MethodHead {
		return http.MethodGet
	}
	return m
}

// statusRecorder remembers the status written through it and keeps
// Hijack available for faults that drop the connection.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(p []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(p)
}

func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// discardLogger silences the http.Server error log (hijacked connections
// and clients that give up are expected here).
func discardLogger() *log.Logger { return log.New(io.Discard, "", 0) }

// String describes the handler without its token.
func (h *Handler) String() string {
	return fmt.Sprintf("cachettest.Handler{profile: %s}", h.cfg.profile)
}
