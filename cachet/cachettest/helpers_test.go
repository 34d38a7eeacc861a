package cachettest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// fixedNow is the clock of most tests.
var fixedNow = time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)

func fixedClock() time.Time { return fixedNow }

// response is a raw HTTP answer decoded loosely.
type response struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body into a generic value (numbers as json.Number).
func (r response) JSON(t *testing.T) map[string]any {
	t.Helper()
	var v map[string]any
	dec := json.NewDecoder(bytes.NewReader(r.Body))
	dec.UseNumber()
	require.NoError(t, dec.Decode(&v), "body: %s", r.Body)
	return v
}

// Data returns the "data" object of a single-item body.
func (r response) Data(t *testing.T) map[string]any {
	t.Helper()
	d, ok := r.JSON(t)["data"].(map[string]any)
	require.True(t, ok, "data is not an object: %s", r.Body)
	return d
}

// List returns the "data" array of a list body.
func (r response) List(t *testing.T) []any {
	t.Helper()
	d, ok := r.JSON(t)["data"].([]any)
	require.True(t, ok, "data is not an array: %s", r.Body)
	return d
}

// Error returns errors[0] of an error body.
func (r response) Error(t *testing.T) map[string]any {
	t.Helper()
	errs, ok := r.JSON(t)["errors"].([]any)
	require.True(t, ok, "no errors array: %s", r.Body)
	require.Len(t, errs, 1)
	return errs[0].(map[string]any)
}

// Details returns errors[0].meta.details of a validation error.
func (r response) Details(t *testing.T) []string {
	t.Helper()
	e := r.Error(t)
	meta, ok := e["meta"].(map[string]any)
	require.True(t, ok, "no meta: %s", r.Body)
	var out []string
	for _, d := range meta["details"].([]any) {
		out = append(out, d.(string))
	}
	return out
}

// req describes a raw request.
type req struct {
	method  string
	path    string // relative to /api/v1, may carry a query
	json    string // JSON body (sets Content-Type)
	form    string // urlencoded body (sets Content-Type)
	token   bool   // send DefaultToken
	headers map[string]string
}

// send performs rq against the server over real HTTP.
func send(t *testing.T, s *Server, rq req) response {
	t.Helper()
	var body io.Reader
	if rq.json != "" {
		body = strings.NewReader(rq.json)
	} else if rq.form != "" {
		body = strings.NewReader(rq.form)
	}
	method := rq.method
	if method == "" {
		method = http.MethodGet
	}
	r, err := http.NewRequestWithContext(t.Context(), method, s.APIURL()+rq.path, body)
	require.NoError(t, err)
	if rq.json != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	if rq.form != "" {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if rq.token {
		r.Header.Set("X-Cachet-Token", s.Token)
	}
	for k, v := range rq.headers {
		r.Header.Set(k, v)
	}
	resp, err := s.Client().Do(r)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return response{Status: resp.StatusCode, Header: resp.Header, Body: b}
}

// newTestServer starts a server with the fixed clock, closed at cleanup.
// At cleanup it also fails the test if any request hit a panic that the
// dispatcher turned into a 500 (a bug in the fake, not a Cachet quirk).
func newTestServer(t *testing.T, opts ...Option) *Server {
	t.Helper()
	s := NewServer(append([]Option{WithClock(fixedClock)}, opts...)...)
	t.Cleanup(func() {
		s.Close()
		if n := s.Handler.panics.Load(); n != 0 {
			t.Errorf("%d request(s) panicked inside the fake", n)
		}
	})
	return s
}

// keys returns the sorted key set of an object.
func keys(m map[string]any) []string { return sortedKeys(m) }

// num converts a decoded JSON number to int for assertions.
func num(t *testing.T, v any) int {
	t.Helper()
	n, ok := v.(json.Number)
	require.True(t, ok, "%v (%T) is not a JSON number", v, v)
	i, err := n.Int64()
	require.NoError(t, err)
	return int(i)
}

func newRecorder() *httptest.ResponseRecorder { return httptest.NewRecorder() }
