package cachet

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// enumInfo describes one enumeration: its Go type name, the lowercase names
// used by MarshalText/UnmarshalText and Cachet's English names used by
// String, both indexed by value.
type enumInfo struct {
	typeName string
	text     []string
	human    []string
}

func (e *enumInfo) valid(v int) bool { return v >= 0 && v < len(e.text) }

func (e *enumInfo) string(v int) string {
	if e.valid(v) {
		return e.human[v]
	}
	return e.typeName + "(" + strconv.Itoa(v) + ")"
}

func marshalEnumJSON(v int) ([]byte, error) {
	return strconv.AppendInt(nil, int64(v), 10), nil
}

// unmarshalEnumJSON accepts a number, a quoted number, null (which leaves
// *p unchanged) or a quoted name that unmarshalEnumText accepts (so a
// configuration file can name the value). Numbers outside the known range
// are kept: Cachet 2.3 accepted them, and Valid reports them.
func unmarshalEnumJSON[E ~int](e *enumInfo, p *E, b []byte) error {
	if strings.TrimSpace(string(b)) == "null" {
		return nil
	}
	v, err := parseFlexInt(b)
	if err != nil {
		var name string
		if json.Unmarshal(b, &name) == nil {
			return unmarshalEnumText(e, p, []byte(name))
		}
		return fmt.Errorf("cachet: invalid %s: %w", e.typeName, err)
	}
	*p = E(v)
	return nil
}

func (e *enumInfo) marshalText(v int) ([]byte, error) {
	if !e.valid(v) {
		return nil, fmt.Errorf("cachet: invalid %s %d", e.typeName, v)
	}
	return []byte(e.text[v]), nil
}

// unmarshalEnumText accepts a lowercase name (case-insensitive, '-' or ' '
// for '_') or a decimal number within range.
func unmarshalEnumText[E ~int](e *enumInfo, p *E, b []byte) error {
	s := strings.ToLower(strings.TrimSpace(string(b)))
	s = strings.NewReplacer("-", "_", " ", "_").Replace(s)
	for v, name := range e.text {
		if s == name {
			*p = E(v)
			return nil
		}
	}
	if v, err := strconv.Atoi(s); err == nil && e.valid(v) {
		*p = E(v)
		return nil
	}
	return fmt.Errorf("cachet: invalid %s %q (want one of %s)", e.typeName, b, strings.Join(e.text, ", "))
}
