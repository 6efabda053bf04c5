package demo

import (
	"strings"
	"testing"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/markdown"
)

// TestNationalPracticesReadLikeTheForm: the national dataset writes each
// practice's HTML itself (rendering 200,000 × 5 texts would take most of
// the load's time); it must be exactly what markdown.Render makes of the
// Markdown, and the practices must be ones the form accepts.
func TestNationalPracticesReadLikeTheForm(t *testing.T) {
	titles := map[string]bool{}
	for id := int64(1); id <= 700; id++ {
		p := &natPractice{id: id, theme: int(id) % len(practiceThemes), startYear: 2015 + int(id)%10}
		d := p.draw()
		for name, text := range map[string]*practiceText{"context": &d.context, "actions": &d.actions, "means": &d.means,
			"results": &d.results, "transfer": &d.transfer} {
			want, err := markdown.Render(text.src.String())
			if err != nil {
				t.Fatalf("practice %d, %s: %v", id, name, err)
			}
			if got := text.html.String(); got != want.HTML() {
				t.Fatalf("practice %d, %s:\n%s\nwritten as\n%s\nrendered as\n%s", id, name, text.src.String(), got, want.HTML())
			}
		}
		pr := clts.Practice{Title: d.title, Summary: d.summary, Context: d.context.src.String(), Actions: d.actions.src.String(),
			Means: d.means.src.String(), Results: d.results.src.String(), Transfer: d.transfer.src.String(), OtherActors: d.otherActors}
		if err := pr.ValidateForSubmission(); err != nil {
			t.Fatalf("practice %d refused: %+v\n%+v", id, err, pr)
		}
		for _, bad := range []string{" de les ", " à les ", "%s", "%d", "%%"} {
			if strings.Contains(d.title+d.summary+d.context.src.String()+d.results.src.String(), bad) {
				t.Errorf("practice %d: %q in %q / %q / %q", id, bad, d.title, d.summary, d.results.src.String())
			}
		}
		titles[d.title] = true
	}
	if len(titles) < 500 {
		t.Errorf("%d titles for 700 practices: the catalogue repeats itself", len(titles))
	}
}
