package cachet

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testToken is the token of clients made by setup; fault tests assert it
// never shows up in errors or logs.
const testToken = "tok3n-S3CRET-9f8e7d6c5b"

// testPrefix is the path prefix the API is mounted under, so that any
// absolute-path bug in the client fails.
const testPrefix = "/status"

// setup starts a server with mux mounted under /status/api/v1/ and returns a
// client with testToken for it (plus opts) and the mux. Handlers register
// paths relative to the API root: mux.HandleFunc("GET /components/1", ...).
// Requests to unregistered paths fail the test.
func setup(t *testing.T, opts ...Option) (*Client, *http.ServeMux) {
	t.Helper()
	return setupWith(t, testToken, opts...)
}

// setupGuest is setup for a client without a token.
func setupGuest(t *testing.T, opts ...Option) (*Client, *http.ServeMux) {
	t.Helper()
	return setupWith(t, "", opts...)
}

func setupWith(t *testing.T, token string, opts ...Option) (*Client, *http.ServeMux) {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("unexpected request %s %s", r.Method, r.URL)
		http.Error(w, "unexpected", http.StatusTeapot)
	})
	root := http.NewServeMux()
	root.Handle(testPrefix+apiPath+"/", http.StripPrefix(testPrefix+apiPath, mux))
	srv := httptest.NewServer(root)
	t.Cleanup(srv.Close)
	if token != "" {
		opts = append([]Option{WithToken(token)}, opts...)
	}
	c, err := NewClient(srv.URL+testPrefix, opts...)
	require.NoError(t, err)
	t.Cleanup(c.httpClient.CloseIdleConnections)
	return c, mux
}

// wantRequest is what an endpoint test expects the client to send.
type wantRequest struct {
	method string
	path   string // relative to the API root, e.g. "/components/1"
	query  string // exact raw query, "" for none
	body   string // JSON (compared with JSONEq), "" for no body
	token  bool   // whether X-Cachet-Token must be present (default clients have one)
}

// checkRequest asserts method, path, exact query, headers and body of r.
// It only uses assert, so it is safe inside a handler goroutine.
func checkRequest(t *testing.T, r *http.Request, want wantRequest) {
	t.Helper()
	assert.Equal(t, want.method, r.Method, "method")
	assert.Equal(t, want.path, r.URL.Path, "path")
	assert.Equal(t, want.query, r.URL.RawQuery, "query")
	assert.Equal(t, "application/json", r.Header.Get("Accept"), "Accept")
	assert.NotEmpty(t, r.Header.Get("User-Agent"), "User-Agent")
	if want.token {
		assert.Equal(t, testToken, r.Header.Get(tokenHeader), "token")
	} else {
		assert.Empty(t, r.Header.Values(tokenHeader), "token must be absent")
	}
	body, err := io.ReadAll(r.Body)
	assert.NoError(t, err)
	if want.body == "" {
		assert.Empty(t, body, "body")
		assert.Empty(t, r.Header.Get("Content-Type"), "Content-Type without body")
		return
	}
	assert.Equal(t, "application/json", r.Header.Get("Content-Type"), "Content-Type")
	assert.JSONEq(t, want.body, string(body), "body")
}

// handle registers pattern on mux: it checks the request against want and
// answers status with body (JSON).
func handle(t *testing.T, mux *http.ServeMux, pattern string, want wantRequest, status int, body string) {
	t.Helper()
	mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		checkRequest(t, r, want)
		writeJSON(w, status, body)
	})
}

// writeJSON answers status with body as application/json; a 204 gets no
// body.
func writeJSON(w http.ResponseWriter, status int, body string) {
	if status == http.StatusNoContent {
		w.WriteHeader(status)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

// notFoundBody is Cachet's 404 for an unknown id of model.
func notFoundBody(model string) string {
	return `{"errors":[{"id":"5e1a","status":404,"title":"Not Found","detail":"No query results for model [CachetHQ\\Cachet\\Models\\` + model + `]."}]}`
}

// validationBody is Cachet's 400 with meta.details.
const validationBody = `{"errors":[{"id":"0f8c2d9e-5b1a-4c77-9a39-2f0d6c1e4b21","status":400,"title":"Bad Request",` +
	`"detail":"The request cannot be fulfilled due to bad syntax.",` +
	`"meta":{"details":["The name field is required.","The status field is required."]}}]}`

// logBuffer is a goroutine-safe buffer for a Debug-level slog handler.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// newLogger returns a Debug-level text logger writing to a logBuffer.
func newLogger() (*slog.Logger, *logBuffer) {
	lb := &logBuffer{}
	return slog.New(slog.NewTextHandler(lb, &slog.HandlerOptions{Level: slog.LevelDebug})), lb
}

// assertNoToken asserts that s does not contain the test token.
func assertNoToken(t *testing.T, s string) {
	t.Helper()
	assert.NotContains(t, s, testToken, "token leaked")
	assert.NotContains(t, strings.ToLower(s), strings.ToLower(testToken), "token leaked")
}

// mustJSON marshals v or fails the test.
func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

func itoa(n int) string { return strconv.Itoa(n) }
