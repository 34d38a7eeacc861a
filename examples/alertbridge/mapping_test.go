package main

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxer/cachetstatus/cachet"
)

// firingAlert builds a firing alert with the given labels in pairs.
func firingAlert(fingerprint string, labels ...string) alert {
	a := alert{Status: alertFiring, Fingerprint: fingerprint, Labels: map[string]string{"alertname": "Probe"}}
	for i := 0; i+1 < len(labels); i += 2 {
		a.Labels[labels[i]] = labels[i+1]
	}
	return a
}

func TestMappingDesired(t *testing.T) {
	t.Parallel()
	components := []cachetComponent{{ID: 7, Name: "Stream 7"}, {ID: 14, Name: "Stream 14"}, {ID: 21, Name: "Chat"}}
	byName := defaultMapping()
	byName.ComponentKey = keyName
	resolved := firingAlert("r", "component", "7", "severity", "critical")
	resolved.Status = alertResolved

	type want struct {
		status   cachet.ComponentStatus
		alerts   []string
		unmapped []string
	}
	tests := []struct {
		name    string
		mapping mapping
		alerts  []alert
		want    map[int]want
		errs    []error // sentinels, in order
		values  []string
	}{
		{
			name: "no alerts: all operational", mapping: defaultMapping(),
			want: map[int]want{7: {status: cachet.ComponentStatusOperational}, 14: {status: cachet.ComponentStatusOperational}, 21: {status: cachet.ComponentStatusOperational}},
		},
		{
			name: "worst wins per component", mapping: defaultMapping(),
			alerts: []alert{
				firingAlert("a", "component", "7", "severity", "warning"),
				firingAlert("b", "component", "7", "severity", "critical"),
				firingAlert("c", "component", "7", "severity", "major_outage"),
				firingAlert("d", "component", "14", "severity", "warning"),
				resolved,
			},
			want: map[int]want{
				7:  {status: cachet.ComponentStatusMajorOutage, alerts: []string{"Probe/b", "Probe/c"}},
				14: {status: cachet.ComponentStatusPerformanceIssues, alerts: []string{"Probe/d"}},
				21: {status: cachet.ComponentStatusOperational},
			},
		},
		{
			name: "by name", mapping: byName,
			alerts: []alert{firingAlert("a", "component", "Stream 14", "severity", "error")},
			want: map[int]want{
				7: {status: cachet.ComponentStatusOperational}, 14: {status: cachet.ComponentStatusPartialOutage, alerts: []string{"Probe/a"}}, 21: {status: cachet.ComponentStatusOperational},
			},
		},
		{
			name: "by name does not take ids", mapping: byName,
			alerts: []alert{firingAlert("a", "component", "14", "severity", "error")},
			want:   map[int]want{7: {status: cachet.ComponentStatusOperational}, 14: {status: cachet.ComponentStatusOperational}, 21: {status: cachet.ComponentStatusOperational}},
			errs:   []error{errUnknownComponent}, values: []string{"14"},
		},
		{
			name: "unknown and missing component", mapping: defaultMapping(),
			alerts: []alert{
				firingAlert("a", "component", "99", "severity", "critical"),
				firingAlert("b", "severity", "critical"),
			},
			want: map[int]want{7: {status: cachet.ComponentStatusOperational}, 14: {status: cachet.ComponentStatusOperational}, 21: {status: cachet.ComponentStatusOperational}},
			errs: []error{errUnknownComponent, errUnknownComponent}, values: []string{"99", ""},
		},
		{
			name: "unknown severity leaves its component as it is", mapping: defaultMapping(),
			alerts: []alert{
				firingAlert("a", "component", "7", "severity", "critical"),
				firingAlert("b", "component", "7", "severity", "disaster"),
				firingAlert("c", "component", "14"),
			},
			want: map[int]want{
				7:  {status: cachet.ComponentStatusUnknown, unmapped: []string{"Probe/b"}},
				14: {status: cachet.ComponentStatusUnknown, unmapped: []string{"Probe/c"}},
				21: {status: cachet.ComponentStatusOperational},
			},
			errs: []error{errUnknownSeverity, errUnknownSeverity}, values: []string{"disaster", ""},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			require.NoError(t, tt.mapping.validate())

			got, errs := tt.mapping.desired(tt.alerts, components)

			require.Len(t, got, len(components))
			for i, cs := range got {
				assert.Equal(t, components[i].ID, cs.ComponentID, "order kept")
				w := tt.want[cs.ComponentID]
				assert.Equal(t, w.status, cs.Status, "component %d", cs.ComponentID)
				assert.Equal(t, w.alerts, cs.Alerts, "component %d", cs.ComponentID)
				assert.Equal(t, w.unmapped, cs.Unmapped, "component %d", cs.ComponentID)
			}
			require.Len(t, errs, len(tt.errs))
			for i, err := range errs {
				assert.ErrorIs(t, err, tt.errs[i])
				var aerr *alertError
				require.ErrorAs(t, err, &aerr)
				assert.Equal(t, tt.values[i], aerr.Value)
			}
		})
	}
}

