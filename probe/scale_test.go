//go:build unix

package probe

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fleet is one loopback test server standing in for many targets: a path
// under /hang/ blocks until the client goes away or the test ends, any other
// path answers 200 "ok".
type fleet struct {
	url  string
	hang func(i int) bool
}

// newFleet starts the server of a fleet in which target i hangs when
// hang(i).
func newFleet(t testing.TB, hang func(i int) bool) fleet {
	t.Helper()
	release := make(chan struct{})
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/hang/") {
			select {
			case <-r.Context().Done():
			case <-release:
			}
			return
		}
		io.WriteString(w, "ok")
	}))
	t.Cleanup(func() { close(release) }) // Registered last, so it runs before srv.Close.
	return fleet{url: srv.URL, hang: hang}
}

// target returns the URL of target i.
func (f fleet) target(i int) string {
	if f.hang(i) {
		return f.url + "/hang/" + strconv.Itoa(i)
	}
	return f.url + "/ok/" + strconv.Itoa(i)
}

// targets returns n HTTP targets of the fleet.
func (f fleet) targets(n int) []Target {
	targets := make([]Target, n)
	for i := range targets {
		targets[i] = Target{Name: "target-" + strconv.Itoa(i), Prober: &HTTP{URL: f.target(i)}}
	}
	return targets
}

// everyTenth hangs 10 % of the targets.
func everyTenth(i int) bool { return i%10 == 0 }

// minimalProber is the baseline the issue names: one goroutine per target,
// one shared transport without keep-alive, a context timeout, the body
// drained to io.Discard. It reports whether each target answered 2xx in
// time.
type minimalProber struct {
	client *http.Client
}

func newMinimalProber() *minimalProber {
	return &minimalProber{client: &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}}
}

func (m *minimalProber) run(ctx context.Context, urls []string, timeout time.Duration) []bool {
	ok := make([]bool, len(urls))
	var wg sync.WaitGroup
	for i, u := range urls {
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(ctx, timeout)
			defer cancel()
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
			if err != nil {
				return
			}
			resp, err := m.client.Do(req)
			if err != nil {
				return
			}
			_, err = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			ok[i] = err == nil && resp.StatusCode/100 == 2
		})
	}
	wg.Wait()
	return ok
}

