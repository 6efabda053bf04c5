package export

import (
	"fmt"
	"io"
	"time"

	"github.com/portail-clts/clts/internal/clts"
)

// summarySheet is the name of the XLSX's first sheet.
const summarySheet = "Synthèse"

// categorySheets are the names of the category sheets (31 characters at
// most, none of : \ / ? * [ ]).
var categorySheets = map[string]string{
	clts.CategoryNeeds:         "Besoins émergents",
	clts.CategoryPractices:     "Pratiques inspirantes",
	clts.CategoryGovernance:    "Gouvernance territoriale",
	clts.CategoryProfessions:   "Métiers et formations",
	clts.CategoryResearch:      "Recherche",
	clts.CategoryParticipation: "Participation",
}

// WriteXLSX writes the contributions each gives as a workbook: a summary
// sheet (the contributions per committee and category, from counts), then
// one sheet per category in the report's order, each with a header row
// frozen at the top, column widths, and dates as dates. It streams: each
// sheet is written in one pass as the rows come, straight to w, and no row
// is kept (xlsxBook); each must give the contributions by category in the
// report's order (postgres.Tx.EachNationalContribution does). It returns
// the number of contributions written.
func WriteXLSX(w io.Writer, f Filter, counts []clts.CategoryCount, each Each) (int, error) {
	names := []string{summarySheet}
	for _, c := range clts.Categories {
		names = append(names, categorySheets[c])
	}
	book, err := newXLSXBook(w, "Contributions transmises au HCTS — "+f.Label(), time.Now(), names)
	if err != nil {
		return 0, err
	}
	if err := writeSummary(book, f, counts); err != nil {
		return 0, err
	}

	// The category sheets, one after the other, as the rows come.
	widths := make([]float64, len(contributionColumns))
	for i, col := range contributionColumns {
		widths[i] = col.width
	}
	var sheet *xlsxSheet
	next := 0 // index in clts.Categories of the next sheet to open
	// upTo opens the sheets of the categories before category (an empty
	// one keeps its header) and category's ("" for all of them).
	upTo := func(category string) error {
		for next < len(clts.Categories) {
			c := clts.Categories[next]
			next++
			var err error
			if sheet, err = book.nextSheet(widths); err != nil {
				return err
			}
			if err := sheet.startRow(45); err != nil {
				return err
			}
			for _, col := range contributionColumns {
				sheet.text(col.header, xlsxStyleHeader)
			}
			if err := sheet.endRow(); err != nil {
				return err
			}
			if c == category {
				return nil
			}
		}
		if category != "" {
			return fmt.Errorf("export: xlsx: category %q out of the report's order", category)
		}
		return nil
	}
	current, n := "", 0
	err = each(func(c *clts.Contribution) error {
		if c.Category != current {
			current = c.Category
			if err := upTo(c.Category); err != nil {
				return err
			}
		}
		if err := sheet.startRow(0); err != nil {
			return err
		}
		for _, col := range contributionColumns {
			switch v := col.value(c).(type) {
			case string:
				sheet.text(v, xlsxStyleText)
			case int:
				sheet.integer(int64(v))
			case int64:
				sheet.integer(v)
			case float64:
				sheet.float(v)
			case time.Time:
				sheet.date(v)
			default: // nil
				sheet.skip()
			}
		}
		n++
		return sheet.endRow()
	})
	if err != nil {
		return n, err
	}
	if err := upTo(""); err != nil {
		return n, err
	}
	return n, book.close()
}

// writeSummary writes the summary sheet: a row per committee with its
// contributions per category and their total, a row of totals, then the
// filter.
func writeSummary(book *xlsxBook, f Filter, counts []clts.CategoryCount) error {
	widths := []float64{40}
	for range len(clts.Categories) + 1 {
		widths = append(widths, 18)
	}
	sheet, err := book.nextSheet(widths)
	if err != nil {
		return err
	}
	if err := sheet.startRow(60); err != nil {
		return err
	}
	sheet.text("Comité", xlsxStyleHeader)
	for _, c := range clts.Categories {
		sheet.text(clts.CategoryLabel(c), xlsxStyleHeader)
	}
	sheet.text("Total", xlsxStyleHeader)
	if err := sheet.endRow(); err != nil {
		return err
	}
	index := map[string]int{}
	for i, c := range clts.Categories {
		index[c] = i
	}
	total := len(clts.Categories)
	totals := make([]int, total+1)
	row := func(name string, figures []int) error {
		if err := sheet.startRow(0); err != nil {
			return err
		}
		sheet.text(name, xlsxStyleDefault)
		for _, v := range figures {
			sheet.integer(int64(v))
		}
		return sheet.endRow()
	}
	var name string
	var figures []int
	for i, c := range counts {
		if i == 0 || c.CommitteeSlug != counts[i-1].CommitteeSlug {
			if figures != nil {
				if err := row(name, figures); err != nil {
					return err
				}
			}
			name, figures = c.CommitteeName, make([]int, total+1)
		}
		figures[index[c.Category]] += c.Count
		figures[total] += c.Count
		totals[index[c.Category]] += c.Count
		totals[total] += c.Count
	}
	if figures != nil {
		if err := row(name, figures); err != nil {
			return err
		}
	}
	if err := row("Total", totals); err != nil {
		return err
	}
	// A blank row, then the filter.
	if err := sheet.startRow(0); err != nil {
		return err
	}
	if err := sheet.endRow(); err != nil {
		return err
	}
	if err := sheet.startRow(0); err != nil {
		return err
	}
	sheet.text("Filtre : "+f.Label(), xlsxStyleDefault)
	return sheet.endRow()
}
