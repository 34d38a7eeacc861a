package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/cachet/cachettest"
)

// secretToken is distinctive so that any leak into output is found.
const secretToken = "SeCrEtToKeN4statusX9"

// env is a test's Cachet plus a working directory for config, state and
// lock files.
type env struct {
	t     *testing.T
	fake  *cachettest.Server
	dir   string
	state string
}

func newEnv(t *testing.T) *env {
	t.Helper()
	fake := cachettest.NewServer(cachettest.WithToken(secretToken))
	t.Cleanup(fake.Close)
	dir := t.TempDir()
	return &env{t: t, fake: fake, dir: dir, state: filepath.Join(dir, "state.json")}
}

// component seeds an operational component and returns its id.
func (e *env) component(name string) int {
	return e.fake.Handler.AddComponent(cachettest.Component{Name: name, Status: 1, Enabled: true}).ID
}

// status returns a component's status in the fake.
func (e *env) status(id int) cachet.ComponentStatus {
	c, ok := e.fake.Handler.Component(id)
	require.True(e.t, ok, "component %d exists", id)
	return cachet.ComponentStatus(c.Status)
}

// client is a cachet client for the fake, for test set-up.
func (e *env) client() *cachet.Client {
	c, err := cachet.NewClient(e.fake.URL, cachet.WithToken(secretToken))
	require.NoError(e.t, err)
	return c
}

// writeConfig stores cfg (marshalled to JSON) and returns its path. The
// Cachet URL and token come from the environment run passes.
func (e *env) writeConfig(cfg map[string]any) string {
	data, err := json.Marshal(cfg)
	require.NoError(e.t, err)
	path := filepath.Join(e.dir, "config.json")
	require.NoError(e.t, os.WriteFile(path, data, 0o644))
	return path
}

// outcome is what one invocation of run produced.
type outcome struct {
	code           int
	stdout, stderr string
	lines          map[string]jsonLine // by target, when -log-format json
}

// run invokes the program with args and CACHET_URL/CACHET_TOKEN pointing at
// the fake. Every invocation checks that the token appears nowhere in the
// output.
func (e *env) run(ctx context.Context, args ...string) outcome {
	e.t.Helper()
	vars := map[string]string{"CACHET_URL": e.fake.APIURL(), "CACHET_TOKEN": secretToken}
	return runWith(e.t, ctx, vars, args...)
}

func runWith(t *testing.T, ctx context.Context, vars map[string]string, args ...string) outcome {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(ctx, args, &stdout, &stderr, func(k string) string { return vars[k] })
	o := outcome{code: code, stdout: stdout.String(), stderr: stderr.String(), lines: map[string]jsonLine{}}
	assert.NotContains(t, o.stdout, secretToken, "token leaked to stdout")
	assert.NotContains(t, o.stderr, secretToken, "token leaked to stderr")
	if !containsArg(args, "-log-format=json") {
		return o
	}
	sc := bufio.NewScanner(strings.NewReader(o.stdout))
	for sc.Scan() {
		var l struct {
			jsonLine
			Msg string `json:"msg"` // a warning or an error, not a target
		}
		require.NoError(t, json.Unmarshal(sc.Bytes(), &l), "line %q", sc.Text())
		if l.Msg == "" {
			o.lines[l.Target] = l.jsonLine
		}
	}
	return o
}

func containsArg(args []string, want string) bool {
	for _, a := range args {
		if a == want {
			return true
		}
	}
	return false
}

// writes returns the requests in the fake's log that change something.
func (e *env) writes() []cachettest.Request {
	var ws []cachettest.Request
	for _, r := range e.fake.Handler.Requests() {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			ws = append(ws, r)
		}
	}
	return ws
}

// requestsTo counts the requests with method whose path starts with prefix.
func (e *env) requestsTo(method, prefix string) int { return requestsTo(e.fake, method, prefix) }

// requestsTo counts the requests fake logged with method whose path starts
// with prefix.
func requestsTo(fake *cachettest.Server, method, prefix string) int {
	n := 0
	for _, r := range fake.Handler.Requests() {
		if r.Method == method && strings.HasPrefix(r.Path, prefix) {
			n++
		}
	}
	return n
}

// switchable is a local target whose behaviour a test can change between
// runs: it answers with the stored status code, hangs until the client
// gives up when the code is 0, or drops the connection without an answer
// (a reset, which fails at once) when the code is dropConnection.
type switchable struct {
	srv  *httptest.Server
	code atomic.Int32
}

func newSwitchable(t *testing.T, code int) *switchable {
	s := &switchable{}
	s.code.Store(int32(code))
	release := make(chan struct{})
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c := int(s.code.Load())
		if c == dropConnection {
			panic(http.ErrAbortHandler)
		}
		if c == 0 {
			select {
			case <-r.Context().Done():
			case <-release:
			}
			return
		}
		w.WriteHeader(c)
	}))
	t.Cleanup(s.srv.Close)
	t.Cleanup(func() { close(release) }) // runs first: unblocks hanging handlers
	return s
}

func (s *switchable) set(code int) { s.code.Store(int32(code)) }

// dropConnection makes a switchable close the connection without answering.
const dropConnection = -1

// refusedURL returns an http URL on a loopback port nothing listens on.
func refusedURL(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	return "http://" + addr + "/"
}

// hangTimeout is the timeout of targets that hang: short, so that tests
// are fast. Other targets get a generous one, so that a loaded machine
// never turns a healthy answer into a timeout.
const hangTimeout = "200ms"

// target is a config entry for a target; extra holds key/value pairs.
func target(name, url string, componentID int, extra ...any) map[string]any {
	m := map[string]any{"name": name, "url": url, "component_id": componentID, "timeout": "20s"}
	for i := 0; i+1 < len(extra); i += 2 {
		m[extra[i].(string)] = extra[i+1]
	}
	return m
}
