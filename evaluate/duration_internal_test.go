package evaluate

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// TestFormatDuration pins every branch of the compact duration text used in
// reasons: sub-unit remainders are truncated, zero parts left out.
func TestFormatDuration(t *testing.T) {
	t.Parallel()
	tests := map[time.Duration]string{
		0:                               "0ns",
		850:                             "850ns",
		850*time.Microsecond + 999:      "850µs",
		180*time.Millisecond + 999_999:  "180ms",
		time.Second:                     "1s",
		2500 * time.Millisecond:         "2.5s",
		1005*time.Millisecond + 999_999: "1.005s",
		5 * time.Minute:                 "5m",
		90*time.Second + 999_999_999:    "1m30s",
		2 * time.Hour:                   "2h",
		47*time.Hour + 59*time.Minute:   "47h59m",
		7 * 24 * time.Hour:              "7d",
		84*time.Hour + 59*time.Minute:   "3d12h",
		-90 * time.Minute:               "-1h30m",
		math.MinInt64:                   "-106751d23h",
	}
	for d, want := range tests {
		assert.Equal(t, want, formatDuration(d), "%d", int64(d))
	}
}
