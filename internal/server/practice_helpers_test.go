package server

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/postgres"
)

// samplePDF is a small valid PDF.
var samplePDF = []byte("%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n" +
	"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")

// samplePNG is a one-pixel PNG image.
func samplePNG(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 1, 1))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// upFile is a file chosen in the practice form's file field.
type upFile struct {
	name string
	data []byte
}

// fieldOrder is the order of the practice form's fields, as a browser
// sends them: the text first, the files last, the button pressed at the
// end.
var fieldOrder = []string{"version", "titre", "resume", "contexte", "actions", "moyens", "resultats", "transfert",
	"themes", "institutions", "autres_acteurs", "departement", "annee", "en_cours",
	"contact_membre", "contact_nom", "contact_adresse", "contact_public"}

// postPracticeForm sends the practice form as a browser would: a
// multipart body with fields in the form's order, then the files, then
// the button pressed (fields["apres"]).
func postPracticeForm(t *testing.T, c *client, path string, fields url.Values, files ...upFile) (*http.Response, string) {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	seen := map[string]bool{"apres": true}
	write := func(name string) {
		for _, v := range fields[name] {
			if err := w.WriteField(name, v); err != nil {
				t.Fatal(err)
			}
		}
		seen[name] = true
	}
	for _, name := range fieldOrder {
		write(name)
	}
	for name := range fields {
		if !seen[name] {
			write(name)
		}
	}
	if len(files) == 0 {
		// An empty file field: what browsers send when no file is chosen.
		if _, err := w.CreateFormFile("pieces_jointes", ""); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range files {
		fw, err := w.CreateFormFile("pieces_jointes", f.name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := fw.Write(f.data); err != nil {
			t.Fatal(err)
		}
	}
	for _, v := range fields["apres"] {
		_ = w.WriteField("apres", v)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return c.doRaw(http.MethodPost, path, w.FormDataContentType(), body.String())
}

// completePractice is a practice form filled enough to be proposed.
func completePractice(title string) url.Values {
	return url.Values{
		"titre":    {title},
		"resume":   {"Des permanences pour aider les personnes dans leurs démarches en ligne."},
		"contexte": {"Dans les cantons ruraux, **beaucoup de personnes** renoncent à leurs droits.\n\n- pas d'ordinateur\n- pas de connexion"},
		"actions":  {"Des permanences hebdomadaires dans les mairies, tenues par des conseillers formés."},
		"annee":    {"2019"},
		"en_cours": {"oui"},
	}
}

// savePractice posts the practice form as c and returns the id of the
// practice it saved (the sheet it redirects to).
func savePractice(t *testing.T, c *client, path string, fields url.Values, files ...upFile) string {
	t.Helper()
	res, body := postPracticeForm(t, c, path, fields, files...)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("status %d, want 303\n%.3000s", res.StatusCode, body)
	}
	loc := res.Header.Get("Location")
	const prefix = "/pratiques/"
	i := strings.LastIndex(loc, prefix)
	if i < 0 {
		t.Fatalf("redirected to %q, not a practice", loc)
	}
	id := loc[i+len(prefix):]
	if _, err := strconv.ParseInt(id, 10, 64); err != nil {
		t.Fatalf("redirected to %q, not a practice", loc)
	}
	return id
}

// mustStep posts a workflow step's form as c and expects the sheet again.
func mustStep(t *testing.T, c *client, path string, form url.Values) {
	t.Helper()
	res, body := c.post(path, form)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST %s = %d, want 303\n%.3000s", path, res.StatusCode, body)
	}
}

// tiedError is the message shown next to form field name, tied to its
// control by aria-describedby; "" when none.
func tiedError(t *testing.T, doc *goquery.Document, name string) string {
	t.Helper()
	msg := doc.Find("#f-" + name + "-error")
	if msg.Length() == 0 {
		return ""
	}
	control := doc.Find("#f-" + name)
	if control.Is("input[type=checkbox]") {
		// A group of boxes: the message belongs to its fieldset.
		control = control.Closest("fieldset")
	}
	if control.Is("input, textarea, select, fieldset") {
		if by, _ := control.Attr("aria-describedby"); !strings.Contains(by, "f-"+name+"-error") {
			t.Errorf("the message of %s is not tied to its control (aria-describedby=%q)", name, by)
		}
	}
	return strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(msg.Text()), "Erreur :"))
}

// mailsTo lists the subjects and bodies of the outbox's e-mails to addr,
// newest first.
func (f *fixture) mailsTo(addr string) []postgres.Mail {
	f.t.Helper()
	var out []postgres.Mail
	for _, m := range f.outbox(500) {
		if m.Mail.To == addr {
			out = append(out, m.Mail)
		}
	}
	return out
}

// practice reads a practice of committee slug through the store.
func (f *fixture) practice(slug, id string) *clts.Practice {
	f.t.Helper()
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		f.t.Fatal(err)
	}
	var p *clts.Practice
	f.read(slug, "", func(tx *postgres.Tx) error {
		var err error
		p, err = tx.PracticeByID(context.Background(), n)
		return err
	})
	return p
}
