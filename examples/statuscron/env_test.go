package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const envTestToken = "EnvSeCrEtToKeN0123456789"

func TestParseConfigEnvironmentValues(t *testing.T) {
	t.Parallel()
	const file = `{"cachet":{"url":"http://file.example"},"targets":[{"name":"a","url":"http://a.example","component_id":1}]}`
	tests := []struct {
		name    string
		env     map[string]string
		field   string // of the error; "" for none
		message string // the whole error, or the warning when field is ""
		token   string // the token the configuration ends up with
	}{
		{name: "token with trailing newline is trimmed, with a warning", env: map[string]string{"CACHET_TOKEN": envTestToken + "\n"},
			message: "config: CACHET_TOKEN: trailing line break removed from the token", token: envTestToken},
		{name: "token with CRLF", env: map[string]string{"CACHET_TOKEN": envTestToken + "\r\n"},
			message: "config: CACHET_TOKEN: trailing line break removed from the token", token: envTestToken},
		{name: "token with a space", env: map[string]string{"CACHET_TOKEN": envTestToken + " x"}, field: "CACHET_TOKEN",
			message: "config: CACHET_TOKEN: the token must be printable ASCII without spaces or line breaks (value not shown)"},
		{name: "token with an inner newline", env: map[string]string{"CACHET_TOKEN": envTestToken + "\nx"}, field: "CACHET_TOKEN",
			message: "config: CACHET_TOKEN: the token must be printable ASCII without spaces or line breaks (value not shown)"},
		{name: "url without scheme", env: map[string]string{"CACHET_URL": "127.0.0.1:8765"}, field: "CACHET_URL",
			message: `config: CACHET_URL: missing scheme in "127.0.0.1:8765" (want e.g. "http://127.0.0.1:8765")`},
		{name: "url without scheme, with credentials", env: map[string]string{"CACHET_URL": "admin:" + envTestToken + "@127.0.0.1:8765/api/v1?token=" + envTestToken}, field: "CACHET_URL",
			message: `config: CACHET_URL: missing scheme in "127.0.0.1:8765/api/v1" (want e.g. "http://127.0.0.1:8765/api/v1")`},
		{name: "url with another scheme and credentials", env: map[string]string{"CACHET_URL": "ftp://admin:" + envTestToken + "@c.example/#" + envTestToken}, field: "CACHET_URL",
			message: `config: CACHET_URL: want an http or https URL, got scheme "ftp" in "ftp://c.example/"`},
		{name: "url that does not parse", env: map[string]string{"CACHET_URL": "http://[::1/api"}, field: "CACHET_URL",
			message: `config: CACHET_URL: not a URL: "http://[::1/api"`},
		{name: "url without host", env: map[string]string{"CACHET_URL": "http:///api/v1"}, field: "CACHET_URL",
			message: `config: CACHET_URL: missing host in "http:///api/v1"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg, err := parseConfig([]byte(file), func(k string) string { return tt.env[k] })
			if tt.field != "" {
				var ce *ConfigError
				require.ErrorAs(t, err, &ce)
				assert.Equal(t, tt.field, ce.Field)
				assert.Equal(t, tt.message, err.Error())
				assert.NotContains(t, err.Error(), envTestToken)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.token, cfg.Cachet.Token)
			require.Len(t, cfg.warnings, 1)
			assert.Equal(t, tt.message, cfg.warnings[0].Error())
		})
	}
}

func TestParseConfigFileValuesKeepTheirKeys(t *testing.T) {
	t.Parallel()
	_, err := parseConfig([]byte(`{"cachet":{"url":"127.0.0.1:8765","token":"x"},"targets":[{"name":"a","url":"http://a.example","component_id":1}]}`), noEnv)
	var ce *ConfigError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, "cachet.url", ce.Field)
	assert.Contains(t, err.Error(), "missing scheme")

	_, err = parseConfig([]byte(`{"cachet":{"url":"http://c.example","token":"a b"},"targets":[{"name":"a","url":"http://a.example","component_id":1}]}`), noEnv)
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, "cachet.token", ce.Field)
}

func TestRedactURL(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"https://user:pw@status.example/api/v1?token=x#frag", "https://status.example/api/v1"},
		{"user:pw@127.0.0.1:8765", "127.0.0.1:8765"},
		{"127.0.0.1:8765/api", "127.0.0.1:8765/api"},
		{"http://a@b@c.example/x@y", "http://c.example/x@y"},
		{"", ""},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, redactURL(tt.in), tt.in)
		assert.False(t, strings.Contains(redactURL(tt.in), "pw"))
	}
}
