package main

import (
	"context"
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/cachet/cachettest"
	"github.com/proxer/cachetstatus/probe"
)

// testNow is the evaluation time of the tests.
var testNow = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

// fixture is a fake Cachet and a client for it.
type fixture struct {
	t      *testing.T
	fake   *cachettest.Server
	client *cachet.Client
}

func newFixture(t *testing.T, opts ...cachettest.Option) *fixture {
	t.Helper()
	fake := cachettest.NewServer(opts...)
	t.Cleanup(fake.Close)
	client, err := cachet.NewClient(fake.URL, cachet.WithToken(fake.Token), cachet.WithRetry(cachet.NoRetry()))
	require.NoError(t, err)
	return &fixture{t: t, fake: fake, client: client}
}

// component seeds a component with the given status and returns its id.
func (f *fixture) component(name string, status cachet.ComponentStatus) int {
	return f.fake.Handler.AddComponent(cachettest.Component{Name: name, Status: int(status), Enabled: true}).ID
}

// status returns a component's status in the fake.
func (f *fixture) status(id int) cachet.ComponentStatus {
	c, ok := f.fake.Handler.Component(id)
	require.True(f.t, ok, "component %d exists", id)
	return cachet.ComponentStatus(c.Status)
}

// writes returns the method and path of every request that changes
// something.
func (f *fixture) writes() []string {
	var ws []string
	for _, r := range f.fake.Handler.Requests() {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			ws = append(ws, r.Method+" "+r.Path)
		}
	}
	return ws
}

// requestsTo counts the requests with method whose path starts with prefix.
func (f *fixture) requestsTo(method, prefix string) int { return requestsTo(f.fake, method, prefix) }

// answer is a prober that answers with code, as probe.HTTP does: a code
// outside 2xx fails with ErrUnexpectedStatus.
func answer(code int) probe.Prober {
	return probe.Func(func(ctx context.Context) probe.Result {
		r := probe.Result{StatusCode: code, Latency: 20 * time.Millisecond, Start: testNow}
		if code < 200 || code > 299 {
			r.Err, r.Kind = fmt.Errorf("got %d: %w", code, probe.ErrUnexpectedStatus), probe.FailureHTTP
		}
		return r
	})
}

// failing is a prober that fails with kind.
func failing(kind probe.FailureKind) probe.Prober {
	return probe.Func(func(ctx context.Context) probe.Result {
		return probe.Result{Err: fmt.Errorf("probe failed (%s)", kind), Kind: kind, Latency: time.Second, Start: testNow}
	})
}

// codeProber answers with the stored code, or times out when it is 0; a
// test changes it between runs.
type codeProber struct{ code atomic.Int32 }

func newCodeProber(code int) *codeProber {
	s := &codeProber{}
	s.code.Store(int32(code))
	return s
}

func (s *codeProber) set(code int) { s.code.Store(int32(code)) }

func (s *codeProber) Probe(ctx context.Context) probe.Result {
	if code := int(s.code.Load()); code != 0 {
		return answer(code).Probe(ctx)
	}
	return failing(probe.FailureTimeout).Probe(ctx)
}
