package export

import (
	"io"

	"github.com/portail-clts/clts/internal/clts"
)

// WriteCSV writes the contributions each gives as one CSV file (see
// CSVWriter): a header row, then a row per contribution, dates as
// JJ/MM/AAAA. It returns the number of contributions written.
func WriteCSV(w io.Writer, each Each) (int, error) {
	cw, err := NewCSVWriter(w)
	if err != nil {
		return 0, err
	}
	header := make([]string, len(contributionColumns))
	for i, col := range contributionColumns {
		header[i] = col.header
	}
	if err := cw.Row(header...); err != nil {
		return 0, err
	}
	n := 0
	row := make([]string, len(contributionColumns))
	err = each(func(c *clts.Contribution) error {
		for i, col := range contributionColumns {
			row[i] = text(col.value(c))
		}
		n++
		return cw.Row(row...)
	})
	if err != nil {
		return n, err
	}
	return n, cw.Flush()
}
