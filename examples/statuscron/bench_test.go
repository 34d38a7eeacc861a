package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/proxer/cachetstatus/cachet/cachettest"
)

// BenchmarkRun1000Targets measures one statuscron run over 1,000 local
// targets, 10 % of which hang past their 1s timeout, against cachettest:
// the wall time of a first run (100 components change) and of a steady
// second run, the Cachet requests each makes, and the peak heap in use.
// Run it once: go test -run '^$' -bench Run1000 -benchtime 1x ./examples/statuscron
func BenchmarkRun1000Targets(b *testing.B) {
	const targets, hangingEvery = 1000, 10
	release := make(chan struct{})
	healthy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	hanging := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	b.Cleanup(healthy.Close)
	b.Cleanup(hanging.Close)
	b.Cleanup(func() { close(release) })

	b.ReportAllocs()
	for b.Loop() {
		fake := cachettest.NewServer(cachettest.WithToken(secretToken))
		cfg := make([]any, targets)
		for i := range targets {
			id := fake.Handler.AddComponent(cachettest.Component{Name: "server " + strconv.Itoa(i), Status: 1, Enabled: true}).ID
			url := healthy.URL + "/" + strconv.Itoa(i)
			if i%hangingEvery == 0 {
				url = hanging.URL + "/" + strconv.Itoa(i)
			}
			cfg[i] = map[string]any{"name": "server " + strconv.Itoa(i), "url": url, "component_id": id, "timeout": "1s"}
		}
		dir := b.TempDir()
		path := filepath.Join(dir, "config.json")
		data, _ := json.Marshal(map[string]any{"targets": cfg})
		if err := os.WriteFile(path, data, 0o644); err != nil {
			b.Fatal(err)
		}
		env := map[string]string{"CACHET_URL": fake.APIURL(), "CACHET_TOKEN": secretToken}
		args := []string{"-config", path, "-state", filepath.Join(dir, "state.json"), "-concurrency", "256", "-timeout", "30s", "-log-format=json", "-v"}

		for runNo, name := range []string{"first", "second"} {
			fake.Handler.ResetRequests()
			peak := sampleHeap()
			start := time.Now()
			var stdout strings.Builder
			code := run(context.Background(), args, &stdout, io.Discard, func(k string) string { return env[k] })
			elapsed := time.Since(start)
			heap := peak()
			if code != exitOK {
				b.Fatalf("%s run: exit %d", name, code)
			}
			reads, writes := 0, 0
			for _, r := range fake.Handler.Requests() {
				if r.Method == http.MethodGet {
					reads++
				} else {
					writes++
				}
			}
			if lines := strings.Count(stdout.String(), "\n"); lines != targets {
				b.Fatalf("%s run: %d lines, want %d", name, lines, targets)
			}
			if runNo == 1 && writes != 0 {
				b.Fatalf("steady second run wrote %d times", writes)
			}
			b.ReportMetric(elapsed.Seconds(), name+"-wall-s")
			b.ReportMetric(float64(reads), name+"-reads")
			b.ReportMetric(float64(writes), name+"-writes")
			b.ReportMetric(float64(heap)/(1<<20), name+"-peak-heap-MiB")
		}
		fake.Close()
	}
	b.ReportMetric(peakRSS(), "process-peak-RSS-MiB")
}

// sampleHeap samples the heap in use every 5ms until the returned function
// is called, which returns the largest value seen.
func sampleHeap() func() uint64 {
	var (
		mu   sync.Mutex
		peak uint64
		done = make(chan struct{})
		wg   sync.WaitGroup
	)
	sample := func() {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		mu.Lock()
		peak = max(peak, m.HeapInuse)
		mu.Unlock()
	}
	wg.Go(func() {
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				sample()
			}
		}
	})
	return func() uint64 {
		close(done)
		wg.Wait()
		sample()
		mu.Lock()
		defer mu.Unlock()
		return peak
	}
}

// peakRSS returns the process's peak resident set size (VmHWM) in MiB, or 0
// where /proc is unavailable. It covers the whole test process: statuscron,
// the fake Cachet and the 1,000 targets' servers.
func peakRSS() float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb float64
			if _, err := fmt.Sscanf(strings.TrimSpace(rest), "%f kB", &kb); err == nil {
				return kb / 1024
			}
		}
	}
	return 0
}
