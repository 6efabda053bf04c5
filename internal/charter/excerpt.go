package charter

import (
	"html"
	"strings"
	"unicode/utf8"
)

// MaxExcerpt is the length, in characters, of the excerpt of a paragraph
// kept with a comment on it.
const MaxExcerpt = 300

// inlineTags are the tags inside a line of text: dropping them leaves no
// space (the others separate words).
var inlineTags = map[string]bool{"a": true, "em": true, "strong": true, "code": true, "span": true, "del": true,
	"s": true, "sup": true, "sub": true, "b": true, "i": true, "abbr": true, "mark": true}

// Excerpt returns the plain text of a rendered block, its tags dropped,
// its entities decoded and its white space collapsed (non-breaking spaces
// kept), cut to MaxExcerpt characters (the last one an ellipsis when
// cut). The block is the sanitised HTML of markdown.Render: a tag never
// holds a bare ">" inside an attribute's quotes, so skipping from "<" to
// ">" drops exactly the tags.
func Excerpt(blockHTML string) string {
	var b, tag strings.Builder
	inTag := false
	for _, r := range blockHTML {
		switch {
		case r == '<':
			inTag = true
			tag.Reset()
		case r == '>' && inTag:
			inTag = false
			name := strings.ToLower(strings.TrimPrefix(strings.Fields(tag.String() + " x")[0], "/"))
			if !inlineTags[name] {
				b.WriteByte(' ')
			}
		case inTag:
			tag.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	words := strings.FieldsFunc(html.UnescapeString(b.String()), func(r rune) bool {
		return r == ' ' || r == '\n' || r == '\t' || r == '\r'
	})
	text := strings.Join(words, " ")
	if utf8.RuneCountInString(text) <= MaxExcerpt {
		return text
	}
	runes := []rune(text)
	return strings.TrimRight(string(runes[:MaxExcerpt-1]), " ") + "…"
}
