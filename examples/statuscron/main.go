// Command statuscron keeps Cachet component statuses true to what the
// servers behind them are doing. Run it from cron: each run probes every
// configured target at once, fetches member report counts, evaluates them
// with the seed rules (or a configured policy), and writes only the
// components whose status changes; with incidents on, it then converges
// this module's incidents with what Cachet holds. cycle.go is one cycle,
// top to bottom, composing packages probe, evaluate and cachet; the other
// files add the configuration file, the state file, a lock and output.
//
// Usage:
//
//	statuscron -config FILE [-state FILE] [-lock FILE] [-dry-run] [-v] [-timeout 55s]
//	           [-concurrency 64] [-max-open N] [-log-format text|json] [-metrics-file FILE.prom]
//	statuscron -config FILE -check
//	statuscron -demo
//	statuscron -version
//
// -config is a JSON file (see config.example.jsonc); the environment
// variables CACHET_URL and CACHET_TOKEN override it (keep the token there).
// -state keeps hysteresis counters, the statuses written and open incidents
// between runs; its directory is created (mode 0750) when missing. -lock
// defaults to the state file plus ".lock", else a file per configuration in
// the temporary directory. A state or lock path that cannot be used is exit
// status 2 naming the path, before the lock is taken and also with
// -dry-run. -dry-run prints the plan and writes nothing, not even -state,
// and takes no lock. -check writes nothing either: it checks the
// configuration (warnings count as problems), the state and lock paths,
// that Cachet answers as a Cachet 2.x v1 API, that it accepts the token,
// that every component exists (by id, or by name and group) and that the
// reports source counts every target; it prints every problem. -timeout
// bounds the whole run, -concurrency the probes doing CPU-side work at once
// (a probe waiting for its answer does not count), -max-open the probes in
// flight at once (default derived from the open-files limit, see
// probe.DefaultMaxOpen). -metrics-file writes the probe results and the
// run's totals after each run (not with -dry-run) in the Prometheus text
// format, for node_exporter's textfile collector. -demo runs against an in-process fake
// Cachet and local targets, with no configuration and no network (it
// implies -v). -version prints the version; -h the flags, the environment
// variables and the exit statuses, on stdout.
//
// Output: stdout gets a line for each target that changed (or would, with
// -dry-run), failed, or needs a look; a steady target, even one steadily
// down, is quiet, so cron mails only when something happened. -v prints
// every target. A line holds the name, component id, current → new status,
// action and reason, then the probe's cause, the incident written and any
// error; -log-format json makes it an object with the probe's fields
// (failure, cause, status_code, latency_ms, phases, cert_expiry) and
// incident, metric_posted. The actions are updated, unchanged, dry-run,
// skipped-maintenance, skipped-manual, skipped-invalid and failed. stdout
// also gets warnings (configuration, report keys that match no target) and
// errors (Cachet unreachable is one line). stderr is the log: one summary
// line per run whose counts add up to the targets, at level ERROR when the
// run exits non-zero. The lines of a run that cannot start (bad flags or
// configuration, set-up, a held lock) are plain text: on stdout, except a
// bad flag's on stderr.
//
// Exit status: 0 when every needed write succeeded; 1 when Cachet could not
// be read, a write failed (the other writes still go through) or a probe
// failed locally: ours, not the target's (out of file descriptors, starved
// of CPU), and its component is left as it is; 2 for bad flags, configuration or set-up, a
// component name that matches no component or several, and a failed
// -check; 3 when another run holds the lock.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/proxer/cachetstatus/examples/internal/version"
)

// Exit codes.
const (
	exitOK     = 0
	exitFailed = 1
	exitUsage  = 2
	exitLocked = 3
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

// options are the parsed command-line flags.
type options struct {
	configPath, statePath, lockPath, logFormat, metricsFile string
	dryRun, demo, check, verbose                            bool
	timeout                                                 time.Duration
	concurrency, maxOpen                                    int
}

// errVersion reports that -version was given and the version printed.
var errVersion = errors.New("statuscron: version printed")

// parseFlags parses args. Help for -h (flag.ErrHelp) and the version for
// -version (errVersion) go to stdout; an error is already printed to
// stderr.
func parseFlags(args []string, stdout, stderr io.Writer) (options, error) {
	var o options
	var showVersion bool
	fs := flag.NewFlagSet("statuscron", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&o.configPath, "config", "", "JSON configuration `file`")
	fs.StringVar(&o.statePath, "state", "", "state `file` kept between runs (its directory is created if missing)")
	fs.StringVar(&o.lockPath, "lock", "", "lock `file` (default: beside -state, else in the temporary directory)")
	fs.BoolVar(&o.dryRun, "dry-run", false, "print the plan and write nothing")
	fs.BoolVar(&o.check, "check", false, "check the configuration, Cachet, the token, the components and the reports source; write nothing")
	fs.BoolVar(&o.verbose, "v", false, "print a line for every target (default: only changes, failures and warnings)")
	fs.StringVar(&o.metricsFile, "metrics-file", "", "after each run, write the probe results to this `file.prom` for node_exporter's textfile collector")
	fs.BoolVar(&o.demo, "demo", false, "run two cycles against an in-process fake Cachet and local targets (implies -v)")
	fs.DurationVar(&o.timeout, "timeout", 55*time.Second, "deadline of the whole run")
	fs.IntVar(&o.concurrency, "concurrency", 64, "number of probes doing CPU-side work at once")
	fs.IntVar(&o.maxOpen, "max-open", 0, "number of probes in flight at once (0: derived from the open-files limit)")
	fs.StringVar(&o.logFormat, "log-format", "text", "output `format`: text or json")
	fs.BoolVar(&showVersion, "version", false, "print the version and exit")
	if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
		usage(fs, stdout)
		return o, err
	} else if err != nil {
		fmt.Fprintf(stderr, "statuscron: %v (see statuscron -h)\n", err)
		return o, err
	}
	if showVersion {
		fmt.Fprintln(stdout, version.String("statuscron"))
		return o, errVersion
	}
	var err error
	switch {
	case fs.NArg() > 0:
		err = fmt.Errorf("unexpected argument %q", fs.Arg(0))
	case o.logFormat != "text" && o.logFormat != "json":
		err = fmt.Errorf("-log-format: want text or json, got %q", o.logFormat)
	case o.timeout <= 0:
		err = fmt.Errorf("-timeout: must be positive, got %s", o.timeout)
	case o.concurrency < 1:
		err = fmt.Errorf("-concurrency: must be at least 1, got %d", o.concurrency)
	case o.maxOpen < 0:
		err = fmt.Errorf("-max-open: must not be negative, got %d", o.maxOpen)
	case o.demo && o.configPath != "":
		err = errors.New("-demo and -config exclude each other")
	case !o.demo && o.configPath == "":
		err = errors.New("-config is required (or try -demo)")
	case o.check && (o.dryRun || o.demo):
		err = errors.New("-check excludes -dry-run and -demo")
	case o.metricsFile != "":
		err = checkMetricsFile(o.metricsFile)
	}
	if err != nil {
		fmt.Fprintln(stderr, "statuscron:", err)
	}
	return o, err
}

