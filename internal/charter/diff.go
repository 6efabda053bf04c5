// Package charter holds what the operating charter computes without the
// database: the difference between two versions' texts, word by word, as
// accessible HTML (Diff), and the blocks a text is cut into for its
// numbered paragraphs (Blocks).
package charter

import (
	"html"
	"strings"
	"time"
	"unicode"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// What screen readers hear around the changes: <ins> and <del> are not
// announced by most of them.
const (
	insStart = "[début d'ajout] "
	insEnd   = " [fin d'ajout]"
	delStart = "[début de suppression] "
	delEnd   = " [fin de suppression]"
)

// diffTimeout bounds the diff's work: beyond it the library returns a
// coarser, still correct, difference.
const diffTimeout = 2 * time.Second

// Diff returns the difference from the Markdown source a to b as HTML:
// the words kept as text, those removed in <del>, those added in <ins>,
// each change framed by visually hidden words that say where it starts
// and ends. Everything is escaped: the sources are shown as written, not
// rendered.
//
// The texts are compared in two passes with sergi/go-diff: line by line
// first (each distinct line encoded as one rune), so that a paragraph
// added or removed shows whole; then, in each place where lines were
// replaced, word by word (each distinct word, run of spaces or sign
// encoded as one rune, then the library's semantic clean-up), so that a
// changed word shows whole instead of as a few letters.
func Diff(a, b string) string {
	var out strings.Builder
	var del, ins strings.Builder
	flush := func() {
		switch {
		case del.Len() > 0 && ins.Len() > 0:
			wordDiff(&out, del.String(), ins.String())
		case del.Len() > 0:
			writeChange(&out, diffmatchpatch.DiffDelete, del.String())
		case ins.Len() > 0:
			writeChange(&out, diffmatchpatch.DiffInsert, ins.String())
		}
		del.Reset()
		ins.Reset()
	}
	for _, d := range runeDiff(lines(a), lines(b), false) {
		switch d.op {
		case diffmatchpatch.DiffEqual:
			flush()
			out.WriteString(html.EscapeString(d.text))
		case diffmatchpatch.DiffDelete:
			del.WriteString(d.text)
		case diffmatchpatch.DiffInsert:
			ins.WriteString(d.text)
		}
	}
	flush()
	return out.String()
}

// wordDiff writes the word-by-word difference from a to b.
func wordDiff(out *strings.Builder, a, b string) {
	for _, d := range runeDiff(words(a), words(b), true) {
		if d.op == diffmatchpatch.DiffEqual {
			out.WriteString(html.EscapeString(d.text))
		} else {
			writeChange(out, d.op, d.text)
		}
	}
}

// writeChange writes an addition or a removal, escaped and framed.
func writeChange(out *strings.Builder, op diffmatchpatch.Operation, text string) {
	tag, start, end := "ins", insStart, insEnd
	if op == diffmatchpatch.DiffDelete {
		tag, start, end = "del", delStart, delEnd
	}
	out.WriteString("<" + tag + `><span class="visually-hidden">` + start + `</span>` + html.EscapeString(text) +
		`<span class="visually-hidden">` + end + `</span></` + tag + ">")
}

// change is one part of a difference, decoded.
type change struct {
	op   diffmatchpatch.Operation
	text string
}

// runeDiff compares two lists of tokens, each distinct token encoded as
// one rune, and returns the parts of the difference with their tokens
// joined; semantic applies the library's semantic clean-up.
func runeDiff(ta, tb []string, semantic bool) []change {
	tokens, index := []string{}, map[string]rune{}
	encode := func(ts []string) []rune {
		out := make([]rune, 0, len(ts))
		for _, t := range ts {
			r, found := index[t]
			if !found {
				r = tokenRune(len(tokens))
				index[t] = r
				tokens = append(tokens, t)
			}
			out = append(out, r)
		}
		return out
	}
	ra, rb := encode(ta), encode(tb)
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = diffTimeout
	diffs := dmp.DiffMainRunes(ra, rb, false)
	if semantic {
		diffs = dmp.DiffCleanupSemantic(diffs)
	}
	out := make([]change, 0, len(diffs))
	for _, d := range diffs {
		var text strings.Builder
		for _, r := range d.Text {
			text.WriteString(tokens[runeToken(r)])
		}
		out = append(out, change{op: d.Type, text: text.String()})
	}
	return out
}

// lines cuts s into its lines, each with its line end, so that joining
// them gives s back.
func lines(s string) []string {
	var out []string
	for s != "" {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			out = append(out, s)
			break
		}
		out = append(out, s[:i+1])
		s = s[i+1:]
	}
	return out
}

// Changes counts the additions and removals of a difference made by Diff,
// for the page's summary.
func Changes(diffHTML string) (added, removed int) {
	return strings.Count(diffHTML, "<ins>"), strings.Count(diffHTML, "<del>")
}

// tokenRune and runeToken map the i-th distinct word to a rune and back,
// skipping the surrogates, which are no runes of a Go string.
func tokenRune(i int) rune {
	r := rune(i + 1)
	if r >= 0xD800 {
		r += 0x800
	}
	return r
}

func runeToken(r rune) int {
	if r >= 0xE000 {
		r -= 0x800
	}
	return int(r) - 1
}

// words cuts s into words (letters and digits, with their inner
// apostrophes and hyphens), runs of spaces, and single signs, so that
// joining them gives s back.
func words(s string) []string {
	var out []string
	rs := []rune(s)
	for i := 0; i < len(rs); {
		j := i + 1
		switch {
		case wordRune(rs[i]):
			for j < len(rs) && (wordRune(rs[j]) || (joiner(rs[j]) && j+1 < len(rs) && wordRune(rs[j+1]))) {
				j++
			}
		case unicode.IsSpace(rs[i]):
			for j < len(rs) && unicode.IsSpace(rs[j]) && rs[j] != '\n' && rs[i] != '\n' {
				j++
			}
		}
		out = append(out, string(rs[i:j]))
		i = j
	}
	return out
}

func wordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func joiner(r rune) bool { return r == '\'' || r == '’' || r == '-' }
