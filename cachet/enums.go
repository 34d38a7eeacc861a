package cachet

// ComponentStatus is the status of a component (field status, Cachet's
// English name in status_name). It is the module's one component status:
// the evaluate package judges in it and the cron job writes it as it is.
//
// It has one spelling in text, String's lowercase words ("performance
// issues", as reasons print it), and one in configuration, the text form
// ("performance_issues"). On the wire it is Cachet's number; UnmarshalJSON
// also takes the configuration name, so configuration files may name it.
type ComponentStatus int

// Component statuses. Cachet creates a component with status 0 when none is
// given.
const (
	ComponentStatusUnknown           ComponentStatus = 0 // "unknown"
	ComponentStatusOperational       ComponentStatus = 1 // "operational"
	ComponentStatusPerformanceIssues ComponentStatus = 2 // "performance_issues", "performance issues"
	ComponentStatusPartialOutage     ComponentStatus = 3 // "partial_outage", "partial outage"
	ComponentStatusMajorOutage       ComponentStatus = 4 // "major_outage", "major outage"
)

var componentStatusInfo = &enumInfo{
	typeName: "ComponentStatus",
	text:     []string{"unknown", "operational", "performance_issues", "partial_outage", "major_outage"},
	human:    []string{"unknown", "operational", "performance issues", "partial outage", "major outage"},
}

// IncidentStatus is the status of an incident or incident update.
type IncidentStatus int

// Incident statuses. Cachet prints the name of status 0 as the untranslated
// key "cachet.incidents.status.0"; its documentation calls it "Scheduled".
// Incident updates accept 1-4 only.
const (
	IncidentStatusScheduled     IncidentStatus = 0 // "scheduled"
	IncidentStatusInvestigating IncidentStatus = 1 // "investigating"
	IncidentStatusIdentified    IncidentStatus = 2 // "identified"
	IncidentStatusWatching      IncidentStatus = 3 // "watching"
	IncidentStatusFixed         IncidentStatus = 4 // "fixed"
)

var incidentStatusInfo = &enumInfo{
	typeName: "IncidentStatus",
	text:     []string{"scheduled", "investigating", "identified", "watching", "fixed"},
	human:    []string{"Scheduled", "Investigating", "Identified", "Watching", "Fixed"},
}

// IncidentVisibility says who can see an incident (field visible).
type IncidentVisibility int

// Incident visibilities.
const (
	IncidentVisibilityAuthenticated IncidentVisibility = 0 // "authenticated": logged-in users only
	IncidentVisibilityPublic        IncidentVisibility = 1 // "public"
)

var incidentVisibilityInfo = &enumInfo{
	typeName: "IncidentVisibility",
	text:     []string{"authenticated", "public"},
	human:    []string{"Authenticated", "Public"},
}

// ScheduleStatus is the status of a maintenance schedule.
type ScheduleStatus int

// Schedule statuses.
const (
	ScheduleStatusUpcoming   ScheduleStatus = 0 // "upcoming"
	ScheduleStatusInProgress ScheduleStatus = 1 // "in_progress"
	ScheduleStatusComplete   ScheduleStatus = 2 // "complete"
)

var scheduleStatusInfo = &enumInfo{
	typeName: "ScheduleStatus",
	text:     []string{"upcoming", "in_progress", "complete"},
	human:    []string{"Upcoming", "In Progress", "Complete"},
}

// GroupCollapsed says how a component group is shown (field collapsed).
// Cachet accepts 3 and 4 too and treats them like 2; Valid reports them as
// unknown.
type GroupCollapsed int

// Group collapse modes.
const (
	GroupExpanded             GroupCollapsed = 0 // "expanded": always expanded
	GroupCollapsedAlways      GroupCollapsed = 1 // "collapsed": collapsed by default
	GroupCollapsedUnlessIssue GroupCollapsed = 2 // "collapsed_unless_issue": collapsed unless a member is not operational
)

var groupCollapsedInfo = &enumInfo{
	typeName: "GroupCollapsed",
	text:     []string{"expanded", "collapsed", "collapsed_unless_issue"},
	human:    []string{"Expanded", "Collapsed", "Collapsed Unless Issue"},
}

// GroupVisibility says who can see a component group (field visible). The
// API creates private groups unless told otherwise.
type GroupVisibility int

