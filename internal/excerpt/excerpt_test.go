package excerpt

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
)

const limit = 512

func TestExcerpt(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want string
	}{
		{name: "short", in: "hello", want: "hello"},
		{name: "cut at the limit", in: strings.Repeat("a", limit+10), want: strings.Repeat("a", limit)},
		{name: "cut before a split rune", in: "a" + strings.Repeat("€", limit), want: "a" + strings.Repeat("€", (limit-1)/3)},
		{name: "invalid bytes replaced", in: "ok\xff\xfe", want: "ok\uFFFD"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, Of([]byte(tt.in), limit, ""))
		})
	}
}

func FuzzExcerpt(f *testing.F) {
	f.Add([]byte("maintenance until 03:00"))
	f.Add([]byte(strings.Repeat("€", 300)))
	f.Add([]byte("\xff\xfe<html>"))
	f.Fuzz(func(t *testing.T, body []byte) {
		got := Of(body, limit, "")
		assert.LessOrEqual(t, len(got), limit)
		assert.True(t, utf8.ValidString(got))
		if utf8.Valid(body) && len(body) <= limit {
			assert.Equal(t, string(body), got)
		}
	})
}
