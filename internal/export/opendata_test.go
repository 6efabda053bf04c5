package export

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/clts"
)

// TestWriteOpenData: the archive holds the README, the licence and one CSV
// per entity; the README gives every column of every file; every row names
// a committee of comites.csv; no address appears.
func TestWriteOpenData(t *testing.T) {
	cs := sampleContributions()
	published := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	d := OpenData{
		Filter: Filter{CampaignYear: 2026},
		At:     time.Date(2026, 12, 2, 8, 0, 0, 0, time.UTC),
		Committees: []clts.Committee{{Slug: "37-41", Name: "CLTS Indre-et-Loire – Loir-et-Cher", Departements: []string{"37", "41"}},
			{Slug: "autre", Name: "CLTS du Loiret", Departements: []string{"45"}}},
		Contributions: eachOf(cs),
		Participation: eachOf(cs[2:]),
		Practices: func(fn func(*clts.SharedPractice) error) error {
			return fn(&clts.SharedPractice{CommitteeSlug: "autre", ID: 4, Title: "Café des aidants", Summary: "=1+1 au café",
				Departement: "45", StartYear: 2019, Running: true, Themes: []string{"Aidants", "Numérique"}, PublishedAt: &published})
		},
	}
	var buf bytes.Buffer
	n, err := WriteOpenData(&buf, d)
	if err != nil || n != 3 {
		t.Fatalf("WriteOpenData: %d, %v", n, err)
	}
	z, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	var names []string
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(r)
		r.Close()
		files[f.Name] = string(b)
		names = append(names, f.Name)
	}
	if got := strings.Join(names, " "); got != "README.md LICENCE.md comites.csv contributions.csv pratiques.csv indicateurs.csv presences_institutions.csv" {
		t.Errorf("files: %s", got)
	}
	readme := files["README.md"]
	if !strings.Contains(files["LICENCE.md"], "Licence Ouverte / Open Licence version 2.0") || !strings.Contains(readme, "Licence Ouverte") {
		t.Error("the licence is not given")
	}
	if !strings.Contains(readme, "campagne 2026") {
		t.Error("the README does not say the selection")
	}
	table := func(name string) [][]string {
		t.Helper()
		body := files[name]
		if !strings.HasPrefix(body, "\ufeff") {
			t.Errorf("%s has no byte order mark", name)
		}
		r := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff")))
		r.Comma = ';'
		rows, err := r.ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, h := range rows[0] {
			if !strings.Contains(readme, "| `"+h+"` |") {
				t.Errorf("the README does not explain column %s of %s", h, name)
			}
		}
		if !strings.Contains(readme, "## "+name) {
			t.Errorf("the README has no section for %s", name)
		}
		return rows
	}
	committees := map[string]bool{}
	for _, r := range table("comites.csv")[1:] {
		committees[r[0]] = true
	}
	if len(committees) != 2 {
		t.Errorf("committees %v", committees)
	}
	for _, name := range []string{"contributions.csv", "pratiques.csv", "indicateurs.csv", "presences_institutions.csv"} {
		rows := table(name)
		if rows[0][0] != "comite" {
			t.Errorf("%s: the first column is %q, not the committee", name, rows[0][0])
		}
		if len(rows) < 2 {
			t.Errorf("%s has no row", name)
		}
		for _, r := range rows[1:] {
			if !committees[r[0]] {
				t.Errorf("%s: a row names no known committee: %q", name, r)
			}
		}
	}
	contribs := table("contributions.csv")
	if contribs[1][7] != `'=HYPERLINK("http://x";"clic")` || contribs[1][8] != "Élodie Durand, Loïc Müller" || contribs[1][10] != "2026-11-05" {
		t.Errorf("first contribution %q", contribs[1])
	}
	if contribs[2][12] != "3,4" || contribs[2][6] != "9" {
		t.Errorf("second contribution %q", contribs[2])
	}
	// The HCTS's reading (its reply) is not open data.
	if strings.Contains(files["contributions.csv"], "merci, retenue") {
		t.Error("the HCTS's reply is in the open data")
	}
	ind := table("indicateurs.csv")
	if len(ind) != 3 || ind[2][3] != "2026" || ind[2][7] != "40" || ind[2][9] != "20" || ind[2][12] != "5" || ind[1][12] != "" || ind[1][4] != "2026-01-01" || ind[1][5] != "2026-03-31" {
		t.Errorf("indicators %q", ind)
	}
	if p := table("pratiques.csv"); p[1][3] != "'=1+1 au café" || p[1][7] != "Aidants | Numérique" || p[1][9] != "2026-03-01" {
		t.Errorf("practices %q", p)
	}
	for name, body := range files {
		if strings.Contains(body, "@exemple") || strings.Contains(body, "@demo") {
			t.Errorf("%s holds an e-mail address", name)
		}
	}
}