func TestMappingCapturedWebhook(t *testing.T) {
	t.Parallel()
	m := defaultMapping()
	components := []cachetComponent{{ID: 7, Name: "Stream 7"}}
	for file, want := range map[string]cachet.ComponentStatus{
		"webhook_firing.json":   cachet.ComponentStatusMajorOutage,
		"webhook_resolved.json": cachet.ComponentStatusOperational,
	} {
		w, err := decodeWebhook(captured(t, file))
		require.NoError(t, err)
		got, errs := m.desired(w.Alerts, components)
		assert.Empty(t, errs)
		assert.Equal(t, want, got[0].Status, file)
	}
	alerts, err := decodeAlerts(captured(t, "api_v2_alerts.json"))
	require.NoError(t, err)
	got, errs := m.desired(alerts, components)
	assert.Empty(t, errs)
	assert.Equal(t, cachet.ComponentStatusMajorOutage, got[0].Status)
}

func TestMappingValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		json   string
		errors int
	}{
		{"defaults", `{}`, 0},
		{"by name", `{"component_key": "name", "component_label": "service"}`, 0},
		{"own severities add to the defaults", `{"severities": {"page": "major_outage", "warning": "partial_outage"}}`, 0},
		{"empty labels", `{"component_label": "", "severity_label": ""}`, 2},
		{"no severities", `{"severities": null}`, 1},
		{"operational is not a severity", `{"severities": {"info": "operational", "none": "unknown"}}`, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := defaultMapping()
			require.NoError(t, json.Unmarshal([]byte(tt.json), &m))
			err := m.validate()
			if tt.errors == 0 {
				assert.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, errMappingConfig)
			assert.Len(t, err.(interface{ Unwrap() []error }).Unwrap(), tt.errors)
		})
	}
	t.Run("severities merge", func(t *testing.T) {
		t.Parallel()
		m := defaultMapping()
		require.NoError(t, json.Unmarshal([]byte(`{"severities": {"page": "major_outage", "warning": "partial_outage"}}`), &m))
		assert.Equal(t, cachet.ComponentStatusMajorOutage, m.Severities["page"])
		assert.Equal(t, cachet.ComponentStatusPartialOutage, m.Severities["warning"], "overridden")
		assert.Equal(t, cachet.ComponentStatusMajorOutage, m.Severities["critical"], "kept")
	})
	t.Run("unknown key and status", func(t *testing.T) {
		t.Parallel()
		m := defaultMapping()
		assert.ErrorIs(t, json.Unmarshal([]byte(`{"component_key": "slug"}`), &m), errMappingConfig)
		assert.Error(t, json.Unmarshal([]byte(`{"severities": {"x": "down"}}`), &m))
	})
}
