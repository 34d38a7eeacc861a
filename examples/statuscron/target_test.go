package main

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxer/cachetstatus/probe"
)

// configWith is a valid configuration around the given targets.
func configWith(targets ...string) []byte {
	return []byte(`{"cachet":{"url":"http://c.example"},"user_agent":"ua/1","targets":[` + strings.Join(targets, ",") + `]}`)
}

func TestParseConfigTargetKinds(t *testing.T) {
	t.Parallel()
	cfg, err := parseConfig(configWith(
		`{"name":"web","url":"https://w.example/health","component_id":1,"method":"HEAD","headers":{"Host":"status.example","X-Probe":"1"},
		  "expect_status":[200,301],"body_contains":"ok","body_match":"^o+k$","insecure_skip_verify":true}`,
		`{"name":"db","tcp":{"address":"db.example:5432"},"component":"Database"}`,
		`{"name":"chat","tcp":{"address":"[::1]:6697","tls":true,"server_name":"chat.example"},"component":"Chat","group":"Community","insecure_skip_verify":true}`,
		`{"name":"dns","dns":{"name":"proxer.example","server":"127.0.0.1:53","want":["192.0.2.1","2001:db8::1"]},"component_id":4}`,
	), noEnv)
	require.NoError(t, err)

	assert.Equal(t, &probe.HTTP{URL: "https://w.example/health", Method: "HEAD",
		Header:       http.Header{"Host": {"status.example"}, "X-Probe": {"1"}},
		ExpectStatus: []int{200, 301}, BodyContains: "ok", BodyMatch: regexp.MustCompile("^o+k$"),
		InsecureSkipVerify: true, UserAgent: "ua/1"}, cfg.probers[0])
	assert.Equal(t, &probe.TCP{Address: "db.example:5432"}, cfg.probers[1])
	assert.Equal(t, &probe.TCP{Address: "[::1]:6697", TLS: true, ServerName: "chat.example", InsecureSkipVerify: true}, cfg.probers[2])
	assert.Equal(t, &probe.DNS{Name: "proxer.example", Server: "127.0.0.1:53", Want: []string{"192.0.2.1", "2001:db8::1"}}, cfg.probers[3])

	assert.Equal(t, "Database", cfg.Targets[1].Component)
	assert.Equal(t, 0, cfg.Targets[1].ComponentID, "names are resolved per run, not at parse time")
	assert.Equal(t, "Community", cfg.Targets[2].Group)
}

