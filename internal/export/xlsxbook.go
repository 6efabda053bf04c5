package export

import (
	"archive/zip"
	"bufio"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// A streaming writer of SpreadsheetML (.xlsx) workbooks, of our own on the
// standard library: the workbook is a zip written straight to its
// io.Writer, each sheet one zip entry written in one pass, its cells
// inline strings (no shared-strings table) and numbers. Memory holds one
// row's scratch buffer and the compressor's window, whatever the number
// of rows. Excelize's StreamWriter, which the XLSX export used before,
// keeps each sheet's 16 MB buffer until the workbook is written
// (qax-os/excelize#1927): 126 MB of live heap for 100,000 rows.

// Cell styles: indexes into styles.xml's cellXfs.
const (
	xlsxStyleDefault = 0
	xlsxStyleHeader  = 1 // bold, shaded, wrapped, at the top
	xlsxStyleDate    = 2 // dd/mm/yyyy, at the top
	xlsxStyleText    = 3 // at the top
)

// Excel's limits: characters in a cell (UTF-16 code units), rows in a sheet.
const (
	xlsxMaxCellChars = 32767
	xlsxMaxRows      = 1048576
)

// xlsxBook writes a workbook whose sheets are known from the start and
// written in order with nextSheet.
type xlsxBook struct {
	zip    *zip.Writer
	at     time.Time // the entries' and the workbook's date
	sheets []string
	next   int // index of the next sheet to write
	sheet  *xlsxSheet
}

// newXLSXBook starts a workbook on w with these sheets (names of 31
// characters at most, none of : \ / ? * [ ]), title and date: it writes
// the package's parts, then the sheets come with nextSheet, and close ends
// it.
func newXLSXBook(w io.Writer, title string, at time.Time, sheets []string) (*xlsxBook, error) {
	b := &xlsxBook{zip: zip.NewWriter(w), at: at, sheets: sheets}
	var types, rels, list strings.Builder
	for i, name := range sheets {
		fmt.Fprintf(&types, `<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, i+1)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>`, i+1, i+1)
		fmt.Fprintf(&list, `<sheet name="%s" sheetId="%d" r:id="rId%d"/>`, xmlText(name), i+1, i+1)
	}
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
			`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
			`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
			`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>` +
			types.String() + `</Types>`},
		{"_rels/.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
			`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>` +
			`</Relationships>`},
		{"docProps/core.xml", `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
			`xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
			`<dc:title>` + xmlText(title) + `</dc:title><dc:creator>Portail CLTS</dc:creator><dc:language>fr-FR</dc:language>` +
			`<dcterms:created xsi:type="dcterms:W3CDTF">` + at.UTC().Format(time.RFC3339) + `</dcterms:created></cp:coreProperties>`},
		{"docProps/app.xml", `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">` +
			`<Application>Portail CLTS</Application></Properties>`},
		{"xl/workbook.xml", `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ` +
			`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
			`<bookViews><workbookView activeTab="0"/></bookViews><sheets>` + list.String() + `</sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			rels.String() + fmt.Sprintf(`<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>`, len(sheets)+1) +
			`</Relationships>`},
		{"xl/styles.xml", xlsxStyles},
	}
	for _, p := range parts {
		f, err := b.create(p.name)
		if err != nil {
			return nil, err
		}
		if _, err := io.WriteString(f, xml.Header+p.body); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// create starts the zip entry name, compressed.
func (b *xlsxBook) create(name string) (io.Writer, error) {
	return b.zip.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: b.at})
}

// xlsxStyles are the workbook's fonts, fills and cell formats, in the
// order of the xlsxStyle constants.
const xlsxStyles = `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
	`<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>` +
	`<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>` +
	`<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>` +
	`<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>` +
	`<fill><patternFill patternType="solid"><fgColor rgb="FFE8EEF4"/><bgColor indexed="64"/></patternFill></fill></fills>` +
	`<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
	`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
	`<cellXfs count="4">` +
	`<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
	`<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>` +
	`<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1"><alignment vertical="top"/></xf>` +
	`<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top"/></xf>` +
	`</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`

