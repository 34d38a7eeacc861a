package cachet

import (
	"context"
	"time"
)

// completedAtSlack tells a completion time someone set apart from the
// current time Cachet prints for a schedule without one (quirk 26).
const completedAtSlack = time.Minute

// InProgress returns the schedules that are in progress at now (see
// [Schedule.InProgress]), reading every schedule (Cachet cannot filter
// them).
func (s *SchedulesService) InProgress(ctx context.Context, now time.Time) ([]Schedule, error) {
	var out []Schedule
	for sc, err := range s.All(ctx, nil) {
		if err != nil {
			return nil, err
		}
		if sc.InProgress(now) {
			out = append(out, sc)
		}
	}
	return out, nil
}

// InProgress reports whether s is in progress at now: its status is In
// Progress, or it is Upcoming, its start has passed and it has a
// completion time still in the future. That time must lie more than a
// minute ahead, since Cachet prints a missing completion time as the
// current time (quirk 26).
func (s Schedule) InProgress(now time.Time) bool {
	switch s.Status {
	case ScheduleStatusInProgress:
		return true
	case ScheduleStatusUpcoming:
		return !s.ScheduledAt.After(now) && s.CompletedAt.After(now.Add(completedAtSlack))
	}
	return false
}
