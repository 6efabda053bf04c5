package export

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/portail-clts/clts/internal/clts"
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
	// The headers are bold, the dates formatted dd/mm/yyyy.
	for _, sheet := range []string{"Synthèse", "Besoins émergents", "Recherche"} {
		id, err := book.GetCellStyle(sheet, "B1")
		if err != nil {
			t.Fatal(err)
		}
		if st, err := book.GetStyle(id); err != nil || st.Font == nil || !st.Font.Bold {
			t.Errorf("sheet %s: the header is not bold (%+v, %v)", sheet, st, err)
		}
	}
	id, _ := book.GetCellStyle("Besoins émergents", cell)
	if st, err := book.GetStyle(id); err != nil || st.CustomNumFmt == nil || *st.CustomNumFmt != "dd/mm/yyyy" {
		t.Errorf("the date's style is %+v (%v)", st, err)
	}
}

// TestWriteXLSXValues: excelize, an independent reader, reads every
// contribution's cells back as written, the texts never as formulas,
// the numbers as numbers.
func TestWriteXLSXValues(t *testing.T) {
	var buf bytes.Buffer
	contributions := sampleContributions()
	if _, err := WriteXLSX(&buf, Filter{}, sampleCounts(), eachOf(contributions)); err != nil {
		t.Fatal(err)
	}
	book, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()
	line := map[string]int{}
	for _, c := range contributions {
		sheet := categorySheets[c.Category]
		line[sheet]++
		rows, err := book.GetRows(sheet)
		if err != nil || len(rows) <= line[sheet] {
			t.Fatalf("sheet %s: %d rows (%v)", sheet, len(rows), err)
		}
		got := rows[line[sheet]]
		for i, col := range contributionColumns {
			want := ""
			switch v := col.value(c).(type) {
			case float64:
				want = strconv.FormatFloat(v, 'f', -1, 64)
			default:
				want = text(v)
			}
			cell := ""
			if i < len(got) {
				cell = got[i]
			}
			if cell != want {
				t.Errorf("sheet %s row %d, %s: %q, want %q", sheet, line[sheet]+1, col.header, cell, want)
			}
			name, _ := excelize.CoordinatesToCellName(i+1, line[sheet]+1)
			if f, _ := book.GetCellFormula(sheet, name); f != "" {
				t.Errorf("sheet %s %s is a formula: %q", sheet, name, f)
			}
			if _, isNumber := col.value(c).(int); isNumber {
				if typ, _ := book.GetCellType(sheet, name); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
					t.Errorf("sheet %s %s (%s) is of type %v, not a number", sheet, name, col.header, typ)
				}
			}
		}
	}
}

// TestWriteXLSXInvalidText: the characters XML 1.0 forbids (controls,
// U+FFFE, broken UTF-8) are dropped, so that the workbook stays well-formed
// XML, and a text longer than Excel's 32,767 characters is cut to them (a
// character beyond U+FFFF counting two, as in Excel).
func TestWriteXLSXInvalidText(t *testing.T) {
	c := sampleContributions()[0]
	c.Title = "Titre\x00 avec\x01 des\x1f contrôles\ufffe\xff\tfin"
	c.Body = strings.Repeat("é", 40000)
	c.GroupTitle = strings.Repeat("a", 32766) + "😀b"
	c.PublicAuthors = strings.Repeat("b", 32765) + "😀c"
	var buf bytes.Buffer
	if _, err := WriteXLSX(&buf, Filter{Text: "mots\x02 cherchés"}, nil, eachOf([]*clts.Contribution{c})); err != nil {
		t.Fatal(err)
	}
	// Every part is well-formed XML for a strict parser.
	z, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		d := xml.NewDecoder(r)
		for {
			_, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s: %v", f.Name, err)
			}
		}
		r.Close()
	}
	book, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()
	sheet := categorySheets[c.Category]
	for _, cell := range []struct {
		name, want string
	}{
		{"H2", "Titre avec des contrôles\tfin"},
		{"O2", strings.Repeat("é", 32767)},
		{"J2", strings.Repeat("a", 32766)},
		{"I2", strings.Repeat("b", 32765) + "😀"},
	} {
		got, err := book.GetCellValue(sheet, cell.name)
		if err != nil || got != cell.want {
			t.Errorf("%s: %d characters %.40q…, want %d %.40q… (%v)", cell.name, utf8.RuneCountInString(got), got,
				utf8.RuneCountInString(cell.want), cell.want, err)
		}
	}
	if rows, _ := book.GetRows(summarySheet); len(rows) < 4 || rows[3][0] != "Filtre : mots « mots cherchés »" {
		t.Errorf("summary %q", rows)
	}
}