// Group visibilities.
const (
	GroupVisibilityAuthenticated GroupVisibility = 0 // "authenticated": logged-in users only
	GroupVisibilityPublic        GroupVisibility = 1 // "public"
)

var groupVisibilityInfo = &enumInfo{
	typeName: "GroupVisibility",
	text:     []string{"authenticated", "public"},
	human:    []string{"Authenticated", "Public"},
}

// MetricCalcType says how a metric combines its points (field calc_type).
type MetricCalcType int

// Metric calculation types.
const (
	MetricCalcSum     MetricCalcType = 0 // "sum"
	MetricCalcAverage MetricCalcType = 1 // "average"
)

var metricCalcTypeInfo = &enumInfo{
	typeName: "MetricCalcType",
	text:     []string{"sum", "average"},
	human:    []string{"Sum", "Average"},
}

// MetricDefaultView is the default time range of a metric chart (field
// default_view, name in default_view_name).
type MetricDefaultView int

// Metric default views.
const (
	MetricViewLastHour    MetricDefaultView = 0 // "last_hour", Last Hour
	MetricViewLast12Hours MetricDefaultView = 1 // "last_12_hours", Last 12 Hours
	MetricViewWeek        MetricDefaultView = 2 // "week", Week
	MetricViewMonth       MetricDefaultView = 3 // "month", Month
)

var metricDefaultViewInfo = &enumInfo{
	typeName: "MetricDefaultView",
	text:     []string{"last_hour", "last_12_hours", "week", "month"},
	human:    []string{"Last Hour", "Last 12 Hours", "Week", "Month"},
}

// MetricVisibility says who can see a metric (field visible; the API itself
// ignores it).
type MetricVisibility int

// Metric visibilities.
const (
	MetricVisibilityAuthenticated MetricVisibility = 0 // "authenticated": logged-in users only
	MetricVisibilityPublic        MetricVisibility = 1 // "public"
	MetricVisibilityHidden        MetricVisibility = 2 // "hidden": always hidden
)

var metricVisibilityInfo = &enumInfo{
	typeName: "MetricVisibility",
	text:     []string{"authenticated", "public", "hidden"},
	human:    []string{"Authenticated", "Public", "Hidden"},
}

// String returns the lowercase words ("performance issues"), or
// "ComponentStatus(n)" for an unknown value.
func (s ComponentStatus) String() string { return componentStatusInfo.string(int(s)) }

// Valid reports whether s is one of the known values.
func (s ComponentStatus) Valid() bool { return componentStatusInfo.valid(int(s)) }

// Worse reports whether s is more severe than t. Severity follows the
// numbering: unknown < operational < performance issues < partial outage <
// major outage. Unknown ranks lowest because it carries no information: it
// never masks a known status. Invalid values rank like unknown.
func (s ComponentStatus) Worse(t ComponentStatus) bool { return s.severity() > t.severity() }

func (s ComponentStatus) severity() int {
	if !s.Valid() {
		return 0
	}
	return int(s)
}

// MarshalJSON writes the number.
func (s ComponentStatus) MarshalJSON() ([]byte, error) { return marshalEnumJSON(int(s)) }

// UnmarshalJSON accepts a number, a quoted number (Cachet 2.3), null (which
// leaves s as it is) or a name [ComponentStatus.UnmarshalText] accepts.
func (s *ComponentStatus) UnmarshalJSON(b []byte) error {
	return unmarshalEnumJSON(componentStatusInfo, s, b)
}

// MarshalText writes the lowercase name; unknown values are an error.
func (s ComponentStatus) MarshalText() ([]byte, error) {
	return componentStatusInfo.marshalText(int(s))
}

// UnmarshalText accepts the lowercase name or the number.
func (s *ComponentStatus) UnmarshalText(b []byte) error {
	return unmarshalEnumText(componentStatusInfo, s, b)
}

// String returns Cachet's English name, or "IncidentStatus(n)" for an unknown value.
func (s IncidentStatus) String() string { return incidentStatusInfo.string(int(s)) }

// Valid reports whether s is one of the known values.
func (s IncidentStatus) Valid() bool { return incidentStatusInfo.valid(int(s)) }

// MarshalJSON writes the number.
func (s IncidentStatus) MarshalJSON() ([]byte, error) { return marshalEnumJSON(int(s)) }

