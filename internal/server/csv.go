package server

import (
	"io"

	"github.com/portail-clts/clts/internal/export"
)

// csvWriter is the portal's CSV writer (export.CSVWriter: UTF-8 with a
// byte order mark, ";" separators, CRLF line ends, formulas neutralised),
// under the name the directory's export and its fuzz target use.
type csvWriter = export.CSVWriter

// newCSVWriter writes the byte order mark to w and returns the writer of
// the file's rows.
func newCSVWriter(w io.Writer) (*csvWriter, error) { return export.NewCSVWriter(w) }
