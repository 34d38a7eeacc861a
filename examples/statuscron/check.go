package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"time"

	"github.com/proxer/cachetstatus/cachet"
)

// runCheck is -check: with cfg already valid, it checks that the run
// could work, without writing anything: every warning of the
// configuration, the state and lock paths, that Cachet answers as a Cachet
// 2.x v1 API (/ping), that the token is accepted (GET /subscribers, the one
// read that needs a token), that every configured component exists (by
// id, or by name and group), and that the report source answers and counts
// every target. It prints one line per problem, or "check passed", on
// stdout and returns exitOK or exitUsage. A few requests in all.
func runCheck(ctx context.Context, cfg *Config, opts options, stdout io.Writer) int {
	problems := cfg.allWarnings(opts)
	fail := func(format string, args ...any) { problems = append(problems, fmt.Errorf(format, args...)) }
	j, err := cfg.job(opts)
	if err != nil {
		fmt.Fprintln(stdout, "statuscron: check failed:", err)
		return exitUsage
	}
	if err := prepareFiles(opts.statePath, lockPath(opts), true); err != nil {
		problems = append(problems, err)
	}
	ctx, cancel := context.WithTimeout(ctx, opts.timeout)
	defer cancel()
	client := j.rec.Client
	pong, err := client.Ping(ctx)
	switch {
	case err != nil:
		fail("cachet: %s does not answer as a Cachet 2.x API (GET /ping): %w", redactURL(client.BaseURL()), err)
	case pong != "Pong!":
		fail("cachet: %s answers GET /ping with %q, not Cachet's \"Pong!\"", redactURL(client.BaseURL()), pong)
	}
	if err == nil && pong == "Pong!" {
		problems = append(problems, checkCachet(ctx, client, cfg)...)
	}
	if j.rec.Reports != nil {
		counts, err := j.rec.Reports.Counts(ctx, time.Now())
		if err != nil {
			fail("reports_url: %w", err)
		}
		for _, w := range reportWarnings(j.targets, counts) {
			fail("reports_url: %s", w)
		}
	}
	for _, p := range problems {
		fmt.Fprintln(stdout, p)
	}
	if len(problems) > 0 {
		fmt.Fprintf(stdout, "statuscron: check failed: %d problem(s)\n", len(problems))
		return exitUsage
	}
	fmt.Fprintf(stdout, "statuscron: check passed: cachet, token, %d target(s) and their components\n", len(cfg.Targets))
	return exitOK
}

// checkCachet checks the token and the components of a Cachet that
// answered /ping.
func checkCachet(ctx context.Context, client *cachet.Client, cfg *Config) []error {
	var problems []error
	if cfg.Cachet.Token == "" {
		problems = append(problems, fieldError(cfg.tokenKey(), "not set; a run can only -dry-run without it"))
	} else if _, err := client.Subscribers.List(ctx, &cachet.ListOptions{PerPage: 1}); errors.Is(err, cachet.ErrUnauthorized) {
		problems = append(problems, fieldError(cfg.tokenKey(), "Cachet does not accept the token (GET /subscribers answered 401)"))
	} else if err != nil {
		problems = append(problems, fmt.Errorf("cachet: checking the token (GET /subscribers): %w", err))
	}
	components, groups, err := readComponents(ctx, client, cfg.Targets)
	if err != nil {
		return append(problems, fmt.Errorf("cachet: reading components: %w", err))
	}
	if _, err := resolveComponents(cfg.Targets, components, groups); err != nil {
		problems = append(problems, unjoin(err)...)
	}
	return problems
}

// readComponents reads every component, and every group when some target
// names one.
func readComponents(ctx context.Context, client *cachet.Client, targets []TargetConfig) ([]cachet.Component, []cachet.ComponentGroup, error) {
	byID, err := client.Components.ByID(ctx)
	if err != nil {
		return nil, nil, err
	}
	components := slices.Collect(maps.Values(byID))
	slices.SortFunc(components, func(a, b cachet.Component) int { return a.ID - b.ID })
	var groups []cachet.ComponentGroup
	if slices.ContainsFunc(targets, func(t TargetConfig) bool { return t.Group != "" }) {
		for g, err := range client.ComponentGroups.All(ctx, nil) {
			if err != nil {
				return nil, nil, err
			}
			groups = append(groups, g)
		}
	}
	return components, groups, nil
}

// unjoin splits an errors.Join result into its errors.
func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// tokenKey names where the token came from: CACHET_TOKEN or cachet.token.
func (c *Config) tokenKey() string {
	return cmp.Or(c.tokenField, "cachet.token")
}
