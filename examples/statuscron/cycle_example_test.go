package main

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/cachet/cachettest"
	"github.com/proxer/cachetstatus/evaluate"
	"github.com/proxer/cachetstatus/probe"
)

// exampleCachet is the examples' fake Cachet with two operational
// components, Web and Stream 14, and a client for it.
func exampleCachet() (fake *cachettest.Server, client *cachet.Client, web, stream int) {
	fake = cachettest.NewServer()
	web = fake.Handler.AddComponent(cachettest.Component{Name: "Web", Status: 1, Enabled: true}).ID
	stream = fake.Handler.AddComponent(cachettest.Component{Name: "Stream 14", Status: 1, Enabled: true}).ID
	client, err := cachet.NewClient(fake.URL, cachet.WithToken(fake.Token))
	if err != nil {
		panic(err) // the fake's URL is valid
	}
	return fake, client, web, stream
}

// One cycle against a fake Cachet: the failing target's component is
// written, the healthy one is left alone, and a second run with the
// returned state writes nothing.
func ExampleReconciler_Run() {
	fake, client, web, stream := exampleCachet()
	defer fake.Close()
	// In production these are probe.HTTP values; fixed answers (answer,
	// in cycle_helpers_test.go) keep the example's output stable.
	targets := []Target{
		{Name: "Web", ComponentID: web, Prober: answer(http.StatusOK)},
		{Name: "Stream 14", ComponentID: stream, Prober: answer(http.StatusInternalServerError)},
	}
	r := &Reconciler{Client: client, Runner: probe.Runner{ProbeTimeout: 10 * time.Second}}

	var state Memory
	for run := 1; run <= 2; run++ {
		report, next, err := r.Run(context.Background(), targets, state, time.Now())
		if err != nil {
			fmt.Println(err)
			return
		}
		state = next
		for _, o := range report.Outcomes {
			fmt.Printf("run %d: %s: %s → %s (%s)\n", run, o.Target, o.Current, o.Decided, o.Action)
		}
	}
	// Output:
	// run 1: Web: operational → operational (unchanged)
	// run 1: Stream 14: operational → major outage (updated)
	// run 2: Web: operational → operational (unchanged)
	// run 2: Stream 14: major outage → major outage (unchanged)
}

func ExampleInputFromResult() {
	policy := evaluate.DefaultPolicy()
	res := probe.Result{StatusCode: 200, Latency: 180 * time.Millisecond}
	d := evaluate.Evaluate(&policy, InputFromResult(res, 23, true, time.Now()))
	fmt.Println(d.Reason())

	// A code the prober did not expect is judged by the policy's code rules.
	res = probe.Result{StatusCode: 503, Err: probe.ErrUnexpectedStatus, Kind: probe.FailureHTTP, Latency: 9 * time.Millisecond}
	d = evaluate.Evaluate(&policy, InputFromResult(res, 0, false, time.Now()))
	fmt.Println(d.Reason())
	// Output:
	// HTTP 200 in 180ms; 23 reports in 2h ≥ 20 → partial outage
	// HTTP 503 (unmapped) in 9ms; reports unknown → major outage
}
