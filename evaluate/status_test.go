package evaluate_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxer/cachetstatus/evaluate"
)

func TestStatusNames(t *testing.T) {
	t.Parallel()
	tests := []struct {
		s     evaluate.Status
		num   uint8
		human string
		text  string
	}{
		{unknown, 0, "unknown", "unknown"},
		{operational, 1, "operational", "operational"},
		{performance, 2, "performance issues", "performance_issues"},
		{partial, 3, "partial outage", "partial_outage"},
		{major, 4, "major outage", "major_outage"},
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
			var got evaluate.Status
			require.NoError(t, got.UnmarshalText(text))
			assert.Equal(t, tt.s, got)
		})
	}
}

func TestStatusInvalid(t *testing.T) {
	t.Parallel()
	s := evaluate.Status(5)
	assert.False(t, s.Valid())
	assert.Equal(t, "status(5)", s.String())
	_, err := s.MarshalText()
	assert.Error(t, err)
	for _, in := range []string{"", "5", "-1", "Operational", "performance issues", "major-outage", "256"} {
		var got evaluate.Status
		assert.Error(t, got.UnmarshalText([]byte(in)), in)
	}
}

func TestStatusWorse(t *testing.T) {
	t.Parallel()
	order := []evaluate.Status{unknown, operational, performance, partial, major}
	for i, s := range order {
		for j, u := range order {
			assert.Equal(t, i > j, s.Worse(u), "%v worse than %v", s, u)
		}
	}
	assert.False(t, evaluate.Status(9).Worse(unknown), "invalid ranks like unknown")
	assert.True(t, operational.Worse(evaluate.Status(9)))
}

func TestStatusJSON(t *testing.T) {
	t.Parallel()
	type config struct {
		Down evaluate.Status `json:"down"`
	}
	out, err := json.Marshal(config{Down: major})
	require.NoError(t, err)
	assert.JSONEq(t, `{"down":"major_outage"}`, string(out))

	tests := []struct {
		in   string
		want evaluate.Status
	}{
		{`{"down":"partial_outage"}`, partial},
		{`{"down":"3"}`, partial},
		{`{"down":3}`, partial},
		{`{"down":0}`, unknown},
	}
	for _, tt := range tests {
		var c config
		require.NoError(t, json.Unmarshal([]byte(tt.in), &c), tt.in)
		assert.Equal(t, tt.want, c.Down, tt.in)
	}
	keep := config{Down: major}
	require.NoError(t, json.Unmarshal([]byte(`{"down":null}`), &keep))
	assert.Equal(t, major, keep.Down, "null leaves the value alone")
	for _, bad := range []string{`{"down":5}`, `{"down":-1}`, `{"down":1.5}`, `{"down":"nope"}`, `{"down":true}`} {
		var c config
		assert.Error(t, json.Unmarshal([]byte(bad), &c), bad)
	}
}

func FuzzStatusText(f *testing.F) {
	for _, s := range []string{"unknown", "operational", "performance_issues", "partial_outage", "major_outage", "0", "4", "5", "", "01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		var s evaluate.Status
		if err := s.UnmarshalText([]byte(in)); err != nil {
			return
		}
		require.True(t, s.Valid())
		text, err := s.MarshalText()
		require.NoError(t, err)
		var again evaluate.Status
		require.NoError(t, again.UnmarshalText(text))
		assert.Equal(t, s, again)

		var viaJSON evaluate.Status
		quoted, err := json.Marshal(in)
		require.NoError(t, err)
		require.NoError(t, json.Unmarshal(quoted, &viaJSON))
		assert.Equal(t, s, viaJSON)
	})
}
