package charter

import "strings"

// Blocks cuts a Markdown source into its blocks, the parts between blank
// lines, keeping a fenced code block whole. A heading line (« ## Titre »)
// is a block of its own even without a blank line around it: otherwise
// the paragraph written right under it would count as part of the heading,
// unnumbered and not open to comments. Each block is rendered on its own
// when the version is saved, so that the version's page numbers its
// paragraphs and members comment on one of them.
func Blocks(src string) []string {
	src = strings.ReplaceAll(src, "\r\n", "\n")
	var out []string
	var cur []string
	fence := ""
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.Join(cur, "\n"))
			cur = nil
		}
	}
	for _, line := range strings.Split(src, "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case fence != "":
			cur = append(cur, line)
			if strings.HasPrefix(trimmed, fence) {
				fence = ""
			}
		case strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~"):
			fence = trimmed[:3]
			cur = append(cur, line)
		case trimmed == "":
			flush()
		case atxHeading(line):
			flush()
			cur = append(cur, line)
			flush()
		default:
			cur = append(cur, line)
		}
	}
	flush()
	return out
}

// atxHeading reports whether line is a heading line written at the start
// of the line: one to six « # », then a space or nothing.
func atxHeading(line string) bool {
	n := len(line) - len(strings.TrimLeft(line, "#"))
	return n >= 1 && n <= 6 && (len(line) == n || line[n] == ' ' || line[n] == '\t')
}

// Paragraph is one block of a version's text as its page shows it:
// headings are not numbered (Number 0), every other block is, from 1.
type Paragraph struct {
	Number int
	HTML   string
}

// Number numbers the rendered blocks of a text.
func Number(blocksHTML []string) []Paragraph {
	out := make([]Paragraph, 0, len(blocksHTML))
	n := 0
	for _, h := range blocksHTML {
		p := Paragraph{HTML: h}
		if !IsHeading(h) {
			n++
			p.Number = n
		}
		out = append(out, p)
	}
	return out
}

// Count returns how many numbered paragraphs the rendered blocks hold.
func Count(blocksHTML []string) int {
	n := 0
	for _, h := range blocksHTML {
		if !IsHeading(h) {
			n++
		}
	}
	return n
}

// IsHeading reports whether a rendered block is a heading.
func IsHeading(blockHTML string) bool {
	h := strings.TrimSpace(blockHTML)
	return len(h) > 3 && h[0] == '<' && h[1] == 'h' && h[2] >= '1' && h[2] <= '6'
}
