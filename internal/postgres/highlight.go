package postgres

import (
	"html"
	"strings"
)

// Sentinels around the matches in ts_headline's output, for the excerpts
// of long texts (NationalContributions): control characters, removed from
// the text beforehand, so that the excerpt is HTML-escaped as a whole and
// only the sentinels become <mark> tags. A text marked whole (a practice's
// summary, a document's description) is marked by highlight instead.
const (
	markStart = "\x01"
	markStop  = "\x02"
)

// marks turns the sentinels into <mark> tags; built once, it is safe for
// concurrent use.
var marks = strings.NewReplacer(markStart, "<mark>", markStop, "</mark>")

// headlineHTML turns ts_headline's output (sentinels around the matches)
// into safe HTML: the text escaped, the matches in <mark>.
func headlineHTML(s string) string {
	return marks.Replace(html.EscapeString(s))
}

// Separators of a text's word list (clts_words, migration 00035): each
// word is its token, then its lexemes, separated by unitSep and ended by
// recordSep.
const (
	unitSep   = "\x1f"
	recordSep = "\x1e"
)

// highlight returns text as safe HTML: escaped, without the control
// characters that clts_words does not read (unread), and with each word of words (its
// list, as clts_words gives it) that has a lexeme of query (a tsquery's
// text, as PostgreSQL writes it) in <mark>: what ts_headline's HighlightAll
// marks, without parsing and stemming the text again. With an empty query
// nothing is marked.
func highlight(text, words, query string) string {
	text = unread.Replace(text) // as clts_words read it
	lexemes := queryLexemes(query)
	var b strings.Builder
	b.Grow(len(text) + 32)
	written, scan := 0, 0 // in text: what is written, where the next token is looked for
	for rest := words; len(lexemes) > 0 && rest != ""; {
		var word string
		word, rest, _ = strings.Cut(rest, recordSep)
		token, lexs, _ := strings.Cut(word, unitSep)
		i := strings.Index(text[scan:], token)
		if token == "" || i < 0 {
			break // not the list of this text: the rest unmarked
		}
		start := scan + i
		scan = start + len(token)
		if matches(lexs, lexemes) {
			writeText(&b, text[written:start])
			b.WriteString("<mark>")
			writeText(&b, token)
			b.WriteString("</mark>")
			written = scan
		}
	}
	writeText(&b, text[written:])
	return b.String()
}

// matches says whether one of a word's lexemes (separated by unitSep) is
// one of the query's.
func matches(lexs string, lexemes []string) bool {
	for lexs != "" {
		var l string
		l, lexs, _ = strings.Cut(lexs, unitSep)
		for _, q := range lexemes {
			if l == q {
				return true
			}
		}
	}
	return false
}

// unread removes what clts_words does not read: the sentinels markStart
// and markStop, which a text never shows, and the list's separators.
var unread = strings.NewReplacer(markStart, "", markStop, "", unitSep, "", recordSep, "")

// writeText writes s escaped.
func writeText(b *strings.Builder, s string) {
	b.WriteString(html.EscapeString(s))
}

// queryLexemes returns the lexemes of a tsquery's text ('acce' & !'droit'
// <-> 'x':*): each quoted operand, its doubled quotes and backslashes
// undone, negated ones included, as ts_headline marks them.
func queryLexemes(q string) []string {
	var out []string
	for {
		i := strings.IndexByte(q, '\'')
		if i < 0 {
			return out
		}
		q = q[i+1:]
		var l strings.Builder
		for len(q) > 0 {
			c := q[0]
			if (c == '\'' || c == '\\') && len(q) > 1 && q[1] == c {
				l.WriteByte(c)
				q = q[2:]
				continue
			}
			q = q[1:]
			if c == '\'' {
				break
			}
			l.WriteByte(c)
		}
		out = append(out, l.String())
	}
}
