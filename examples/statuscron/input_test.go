package main

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/proxer/cachetstatus/evaluate"
	"github.com/proxer/cachetstatus/probe"
)

func TestInputFromResult(t *testing.T) {
	t.Parallel()
	expiry := testNow.Add(48 * time.Hour)
	tests := []struct {
		name string
		r    probe.Result
		want probe.FailureKind
	}{
		{"passed", probe.Result{StatusCode: 200}, probe.FailureNone},
		{"reached without HTTP (TCP, DNS, custom)", probe.Result{}, probe.FailureNone},
		{"custom prober: an error without a kind", probe.Result{Err: errors.New("db ping failed")}, probe.FailureOther},
		{"unexpected status is left to the policy", probe.Result{StatusCode: 503, Kind: probe.FailureHTTP, Err: fmt.Errorf("x: %w", probe.ErrUnexpectedStatus)}, probe.FailureNone},
		{"body check failed", probe.Result{StatusCode: 200, Kind: probe.FailureHTTP, Err: probe.ErrBodyMismatch}, probe.FailureHTTP},
		// The probe reports no StatusCode for a redirect it refused to follow
		// (see probe.HTTP): the 302 was not the target's answer.
		{"redirect loop", probe.Result{Kind: probe.FailureHTTP, Err: fmt.Errorf("probe: http: redirect to /loop/a: %w", probe.ErrRedirectLoop)}, probe.FailureHTTP},
		{"unexpected status without a code", probe.Result{Kind: probe.FailureHTTP, Err: probe.ErrUnexpectedStatus}, probe.FailureHTTP},
		{"timeout", probe.Result{Kind: probe.FailureTimeout, Err: context.DeadlineExceeded}, probe.FailureTimeout},
		{"refused", probe.Result{Kind: probe.FailureRefused, Err: errors.New("refused")}, probe.FailureRefused},
		{"dns", probe.Result{Kind: probe.FailureDNS, Err: errors.New("dns")}, probe.FailureDNS},
		{"tls", probe.Result{Kind: probe.FailureTLS, Err: errors.New("tls")}, probe.FailureTLS},
		{"reset", probe.Result{Kind: probe.FailureReset, Err: errors.New("reset")}, probe.FailureReset},
		{"other", probe.Result{Kind: probe.FailureOther, Err: errors.New("other")}, probe.FailureOther},
		{"unknown kind", probe.Result{Kind: 200, Err: errors.New("?")}, probe.FailureOther},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.r.Latency, tt.r.CertExpiry = 180*time.Millisecond, expiry
			for _, known := range []bool{false, true} {
				want := evaluate.Input{StatusCode: tt.r.StatusCode, Failure: tt.want, Latency: 180 * time.Millisecond, CertExpiry: expiry, Now: testNow}
				if known {
					want.Reports, want.ReportsKnown = 23, true
				}
				assert.Equal(t, want, InputFromResult(tt.r, 23, known, testNow), "reports known: %v", known)
			}
		})
	}
}
