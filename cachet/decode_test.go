package cachet

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFlexInt(t *testing.T) {
	t.Parallel()
	ok := map[string]int{`3`: 3, `"3"`: 3, `" 42 "`: 42, `-7`: -7, `null`: 0, `""`: 0, `4.0`: 4, `"1e2"`: 100, `true`: 1, `false`: 0}
	for in, want := range ok {
		var n flexInt
		require.NoError(t, json.Unmarshal([]byte(in), &n), in)
		assert.Equal(t, want, int(n), in)
	}
	for _, in := range []string{`3.5`, `"abc"`, `{}`, `[]`, `"3.2"`, `1e400`, `"`} {
		var n flexInt
		assert.Error(t, n.UnmarshalJSON([]byte(in)), in)
	}
}

func TestFlexFloat(t *testing.T) {
	t.Parallel()
	ok := map[string]float64{`20`: 20, `"20"`: 20, `1.5`: 1.5, `"0.125"`: 0.125, `null`: 0, `""`: 0, `-3e2`: -300}
	for in, want := range ok {
		var f flexFloat
		require.NoError(t, json.Unmarshal([]byte(in), &f), in)
		assert.InDelta(t, want, float64(f), 1e-12, in)
	}
	for _, in := range []string{`"NaN"`, `"Inf"`, `"x"`, `{}`, `[1]`} {
		var f flexFloat
		assert.Error(t, f.UnmarshalJSON([]byte(in)), in)
	}
}

func TestFlexBool(t *testing.T) {
	t.Parallel()
	ok := map[string]bool{`true`: true, `false`: false, `1`: true, `0`: false, `"1"`: true, `"0"`: false,
		`"true"`: true, `null`: false, `""`: false}
	for in, want := range ok {
		var b flexBool
		require.NoError(t, json.Unmarshal([]byte(in), &b), in)
		assert.Equal(t, want, bool(b), in)
	}
	for _, in := range []string{`2`, `"yes"`, `{}`} {
		var b flexBool
		assert.Error(t, b.UnmarshalJSON([]byte(in)), in)
	}
}

func TestMeta(t *testing.T) {
	t.Parallel()
	tests := map[string]Meta{
		`null`:              nil,
		`[]`:                nil,
		`{}`:                nil,
		`{"a":"b","n":1}`:   {"a": json.RawMessage(`"b"`), "n": json.RawMessage(`1`)},
		`["x",{"y":true}]`:  {"0": json.RawMessage(`"x"`), "1": json.RawMessage(`{"y":true}`)},
		` { "k" : [ 1 ] } `: {"k": json.RawMessage(`[ 1 ]`)},
	}
	for in, want := range tests {
		var m Meta
		require.NoError(t, json.Unmarshal([]byte(in), &m), in)
		assert.Equal(t, want, m, in)
	}
	for _, in := range []string{`"x"`, `1`, `true`, `nul`} {
		var m Meta
		assert.Error(t, m.UnmarshalJSON([]byte(in)), in)
	}
	_, ok := Meta{"n": json.RawMessage(`1`)}.String("n")
	assert.False(t, ok)
}

func TestTags(t *testing.T) {
	t.Parallel()
	tests := map[string][]Tag{
		`[]`:                                  nil,
		`null`:                                nil,
		`{}`:                                  nil,
		`{"prod":"Prod","eu-west":"EU West"}`: {{Slug: "eu-west", Name: "EU West"}, {Slug: "prod", Name: "Prod"}},
		`["a"]`:                               {{Slug: "a", Name: "a"}},
	}
	for in, want := range tests {
		var tl tagList
		require.NoError(t, json.Unmarshal([]byte(in), &tl), in)
		assert.Equal(t, want, []Tag(tl), in)
	}
	for _, in := range []string{`"prod"`, `1`, `{"a":1}`} {
		var tl tagList
		assert.Error(t, tl.UnmarshalJSON([]byte(in)), in)
	}
}