// UnmarshalJSON accepts a number, a quoted number (Cachet 2.3) or null.
func (s *IncidentStatus) UnmarshalJSON(b []byte) error {
	return unmarshalEnumJSON(incidentStatusInfo, s, b)
}

// MarshalText writes the lowercase name; unknown values are an error.
func (s IncidentStatus) MarshalText() ([]byte, error) { return incidentStatusInfo.marshalText(int(s)) }

// UnmarshalText accepts the lowercase name or the number.
func (s *IncidentStatus) UnmarshalText(b []byte) error {
	return unmarshalEnumText(incidentStatusInfo, s, b)
}

// String returns Cachet's English name, or "IncidentVisibility(n)" for an unknown value.
func (v IncidentVisibility) String() string { return incidentVisibilityInfo.string(int(v)) }

// Valid reports whether v is one of the known values.
func (v IncidentVisibility) Valid() bool { return incidentVisibilityInfo.valid(int(v)) }

// MarshalJSON writes the number.
func (v IncidentVisibility) MarshalJSON() ([]byte, error) { return marshalEnumJSON(int(v)) }

// UnmarshalJSON accepts a number, a quoted number (Cachet 2.3) or null.
func (v *IncidentVisibility) UnmarshalJSON(b []byte) error {
	return unmarshalEnumJSON(incidentVisibilityInfo, v, b)
}

// MarshalText writes the lowercase name; unknown values are an error.
func (v IncidentVisibility) MarshalText() ([]byte, error) {
	return incidentVisibilityInfo.marshalText(int(v))
}

// UnmarshalText accepts the lowercase name or the number.
func (v *IncidentVisibility) UnmarshalText(b []byte) error {
	return unmarshalEnumText(incidentVisibilityInfo, v, b)
}

// String returns Cachet's English name, or "ScheduleStatus(n)" for an unknown value.
func (s ScheduleStatus) String() string { return scheduleStatusInfo.string(int(s)) }

// Valid reports whether s is one of the known values.
func (s ScheduleStatus) Valid() bool { return scheduleStatusInfo.valid(int(s)) }

// MarshalJSON writes the number.
func (s ScheduleStatus) MarshalJSON() ([]byte, error) { return marshalEnumJSON(int(s)) }

// UnmarshalJSON accepts a number, a quoted number (Cachet 2.3) or null.
func (s *ScheduleStatus) UnmarshalJSON(b []byte) error {
	return unmarshalEnumJSON(scheduleStatusInfo, s, b)
}

// MarshalText writes the lowercase name; unknown values are an error.
func (s ScheduleStatus) MarshalText() ([]byte, error) { return scheduleStatusInfo.marshalText(int(s)) }

// UnmarshalText accepts the lowercase name or the number.
func (s *ScheduleStatus) UnmarshalText(b []byte) error {
	return unmarshalEnumText(scheduleStatusInfo, s, b)
}

// String returns Cachet's English name, or "GroupCollapsed(n)" for an unknown value.
func (g GroupCollapsed) String() string { return groupCollapsedInfo.string(int(g)) }

// Valid reports whether g is one of the known values.
func (g GroupCollapsed) Valid() bool { return groupCollapsedInfo.valid(int(g)) }

// MarshalJSON writes the number.
func (g GroupCollapsed) MarshalJSON() ([]byte, error) { return marshalEnumJSON(int(g)) }

// UnmarshalJSON accepts a number, a quoted number (Cachet 2.3) or null.
func (g *GroupCollapsed) UnmarshalJSON(b []byte) error {
	return unmarshalEnumJSON(groupCollapsedInfo, g, b)
}

// MarshalText writes the lowercase name; unknown values are an error.
func (g GroupCollapsed) MarshalText() ([]byte, error) { return groupCollapsedInfo.marshalText(int(g)) }

// UnmarshalText accepts the lowercase name or the number.
func (g *GroupCollapsed) UnmarshalText(b []byte) error {
	return unmarshalEnumText(groupCollapsedInfo, g, b)
}

// String returns Cachet's English name, or "GroupVisibility(n)" for an unknown value.
func (v GroupVisibility) String() string { return groupVisibilityInfo.string(int(v)) }

