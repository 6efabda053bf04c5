// Package markdown renders the Markdown that members write (meeting minutes)
// to safe HTML: goldmark parses CommonMark without raw HTML, and bluemonday
// then keeps only a short list of harmless elements, so no script, style or
// event handler can reach a page.
package markdown

import (
	"bytes"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// Renderer turns Markdown into sanitized HTML. It is safe for concurrent use.
type Renderer struct {
	md     goldmark.Markdown
	policy *bluemonday.Policy
}

// New returns a Renderer with tables and strikethrough, headings shifted
// by the sanitizer to keep the page's single h1.
func New() *Renderer {
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "br", "strong", "em", "del", "ul", "ol", "li", "blockquote", "code", "pre",
		"h2", "h3", "h4", "table", "thead", "tbody", "tr", "th", "td", "hr")
	p.AllowAttrs("href").OnElements("a")
	p.AllowURLSchemes("http", "https", "mailto")
	p.RequireNoFollowOnLinks(true)
	p.RequireParseableURLs(true)
	return &Renderer{
		md:     goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough)),
		policy: p,
	}
}

// HTML renders src. A level-1 heading in the source becomes a level-2
// heading, as the page already has its h1.
func (r *Renderer) HTML(src string) (string, error) {
	var buf bytes.Buffer
	if err := r.md.Convert([]byte(src), &buf); err != nil {
		return "", err
	}
	out := bytes.ReplaceAll(buf.Bytes(), []byte("<h1>"), []byte("<h2>"))
	out = bytes.ReplaceAll(out, []byte("</h1>"), []byte("</h2>"))
	return r.policy.Sanitize(string(out)), nil
}
