package probe

import (
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"time"
)

// schedLatencies is the runtime's distribution of how long goroutines stayed
// runnable before they ran: waiting for a processor, not for the network.
const schedLatencies = "/sched/latencies:seconds"

// stallRefresh is how stale a reading may be when a probe starts.
const stallRefresh = 5 * time.Millisecond

// stalls reads the process-wide scheduling latencies, at most every
// stallRefresh unless asked for a fresh reading. A probe notes
// [stalls.count] when it starts and compares when it times out: if the
// count of waits at least as long as the threshold grew meanwhile, some
// goroutine of this process waited that long for a CPU during the probe,
// and the probe's own goroutines may have been among them.
var stalls = &stallMeter{sample: []metrics.Sample{{Name: schedLatencies}}}

// stallMeter caches the latest reading of [schedLatencies].
type stallMeter struct {
	mu     sync.Mutex
	sample []metrics.Sample
	read   time.Time
}

// count returns how many scheduling latencies of at least threshold the
// runtime has recorded so far; fresh forces a new reading.
func (m *stallMeter) count(threshold time.Duration, fresh bool) uint64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	if now := time.Now(); fresh || now.Sub(m.read) >= stallRefresh || now.Before(m.read) {
		metrics.Read(m.sample)
		m.read = now
	}
	if m.sample[0].Value.Kind() != metrics.KindFloat64Histogram {
		return 0
	}
	h := m.sample[0].Value.Float64Histogram()
	limit := threshold.Seconds()
	var n uint64
	for i, c := range h.Counts {
		if h.Buckets[i] >= limit { // The bucket's lower bound.
			n += c
		}
	}
	return n
}

// beatEvery is the period of a [heartbeat].
const beatEvery = 10 * time.Millisecond

// heartbeat sleeps beatEvery again and again and counts the wake-ups late by
// at least its threshold: a stall of the whole process (descheduled by the
// operating system, or its timers not run), which the runtime's scheduling
// latencies do not see when every goroutine was waiting on the network.
type heartbeat struct {
	late atomic.Uint64
	stop chan struct{}
	done chan struct{}
}

// startHeartbeat starts a heartbeat; call halt to stop it.
func startHeartbeat(threshold time.Duration) *heartbeat {
	h := &heartbeat{stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(h.done)
		timer := time.NewTimer(beatEvery)
		defer timer.Stop()
		for {
			due := time.Now().Add(beatEvery)
			select {
			case <-h.stop:
				return
			case <-timer.C:
				if time.Since(due) >= threshold {
					h.late.Add(1)
				}
				timer.Reset(beatEvery)
			}
		}
	}()
	return h
}

// count returns the late wake-ups so far.
func (h *heartbeat) count() uint64 { return h.late.Load() }

// halt stops the heartbeat and waits for its goroutine to end.
func (h *heartbeat) halt() {
	close(h.stop)
	<-h.done
}

// stallWatch tells whether this process stalled since a mark: the
// runtime's scheduling latencies and a heartbeat, against one threshold.
type stallWatch interface {
	mark() stallMark
	since(stallMark) bool
	halt()
}

// stallMark is the state of the counters of a stallWatch.
type stallMark struct{ sched, beats uint64 }

// processStalls is the stallWatch of a real run.
type processStalls struct {
	threshold time.Duration
	beat      *heartbeat
}

func watchProcess(threshold time.Duration) stallWatch {
	return &processStalls{threshold: threshold, beat: startHeartbeat(threshold)}
}

func (p *processStalls) mark() stallMark {
	return stallMark{sched: stalls.count(p.threshold, false), beats: p.beat.count()}
}

func (p *processStalls) since(m stallMark) bool {
	return p.beat.count() > m.beats || stalls.count(p.threshold, true) > m.sched
}

func (p *processStalls) halt() { p.beat.halt() }
