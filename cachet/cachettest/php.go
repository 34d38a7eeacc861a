package cachettest

import (
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Values read from a request are: nil, bool, string, json.Number,
// map[string]any and []any. The helpers below give them PHP semantics.

// phpBool is PHP's (bool) cast: "false" is true; "", "0", 0, empty arrays
// and null are false.
func phpBool(v any) bool {
	switch t := v.(type) {
	case nil:
		return false
	case int:
		return t != 0
	case bool:
		return t
	case string:
		return t != "" && t != "0"
	case json.Number:
		f, err := t.Float64()
		return err != nil || f != 0
	case map[string]any:
		return len(t) > 0
	case []any:
		return len(t) > 0
	}
	return true
}

// phpInt is PHP 7's (int) cast: leading-numeric strings give their prefix,
// other strings 0; floats truncate; true is 1; non-empty arrays are 1.
func phpInt(v any) int {
	switch t := v.(type) {
	case int:
		return t
	case bool:
		if t {
			return 1
		}
	case string:
		return leadingInt(t)
	case json.Number:
		if n, err := t.Int64(); err == nil {
			return int(n)
		}
		if f, err := t.Float64(); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) && math.Abs(f) < 1e18 {
			return int(f)
		}
	case map[string]any:
		if len(t) > 0 {
			return 1
		}
	case []any:
		if len(t) > 0 {
			return 1
		}
	}
	return 0
}

// leadingInt parses PHP's leading numeric prefix of s as an integer.
func leadingInt(s string) int {
	s = strings.TrimLeft(s, " \t\n\r\v\f")
	end := 0
	if end < len(s) && (s[end] == '+' || s[end] == '-') {
		end++
	}
	digits := end
	for end < len(s) && s[end] >= '0' && s[end] <= '9' {
		end++
	}
	if end == digits {
		return 0
	}
	if f, ok := phpNumber(s); ok && math.Abs(f) < 1e18 {
		return int(f)
	}
	n, err := strconv.ParseInt(s[:end], 10, 64)
	if err != nil {
		return 0
	}
	return int(n)
}

// phpNumber parses a PHP numeric string (leading whitespace allowed, no
// trailing garbage) or a JSON number.
func phpNumber(v any) (float64, bool) {
	switch t := v.(type) {
	case int:
		return float64(t), true
	case json.Number:
		f, err := t.Float64()
		return f, err == nil
	case string:
		s := strings.TrimLeft(t, " \t\n\r\v\f")
		if s == "" || strings.ContainsAny(s, "xXpP_") || strings.EqualFold(s, "inf") || strings.EqualFold(s, "nan") ||
			strings.HasPrefix(strings.ToLower(strings.TrimLeft(s, "+-")), "inf") || strings.HasPrefix(strings.ToLower(strings.TrimLeft(s, "+-")), "nan") {
			return 0, false
		}
		f, err := strconv.ParseFloat(s, 64)
		return f, err == nil
	}
	return 0, false
}

// isNumeric is PHP's is_numeric.
func isNumeric(v any) bool {
	_, ok := phpNumber(v)
	return ok
}

// filterInt is filter_var($v, FILTER_VALIDATE_INT) (Laravel's integer rule):
// integers, integer strings without leading zeros (surrounding whitespace
// allowed), JSON true and integral JSON floats pass; false fails.
func filterInt(v any) (int, bool) {
	switch t := v.(type) {
	case int:
		return t, true
	case bool:
		if t {
			return 1, true
		}
		return 0, false
	case json.Number:
		if n, err := t.Int64(); err == nil {
			return int(n), true
		}
		f, err := t.Float64()
		if err == nil && f == math.Trunc(f) && math.Abs(f) < 1e15 {
			return int(f), true
		}
		return 0, false
	case string:
		s := strings.Trim(t, " \t\n\r\v")
		digits := strings.TrimLeft(s, "+-")
		if len(s)-len(digits) > 1 || digits == "" || (len(digits) > 1 && digits[0] == '0') {
			return 0, false
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return 0, false
		}
		return int(n), true
	}
	return 0, false
}

// phpString is PHP's string conversion for scalars.
func phpString(v any) string {
	switch t := v.(type) {
	case int:
		return strconv.Itoa(t)
	case nil:
		return ""
	case bool:
		if t {
			return "1"
		}
		return ""
	case string:
		return t
	case json.Number:
		if _, err := t.Int64(); err == nil {
			return t.String()
		}
		if f, err := t.Float64(); err == nil {
			return strconv.FormatFloat(f, 'G', 14, 64)
		}
		return t.String()
	}
	return "Array"
}

// isArray reports whether v is a PHP array.
func isArray(v any) bool {
	switch v.(type) {
	case map[string]any, []any:
		return true
	}
	return false
}

// phpTruthy is PHP truthiness (same as the (bool) cast).
func phpTruthy(v any) bool { return phpBool(v) }

// looseEqual compares a stored scalar to a request value the way MySQL's
// "=" does for the column kinds the fake uses: numbers numerically, strings
// case-insensitively.
func looseEqual(stored, given any) bool {
	switch s := stored.(type) {
	case int:
		f, ok := phpNumber(given)
		if !ok {
			if b, isBool := given.(bool); isBool {
				return (s != 0) == b
			}
			g, isStr := given.(string)
			return isStr && leadingInt(g) == s
		}
		return f == float64(s)
	case bool:
		n := 0
		if s {
			n = 1
		}
		return looseEqual(n, given)
	case string:
		g, ok := given.(string)
		if !ok {
			g = phpString(given)
		}
		return strings.EqualFold(strings.TrimRight(s, " "), strings.TrimRight(g, " "))
	}
	return false
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
