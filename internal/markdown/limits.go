package markdown

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// The bounds a text must keep to be rendered. goldmark takes time that
// grows with the square of some inputs (a line opening thousands of nested
// block quotes, a paragraph of thousands of unclosed links or emphasis
// signs) and a table's rows are padded to its header's width, so a short
// text can ask for seconds of work or megabytes of HTML. check measures
// what drives that work in one linear pass and refuses the text before
// goldmark sees it. Within these bounds the worst text takes tens of
// milliseconds, once, when it is saved.
const (
	// MaxChars is the longest text, in characters.
	MaxChars = 100_000
	// MaxDepth is the deepest nesting of block quotes and lists on one
	// line: its markers ("> - 1. "), plus one level per four columns of
	// indentation before them.
	MaxDepth = 10
	// MaxTableCells is the number of cells every table of the text may
	// hold together, counted as the widest delimiter row of a passage
	// times its lines, since goldmark pads every row to the header's
	// width.
	MaxTableCells = 5_000
	// MaxInlineWork bounds the inline parsing: for each passage between
	// two blank lines, the number of its link and emphasis signs ([ ] * _
	// ~) times its length in bytes, summed over the text. A paragraph of
	// 10,000 bytes may hold 2,500 such signs, one of 100,000 bytes 250.
	MaxInlineWork = 25_000_000
	// MaxHTMLBytes is the largest HTML a text may produce; within the
	// bounds above it is not reached, and it stays as a last guard.
	MaxHTMLBytes = 4 << 20
)

// RefusedError says why a text was refused, in French, for the person who
// wrote it; callers show Message next to the field and keep the text.
type RefusedError struct {
	Message string
}

func (e *RefusedError) Error() string { return "markdown: text refused: " + e.Message }

func refuse(format string, args ...any) error {
	return &RefusedError{Message: fmt.Sprintf(format, args...)}
}

// check refuses src when it is not valid UTF-8 or exceeds a bound, in
// time linear in its length. A passage ends at a blank line and before a
// line that surely starts a new block (startsBlock): a paragraph of
// goldmark never spans either, so the counts are never lower than
// goldmark's own.
func check(src string) error {
	if !utf8.ValidString(src) || strings.ContainsRune(src, 0) {
		return refuse("Le texte contient des caractères invalides : copiez-le de nouveau depuis un traitement de texte, ou retapez les passages concernés.")
	}
	if n := utf8.RuneCountInString(src); n > MaxChars {
		return refuse("Le texte ne doit pas dépasser %s caractères (il en compte %s) : raccourcissez-le.", thousands(MaxChars), thousands(n))
	}
	var (
		work, cells                int
		start, size, signs, lines  int // the current passage
		cols                       int // its widest table delimiter row
		workStart, cellsStart, row int
	)
	endPassage := func() {
		work += signs * size
		if cols >= 2 {
			cells += cols * lines
		}
		if work > MaxInlineWork && workStart == 0 {
			workStart = start
		}
		if cells > MaxTableCells && cellsStart == 0 {
			cellsStart = start
		}
		size, signs, lines, cols = 0, 0, 0, 0
	}
	for rest := src; rest != ""; {
		row++
		line := rest
		if i := strings.IndexByte(rest, '\n'); i >= 0 {
			line, rest = rest[:i], rest[i+1:]
		} else {
			rest = ""
		}
		if strings.TrimSpace(line) == "" {
			endPassage()
			continue
		}
		depth, inner := containers(line)
		if depth > MaxDepth {
			return refuse("La ligne %d imbrique %s niveaux de citations ou de listes : %d au plus. Retirez des signes « > », « - » ou « 1. » en début de ligne.", row, thousands(depth), MaxDepth)
		}
		if lines > 0 && startsBlock(line) {
			endPassage()
		}
		if lines == 0 {
			start = row
		}
		lines++
		size += len(line) + 1
		signs += countSigns(line)
		cols = max(cols, delimiterColumns(line), delimiterColumns(inner))
	}
	endPassage()
	if workStart > 0 {
		return refuse("Le passage qui commence ligne %d contient trop de liens ou de signes de mise en forme ([ ] * _ ~) pour sa longueur. Séparez les paragraphes par une ligne vide, ou retirez des signes.", workStart)
	}
	if cellsStart > 0 {
		return refuse("Les tableaux du texte comptent trop de cellules (%s au plus), à partir de la ligne %d. Réduisez le nombre de colonnes ou de lignes.", thousands(MaxTableCells), cellsStart)
	}
	return nil
}

