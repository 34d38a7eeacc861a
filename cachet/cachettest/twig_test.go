package cachettest

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRenderTwig(t *testing.T) {
	t.Parallel()
	vars := map[string]any{
		"name":     "<Foo & 'Bar'>",
		"n":        json.Number("3"),
		"on":       true,
		"off":      false,
		"list":     []any{"a"},
		"obj":      map[string]any{"k": "v"},
		"incident": map[string]any{"name": "DB", "component": twigObject{}, "none": nil},
	}
	tests := []struct {
		src  string
		want string
	}{
		{"plain", "plain "},
		{"{{ name }}", "&lt;Foo &amp; &#039;Bar&#039;&gt; "},
		{"{{ name|escape }}", "&lt;Foo &amp; &#039;Bar&#039;&gt; "},
		{"{{ name|escape('html') }}", "&lt;Foo &amp; &#039;Bar&#039;&gt; "},
		{"{{ incident.name }}/{{ obj.k }}/{{ missing }}/{{ missing.deep }}", "DB/v// "},
		{"{{ n }}{{ on }}{{ off }}", "31 "},
		{"{% if on %}yes{% endif %}", "yes "},
		{"{% if off %}yes{% else %}no{% endif %}", "no "},
		{"{% if off %}a{% elseif n == 3 %}b{% else %}c{% endif %}", "b "},
		{"{% if not off and (n > 2 or missing) %}x{% endif %}", "x "},
		{"{% if incident.name == 'DB' %}db{% endif %}", "db "},
		{"{% if on %}\nline\n{% endif %}\nend", "line\nend "},
		{"a {{- name -}} b", "a&lt;Foo &amp; &#039;Bar&#039;&gt;b "},
		{"{# comment #}x", "x "},
		{"{{ list.0 }}", "a "},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			t.Parallel()
			got, err := renderTwig(tt.src, vars)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
	for _, bad := range []string{
		"{% for x in list %}{{ x }}{% endfor %}",
		"{% set x = 1 %}",
		"{{ name|upper }}",
		"{{ name|e }}",
		"{{ name|raw }}",
		"{{ range(1, 3) }}",
		"{{ incident.component.name }}",
		"{{ obj }}",
		"{{ list }}",
		"{{ name.method() }}",
		"{% if on %}unclosed",
		"{{ unclosed",
		"{% endif %}",
		"{{ }}",
		"{{ 'unterminated }}",
	} {
		t.Run("error "+bad, func(t *testing.T) {
			t.Parallel()
			_, err := renderTwig(bad, vars)
			assert.ErrorIs(t, err, errTwig)
		})
	}
}

func FuzzRenderTwig(f *testing.F) {
	for _, seed := range []string{
		"Name: {{ incident.name }},\nMessage: {{ message }}",
		"{% if a %}x{% elseif b %}y{% else %}z{% endif %}",
		"{{ a|escape('html') }}", "{{- a -}}", "{# c #}", "{% for %}", "{{", "{%", "}}", "{{ (a or b) and not c }}",
	} {
		f.Add(seed)
	}
	vars := map[string]any{"a": "x", "b": json.Number("1"), "message": "<m>", "incident": map[string]any{"name": "n"}}
	f.Fuzz(func(t *testing.T, src string) {
		out, err := renderTwig(src, vars)
		if err == nil && (len(out) == 0 || out[len(out)-1] != ' ') {
			t.Fatalf("rendered output %q lacks the trailing space", out)
		}
	})
}
