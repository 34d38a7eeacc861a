package probe

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFailureKindNames(t *testing.T) {
	t.Parallel()
	want := []string{"none", "timeout", "refused", "dns", "tls", "reset", "http", "other", "no_data", "local"}
	for i, k := range []FailureKind{FailureNone, FailureTimeout, FailureRefused, FailureDNS, FailureTLS, FailureReset, FailureHTTP, FailureOther, FailureNoData, FailureLocal} {
		t.Run(want[i], func(t *testing.T) {
			t.Parallel()
			assert.True(t, k.Valid())
			assert.Equal(t, want[i], k.String())
			text, err := k.MarshalText()
			require.NoError(t, err)
			assert.Equal(t, want[i], string(text))
			var got FailureKind
			require.NoError(t, got.UnmarshalText(text))
			assert.Equal(t, k, got)
		})
	}
}

func TestFailureKindInvalid(t *testing.T) {
	t.Parallel()
	k := FailureLocal + 1
	assert.False(t, k.Valid())
	assert.Equal(t, "FailureKind(10)", k.String())
	_, err := k.MarshalText()
	assert.Error(t, err)
	for _, in := range []string{"", "Timeout", "1", "dns ", "FailureKind(9)", "no data", "nodata"} {
		var got FailureKind
		assert.Error(t, got.UnmarshalText([]byte(in)), in)
	}
}

func FuzzFailureKindText(f *testing.F) {
	for _, s := range []string{"none", "timeout", "refused", "dns", "tls", "reset", "http", "other", "no_data", "local", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		var k FailureKind
		if err := k.UnmarshalText([]byte(in)); err != nil {
			return
		}
		require.True(t, k.Valid())
		text, err := k.MarshalText()
		require.NoError(t, err)
		assert.Equal(t, in, string(text))
	})
}
