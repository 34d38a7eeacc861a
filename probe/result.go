package probe

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"
)

// ErrNoData means a source had no current observation of a target from a
// location: no series, or only stale ones (Prometheus drops a series from
// instant queries once it is stale). [Classify] maps it onto
// [FailureNoData].
var ErrNoData = errors.New("probe: no data")

// FailureKind says why a probe failed, in terms an evaluator can map onto a
// component status. The zero value, [FailureNone], means the probe passed.
type FailureKind uint8

// The failure kinds, from most to least specific. See [Classify] for how an
// error is mapped onto one.
const (
	// FailureNone means the probe passed.
	FailureNone FailureKind = iota
	// FailureTimeout means the probe's deadline expired or a network
	// operation timed out: the target did not answer in time.
	FailureTimeout
	// FailureRefused means the target actively refused the connection
	// (nothing listens on the port).
	FailureRefused
	// FailureDNS means the name could not be resolved, or resolved to an
	// unexpected answer.
	FailureDNS
	// FailureTLS means the TLS handshake failed: an expired, untrusted or
	// mismatched certificate, or a peer that does not speak TLS.
	FailureTLS
	// FailureReset means the peer reset or closed the connection before a
	// complete response.
	FailureReset
	// FailureHTTP means the target answered, but not as expected: an
	// unexpected status code, a failed body check or a redirect problem.
	FailureHTTP
	// FailureOther is every other failure, including a probe aborted by the
	// cancellation of its context and a prober that panicked.
	FailureOther
	// FailureNoData means there was no current observation of the target:
	// a source such as [Prometheus] had no series, or only stale ones, for
	// it. Nothing is known about the target, so an evaluator should leave
	// its status as it is rather than call it healthy or failing.
	FailureNoData
	// FailureLocal means the failure is ours, not the target's: this
	// process ran out of file descriptors or ephemeral ports, a probe never
	// got to send its request ([ErrNotStarted]), or it was starved of CPU
	// ([ErrStarved]). The error names the cause, such as "too many open
	// files". It says nothing about the target.
	FailureLocal
)

var failureKindNames = [...]string{"none", "timeout", "refused", "dns", "tls", "reset", "http", "other", "no_data", "local"}

// String returns the lowercase name of k ("none", "timeout", "refused", "dns",
// "tls", "reset", "http", "other", "no_data", "local"), or "FailureKind(n)" for an
// unknown value.
func (k FailureKind) String() string {
	if k.Valid() {
		return failureKindNames[k]
	}
	return "FailureKind(" + strconv.Itoa(int(k)) + ")"
}

// Valid reports whether k is one of the defined failure kinds.
func (k FailureKind) Valid() bool { return int(k) < len(failureKindNames) }

// MarshalText returns the name given by [FailureKind.String]; an invalid
// kind is an error.
func (k FailureKind) MarshalText() ([]byte, error) {
	if !k.Valid() {
		return nil, fmt.Errorf("probe: cannot marshal invalid failure kind %d", uint8(k))
	}
	return []byte(failureKindNames[k]), nil
}

// UnmarshalText accepts the names given by [FailureKind.String].
func (k *FailureKind) UnmarshalText(text []byte) error {
	i := slices.Index(failureKindNames[:], string(text))
	if i < 0 {
		return fmt.Errorf("probe: unknown failure kind %q", text)
	}
	*k = FailureKind(i)
	return nil
}

// Phases holds the duration of each measured phase of a probe. A phase that
// was not measured (no DNS lookup for an IP address, no TLS for plain HTTP)
// is zero.
type Phases struct {
	// DNS is the time spent resolving the target's name.
	DNS time.Duration
	// Connect is the time spent establishing the TCP connection.
	Connect time.Duration
	// TLS is the time spent in the TLS handshake.
	TLS time.Duration
	// FirstByte is the time from the start of the (final) HTTP request to
	// the first byte of its response; it includes DNS, Connect and TLS.
	FirstByte time.Duration
}

// Result is the outcome of one probe. It is a plain value: it can be copied,
// compared field by field and handed to an evaluator without further I/O.
type Result struct {
	// Target is the name of the probed target; [Runner.Run] sets it to
	// [Target.Name].
	Target string
	// Location names the place the target was probed from, for results of
	// a source that probes from several places (such as [Prometheus]);
	// empty for a probe made by this process.
	Location string
	// Start is when the probe started.
	Start time.Time
	// Latency is how long the probe took, including every phase and, for
	// HTTP, reading the body up to its limit.
	Latency time.Duration
	// StatusCode is the HTTP status code of the final response, 0 when there
	// was no HTTP response.
	StatusCode int
	// Err is nil when the probe passed. Otherwise it describes the failure
	// and wraps its cause, so errors.Is(err, context.DeadlineExceeded),
	// errors.Is(err, ErrUnexpectedStatus) and errors.As with *net.DNSError
	// or *tls.CertificateVerificationError keep working.
	Err error
	// Kind classifies Err. The probers of this package and [Runner.Run]
	// keep it FailureNone exactly when Err is nil.
	Kind FailureKind
	// Phases holds the measured phase durations.
	Phases Phases
	// CertExpiry is the NotAfter time of the leaf certificate the target
	// presented (for HTTP, on the connection of the final response), for
	// TLS targets; zero otherwise. It is also set when verification failed,
	// so an expired certificate reports its expiry.
	CertExpiry time.Time
	// BodyExcerpt is the beginning of the response body (at most
	// [MaxExcerptBytes] bytes, valid UTF-8), set only when the probe failed
	// with [FailureHTTP] after reading a body.
	BodyExcerpt string
}

// OK reports whether the probe passed.
func (r Result) OK() bool {
	return r.Err == nil && r.Kind == FailureNone
}
