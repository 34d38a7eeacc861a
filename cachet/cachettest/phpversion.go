package cachettest

import (
	"strings"
)

// phpVersionCompare is PHP's version_compare without an operator: -1, 0
// or 1.
func phpVersionCompare(a, b string) int {
	pa, pb := canonVersion(a), canonVersion(b)
	for i := 0; i < len(pa) || i < len(pb); i++ {
		var x, y string
		if i < len(pa) {
			x = pa[i]
		}
		if i < len(pb) {
			y = pb[i]
		}
		switch {
		case x == "" && y == "":
			return 0
		case x == "":
			return -versionPartAlone(y)
		case y == "":
			return versionPartAlone(x)
		}
		if r := compareVersionParts(x, y); r != 0 {
			return r
		}
	}
	return 0
}

// canonVersion splits like PHP: "-", "_", "+" become ".", and a "." is
// inserted between digit and non-digit runs.
func canonVersion(v string) []string {
	var parts []string
	var cur strings.Builder
	kind := 0 // 0 none, 1 digit, 2 other
	flush := func() {
		if cur.Len() > 0 {
			parts = append(parts, cur.String())
			cur.Reset()
		}
	}
	for i := 0; i < len(v); i++ {
		ch := v[i]
		switch {
		case ch == '.' || ch == '-' || ch == '_' || ch == '+':
			flush()
			kind = 0
		case ch >= '0' && ch <= '9':
			if kind == 2 {
				flush()
			}
			kind = 1
			cur.WriteByte(ch)
		default:
			if kind == 1 {
				flush()
			}
			kind = 2
			cur.WriteByte(ch)
		}
	}
	flush()
	return parts
}

// versionSpecial ranks PHP's special version words; unknown words rank
// below "dev" (-7), "#" (patch) above everything.
func versionSpecial(s string) int {
	switch {
	case strings.HasPrefix(s, "dev"):
		return 0
	case strings.HasPrefix(s, "alpha"), strings.HasPrefix(s, "a"):
		return 1
	case strings.HasPrefix(s, "beta"), strings.HasPrefix(s, "b"):
		return 2
	case strings.HasPrefix(s, "RC"), strings.HasPrefix(s, "rc"):
		return 3
	case s == "#":
		return 4
	case strings.HasPrefix(s, "pl"), strings.HasPrefix(s, "p"):
		return 5
	}
	return -6
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func compareVersionParts(x, y string) int {
	dx, dy := isDigits(x), isDigits(y)
	switch {
	case dx && dy:
		x, y = strings.TrimLeft(x, "0"), strings.TrimLeft(y, "0")
		if len(x) != len(y) {
			return sign(len(x) - len(y))
		}
		return strings.Compare(x, y)
	case !dx && !dy:
		return sign(versionSpecial(x) - versionSpecial(y))
	case dx:
		return sign(versionSpecial("#") - versionSpecial(y))
	}
	return sign(versionSpecial(x) - versionSpecial("#"))
}

// versionPartAlone compares an extra trailing part against nothing: a
// number or patch level wins, a pre-release word loses.
func versionPartAlone(x string) int {
	if isDigits(x) {
		return 1
	}
	return sign(versionSpecial(x) - versionSpecial("#"))
}

func sign(n int) int {
	switch {
	case n > 0:
		return 1
	case n < 0:
		return -1
	}
	return 0
}
