package markdown

import (
	"errors"
	"flag"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
)

// allowed are the elements the sanitizer may leave, with a and the
// document elements goquery's parser adds.
var allowed = map[string]bool{
	"html": true, "head": true, "body": true, "a": true,
	"p": true, "br": true, "strong": true, "em": true, "del": true, "ul": true, "ol": true, "li": true,
	"blockquote": true, "code": true, "pre": true, "h2": true, "h3": true, "h4": true,
	"table": true, "thead": true, "tbody": true, "tr": true, "th": true, "td": true, "hr": true,
}

// FuzzHTML feeds Render and Plain hostile text. Render either refuses
// the text with a French message, or returns HTML holding only allowed
// elements, links to http, https or mailto addresses, and no more bytes
// than the bounds allow; Plain's output holds no markup of the text.
// The seeds run as a fast test in every `go test`; `go test -fuzz
// FuzzHTML ./internal/markdown/` explores further, also failing on an
// input that takes more than a second (the bounds keep the worst under a
// tenth of that), and keeps an input that fails under
// testdata/fuzz/FuzzHTML.
func FuzzHTML(f *testing.F) {
	fuzzing := flag.Lookup("test.fuzz").Value.String() != ""
	for _, seed := range []string{
		"",
		"# Relevé\n\n**Décision** : *oui*\n\n- un\n- deux",
		"<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>",
		"[clic](javascript:alert(1)) [x](JaVaScRiPt:alert(1)) [y](data:text/html,<script>)",
		"[a](https://example.org \"titre\" onclick=alert(1))",
		"<a href=\"javascript:alert(1)\">x</a> <svg onload=alert(1)>",
		"| a | b |\n|---|:-:|\n| 1 |\n|\n",
		"> > > > > - - - - 1. [a](",
		"[a]: https://example.org\n\n[a][a][a]",
		"`code <b>` ``` \n```js\nalert(1)\n```",
		"&lt;script&gt; &#x3C;script&#x3E; \\<script>",
		"~~barré~~ ***fort*** _a*b_c*",
		strings.Repeat(">", 200),
		strings.Repeat("[a](", 200),
		strings.Repeat("a_*a", 200),
		"- a\n" + strings.Repeat(" ", 44) + "- b",
		"\r\n\r\n\x00\xff",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if p := Plain(src); strings.ContainsAny(strings.NewReplacer("<p>", "", "</p>", "", "<br>", "").Replace(p), "<>\"'") {
			t.Fatalf("Plain lets markup through: %q", p)
		}
		start := time.Now()
		text, err := Render(src)
		if d := time.Since(start); fuzzing && d > time.Second {
			t.Fatalf("%v to render %d bytes", d, len(src))
		}
		var refused *RefusedError
		if errors.As(err, &refused) {
			if refused.Message == "" {
				t.Fatal("a refusal without a message")
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		out := text.HTML()
		if len(out) > MaxHTMLBytes {
			t.Fatalf("%d bytes of HTML", len(out))
		}
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(out))
		if err != nil {
			t.Fatal(err)
		}
		doc.Find("*").Each(func(_ int, s *goquery.Selection) {
			name := goquery.NodeName(s)
			if !allowed[name] {
				t.Fatalf("element %s in %q", name, out)
			}
			for _, a := range s.Nodes[0].Attr {
				switch {
				case name == "a" && a.Key == "rel" && a.Val == "nofollow":
				case name == "a" && a.Key == "href":
					u := strings.ToLower(a.Val)
					if !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "mailto:") {
						t.Fatalf("link to %q", a.Val)
					}
				default:
					t.Fatalf("attribute %s=%q on %s", a.Key, a.Val, name)
				}
			}
		})
	})
}
