package server

import (
	"bytes"
	"mime"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestPracticeAttachmentNames: the stored name is the sent name's last
// part, cleaned, with an extension of the type read in the content.
func TestPracticeAttachmentNames(t *testing.T) {
	pdf, _ := acceptedType("application/pdf")
	jpeg, _ := acceptedType("image/jpeg")
	for _, tc := range []struct {
		typed string
		t     attachmentType
		want  string
	}{
		{"rapport.pdf", pdf, "rapport.pdf"},
		{"RAPPORT.PDF", pdf, "RAPPORT.PDF"},
		{"rapport.exe", pdf, "rapport.pdf"},
		{"rapport.html", pdf, "rapport.pdf"},
		{"rapport", pdf, "rapport.pdf"},
		{"version 2.1 finale", pdf, "version 2.1 finale.pdf"},
		{`C:\Documents\Bilan été.pdf`, pdf, "Bilan été.pdf"},
		{"/home/karim/bilan.pdf", pdf, "bilan.pdf"},
		{"photo.jpeg", jpeg, "photo.jpeg"},
		{"photo.JPG", jpeg, "photo.JPG"},
		{"photo.png", jpeg, "photo.jpg"},
		// A right-to-left override would show « facture‮fdp.exe » as
		// « factureexe.pdf »: the control characters go.
		{"facture\u202efdp.exe", pdf, "facturefdp.pdf"},
		{"ligne\r\nsuivante.pdf", pdf, "lignesuivante.pdf"},
		{".pdf", pdf, "piece-jointe.pdf"},
		{".htaccess", pdf, "htaccess.pdf"},
		{"...", pdf, "piece-jointe.pdf"},
		{"", pdf, "piece-jointe.pdf"},
	} {
		if got := attachmentName(tc.typed, tc.t); got != tc.want {
			t.Errorf("attachmentName(%q) = %q, want %q", tc.typed, got, tc.want)
		}
	}
	long := attachmentName(strings.Repeat("é", 400)+".exe", pdf)
	if n := utf8.RuneCountInString(long); n != maxFileName || !strings.HasSuffix(long, ".pdf") {
		t.Errorf("a long name becomes %d characters ending %q", n, long[len(long)-8:])
	}
}

// TestPracticeAttachmentDisposition: a download is always an attachment;
// its name survives whole in filename*, and the plain filename holds
// nothing that could end the header's value.
func TestPracticeAttachmentDisposition(t *testing.T) {
	for _, name := range []string{"rapport.pdf", `Bilan été "2019".pdf`, "a;b=c.pdf", `x\"; filename=evil.html`, "100 % réussi.pdf", "日本語.pdf"} {
		h := attachmentDisposition(name)
		disp, params, err := mime.ParseMediaType(h)
		if err != nil || disp != "attachment" || params["filename"] != name {
			t.Errorf("%q: %q parses as %s %v (%v)", name, h, disp, params, err)
		}
		if strings.ContainsAny(h, "\r\n") || strings.Count(h, `"`) != 2 {
			t.Errorf("%q: unsafe header %q", name, h)
		}
	}
}

// TestPracticeAttachmentTypes: the accepted types are recognised from
// their content; what a browser would run is not.
func TestPracticeAttachmentTypes(t *testing.T) {
	accepted := map[string][]byte{
		"application/pdf": samplePDF,
		"image/png":       samplePNG(t),
		"image/gif":       []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
		"image/jpeg":      {0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 'J', 'F', 'I', 'F', 0},
	}
	for want, data := range accepted {
		got, ok, err := detectAttachment(bytes.NewReader(data))
		if err != nil || !ok || got.mime != want {
			t.Errorf("%s: detected %q, accepted %v (%v)", want, got.mime, ok, err)
		}
	}
	for name, data := range map[string]string{
		"html":       "<!doctype html><html><script>alert(1)</script></html>",
		"svg":        `<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`,
		"javascript": "#!/usr/bin/env node\nconsole.log(1)",
		"text":       "Bonjour",
		"xml":        `<?xml version="1.0"?><a/>`,
		"zip":        "PK\x03\x04\x14\x00\x00\x00\x00\x00",
	} {
		if got, ok, _ := detectAttachment(strings.NewReader(data)); ok {
			t.Errorf("%s is accepted as %s", name, got.mime)
		}
	}
}