// run is the whole program; main only adds the process around it.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	opts, err := parseFlags(args, stdout, stderr)
	if errors.Is(err, flag.ErrHelp) || errors.Is(err, errVersion) {
		return exitOK
	}
	if err != nil {
		return exitUsage
	}
	// stdout is what a person must read (cron mails it): target lines,
	// warnings and errors; stderr is the log: one summary line per run.
	logger, summary := newLogger(opts.logFormat, stdout), newLogger(opts.logFormat, stderr)
	if opts.demo {
		opts.verbose = true // the demo is there to be read
		return runDemo(ctx, opts, stdout, logger, summary)
	}
	cfg, err := loadConfig(opts.configPath, getenv)
	if err == nil && opts.check {
		return runCheck(ctx, cfg, opts, stdout)
	}
	if err == nil {
		err = checkRunnable(cfg, opts)
	}
	var j *job
	if err == nil {
		j, err = cfg.job(opts)
	}
	// From here on a problem is for the operator to read: stdout, which
	// cron mails (a bad flag is the invocation's problem: stderr).
	if err != nil {
		fmt.Fprintln(stdout, "statuscron:", err)
		return exitUsage
	}
	if err := prepareFiles(opts.statePath, lockPath(opts), opts.dryRun); err != nil {
		fmt.Fprintln(stdout, err) // "statuscron: set-up: PATH: ..."
		return exitUsage
	}
	for _, w := range cfg.allWarnings(opts) {
		logger.Warn(w.Error())
	}
	if !opts.dryRun { // a dry run writes nothing, so it never holds up a real run
		lock, err := acquireLock(lockPath(opts))
		if errors.Is(err, errLocked) {
			fmt.Fprintf(stdout, "%v; is a previous run still going? exiting\n", err)
			return exitLocked
		}
		if err != nil {
			fmt.Fprintln(stdout, err)
			return exitFailed
		}
		defer lock.release()
	}
	if code := j.resolveNames(ctx, logger); code != exitOK {
		return code
	}

	var state Memory
	if opts.statePath != "" {
		if state, err = loadState(opts.statePath); err != nil {
			logger.Warn("state file unusable, starting afresh; it will be replaced", "err", err)
		}
	}
	next, ok := j.runAndPrint(ctx, state, stdout, logger, summary)
	if opts.statePath != "" && !opts.dryRun {
		if err := saveState(opts.statePath, next); err != nil {
			logger.Error("state not saved", "err", err)
			ok = false
		}
	}
	if !ok {
		return exitFailed
	}
	return exitOK
}

// checkRunnable rejects a configuration these flags cannot run: writing
// needs a token, and some settings need a state file.
func checkRunnable(cfg *Config, opts options) error {
	switch h := cfg.Hysteresis; {
	case cfg.Cachet.Token == "" && !opts.dryRun:
		return errors.New("config: cachet.token: required to write (set CACHET_TOKEN, or use -dry-run)")
	case opts.statePath != "":
		return nil
	case h != nil && (h.Rise > 1 || h.Fall > 1):
		return errors.New("config: hysteresis needs -state to count between runs")
	case cfg.RespectManualChanges:
		return errors.New("config: respect_manual_changes needs -state to remember what was written")
	}
	return nil
}

// lockPath is -lock, else the state file's path plus ".lock", else a file
// in the temporary directory named after the configuration file.
func lockPath(o options) string {
	if o.lockPath != "" {
		return o.lockPath
	}
	if o.statePath != "" {
		return o.statePath + ".lock"
	}
	abs, err := filepath.Abs(o.configPath)
	if err != nil {
		abs = o.configPath
	}
	h := fnv.New32a()
	h.Write([]byte(abs))
	return filepath.Join(os.TempDir(), fmt.Sprintf("statuscron-%08x.lock", h.Sum32()))
}
