// Command setstatus sets one Cachet component's status, and optionally
// opens an incident about it, for people and scripts.
//
// Usage:
//
//	setstatus -component ID -status STATUS [-incident NAME [-message TEXT]] [-silent]
//	setstatus -version
//
// STATUS is a name (operational, performance_issues, partial_outage,
// major_outage) or Cachet's number (1-4; 0 is unknown). The environment
// variables CACHET_URL (the Cachet root or API URL) and CACHET_TOKEN are
// required.
//
// Without -incident the component is written only when its status differs,
// so repeating a command never e-mails subscribers twice. With -incident,
// setstatus first looks for an open incident it opened earlier for the
// component (marked with the meta key cachetstatus_setstatus, or with the
// same name): if there is one it posts an update to it (Identified, or
// Fixed when the status is operational, which resolves it) and writes the
// status when it differs; otherwise it creates an incident linked to the
// component (Investigating, or Fixed when the status is operational) and
// Cachet sets the component's status from it in the same request. A
// component already operational with no open incident is left alone. So
// running the same command twice opens one incident, not two.
//
// -h prints the usage, the environment variables and the exit statuses on
// standard output.
//
// Exit status: 0 on success (including "already set"); 1 when Cachet could
// not be read or written; 2 for bad flags or a missing environment variable.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/examples/internal/version"
)

// Exit codes, as in statuscron.
const (
	exitOK     = 0
	exitFailed = 1
	exitUsage  = 2
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

// options are the parsed flags and environment.
type options struct {
	componentID int
	status      cachet.ComponentStatus
	incident    string
	message     string
	silent      bool
	timeout     time.Duration
	url, token  string
}

// parse reads the flags and environment; the error is already printed, and
// the help for -h (flag.ErrHelp) or the version for -version (errVersion)
// on stdout.
func parse(args []string, stdout, stderr io.Writer, getenv func(string) string) (options, error) {
	var o options
	var status string
	var showVersion bool
	fs := flag.NewFlagSet("setstatus", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.BoolVar(&showVersion, "version", false, "print the version and exit")
	fs.IntVar(&o.componentID, "component", 0, "component `id`")
	fs.StringVar(&status, "status", "", "new `status`: operational, performance_issues, partial_outage, major_outage or 0-4")
	fs.StringVar(&o.incident, "incident", "", "also open an incident with this `name`")
	fs.StringVar(&o.message, "message", "", "incident message (markdown)")
	fs.BoolVar(&o.silent, "silent", false, "do not e-mail subscribers")
	fs.DurationVar(&o.timeout, "timeout", 30*time.Second, "deadline for the whole command")
	if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
		usage(fs, stdout)
		return o, err
	} else if err != nil {
		fmt.Fprintf(stderr, "setstatus: %v (see setstatus -h)\n", err)
		return o, err
	}
	if showVersion {
		fmt.Fprintln(stdout, version.String("setstatus"))
		return o, errVersion
	}
	o.url, o.token = getenv("CACHET_URL"), getenv("CACHET_TOKEN")
	usage := func(format string, a ...any) error {
		err := fmt.Errorf("setstatus: "+format, a...)
		fmt.Fprintln(stderr, err)
		return err
	}
	switch {
	case fs.NArg() > 0:
		return o, usage("unexpected argument %q", fs.Arg(0))
	case o.componentID <= 0:
		return o, usage("-component: want a positive component id")
	case status == "":
		return o, usage("-status is required")
	case o.status.UnmarshalText([]byte(status)) != nil || !o.status.Valid():
		return o, usage("-status: unknown status %q (want operational, performance_issues, partial_outage, major_outage or 0-4)", status)
	case o.message != "" && o.incident == "":
		return o, usage("-message needs -incident")
	case o.timeout <= 0:
		return o, usage("-timeout: must be positive")
	case o.url == "":
		return o, usage("CACHET_URL is not set")
	case o.token == "":
		return o, usage("CACHET_TOKEN is not set")
	}
	return o, nil
}

// run is the whole program; main only adds the process around it.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	o, err := parse(args, stdout, stderr, getenv)
	if errors.Is(err, flag.ErrHelp) || errors.Is(err, errVersion) {
		return exitOK
	}
	if err != nil {
		return exitUsage
	}
	client, err := cachet.NewClient(o.url, cachet.WithToken(o.token))
	if err != nil {
		fmt.Fprintln(stderr, "setstatus: CACHET_URL:", err)
		return exitUsage
	}
	ctx, cancel := context.WithTimeout(ctx, o.timeout)
	defer cancel()
	if err := apply(ctx, client, o, stdout); err != nil {
		fmt.Fprintln(stderr, "setstatus:", err)
		return exitFailed
	}
	return exitOK
}

