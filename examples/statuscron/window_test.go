package main

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxer/cachetstatus/probe"
)

func TestReportWindow(t *testing.T) {
	t.Parallel()
	tests := []struct {
		window string // policy.reports.window; empty: the default
		query  string // the window sent, in seconds
		label  string // in the reason
		err    string
	}{
		{window: "", query: "7200", label: "2h"},
		{window: "30m", query: "1800", label: "30m"},
		{window: "banana", err: `config: policy.reports.window: not a duration: "banana"`},
		{window: "0s", err: "config: policy.reports.window: must be a positive whole number of seconds, got 0s"},
		{window: "1500ms", err: "config: policy.reports.window: must be a positive whole number of seconds, got 1500ms"},
	}
	for _, tt := range tests {
		t.Run(tt.window, func(t *testing.T) {
			t.Parallel()
			policy := ""
			if tt.window != "" {
				policy = `,"policy":{"reports":{"window":"` + tt.window + `"}}`
			}
			cfg, err := parseConfig([]byte(`{"cachet":{"url":"http://c.example"},"reports_url":"http://r.example/counts?site=a",
				"targets":[{"name":"a","url":"http://a.example","component_id":1}]`+policy+`}`), noEnv)
			if tt.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.err)
				return
			}
			require.NoError(t, err)
			j, err := cfg.job(options{timeout: time.Second, concurrency: 1, dryRun: true})
			require.NoError(t, err)
			assert.Equal(t, "http://r.example/counts?site=a&window="+tt.query, j.rec.Reports.(*probe.HTTPReports).URL)
			assert.Equal(t, tt.label, cfg.Policy.Reports.Window, "the reasons' label is the window asked for")
		})
	}
}
