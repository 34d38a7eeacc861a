package cachettest

import (
	"strings"
	"unicode"
)

// slugify imitates Laravel 5.7's Str::slug (without transliteration):
// "_" and runs of spaces/hyphens become "-", "@" becomes "-at-", other
// punctuation is removed, letters are lower-cased.
func slugify(s string) string {
	s = strings.ReplaceAll(s, "_", "-")
	s = strings.ReplaceAll(s, "@", "-at-")
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsNumber(r):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		case r == '-' || unicode.IsSpace(r):
			dash = true
		}
	}
	return b.String()
}

// ensureTag finds the tag named name (case-insensitively, like MySQL) or
// creates it, and returns the stored name.
func (s *store) ensureTag(name string) string {
	for _, t := range s.tags {
		if strings.EqualFold(t.name, name) {
			return t.name
		}
	}
	s.tags = append(s.tags, tag{name: name, slug: slugify(name)})
	return name
}

// tagSlug returns the slug of the stored tag name.
func (s *store) tagSlug(name string) string {
	for _, t := range s.tags {
		if t.name == name {
			return t.slug
		}
	}
	return slugify(name)
}

// splitTags splits Cachet's comma-separated tag input ("Foo, Bar").
func splitTags(s string) []string {
	var out []string
	for part := range strings.SplitSeq(s, ",") {
		if part = phpTrim(part); part != "" && part != "0" {
			out = append(out, part)
		}
	}
	return out
}
