package main

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"time"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/evaluate"
	"github.com/proxer/cachetstatus/probe"
)

// keepTrue is the README's "The whole cycle, on a ticker" (TestReadmeTicker
// keeps the two the same): on every tick it reads Cachet, probes, settles
// and writes the changes; target i feeds component ids[i].
func keepTrue(ctx context.Context, client *cachet.Client, targets []probe.Target, ids []int, tick <-chan time.Time) {
	policy, hyst := evaluate.DefaultPolicy(), evaluate.Hysteresis{Rise: 2, Fall: 2}
	runner := probe.Runner{ProbeTimeout: 10 * time.Second}
	memory := map[int]evaluate.State{} // hysteresis per component; a hint, not the truth
	for now := range tick {
		comps, err := client.Components.ByID(ctx) // read what Cachet shows, every cycle
		if err != nil {
			continue // nothing is written without knowing what Cachet shows
		}
		var obs []evaluate.Observation
		for i, res := range runner.Run(ctx, targets) {
			in := evaluate.Input{StatusCode: res.StatusCode, Failure: res.Kind,
				Latency: res.Latency, CertExpiry: res.CertExpiry, Now: now}
			current := comps[ids[i]].Status
			s := hyst.Settle(memory[ids[i]], current, evaluate.Evaluate(&policy, in))
			memory[ids[i]] = s.State
			obs = append(obs, evaluate.Observation{ComponentID: ids[i], Current: current, Decided: s.Status})
		}
		for _, ch := range evaluate.Plan(obs, evaluate.PlanOptions{}) {
			if ch.Action != evaluate.ActionUpdate {
				continue
			}
			req := cachet.UpdateComponentRequest{Status: cachet.Ptr(ch.To)}
			if _, err := client.Components.Update(ctx, ch.ComponentID, req); err != nil {
				log.Print(err) // Cachet is read again next cycle
			}
		}
	}
}

// The README's ticker loop against a fake Cachet, with three ticks instead
// of a minute's: the failing target's component becomes a major outage on
// the second tick (hysteresis Rise 2), the healthy one is left alone.
func Example_keepTrue() {
	fake, client, web, stream := exampleCachet()
	defer fake.Close()
	targets := []probe.Target{{Name: "Stream 14", Prober: answer(http.StatusBadGateway)}, {Name: "Web", Prober: answer(http.StatusOK)}}
	tick := make(chan time.Time, 3)
	for range 3 {
		tick <- time.Now()
	}
	close(tick)

	keepTrue(context.Background(), client, targets, []int{stream, web}, tick)
	for _, id := range []int{stream, web} {
		c, _ := fake.Handler.Component(id)
		fmt.Printf("%s: %s\n", c.Name, cachet.ComponentStatus(c.Status))
	}
	// Output:
	// Stream 14: major outage
	// Web: operational
}
