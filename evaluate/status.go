package evaluate

import (
	"encoding/json"
	"fmt"
	"strconv"
)

// Status is a component status. Its numeric values equal Cachet's component
// status codes (0 unknown … 4 major outage), so a Status converts directly to
// the value written to Cachet.
type Status uint8

// The component statuses, in Cachet's numbering.
const (
	StatusUnknown           Status = 0
	StatusOperational       Status = 1
	StatusPerformanceIssues Status = 2
	StatusPartialOutage     Status = 3
	StatusMajorOutage       Status = 4
)

// names returns the human name and the config name of a valid status.
func (s Status) names() (human, text string) {
	switch s {
	case StatusUnknown:
		return "unknown", "unknown"
	case StatusOperational:
		return "operational", "operational"
	case StatusPerformanceIssues:
		return "performance issues", "performance_issues"
	case StatusPartialOutage:
		return "partial outage", "partial_outage"
	case StatusMajorOutage:
		return "major outage", "major_outage"
	}
	return "", ""
}

// String returns the human, lowercase name ("performance issues"), or
// "status(N)" for an invalid value.
func (s Status) String() string {
	if !s.Valid() {
		return "status(" + strconv.Itoa(int(s)) + ")"
	}
	human, _ := s.names()
	return human
}

// Valid reports whether s is one of the five Cachet component statuses.
func (s Status) Valid() bool { return s <= StatusMajorOutage }

// Worse reports whether s is more severe than t. Severity follows the
// numbering: unknown < operational < performance issues < partial outage <
// major outage. Unknown ranks lowest because it carries no information: it
// never masks a known status in [WorstOf]. Invalid values rank like unknown.
func (s Status) Worse(t Status) bool { return s.severity() > t.severity() }

func (s Status) severity() uint8 {
	if !s.Valid() {
		return 0
	}
	return uint8(s)
}

// worse returns the more severe of s and t, s on a tie.
func worse(s, t Status) Status {
	if t.Worse(s) {
		return t
	}
	return s
}

// MarshalText returns the config name: "unknown", "operational",
// "performance_issues", "partial_outage" or "major_outage". In JSON a Status
// is therefore written as that string.
func (s Status) MarshalText() ([]byte, error) {
	if !s.Valid() {
		return nil, fmt.Errorf("evaluate: cannot marshal invalid status %d", uint8(s))
	}
	_, text := s.names()
	return []byte(text), nil
}

// UnmarshalText accepts a config name (see [Status.MarshalText]) or the
// Cachet number "0" to "4".
func (s *Status) UnmarshalText(text []byte) error {
	for c := StatusUnknown; c <= StatusMajorOutage; c++ {
		if _, name := c.names(); string(text) == name {
			*s = c
			return nil
		}
	}
	if n, err := strconv.ParseUint(string(text), 10, 8); err == nil && Status(n).Valid() {
		*s = Status(n)
		return nil
	}
	return fmt.Errorf("evaluate: unknown status %q", text)
}

// UnmarshalJSON accepts what [Status.UnmarshalText] accepts as a JSON
// string, and a bare JSON number 0 to 4. JSON null leaves s unchanged.
func (s *Status) UnmarshalJSON(data []byte) error {
	if string(data) == "null" {
		return nil
	}
	var text string
	if err := json.Unmarshal(data, &text); err == nil {
		return s.UnmarshalText([]byte(text))
	}
	if n, err := strconv.ParseUint(string(data), 10, 8); err == nil && Status(n).Valid() {
		*s = Status(n)
		return nil
	}
	return fmt.Errorf("evaluate: unknown status %s", data)
}
