package server

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
)

// FuzzDirectoryCSV feeds the directory export's cells hostile text, written
// by the export's own writer (csvWriter: byte order mark, ";" separators,
// CRLF, formulas neutralized) after its header: the file always parses
// back with encoding/csv, one record per member with every cell, and no
// cell starts a formula.
func FuzzDirectoryCSV(f *testing.F) {
	f.Add("=HYPERLINK(\"http://evil.example\";\"clic\")", "+33 2 47", "-1", "@SUM(A1)", "\tx", "\rx", "Claire Martin")
	f.Add("a;b", "\"", "\"\"", "x\ny", "x\r\ny", "\r", "")
	f.Add(" =1+1", "\n=1", "'=1", "\ufeff=1", "＝1", "\x00", "\xff")
	f.Fuzz(func(t *testing.T, name, role, institution, departement, groups, email, phone string) {
		row := []string{name, role, institution, departement, groups, email, phone}
		var buf bytes.Buffer
		cw, err := newCSVWriter(&buf)
		if err != nil {
			t.Fatal(err)
		}
		if err := cw.Row(directoryCSVHeader()...); err != nil {
			t.Fatal(err)
		}
		if err := cw.Row(row...); err != nil {
			t.Fatal(err)
		}
		if err := cw.Flush(); err != nil {
			t.Fatal(err)
		}

		body, ok := bytes.CutPrefix(buf.Bytes(), []byte("\ufeff"))
		if !ok {
			t.Fatal("no byte order mark")
		}
		cr := csv.NewReader(bytes.NewReader(body))
		cr.Comma = ';'
		records, err := cr.ReadAll()
		if err != nil {
			t.Fatalf("the export does not parse back: %v\n%q", err, buf.Bytes())
		}
		if len(records) != 2 || len(records[1]) != len(row) {
			t.Fatalf("%d records, want the header and one member:\n%q", len(records), buf.Bytes())
		}
		for i, cell := range records[1] {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Fatalf("cell %d reads back as %q, which a spreadsheet runs as a formula", i, cell)
			}
			// The writer turns line breaks into CRLF, which reads back as
			// LF, and drops a lone CR: nothing else may change.
			want := strings.ReplaceAll(row[i], "\r", "")
			if cell != want && cell != "'"+want {
				t.Fatalf("cell %d reads back as %q, want %q", i, cell, want)
			}
		}
	})
}
