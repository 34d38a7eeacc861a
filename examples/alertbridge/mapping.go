package main

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"

	"github.com/proxer/cachetstatus/cachet"
)

// Errors of mapping alerts onto components.
var (
	errUnknownComponent = errors.New("alertbridge: alert names an unknown component")
	errUnknownSeverity  = errors.New("alertbridge: alert has an unknown severity")
	errMappingConfig    = errors.New("alertbridge: invalid mapping")
)

// alertError says why one alert could not be mapped; it wraps
// errUnknownComponent or errUnknownSeverity. Nothing is written from such an
// alert, and the component it names (if any) is left as it is.
type alertError struct {
	Alert string // name/fingerprint
	Label string // the label at fault
	Value string // its value ("" when missing)
	Err   error
}

func (e *alertError) Error() string {
	if e.Value == "" {
		return fmt.Sprintf("%v: %s has no %s label", e.Err, e.Alert, e.Label)
	}
	return fmt.Sprintf("%v: %s has %s=%q", e.Err, e.Alert, e.Label, clip(e.Value))
}

func (e *alertError) Unwrap() error { return e.Err }

// componentKey says what the component label holds.
type componentKey uint8

const (
	keyID   componentKey = iota // the Cachet component id
	keyName                     // the component's name, exactly
)

// MarshalText returns "id" or "name".
func (k componentKey) MarshalText() ([]byte, error) {
	switch k {
	case keyID:
		return []byte("id"), nil
	case keyName:
		return []byte("name"), nil
	}
	return nil, fmt.Errorf("%w: component key %d", errMappingConfig, k)
}

// UnmarshalText accepts "id" or "name".
func (k *componentKey) UnmarshalText(text []byte) error {
	switch string(text) {
	case "id":
		*k = keyID
	case "name":
		*k = keyName
	default:
		return fmt.Errorf("%w: component_key %q: want id or name", errMappingConfig, clip(string(text)))
	}
	return nil
}

// mapping turns firing alerts into component statuses.
type mapping struct {
	// ComponentLabel is the alert label naming the component.
	ComponentLabel string `json:"component_label"`
	// ComponentKey says whether that label holds the id or the name.
	ComponentKey componentKey `json:"component_key"`
	// SeverityLabel is the alert label holding the severity.
	SeverityLabel string `json:"severity_label"`
	// Severities maps severity values to statuses. Decoded from JSON onto
	// defaultMapping, configured values add to (or override) the defaults;
	// null removes them all.
	Severities map[string]cachet.ComponentStatus `json:"severities"`
}

// defaultMapping reads the component id from the label "component" and maps
// the label "severity": the status names themselves ("major_outage", ...),
// and the common "critical" (major outage), "error" (partial outage) and
// "warning" (performance issues).
func defaultMapping() mapping {
	return mapping{
		ComponentLabel: "component",
		ComponentKey:   keyID,
		SeverityLabel:  "severity",
		Severities: map[string]cachet.ComponentStatus{
			"critical":           cachet.ComponentStatusMajorOutage,
			"error":              cachet.ComponentStatusPartialOutage,
			"warning":            cachet.ComponentStatusPerformanceIssues,
			"major_outage":       cachet.ComponentStatusMajorOutage,
			"partial_outage":     cachet.ComponentStatusPartialOutage,
			"performance_issues": cachet.ComponentStatusPerformanceIssues,
		},
	}
}

// validate reports every problem, joined, naming the field.
func (m *mapping) validate() error {
	var errs []error
	if m.ComponentLabel == "" {
		errs = append(errs, fmt.Errorf("%w: component_label must be set", errMappingConfig))
	}
	if m.ComponentKey != keyID && m.ComponentKey != keyName {
		errs = append(errs, fmt.Errorf("%w: component_key must be id or name", errMappingConfig))
	}
	if m.SeverityLabel == "" {
		errs = append(errs, fmt.Errorf("%w: severity_label must be set", errMappingConfig))
	}
	if len(m.Severities) == 0 {
		errs = append(errs, fmt.Errorf("%w: severities must not be empty", errMappingConfig))
	}
	for _, name := range slices.Sorted(maps.Keys(m.Severities)) {
		if s := m.Severities[name]; !s.Valid() || s == cachet.ComponentStatusUnknown || s == cachet.ComponentStatusOperational {
			errs = append(errs, fmt.Errorf("%w: severities[%q]: %s is not an outage status", errMappingConfig, name, s))
		}
	}
	return errors.Join(errs...)
}

// cachetComponent is what the mapping needs to know of a Cachet component.
type cachetComponent struct {
	ID   int
	Name string
}

// componentStatus is the status the alerts give one component.
type componentStatus struct {
	ComponentID int
	// Status is the worst status of the component's firing alerts,
	// operational without any, or unknown when one of its alerts could not
	// be mapped: then the component is left as it is.
	Status cachet.ComponentStatus
	// Alerts are the firing alerts on the component that decided Status,
	// sorted.
	Alerts []string
	// Unmapped are the alerts on the component that could not be mapped.
	Unmapped []string
}

// desired returns the status of every component in components, in their
// order, from the firing alerts (resolved ones are ignored): the worst
// severity wins. It also returns one *alertError per alert that could not be
// mapped (unknown or missing component or severity).
func (m *mapping) desired(alerts []alert, components []cachetComponent) ([]componentStatus, []error) {
	index := map[string]int{} // label value → position in components
	for i, c := range components {
		key := strconv.Itoa(c.ID)
		if m.ComponentKey == keyName {
			key = c.Name
		}
		index[key] = i
	}
	out := make([]componentStatus, len(components))
	for i, c := range components {
		out[i] = componentStatus{ComponentID: c.ID, Status: cachet.ComponentStatusOperational}
	}
	var errs []error
	for _, a := range alerts {
		if a.Status != alertFiring {
			continue
		}
		value := a.Labels[m.ComponentLabel]
		i, ok := index[value]
		if !ok {
			errs = append(errs, &alertError{Alert: a.name(), Label: m.ComponentLabel, Value: value, Err: errUnknownComponent})
			continue
		}
		cs := &out[i]
		severity := a.Labels[m.SeverityLabel]
		status, ok := m.Severities[severity]
		if !ok {
			errs = append(errs, &alertError{Alert: a.name(), Label: m.SeverityLabel, Value: severity, Err: errUnknownSeverity})
			cs.Unmapped = append(cs.Unmapped, a.name())
			continue
		}
		switch {
		case status.Worse(cs.Status):
			cs.Status, cs.Alerts = status, []string{a.name()}
		case status == cs.Status:
			cs.Alerts = append(cs.Alerts, a.name())
		}
	}
	for i := range out {
		slices.Sort(out[i].Alerts)
		slices.Sort(out[i].Unmapped)
		if len(out[i].Unmapped) > 0 {
			out[i].Status, out[i].Alerts = cachet.ComponentStatusUnknown, nil
		}
	}
	return out, errs
}
