package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/evaluate"
	"github.com/proxer/cachetstatus/probe"
)

// noEnv is a getenv that finds nothing.
func noEnv(string) string { return "" }

func TestParseConfigValid(t *testing.T) {
	t.Parallel()
	cfg, err := parseConfig([]byte(`{
		"cachet": {"url": "https://status.example/api/v1", "token": "from-file"},
		"reports_url": "https://proxer.example/reports",
		"targets": [
			{"name": "Stream 14", "url": "https://s14.example/", "component_id": 14,
			 "timeout": "3s", "insecure_skip_verify": true, "reports": 12},
			{"name": "Web", "url": "http://web.example/", "component_id": 1}
		],
		"policy": {"failures": {"refused": "major_outage"}, "latency": [{"at_least": "2s", "status": "performance_issues"}]},
		"hysteresis": {"rise": 2, "fall": 3}
	}`), noEnv)
	require.NoError(t, err)
	assert.Equal(t, "from-file", cfg.Cachet.Token)
	assert.Equal(t, 3*time.Second, cfg.targetTimeouts[0])
	assert.Equal(t, defaultTargetTimeout, cfg.targetTimeouts[1])
	require.NotNil(t, cfg.Targets[0].Reports)
	assert.Equal(t, 12, *cfg.Targets[0].Reports)
	assert.Nil(t, cfg.Targets[1].Reports)

	want := evaluate.DefaultPolicy()
	want.Failures.Refused = cachet.ComponentStatusMajorOutage
	want.Latency = []evaluate.LatencyBand{{AtLeast: 2 * time.Second, Status: cachet.ComponentStatusPerformanceIssues}}
	assert.Equal(t, want, cfg.Policy)
}

func TestParseConfigDefaultPolicyIsSeed(t *testing.T) {
	t.Parallel()
	cfg, err := parseConfig([]byte(`{"cachet":{"url":"http://c.example"},"targets":[{"name":"a","url":"http://a.example","component_id":1}]}`), noEnv)
	require.NoError(t, err)
	assert.Equal(t, evaluate.DefaultPolicy(), cfg.Policy)
}

func TestParseConfigEnvOverrides(t *testing.T) {
	t.Parallel()
	env := map[string]string{"CACHET_URL": "http://env.example/api/v1", "CACHET_TOKEN": "env-token"}
	cfg, err := parseConfig([]byte(`{"cachet":{"url":"http://file.example","token":"file-token"},
		"targets":[{"name":"a","url":"http://a.example","component_id":1}]}`), func(k string) string { return env[k] })
	require.NoError(t, err)
	assert.Equal(t, "http://env.example/api/v1", cfg.Cachet.URL)
	assert.Equal(t, "env-token", cfg.Cachet.Token)

	// The URL may come from the environment alone.
	_, err = parseConfig([]byte(`{"targets":[{"name":"a","url":"http://a.example","component_id":1}]}`), func(k string) string { return env[k] })
	assert.NoError(t, err)
}