// apply reads the component, then writes the status (or creates the
// incident that sets it) and prints what happened.
func apply(ctx context.Context, client *cachet.Client, o options, stdout io.Writer) error {
	comp, err := client.Components.Get(ctx, o.componentID)
	if err != nil {
		return fmt.Errorf("reading component %d: %w", o.componentID, err)
	}
	from := comp.Status
	var open *cachet.Incident
	if o.incident != "" {
		if open, err = ownOpenIncident(ctx, client, o); err != nil {
			return err
		}
	}
	switch {
	case open != nil:
		status, message := incidentStatus(o)
		if _, err := client.IncidentUpdates.Create(ctx, open.ID, cachet.CreateIncidentUpdateRequest{Status: status, Message: message}); err != nil {
			return fmt.Errorf("updating incident %d: %w", open.ID, err)
		}
		if from != o.status {
			if err := updateStatus(ctx, client, o); err != nil {
				return err
			}
		}
		fmt.Fprintf(stdout, "%s (#%d): %s → %s; incident #%d %q updated\n", comp.Name, comp.ID, from, o.status, open.ID, open.Name)
	case o.incident != "" && from == o.status && o.status == cachet.ComponentStatusOperational:
		fmt.Fprintf(stdout, "%s (#%d): already %s and no open incident; nothing written\n", comp.Name, comp.ID, from)
	case o.incident != "":
		inc, err := client.Incidents.Create(ctx, incidentRequest(o))
		if err != nil {
			return fmt.Errorf("creating incident: %w", err)
		}
		fmt.Fprintf(stdout, "%s (#%d): %s → %s; incident #%d %q opened\n", comp.Name, comp.ID, from, o.status, inc.ID, inc.Name)
	case from == o.status:
		fmt.Fprintf(stdout, "%s (#%d): already %s; nothing written\n", comp.Name, comp.ID, from)
	default:
		if err := updateStatus(ctx, client, o); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s (#%d): %s → %s\n", comp.Name, comp.ID, from, o.status)
	}
	return nil
}

// updateStatus writes the component's status.
func updateStatus(ctx context.Context, client *cachet.Client, o options) error {
	req := cachet.UpdateComponentRequest{Status: &o.status}
	if o.silent {
		req.Silent = cachet.Ptr(true)
	}
	if _, err := client.Components.Update(ctx, o.componentID, req); err != nil {
		return fmt.Errorf("updating component %d: %w", o.componentID, err)
	}
	return nil
}

// metaKey marks the incidents setstatus opens; its value is the component
// id as a string.
const metaKey = "cachetstatus_setstatus"

// ownOpenIncident returns the newest unresolved incident of the component
// that setstatus opened (its marker, or the same name), or nil.
func ownOpenIncident(ctx context.Context, client *cachet.Client, o options) (*cachet.Incident, error) {
	open, err := client.Incidents.Unresolved(ctx) // newest first
	if err != nil {
		return nil, fmt.Errorf("reading open incidents: %w", err)
	}
	id := strconv.Itoa(o.componentID)
	for _, in := range open {
		marker, _ := in.Meta.String(metaKey)
		if in.ComponentID == o.componentID && (marker == id || in.Name == o.incident) {
			return &in, nil
		}
	}
	return nil, nil
}

// incidentStatus is the incident status and message for o: Fixed when the
// component is operational again, else Investigating for a new incident
// (Identified for an update).
func incidentStatus(o options) (cachet.IncidentStatus, string) {
	message := o.message
	if message == "" {
		message = "Status set to " + o.status.String() + "."
	}
	if o.status == cachet.ComponentStatusOperational {
		return cachet.IncidentStatusFixed, message
	}
	return cachet.IncidentStatusIdentified, message
}

// incidentRequest builds the incident that sets the component's status.
func incidentRequest(o options) cachet.CreateIncidentRequest {
	status, message := incidentStatus(o)
	if status == cachet.IncidentStatusIdentified {
		status = cachet.IncidentStatusInvestigating
	}
	marker, _ := json.Marshal(strconv.Itoa(o.componentID))
	return cachet.CreateIncidentRequest{
		Name:            o.incident,
		Status:          status,
		Message:         message,
		Notify:          cachet.Ptr(!o.silent),
		ComponentID:     &o.componentID,
		ComponentStatus: &o.status,
		Meta:            cachet.Meta{metaKey: marker},
	}
}