// containers returns the nesting depth that line opens (its block quote
// and list markers, and a level per four columns of indentation before
// the first) and what follows them.
func containers(line string) (int, string) {
	depth, i, indent, first := 0, 0, 0, true
	for {
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			if first {
				indent += 1 + 3*boolInt(line[i] == '\t')
			}
			i++
		}
		n := marker(line[i:])
		if n == 0 {
			break
		}
		if first {
			depth += indent / 4
			first = false
		}
		depth++
		i += n
	}
	return depth, line[i:]
}

// startsBlock reports whether line, after block quote markers, begins
// with a bullet list item that has content or an ATX heading, without
// indentation. Such a line interrupts a paragraph wherever it stands
// (CommonMark: only an ordered item not numbered 1, an empty item or an
// indented line may continue one), so it always starts a new block and
// the inline parsing of the lines before it never reaches it: a tight
// list of links is counted item by item.
func startsBlock(line string) bool {
	i := 0
	for i < len(line) && line[i] == '>' {
		i++
		if i < len(line) && line[i] == ' ' {
			i++
		}
	}
	s := line[i:]
	if len(s) < 2 {
		return false
	}
	if s[0] == '-' || s[0] == '+' || s[0] == '*' {
		return (s[1] == ' ' || s[1] == '\t') && strings.TrimSpace(s[2:]) != ""
	}
	n := 0
	for n < len(s) && n < 6 && s[n] == '#' {
		n++
	}
	return n > 0 && (n == len(s) || s[n] == ' ' || s[n] == '\t')
}

// marker returns the length of the block quote or list marker that s
// begins with, 0 if none.
func marker(s string) int {
	if s == "" {
		return 0
	}
	spaced := func(n int) int {
		if n == len(s) || s[n] == ' ' || s[n] == '\t' {
			return n
		}
		return 0
	}
	switch c := s[0]; {
	case c == '>':
		return 1
	case c == '-' || c == '+' || c == '*':
		return spaced(1)
	case c >= '0' && c <= '9':
		n := 1
		for n < len(s) && n < 10 && s[n] >= '0' && s[n] <= '9' {
			n++
		}
		if n < len(s) && (s[n] == '.' || s[n] == ')') {
			return spaced(n + 1)
		}
	}
	return 0
}

// countSigns counts the characters that open or close links and emphasis.
func countSigns(line string) int {
	n := 0
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '[', ']', '*', '_', '~':
			n++
		}
	}
	return n
}

// delimiterColumns returns the number of columns of s read as a table's
// delimiter row ("| --- | :-: |"), as goldmark's table extension reads it,
// or 0 when s cannot be one.
func delimiterColumns(s string) int {
	s = strings.TrimSpace(s)
	if s == "" || strings.Trim(s, "-") == "" || strings.Trim(s, " \t|:-") != "" {
		return 0
	}
	cols := strings.Split(s, "|")
	if strings.TrimSpace(cols[0]) == "" {
		cols = cols[1:]
	}
	if len(cols) > 0 && strings.TrimSpace(cols[len(cols)-1]) == "" {
		cols = cols[:len(cols)-1]
	}
	return len(cols)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// thousands writes n with a space between groups of three digits, as
// French does (100 000).
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "\u00a0" + s[i:]
	}
	return s
}
