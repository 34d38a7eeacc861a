package cachettest

import (
	"encoding/json"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPHPCasts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      any
		boolean bool
		integer int
		filter  int
		isInt   bool
		numeric bool
	}{
		{nil, false, 0, 0, false, false},
		{true, true, 1, 1, true, false},
		{false, false, 0, 0, false, false},
		{"false", true, 0, 0, false, false},
		{"0", false, 0, 0, true, true},
		{"", false, 0, 0, false, false},
		{" 12 ", true, 12, 12, true, false},
		{"12abc", true, 12, 0, false, false},
		{"012", true, 12, 0, false, true},
		{"1e3", true, 1000, 0, false, true},
		{json.Number("2"), true, 2, 2, true, true},
		{json.Number("2.0"), true, 2, 2, true, true},
		{json.Number("2.5"), true, 2, 0, false, true},
		{json.Number("0"), false, 0, 0, true, true},
		{[]any{}, false, 0, 0, false, false},
		{map[string]any{"a": 1}, true, 1, 0, false, false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.boolean, phpBool(tt.in), "phpBool(%#v)", tt.in)
		assert.Equal(t, tt.integer, phpInt(tt.in), "phpInt(%#v)", tt.in)
		n, ok := filterInt(tt.in)
		assert.Equal(t, tt.isInt, ok, "filterInt(%#v)", tt.in)
		assert.Equal(t, tt.filter, n, "filterInt(%#v)", tt.in)
		assert.Equal(t, tt.numeric, isNumeric(tt.in), "isNumeric(%#v)", tt.in)
	}
}

func TestValidateMessages(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		fields []field
		want   []string
	}{
		{"required stops further rules", []field{{"name", nil, "required|string"}}, []string{"The name field is required."}},
		{"blank string is required-failing", []field{{"name", "  ", "required|string"}}, []string{"The name field is required."}},
		{"nullable skips null", []field{{"order", nil, "nullable|int"}}, nil},
		{"null without nullable fails int", []field{{"order", nil, "int"}}, []string{"The order must be an integer."}},
		{"empty string skips non-implicit rules", []field{{"link", "", "nullable|url"}}, nil},
		{"bool rule", []field{{"enabled", "true", "bool"}}, []string{"The enabled field must be true or false."}},
		{"numeric min", []field{{"status", json.Number("-1"), "int|min:0"}}, []string{"The status must be at least 0."}},
		{"string max", []field{{"name", "abcd", "string|max:3"}}, []string{"The name may not be greater than 3 characters."}},
		{"between", []field{{"collapsed", json.Number("9"), "int|between:0,4"}}, []string{"The collapsed must be between 0 and 4."}},
		{"email", []field{{"email", "nope", "required|email"}}, []string{"The email must be a valid email address."}},
		{"in", []field{{"x", "c", "in:a,b"}}, []string{"The selected x is invalid."}},
		{"array", []field{{"meta", "x", "array"}}, []string{"The meta must be an array."}},
		{"numeric", []field{{"value", "x", "numeric"}}, []string{"The value must be a number."}},
		{"required_with", []field{{"a_b", nil, "nullable|required_with:c_d|int"}, {"c_d", json.Number("1"), "nullable|int"}},
			[]string{"The a b field is required when c d is present."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, validate(tt.fields...))
		})
	}
}

func TestParsePHPQuery(t *testing.T) {
	t.Parallel()
	q := parsePHPQuery("a=1&tags[]=x&tags[]=y&meta[k]=v&a=2&b.c=3&sp=a+b&enc=%2F")
	assert.Equal(t, []string{"a", "tags", "meta", "b_c", "sp", "enc"}, q.order)
	assert.Equal(t, map[string]any{
		"a": "2", "tags": []any{"x", "y"}, "meta": map[string]any{"k": "v"}, "b_c": "3", "sp": "a b", "enc": "/",
	}, q.values)
	assert.Equal(t, "a=2&tags%5B0%5D=x&tags%5B1%5D=y&meta%5Bk%5D=v&sp=a%20b", buildPHPQuery([]string{"a", "tags", "meta", "sp"}, q.values))
}

func FuzzParsePHPQuery(f *testing.F) {
	for _, seed := range []string{"a=1&b[]=2&b[]=3", "x[y][z]=1", "per_page=2&page=3", "%zz=1", "a[=1", "[]=1", "a]b=1&&=", "tags[]=a&tags[5]=b"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q := parsePHPQuery(raw)
		require.Len(t, q.values, len(q.order))
		for _, k := range q.order {
			require.Contains(t, q.values, k)
		}
		_ = buildPHPQuery(q.order, q.values)
	})
}

func FuzzEncodePHPJSON(f *testing.F) {
	for _, seed := range []string{"plain", "a/b", "ü", "😀", "<&>", "\"\\", "\u2028", "\xff"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, err := encodePHPJSON(map[string]any{"s": s})
		require.NoError(t, err)
		for _, b := range out {
			if b >= utf8.RuneSelf {
				t.Fatalf("non-ASCII byte in %q", out)
			}
		}
		var back map[string]string
		require.NoError(t, json.Unmarshal(out, &back))
		if utf8.ValidString(s) {
			assert.Equal(t, s, back["s"])
		}
	})
}

func FuzzValidate(f *testing.F) {
	f.Add("required|string", "x")
	f.Add("nullable|int|min:0|max:4", "5")
	f.Add("int|between:0,4", "a")
	f.Add("required_with:other|int", "")
	f.Fuzz(func(t *testing.T, rules, value string) {
		_ = validate(field{"name", value, rules}, field{"other", json.Number("1"), "nullable"})
	})
}

func TestPHPVersionCompare(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
		want int
	}{
		{"2.4.1", "v2.5.0", 1},
		{"2.4.0-dev", "v2.3.10", 1},
		{"2.4.1", "2.4.1", 0},
		{"2.4.1", "2.5.0", -1},
		{"2.4.0-dev", "2.4.0", -1},
		{"2.4.0", "2.4.0-RC1", 1},
		{"2.4", "2.4.0", -1},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, phpVersionCompare(tt.a, tt.b), "%s vs %s", tt.a, tt.b)
	}
}
