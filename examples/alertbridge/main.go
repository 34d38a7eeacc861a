// Command alertbridge keeps Cachet components true to the alerts that
// Alertmanager holds, so that Prometheus with blackbox_exporter in several
// locations (or any alerting rule) drives the status page through the same
// rules and level-triggered writes as statuscron.
//
// Usage:
//
//	alertbridge -components 7,14 -alertmanager-url URL [-listen 127.0.0.1:9095]
//	            [-cachet-url URL] [-resync 1m]
//	            [-mapping FILE] [-incidents] [-notify] [-silent]
//	            [-rise N] [-fall N] [-skip-silenced] [-log-format text|json]
//	alertbridge -check ...
//
// Environment: CACHET_URL (unless -cachet-url), CACHET_TOKEN, WEBHOOK_TOKEN
// (the bearer token Alertmanager must send; its http_config
// authorization.credentials), ALERTMANAGER_TOKEN (sent to Alertmanager's
// API when it sits behind an authenticating proxy). No token is ever
// printed.
//
// Endpoints: POST /webhook (Alertmanager's webhook, version 4), GET
// /healthz (200 once the last pass succeeded, 503 with the error
// otherwise), GET /metrics (counters in Prometheus's text format).
//
// How it works. A webhook adds its firing alerts to the set the bridge
// knows and removes its resolved ones, then wakes the pass loop; the
// answer is 204 at once, also when an alert names an unknown component or
// severity (logged once, nothing written from it), so Alertmanager does not
// retry what cannot succeed. Each pass is level-triggered: it reads the
// components from Cachet, maps the firing alerts onto the managed
// components (worst severity wins; an unmappable alert leaves its
// component as it is), applies hysteresis, writes the changed statuses
// (evaluate.Plan) and converges the incidents (evaluate.PlanIncident: one
// per outage, resolved once, never a second one when the alert resolves).
// Webhooks get lost and silences stop them, so the set is replaced from
// GET /api/v2/alerts on start and every -resync. Silenced and inhibited
// alerts count by default: a silence mutes people's notifications, it does
// not make the service work (use a Cachet schedule for maintenance);
// -skip-silenced leaves them out.
//
// -check validates the flags and the mapping, reads Cachet with the token
// (GET /subscribers needs a valid one), checks that every managed component
// exists and that Alertmanager's API answers, prints one line per check and
// exits 0, or 1 when one fails.
//
// Exit status: 0 after a graceful shutdown (SIGINT, SIGTERM) or a passing
// -check; 1 when serving fails or a check fails; 2 for bad flags.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/evaluate"
)

// Exit codes.
const (
	exitOK     = 0
	exitFailed = 1
	exitUsage  = 2
)

// retryAfter is how soon a failed pass is retried.
const retryAfter = 2 * time.Second

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

// options are the parsed flags and environment.
type options struct {
	listen, cachetURL, alertmanagerURL string
	cachetToken, webhookToken, amToken string
	resync                             time.Duration
	mappingFile                        string
	components                         []int
	incidents, notify, silent          bool
	rise, fall                         int
	skipSilenced, check                bool
	logFormat                          string
}

