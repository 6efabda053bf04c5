package charter

import (
	"os"
	"strings"
	"testing"
)

func TestDiffFixture(t *testing.T) {
	v1, err := os.ReadFile("testdata/v1.md")
	if err != nil {
		t.Fatal(err)
	}
	v2, err := os.ReadFile("testdata/v2.md")
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("testdata/v1-v2.html")
	if err != nil {
		t.Fatal(err)
	}
	got := Diff(string(v1), string(v2))
	if got != strings.TrimSuffix(string(want), "\n") {
		t.Errorf("Diff(v1, v2) =\n%s\nwant\n%s", got, want)
	}
}

func TestDiffEscapesAndKeepsText(t *testing.T) {
	a := "Un <b>texte</b> & \"citation\"."
	b := "Un <script>alert(1)</script> texte & \"citation\" modifiée."
	got := Diff(a, b)
	if strings.Contains(got, "<script>") || strings.Contains(got, "<b>") {
		t.Fatalf("not escaped: %s", got)
	}
	for _, w := range []string{"script&gt;alert(1)&lt;/script&gt;", "&amp;", "&#34;citation&#34;", "<ins>", "<del>",
		"[début d'ajout]", "[fin d'ajout]", "[début de suppression]", "[fin de suppression]"} {
		if !strings.Contains(got, w) {
			t.Errorf("Diff lacks %q: %s", w, got)
		}
	}
}

func TestDiffSameTextHasNoChange(t *testing.T) {
	s := "## Titre\n\nUn paragraphe, l'autre.\n"
	if got := Diff(s, s); got != "## Titre\n\nUn paragraphe, l&#39;autre.\n" {
		t.Errorf("Diff(s, s) = %q", got)
	}
}

func TestDiffManyWords(t *testing.T) {
	// More distinct words than the surrogates' start: the mapping skips them.
	var a, b strings.Builder
	for i := range 60000 {
		a.WriteString("m" + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + itoa(i) + " ")
		if i != 59000 {
			b.WriteString("m" + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + itoa(i) + " ")
		}
	}
	got := Diff(a.String(), b.String())
	if strings.Count(got, "<del>") != 1 || strings.Contains(got, "<ins>") {
		t.Errorf("one word removed: %d deletions, insertions %v", strings.Count(got, "<del>"), strings.Contains(got, "<ins>"))
	}
}

func itoa(i int) string {
	const digits = "0123456789"
	if i == 0 {
		return "0"
	}
	s := ""
	for ; i > 0; i /= 10 {
		s = string(digits[i%10]) + s
	}
	return s
}

func TestBlocks(t *testing.T) {
	src := "## Titre\n\nPremier\nsuite.\n\n\n- un\n- deux\n\n```\ncode\n\nencore\n```\n"
	got := Blocks(src)
	want := []string{"## Titre", "Premier\nsuite.", "- un\n- deux", "```\ncode\n\nencore\n```"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Blocks = %q, want %q", got, want)
	}
	// A heading needs no blank line to be a block of its own: the
	// paragraph right under it (or above it) is numbered.
	src = "## Objet\nLe comité se réunit.\nSuite.\n## Pilotage\n#hashtag\n  # indenté\n```\n# dans le code\n```"
	got = Blocks(src)
	want = []string{"## Objet", "Le comité se réunit.\nSuite.", "## Pilotage", "#hashtag\n  # indenté\n```\n# dans le code\n```"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Blocks = %q, want %q", got, want)
	}
	ps := Number([]string{"<h2>Titre</h2>", "<p>a</p>", "<ul><li>b</li></ul>"})
	if ps[0].Number != 0 || ps[1].Number != 1 || ps[2].Number != 2 || Count([]string{"<h3>x</h3>", "<p>y</p>"}) != 1 {
		t.Errorf("Number = %+v", ps)
	}
}

// A long paragraph added between two kept ones leaves them as they are:
// the texts are compared line by line before word by word.
func TestDiffKeepsParagraphsAroundAnInsertedOne(t *testing.T) {
	a := "## Fonctionnement\n\nLes décisions sont prises par consensus.\n\n## Confidentialité\n\nRien ne sort du comité.\n"
	b := "## Fonctionnement\n\nDes groupes de travail thématiques approfondissent les sujets retenus par la plénière, et chacun rend compte de ses travaux.\n\n" +
		"Les décisions sont prises par consensus.\n\n## Confidentialité\n\nRien ne sort du comité.\n"
	got := Diff(a, b)
	if strings.Contains(got, "<del>") || strings.Count(got, "<ins>") != 1 ||
		!strings.Contains(got, "</ins>Les décisions sont prises par consensus.\n\n## Confidentialité\n\nRien ne sort du comité.\n") {
		t.Errorf("Diff =\n%s", got)
	}
}
