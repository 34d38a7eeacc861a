package cachet

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// The tolerant wire types below decode the shapes Cachet has been seen to
// send for one field. Resource types keep plain Go fields; their
// UnmarshalJSON methods decode through these types.

var jsonNull = []byte("null")

// unquote returns the content of a JSON string, or b itself when b is not a
// string. ok is false for a malformed string.
func unquote(b []byte) (raw []byte, quoted, ok bool) {
	if len(b) == 0 || b[0] != '"' {
		return b, false, true
	}
	if inner, simple := plainString(b); simple {
		return bytes.TrimSpace(inner), true, true
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, true, false
	}
	return []byte(strings.TrimSpace(s)), true, true
}

// plainString returns the content of the JSON string b when it needs no
// unescaping (no backslash, no control or non-ASCII byte).
func plainString(b []byte) ([]byte, bool) {
	if len(b) < 2 || b[len(b)-1] != '"' {
		return nil, false
	}
	inner := b[1 : len(b)-1]
	for _, c := range inner {
		if c == '\\' || c == '"' || c < 0x20 || c >= 0x80 {
			return nil, false
		}
	}
	return inner, true
}

// flexInt decodes an integer sent as a JSON number (Cachet 2.4), a JSON
// string holding an integer (Cachet 2.3 on MySQL), an integral float, a
// boolean (PHP casts) or null/"" (zero).
type flexInt int

// UnmarshalJSON implements json.Unmarshaler.
func (n *flexInt) UnmarshalJSON(b []byte) error {
	v, err := parseFlexInt(b)
	if err != nil {
		return err
	}
	*n = flexInt(v)
	return nil
}

func parseFlexInt(b []byte) (int, error) {
	b = bytes.TrimSpace(b)
	switch string(b) {
	case "null", `""`:
		return 0, nil
	case "true":
		return 1, nil
	case "false":
		return 0, nil
	}
	raw, _, ok := unquote(b)
	if !ok {
		return 0, fmt.Errorf("cachet: invalid integer %.40q", b)
	}
	if len(raw) == 0 {
		return 0, nil
	}
	if v, err := strconv.ParseInt(string(raw), 10, 0); err == nil {
		return int(v), nil
	}
	f, err := strconv.ParseFloat(string(raw), 64)
	if err != nil || f != math.Trunc(f) || f >= math.MaxInt64 || f < math.MinInt64 || math.IsInf(f, 0) {
		return 0, fmt.Errorf("cachet: invalid integer %.40q", raw)
	}
	return int(f), nil
}

// flexFloat decodes a number sent as a JSON number, a JSON string holding a
// number, or null/"" (zero).
type flexFloat float64

// UnmarshalJSON implements json.Unmarshaler.
func (f *flexFloat) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, jsonNull) {
		*f = 0
		return nil
	}
	raw, _, ok := unquote(b)
	if !ok {
		return fmt.Errorf("cachet: invalid number %.40q", b)
	}
	if len(raw) == 0 {
		*f = 0
		return nil
	}
	v, err := strconv.ParseFloat(string(raw), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return fmt.Errorf("cachet: invalid number %.40q", raw)
	}
	*f = flexFloat(v)
	return nil
}

// flexBool decodes true/false, 0/1, "0"/"1", "true"/"false" and null/""
// (false).
type flexBool bool

// UnmarshalJSON implements json.Unmarshaler.
func (v *flexBool) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	raw, _, ok := unquote(b)
	if !ok {
		return fmt.Errorf("cachet: invalid boolean %.40q", b)
	}
	switch strings.ToLower(string(raw)) {
	case "true", "1":
		*v = true
	case "false", "0", "null", "":
		*v = false
	default:
		return fmt.Errorf("cachet: invalid boolean %.40q", raw)
	}
	return nil
}

// Meta is free-form metadata attached to a component or an incident, each
// value kept as raw JSON. Cachet sends an empty meta as [] (a PHP empty
// array), {} or null; all three decode to a nil Meta, and a JSON array
// decodes with its indexes as keys ("0", "1", ...).
type Meta map[string]json.RawMessage

// UnmarshalJSON implements json.Unmarshaler.
func (m *Meta) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return errors.New("cachet: empty meta")
	}
	switch b[0] {
	case 'n':
		if !bytes.Equal(b, jsonNull) {
			return fmt.Errorf("cachet: invalid meta %.40q", b)
		}
		*m = nil
		return nil
	case '[':
		var list []json.RawMessage
		if err := json.Unmarshal(b, &list); err != nil {
			return fmt.Errorf("cachet: invalid meta: %w", err)
		}
		if len(list) == 0 {
			*m = nil
			return nil
		}
		out := make(Meta, len(list))
		for i, v := range list {
			out[strconv.Itoa(i)] = v
		}
		*m = out
		return nil
	case '{':
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(b, &obj); err != nil {
			return fmt.Errorf("cachet: invalid meta: %w", err)
		}
		if len(obj) == 0 {
			obj = nil
		}
		*m = obj
		return nil
	}
	return fmt.Errorf("cachet: meta must be an object or an array, got %.40q", b)
}

// String returns the value of key when it is a JSON string.
func (m Meta) String(key string) (string, bool) {
	raw, ok := m[key]
	if !ok {
		return "", false
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", false
	}
	return s, true
}

// Tag is one tag of a component.
type Tag struct {
	Slug string // lower-case, hyphenated; what list filters take
	Name string // as entered
}

// tagList decodes Cachet's component tags: [] when there are none, else an
// object {"slug":"Name"}. The result is sorted by slug so it is stable.
// null decodes to nil; an array of strings is taken as names that are also
// slugs.
type tagList []Tag

// UnmarshalJSON implements json.Unmarshaler.
func (t *tagList) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return errors.New("cachet: empty tags")
	}
	var out tagList
	switch b[0] {
	case 'n':
		if !bytes.Equal(b, jsonNull) {
			return fmt.Errorf("cachet: invalid tags %.40q", b)
		}
	case '[':
		var names []string
		if err := json.Unmarshal(b, &names); err != nil {
			return fmt.Errorf("cachet: invalid tags: %w", err)
		}
		for _, n := range names {
			out = append(out, Tag{Slug: n, Name: n})
		}
	case '{':
		var obj map[string]string
		if err := json.Unmarshal(b, &obj); err != nil {
			return fmt.Errorf("cachet: invalid tags: %w", err)
		}
		for slug, name := range obj {
			out = append(out, Tag{Slug: slug, Name: name})
		}
	default:
		return fmt.Errorf("cachet: tags must be an object or an array, got %.40q", b)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Slug != out[j].Slug {
			return out[i].Slug < out[j].Slug
		}
		return out[i].Name < out[j].Name
	})
	*t = out
	return nil
}
