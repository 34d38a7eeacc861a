package cachet

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTimestamp(t *testing.T) {
	t.Parallel()
	may := time.Date(2019, 5, 24, 10, 1, 44, 0, time.UTC)
	tests := map[string]time.Time{
		`"2019-05-24 10:01:44"`:             may,
		`"Friday 24th May 2019 10:01:44"`:   may,
		`"Wednesday 1st May 2019 10:01:44"`: time.Date(2019, 5, 1, 10, 1, 44, 0, time.UTC),
		`"Thursday 2nd May 2019 00:00:00"`:  time.Date(2019, 5, 2, 0, 0, 0, 0, time.UTC),
		`"friday 3rd may 2019 23:59:59"`:    time.Date(2019, 5, 3, 23, 59, 59, 0, time.UTC),
		`"2019-05-24 10:01"`:                time.Date(2019, 5, 24, 10, 1, 0, 0, time.UTC),
		`"2019-05-24T10:01:44Z"`:            may,
		`null`:                              {},
		`""`:                                {},
	}
	for in, want := range tests {
		var ts timestamp
		require.NoError(t, json.Unmarshal([]byte(in), &ts), in)
		assert.True(t, want.Equal(ts.time()), "%s: got %v", in, ts.time())
	}
	for _, in := range []string{`"yesterday"`, `1559000000`, `"2019-13-01 00:00:00"`, `"Friday 24th Mai 2019 10:01:44"`, `{}`} {
		var ts timestamp
		assert.Error(t, ts.UnmarshalJSON([]byte(in)), in)
	}
}

func TestMinute(t *testing.T) {
	t.Parallel()
	m := Minute(time.Date(2024, 3, 1, 11, 58, 59, 999, time.UTC))
	b, err := json.Marshal(m)
	require.NoError(t, err)
	assert.Equal(t, `"2024-03-01 11:58"`, string(b))
	assert.Equal(t, "2024-03-01 11:58", m.String())
	_, err = json.Marshal(Minute(time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)))
	assert.Error(t, err)
}

func TestInLocation(t *testing.T) {
	t.Parallel()
	loc := time.FixedZone("X", -5*3600)
	got := inLocation(time.Date(2024, 1, 2, 3, 4, 5, 6, time.UTC), loc)
	assert.Equal(t, time.Date(2024, 1, 2, 3, 4, 5, 6, loc), got)
	assert.True(t, inLocation(time.Time{}, loc).IsZero())
	withOffset := time.Date(2024, 1, 2, 3, 4, 5, 0, time.FixedZone("", 2*3600))
	assert.Equal(t, withOffset, inLocation(withOffset, loc), "an explicit offset is kept")
}
