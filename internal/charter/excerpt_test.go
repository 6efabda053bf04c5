package charter

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestExcerpt(t *testing.T) {
	cases := []struct{ in, want string }{
		{"<p>Le comité se réunit <strong>deux</strong> fois par an.</p>\n", "Le comité se réunit deux fois par an."},
		{"<ul>\n<li>un</li>\n<li>deux &amp; trois</li>\n</ul>\n", "un deux & trois"},
		{"<p>l'<em>accès</em> au <a href=\"https://exemple.fr\">site</a>\u00a0!</p>", "l'accès au site\u00a0!"},
		{"<p>ligne<br>\nsuivante</p>", "ligne suivante"},
		{"", ""},
	}
	for _, c := range cases {
		if got := Excerpt(c.in); got != c.want {
			t.Errorf("Excerpt(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	long := Excerpt("<p>" + strings.Repeat("é", 400) + "</p>")
	if utf8.RuneCountInString(long) != MaxExcerpt || !strings.HasSuffix(long, "…") {
		t.Errorf("a long paragraph is cut to %d characters ending with …, got %d: %q", MaxExcerpt, utf8.RuneCountInString(long), long)
	}
}
