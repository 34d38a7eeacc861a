package incidents

import (
	"context"
	"strconv"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/evaluate"
)

// MetaKey is the meta key of the incidents this module opens; its value is
// the component id as a string. It marks them as this module's, so that
// every run finds them again in Cachet, whichever program opened them.
const MetaKey = "cachetstatus_component"

// resolvedLookback is how many of the newest resolved incidents [Read]
// returns, enough to see whether a person closed one of ours during an
// outage.
const resolvedLookback = 50

// Read returns the incidents a plan needs: every unresolved one (three
// requests) and the newest resolved ones (one request).
func Read(ctx context.Context, client *cachet.Client) ([]cachet.Incident, error) {
	open, err := client.Incidents.Unresolved(ctx)
	if err != nil {
		return nil, err
	}
	resolved, err := client.Incidents.RecentlyResolved(ctx, resolvedLookback)
	if err != nil {
		return nil, err
	}
	return append(open, resolved...), nil
}

// Convert turns Cachet's incidents into the planner's view for component
// id, whose incidents are named name: an incident is ours when it carries
// [MetaKey] with id, or has that name (incidents opened before the marker
// existed).
func Convert(all []cachet.Incident, id int, name string) []evaluate.Incident {
	out := make([]evaluate.Incident, 0, len(all))
	for _, in := range all {
		marker, _ := in.Meta.String(MetaKey)
		out = append(out, evaluate.Incident{
			ID: in.ID, ComponentID: in.ComponentID, CreatedAt: in.CreatedAt,
			Ours:     marker == strconv.Itoa(id) || in.Name == name,
			Resolved: in.IsResolved || in.Status == cachet.IncidentStatusFixed,
		})
	}
	return out
}