func TestParseConfigErrorsNameTheField(t *testing.T) {
	t.Parallel()
	const target = `{"name":"a","url":"http://a.example","component_id":1}`
	withTargets := func(targets ...string) string {
		return `{"cachet":{"url":"http://c.example"},"targets":[` + strings.Join(targets, ",") + `]}`
	}
	tests := []struct {
		name, config, field string
	}{
		{"unknown top-level key", `{"cachet":{"url":"http://c.example"},"targtes":[]}`, "targtes"},
		{"unknown nested key", withTargets(target, `{"name":"b","url":"http://b.example","component_id":2,"timeot":"1s"}`), "targets[1].timeot"},
		{"unknown policy key", `{"cachet":{"url":"http://c.example"},"targets":[` + target + `],"policy":{"latency":[{"at_leest":"1s"}]}}`, "policy.latency[0].at_leest"},
		{"missing url", `{"targets":[` + target + `]}`, "cachet.url"},
		{"bad url scheme", `{"cachet":{"url":"ftp://c.example"},"targets":[` + target + `]}`, "cachet.url"},
		{"bad reports url", `{"cachet":{"url":"http://c.example"},"reports_url":"nope","targets":[` + target + `]}`, "reports_url"},
		{"no targets", withTargets(), "targets"},
		{"component id zero", withTargets(target, `{"name":"b","url":"http://b.example","component_id":2}`, `{"name":"c","url":"http://c.example","component_id":3}`, `{"name":"d","url":"http://d.example","component_id":0}`), "targets[3].component_id"},
		{"negative component id", withTargets(`{"name":"a","url":"http://a.example","component_id":-4}`), "targets[0].component_id"},
		{"missing name", withTargets(`{"url":"http://a.example","component_id":1}`), "targets[0].name"},
		{"duplicate name", withTargets(target, `{"name":"a","url":"http://b.example","component_id":2}`), "targets[1].name"},
		{"missing target url", withTargets(`{"name":"a","component_id":1}`), "targets[0].url"},
		{"bad timeout", withTargets(`{"name":"a","url":"http://a.example","component_id":1,"timeout":"10"}`), "targets[0].timeout"},
		{"negative timeout", withTargets(`{"name":"a","url":"http://a.example","component_id":1,"timeout":"-1s"}`), "targets[0].timeout"},
		{"negative reports", withTargets(`{"name":"a","url":"http://a.example","component_id":1,"reports":-1}`), "targets[0].reports"},
		{"wrong type", withTargets(`{"name":"a","url":"http://a.example","component_id":"14"}`), "targets[0].component_id"},
		{"fraction", withTargets(`{"name":"a","url":"http://a.example","component_id":1.5}`), "targets[0].component_id"},
		{"wrong bool", withTargets(`{"name":"a","url":"http://a.example","component_id":1,"insecure_skip_verify":"yes"}`), "targets[0].insecure_skip_verify"},
		{"targets not a list", `{"cachet":{"url":"http://c.example"},"targets":{"name":"a"}}`, "targets"},
		{"metrics without ids", `{"cachet":{"url":"http://c.example"},"targets":[` + target + `],"metrics":{"enabled":true}}`, "metrics.enabled"},
		{"hysteresis rise", `{"cachet":{"url":"http://c.example"},"targets":[` + target + `],"hysteresis":{"rise":0,"fall":1}}`, "hysteresis.rise"},
		{"policy status name", `{"cachet":{"url":"http://c.example"},"targets":[` + target + `],"policy":{"unmapped_code":"broken"}}`, "policy.unmapped_code"},
		{"policy failure kind", `{"cachet":{"url":"http://c.example"},"targets":[` + target + `],"policy":{"failures":{"slow":"major_outage"}}}`, "policy.failures.slow"},
		{"policy band order", `{"cachet":{"url":"http://c.example"},"targets":[` + target + `],"policy":{"reports":{"bands":[{"at_least":20,"status":"partial_outage"},{"at_least":10,"status":"major_outage"}]}}}`, "policy.reports.bands[1].at_least"},
		{"policy code range", `{"cachet":{"url":"http://c.example"},"targets":[` + target + `],"policy":{"codes":[{"min":200,"max":99,"status":"operational"}]}}`, "policy.codes[0]"},
		{"policy combine", `{"cachet":{"url":"http://c.example"},"targets":[` + target + `],"policy":{"combine":"best_of"}}`, "policy.combine"},
		{"policy latency", `{"cachet":{"url":"http://c.example"},"targets":[` + target + `],"policy":{"latency":[{"at_least":"fast","status":"performance_issues"}]}}`, "policy.latency[0].at_least"},
		{"policy code status", `{"cachet":{"url":"http://c.example"},"targets":[` + target + `],"policy":{"codes": [{"min": 200, "status": "operational"}, {"min": 300, "status": "fine"}]}}`, "policy.codes[1].status"},
		{"policy failure status", `{"cachet":{"url":"http://c.example"},"targets":[` + target + `],"policy":{"failures": {"dns": "bad"}}}`, "policy.failures.dns"},
		{"policy latency negative", `{"cachet":{"url":"http://c.example"},"targets":[` + target + `],"policy":{"latency": [{"at_least": "-1s", "status": "performance_issues"}]}}`, "policy.latency[0].at_least"},
		{"policy latency not text", `{"cachet":{"url":"http://c.example"},"targets":[` + target + `],"policy":{"latency": [{"at_least": 2000000000, "status": "performance_issues"}]}}`, "policy.latency[0].at_least"},
		{"policy latency status", `{"cachet":{"url":"http://c.example"},"targets":[` + target + `],"policy":{"latency": [{"at_least": "1s", "status": ""}]}}`, "policy.latency[0].status"},
		{"policy certificate duration", `{"cachet":{"url":"http://c.example"},"targets":[` + target + `],"policy":{"certificate": [{"within": "a week", "status": "major_outage"}]}}`, "policy.certificate[0].within"},
		{"policy report band status", `{"cachet":{"url":"http://c.example"},"targets":[` + target + `],"policy":{"reports": {"bands": [{"at_least": 5, "status": "meh"}]}}}`, "policy.reports.bands[0].status"},
		{"policy band without status", `{"cachet":{"url":"http://c.example"},"targets":[` + target + `],"policy":{"reports": {"bands": [{"at_least": 5}]}}}`, "policy.reports.bands[0].status"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := parseConfig([]byte(tt.config), noEnv)
			var ce *ConfigError
			require.ErrorAs(t, err, &ce)
			assert.Equal(t, tt.field, ce.Field, "error: %v", err)
			assert.True(t, strings.HasPrefix(err.Error(), "config: "+tt.field+": "), "error %q names the field", err)
		})
	}
}

