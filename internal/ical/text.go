package ical

import (
	"bytes"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// cleanText prepares a TEXT value (RFC 5545 §3.3.11) for the encoder, which
// escapes backslash, semicolon, comma and newline: a TEXT value holds no
// other control character but the tab, and a feed is UTF-8, so carriage
// returns and other control characters are dropped, and bytes that are not
// UTF-8 become U+FFFD.
func cleanText(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && r != '\t' && r != '\n' {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
}

// cleanParam prepares a parameter value (a person's name in CN=): no
// control character and no double quote, which a parameter cannot hold
// even quoted.
func cleanParam(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '"':
			return '\''
		case unicode.IsControl(r):
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
	return strings.TrimSpace(s)
}

// cleanURI keeps a URI or an address on its line.
func cleanURI(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.IsSpace(r) {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, ""))
}

// maxLine is the longest content line, in octets, before folding.
const maxLine = 75

// foldingWriter folds the content lines written to it (each ended by CRLF,
// as the encoder writes them) at 75 octets without cutting a UTF-8
// sequence; continuation lines start with a space (RFC 5545 §3.1).
type foldingWriter struct {
	w       io.Writer
	pending []byte // the start of a line not yet ended
	out     []byte
}

func (fw *foldingWriter) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		i := bytes.Index(p, []byte("\r\n"))
		if i < 0 {
			fw.pending = append(fw.pending, p...)
			break
		}
		line := p[:i]
		if len(fw.pending) > 0 {
			line = append(fw.pending, line...)
		}
		if err := fw.line(line); err != nil {
			return 0, err
		}
		fw.pending = fw.pending[:0]
		p = p[i+2:]
	}
	return n, nil
}

func (fw *foldingWriter) line(s []byte) error {
	fw.out = fw.out[:0]
	limit := maxLine
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		fw.out = append(fw.out, s[:cut]...)
		fw.out = append(fw.out, "\r\n "...)
		s = s[cut:]
		limit = maxLine - 1 // the leading space counts
	}
	fw.out = append(fw.out, s...)
	fw.out = append(fw.out, "\r\n"...)
	_, err := fw.w.Write(fw.out)
	return err
}

// Close writes a last line left without its CRLF (the encoder leaves none).
func (fw *foldingWriter) Close() error {
	if len(fw.pending) == 0 {
		return nil
	}
	err := fw.line(fw.pending)
	fw.pending = fw.pending[:0]
	return err
}
