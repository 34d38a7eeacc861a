package reconcile

import (
	"context"
	"fmt"
	"sync"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/probe"
)

// postMetrics posts each target's latency in milliseconds to its metric,
// for targets with a MetricID whose probe got an HTTP response (a timeout's
// "latency" is only the timeout and would distort the chart), a few at a
// time. Failures go into the targets' outcomes.
func (r *Reconciler) postMetrics(ctx context.Context, targets []Target, results []probe.Result, outcomes []Outcome) {
	var wg sync.WaitGroup
	sem := make(chan struct{}, r.writeConcurrency())
	for i, t := range targets {
		res := results[i]
		if t.MetricID == 0 || res.StatusCode == 0 {
			continue
		}
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			ms := float64(res.Latency.Microseconds()) / 1000
			start := res.Start
			_, err := r.Client.MetricPoints.Create(ctx, t.MetricID, cachet.CreateMetricPointRequest{Value: ms, Timestamp: &start})
			if err != nil {
				outcomes[i].MetricErr = fmt.Errorf("reconcile: posting the latency of %q to metric %d: %w", t.Name, t.MetricID, err)
			}
		})
	}
	wg.Wait()
}
