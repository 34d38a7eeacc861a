package reconcile

import (
	"context"
	"fmt"
	"time"

	"github.com/proxer/cachetstatus/cachet"
)

// completedAtSlack tells a completion time someone set apart from the
// current time Cachet prints for a schedule without one (quirk 26).
const completedAtSlack = time.Minute

// underMaintenance lists the schedules and returns which of the components
// ids are inside one that is in progress at now (see inProgress). A
// schedule covers the components linked to it (the dashboard links them;
// the API cannot) or, when none are linked, every one of ids.
func underMaintenance(ctx context.Context, client *cachet.Client, ids []int, now time.Time) (map[int]bool, error) {
	under := map[int]bool{}
	for s, err := range client.Schedules.All(ctx, nil) {
		if err != nil {
			return nil, fmt.Errorf("%w: reading schedules: %w", ErrNotRead, err)
		}
		if !inProgress(s, now) {
			continue
		}
		if len(s.Components) == 0 {
			for _, id := range ids {
				under[id] = true
			}
			continue
		}
		for _, sc := range s.Components {
			under[sc.ComponentID] = true
		}
	}
	return under, nil
}

// inProgress reports whether schedule s is in progress at now: its status
// is In Progress, or it is Upcoming, its start has passed and it has a
// completion time still in the future. That time must lie more than a
// minute ahead, since Cachet prints a missing completion time as the
// current time (quirk 26).
func inProgress(s cachet.Schedule, now time.Time) bool {
	switch s.Status {
	case cachet.ScheduleStatusInProgress:
		return true
	case cachet.ScheduleStatusUpcoming:
		return !s.ScheduledAt.After(now) && s.CompletedAt.After(now.Add(completedAtSlack))
	}
	return false
}