// parseFlags reads args and the environment; errors name the flag.
func parseFlags(args []string, stderr io.Writer, getenv func(string) string) (options, error) {
	var o options
	fs := flag.NewFlagSet("alertbridge", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var comps string
	fs.StringVar(&o.listen, "listen", "127.0.0.1:9095", "address to serve the webhook, /healthz and /metrics on")
	fs.StringVar(&o.cachetURL, "cachet-url", getenv("CACHET_URL"), "Cachet's base URL (default $CACHET_URL)")
	fs.StringVar(&o.alertmanagerURL, "alertmanager-url", "", "Alertmanager's base URL, for the resyncs (required)")
	fs.DurationVar(&o.resync, "resync", time.Minute, "interval of the resync from Alertmanager and of the passes")
	fs.StringVar(&o.mappingFile, "mapping", "", "JSON file with the mapping (component_label, component_key, severity_label, severities)")
	fs.StringVar(&comps, "components", "", "comma-separated ids of the components the bridge manages (required)")
	fs.BoolVar(&o.incidents, "incidents", false, "open, update and resolve one incident per major outage")
	fs.BoolVar(&o.notify, "notify", false, "incidents notify Cachet's subscribers")
	fs.BoolVar(&o.silent, "silent", false, "status writes do not notify Cachet's subscribers")
	fs.IntVar(&o.rise, "rise", 1, "passes a worse status must hold before it is written (a pass runs every -resync and after each webhook)")
	fs.IntVar(&o.fall, "fall", 1, "passes a better status must hold before it is written (a pass runs every -resync and after each webhook)")
	fs.BoolVar(&o.skipSilenced, "skip-silenced", false, "silenced and inhibited alerts do not count")
	fs.BoolVar(&o.check, "check", false, "check the configuration, Cachet, the token and the components, then exit")
	fs.StringVar(&o.logFormat, "log-format", "text", "text or json")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	o.cachetToken, o.webhookToken, o.amToken = getenv("CACHET_TOKEN"), getenv("WEBHOOK_TOKEN"), getenv("ALERTMANAGER_TOKEN")
	switch {
	case fs.NArg() > 0:
		return o, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	case o.cachetURL == "":
		return o, errors.New("-cachet-url: required (or set CACHET_URL)")
	case o.alertmanagerURL == "":
		return o, errors.New("-alertmanager-url: required (the bridge resyncs from GET /api/v2/alerts on start and every -resync)")
	case o.resync <= 0:
		return o, fmt.Errorf("-resync: must be positive, got %s", o.resync)
	case o.rise < 1 || o.fall < 1:
		return o, fmt.Errorf("-rise and -fall: must be at least 1, got %d and %d", o.rise, o.fall)
	case o.logFormat != "text" && o.logFormat != "json":
		return o, fmt.Errorf("-log-format: want text or json, got %q", o.logFormat)
	}
	for field := range strings.SplitSeq(comps, ",") {
		id, err := strconv.Atoi(strings.TrimSpace(field))
		if err != nil || id <= 0 {
			return o, fmt.Errorf("-components: %q is not a positive component id", field)
		}
		o.components = append(o.components, id)
	}
	return o, nil
}

// loadMapping decodes the -mapping file onto the defaults and validates it.
func loadMapping(path string) (mapping, error) {
	m := defaultMapping()
	if path != "" {
		data, err := os.ReadFile(path)
		if err != nil {
			return m, fmt.Errorf("-mapping: %w", err)
		}
		dec := json.NewDecoder(strings.NewReader(string(data)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&m); err != nil {
			return m, fmt.Errorf("-mapping: %s: %w", path, err)
		}
	}
	return m, m.validate()
}

// run is main without the exit; ctx ends the server.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	o, err := parseFlags(args, stderr, getenv)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		fmt.Fprintln(stderr, "alertbridge:", err)
		return exitUsage
	}
	m, err := loadMapping(o.mappingFile)
	if err != nil {
		fmt.Fprintln(stderr, "alertbridge:", err)
		return exitUsage
	}
	copts := []cachet.Option{cachet.WithUserAgent("cachetstatus-alertbridge")}
	if o.cachetToken != "" {
		copts = append(copts, cachet.WithToken(o.cachetToken))
	}
	client, err := cachet.NewClient(o.cachetURL, copts...)
	if err != nil {
		fmt.Fprintln(stderr, "alertbridge: -cachet-url:", err)
		return exitUsage
	}
	var handler slog.Handler = slog.NewTextHandler(stderr, nil)
	if o.logFormat == "json" {
		handler = slog.NewJSONHandler(stderr, nil)
	}
	logger := slog.New(handler)
	am := &alertsClient{BaseURL: o.alertmanagerURL, Token: o.amToken}
	if o.check {
		return check(ctx, stdout, client, am, o)
	}
	b := &bridge{
		client: client, mapping: m, components: o.components,
		hysteresis: evaluate.Hysteresis{Rise: o.rise, Fall: o.fall},
		incidents:  o.incidents, notify: o.notify, silent: o.silent,
		logger: logger, metrics: &metrics{},
		alerts: map[string]alert{}, memory: map[int]componentMemory{},
	}
	if o.webhookToken == "" {
		logger.Warn("WEBHOOK_TOKEN is not set: the webhook accepts any request")
	}
	return serve(ctx, b, am, o, logger)
}

// serve runs the HTTP server and the pass loop until ctx ends.
func serve(ctx context.Context, b *bridge, am *alertsClient, o options, logger *slog.Logger) int {
	ln, err := net.Listen("tcp", o.listen)
	if err != nil {
		logger.Error("listening", "error", err)
		return exitFailed
	}
	l := &loop{bridge: b, am: am, skipSilenced: o.skipSilenced, interval: o.resync, kick: make(chan struct{}, 1)}
	mux := http.NewServeMux()
	mux.Handle("/webhook", &webhookReceiver{Token: o.webhookToken, Logger: logger, Deliver: l.deliver, Refused: func() { b.metrics.add(&b.metrics.refused, 1) }})
	mux.HandleFunc("GET /healthz", l.healthz)
	mux.Handle("GET /metrics", b.metrics)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	logger.Info("alertbridge listening", "addr", ln.Addr().String(), "components", len(o.components))

	loopDone := make(chan struct{})
	go func() { l.run(ctx); close(loopDone) }()
	code := exitOK
	select {
	case <-ctx.Done():
	case err := <-served:
		logger.Error("serving", "error", err)
		code = exitFailed
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		logger.Warn("shutting down", "error", err)
	}
	<-loopDone
	logger.Info("alertbridge stopped")
	return code
}

// check runs -check: one line per check on stdout.
func check(ctx context.Context, stdout io.Writer, client *cachet.Client, am *alertsClient, o options) int {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	failed := false
	report := func(what string, err error) {
		if err != nil {
			failed = true
			fmt.Fprintf(stdout, "FAIL %s: %v\n", what, err)
			return
		}
		fmt.Fprintf(stdout, "ok   %s\n", what)
	}
	report("flags and mapping", nil)
	read, err := client.Components.ByID(ctx)
	report("cachet answers", err)
	if o.cachetToken == "" {
		report("cachet token", errors.New("CACHET_TOKEN is not set; writes will be refused"))
	} else {
		_, err := client.Subscribers.List(ctx, &cachet.ListOptions{PerPage: 1})
		report("cachet token accepted", err)
	}
	if read != nil {
		for _, id := range o.components {
			var err error
			if _, ok := read[id]; !ok {
				err = errors.New("not in cachet (or hidden from this token)")
			}
			report(fmt.Sprintf("component %d", id), err)
		}
	}
	if o.webhookToken == "" {
		report("webhook token", errors.New("WEBHOOK_TOKEN is not set; the webhook would accept any request"))
	}
	_, err = am.List(ctx, listAlertsOptions{})
	report("alertmanager api answers", err)
	if failed {
		return exitFailed
	}
	return exitOK
}