func TestParseConfigMalformed(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, config, contains string }{
		{"syntax", "{\n  \"cachet\": {,\n}", "line 2, column 14: invalid character ','"},
		{"empty", "", "empty"},
		{"trailing data", `{} {}`, "after the top-level object"},
		{"not an object", `[1]`, "config"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := parseConfig([]byte(tt.config), noEnv)
			var ce *ConfigError
			require.ErrorAs(t, err, &ce)
			assert.Contains(t, err.Error(), tt.contains)
		})
	}
}

func TestExampleConfigIsValid(t *testing.T) {
	t.Parallel()
	cfg, err := loadConfig("config.example.jsonc", noEnv)
	require.NoError(t, err)
	assert.Empty(t, cfg.warnings)
	assert.Empty(t, cfg.timeoutWarnings(55*time.Second, 45*time.Second), "fits the default -timeout")

	// It shows every kind of target and both ways to name a component.
	var kinds []string
	for i, p := range cfg.probers {
		if cfg.Targets[i].Prometheus != nil {
			kinds = append(kinds, "prometheus")
			continue
		}
		kinds = append(kinds, fmt.Sprintf("%T", p))
	}
	assert.ElementsMatch(t, []string{"*probe.HTTP", "*probe.HTTP", "*probe.TCP", "*probe.TCP", "*probe.DNS", "prometheus"}, kinds)
	assert.Equal(t, []string{"fra", "ams"}, cfg.Prometheus.Locations)
	web := cfg.probers[1].(*probe.HTTP)
	assert.NotEmpty(t, web.Method)
	assert.NotEmpty(t, web.Header)
	assert.NotEmpty(t, web.ExpectStatus)
	assert.NotEmpty(t, web.BodyContains)
	assert.True(t, web.BodyMatch.MatchString(`{"status": "ok"}`))
	assert.NotEmpty(t, cfg.Targets[1].Component)
	assert.NotEmpty(t, cfg.Targets[1].Group)
	assert.True(t, cfg.probers[3].(*probe.TCP).TLS)
}

func TestLoadConfigMissingFile(t *testing.T) {
	t.Parallel()
	_, err := loadConfig(filepath.Join(t.TempDir(), "nope.json"), noEnv)
	var ce *ConfigError
	assert.ErrorAs(t, err, &ce)
}

func FuzzParseConfig(f *testing.F) {
	f.Add([]byte(`{"cachet":{"url":"http://c.example"},"targets":[{"name":"a","url":"http://a.example","component_id":1,"timeout":"1s","reports":3}]}`))
	f.Add([]byte(`{"cachet":{"url":"http://c.example"},"targets":[{"name":"a","url":"http://a.example","component_id":1}],"policy":{"codes":[{"min":200,"max":299,"status":"operational"}],"latency":[{"at_least":"1s","status":"2"}]}}`))
	f.Add([]byte(`{"targets":[{"name":"a"}],"x":{"y":[1,{"z":2}]}}`))
	f.Add([]byte(`[{"a":1}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := parseConfig(data, noEnv)
		if err != nil {
			var ce *ConfigError
			if !assert.ErrorAs(t, err, &ce) {
				return
			}
			return
		}
		// A valid config has a usable policy and a timeout per target.
		assert.NoError(t, cfg.Policy.Validate())
		assert.Len(t, cfg.targetTimeouts, len(cfg.Targets))
		assert.Len(t, cfg.probers, len(cfg.Targets))
	})
}

func TestStripComments(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, in, want string }{
		{"line comment", "{\"a\": 1} // note\n", "{\"a\": 1}        \n"},
		{"slashes in a string", `{"url": "http://x//y"}`, `{"url": "http://x//y"}`},
		{"escaped quote in a string", `{"a": "say \"//hi\""}`, `{"a": "say \"//hi\""}`},
		{"escaped backslash ends the string", `{"a": "x\\"} // c`, `{"a": "x\\"}     `},
		{"comment keeps the newline", "// head\n{}", "       \n{}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, string(stripComments([]byte(tt.in))))
		})
	}
}
