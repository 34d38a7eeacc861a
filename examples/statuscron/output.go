package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/evaluate"
	"github.com/proxer/cachetstatus/probe"
)

// jsonLine is the -log-format json form of an outcome; From is null when
// Cachet could not be read. The probe fields come from Outcome.Result:
// Cause is why the probe failed in the words of the error that decided
// it, LatencyMS and the phases are in milliseconds, CertExpiry is the
// leaf certificate's NotAfter.
type jsonLine struct {
	Target        string          `json:"target"`
	ComponentID   int             `json:"component_id"`
	From          *string         `json:"from"`
	To            string          `json:"to"`
	Action        evaluate.Action `json:"action"`
	Reason        string          `json:"reason"`
	Error         string          `json:"error,omitempty"`
	Failure       string          `json:"failure,omitempty"`
	Cause         string          `json:"cause,omitempty"`
	StatusCode    int             `json:"status_code,omitempty"`
	LatencyMS     float64         `json:"latency_ms"`
	Phases        *phasesJSON     `json:"phases,omitempty"`
	CertExpiry    *time.Time      `json:"cert_expiry,omitempty"`
	Incident      string          `json:"incident,omitempty"`
	IncidentError string          `json:"incident_error,omitempty"`
	MetricPosted  bool            `json:"metric_posted,omitempty"`
	MetricError   string          `json:"metric_error,omitempty"`
}

// phasesJSON is probe.Phases in milliseconds.
type phasesJSON struct {
	DNS       float64 `json:"dns_ms"`
	Connect   float64 `json:"connect_ms"`
	TLS       float64 `json:"tls_ms"`
	FirstByte float64 `json:"first_byte_ms"`
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// statusName is the configuration name of s ("major_outage"): a JSON line
// names the statuses for the people and tools that read it, where Cachet's
// wire (and [cachet.ComponentStatus.MarshalJSON]) has the number.
func statusName(s cachet.ComponentStatus) string {
	if text, err := s.MarshalText(); err == nil {
		return string(text)
	}
	return s.String()
}

// lineOf is the line of o. An error that is the run's readErr is left
// out: the run prints it once, not once per target.
func lineOf(o Outcome, readErr error) jsonLine {
	r := o.Result
	l := jsonLine{Target: o.Target, ComponentID: o.ComponentID, To: statusName(o.Decided), Action: o.Action, Reason: o.Reason,
		Cause: r.Cause(), StatusCode: r.StatusCode, LatencyMS: ms(r.Latency), Incident: o.Incident, MetricPosted: o.MetricPosted}
	if o.CurrentKnown {
		from := statusName(o.Current)
		l.From = &from
	}
	if r.Err != nil {
		l.Failure = r.Kind.String()
	}
	if p := r.Phases; p != (probe.Phases{}) {
		l.Phases = &phasesJSON{DNS: ms(p.DNS), Connect: ms(p.Connect), TLS: ms(p.TLS), FirstByte: ms(p.FirstByte)}
	}
	if !r.CertExpiry.IsZero() {
		l.CertExpiry = &r.CertExpiry
	}
	if o.Err != nil && o.Err != readErr {
		l.Error = o.Err.Error()
	}
	if o.IncidentErr != nil {
		l.IncidentError = o.IncidentErr.Error()
	}
	if o.MetricErr != nil {
		l.MetricError = o.MetricErr.Error()
	}
	return l
}

// writeOutcomes prints one line per outcome: a JSON object when asJSON,
// else aligned text:
//
//	NAME  #ID  FROM → TO  ACTION  REASON[; probe's cause][; incident …][; error]
//
// readErr, when not nil, is the run's one Cachet read error, left out of
// the lines.
func writeOutcomes(w io.Writer, outcomes []Outcome, readErr error, asJSON bool) error {
	// The tabwriter and the encoder write field by field: buffer them, or
	// 10,000 targets make about 100,000 small writes.
	bw := bufio.NewWriterSize(w, 64<<10)
	enc := json.NewEncoder(bw)
	tw := tabwriter.NewWriter(bw, 0, 0, 2, ' ', 0)
	for _, o := range outcomes {
		l := lineOf(o, readErr)
		if asJSON {
			if err := enc.Encode(l); err != nil {
				return err
			}
			continue
		}
		from := "?"
		if o.CurrentKnown {
			from = o.Current.String()
		}
		words := []string{l.Reason}
		if l.Cause != "" {
			words = append(words, l.Cause)
		}
		if l.Incident != "" {
			words = append(words, "incident "+l.Incident)
		}
		for _, e := range []string{l.Error, l.IncidentError, l.MetricError} {
			if e != "" {
				words = append(words, e)
			}
		}
		fmt.Fprintf(tw, "%s\t#%d\t%s → %s\t%s\t%s\n", l.Target, l.ComponentID, from, o.Decided, l.Action, strings.Join(words, "; "))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	return bw.Flush()
}

// worthALine reports whether o is printed without -v: a change (or a
// planned one), a failure, a warning, or an incident written. A steady
// target, even one steadily down, and a skipped one are quiet, so cron
// mails only when something happened. readErr is the run's one Cachet read
// error, printed once on its own.
func worthALine(o Outcome, readErr error) bool {
	switch {
	case o.Err != nil && o.Err != readErr, o.IncidentErr != nil, o.MetricErr != nil, o.Incident != "":
		return true
	case o.Action == evaluate.ActionFailed:
		return readErr == nil
	}
	return o.Action == evaluate.ActionUpdate || o.Action == evaluate.ActionDryRun || o.Action == evaluate.ActionSkipInvalid
}

// newLogger returns the diagnostics logger for -log-format on w.
func newLogger(format string, w io.Writer) *slog.Logger {
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, nil))
	}
	return slog.New(slog.NewTextHandler(w, nil))
}
