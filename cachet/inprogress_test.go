package cachet

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestScheduleInProgress(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		s    Schedule
		want bool
	}{
		{"in progress", Schedule{Status: ScheduleStatusInProgress, ScheduledAt: now.Add(time.Hour), CompletedAt: now}, true},
		{"complete", Schedule{Status: ScheduleStatusComplete, ScheduledAt: now.Add(-time.Hour), CompletedAt: now.Add(time.Hour)}, false},
		{"upcoming inside its window", Schedule{Status: ScheduleStatusUpcoming, ScheduledAt: now.Add(-time.Hour), CompletedAt: now.Add(time.Hour)}, true},
		{"upcoming starting now", Schedule{Status: ScheduleStatusUpcoming, ScheduledAt: now, CompletedAt: now.Add(time.Hour)}, true},
		{"upcoming before its window", Schedule{Status: ScheduleStatusUpcoming, ScheduledAt: now.Add(time.Hour), CompletedAt: now.Add(2 * time.Hour)}, false},
		{"upcoming after its window", Schedule{Status: ScheduleStatusUpcoming, ScheduledAt: now.Add(-2 * time.Hour), CompletedAt: now.Add(-time.Hour)}, false},
		{"upcoming without completion time (quirk 26)", Schedule{Status: ScheduleStatusUpcoming, ScheduledAt: now.Add(-time.Hour), CompletedAt: now.Add(time.Second)}, false},
		{"upcoming ending just over a minute ahead", Schedule{Status: ScheduleStatusUpcoming, ScheduledAt: now.Add(-time.Hour), CompletedAt: now.Add(time.Minute + time.Second)}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, tt.s.InProgress(now))
		})
	}
}
