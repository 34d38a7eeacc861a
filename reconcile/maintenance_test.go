package reconcile

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/proxer/cachetstatus/cachet"
)

func TestInProgress(t *testing.T) {
	t.Parallel()
	now := testNow
	tests := []struct {
		name string
		s    cachet.Schedule
		want bool
	}{
		{"in progress", cachet.Schedule{Status: cachet.ScheduleStatusInProgress, ScheduledAt: now.Add(time.Hour), CompletedAt: now}, true},
		{"complete", cachet.Schedule{Status: cachet.ScheduleStatusComplete, ScheduledAt: now.Add(-time.Hour), CompletedAt: now.Add(time.Hour)}, false},
		{"upcoming inside its window", cachet.Schedule{Status: cachet.ScheduleStatusUpcoming, ScheduledAt: now.Add(-time.Hour), CompletedAt: now.Add(time.Hour)}, true},
		{"upcoming starting now", cachet.Schedule{Status: cachet.ScheduleStatusUpcoming, ScheduledAt: now, CompletedAt: now.Add(time.Hour)}, true},
		{"upcoming before its window", cachet.Schedule{Status: cachet.ScheduleStatusUpcoming, ScheduledAt: now.Add(time.Hour), CompletedAt: now.Add(2 * time.Hour)}, false},
		{"upcoming after its window", cachet.Schedule{Status: cachet.ScheduleStatusUpcoming, ScheduledAt: now.Add(-2 * time.Hour), CompletedAt: now.Add(-time.Hour)}, false},
		{"upcoming without completion time (quirk 26)", cachet.Schedule{Status: cachet.ScheduleStatusUpcoming, ScheduledAt: now.Add(-time.Hour), CompletedAt: now.Add(time.Second)}, false},
		{"upcoming ending just over a minute ahead", cachet.Schedule{Status: cachet.ScheduleStatusUpcoming, ScheduledAt: now.Add(-time.Hour), CompletedAt: now.Add(time.Minute + time.Second)}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, inProgress(tt.s, now))
		})
	}
}
