package cachet

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestComponentStatusNames(t *testing.T) {
	t.Parallel()
	tests := []struct {
		s     ComponentStatus
		num   uint8
		human string
		text  string
	}{
		{ComponentStatusUnknown, 0, "unknown", "unknown"},
		{ComponentStatusOperational, 1, "operational", "operational"},
		{ComponentStatusPerformanceIssues, 2, "performance issues", "performance_issues"},
		{ComponentStatusPartialOutage, 3, "partial outage", "partial_outage"},
		{ComponentStatusMajorOutage, 4, "major outage", "major_outage"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.num, uint8(tt.s), "Cachet's number")
			assert.True(t, tt.s.Valid())
			assert.Equal(t, tt.human, tt.s.String())
			text, err := tt.s.MarshalText()
			require.NoError(t, err)
			assert.Equal(t, tt.text, string(text))
			var got ComponentStatus
			require.NoError(t, got.UnmarshalText(text))
			assert.Equal(t, tt.s, got)
		})
	}
}

func TestComponentStatusInvalid(t *testing.T) {
	t.Parallel()
	s := ComponentStatus(5)
	assert.False(t, s.Valid())
	assert.Equal(t, "ComponentStatus(5)", s.String())
	_, err := s.MarshalText()
	assert.Error(t, err)
	for _, in := range []string{"", "5", "-1", "performance", "major outages", "256"} {
		var got ComponentStatus
		assert.Error(t, got.UnmarshalText([]byte(in)), in)
	}
}

func TestComponentStatusWorse(t *testing.T) {
	t.Parallel()
	order := []ComponentStatus{ComponentStatusUnknown, ComponentStatusOperational, ComponentStatusPerformanceIssues, ComponentStatusPartialOutage, ComponentStatusMajorOutage}
	for i, s := range order {
		for j, u := range order {
			assert.Equal(t, i > j, s.Worse(u), "%v worse than %v", s, u)
		}
	}
	assert.False(t, ComponentStatus(9).Worse(ComponentStatusUnknown), "invalid ranks like unknown")
	assert.True(t, ComponentStatusOperational.Worse(ComponentStatus(9)))
}

func TestComponentStatusJSON(t *testing.T) {
	t.Parallel()
	type config struct {
		Down ComponentStatus `json:"down"`
	}
	out, err := json.Marshal(config{Down: ComponentStatusMajorOutage})
	require.NoError(t, err)
	assert.JSONEq(t, `{"down":4}`, string(out), "Cachet's number on the wire")

	tests := []struct {
		in   string
		want ComponentStatus
	}{
		{`{"down":"partial_outage"}`, ComponentStatusPartialOutage},
		{`{"down":"3"}`, ComponentStatusPartialOutage},
		{`{"down":3}`, ComponentStatusPartialOutage},
		{`{"down":0}`, ComponentStatusUnknown},
		{`{"down":5}`, 5}, // kept, as Cachet 2.3 did; Valid reports it
	}
	for _, tt := range tests {
		var c config
		require.NoError(t, json.Unmarshal([]byte(tt.in), &c), tt.in)
		assert.Equal(t, tt.want, c.Down, tt.in)
	}
	keep := config{Down: ComponentStatusMajorOutage}
	require.NoError(t, json.Unmarshal([]byte(`{"down":null}`), &keep))
	assert.Equal(t, ComponentStatusMajorOutage, keep.Down, "null leaves the value alone")
	for _, bad := range []string{`{"down":1.5}`, `{"down":"nope"}`, `{"down":[]}`} {
		var c config
		assert.Error(t, json.Unmarshal([]byte(bad), &c), bad)
	}
}

func FuzzComponentStatusText(f *testing.F) {
	for _, s := range []string{"unknown", "operational", "performance_issues", "partial_outage", "major_outage", "0", "4", "5", "", "01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		var s ComponentStatus
		if err := s.UnmarshalText([]byte(in)); err != nil {
			return
		}
		require.True(t, s.Valid())
		text, err := s.MarshalText()
		require.NoError(t, err)
		var again ComponentStatus
		require.NoError(t, again.UnmarshalText(text))
		assert.Equal(t, s, again)

		var viaJSON ComponentStatus
		quoted, err := json.Marshal(in)
		require.NoError(t, err)
		require.NoError(t, json.Unmarshal(quoted, &viaJSON))
		assert.Equal(t, s, viaJSON)
	})
}
