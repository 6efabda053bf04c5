package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// TestWriteXLSXStructure: the workbook has the summary then one sheet per
// category in the report's order, each with its header frozen and its
// column widths, dates stored as dates.
func TestWriteXLSXStructure(t *testing.T) {
	var buf bytes.Buffer
	n, err := WriteXLSX(&buf, Filter{CampaignYear: 2026}, sampleCounts(), eachOf(sampleContributions()))
	if err != nil || n != 3 {
		t.Fatalf("WriteXLSX: %d, %v", n, err)
	}
	book, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()
	want := "Synthèse,Besoins émergents,Pratiques inspirantes,Gouvernance territoriale,Métiers et formations,Recherche,Participation"
	if got := strings.Join(book.GetSheetList(), ","); got != want {
		t.Errorf("sheets %s, want %s", got, want)
	}
	for _, sheet := range book.GetSheetList() {
		panes, err := book.GetPanes(sheet)
		if err != nil || !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("sheet %s: first row not frozen (%+v, %v)", sheet, panes, err)
		}
	}
	if w, _ := book.GetColWidth("Besoins émergents", "H"); w < 30 {
		t.Errorf("the title column is %v wide", w)
	}
	// The date cell is a number with a date format.
	cell := "K2" // Transmise le
	if h, _ := book.GetCellValue("Besoins émergents", "K1"); h != "Transmise le" {
		t.Fatalf("K1 is %q", h)
	}
	if typ, _ := book.GetCellType("Besoins émergents", cell); typ == excelize.CellTypeInlineString || typ == excelize.CellTypeSharedString {
		t.Errorf("the date is stored as text (%v)", typ)
	}
	if v, _ := book.GetCellValue("Besoins émergents", cell); v != "05/11/2026" {
		t.Errorf("the date shows %q", v)
	}
	rows, _ := book.GetRows("Synthèse")
	if len(rows) < 4 || rows[1][0] != "CLTS Indre-et-Loire – Loir-et-Cher" || rows[1][1] != "2" || rows[3][0] != "Total" || rows[3][7] != "3" {
		t.Errorf("summary %q", rows)
	}
}

// TestWriteXLSXLibreOffice: LibreOffice (headless) converts each sheet to
// CSV with the rows written and their accents; formulas stay text.
func TestWriteXLSXLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("soffice (LibreOffice) is missing: .ci/run installs libreoffice-calc-nogui")
		}
		t.Skip("soffice (LibreOffice) is not installed: apt-get install --no-install-recommends libreoffice-calc-nogui")
	}
	dir := t.TempDir()
	var buf bytes.Buffer
	if _, err := WriteXLSX(&buf, Filter{}, sampleCounts(), eachOf(sampleContributions())); err != nil {
		t.Fatal(err)
	}
	book := filepath.Join(dir, "contributions.xlsx")
	if err := os.WriteFile(book, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	// ";" (59), '"' (34), UTF-8 (76), cells as shown (the 9th), every sheet to its own file (-1).
	cmd := exec.CommandContext(ctx, soffice, "--headless", "--norestore", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", `csv:Text - txt - csv (StarCalc):59,34,76,1,,0,false,true,true,false,false,-1`, "--outdir", dir, book)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	read := func(sheet string) [][]string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(dir, "contributions-"+sheet+".csv"))
		if err != nil {
			entries, _ := os.ReadDir(dir)
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			t.Fatalf("%v (files: %v)", err, names)
		}
		r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff"))))
		r.Comma = ';'
		r.FieldsPerRecord = -1
		rows, err := r.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		return rows
	}
	needs := read("Besoins émergents")
	if len(needs) != 3 {
		t.Fatalf("the needs sheet has %d rows, want a header and 2: %q", len(needs), needs)
	}
	for _, c := range []struct{ got, want string }{
		{needs[0][0], "Campagne"},
		{needs[0][1], "Catégorie"},
		{needs[1][2], "CLTS Indre-et-Loire – Loir-et-Cher"},
		{needs[1][7], `=HYPERLINK("http://x";"clic")`},
		{needs[1][8], "Élodie Durand, Loïc Müller"},
		{needs[1][10], "05/11/2026"},
		{needs[1][14], "Accès aux droits à l'ère numérique ; « guillemets \"doubles\" »\nDeuxième ligne."},
		{needs[2][7], "-Besoins des aidants"},
		{needs[2][6], "9"},
	} {
		if c.got != c.want {
			t.Errorf("LibreOffice reads %q, want %q", c.got, c.want)
		}
	}
	part := read("Participation")
	if len(part) != 2 || part[1][7] != "La participation progresse" || part[1][16] != "40" {
		t.Errorf("participation sheet %q", part)
	}
	if empty := read("Recherche"); len(empty) != 1 {
		t.Errorf("an empty category's sheet has %d rows, want its header", len(empty))
	}
	summary := read("Synthèse")
	if len(summary) < 4 || summary[0][1] != "Besoins territoriaux émergents" || summary[2][0] != "CLTS du Loiret" || summary[2][6] != "1" {
		t.Errorf("summary %q", summary)
	}
}
