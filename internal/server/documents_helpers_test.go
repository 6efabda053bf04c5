package server

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"testing"
)

// documentFieldOrder is the order of the document form's fields, as a
// browser sends them: the text first, the file last.
var documentFieldOrder = []string{"titre", "description", "dossier", "mots_cles", "lecteurs", "groupe", "note"}

// postDocumentForm sends a document form (new document or new version) as a
// browser would: a multipart body with the fields in the form's order, then
// the file field (empty when no file is given).
func postDocumentForm(t *testing.T, c *client, path string, fields url.Values, files ...upFile) (*http.Response, string) {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	for _, name := range documentFieldOrder {
		for _, v := range fields[name] {
			if err := w.WriteField(name, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	if len(files) == 0 {
		if _, err := w.CreateFormFile("fichier", ""); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range files {
		fw, err := w.CreateFormFile("fichier", f.name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := fw.Write(f.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return c.doRaw(http.MethodPost, path, w.FormDataContentType(), body.String())
}

// addDocument posts a new document as c in committee slug (query: the
// meeting's target, "" for none) and returns its id.
func (f *fixture) addDocument(t *testing.T, c *client, slug, query string, fields url.Values, file upFile) string {
	t.Helper()
	res, body := postDocumentForm(t, c, "/c/"+slug+"/documents/nouveau"+query, fields, file)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("new document %q: status %d, want 303\n%.3000s", fields.Get("titre"), res.StatusCode, body)
	}
	return f.documentID(slug, fields.Get("titre"))
}

// documentID is the id of the document of committee slug titled title.
func (f *fixture) documentID(slug, title string) string {
	f.t.Helper()
	return strconv.Itoa(f.ownerCommitteeCount(slug, `SELECT id::int FROM documents WHERE committee_id = $1 AND title = $2`,
		f.committees[slug], title))
}

// versionID is the id of version number of document id of committee slug.
func (f *fixture) versionID(slug, id string, number int) string {
	f.t.Helper()
	doc, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		f.t.Fatal(err)
	}
	return strconv.Itoa(f.ownerCommitteeCount(slug, `SELECT id::int FROM document_versions WHERE committee_id = $1 AND document_id = $2 AND number = $3`,
		f.committees[slug], doc, number))
}
