package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// postNews posts a news form as c, with its files, and returns where the
// portal sends c (the item's page).
func postNews(t *testing.T, c *client, path string, fields url.Values, files ...upFile) string {
	t.Helper()
	res, body := postPracticeForm(t, c, path, fields, files...)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST %s = %d, want 303\n%.3000s", path, res.StatusCode, body)
	}
	return res.Header.Get("Location")
}

// newsForm is a news form filled in.
func newsForm(title string) url.Values {
	return url.Values{"titre": {title}, "resume": {"Un résumé de l'actualité."},
		"texte": {"Le **texte** de l'actualité."}, "date": {time.Now().Format(time.DateOnly)}}
}

// setupNewsMatrix adds the ids of the news rows to the route matrix's
// sets, made over HTTP as their people would: in 37-41, {newsID}, a local
// item the pilot posted with the attachment {newsFileID}; the other set
// names the other committee's item and attachment. {nationalNewsID}, with
// {nationalNewsFileID}, is a national item the HCTS publisher posted, the
// same in both sets.
func setupNewsMatrix(t *testing.T, clients map[string]*client, own, other map[string]string) {
	t.Helper()
	file := func(c *client, page string) string {
		links := attachmentLinks(t, c, page)
		if len(links) != 1 {
			t.Fatalf("%s has %d attachments", page, len(links))
		}
		return links[0][strings.LastIndex(links[0], "/")+1:]
	}
	item := postNews(t, clients["pilote"], "/c/37-41/actualites/nouvelle", newsForm("Actualité de la matrice"), upFile{"annexe.pdf", samplePDF})
	own["newsID"], own["newsFileID"] = idAtEnd(t, item), file(clients["pilote"], item)
	theirs := postNews(t, clients["pilote-autre"], "/c/autre/actualites/nouvelle", newsForm("Actualité du Loiret de la matrice"), upFile{"loiret.pdf", samplePDF})
	other["newsID"], other["newsFileID"] = idAtEnd(t, theirs), file(clients["pilote-autre"], theirs)
	national := postNews(t, clients["hcts"], "/national/actualites/nouvelle", newsForm("Actualité nationale de la matrice"), upFile{"national.pdf", samplePDF})
	own["nationalNewsID"], own["nationalNewsFileID"] = idAtEnd(t, national), file(clients["hcts"], national)
	other["nationalNewsID"], other["nationalNewsFileID"] = own["nationalNewsID"], own["nationalNewsFileID"]
}
