package ical

import (
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// escapeText escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon,
// comma and newline. A TEXT value holds no other control character but the
// tab, and a feed is UTF-8: carriage returns and other control characters
// are dropped, bytes that are not UTF-8 become U+FFFD.
func escapeText(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && r != '\t' && r != '\n' {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
	return textEscaper.Replace(s)
}

// textEscaper escapes TEXT values (RFC 5545, 3.3.11). A Replacer is safe
// for concurrent use and never changes once built: building it once, not on
// every value, took a quarter of a feed's CPU.
var textEscaper = strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\n", `\n`)

// maxLine is the longest content line, in octets, before folding.
const maxLine = 75

// lineWriter writes content lines ending in CRLF, folded at 75 octets
// without cutting a UTF-8 sequence; continuation lines start with a space.
type lineWriter struct {
	w   io.Writer
	err error
}

func (lw *lineWriter) line(s string) {
	if lw.err != nil {
		return
	}
	limit := maxLine
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		lw.write(s[:cut] + "\r\n ")
		s = s[cut:]
		limit = maxLine - 1 // the leading space counts
	}
	lw.write(s + "\r\n")
}

func (lw *lineWriter) write(s string) {
	if lw.err == nil {
		_, lw.err = io.WriteString(lw.w, s)
	}
}
