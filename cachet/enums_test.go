package cachet

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEnumMethods(t *testing.T) {
	t.Parallel()
	s := ComponentStatusPerformanceIssues
	assert.Equal(t, "performance issues", s.String())
	assert.True(t, s.Valid())
	assert.False(t, ComponentStatus(5).Valid())
	assert.Equal(t, "ComponentStatus(5)", ComponentStatus(5).String())
	assert.False(t, ComponentStatus(-1).Valid())

	b, err := json.Marshal(s)
	require.NoError(t, err)
	assert.Equal(t, `2`, string(b))
	text, err := s.MarshalText()
	require.NoError(t, err)
	assert.Equal(t, "performance_issues", string(text))
	_, err = ComponentStatus(9).MarshalText()
	assert.Error(t, err)

	for in, want := range map[string]ComponentStatus{`3`: 3, `"4"`: 4, `"0"`: 0, `7`: 7} {
		var got ComponentStatus
		require.NoError(t, json.Unmarshal([]byte(in), &got), in)
		assert.Equal(t, want, got, in)
	}
	keep := ComponentStatusOperational
	require.NoError(t, json.Unmarshal([]byte(`null`), &keep))
	assert.Equal(t, ComponentStatusOperational, keep)
	var bad ComponentStatus
	assert.Error(t, json.Unmarshal([]byte(`"major"`), &bad))
	var named ComponentStatus
	require.NoError(t, json.Unmarshal([]byte(`"performance_issues"`), &named), "a configuration names the status")
	assert.Equal(t, ComponentStatusPerformanceIssues, named)
	assert.True(t, ComponentStatusMajorOutage.Worse(ComponentStatusPartialOutage))
	assert.True(t, ComponentStatusOperational.Worse(ComponentStatusUnknown), "unknown ranks lowest")
	assert.False(t, ComponentStatus(9).Worse(ComponentStatusUnknown), "invalid ranks like unknown")

	for in, want := range map[string]ComponentStatus{"operational": 1, "Major-Outage": 4, "partial outage": 3, "0": 0} {
		var got ComponentStatus
		require.NoError(t, got.UnmarshalText([]byte(in)), in)
		assert.Equal(t, want, got, in)
	}
	assert.Error(t, bad.UnmarshalText([]byte("broken")))
	assert.Error(t, bad.UnmarshalText([]byte("9")))

	v, err := encodeQuery(struct {
		S *ComponentStatus `url:"status,omitempty"`
		I IncidentStatus   `url:"incident"`
	}{S: Ptr(ComponentStatusUnknown), I: IncidentStatusFixed})
	require.NoError(t, err)
	assert.Equal(t, "incident=4&status=0", v.Encode())
}

// enumCase exercises one enum type through its interface methods.
type enumCase struct {
	name   string
	values int
	new    func(int) enumValue
	zero   func() enumPtr
}

type enumValue interface {
	String() string
	Valid() bool
	MarshalJSON() ([]byte, error)
	MarshalText() ([]byte, error)
}

type enumPtr interface {
	UnmarshalJSON([]byte) error
	UnmarshalText([]byte) error
}

func enumCases() []enumCase {
	return []enumCase{
		{"ComponentStatus", 5, func(v int) enumValue { return ComponentStatus(v) }, func() enumPtr { return new(ComponentStatus) }},
		{"IncidentStatus", 5, func(v int) enumValue { return IncidentStatus(v) }, func() enumPtr { return new(IncidentStatus) }},
		{"IncidentVisibility", 2, func(v int) enumValue { return IncidentVisibility(v) }, func() enumPtr { return new(IncidentVisibility) }},
		{"ScheduleStatus", 3, func(v int) enumValue { return ScheduleStatus(v) }, func() enumPtr { return new(ScheduleStatus) }},
		{"GroupCollapsed", 3, func(v int) enumValue { return GroupCollapsed(v) }, func() enumPtr { return new(GroupCollapsed) }},
		{"GroupVisibility", 2, func(v int) enumValue { return GroupVisibility(v) }, func() enumPtr { return new(GroupVisibility) }},
		{"MetricCalcType", 2, func(v int) enumValue { return MetricCalcType(v) }, func() enumPtr { return new(MetricCalcType) }},
		{"MetricDefaultView", 4, func(v int) enumValue { return MetricDefaultView(v) }, func() enumPtr { return new(MetricDefaultView) }},
		{"MetricVisibility", 3, func(v int) enumValue { return MetricVisibility(v) }, func() enumPtr { return new(MetricVisibility) }},
	}
}

func TestEnumsRoundTrip(t *testing.T) {
	t.Parallel()
	for _, ec := range enumCases() {
		t.Run(ec.name, func(t *testing.T) {
			t.Parallel()
			for v := 0; v < ec.values; v++ {
				e := ec.new(v)
				assert.True(t, e.Valid())
				assert.NotContains(t, e.String(), "(")
				j, err := e.MarshalJSON()
				require.NoError(t, err)
				p := ec.zero()
				require.NoError(t, p.UnmarshalJSON(j))
				assert.Equal(t, e, deref(p))
				txt, err := e.MarshalText()
				require.NoError(t, err)
				p = ec.zero()
				require.NoError(t, p.UnmarshalText(txt))
				assert.Equal(t, e, deref(p))
			}
			assert.False(t, ec.new(ec.values).Valid())
			assert.Equal(t, ec.name+"("+itoa(ec.values)+")", ec.new(ec.values).String())
		})
	}
}

func deref(p enumPtr) enumValue {
	switch v := p.(type) {
	case *ComponentStatus:
		return *v
	case *IncidentStatus:
		return *v
	case *IncidentVisibility:
		return *v
	case *ScheduleStatus:
		return *v
	case *GroupCollapsed:
		return *v
	case *GroupVisibility:
		return *v
	case *MetricCalcType:
		return *v
	case *MetricDefaultView:
		return *v
	case *MetricVisibility:
		return *v
	}
	return nil
}

// TestEncodeQuery pins every form a list option takes on the wire: enums as
// numbers, bools as 0/1, lists with brackets, embedded paging, and zero
// values left out.
func TestEncodeQuery(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts any
		want string
	}{
		{name: "nil pointer", opts: (*ListComponentsOptions)(nil), want: ""},
		{name: "zero", opts: ListComponentsOptions{}, want: ""},
		{name: "every form", opts: &ListComponentsOptions{
			ListOptions: ListOptions{Page: 2, PerPage: 50},
			Name:        "API", Status: Ptr(ComponentStatusUnknown), GroupID: Ptr(0),
			Enabled: Ptr(false), Tags: []string{"a b", "c"}, Sort: "id", Order: "desc",
		}, want: "enabled=0&group_id=0&name=API&order=desc&page=2&per_page=50&sort=id&status=0&tags%5B%5D=a+b&tags%5B%5D=c"},
		{name: "incident enums", opts: ListIncidentsOptions{Status: Ptr(IncidentStatusFixed), Visible: Ptr(IncidentVisibilityPublic), Stickied: Ptr(true)},
			want: "status=4&stickied=1&visible=1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			v, err := encodeQuery(tt.opts)
			require.NoError(t, err)
			assert.Equal(t, tt.want, v.Encode())
		})
	}
	_, err := encodeQuery(3)
	assert.Error(t, err)
}
