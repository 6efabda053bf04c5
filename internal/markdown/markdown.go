// Package markdown renders the Markdown that members write to safe HTML,
// once, when the text is saved. Render is the one entry point, for every
// Markdown field of the portal (meeting minutes today; practices,
// contributions and the charter will use it the same way):
//
//  1. check refuses, in one linear pass, a text beyond the bounds of
//     limits.go (length, nesting, inline signs per paragraph, table
//     cells), with a French message for the field: goldmark's time grows
//     with the square of some inputs, so no text reaches it unbounded;
//  2. goldmark parses CommonMark (tables and strikethrough, no raw HTML,
//     no reference-style links, whose definitions let a short text repeat
//     a long address thousands of times);
//  3. bluemonday keeps only a short list of harmless elements, so no
//     script, style or event handler can reach a page.
//
// The caller stores Text.Source and Text.HTML side by side, and pages show
// the stored HTML: no page view renders Markdown. A field with a lower
// limit than MaxChars checks it before calling Render. Rows saved before
// their HTML was stored are shown with Plain.
package markdown

import (
	"bytes"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
)

// Text is Markdown source with its HTML, rendered and sanitized by Render.
// Only Render makes one, so HTML that a store writes from a Text is always
// the sanitizer's output. The zero Text is the empty text.
type Text struct {
	source, html string
}

// Source is the Markdown as written, with line ends as LF.
func (t Text) Source() string { return t.source }

// HTML is the sanitized HTML of Source, safe to insert in a page as is.
func (t Text) HTML() string { return t.html }

// Render checks src against the bounds and renders it. Its error is a
// *RefusedError, whose French message belongs next to the field, when
// the text is refused. Line ends are stored as LF, as browsers send CRLF.
// A level-1 heading in the source becomes a level-2 heading, as pages
// already have their h1.
func Render(src string) (Text, error) {
	src = strings.ReplaceAll(src, "\r\n", "\n")
	if err := check(src); err != nil {
		return Text{}, err
	}
	var buf bytes.Buffer
	if err := converter().Convert([]byte(src), &buf); err != nil {
		return Text{}, err
	}
	out := bytes.ReplaceAll(buf.Bytes(), []byte("<h1>"), []byte("<h2>"))
	out = bytes.ReplaceAll(out, []byte("</h1>"), []byte("</h2>"))
	html := policy().Sanitize(string(out))
	if len(html) > MaxHTMLBytes {
		return Text{}, refuse("Ce texte produirait une page trop lourde : raccourcissez-le, ou réduisez ses tableaux et ses listes.")
	}
	return Text{source: src, html: html}, nil
}

// converter is goldmark with the CommonMark block and inline parsers,
// tables and strikethrough, and without the link reference definitions:
// "[a]: long-address" then "[a]" a thousand times would turn 100 KB of
// text into hundreds of megabytes of HTML. Built for each call: Render
// runs when a text is saved, and the package keeps no state.
func converter() goldmark.Markdown {
	p := parser.NewParser(
		parser.WithBlockParsers(parser.DefaultBlockParsers()...),
		parser.WithInlineParsers(parser.DefaultInlineParsers()...),
	)
	return goldmark.New(goldmark.WithParser(p), goldmark.WithExtensions(extension.Table, extension.Strikethrough))
}

// policy is the sanitizer's list of what HTML may keep.
func policy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "br", "strong", "em", "del", "ul", "ol", "li", "blockquote", "code", "pre",
		"h2", "h3", "h4", "table", "thead", "tbody", "tr", "th", "td", "hr")
	p.AllowAttrs("href").OnElements("a")
	p.AllowURLSchemes("http", "https", "mailto")
	p.RequireNoFollowOnLinks(true)
	p.RequireParseableURLs(true)
	return p
}
