package probe

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStaticReports(t *testing.T) {
	t.Parallel()
	t.Run("copy", func(t *testing.T) {
		t.Parallel()
		source := StaticReports{"web": 3, "stream": 0}

		counts, err := source.Counts(t.Context(), time.Now())

		require.NoError(t, err)
		assert.Equal(t, map[string]int{"web": 3, "stream": 0}, counts)
		counts["web"] = 99
		assert.Equal(t, 3, source["web"], "the caller owns the returned map")
	})
	t.Run("negative count", func(t *testing.T) {
		t.Parallel()
		counts, err := StaticReports{"web": -1}.Counts(t.Context(), time.Now())
		assert.ErrorIs(t, err, ErrNegativeCount)
		assert.Nil(t, counts)
	})
	t.Run("context done", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		_, err := StaticReports{}.Counts(ctx, time.Now())
		assert.ErrorIs(t, err, context.Canceled)
	})
}

// Every report source of the package implements ReportSource.
var (
	_ ReportSource = StaticReports(nil)
	_ ReportSource = (*HTTPReports)(nil)
	_ ReportSource = (*SlidingWindow)(nil)
)