// cpuTime returns the user plus system CPU time of the process so far.
func cpuTime(tb testing.TB) time.Duration {
	var ru syscall.Rusage
	require.NoError(tb, syscall.Getrusage(syscall.RUSAGE_SELF, &ru))
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkFleet probes 1,000 and 10,000 loopback targets, 10 % of which
// hang past the 1 s timeout, with the Runner at its default settings and
// with the minimal goroutine-per-target prober, in the same benchmark run.
// ns/op is the wall time of one run; cpu-s/1000probes and B/1000probes are
// the CPU time (of the whole process, test server included) and the bytes
// allocated per 1,000 probes. Compare the two rows of one run: the machine
// is shared, so absolute figures are noisy. wrong/run counts results that
// are not the target's truth; the runner fails the benchmark if it reports a
// healthy target as a timeout.
func BenchmarkFleet(b *testing.B) {
	const timeout = time.Second
	for _, n := range []int{1000, 10000} {
		f := newFleet(b, everyTenth)
		targets := f.targets(n)
		urls := make([]string, n)
		for i := range urls {
			urls[i] = f.target(i)
		}
		b.Run(fmt.Sprintf("targets=%d/runner", n), func(b *testing.B) {
			var suspects atomic.Int64
			runner := Runner{ProbeTimeout: timeout, watch: func(threshold time.Duration) stallWatch {
				return countingStalls{stallWatch: watchProcess(threshold), stalled: &suspects}
			}}
			b.Cleanup(func() { b.ReportMetric(float64(suspects.Load())/float64(b.N), "confirmed/run") })
			measureFleet(b, n, func() (wrong int) {
				for i, res := range runner.Run(b.Context(), targets) {
					if !f.hang(i) && res.Kind == FailureTimeout {
						b.Fatalf("healthy target %d reported as a timeout: %v", i, res.Err)
					}
					if res.OK() == f.hang(i) || (f.hang(i) && res.Kind != FailureTimeout) {
						wrong++
					}
				}
				return wrong
			})
		})
		b.Run(fmt.Sprintf("targets=%d/minimal", n), func(b *testing.B) {
			m := newMinimalProber()
			measureFleet(b, n, func() (wrong int) {
				for i, ok := range m.run(b.Context(), urls, timeout) {
					if ok == f.hang(i) {
						wrong++
					}
				}
				return wrong
			})
		})
	}
}

// countingStalls counts the timeouts the real stallWatch finds suspect,
// each of which the runner confirms.
type countingStalls struct {
	stallWatch
	stalled *atomic.Int64
}

func (c countingStalls) since(m stallMark) bool {
	stalled := c.stallWatch.since(m)
	if stalled {
		c.stalled.Add(1)
	}
	return stalled
}

// measureFleet runs one probe run per iteration and reports CPU time and
// bytes allocated per 1,000 probes, and the results per run that are not
// the target's truth (a healthy target failed, a hanging one did not time
// out: for the runner a local failure, for the minimal prober anything).
func measureFleet(b *testing.B, n int, run func() (wrong int)) {
	var mem runtime.MemStats
	runtime.ReadMemStats(&mem)
	allocBefore, cpuBefore := mem.TotalAlloc, cpuTime(b)
	b.ReportAllocs()
	runs, wrong := 0, 0
	for b.Loop() {
		wrong += run()
		runs++
	}
	runtime.ReadMemStats(&mem)
	thousands := float64(runs*n) / 1000
	b.ReportMetric((cpuTime(b)-cpuBefore).Seconds()/thousands, "cpu-s/1000probes")
	b.ReportMetric(float64(mem.TotalAlloc-allocBefore)/thousands, "B/1000probes")
	b.ReportMetric(float64(wrong)/float64(runs), "wrong/run")
}

// TestRunnerCPUStarvation probes thousands of healthy loopback targets and
// some hanging ones at a high concurrency while busy goroutines keep the
// only processor (GOMAXPROCS=1) saturated: no healthy target may be
// reported as a timeout. A healthy probe starved so long that its answer is
// read too late is confirmed instead. It is not parallel: GOMAXPROCS is
// process-wide.
func TestRunnerCPUStarvation(t *testing.T) {
	if testing.Short() {
		t.Skip("a multi-second load test")
	}
	f := newFleet(t, func(i int) bool { return i%100 == 0 })
	targets := f.targets(3000)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	stop := make(chan struct{})
	var busy sync.WaitGroup
	for range 4 {
		busy.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
					spin()
				}
			}
		})
	}
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()

	results := Runner{Concurrency: 1024, ProbeTimeout: time.Second}.Run(ctx, targets)

	close(stop)
	busy.Wait()
	kinds := map[FailureKind]int{}
	for i, res := range results {
		if f.hang(i) {
			assert.Contains(t, []FailureKind{FailureTimeout, FailureLocal}, res.Kind, "hanging target %d: %v", i, res.Err)
			continue
		}
		kinds[res.Kind]++
		assert.NotEqual(t, FailureTimeout, res.Kind, "healthy target %d reported as a timeout: %v", i, res.Err)
	}
	t.Logf("healthy targets by kind: %v", kinds)
}

// spin burns about a millisecond of CPU without blocking.
func spin() {
	x := 1
	for i := range 1_000_000 {
		x = x*31 + i
	}
	if x == 42 {
		panic("unreachable")
	}
}

// lowLimitEnv names the environment variable that makes
// TestRunnerLowOpenFilesLimit the child process: it holds the fleet's base
// URL.
const lowLimitEnv = "PROBE_TEST_LOW_NOFILE_FLEET"

// TestRunnerLowOpenFilesLimit runs 2,000 probes (10 % hanging) in a child
// process whose RLIMIT_NOFILE is lowered to 256, soft and hard: with the
// default MaxOpen no probe fails with "too many open files" and every
// target gets its true result (or, when the shared machine starves the
// process, a local failure). With MaxOpen forced above the limit and 25 %
// hanging, the probes that run out of descriptors are local failures
// naming the cause, never the target's.
func TestRunnerLowOpenFilesLimit(t *testing.T) {
	if base := os.Getenv(lowLimitEnv); base != "" {
		lowLimitChild(t, base)
		return
	}
	if testing.Short() {
		t.Skip("a multi-second subprocess test")
	}
	f := newFleet(t, everyTenth)
	// With MaxOpen forced up, a quarter of the targets hang, so that 500
	// connections are held open at once: more than the limit allows.
	for _, maxOpen := range []string{"0", "2000"} {
		t.Run("max-open="+maxOpen, func(t *testing.T) {
			cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^TestRunnerLowOpenFilesLimit$", "-test.v")
			cmd.Env = append(os.Environ(), lowLimitEnv+"="+f.url, "PROBE_TEST_MAX_OPEN="+maxOpen)
			out, err := cmd.CombinedOutput()
			require.NoError(t, err, "child:\n%s", out)
			assert.Contains(t, string(out), "--- PASS: TestRunnerLowOpenFilesLimit")
			t.Logf("child:\n%s", out)
		})
	}
}

