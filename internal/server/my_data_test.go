package server

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
)

// TestMyDataArchive: the supported person downloads a zip that opens and
// holds their meeting answers, and none of another member's.
func TestMyDataArchive(t *testing.T) {
	f := newFixture(t)
	c := f.login("accompagne")
	res, body := c.get(paths.MyData)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("page: %d", res.StatusCode)
	}
	if doc := parse(t, body); doc.Find(`a[href="`+paths.MyDataArchive+`"]`).Length() != 1 {
		t.Error("no link to the archive")
	}
	res, body = c.get(paths.MyDataArchive)
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/zip" ||
		!strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("archive: %d %q %q", res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Content-Disposition"))
	}
	z, err := zip.NewReader(bytes.NewReader([]byte(body)), int64(len(body)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, zf := range z.File {
		r, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(r)
		r.Close()
		files[zf.Name] = string(b)
	}
	me := strconv.FormatInt(f.accounts["accompagne"], 10)
	answers := files["comites/37-41/meeting_responses.json"]
	if !strings.Contains(answers, `"account_id": `+me) {
		t.Errorf("the person's answers are missing: %.300s", answers)
	}
	other := strconv.FormatInt(f.accounts["partenaire"], 10)
	if strings.Contains(answers, `"account_id": `+other+`,`) {
		t.Error("another member's answers are in the archive")
	}
	if _, ok := files["README.txt"]; !ok {
		t.Error("no README.txt")
	}
}

// TestMyDataErasureRequest: without the box ticked, 422 with the message
// next to it and nothing written; ticked, the request is recorded and the
// pilots see it with its deadline; the last pilot may not ask.
func TestMyDataErasureRequest(t *testing.T) {
	f := newFixture(t)
	c := f.login("accompagne")
	res, body := c.post(paths.MyDataErasure, url.Values{})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("unconfirmed: %d", res.StatusCode)
	}
	if doc := parse(t, body); doc.Find(`#f-confirme[aria-invalid="true"]`).Length() != 1 || doc.Find("#f-confirme-error").Length() != 1 {
		t.Error("the message is not next to the box")
	}
	var pending *postgres.ErasureRequest
	f.read("", "accompagne", func(tx *postgres.Tx) error {
		var err error
		pending, err = tx.MyErasureRequest(context.Background())
		return err
	})
	if pending != nil {
		t.Fatal("an unconfirmed form recorded a request")
	}
	res, _ = c.post(paths.MyDataErasure, url.Values{paths.ErasureConfirmField: {"oui"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirmed: %d", res.StatusCode)
	}
	_, body = c.get(paths.MyData)
	if !strings.Contains(body, "au plus tard le") {
		t.Error("the person's page does not show the deadline")
	}
	pilot := f.login("pilote")
	res, body = pilot.get(paths.ErasureRequests("37-41"))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("pilots' list: %d", res.StatusCode)
	}
	doc := parse(t, body)
	form := doc.Find(`form[action="` + paths.ErasureConfirm("37-41", f.accounts["accompagne"]) + `"]`)
	if form.Length() != 1 || !strings.Contains(body, "au plus tard le") {
		t.Fatalf("the pilots do not see the request with its deadline: %s", doc.Find("main").Text())
	}
	if res, _ := f.login("pilote-autre").get(paths.ErasureRequests("37-41")); res.StatusCode != http.StatusNotFound {
		t.Errorf("the other committee's pilot: %d", res.StatusCode)
	}
	if res, _ := f.login("partenaire").post(paths.ErasureConfirm("37-41", f.accounts["accompagne"]), url.Values{}); res.StatusCode != http.StatusForbidden {
		t.Errorf("a partner confirming: %d", res.StatusCode)
	}
	res, _ = pilot.post(paths.ErasureConfirm("37-41", f.accounts["accompagne"]), url.Values{paths.ErasureConfirmField: {"oui"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("pilot's confirmation: %d", res.StatusCode)
	}
	f.read("", "", func(tx *postgres.Tx) error {
		a, err := tx.AccountByID(context.Background(), f.accounts["accompagne"])
		if err == nil && (a.DisplayName != postgres.ErasedName || !a.Disabled) {
			t.Errorf("account after confirmation: %+v", a)
		}
		return err
	})
	if res, _ := c.get(paths.MyData); res.StatusCode != http.StatusSeeOther {
		t.Errorf("the erased person's session still works: %d", res.StatusCode)
	}
}

// TestMyDataLargeArchive: beyond inlineExportLimit of uploaded files, the
// archive is prepared in the background: the direct link sends back to the
// page, the page asks the worker, shows the archive in preparation, then
// its link, which downloads the archive the worker stored.
func TestMyDataLargeArchive(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	raw := make([]byte, inlineExportLimit/2+1024)
	_, _ = rand.Read(raw)
	content := hex.EncodeToString(raw)
	f.write("37-41", "accompagne", func(tx *postgres.Tx) error {
		_, err := tx.CreateFile(ctx, "photos.txt", "text/plain", strings.NewReader(content), int64(len(content)))
		return err
	})
	c := f.login("accompagne")
	if res, _ := c.get(paths.MyDataArchive); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("direct download of a large archive: %d", res.StatusCode)
	}
	_, body := c.get(paths.MyData)
	if parse(t, body).Find(`form[action="`+paths.MyDataArchives+`"]`).Length() != 1 {
		t.Fatal("no form to prepare the archive")
	}
	if res, _ := c.post(paths.MyDataArchives, url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("request: %d", res.StatusCode)
	}
	if _, body := c.get(paths.MyData); !strings.Contains(body, "en préparation") {
		t.Error("the page does not say the archive is being prepared")
	}
	if built, err := f.db.App.BuildNextDataExport(ctx, time.Now()); err != nil || !built {
		t.Fatalf("worker: %v, %v", built, err)
	}
	_, body = c.get(paths.MyData)
	href, ok := parse(t, body).Find(`a[href^="` + paths.MyDataArchives + `/"]`).Attr("href")
	if !ok {
		t.Fatal("no link to the prepared archive")
	}
	res, zipBody := c.get(href)
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/zip" {
		t.Fatalf("stored archive: %d %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	z, err := zip.NewReader(bytes.NewReader([]byte(zipBody)), int64(len(zipBody)))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, zf := range z.File {
		found = found || (strings.HasSuffix(zf.Name, "-photos.txt") && zf.UncompressedSize64 == uint64(len(content)))
	}
	if !found {
		t.Error("the uploaded file is not whole in the stored archive")
	}
	if res, _ := f.login("professionnel").get(href); res.StatusCode != http.StatusNotFound {
		t.Errorf("another member downloading the archive: %d", res.StatusCode)
	}
}
