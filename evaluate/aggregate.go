package evaluate

import (
	"errors"

	"github.com/proxer/cachetstatus/cachet"
)

// WorstOf returns the decision with the worst status (the first one on a
// tie), keeping its rule and reason. With no decisions it returns the zero
// Decision (cachet.ComponentStatusUnknown, RuleNone). Unknown ranks lowest, so an unknown
// decision never hides a known one.
func WorstOf(ds ...Decision) Decision {
	var w Decision
	for i, d := range ds {
		if i == 0 || d.Status.Worse(w.Status) {
			w = d
		}
	}
	return w
}

// RatioRule aggregates the decisions of several probes of one component
// (several locations, or several servers behind one component) by the share
// of probes that fail. A probe is failing when its status is FailingAt or
// worse; probes with an unknown status are not counted at all.
//
// For example, "50 % or more of the probes down → major outage, any down →
// partial outage":
//
//	RatioRule{FailingAt: cachet.ComponentStatusMajorOutage, Percent: 50, Many: cachet.ComponentStatusMajorOutage, Some: cachet.ComponentStatusPartialOutage}
type RatioRule struct {
	// FailingAt is the least severe status that counts as failing.
	FailingAt cachet.ComponentStatus `json:"failing_at"`
	// Percent (1–100) is the share of failing probes from which Many applies.
	Percent int `json:"percent"`
	// Many is the status when at least Percent % of the probes fail.
	Many cachet.ComponentStatus `json:"many"`
	// Some is the status when at least one, but fewer than Percent %, fail.
	Some cachet.ComponentStatus `json:"some"`
}

// Validate reports every problem in r, joined, as [*FieldError] values: all
// statuses must be valid and not unknown, Percent must lie in 1–100, Many
// must not be better than Some, and Some must not be better than the status
// just below FailingAt. Otherwise a probe getting worse could make the
// aggregate better: with FailingAt major outage and Some performance issues,
// a probe with a partial outage would give a partial outage, but the same
// probe failing completely only performance issues.
func (r RatioRule) Validate() error {
	var errs []error
	for _, f := range []struct {
		field string
		s     cachet.ComponentStatus
	}{{"failing_at", r.FailingAt}, {"many", r.Many}, {"some", r.Some}} {
		if !f.s.Valid() || f.s == cachet.ComponentStatusUnknown {
			errs = append(errs, &FieldError{Field: f.field, Problem: "status must be valid and not unknown, got " + f.s.String()})
		}
	}
	if r.Percent < 1 || r.Percent > 100 {
		errs = append(errs, &FieldError{Field: "percent", Problem: "must lie in 1–100"})
	}
	if r.Some.Worse(r.Many) {
		errs = append(errs, &FieldError{Field: "many", Problem: r.Many.String() + " is better than some's " + r.Some.String()})
	}
	if r.FailingAt.Valid() && r.FailingAt > cachet.ComponentStatusOperational && r.Some.Valid() && r.Some != cachet.ComponentStatusUnknown {
		if below := r.FailingAt - 1; below.Worse(r.Some) {
			errs = append(errs, &FieldError{Field: "some", Problem: r.Some.String() + " is better than " + below.String() +
				", the worst status of a probe that is not failing, so a failing probe would improve the result"})
		}
	}
	return errors.Join(errs...)
}

// Aggregate combines ds. With no failing probe the result is [WorstOf] the
// decisions. Otherwise its status is Many or Some by the share of failing
// probes, but never better than the worst probe that is not failing, and
// its rule is RuleRatio with a reason such as "2 of 4 probes failing ≥ 50%
// → major outage". With no probe of known status the result is unknown.
func (r RatioRule) Aggregate(ds []Decision) Decision {
	var total, failing int
	var healthiest cachet.ComponentStatus // worst status among the probes that are not failing
	for _, d := range ds {
		switch {
		case d.Status == cachet.ComponentStatusUnknown || !d.Status.Valid():
		case !r.FailingAt.Worse(d.Status):
			failing++
			total++
		default:
			total++
			healthiest = worse(healthiest, d.Status)
		}
	}
	agg := Decision{Rule: RuleRatio, failing: failing, total: total}
	switch {
	case total == 0:
		return agg
	case failing == 0:
		return WorstOf(ds...)
	case failing*100 >= r.Percent*total:
		agg.Status = r.Many
		agg.threshold = int64(r.Percent)
	default:
		agg.Status = r.Some
	}
	agg.Status = worse(agg.Status, healthiest)
	return agg
}

// worse returns the more severe of s and t (see [cachet.ComponentStatus.Worse]), s on a tie.
func worse(s, t cachet.ComponentStatus) cachet.ComponentStatus {
	if t.Worse(s) {
		return t
	}
	return s
}
