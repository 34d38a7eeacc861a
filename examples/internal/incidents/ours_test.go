package incidents

import (
	"encoding/json"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/proxer/cachetstatus/cachet"
)

func itoa(n int) string { return strconv.Itoa(n) }

func TestConvertOurs(t *testing.T) {
	t.Parallel()
	marker := func(v string) cachet.Meta { b, _ := json.Marshal(v); return cachet.Meta{MetaKey: b} }
	tests := []struct {
		name string
		in   cachet.Incident
		ours bool
	}{
		{"marker with the id", cachet.Incident{Meta: marker("3")}, true},
		{"marker of another component", cachet.Incident{Meta: marker("4")}, false},
		{"the rendered name (before the marker)", cachet.Incident{Name: "Chat is unavailable"}, true},
		{"a person's incident", cachet.Incident{Name: "Chat is slow"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := Convert([]cachet.Incident{tt.in}, 3, "Chat is unavailable")
			assert.Equal(t, tt.ours, got[0].Ours)
		})
	}
	fixed := Convert([]cachet.Incident{{Status: cachet.IncidentStatusFixed}, {IsResolved: true}, {}}, 3, "x")
	assert.Equal(t, []bool{true, true, false}, []bool{fixed[0].Resolved, fixed[1].Resolved, fixed[2].Resolved})
}
