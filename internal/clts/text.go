package clts

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Every text a person types has a limit, one constant per field beside the
// Validate method of its type. The limits are counted in characters, as the
// forms' maxlength attributes count them, and each form states them next to
// its field.

// Length is the length of a field's text in characters, as a browser counts
// it against a field's maxlength: a line break of a text area counts once,
// although the browser sends it as CR LF.
func Length(s string) int {
	return utf8.RuneCountInString(s) - strings.Count(s, "\r\n")
}

// tooLong reports whether s is longer than max characters.
func tooLong(s string, max int) bool {
	return Length(s) > max
}

// Count writes a number the French way, with a non-breaking space between
// groups of three digits: 2 000, 100 000.
func Count(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + Count(-n)
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteRune('\u00a0')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// maxMessage is the message of a field above its limit: what ("Le lieu")
// "ne doit pas dépasser" max characters.
func maxMessage(what string, max int) string {
	return what + " ne doit pas dépasser " + Count(max) + " caractères."
}