// nextSheet ends the sheet being written and starts the next one, its
// first row frozen at the top and its columns these widths (characters).
func (b *xlsxBook) nextSheet(widths []float64) (*xlsxSheet, error) {
	if err := b.endSheet(); err != nil {
		return nil, err
	}
	if b.next == len(b.sheets) {
		return nil, errors.New("export: xlsx: no sheet left")
	}
	b.next++
	f, err := b.create("xl/worksheets/sheet" + strconv.Itoa(b.next) + ".xml")
	if err != nil {
		return nil, err
	}
	s := &xlsxSheet{w: bufio.NewWriterSize(f, 64<<10)}
	s.w.WriteString(xml.Header)
	s.w.WriteString(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ` +
		`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetViews><sheetView `)
	if b.next == 1 {
		s.w.WriteString(`tabSelected="1" `)
	}
	s.w.WriteString(`workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>` +
		`<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>`)
	for i, w := range widths {
		n := strconv.Itoa(i + 1)
		s.w.WriteString(`<col min="` + n + `" max="` + n + `" width="` + strconv.FormatFloat(w, 'f', -1, 64) + `" customWidth="1"/>`)
	}
	if _, err := s.w.WriteString(`</cols><sheetData>`); err != nil {
		return nil, err
	}
	b.sheet = s
	return s, nil
}

// endSheet ends the sheet being written, if any.
func (b *xlsxBook) endSheet() error {
	if b.sheet == nil {
		return nil
	}
	s := b.sheet
	b.sheet = nil
	if s.inRow {
		return errors.New("export: xlsx: a row is not ended")
	}
	s.w.WriteString(`</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`)
	return s.w.Flush()
}

// close ends the last sheet and the workbook; every sheet must have been
// written.
func (b *xlsxBook) close() error {
	if err := b.endSheet(); err != nil {
		return err
	}
	if b.next != len(b.sheets) {
		return fmt.Errorf("export: xlsx: %d sheets written of %d", b.next, len(b.sheets))
	}
	return b.zip.Close()
}

// xlsxSheet writes one sheet's rows: startRow, its cells from the first
// column on, endRow.
type xlsxSheet struct {
	w     *bufio.Writer
	row   int    // the current row, from 1
	col   int    // the next cell's column, from 0
	inRow bool   // between startRow and endRow
	buf   []byte // scratch: a cell's reference, then its text
}

// startRow starts the next row; a height > 0 (points) sets it.
func (s *xlsxSheet) startRow(height float64) error {
	if s.row == xlsxMaxRows {
		return fmt.Errorf("export: xlsx: more than %d rows in a sheet", xlsxMaxRows)
	}
	s.row++
	s.col = 0
	s.inRow = true
	s.buf = append(append(s.buf[:0], `<row r="`...), strconv.Itoa(s.row)...)
	if height > 0 {
		s.buf = append(strconv.AppendFloat(append(s.buf, `" ht="`...), height, 'f', -1, 64), `" customHeight="1`...)
	}
	_, err := s.w.Write(append(s.buf, `">`...))
	return err
}

// endRow ends the row, and reports the first error writing the sheet.
func (s *xlsxSheet) endRow() error {
	s.inRow = false
	_, err := s.w.WriteString(`</row>`)
	return err
}

// skip leaves the next cell empty.
func (s *xlsxSheet) skip() { s.col++ }

// open writes the next cell's start tag with its reference, its style
// (if not the default) and its type (if not a number).
func (s *xlsxSheet) open(style int, typ string) {
	s.buf = append(s.buf[:0], `<c r="`...)
	s.buf = appendColumnName(s.buf, s.col)
	s.buf = strconv.AppendInt(s.buf, int64(s.row), 10)
	s.buf = append(s.buf, '"')
	if style != xlsxStyleDefault {
		s.buf = strconv.AppendInt(append(s.buf, ` s="`...), int64(style), 10)
		s.buf = append(s.buf, '"')
	}
	if typ != "" {
		s.buf = append(append(append(s.buf, ` t="`...), typ...), '"')
	}
	s.buf = append(s.buf, '>')
	s.w.Write(s.buf)
	s.col++
}

// text writes a text cell (an inline string, never a formula): the
// characters XML 1.0 forbids are dropped and the text is cut to Excel's
// 32,767 characters. An empty text leaves the cell empty.
func (s *xlsxSheet) text(v string, style int) {
	if v == "" {
		s.skip()
		return
	}
	s.open(style, "inlineStr")
	if isSpace(v[0]) || isSpace(v[len(v)-1]) {
		s.w.WriteString(`<is><t xml:space="preserve">`)
	} else {
		s.w.WriteString(`<is><t>`)
	}
	s.buf = appendCellText(s.buf[:0], v)
	xml.EscapeText(s.w, s.buf) // errors stay in s.w, for endRow
	s.w.WriteString(`</t></is></c>`)
}

func isSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }

