package export

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"
)

// TestWriteCSVReadBack: the CSV export read back by encoding/csv gives the
// rows as written, accents kept, formulas neutralised, dates JJ/MM/AAAA in
// Paris, with a byte order mark, ";" and CRLF.
func TestWriteCSVReadBack(t *testing.T) {
	var buf bytes.Buffer
	n, err := WriteCSV(&buf, eachOf(sampleContributions()))
	if err != nil || n != 3 {
		t.Fatalf("WriteCSV: %d rows, %v", n, err)
	}
	raw := buf.String()
	if !strings.HasPrefix(raw, "\ufeff") {
		t.Fatal("no byte order mark")
	}
	if !strings.Contains(raw, "\r\n") || strings.Count(raw, "\r\n") < 4 {
		t.Error("lines do not end with CRLF")
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(raw, "\ufeff")))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 {
		t.Fatalf("%d rows, want a header and 3", len(rows))
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	for _, h := range []string{"Campagne", "Catégorie", "Comité", "Titre", "Auteurs", "Transmise le", "Retenue", "Réponse du HCTS", "Texte", "Présences"} {
		if _, ok := col[h]; !ok {
			t.Errorf("no column %q in %v", h, rows[0])
		}
	}
	first, second, third := rows[1], rows[2], rows[3]
	for _, c := range []struct{ got, want string }{
		{first[col["Titre"]], "'=HYPERLINK(\"http://x\";\"clic\")"},
		{first[col["Réponse du HCTS"]], "'+33 : merci, retenue."},
		{first[col["Auteurs"]], "Élodie Durand, Loïc Müller"},
		{first[col["Comité"]], "CLTS Indre-et-Loire – Loir-et-Cher"},
		{first[col["Catégorie"]], "Besoins territoriaux émergents"},
		{first[col["Texte"]], "Accès aux droits à l'ère numérique ; « guillemets \"doubles\" »\nDeuxième ligne."},
		{first[col["Transmise le"]], "05/11/2026"},
		{first[col["Retenue"]], "oui"},
		{first[col["Départements"]], "37, 41"},
		{second[col["Titre"]], "'-Besoins des aidants"},
		{second[col["Texte"]], "'@mention et\ttabulation"},
		{second[col["Corrige le n°"]], "9"},
		{second[col["Lue"]], "non"},
		{second[col["Présences"]], ""},
		{third[col["Présences"]], "40"},
		{third[col["Part des personnes accompagnées (%)"]], "20"},
		{third[col["Campagne"]], "2026"},
	} {
		if c.got != c.want {
			t.Errorf("cell %q, want %q", c.got, c.want)
		}
	}
}

// TestFilterFileName: the file name carries the filter, in plain letters.
func TestFilterFileName(t *testing.T) {
	yes := true
	f := Filter{CampaignYear: 2026, Category: "besoins", Committee: "37-41", Departement: "37", Text: "Numérique « accès »", Retained: &yes}
	got := f.FileName("contributions-hcts", time.Date(2026, 12, 1, 23, 30, 0, 0, time.UTC), "csv")
	want := "contributions-hcts_2026_besoins_37-41_dep-37_retenues_mots-numerique-acces_2026-12-02.csv"
	if got != want {
		t.Errorf("file name %q, want %q", got, want)
	}
	if got := (Filter{}).FileName("x", time.Date(2026, 1, 2, 10, 0, 0, 0, time.UTC), "zip"); got != "x_2026-01-02.zip" {
		t.Errorf("no filter: %q", got)
	}
	if l := f.Label(); !strings.Contains(l, "campagne 2026") || !strings.Contains(l, "mots « Numérique « accès » »") {
		t.Errorf("label %q", l)
	}
}
