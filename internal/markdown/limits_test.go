package markdown

import (
	"errors"
	"strings"
	"testing"
)

// TestRenderRefusesBeyondBounds: the texts the audit used (and their
// cousins) are refused by the linear pre-scan, with a French message for
// the field, before goldmark sees them. check is what Render calls first,
// so a refusal by check is proof that goldmark never ran, whatever the
// machine's speed.
func TestRenderRefusesBeyondBounds(t *testing.T) {
	rows := func(n int, row string) string { return strings.Repeat(row, n) }
	tests := []struct {
		name, src, says string
	}{
		{"QuotesOnOneLine", strings.Repeat(">", 100_000), "La ligne 1 imbrique 100 000 niveaux"},
		{"QuotesAndSpaces", strings.Repeat("> ", 50_000), "niveaux de citations ou de listes"},
		{"OrderedListsOnOneLine", strings.Repeat("1. ", 33_000), "niveaux de citations ou de listes"},
		{"ElevenLevels", "- un\n" + strings.Repeat("> ", 11) + "onze", "La ligne 2 imbrique 11 niveaux"},
		{"IndentedTooDeep", "- a\n" + strings.Repeat(" ", 40) + "- b", "La ligne 2 imbrique 11 niveaux"},
		{"UnclosedLinks", strings.Repeat("[a](", 25_000), "Le passage qui commence ligne 1 contient trop de liens"},
		{"UnclosedImages", strings.Repeat("![a](", 20_000), "trop de liens"},
		{"MixedEmphasis", strings.Repeat("a_", 25_000) + strings.Repeat("*a", 25_000), "trop de liens ou de signes"},
		{"NestedBrackets", strings.Repeat("[", 50_000) + strings.Repeat("]", 50_000), "trop de liens"},
		{"LinksInALongPassage", "Intro\n\n" + strings.Repeat("[a](", 300) + strings.Repeat("x", 90_000), "ligne 3"},
		{"WideTableManyRows", "|" + rows(200, "a|") + "\n|" + rows(200, "-|") + "\n" + rows(6000, "|\n"), "trop de cellules (5 000 au plus), à partir de la ligne 1"},
		{"TableInAQuote", "> | a | b |\n> |---|---|\n" + rows(3000, "> |\n"), "trop de cellules"},
		{"TooLong", strings.Repeat("é", MaxChars+1), "ne doit pas dépasser 100 000 caractères (il en compte 100 001)"},
		{"InvalidUTF8", "Compte rendu \xff", "caractères invalides"},
		{"NUL", "Compte\x00rendu", "caractères invalides"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if check(strings.ReplaceAll(tt.src, "\r\n", "\n")) == nil {
				t.Fatal("the pre-scan lets the text reach goldmark")
			}
			_, err := Render(tt.src)
			var refused *RefusedError
			if !errors.As(err, &refused) {
				t.Fatalf("Render: %v, want a refusal", err)
			}
			if msg := strings.ReplaceAll(refused.Message, "\u00a0", " "); !strings.Contains(msg, tt.says) {
				t.Errorf("message %q does not say %q", msg, tt.says)
			}
		})
	}
}

// TestRenderAcceptsRealTexts: what people write stays well within the
// bounds: ten levels of lists, a long tight list of links, a table of 50
// rows, emphasis in every paragraph of a long text.
func TestRenderAcceptsRealTexts(t *testing.T) {
	var nested strings.Builder
	for i := range MaxDepth {
		nested.WriteString(strings.Repeat("  ", i) + "- niveau\n")
	}
	var links, table, long strings.Builder
	for range 300 {
		links.WriteString("- [Compte rendu du séminaire national](https://solidarites.gouv.fr/hcts) : **à lire**\n")
	}
	table.WriteString("| Institution | Présents | Excusés | Absents | Remarques |\n|---|:-:|:-:|:-:|---|\n")
	for range 50 {
		table.WriteString("| CAF Touraine | 2 | 1 | 0 | *à relancer* |\n")
	}
	for range 400 {
		long.WriteString("Le comité a **adopté** la charte ; les _pilotes_ [la diffusent](https://example.org) aux partenaires.\n\n")
	}
	tests := map[string]string{
		"TenLevels":     nested.String(),
		"TenMarkers":    strings.Repeat("> ", MaxDepth) + "citation",
		"ManyLinks":     links.String(),
		"Table":         table.String(),
		"LongText":      long.String(),
		"MaxChars":      strings.Repeat("é", MaxChars),
		"ThematicBreak": "Avant\n\n- - -\n\nAprès",
	}
	for name, src := range tests {
		t.Run(name, func(t *testing.T) {
			text, err := Render(src)
			if err != nil {
				t.Fatal(err)
			}
			if text.HTML() == "" {
				t.Error("empty HTML")
			}
		})
	}
}

func TestPlain(t *testing.T) {
	got := Plain("## Relevé\r\n**gras** <script>alert(1)</script>\n\n\n\nDeuxième & dernier")
	want := "<p>## Relevé<br>\n**gras** &lt;script&gt;alert(1)&lt;/script&gt;</p>\n<p>Deuxième &amp; dernier</p>\n"
	if got != want {
		t.Errorf("Plain:\n got %q\nwant %q", got, want)
	}
}
