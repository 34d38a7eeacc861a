package probe

import (
	"errors"
	"net"
	"strings"
)

// Cause returns why the probe failed in the words of the error that
// decided it, without the wrappers that only repeat the request: for a
// self-signed certificate "x509: certificate signed by unknown authority"
// rather than `probe: http: Get "https://…": tls: failed to verify
// certificate: x509: …`. It is empty when the probe passed.
//
// Cause is for people (an output line, a log field); [Result.Err] stays the
// error to test with errors.Is and errors.As. Like Err, it never holds the
// URL's query or credentials.
func (r Result) Cause() string {
	if r.Err == nil {
		return ""
	}
	return cause(r.Err).Error()
}

// cause unwraps err while the wrapper only puts context in front of the
// message of the one error it wraps ("probe: http: ", `Get "URL": `,
// "tls: failed to verify certificate: "). It stops at a *net.OpError,
// whose text names the address ("dial tcp 10.0.0.5:443: connect:
// connection refused"), at a wrapper that adds detail after its cause
// ("unexpected status code: got 503, want 2xx") and at one that joins
// several errors.
func cause(err error) error {
	for {
		if _, ok := err.(*net.OpError); ok {
			return err
		}
		inner := errors.Unwrap(err)
		if inner == nil || !strings.HasSuffix(err.Error(), ": "+inner.Error()) {
			return err
		}
		err = inner
	}
}
