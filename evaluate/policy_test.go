package evaluate_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/evaluate"
)

func TestDefaultPolicyJSON(t *testing.T) {
	t.Parallel()
	p := evaluate.DefaultPolicy()
	require.NoError(t, p.Validate())
	out, err := json.Marshal(p)
	require.NoError(t, err)
	assert.JSONEq(t, `{
		"codes": [{"min": 200, "max": 299, "status": 1}],
		"unmapped_code": 4,
		"failures": {"timeout": 2, "refused": 2, "dns": 2, "tls": 2, "reset": 2, "http": 2, "other": 2, "no_data": 0, "local": 0},
		"reports": {"window": "2h", "bands": [{"at_least": 11, "status": 2}, {"at_least": 20, "status": 3}, {"at_least": 50, "status": 4}]},
		"combine": "reports_only_when_reachable"
	}`, string(out), "statuses as Cachet's numbers")

	var back evaluate.Policy
	require.NoError(t, json.Unmarshal(out, &back))
	assert.Equal(t, p, back)

	var named evaluate.Policy
	require.NoError(t, json.Unmarshal([]byte(`{
		"codes": [{"min": 200, "max": 299, "status": "operational"}],
		"unmapped_code": "major_outage",
		"failures": {"timeout": "performance_issues", "refused": "performance_issues", "dns": "performance_issues",
			"tls": "performance_issues", "reset": "performance_issues", "http": "performance_issues", "other": "performance_issues",
			"no_data": "unknown", "local": "unknown"},
		"reports": {"window": "2h", "bands": [
			{"at_least": 11, "status": "performance_issues"},
			{"at_least": 20, "status": "partial_outage"},
			{"at_least": 50, "status": "major_outage"}]},
		"combine": "reports_only_when_reachable"
	}`), &named))
	assert.Equal(t, p, named, "statuses by their configuration names")
}

func TestCustomPolicyJSONRoundTrip(t *testing.T) {
	t.Parallel()
	p := customPolicy()
	out, err := json.Marshal(p)
	require.NoError(t, err)
	var back evaluate.Policy
	require.NoError(t, json.Unmarshal(out, &back))
	assert.Equal(t, p, back)
	require.NoError(t, back.Validate())
}

func TestValidateNilPolicy(t *testing.T) {
	t.Parallel()
	var p *evaluate.Policy
	err := p.Validate()
	require.ErrorIs(t, err, evaluate.ErrInvalid)
	var fe *evaluate.FieldError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, "policy", fe.Field)
}

func TestCombineText(t *testing.T) {
	t.Parallel()
	for _, c := range []evaluate.Combine{evaluate.CombineReportsOnlyWhenReachable, evaluate.CombineWorstOf} {
		text, err := c.MarshalText()
		require.NoError(t, err)
		var back evaluate.Combine
		require.NoError(t, back.UnmarshalText(text))
		assert.Equal(t, c, back)
		assert.Equal(t, c.String(), string(text))
	}
	bad := evaluate.Combine(2)
	assert.False(t, bad.Valid())
	assert.Equal(t, "Combine(2)", bad.String())
	_, err := bad.MarshalText()
	assert.Error(t, err)
	var c evaluate.Combine
	assert.Error(t, c.UnmarshalText([]byte("worst")))
}

func TestPolicyValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		modify func(*evaluate.Policy)
		fields []string // every field named, in order
	}{
		{"default", func(*evaluate.Policy) {}, nil},
		{"custom", func(p *evaluate.Policy) { *p = customPolicy() }, nil},
		{"no codes at all", func(p *evaluate.Policy) { p.Codes = nil }, nil},
		{"zero policy", func(p *evaluate.Policy) { *p = evaluate.Policy{} }, []string{
			"unmapped_code", "failures.timeout", "failures.refused", "failures.dns", "failures.tls",
			"failures.reset", "failures.http", "failures.other"}},
		{"code status invalid", func(p *evaluate.Policy) { p.Codes[0].Status = 7 }, []string{"codes[0].status"}},
		{"code range reversed", func(p *evaluate.Policy) { p.Codes[0].Min, p.Codes[0].Max = 299, 200 }, []string{"codes[0]"}},
		{"code below 100", func(p *evaluate.Policy) { p.Codes[0].Min = 99 }, []string{"codes[0]"}},
		{"code above 999", func(p *evaluate.Policy) { p.Codes[0].Max = 1000 }, []string{"codes[0]"}},
		{"exact code hidden by range", func(p *evaluate.Policy) {
			p.Codes = append(p.Codes, evaluate.CodeRule{Min: 204, Max: 204, Status: major})
		}, []string{"codes[1]"}},
		{"range partly overlapping is fine", func(p *evaluate.Policy) {
			p.Codes = append(p.Codes, evaluate.CodeRule{Min: 250, Max: 350, Status: major})
		}, nil},
		{"range hidden by two earlier", func(p *evaluate.Policy) {
			p.Codes = []evaluate.CodeRule{{Min: 200, Max: 249, Status: operational}, {Min: 250, Max: 299, Status: operational}, {Min: 220, Max: 280, Status: major}}
		}, []string{"codes[2]"}},
		{"unknown failure status", func(p *evaluate.Policy) { p.Failures.TLS = unknown }, []string{"failures.tls"}},
		{"no data may be a status", func(p *evaluate.Policy) { p.Failures.NoData = major }, nil},
		{"no data invalid", func(p *evaluate.Policy) { p.Failures.NoData = 9 }, []string{"failures.no_data"}},
		{"local may be unknown", func(p *evaluate.Policy) { p.Failures.Local = unknown }, nil},
		{"local may be a status", func(p *evaluate.Policy) { p.Failures.Local = performance }, nil},
		{"local invalid", func(p *evaluate.Policy) { p.Failures.Local = 9 }, []string{"failures.local"}},
		{"invalid combine", func(p *evaluate.Policy) { p.Combine = 5 }, []string{"combine"}},
		{"negative latency", func(p *evaluate.Policy) {
			p.Latency = []evaluate.LatencyBand{{AtLeast: -time.Second, Status: performance}}
		}, []string{"latency[0].at_least"}},
		{"latency not ascending", func(p *evaluate.Policy) {
			p.Latency = []evaluate.LatencyBand{{AtLeast: 2 * time.Second, Status: performance}, {AtLeast: 2 * time.Second, Status: partial}}
		}, []string{"latency[1].at_least"}},
		{"latency improving", func(p *evaluate.Policy) {
			p.Latency = []evaluate.LatencyBand{{AtLeast: time.Second, Status: partial}, {AtLeast: 2 * time.Second, Status: performance}}
		}, []string{"latency[1].status"}},
		{"latency unknown status", func(p *evaluate.Policy) {
			p.Latency = []evaluate.LatencyBand{{AtLeast: time.Second}}
		}, []string{"latency[0].status"}},
		{"negative cert", func(p *evaluate.Policy) {
			p.Certificate = []evaluate.CertBand{{Within: -time.Hour, Status: major}}
		}, []string{"certificate[0].within"}},
		{"cert not ascending", func(p *evaluate.Policy) {
			p.Certificate = []evaluate.CertBand{{Within: 7 * day, Status: performance}, {Within: 0, Status: major}}
		}, []string{"certificate[1].within", "certificate[1].status"}},
		{"negative report threshold", func(p *evaluate.Policy) { p.Reports.Bands[0].AtLeast = -1 }, []string{"reports.bands[0].at_least"}},
		{"reports not ascending", func(p *evaluate.Policy) { p.Reports.Bands[1].AtLeast = 11 }, []string{"reports.bands[1].at_least"}},
		{"reports improving", func(p *evaluate.Policy) { p.Reports.Bands[2].Status = operational }, []string{"reports.bands[2].status"}},
		{"several problems", func(p *evaluate.Policy) {
			p.UnmappedCode = 9
			p.Reports.Bands[0].AtLeast = -1
		}, []string{"unmapped_code", "reports.bands[0].at_least"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := evaluate.DefaultPolicy()
			tt.modify(&p)
			err := p.Validate()
			if tt.fields == nil {
				assert.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, evaluate.ErrInvalid)
			joined, ok := err.(interface{ Unwrap() []error })
			require.True(t, ok, "Validate joins its errors")
			var fields []string
			for _, e := range joined.Unwrap() {
				var fe *evaluate.FieldError
				require.ErrorAs(t, e, &fe)
				fields = append(fields, fe.Field)
				assert.Contains(t, fe.Error(), "evaluate: "+fe.Field+": ", "message names the field")
			}
			assert.Equal(t, tt.fields, fields)
		})
	}
}

