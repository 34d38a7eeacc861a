package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"

	"github.com/proxer/cachetstatus/cachet"
)

// Causes of a component that Cachet does not hold exactly once; the
// *ConfigError of resolveComponents wraps one of them.
var (
	errUnknownComponent   = errors.New("unknown component")
	errAmbiguousComponent = errors.New("ambiguous component name")
)

// resolveComponents returns the component id of every target, in order,
// from the components (and groups, needed only when a target names a
// group) that Cachet holds: component_id as given when Cachet has that
// component, a component name (with group, if given) when exactly one
// component matches. It is pure: the caller reads Cachet. Every problem is
// reported, each a *ConfigError naming the target's key and wrapping
// errUnknownComponent or errAmbiguousComponent, joined in target order;
// the ids of the targets at fault are 0.
func resolveComponents(targets []TargetConfig, components []cachet.Component, groups []cachet.ComponentGroup) ([]int, error) {
	ids := make([]int, len(targets))
	var errs []error
	for i, t := range targets {
		field := fmt.Sprintf("targets[%d]", i)
		if t.Component == "" {
			if slices.ContainsFunc(components, func(c cachet.Component) bool { return c.ID == t.ComponentID }) {
				ids[i] = t.ComponentID
				continue
			}
			errs = append(errs, &ConfigError{Field: field + ".component_id", Err: errUnknownComponent,
				Msg: fmt.Sprintf("Cachet has no component %d", t.ComponentID)})
			continue
		}
		id, err := resolveName(field, t.Component, t.Group, components, groups)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		ids[i] = id
	}
	return ids, errors.Join(errs...)
}

// resolveName finds the one component called name, in a group called group
// when group is not empty.
func resolveName(field, name, group string, components []cachet.Component, groups []cachet.ComponentGroup) (int, error) {
	groupNames := make(map[int]string, len(groups))
	var groupIDs []int
	for _, g := range groups {
		groupNames[g.ID] = g.Name
		if g.Name == group {
			groupIDs = append(groupIDs, g.ID)
		}
	}
	if group != "" && len(groupIDs) == 0 {
		return 0, &ConfigError{Field: field + ".group", Err: errUnknownComponent,
			Msg: fmt.Sprintf("Cachet has no component group named %q", group)}
	}
	var matches []cachet.Component
	for _, c := range components {
		if c.Name == name && (group == "" || slices.Contains(groupIDs, c.GroupID)) {
			matches = append(matches, c)
		}
	}
	where := ""
	if group != "" {
		where = fmt.Sprintf(" in group %q", group)
	}
	switch len(matches) {
	case 1:
		return matches[0].ID, nil
	case 0:
		msg := fmt.Sprintf("Cachet has no component named %q%s", name, where)
		for _, c := range components {
			if strings.EqualFold(c.Name, name) && c.Name != name {
				msg += fmt.Sprintf(" (names are case-sensitive: did you mean %q?)", c.Name)
				break
			}
		}
		return 0, &ConfigError{Field: field + ".component", Err: errUnknownComponent, Msg: msg}
	}
	list := make([]string, len(matches))
	for i, c := range matches {
		list[i] = fmt.Sprintf("#%d", c.ID)
		if g, ok := groupNames[c.GroupID]; ok {
			list[i] += fmt.Sprintf(" in group %q", g)
		} else if c.GroupID == 0 {
			list[i] += " in no group"
		}
	}
	hint := `add "group" or use component_id`
	if group != "" {
		hint = "use component_id"
	}
	return 0, &ConfigError{Field: field + ".component", Err: errAmbiguousComponent,
		Msg: fmt.Sprintf("%d components are named %q%s (%s); %s", len(matches), name, where, strings.Join(list, ", "), hint)}
}

// resolveNames sets the component id of every target that names its
// component, from the components Cachet holds now: names are resolved on
// every run, so a renamed or re-created component is followed. It returns
// exitOK, exitFailed when Cachet could not be read (one error line), or
// exitUsage for a name that matches no component or several (one line per
// problem). Without names it reads nothing.
func (j *job) resolveNames(ctx context.Context, logger *slog.Logger) int {
	if !slices.ContainsFunc(j.names, func(t TargetConfig) bool { return t.Component != "" }) {
		return exitOK
	}
	ctx, cancel := context.WithTimeout(ctx, j.timeout)
	defer cancel()
	components, groups, err := readComponents(ctx, j.rec.Client, j.names)
	if err != nil {
		logger.Error("cachet could not be read; nothing was written", "err", fmt.Errorf("%w: resolving component names: %w", ErrNotRead, err))
		return exitFailed
	}
	ids, err := resolveComponents(j.names, components, groups)
	if err != nil {
		for _, e := range unjoin(err) {
			logger.Error(e.Error())
		}
		return exitUsage
	}
	for i := range j.targets {
		j.targets[i].ComponentID = ids[j.origin[i]]
	}
	return exitOK
}
