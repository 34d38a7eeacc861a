package main

import (
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/cachet/cachettest"
)

func TestResolveComponents(t *testing.T) {
	t.Parallel()
	groups := []cachet.ComponentGroup{{ID: 1, Name: "Website"}, {ID: 2, Name: "Streams"}, {ID: 3, Name: "Streams"}}
	components := []cachet.Component{
		{ID: 3, Name: "API", GroupID: 1},
		{ID: 7, Name: "API"},
		{ID: 14, Name: "Stream 14", GroupID: 2},
		{ID: 15, Name: "Stream 15", GroupID: 3},
		{ID: 16, Name: "Edge", GroupID: 2},
		{ID: 17, Name: "Edge", GroupID: 3},
		{ID: 20, Name: "Chat"},
	}
	tests := []struct {
		name   string
		target TargetConfig
		id     int
		field  string
		cause  error
		msg    string
	}{
		{name: "by id", target: TargetConfig{ComponentID: 14}, id: 14},
		{name: "unknown id", target: TargetConfig{ComponentID: 99}, field: "targets[0].component_id", cause: errUnknownComponent,
			msg: "config: targets[0].component_id: Cachet has no component 99"},
		{name: "unique name", target: TargetConfig{Component: "Chat"}, id: 20},
		{name: "unique name in a group", target: TargetConfig{Component: "Stream 14", Group: "Streams"}, id: 14},
		{name: "group picks one", target: TargetConfig{Component: "API", Group: "Website"}, id: 3},
		{name: "unknown name", target: TargetConfig{Component: "Forum"}, field: "targets[0].component", cause: errUnknownComponent,
			msg: `config: targets[0].component: Cachet has no component named "Forum"`},
		{name: "case differs", target: TargetConfig{Component: "chat"}, field: "targets[0].component", cause: errUnknownComponent,
			msg: `config: targets[0].component: Cachet has no component named "chat" (names are case-sensitive: did you mean "Chat"?)`},
		{name: "name not in that group", target: TargetConfig{Component: "Chat", Group: "Website"}, field: "targets[0].component", cause: errUnknownComponent,
			msg: `config: targets[0].component: Cachet has no component named "Chat" in group "Website"`},
		{name: "unknown group", target: TargetConfig{Component: "Chat", Group: "Community"}, field: "targets[0].group", cause: errUnknownComponent,
			msg: `config: targets[0].group: Cachet has no component group named "Community"`},
		{name: "ambiguous name", target: TargetConfig{Component: "API"}, field: "targets[0].component", cause: errAmbiguousComponent,
			msg: `config: targets[0].component: 2 components are named "API" (#3 in group "Website", #7 in no group); add "group" or use component_id`},
		{name: "ambiguous within groups of one name", target: TargetConfig{Component: "Edge", Group: "Streams"}, field: "targets[0].component", cause: errAmbiguousComponent,
			msg: `config: targets[0].component: 2 components are named "Edge" in group "Streams" (#16 in group "Streams", #17 in group "Streams"); use component_id`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ids, err := resolveComponents([]TargetConfig{tt.target}, components, groups)
			require.Len(t, ids, 1)
			assert.Equal(t, tt.id, ids[0])
			if tt.cause == nil {
				assert.NoError(t, err)
				return
			}
			assert.ErrorIs(t, err, tt.cause)
			var ce *ConfigError
			require.ErrorAs(t, err, &ce)
			assert.Equal(t, tt.field, ce.Field)
			assert.Equal(t, tt.msg, err.Error())
		})
	}
}

func TestResolveComponentsListsEveryProblem(t *testing.T) {
	t.Parallel()
	components := []cachet.Component{{ID: 1, Name: "Web"}, {ID: 2, Name: "API"}, {ID: 3, Name: "API"}}
	ids, err := resolveComponents([]TargetConfig{
		{ComponentID: 1}, {Component: "Forum"}, {Component: "Web"}, {Component: "API"}, {ComponentID: 9},
	}, components, nil)
	assert.Equal(t, []int{1, 0, 1, 0, 0}, ids)
	var joined interface{ Unwrap() []error }
	require.True(t, errors.As(err, &joined))
	var fields []string
	for _, e := range joined.Unwrap() {
		var ce *ConfigError
		require.ErrorAs(t, e, &ce)
		fields = append(fields, ce.Field)
	}
	assert.Equal(t, []string{"targets[1].component", "targets[3].component", "targets[4].component_id"}, fields)
}

func TestComponentNamesResolvedEachRun(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	failing := newSwitchable(t, http.StatusInternalServerError)
	group := e.fake.Handler.AddGroup(cachettest.ComponentGroup{Name: "Streams"})
	e.component("stream") // a namesake outside the group
	inGroup := e.fake.Handler.AddComponent(cachettest.Component{Name: "stream", Status: 1, Enabled: true, GroupID: group.ID}).ID
	cfg := e.writeConfig(map[string]any{"targets": []any{
		map[string]any{"name": "s", "url": failing.srv.URL, "component": "stream", "group": "Streams", "timeout": "20s"},
	}})
	out := e.run(t.Context(), "-config", cfg, "-log-format=json")
	require.Equal(t, exitOK, out.code, out.stderr)
	assert.Equal(t, inGroup, out.lines["s"].ComponentID)
	assert.Equal(t, cachet.ComponentStatusMajorOutage, e.status(inGroup))

	// The component is re-created under the same name: the next run
	// follows it.
	require.NoError(t, e.client().Components.Delete(t.Context(), inGroup))
	again := e.fake.Handler.AddComponent(cachettest.Component{Name: "stream", Status: 1, Enabled: true, GroupID: group.ID}).ID
	out = e.run(t.Context(), "-config", cfg, "-log-format=json")
	require.Equal(t, exitOK, out.code, out.stderr)
	assert.Equal(t, cachet.ComponentStatusMajorOutage, e.status(again))

	// Ambiguous without the group: a clear error, exit 2, nothing written.
	e.fake.Handler.ResetRequests()
	cfg = e.writeConfig(map[string]any{"targets": []any{
		map[string]any{"name": "s", "url": failing.srv.URL, "component": "stream", "timeout": "20s"},
	}})
	out = e.run(t.Context(), "-config", cfg)
	assert.Equal(t, exitUsage, out.code)
	assert.Contains(t, out.stdout, `config: targets[0].component: 2 components are named \"stream\"`)
	assert.Empty(t, e.writes())
}
