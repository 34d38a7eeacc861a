// Command fakecachet serves an in-memory fake Cachet 2.4 API (v1) for
// trying Cachet clients locally, in any language.
//
// Usage:
//
//	fakecachet [-addr 127.0.0.1:8000] [-token TOKEN] [-seed FILE] [-profile 2.4|2.3]
//	fakecachet -version
//
// It listens on -addr, prints the API base URL (http://ADDR/api/v1) as its
// first line on standard output once it accepts connections — with port 0
// the line shows the port chosen — and serves until interrupted (SIGINT or
// SIGTERM), then shuts down gracefully. Writes need the header
// X-Cachet-Token with -token (default $CACHET_TOKEN, else
// cachettest.DefaultToken). All state is lost on exit.
//
// -seed preloads component groups and components from a JSON file:
//
//	{
//	  "groups": [
//	    {"name": "Website", "order": 1, "collapsed": 0, "visible": 1,
//	     "components": [{"name": "Frontend", "status": 1}]}
//	  ],
//	  "components": [
//	    {"name": "API", "description": "Public API", "link": "https://example.com",
//	     "status": 1, "order": 0, "enabled": true, "tags": ["Core"]}
//	  ]
//	}
//
// Groups take name (required), order, collapsed (0–4) and visible (0 private,
// the default, or 1 public); their components join that group. Components
// take name (required), description, link, status (0–4, default 1), order,
// enabled (default true) and tags. Ids are assigned in file order: groups
// first, then each group's components, then the ungrouped components.
// Unknown fields are errors, and every error names the file and the path
// of the bad entry ("seed.json: components[3].status: must be 0–4, got 7").
// See seed.example.json beside this file.
//
// -h prints the usage on standard output. Exit status: 0 after a shutdown
// by signal (and for -h and -version); 1 when serving fails (the address is
// taken, say); 2 for bad flags or a bad seed file.
package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/proxer/cachetstatus/cachet/cachettest"
	"github.com/proxer/cachetstatus/examples/internal/version"
)

// Exit codes, as in statuscron.
const (
	exitOK     = 0
	exitFailed = 1
	exitUsage  = 2
)

// usageError is bad flags or a bad seed file (exit status 2).
type usageError struct{ err error }

func (e usageError) Error() string { return "fakecachet: " + e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// usagef returns a usageError with the formatted message.
func usagef(format string, a ...any) error {
	return usageError{fmt.Errorf(format, a...)}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := exitCode(run(ctx, os.Args[1:], os.Stdout), os.Stderr)
	stop()
	os.Exit(code)
}

// exitCode prints err (if any) to stderr as one plain line and returns the
// exit status for it.
func exitCode(err error, stderr io.Writer) int {
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.As(err, new(usageError)):
		fmt.Fprintln(stderr, err)
		return exitUsage
	default:
		fmt.Fprintln(stderr, err)
		return exitFailed
	}
}

// usage prints the help text of fs to w.
func usage(fs *flag.FlagSet, w io.Writer) {
	fmt.Fprint(w, `Usage: fakecachet [-addr 127.0.0.1:8000] [-token TOKEN] [-seed FILE] [-profile 2.4|2.3]
       fakecachet -version

Serves an in-memory fake Cachet 2.4 API (v1) and prints its base URL first.

Flags:
`)
	fs.SetOutput(w)
	fs.PrintDefaults()
	fmt.Fprint(w, `
Environment:
  CACHET_TOKEN  token accepted for writes when -token is not given

Exit status: 0 after SIGINT or SIGTERM, -h or -version; 1 when serving fails;
2 for bad flags or a bad seed file.
`)
}

// run parses args, serves the fake until ctx is done and prints the base URL
// to stdout first.
func run(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("fakecachet", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	addr := fs.String("addr", "127.0.0.1:8000", "`host:port` to listen on (port 0 picks a free port)")
	// The default is resolved after parsing so that -h never prints the
	// value of $CACHET_TOKEN, which may be a real Cachet's token.
	token := fs.String("token", "", "API `token` accepted in X-Cachet-Token (default $CACHET_TOKEN, else "+cachettest.DefaultToken+")")
	seedFile := fs.String("seed", "", "JSON `file` with groups and components to preload")
	profile := fs.String("profile", "2.4", "Cachet release to imitate on the wire: 2.4 or 2.3")
	showVersion := fs.Bool("version", false, "print the version and exit")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			usage(fs, stdout)
			return err
		}
		return usagef("%w", err)
	}
	if *showVersion {
		_, err := fmt.Fprintln(stdout, version.String("fakecachet"))
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	opts := []cachettest.Option{cachettest.WithToken(cmp.Or(*token, os.Getenv("CACHET_TOKEN")))}
	switch *profile {
	case "2.4":
	case "2.3":
		opts = append(opts, cachettest.WithProfile(cachettest.Profile23))
	default:
		return usagef("-profile must be 2.4 or 2.3, not %q", *profile)
	}
	h := cachettest.NewHandler(opts...)
	if *seedFile != "" {
		if err := loadSeed(h, *seedFile); err != nil {
			return err
		}
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("fakecachet: %w", err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	if _, err := fmt.Fprintf(stdout, "http://%s/api/v1\n", ln.Addr()); err != nil {
		_ = ln.Close()
		return fmt.Errorf("fakecachet: %w", err)
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return fmt.Errorf("fakecachet: %w", err)
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("fakecachet: shutdown: %w", err)
	}
	return nil
}
