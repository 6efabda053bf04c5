package server

import (
	"encoding/csv"
	"io"
	"strings"
)

// csvWriter writes a CSV file that French spreadsheets open as is: UTF-8
// with a byte order mark, ";" separators, CRLF line ends, and no cell that
// a spreadsheet would run as a formula (safeCell). Every CSV export and
// its fuzz target write through it.
type csvWriter struct {
	w *csv.Writer
}

// newCSVWriter writes the byte order mark to w and returns the writer of
// the file's rows.
func newCSVWriter(w io.Writer) (*csvWriter, error) {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return nil, err
	}
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	cw.UseCRLF = true
	return &csvWriter{w: cw}, nil
}

// Row writes one row, its formulas neutralized; the cells passed are left
// as they were. Rows are buffered: Flush sends the last ones.
func (c *csvWriter) Row(cells ...string) error {
	safe := make([]string, len(cells))
	for i, cell := range cells {
		safe[i] = safeCell(cell)
	}
	return c.w.Write(safe)
}

// Flush sends the buffered rows and reports the first error of the file.
func (c *csvWriter) Flush() error {
	c.w.Flush()
	return c.w.Error()
}

// safeCell keeps a spreadsheet from running a cell as a formula: a cell
// starting with = + - @ (or a tab or carriage return) gets a leading quote.
func safeCell(c string) string {
	if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
		return "'" + c
	}
	return c
}
