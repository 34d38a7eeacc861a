package main

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/evaluate"
)

func TestPolicyConfig(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		config string
		want   func(p *evaluate.Policy)
	}{
		{"empty keeps the seed rules", `{}`, func(p *evaluate.Policy) {}},
		{"failures override only the kinds named", `{"failures": {"refused": "major_outage", "dns": "4"}}`, func(p *evaluate.Policy) {
			p.Failures.Refused, p.Failures.DNS = cachet.ComponentStatusMajorOutage, cachet.ComponentStatusMajorOutage
		}},
		{"a list replaces the seed's list; max defaults to min", `{"codes": [{"min": 200, "max": 299, "status": "operational"}, {"min": 429, "status": "performance_issues"}]}`, func(p *evaluate.Policy) {
			p.Codes = []evaluate.CodeRule{{Min: 200, Max: 299, Status: cachet.ComponentStatusOperational}, {Min: 429, Max: 429, Status: cachet.ComponentStatusPerformanceIssues}}
		}},
		{"durations are strings", `{"latency": [{"at_least": "2s", "status": "performance_issues"}], "certificate": [{"within": "0s", "status": "major_outage"}, {"within": "168h", "status": "performance_issues"}]}`, func(p *evaluate.Policy) {
			p.Latency = []evaluate.LatencyBand{{AtLeast: 2 * time.Second, Status: cachet.ComponentStatusPerformanceIssues}}
			p.Certificate = []evaluate.CertBand{{Within: 0, Status: cachet.ComponentStatusMajorOutage}, {Within: 168 * time.Hour, Status: cachet.ComponentStatusPerformanceIssues}}
		}},
		{"reports window alone keeps the bands", `{"reports": {"window": "1h"}, "unmapped_code": "partial_outage", "combine": "worst_of"}`, func(p *evaluate.Policy) {
			p.Reports.Window = "1h"
			p.UnmappedCode = cachet.ComponentStatusPartialOutage
			p.Combine = evaluate.CombineWorstOf
		}},
		{"report bands", `{"reports": {"bands": [{"at_least": 5, "status": "major_outage"}]}}`, func(p *evaluate.Policy) {
			p.Reports.Bands = []evaluate.ReportBand{{AtLeast: 5, Status: cachet.ComponentStatusMajorOutage}}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var c PolicyConfig
			require.NoError(t, json.Unmarshal([]byte(tt.config), &c))
			want := evaluate.DefaultPolicy()
			tt.want(&want)
			got, err := c.Policy()
			require.NoError(t, err)
			assert.Equal(t, want, got)
		})
	}
}

func TestPolicyConfigNil(t *testing.T) {
	t.Parallel()
	var c *PolicyConfig
	got, err := c.Policy()
	require.NoError(t, err)
	assert.Equal(t, evaluate.DefaultPolicy(), got)
}

func TestPolicyConfigErrorsNameTheField(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, config, field string }{
		{"status name", `{"unmapped_code": "broken"}`, "unmapped_code"},
		{"code status", `{"codes": [{"min": 200, "status": "operational"}, {"min": 300, "status": "fine"}]}`, "codes[1].status"},
		{"failure kind", `{"failures": {"slow": "major_outage"}}`, "failures.slow"},
		{"failure status", `{"failures": {"dns": "bad"}}`, "failures.dns"},
		{"latency duration", `{"latency": [{"at_least": "fast", "status": "performance_issues"}]}`, "latency[0].at_least"},
		{"latency negative", `{"latency": [{"at_least": "-1s", "status": "performance_issues"}]}`, "latency[0].at_least"},
		{"latency status", `{"latency": [{"at_least": "1s", "status": ""}]}`, "latency[0].status"},
		{"certificate duration", `{"certificate": [{"within": "a week", "status": "major_outage"}]}`, "certificate[0].within"},
		{"report band status", `{"reports": {"bands": [{"at_least": 5, "status": "meh"}]}}`, "reports.bands[0].status"},
		{"combine", `{"combine": "best_of"}`, "combine"},
		{"band order (from Validate)", `{"reports": {"bands": [{"at_least": 20, "status": "partial_outage"}, {"at_least": 10, "status": "major_outage"}]}}`, "reports.bands[1].at_least"},
		{"code range (from Validate)", `{"codes": [{"min": 200, "max": 99, "status": "operational"}]}`, "codes[0]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var c PolicyConfig
			require.NoError(t, json.Unmarshal([]byte(tt.config), &c))
			got, err := c.Policy()
			require.ErrorIs(t, err, evaluate.ErrInvalid)
			var fe *evaluate.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.field, fe.Field, "error: %v", err)
			assert.Zero(t, got)
		})
	}
}

func FuzzPolicyConfig(f *testing.F) {
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"codes":[{"min":200,"max":299,"status":"operational"},{"min":429,"status":"performance_issues"}],"unmapped_code":"major_outage"}`))
	f.Add([]byte(`{"failures":{"refused":"major_outage","dns":"4"},"latency":[{"at_least":"2s","status":"performance_issues"},{"at_least":"5s","status":"partial_outage"}]}`))
	f.Add([]byte(`{"certificate":[{"within":"0s","status":"major_outage"},{"within":"168h","status":"performance_issues"}],"reports":{"window":"2h","bands":[{"at_least":11,"status":"2"}]},"combine":"worst_of"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var c PolicyConfig
		if json.Unmarshal(data, &c) != nil {
			return
		}
		p, err := c.Policy()
		if err != nil {
			var fe *evaluate.FieldError
			assert.ErrorAs(t, err, &fe)
			assert.ErrorIs(t, err, evaluate.ErrInvalid)
			return
		}
		assert.NoError(t, p.Validate(), "an accepted policy is valid")
	})
}