// integer writes a number cell.
func (s *xlsxSheet) integer(v int64) {
	s.open(xlsxStyleDefault, "")
	s.buf = append(strconv.AppendInt(append(s.buf[:0], `<v>`...), v, 10), `</v></c>`...)
	s.w.Write(s.buf)
}

// float writes a number cell; not a number or an infinity leaves it empty.
func (s *xlsxSheet) float(v float64) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		s.skip()
		return
	}
	s.open(xlsxStyleDefault, "")
	s.buf = append(strconv.AppendFloat(append(s.buf[:0], `<v>`...), v, 'f', -1, 64), `</v></c>`...)
	s.w.Write(s.buf)
}

// date writes t's day and time, read as they are (a spreadsheet date has
// no zone), as a serial number in the date style.
func (s *xlsxSheet) date(t time.Time) {
	s.open(xlsxStyleDate, "")
	s.buf = append(strconv.AppendFloat(append(s.buf[:0], `<v>`...), excelSerial(t), 'f', -1, 64), `</v></c>`...)
	s.w.Write(s.buf)
}

// excelEpoch is day 0 of Excel's 1900 date system, as counted from 1 March
// 1900 on (Excel counts a 29 February 1900 that never was).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// excelSerial is t's wall clock as days since excelEpoch, the fraction the
// time of day; right from 1 March 1900 on.
func excelSerial(t time.Time) float64 {
	wall := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
	d := wall.Sub(excelEpoch)
	days := d / (24 * time.Hour)
	return float64(days) + float64(d-days*24*time.Hour)/float64(24*time.Hour)
}

// appendColumnName appends the name of the column col (from 0): A … Z,
// AA … ZZ, AAA ….
func appendColumnName(b []byte, col int) []byte {
	var name [4]byte
	i := len(name)
	for col++; col > 0; col = (col - 1) / 26 {
		i--
		name[i] = byte('A' + (col-1)%26)
	}
	return append(b, name[i:]...)
}

// appendCellText appends v without the characters XML 1.0 forbids (C0
// controls but tab and line ends, U+FFFE, U+FFFF, invalid UTF-8), cut to
// Excel's limit of 32,767 characters (counted as UTF-16 code units, as
// Excel does: a character beyond U+FFFF counts two).
func appendCellText(b []byte, v string) []byte {
	units := 0
	for i := 0; i < len(v); {
		if c := v[i]; c >= 0x20 && c < utf8.RuneSelf || c == '\t' || c == '\n' || c == '\r' {
			if units == xlsxMaxCellChars {
				break
			}
			units++
			b = append(b, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(v[i:])
		if !xmlChar(r) || (r == utf8.RuneError && size == 1) {
			i += size
			continue
		}
		u := 1
		if r > 0xFFFF {
			u = 2
		}
		if units+u > xlsxMaxCellChars {
			break
		}
		units += u
		b = append(b, v[i:i+size]...)
		i += size
	}
	return b
}

// xmlChar reports whether XML 1.0 allows r in a document (production Char).
func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

// xmlText is v escaped for XML text or an attribute, its forbidden
// characters dropped.
func xmlText(v string) string {
	var sb strings.Builder
	xml.EscapeText(&sb, appendCellText(nil, v))
	return sb.String()
}
