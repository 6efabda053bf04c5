package markdown

import (
	"html"
	"strings"
)

// Plain shows a text whose HTML was never stored (saved before the
// portal stored it) without rendering its Markdown: the text escaped, a
// paragraph per passage between blank lines, a line break per line. It
// takes time linear in the text's length, so a page may call it on every
// view; the text appears as typed ("## Titre", "**gras**") until it is
// saved again, which stores its rendered HTML.
func Plain(src string) string {
	src = strings.ReplaceAll(src, "\r\n", "\n")
	var b strings.Builder
	for _, para := range strings.Split(src, "\n\n") {
		para = strings.Trim(para, "\n")
		if strings.TrimSpace(para) == "" {
			continue
		}
		b.WriteString("<p>")
		b.WriteString(strings.ReplaceAll(html.EscapeString(para), "\n", "<br>\n"))
		b.WriteString("</p>\n")
	}
	return b.String()
}
