package export

import (
	"io"
	"time"

	"github.com/xuri/excelize/v2"

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

// xlsxStyles are the workbook's cell styles.
type xlsxStyles struct{ header, date, wrap int }

func newXLSXStyles(f *excelize.File) (xlsxStyles, error) {
	var s xlsxStyles
	var err error
	if s.header, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E8EEF4"}},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}); err != nil {
		return s, err
	}
	format := "dd/mm/yyyy"
	if s.date, err = f.NewStyle(&excelize.Style{CustomNumFmt: &format, Alignment: &excelize.Alignment{Vertical: "top"}}); err != nil {
		return s, err
	}
	s.wrap, err = f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top"}})
	return s, err
}

// WriteXLSX writes the contributions each gives as a workbook: a summary
// sheet (the contributions per committee and category, from counts), then
// one sheet per category in the report's order, each with a header row
// frozen at the top, column widths, and dates as dates. It uses excelize's
// stream writer, which keeps no row in memory beyond a buffer spilled to a
// temporary file; each must give the contributions by category in the
// report's order (postgres.Tx.EachNationalContribution does). It returns
// the number of contributions written.
func WriteXLSX(w io.Writer, f Filter, counts []clts.CategoryCount, each Each) (int, error) {
	book := excelize.NewFile()
	defer book.Close()
	styles, err := newXLSXStyles(book)
	if err != nil {
		return 0, err
	}
	if err := book.SetSheetName("Sheet1", summarySheet); err != nil {
		return 0, err
	}
	if err := writeSummary(book, styles, f, counts); err != nil {
		return 0, err
	}

	// The category sheets, one after the other, as the rows come.
	var sw *excelize.StreamWriter
	next, row, n := 0, 0, 0
	open := func(category string) error {
		if sw != nil {
			if err := sw.Flush(); err != nil {
				return err
			}
		}
		name := categorySheets[category]
		if _, err := book.NewSheet(name); err != nil {
			return err
		}
		if sw, err = book.NewStreamWriter(name); err != nil {
			return err
		}
		header := make([]any, len(contributionColumns))
		for i, col := range contributionColumns {
			if err := sw.SetColWidth(i+1, i+1, col.width); err != nil {
				return err
			}
			header[i] = excelize.Cell{StyleID: styles.header, Value: col.header}
		}
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return err
		}
		row = 1
		return sw.SetRow("A1", header, excelize.RowOpts{Height: 45})
	}
	// upTo opens the sheets of the categories before category (empty ones
	// keep their header) and category's.
	upTo := func(category string) error {
		for next < len(clts.Categories) {
			c := clts.Categories[next]
			next++
			if err := open(c); err != nil {
				return err
			}
			if c == category {
				return nil
			}
		}
		return nil
	}
	current := ""
	cells := make([]any, len(contributionColumns))
	err = each(func(c *clts.Contribution) error {
		if c.Category != current {
			current = c.Category
			if err := upTo(c.Category); err != nil {
				return err
			}
		}
		for i, col := range contributionColumns {
			v := col.value(c)
			switch v.(type) {
			case nil:
				cells[i] = nil
			case string:
				cells[i] = excelize.Cell{StyleID: styles.wrap, Value: v}
			case time.Time:
				cells[i] = excelize.Cell{StyleID: styles.date, Value: v}
			default:
				cells[i] = v
			}
		}
		row++
		n++
		cell, err := excelize.CoordinatesToCellName(1, row)
		if err != nil {
			return err
		}
		return sw.SetRow(cell, cells)
	})
	if err != nil {
		return n, err
	}
	if err := upTo(""); err != nil {
		return n, err
	}
	if sw != nil {
		if err := sw.Flush(); err != nil {
			return n, err
		}
	}
	book.SetActiveSheet(0)
	if err := book.SetDocProps(&excelize.DocProperties{Title: "Contributions transmises au HCTS — " + f.Label(),
		Creator: "Portail CLTS", Language: "fr-FR"}); err != nil {
		return n, err
	}
	_, err = book.WriteTo(w)
	return n, err
}

// writeSummary writes the summary sheet: the filter, then a row per
// committee with its contributions per category and their total, and a
// row of totals.
func writeSummary(book *excelize.File, styles xlsxStyles, f Filter, counts []clts.CategoryCount) error {
	sw, err := book.NewStreamWriter(summarySheet)
	if err != nil {
		return err
	}
	if err := sw.SetColWidth(1, 1, 40); err != nil {
		return err
	}
	if err := sw.SetColWidth(2, len(clts.Categories)+2, 18); err != nil {
		return err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	header := []any{excelize.Cell{StyleID: styles.header, Value: "Comité"}}
	for _, c := range clts.Categories {
		header = append(header, excelize.Cell{StyleID: styles.header, Value: clts.CategoryLabel(c)})
	}
	header = append(header, excelize.Cell{StyleID: styles.header, Value: "Total"})
	if err := sw.SetRow("A1", header, excelize.RowOpts{Height: 60}); err != nil {
		return err
	}
	index := map[string]int{}
	for i, c := range clts.Categories {
		index[c] = i
	}
	totals := make([]int, len(clts.Categories)+1)
	row := 1
	flush := func(name string, figures []int) error {
		row++
		cells := []any{name}
		for _, v := range figures {
			cells = append(cells, v)
		}
		cell, _ := excelize.CoordinatesToCellName(1, row)
		return sw.SetRow(cell, cells)
	}
	var name string
	var figures []int
	for i, c := range counts {
		if i == 0 || c.CommitteeSlug != counts[i-1].CommitteeSlug {
			if figures != nil {
				if err := flush(name, figures); err != nil {
					return err
				}
			}
			name, figures = c.CommitteeName, make([]int, len(clts.Categories)+1)
		}
		figures[index[c.Category]] += c.Count
		figures[len(clts.Categories)] += c.Count
		totals[index[c.Category]] += c.Count
		totals[len(clts.Categories)] += c.Count
	}
	if figures != nil {
		if err := flush(name, figures); err != nil {
			return err
		}
	}
	if err := flush("Total", totals); err != nil {
		return err
	}
	row += 2
	cell, _ := excelize.CoordinatesToCellName(1, row)
	if err := sw.SetRow(cell, []any{"Filtre : " + f.Label()}); err != nil {
		return err
	}
	return sw.Flush()
}
