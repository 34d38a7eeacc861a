package main

import (
	"context"
	"encoding/binary"
	"errors"
	"net"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/probe"
)

// TestNonHTTPProbersDegradeAndRecover feeds components from probe.TCP,
// probe.DNS (a fake DNS server on loopback) and probe.Func through the
// whole cycle: healthy, failing, healthy again. Before RuleReachable a
// passing non-HTTP probe was invalid input and the component never came
// back.
func TestNonHTTPProbersDegradeAndRecover(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	refused, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	refusedAddr := refused.Addr().String()
	require.NoError(t, refused.Close())
	dns := newSwitchableDNS(t)
	var dbUp atomic.Bool

	tcpID := f.component("tcp", cachet.ComponentStatusOperational)
	dnsID := f.component("dns", cachet.ComponentStatusOperational)
	funcID := f.component("database", cachet.ComponentStatusOperational)
	r := &Reconciler{Client: f.client, Incidents: IncidentOptions{Enabled: true}}
	var st Memory
	for i, healthy := range []bool{true, false, true} {
		addr := ln.Addr().String()
		if !healthy {
			addr = refusedAddr
		}
		dns.up.Store(healthy)
		dbUp.Store(healthy)
		targets := []Target{
			{Name: "tcp", ComponentID: tcpID, Prober: &probe.TCP{Address: addr}},
			{Name: "dns", ComponentID: dnsID, Prober: &probe.DNS{Name: "stream.example.", Server: dns.addr}},
			{Name: "database", ComponentID: funcID, Prober: probe.Func(func(context.Context) probe.Result {
				if dbUp.Load() {
					return probe.Result{}
				}
				return probe.Result{Err: errors.New("ping: connection lost")} // a custom prober that sets no kind
			})},
		}
		report, next, err := r.Run(t.Context(), targets, st, testNow)
		require.NoError(t, err)
		require.False(t, report.Failed(), "run %d", i)
		st = next
		want := cachet.ComponentStatusOperational
		if !healthy {
			want = cachet.ComponentStatusPerformanceIssues // the seed rules: any failed request
		}
		for _, o := range report.Outcomes {
			assert.Equal(t, want, o.Decided, "run %d: %s: %s", i, o.Target, o.Reason)
			assert.Equal(t, want, f.status(o.ComponentID), "run %d: %s written", i, o.Target)
			if healthy {
				assert.Contains(t, o.Reason, "reachable", "run %d: %s", i, o.Target)
			}
		}
	}
}

// switchableDNS is a DNS server on loopback that answers A queries for
// every name with 192.0.2.1 while up is true, and NXDOMAIN otherwise.
type switchableDNS struct {
	addr string
	up   atomic.Bool
}

func newSwitchableDNS(t *testing.T) *switchableDNS {
	t.Helper()
	conn, err := net.ListenPacket("udp", "127.0.0.1:0")
	require.NoError(t, err)
	d := &switchableDNS{addr: conn.LocalAddr().String()}
	var wg sync.WaitGroup
	wg.Go(func() {
		buf := make([]byte, 1500)
		for {
			n, from, err := conn.ReadFrom(buf)
			if err != nil {
				return
			}
			if reply, ok := d.reply(buf[:n]); ok {
				_, _ = conn.WriteTo(reply, from)
			}
		}
	})
	t.Cleanup(func() {
		_ = conn.Close()
		wg.Wait()
	})
	return d
}

// reply answers one query (RFC 1035, section 4): the question copied, and
// one A record (type 1, class IN) pointing back at it, or NXDOMAIN (3).
func (d *switchableDNS) reply(query []byte) ([]byte, bool) {
	off := 12
	for off < len(query) && query[off] != 0 {
		off += int(query[off]) + 1
	}
	if len(query) < 12 || off+5 > len(query) {
		return nil, false
	}
	question := query[12 : off+5]
	isA := binary.BigEndian.Uint16(query[off+1:]) == 1
	up := d.up.Load()
	answers := byte(0)
	if up && isA {
		answers = 1
	}
	rcode := byte(3)
	if up {
		rcode = 0
	}
	reply := append([]byte{query[0], query[1], 0x84 | query[2]&0x01, 0x80 | rcode, 0, 1, 0, answers, 0, 0, 0, 0}, question...)
	if answers == 1 {
		reply = append(reply, 0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 1)
	}
	return reply, true
}