// Valid reports whether v is one of the known values.
func (v GroupVisibility) Valid() bool { return groupVisibilityInfo.valid(int(v)) }

// MarshalJSON writes the number.
func (v GroupVisibility) MarshalJSON() ([]byte, error) { return marshalEnumJSON(int(v)) }

// UnmarshalJSON accepts a number, a quoted number (Cachet 2.3) or null.
func (v *GroupVisibility) UnmarshalJSON(b []byte) error {
	return unmarshalEnumJSON(groupVisibilityInfo, v, b)
}

// MarshalText writes the lowercase name; unknown values are an error.
func (v GroupVisibility) MarshalText() ([]byte, error) {
	return groupVisibilityInfo.marshalText(int(v))
}

// UnmarshalText accepts the lowercase name or the number.
func (v *GroupVisibility) UnmarshalText(b []byte) error {
	return unmarshalEnumText(groupVisibilityInfo, v, b)
}

// String returns Cachet's English name, or "MetricCalcType(n)" for an unknown value.
func (t MetricCalcType) String() string { return metricCalcTypeInfo.string(int(t)) }

// Valid reports whether t is one of the known values.
func (t MetricCalcType) Valid() bool { return metricCalcTypeInfo.valid(int(t)) }

// MarshalJSON writes the number.
func (t MetricCalcType) MarshalJSON() ([]byte, error) { return marshalEnumJSON(int(t)) }

// UnmarshalJSON accepts a number, a quoted number (Cachet 2.3) or null.
func (t *MetricCalcType) UnmarshalJSON(b []byte) error {
	return unmarshalEnumJSON(metricCalcTypeInfo, t, b)
}

// MarshalText writes the lowercase name; unknown values are an error.
func (t MetricCalcType) MarshalText() ([]byte, error) { return metricCalcTypeInfo.marshalText(int(t)) }

// UnmarshalText accepts the lowercase name or the number.
func (t *MetricCalcType) UnmarshalText(b []byte) error {
	return unmarshalEnumText(metricCalcTypeInfo, t, b)
}

// String returns Cachet's English name, or "MetricDefaultView(n)" for an unknown value.
func (v MetricDefaultView) String() string { return metricDefaultViewInfo.string(int(v)) }

// Valid reports whether v is one of the known values.
func (v MetricDefaultView) Valid() bool { return metricDefaultViewInfo.valid(int(v)) }

// MarshalJSON writes the number.
func (v MetricDefaultView) MarshalJSON() ([]byte, error) { return marshalEnumJSON(int(v)) }

// UnmarshalJSON accepts a number, a quoted number (Cachet 2.3) or null.
func (v *MetricDefaultView) UnmarshalJSON(b []byte) error {
	return unmarshalEnumJSON(metricDefaultViewInfo, v, b)
}

// MarshalText writes the lowercase name; unknown values are an error.
func (v MetricDefaultView) MarshalText() ([]byte, error) {
	return metricDefaultViewInfo.marshalText(int(v))
}

// UnmarshalText accepts the lowercase name or the number.
func (v *MetricDefaultView) UnmarshalText(b []byte) error {
	return unmarshalEnumText(metricDefaultViewInfo, v, b)
}

// String returns Cachet's English name, or "MetricVisibility(n)" for an unknown value.
func (v MetricVisibility) String() string { return metricVisibilityInfo.string(int(v)) }

// Valid reports whether v is one of the known values.
func (v MetricVisibility) Valid() bool { return metricVisibilityInfo.valid(int(v)) }

// MarshalJSON writes the number.
func (v MetricVisibility) MarshalJSON() ([]byte, error) { return marshalEnumJSON(int(v)) }

// UnmarshalJSON accepts a number, a quoted number (Cachet 2.3) or null.
func (v *MetricVisibility) UnmarshalJSON(b []byte) error {
	return unmarshalEnumJSON(metricVisibilityInfo, v, b)
}

// MarshalText writes the lowercase name; unknown values are an error.
func (v MetricVisibility) MarshalText() ([]byte, error) {
	return metricVisibilityInfo.marshalText(int(v))
}

// UnmarshalText accepts the lowercase name or the number.
func (v *MetricVisibility) UnmarshalText(b []byte) error {
	return unmarshalEnumText(metricVisibilityInfo, v, b)
}
