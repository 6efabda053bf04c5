package demo

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strings"
	"unicode/utf16"
)

// The demo's attachments are generated, not shipped: a one-page PDF
// written byte by byte (no PDF library for a demo file) and a small PNG
// chart drawn with the standard library.

// pdfPageWidth and pdfPageHeight are an A4 page in points.
const (
	pdfPageWidth  = 595
	pdfPageHeight = 842
)

// onePagePDF returns a valid PDF 1.4 document of one A4 page: a bold
// title, then paragraphs of text wrapped to the page's width, and a footer
// saying that the document is a demonstration. Text is written in the
// standard Helvetica fonts with WinAnsiEncoding, which covers French.
func onePagePDF(title string, paragraphs []string) []byte {
	var content bytes.Buffer
	y := pdfPageHeight - 72
	line := func(font string, size int, text string) {
		fmt.Fprintf(&content, "BT /%s %d Tf 56 %d Td (%s) Tj ET\n", font, size, y, pdfString(text))
		y -= size + size/2
	}
	for _, l := range wrap(title, 52) {
		line("F1", 18, l)
	}
	y -= 6
	line("F2", 10, "Comité local du travail social et du développement social — fiche de synthèse")
	y -= 12
	for _, p := range paragraphs {
		for _, l := range wrap(p, 92) {
			line("F2", 11, l)
		}
		y -= 8
	}
	y = 48
	line("F2", 8, "Document de démonstration généré par le Portail CLTS : les personnes et les chiffres sont fictifs.")

	objects := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>",
			pdfPageWidth, pdfPageHeight),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", content.Len(), content.String()),
		"<< /Title " + pdfTextString(title) + " /Producer (Portail CLTS) >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n") // the binary comment line tells tools the file is binary
	offsets := make([]int, len(objects))
	for i, o := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off) // each entry is exactly 20 bytes
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, len(objects), xref)
	return b.Bytes()
}

// wrap cuts text into lines of at most width characters, between words.
func wrap(text string, width int) []string {
	var lines []string
	var cur []rune
	for _, w := range strings.Fields(text) {
		r := []rune(w)
		if len(cur) > 0 && len(cur)+1+len(r) > width {
			lines = append(lines, string(cur))
			cur = cur[:0]
		}
		if len(cur) > 0 {
			cur = append(cur, ' ')
		}
		cur = append(cur, r...)
	}
	if len(cur) > 0 {
		lines = append(lines, string(cur))
	}
	return lines
}

// winAnsi maps the characters outside Latin-1 that French text uses to
// their WinAnsiEncoding (Windows-1252) bytes.
var winAnsi = map[rune]byte{
	'€': 0x80, '…': 0x85, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '–': 0x96, '—': 0x97,
	'Œ': 0x8C, 'œ': 0x9C, 'Ÿ': 0x9F, '\u202f': 0xA0,
}

// pdfString writes text as the inside of a PDF literal string in
// WinAnsiEncoding; a character the encoding lacks becomes "?".
func pdfString(text string) string {
	var b strings.Builder
	for _, r := range text {
		switch {
		case r == '(' || r == ')' || r == '\\':
			b.WriteByte('\\')
			b.WriteByte(byte(r))
		case r >= 0x20 && r < 0x7F:
			b.WriteByte(byte(r))
		case r >= 0xA0 && r <= 0xFF:
			fmt.Fprintf(&b, "\\%03o", r)
		case winAnsi[r] != 0:
			fmt.Fprintf(&b, "\\%03o", winAnsi[r])
		default:
			b.WriteByte('?')
		}
	}
	return b.String()
}

// pdfTextString writes text as a PDF text string for the document's
// information (UTF-16BE with its byte order mark, in hexadecimal).
func pdfTextString(text string) string {
	var b strings.Builder
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(text)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">")
	return b.String()
}

// barChartPNG draws values as a bar chart of 320 × 180 pixels on a white
// background, with a baseline: the demo's "chart of the results".
func barChartPNG(values []int) ([]byte, error) {
	const w, h, margin = 320, 180, 16
	img := image.NewPaletted(image.Rect(0, 0, w, h), color.Palette{
		color.White,
		color.RGBA{0x1f, 0x4e, 0x79, 0xff}, // bars: dark blue, readable on white
		color.RGBA{0x40, 0x40, 0x40, 0xff}, // baseline
	})
	top := 1
	for _, v := range values {
		top = max(top, v)
	}
	if len(values) > 0 {
		slot := (w - 2*margin) / len(values)
		for i, v := range values {
			barH := v * (h - 2*margin) / top
			x0 := margin + i*slot + slot/6
			for x := x0; x < x0+slot*2/3; x++ {
				for y := h - margin - barH; y < h-margin; y++ {
					img.SetColorIndex(x, y, 1)
				}
			}
		}
	}
	for x := margin / 2; x < w-margin/2; x++ {
		img.SetColorIndex(x, h-margin, 2)
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return nil, fmt.Errorf("chart: %w", err)
	}
	return b.Bytes(), nil
}