// TestWriteXLSXOrder: rows out of the report's category order are refused
// rather than written to the wrong sheet.
func TestWriteXLSXOrder(t *testing.T) {
	cs := sampleContributions()
	cs[0], cs[2] = cs[2], cs[0]
	if _, err := WriteXLSX(io.Discard, Filter{}, nil, eachOf(cs)); err == nil {
		t.Error("rows out of order were written")
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

	// Converted to flat OpenDocument, the transmission days are dates for
	// LibreOffice (not texts) and the headers bold. (Headless, LibreOffice
	// opens no view, so it keeps no frozen row to check: excelize checks
	// it in TestWriteXLSXStructure.)
	cmd = exec.CommandContext(ctx, soffice, "--headless", "--norestore", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "fods", "--outdir", dir, book)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	fods, err := os.Open(filepath.Join(dir, "contributions.fods"))
	if err != nil {
		t.Fatal(err)
	}
	defer fods.Close()
	doc := readFODS(t, fods)
	if got := doc.dates["Besoins émergents"]; strings.Join(got, ",") != "2026-11-05,2026-11-06" {
		t.Errorf("LibreOffice reads the needs sheet's dates as %q", got)
	}
	if got := doc.dates["Participation"]; strings.Join(got, ",") != "2026-11-07" {
		t.Errorf("LibreOffice reads the participation sheet's dates as %q", got)
	}
	for _, sheet := range []string{"Synthèse", "Besoins émergents", "Recherche"} {
		if style := doc.headerStyle[sheet]; style == "" || !doc.bold[style] {
			t.Errorf("sheet %s: LibreOffice reads the header's style %q, not bold", sheet, style)
		}
	}
}

// fodsDocument is what the LibreOffice test reads of a flat OpenDocument
// spreadsheet: the date cells' values and the first cell's style of each
// sheet, and which cell styles are bold.
type fodsDocument struct {
	dates       map[string][]string
	headerStyle map[string]string
	bold        map[string]bool
}

func readFODS(t *testing.T, r io.Reader) fodsDocument {
	t.Helper()
	const (
		office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
		table  = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
		style  = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
		fo     = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
	)
	doc := fodsDocument{dates: map[string][]string{}, headerStyle: map[string]string{}, bold: map[string]bool{}}
	attr := func(e xml.StartElement, space, local string) string {
		for _, a := range e.Attr {
			if a.Name.Space == space && a.Name.Local == local {
				return a.Value
			}
		}
		return ""
	}
	d := xml.NewDecoder(r)
	var sheet, styleName string
	rows := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return doc
		}
		if err != nil {
			t.Fatal(err)
		}
		e, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch {
		case e.Name.Space == style && e.Name.Local == "style":
			styleName = attr(e, style, "name")
		case e.Name.Space == style && e.Name.Local == "text-properties":
			if attr(e, fo, "font-weight") == "bold" {
				doc.bold[styleName] = true
			}
		case e.Name.Space == table && e.Name.Local == "table":
			sheet, rows = attr(e, table, "name"), 0
		case e.Name.Space == table && e.Name.Local == "table-row":
			rows++
		case e.Name.Space == table && e.Name.Local == "table-cell":
			if _, seen := doc.headerStyle[sheet]; rows == 1 && !seen {
				doc.headerStyle[sheet] = attr(e, table, "style-name")
			}
			if attr(e, office, "value-type") == "date" {
				doc.dates[sheet] = append(doc.dates[sheet], attr(e, office, "date-value"))
			}
		}
	}
}