// lowLimitChild is the child side of TestRunnerLowOpenFilesLimit.
func lowLimitChild(t *testing.T, base string) {
	require.NoError(t, syscall.Setrlimit(syscall.RLIMIT_NOFILE, &syscall.Rlimit{Cur: 256, Max: 256}))
	limit, ok := openFilesLimit()
	require.True(t, ok)
	require.Equal(t, uint64(256), limit)
	maxOpen, err := strconv.Atoi(os.Getenv("PROBE_TEST_MAX_OPEN"))
	require.NoError(t, err)
	f := fleet{url: base, hang: everyTenth}
	if maxOpen != 0 {
		f.hang = func(i int) bool { return i%4 == 0 }
	}
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	// DefaultMaxOpen was read before the limit was lowered; derive it again
	// as a fresh process would.
	runner := Runner{ProbeTimeout: time.Second, MaxOpen: cmp.Or(maxOpen, maxOpenFor(limit))}

	results := runner.Run(ctx, f.targets(2000))

	kinds, tooMany := map[FailureKind]int{}, 0
	for i, res := range results {
		kinds[res.Kind]++
		switch {
		case res.Err != nil && strings.Contains(res.Err.Error(), "too many open files"):
			tooMany++
			assert.Equal(t, FailureLocal, res.Kind, "target %d: %v", i, res.Err)
			assert.ErrorIs(t, res.Err, syscall.EMFILE, "target %d", i)
		case errors.Is(res.Err, ErrStarved):
			// The machine is shared: a probe may be starved of CPU. It is
			// then local, never the target's timeout.
			assert.Equal(t, FailureLocal, res.Kind, "target %d: %v", i, res.Err)
		case f.hang(i):
			assert.Equal(t, FailureTimeout, res.Kind, "hanging target %d: %v", i, res.Err)
		default:
			assert.True(t, res.OK(), "healthy target %d: %v", i, res.Err)
		}
	}
	if maxOpen == 0 {
		assert.Zero(t, tooMany, "the default bound keeps below the limit")
	} else {
		assert.NotZero(t, tooMany, "probes beyond the limit run out of descriptors")
	}
	t.Logf("MaxOpen %d with RLIMIT_NOFILE 256: results by kind %v", runner.maxOpen(), kinds)
}

// TestRunnerWaitingIsNotWork: HTTP probes give their work slot back once
// the request is sent, so with one work slot five hanging targets cost one
// timeout, not five; MaxOpen still bounds the probes in flight.
func TestRunnerWaitingIsNotWork(t *testing.T) {
	t.Parallel()
	f := newFleet(t, func(i int) bool { return i < 5 })
	targets := f.targets(6)
	const timeout = time.Second
	tests := []struct {
		name            string
		runner          Runner
		atLeast, atMost time.Duration
	}{
		// Generous bounds: five timeouts in a row would take 5 s.
		{name: "one work slot", runner: Runner{Concurrency: 1, ProbeTimeout: timeout, watch: noStalls}, atMost: 3 * timeout},
		{name: "two open slots", runner: Runner{Concurrency: 6, MaxOpen: 2, ProbeTimeout: timeout, watch: noStalls}, atLeast: 3*timeout - 3*maxGrace},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			start := time.Now()

			results := tt.runner.Run(t.Context(), targets)

			took := time.Since(start)
			for i, res := range results {
				if f.hang(i) {
					assert.Equal(t, FailureTimeout, res.Kind, "target %d: %v", i, res.Err)
				} else {
					assert.True(t, res.OK(), "target %d: %v", i, res.Err)
				}
			}
			assert.GreaterOrEqual(t, took, tt.atLeast)
			if tt.atMost > 0 {
				assert.Less(t, took, tt.atMost)
			}
		})
	}
}
