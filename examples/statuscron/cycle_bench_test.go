package main

import (
	"strconv"
	"testing"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/cachet/cachettest"
	"github.com/proxer/cachetstatus/probe"
)

// BenchmarkRunSteady measures a steady run over 1,000 targets against
// cachettest: one read of the components (two pages), no writes. The
// probers answer at once, so the figure is the reconciler's own cost plus
// the reads.
func BenchmarkRunSteady(b *testing.B) {
	fake := cachettest.NewServer()
	b.Cleanup(fake.Close)
	client, err := cachet.NewClient(fake.URL, cachet.WithToken(fake.Token))
	if err != nil {
		b.Fatal(err)
	}
	targets := make([]Target, 1000)
	for i := range targets {
		name := "server " + strconv.Itoa(i)
		id := fake.Handler.AddComponent(cachettest.Component{Name: name, Status: int(cachet.ComponentStatusOperational), Enabled: true}).ID
		targets[i] = Target{Name: name, ComponentID: id, Prober: answer(200)}
	}
	r := &Reconciler{Client: client, Runner: probe.Runner{Concurrency: 256}}
	state := Memory{}
	b.ReportAllocs()
	for b.Loop() {
		report, next, err := r.Run(b.Context(), targets, state, testNow)
		if err != nil || report.Failed() {
			b.Fatalf("run failed: %v %v", err, report.ReadErr)
		}
		state = next
	}
}
