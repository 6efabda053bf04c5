// Package export writes the portal's exports: CSV that French spreadsheets
// open as is, XLSX, JSON and the open-data archive of the HCTS's national
// reading. Every writer streams: it takes the rows one at a time from an
// iterator and keeps none, so memory does not grow with their number.
package export

import (
	"encoding/csv"
	"io"
	"strings"
)

// CSVWriter writes a CSV file that French spreadsheets open as is: UTF-8
// with a byte order mark, ";" separators, CRLF line ends, and no cell that
// a spreadsheet would run as a formula (SafeCell). Every CSV export of the
// portal writes through it.
type CSVWriter struct {
	w *csv.Writer
}

// NewCSVWriter writes the byte order mark to w and returns the writer of
// the file's rows.
func NewCSVWriter(w io.Writer) (*CSVWriter, error) {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return nil, err
	}
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	cw.UseCRLF = true
	return &CSVWriter{w: cw}, nil
}

// Row writes one row, its formulas neutralized; the cells passed are left
// as they were. Rows are buffered: Flush sends the last ones.
func (c *CSVWriter) Row(cells ...string) error {
	safe := make([]string, len(cells))
	for i, cell := range cells {
		safe[i] = SafeCell(cell)
	}
	return c.w.Write(safe)
}

// Flush sends the buffered rows and reports the first error of the file.
func (c *CSVWriter) Flush() error {
	c.w.Flush()
	return c.w.Error()
}

// SafeCell keeps a spreadsheet from running a cell as a formula: a cell
// starting with = + - @ (or a tab or carriage return) gets a leading quote.
func SafeCell(c string) string {
	if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
		return "'" + c
	}
	return c
}
