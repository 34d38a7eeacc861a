package probe

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"time"
)

// ErrNegativeCount means a report source returned a negative count.
var ErrNegativeCount = errors.New("probe: negative report count")

// ReportSource supplies member report counts per target.
type ReportSource interface {
	// Counts returns the number of reports per target name for the window
	// ending at end. A target without reports may be missing from the map
	// (reading it yields 0). The returned map belongs to the caller.
	Counts(ctx context.Context, end time.Time) (map[string]int, error)
}

// StaticReports is a [ReportSource] with fixed counts, for tests and for
// services without member reports.
type StaticReports map[string]int

// Counts returns a copy of s, whatever end is. It fails with
// [ErrNegativeCount] if a count is negative.
func (s StaticReports) Counts(ctx context.Context, _ time.Time) (map[string]int, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("probe: static reports: %w", err)
	}
	for name, n := range s {
		if n < 0 {
			return nil, fmt.Errorf("%w: %q has %d", ErrNegativeCount, name, n)
		}
	}
	counts := make(map[string]int, len(s))
	maps.Copy(counts, s)
	return counts, nil
}
