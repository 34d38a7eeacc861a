package probe_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"syscall"
	"time"

	"github.com/proxer/cachetstatus/probe"
)

// A custom prober: a service plugs in its own check, here a database ping.
// The function only reports the error; the runner fills in the start time,
// the latency and the failure kind.
func ExampleFunc() {
	ping := func(ctx context.Context) error {
		return fmt.Errorf("database: ping: %w", syscall.ECONNREFUSED)
	}
	database := probe.Func(func(ctx context.Context) probe.Result {
		return probe.Result{Err: ping(ctx)}
	})

	results := probe.Runner{ProbeTimeout: time.Second}.Run(context.Background(), []probe.Target{
		{Name: "database", Prober: database},
	})

	res := results[0]
	fmt.Println(res.Target, res.OK(), res.Kind)
	// Output:
	// database false refused
}

func ExampleHTTP() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/maintenance" {
			http.Error(w, "back soon", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprint(w, "all systems operational")
	}))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	for _, target := range []*probe.HTTP{
		{URL: srv.URL, BodyContains: "operational"},
		{URL: srv.URL + "/maintenance"},
	} {
		res := target.Probe(ctx)
		fmt.Printf("%d %s %q\n", res.StatusCode, res.Kind, res.BodyExcerpt)
	}
	// Output:
	// 200 none ""
	// 503 http "back soon\n"
}

func ExampleRunner() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/hang" {
			<-r.Context().Done()
		}
	}))
	defer srv.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println(err)
		return
	}
	closed := ln.Addr().String()
	ln.Close()

	runner := probe.Runner{Concurrency: 16, ProbeTimeout: 2 * time.Second}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	results := runner.Run(ctx, []probe.Target{
		{Name: "web", Prober: &probe.HTTP{URL: srv.URL}},
		{Name: "stream", Prober: &probe.HTTP{URL: srv.URL + "/hang"}},
		{Name: "chat", Prober: &probe.TCP{Address: closed}},
	})

	for _, res := range results {
		outcome := res.Kind.String()
		if errors.Is(res.Err, context.DeadlineExceeded) {
			// A timeout, or FailureLocal when this process itself was
			// starved of CPU while it waited: either way no answer came.
			outcome = "no answer in time"
		}
		fmt.Printf("%-6s %3d %s\n", res.Target, res.StatusCode, outcome)
	}
	// Output:
	// web    200 none
	// stream   0 no answer in time
	// chat     0 refused
}

func ExampleSlidingWindow() {
	reports, err := probe.NewSlidingWindow(probe.DefaultReportWindow)
	if err != nil {
		fmt.Println(err)
		return
	}
	now := time.Date(2026, 11, 25, 14, 0, 0, 0, time.UTC)
	reports.Record("stream", now.Add(-3*time.Hour)) // Outside the two hours.
	reports.Record("stream", now.Add(-2*time.Hour)) // Exactly at the open start: outside.
	reports.Record("stream", now.Add(-time.Hour))
	reports.Record("stream", now)
	reports.Record("web", now.Add(-time.Minute))

	counts, err := reports.Counts(context.Background(), now)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(counts["stream"], counts["web"], counts["chat"])
	// Output:
	// 2 1 0
}