func TestParseConfigTargetErrorsNameTheField(t *testing.T) {
	t.Parallel()
	const ok = `{"name":"ok","url":"http://ok.example","component_id":1}`
	tests := []struct{ name, target, field, contains string }{
		{"no address", `{"name":"a","component_id":1}`, "targets[1].url", "required (or tcp or dns)"},
		{"url and tcp", `{"name":"a","url":"http://a.example","tcp":{"address":"a.example:1"},"component_id":1}`, "targets[1].tcp", "conflicts with url"},
		{"tcp and dns", `{"name":"a","tcp":{"address":"a.example:1"},"dns":{"name":"a.example"},"component_id":1}`, "targets[1].dns", "conflicts with tcp"},
		{"method on tcp", `{"name":"a","tcp":{"address":"a.example:1"},"method":"GET","component_id":1}`, "targets[1].method", "only for url targets"},
		{"headers on dns", `{"name":"a","dns":{"name":"a.example"},"headers":{},"component_id":1}`, "targets[1].headers", "only for url targets"},
		{"bad method", `{"name":"a","url":"http://a.example","method":"GE T","component_id":1}`, "targets[1].method", `not an HTTP method: "GE T"`},
		{"bad header name", `{"name":"a","url":"http://a.example","headers":{"X Bad":"1"},"component_id":1}`, "targets[1].headers", `not a header name: "X Bad"`},
		{"header value with newline", `{"name":"a","url":"http://a.example","headers":{"Authorization":"Bearer s3cret\r\nX: y"},"component_id":1}`, "targets[1].headers.Authorization", "value not shown"},
		{"header value not a string", `{"name":"a","url":"http://a.example","headers":{"X-N":1},"component_id":1}`, "targets[1].headers.X-N", "want a JSON string"},
		{"status code out of range", `{"name":"a","url":"http://a.example","expect_status":[200,99],"component_id":1}`, "targets[1].expect_status[1]", "got 99"},
		{"status code not a number", `{"name":"a","url":"http://a.example","expect_status":["200"],"component_id":1}`, "targets[1].expect_status[0]", "want a number"},
		{"bad regexp", `{"name":"a","url":"http://a.example","body_match":"(","component_id":1}`, "targets[1].body_match", "not a regular expression"},
		{"unknown tcp key", `{"name":"a","tcp":{"adress":"a.example:1"},"component_id":1}`, "targets[1].tcp.adress", "unknown key"},
		{"tcp without address", `{"name":"a","tcp":{},"component_id":1}`, "targets[1].tcp.address", "required"},
		{"tcp without port", `{"name":"a","tcp":{"address":"a.example"},"component_id":1}`, "targets[1].tcp.address", "want host:port"},
		{"tcp port out of range", `{"name":"a","tcp":{"address":"a.example:70000"},"component_id":1}`, "targets[1].tcp.address", "want host:port"},
		{"server name without tls", `{"name":"a","tcp":{"address":"a.example:1","server_name":"a"},"component_id":1}`, "targets[1].tcp.server_name", "needs"},
		{"insecure without tls", `{"name":"a","tcp":{"address":"a.example:1"},"insecure_skip_verify":true,"component_id":1}`, "targets[1].insecure_skip_verify", "needs"},
		{"insecure on dns", `{"name":"a","dns":{"name":"a.example"},"insecure_skip_verify":true,"component_id":1}`, "targets[1].insecure_skip_verify", "only for url and tcp"},
		{"dns without name", `{"name":"a","dns":{"server":"127.0.0.1:53"},"component_id":1}`, "targets[1].dns.name", "required"},
		{"dns bad server", `{"name":"a","dns":{"name":"a.example","server":"127.0.0.1"},"component_id":1}`, "targets[1].dns.server", "want host:port"},
		{"dns bad want", `{"name":"a","dns":{"name":"a.example","want":["192.0.2.1","nope"]},"component_id":1}`, "targets[1].dns.want[1]", `not an IP address: "nope"`},
		{"component and id", `{"name":"a","url":"http://a.example","component":"A","component_id":1}`, "targets[1].component", "not both"},
		{"group without component", `{"name":"a","url":"http://a.example","group":"G","component_id":1}`, "targets[1].group", "needs component"},
		{"blank component", `{"name":"a","url":"http://a.example","component":" "}`, "targets[1].component", "blank"},
		{"no component", `{"name":"a","url":"http://a.example"}`, "targets[1].component_id", "must be positive, got 0"},
		{"component not a string", `{"name":"a","url":"http://a.example","component":3}`, "targets[1].component", "want a JSON string"},
		{"target url with secret", `{"name":"a","url":"a.example/?key=s3cret","component_id":1}`, "targets[1].url", "missing scheme"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := parseConfig(configWith(ok, tt.target), noEnv)
			var ce *ConfigError
			require.ErrorAs(t, err, &ce)
			assert.Equal(t, tt.field, ce.Field, "error: %v", err)
			assert.Contains(t, err.Error(), tt.contains)
			assert.True(t, strings.HasPrefix(err.Error(), "config: "+tt.field+": "), err.Error())
			assert.NotContains(t, err.Error(), "s3cret")
		})
	}
}

func TestTimeoutWarnings(t *testing.T) {
	t.Parallel()
	cfg, err := parseConfig(configWith(
		`{"name":"a","url":"http://a.example","component_id":1,"timeout":"2s"}`,
		`{"name":"b","url":"http://b.example","component_id":2}`,
		`{"name":"c","url":"http://c.example","component_id":3,"timeout":"3s"}`,
	), noEnv)
	require.NoError(t, err)
	assert.Empty(t, cfg.timeoutWarnings(55*time.Second, 45*time.Second))

	warnings := cfg.timeoutWarnings(4*time.Second, 2950*time.Millisecond)
	require.Len(t, warnings, 2)
	var ce *ConfigError
	require.ErrorAs(t, warnings[0], &ce)
	assert.Equal(t, "targets[1].timeout", ce.Field, "the default 10s")
	assert.Equal(t, "config: targets[1].timeout: 10s is longer than the 2.95s that -timeout 4s leaves for probing; the probe will be cut short (raise -timeout or lower the timeout)", warnings[0].Error())
	require.ErrorAs(t, warnings[1], &ce)
	assert.Equal(t, "targets[2].timeout", ce.Field)
}