// TestPolicyJSONOntoDefault pins the configuration's form: decoded onto the
// seed rules, keys left out keep the seed's value, a list given replaces
// the seed's list with elements decoded from zero, durations are text.
func TestPolicyJSONOntoDefault(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		config string
		want   func(p *evaluate.Policy)
	}{
		{"empty keeps the seed rules", `{}`, func(p *evaluate.Policy) {}},
		{"null lists keep the seed's", `{"codes": null, "reports": {"bands": null}}`, func(p *evaluate.Policy) {}},
		{"failures override only the kinds named", `{"failures": {"refused": "major_outage", "dns": "4"}}`, func(p *evaluate.Policy) {
			p.Failures.Refused, p.Failures.DNS = cachet.ComponentStatusMajorOutage, cachet.ComponentStatusMajorOutage
		}},
		{"a list replaces the seed's list; max defaults to min", `{"codes": [{"min": 200, "max": 299, "status": "operational"}, {"min": 429, "status": "performance_issues"}]}`, func(p *evaluate.Policy) {
			p.Codes = []evaluate.CodeRule{{Min: 200, Max: 299, Status: cachet.ComponentStatusOperational}, {Min: 429, Max: 429, Status: cachet.ComponentStatusPerformanceIssues}}
		}},
		{"a replaced element starts from zero", `{"codes": [{"min": 503, "status": "major_outage"}]}`, func(p *evaluate.Policy) {
			p.Codes = []evaluate.CodeRule{{Min: 503, Max: 503, Status: cachet.ComponentStatusMajorOutage}} // not the seed's Max 299
		}},
		{"durations are text", `{"latency": [{"at_least": "2s", "status": "performance_issues"}], "certificate": [{"within": "0s", "status": "major_outage"}, {"within": "168h", "status": "performance_issues"}]}`, func(p *evaluate.Policy) {
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
			got := evaluate.DefaultPolicy()
			require.NoError(t, json.Unmarshal([]byte(tt.config), &got))
			want := evaluate.DefaultPolicy()
			tt.want(&want)
			assert.Equal(t, want, got)
			require.NoError(t, got.Validate())
			assert.Equal(t, evaluate.DefaultPolicy(), evaluate.DefaultPolicy(), "the seed is not changed through shared lists")
		})
	}
}

func TestPolicyJSONBadDuration(t *testing.T) {
	t.Parallel()
	for _, in := range []string{`{"latency": [{"at_least": "fast", "status": 2}]}`, `{"certificate": [{"within": 5, "status": 4}]}`} {
		p := evaluate.DefaultPolicy()
		assert.Error(t, json.Unmarshal([]byte(in), &p), in)
	}
}

func FuzzPolicyJSON(f *testing.F) {
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"codes":[{"min":200,"max":299,"status":"operational"},{"min":429,"status":"performance_issues"}],"unmapped_code":"major_outage"}`))
	f.Add([]byte(`{"failures":{"refused":"major_outage","dns":"4"},"latency":[{"at_least":"2s","status":"performance_issues"},{"at_least":"5s","status":"partial_outage"}]}`))
	f.Add([]byte(`{"certificate":[{"within":"0s","status":"major_outage"},{"within":"168h","status":"performance_issues"}],"reports":{"window":"2h","bands":[{"at_least":11,"status":"2"}]},"combine":"worst_of"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := evaluate.DefaultPolicy()
		if json.Unmarshal(data, &p) != nil || p.Validate() != nil {
			return
		}
		out, err := json.Marshal(p)
		require.NoError(t, err)
		var back evaluate.Policy
		require.NoError(t, json.Unmarshal(out, &back))
		again, err := json.Marshal(back)
		require.NoError(t, err)
		assert.JSONEq(t, string(out), string(again), "a valid policy survives its own JSON")
		assert.NoError(t, back.Validate())
	})
}
