package evaluate

import (
	"fmt"
	"strconv"
)

// FailureKind classifies why a probe got no usable response.
type FailureKind uint8

// The failure kinds. FailureNone means a response arrived and was accepted.
const (
	FailureNone    FailureKind = iota // a response arrived
	FailureTimeout                    // the deadline passed
	FailureRefused                    // the connection was refused
	FailureDNS                        // the name did not resolve
	FailureTLS                        // the TLS handshake or certificate check failed
	FailureReset                      // the connection was reset or closed early
	FailureHTTP                       // a response arrived but the probe rejected it (for example a body check)
	FailureOther                      // any other request failure
	FailureNoData                     // no current observation (such as no Prometheus series): by default the status is left as it is
	FailureLocal                      // our failure, not the target's: out of file descriptors or ports, probe never sent, starved of CPU
)

// names returns the config name and the phrase used in reasons.
func (k FailureKind) names() (text, phrase string) {
	switch k {
	case FailureNone:
		return "none", "no failure"
	case FailureTimeout:
		return "timeout", "timeout"
	case FailureRefused:
		return "refused", "connection refused"
	case FailureDNS:
		return "dns", "DNS failure"
	case FailureTLS:
		return "tls", "TLS failure"
	case FailureReset:
		return "reset", "connection reset"
	case FailureHTTP:
		return "http", "check failed"
	case FailureOther:
		return "other", "request failed"
	case FailureNoData:
		return "no_data", "no data"
	case FailureLocal:
		return "local", "local failure (ours, not the target's)"
	}
	return "", ""
}

// String returns the config name ("timeout", "refused", "dns", "tls",
// "reset", "http", "other", "no_data", "local", or "none"), or "failure(N)" when
// invalid.
func (k FailureKind) String() string {
	if !k.Valid() {
		return "failure(" + strconv.Itoa(int(k)) + ")"
	}
	text, _ := k.names()
	return text
}

// Valid reports whether k is one of the defined failure kinds.
func (k FailureKind) Valid() bool { return k <= FailureLocal }

// MarshalText returns the name given by [FailureKind.String].
func (k FailureKind) MarshalText() ([]byte, error) {
	if !k.Valid() {
		return nil, fmt.Errorf("evaluate: cannot marshal invalid failure kind %d", uint8(k))
	}
	text, _ := k.names()
	return []byte(text), nil
}

// UnmarshalText accepts the names given by [FailureKind.String].
func (k *FailureKind) UnmarshalText(text []byte) error {
	for c := FailureNone; c <= FailureLocal; c++ {
		if name, _ := c.names(); string(text) == name {
			*k = c
			return nil
		}
	}
	return fmt.Errorf("evaluate: unknown failure kind %q", text)
}
