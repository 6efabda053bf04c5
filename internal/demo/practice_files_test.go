package demo

import (
	"bytes"
	"image/png"
	"net/http"
	"regexp"
	"strconv"
	"testing"
)

// TestPracticePDFIsWellFormed: the demo's PDF opens in a reader only if
// its cross-reference table points at its objects and its stream's
// length is right; its type is detected from its content.
func TestPracticePDFIsWellFormed(t *testing.T) {
	b := onePagePDF("Référent de parcours (bilan) : « 48 personnes »", []string{
		"Un paragraphe assez long pour être coupé en plusieurs lignes, avec des accents : é, è, à, ç, œ, et le signe € — puis la suite.",
	})
	if got := http.DetectContentType(b); got != "application/pdf" {
		t.Fatalf("detected as %q", got)
	}
	m := regexp.MustCompile(`startxref\n(\d+)\n%%EOF\n$`).FindSubmatch(b)
	if m == nil {
		t.Fatal("no startxref at the end")
	}
	xref, _ := strconv.Atoi(string(m[1]))
	if !bytes.HasPrefix(b[xref:], []byte("xref\n0 8\n0000000000 65535 f \n")) {
		t.Fatalf("startxref %d does not point at the table: %q", xref, b[xref:min(len(b), xref+30)])
	}
	entries := regexp.MustCompile(`(\d{10}) 00000 n \n`).FindAllSubmatch(b[xref:], -1)
	if len(entries) != 7 {
		t.Fatalf("%d objects in the table, want 7", len(entries))
	}
	for i, e := range entries {
		off, _ := strconv.Atoi(string(e[1]))
		if want := strconv.Itoa(i+1) + " 0 obj\n"; !bytes.HasPrefix(b[off:], []byte(want)) {
			t.Errorf("object %d: offset %d points at %q", i+1, off, b[off:min(len(b), off+12)])
		}
	}
	s := regexp.MustCompile(`(?s)<< /Length (\d+) >>\nstream\n(.*?)endstream`).FindSubmatch(b)
	if s == nil {
		t.Fatal("no content stream")
	}
	if n, _ := strconv.Atoi(string(s[1])); n != len(s[2]) {
		t.Errorf("stream length %d, content of %d bytes", n, len(s[2]))
	}
	// Accents in WinAnsiEncoding (octal escapes), parentheses escaped.
	for _, want := range []string{`R\351f\351rent de parcours \(bilan\)`, `\253 48 personnes \273`, `\200`, `\234`} {
		if !bytes.Contains(s[2], []byte(want)) {
			t.Errorf("content lacks %s", want)
		}
	}
}

// TestPracticePNGDecodes: the chart is a PNG that decodes.
func TestPracticePNGDecodes(t *testing.T) {
	b, err := barChartPNG([]int{3, 0, 7})
	if err != nil {
		t.Fatal(err)
	}
	if got := http.DetectContentType(b); got != "image/png" {
		t.Fatalf("detected as %q", got)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if r := img.Bounds(); r.Dx() != 320 || r.Dy() != 180 {
		t.Errorf("%v, want 320 × 180", r)
	}
}
