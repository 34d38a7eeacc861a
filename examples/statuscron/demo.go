package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/proxer/cachetstatus/cachet/cachettest"
	"github.com/proxer/cachetstatus/evaluate"
)

// demoToken is the token of the demo's in-process Cachet.
const demoToken = "demoToken0123456789x"

// runDemo runs two cycles against an in-process fake Cachet and targets on
// a loopback server (healthy, slow, failing with 500, hanging past its
// timeout, and a healthy one with many member reports): the first cycle
// writes what changed, the second finds nothing to do.
func runDemo(ctx context.Context, opts options, stdout io.Writer, logger, summary *slog.Logger) int {
	release := make(chan struct{})
	wait := func(r *http.Request, done <-chan time.Time) {
		select {
		case <-done:
		case <-release:
		case <-r.Context().Done():
		}
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") })
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) { wait(r, time.After(300*time.Millisecond)) })
	mux.HandleFunc("/failing", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "database unreachable", 500) })
	mux.HandleFunc("/hanging", func(w http.ResponseWriter, r *http.Request) { wait(r, nil) })
	mux.HandleFunc("/reports", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]int{"Web": 2, "Stream 7": 9, "Stream 14": 0, "Chat": 3, "Manga reader": 27})
	})
	targets := httptest.NewServer(mux)
	defer targets.Close()
	defer close(release) // runs first: unblocks the hanging handler
	fake := cachettest.NewServer(cachettest.WithToken(demoToken))
	defer fake.Close()

	cfg := &Config{ReportsURL: targets.URL + "/reports", Policy: evaluate.DefaultPolicy()}
	cfg.Cachet.URL, cfg.Cachet.Token = fake.URL, demoToken
	cfg.Incidents.Enabled = true
	for _, t := range []TargetConfig{{Name: "Web", URL: "/ok"}, {Name: "Stream 7", URL: "/slow"}, {Name: "Stream 14", URL: "/failing"},
		{Name: "Chat", URL: "/hanging", Timeout: "500ms"}, {Name: "Manga reader", URL: "/ok"}} {
		t.URL, t.ComponentID = targets.URL+t.URL, fake.Handler.AddComponent(cachettest.Component{Name: t.Name, Status: 1, Enabled: true}).ID
		cfg.Targets = append(cfg.Targets, t)
	}
	if err := cfg.validate(); err != nil {
		logger.Error("demo configuration", "err", err)
		return exitFailed
	}
	j, err := cfg.job(opts)
	if err != nil {
		logger.Error("demo set-up", "err", err)
		return exitFailed
	}
	say := func(format string, args ...any) {
		if opts.logFormat == "json" {
			logger.Info(fmt.Sprintf(format, args...))
			return
		}
		fmt.Fprintf(stdout, format+"\n", args...)
	}
	say("demo: fake Cachet at %s with %d operational components; the seed rules decide", fake.APIURL(), len(cfg.Targets))
	var state Memory
	code := exitOK
	for cycle := 1; cycle <= 2; cycle++ {
		fake.Handler.ResetRequests()
		say("\ncycle %d:", cycle)
		var ok bool
		if state, ok = j.runAndPrint(ctx, state, stdout, logger, summary); !ok {
			code = exitFailed
		}
		reads := 0
		for _, r := range fake.Handler.Requests() {
			if r.Method == http.MethodGet {
				reads++
			}
		}
		say("cachet received %d reads and %d writes", reads, len(fake.Handler.Requests())-reads)
	}
	say("\nincidents in cachet: %d", len(fake.Handler.Incidents()))
	for _, inc := range fake.Handler.Incidents() {
		say("  #%d %q (component %d)", inc.ID, inc.Name, inc.ComponentID)
	}
	return code
}
