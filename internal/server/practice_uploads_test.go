package server

import (
	"bytes"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
)

// TestPracticeAttachmentsRefusedByContent: the type of a file is read in
// its content, never in its name. A refused file is said next to the file
// field, every other field comes back as typed, and nothing is saved.
func TestPracticeAttachmentsRefusedByContent(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	partner := f.login("partenaire")
	theme := f.groupID("Travail en réseau")
	// The demo's practices have files of their own.
	filesBefore := f.ownerCommitteeCount("37-41", `SELECT count(*) FROM files`)
	overLimit := append(append([]byte{}, samplePDF...), make([]byte, maxAttachmentBytes)...)
	for _, tc := range []struct {
		name string
		file upFile
		want string // in the message
	}{
		{"HTML renamed .pdf", upFile{"compte-rendu.pdf", []byte("<!DOCTYPE html><html><body><p>Bonjour</p><script>alert(1)</script></body></html>")}, "n'est pas d'un type accepté"},
		{"SVG with a script", upFile{"schema.svg", []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script><rect width="10" height="10"/></svg>`)}, "n'est pas d'un type accepté"},
		{"SVG renamed .png", upFile{"schema.png", []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>`)}, "n'est pas d'un type accepté"},
		{"script", upFile{"outil.pdf", []byte("#!/bin/sh\nrm -rf /\n")}, "n'est pas d'un type accepté"},
		{"executable", upFile{"installateur.pdf", append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"), make([]byte, 200)...)}, "n'est pas d'un type accepté"},
		{"empty", upFile{"vide.pdf", nil}, "est vide"},
		{"over the limit", upFile{"gros.pdf", overLimit}, "dépasse 20 Mo"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			title := "Pratique avec pièce jointe : " + tc.name
			form := completePractice(title)
			form["themes"] = []string{theme}
			form["autres_acteurs"] = []string{"Association « Lien & Partage »"}
			res, body := postPracticeForm(t, partner, "/c/37-41/pratiques/nouvelle", form, tc.file)
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422\n%.2000s", res.StatusCode, body)
			}
			doc := parse(t, body)
			msg := tiedError(t, doc, "pieces_jointes")
			if !strings.Contains(msg, tc.file.name) || !strings.Contains(msg, tc.want) {
				t.Errorf("message next to the file field = %q, want the file's name and %q", msg, tc.want)
			}
			if doc.Find(".error-summary a[href='#f-pieces_jointes']").Length() != 1 {
				t.Error("the error summary does not link to the file field")
			}
			// Every other field as typed.
			if got := doc.Find("#f-titre").AttrOr("value", ""); got != title {
				t.Errorf("title kept as %q", got)
			}
			if got := doc.Find("#f-contexte").Text(); got != form.Get("contexte") {
				t.Errorf("context kept as %q", got)
			}
			if got := doc.Find("#f-autres_acteurs").Text(); got != "Association « Lien & Partage »" {
				t.Errorf("other actors kept as %q", got)
			}
			if got := doc.Find("#f-annee").AttrOr("value", ""); got != "2019" {
				t.Errorf("year kept as %q", got)
			}
			if _, checked := doc.Find("input[name=themes][value='" + theme + "']").Attr("checked"); !checked {
				t.Error("the theme is no longer checked")
			}
			if _, checked := doc.Find("#f-en_cours").Attr("checked"); !checked {
				t.Error("« still running » is no longer checked")
			}
			if n := f.ownerCommitteeCount("37-41", `SELECT count(*) FROM practices WHERE title = $1`, title); n != 0 {
				t.Errorf("%d practices saved with a refused file", n)
			}
		})
	}
	if n := f.ownerCommitteeCount("37-41", `SELECT count(*) FROM files`) - filesBefore; n != 0 {
		t.Errorf("%d files stored from refused uploads", n)
	}
}

// TestPracticeAttachmentTypedByContent: a PDF named .exe is stored as a
// PDF named .pdf; several files go in at once; downloads are attachments
// with the checked type, nosniff, their length and their name encoded.
func TestPracticeAttachmentTypedByContent(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	partner, member := f.login("partenaire"), f.login("professionnel")
	png := samplePNG(t)
	form := completePractice("Fiche avec ses pièces jointes")
	id := savePractice(t, partner, "/c/37-41/pratiques/nouvelle", form,
		upFile{"rapport.exe", samplePDF}, upFile{`C:\Users\karim\Bilan été "2019".pdf`, samplePDF}, upFile{"photo", png})
	sheet := "/c/37-41/pratiques/" + id
	res, body := partner.get(sheet)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("sheet: %d", res.StatusCode)
	}
	doc := parse(t, body)
	links := map[string]string{}
	doc.Find("a[href*='/pieces-jointes/']").Each(func(_ int, a *goquery.Selection) {
		name := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(a.Text()), "(téléchargement)"))
		links[name] = a.AttrOr("href", "")
	})
	for _, name := range []string{"rapport.pdf", `Bilan été "2019".pdf`, "photo.png"} {
		if links[name] == "" {
			t.Errorf("no attachment named %q on the sheet; found %v", name, links)
		}
	}

	// Downloads: the author's and, once published, a member's.
	mustStep(t, partner, sheet+"/proposer", url.Values{})
	mustStep(t, f.login("pilote"), sheet+"/publier", url.Values{})
	for _, tc := range []struct {
		name, ctype string
		data        []byte
	}{
		{"rapport.pdf", "application/pdf", samplePDF},
		{`Bilan été "2019".pdf`, "application/pdf", samplePDF},
		{"photo.png", "image/png", png},
	} {
		res, body := member.get(links[tc.name])
		if res.StatusCode != http.StatusOK {
			t.Fatalf("download %s: %d", tc.name, res.StatusCode)
		}
		h := res.Header
		if h.Get("Content-Type") != tc.ctype || h.Get("X-Content-Type-Options") != "nosniff" ||
			h.Get("Content-Length") != strconv.Itoa(len(tc.data)) || !strings.Contains(h.Get("Cache-Control"), "no-store") {
			t.Errorf("download %s: headers %v", tc.name, h)
		}
		disp, params, err := mime.ParseMediaType(h.Get("Content-Disposition"))
		if err != nil || disp != "attachment" || params["filename"] != tc.name {
			t.Errorf("download %s: Content-Disposition %q gives %s %v (%v)", tc.name, h.Get("Content-Disposition"), disp, params, err)
		}
		if !strings.Contains(h.Get("Content-Disposition"), `filename="`) {
			t.Errorf("download %s: no plain filename for old clients: %q", tc.name, h.Get("Content-Disposition"))
		}
		if body != string(tc.data) {
			t.Errorf("download %s: %d bytes differ from the %d sent", tc.name, len(body), len(tc.data))
		}
	}
}

// TestPracticeUploadBodyLimits: the practice forms do not depend on
// MAX_BODY_BYTES, and a body beyond UPLOAD_MAX_BYTES keeps the fields
// typed before the file.
func TestPracticeUploadBodyLimits(t *testing.T) {
	t.Parallel()
	base := newFixture(t)
	f := base.withEnv(t, map[string]string{"MAX_BODY_BYTES": "65536", "UPLOAD_MAX_BYTES": "400000"})
	partner := f.login("partenaire")
	big := append(append([]byte{}, samplePDF...), make([]byte, 200_000)...)

	// 200 KB, over MAX_BODY_BYTES, under UPLOAD_MAX_BYTES: accepted.
	savePractice(t, partner, "/c/37-41/pratiques/nouvelle", completePractice("Fiche au gros programme"), upFile{"programme.pdf", big})
	// The rest of the portal keeps its small limit.
	res, _ := partner.post("/c/37-41/mon-profil", url.Values{"presentation": {strings.Repeat("a", 70_000)}})
	if res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("a 70 KB profile: %d, want 413", res.StatusCode)
	}
	// Over UPLOAD_MAX_BYTES: the file is refused, the text kept.
	res, body := postPracticeForm(t, partner, "/c/37-41/pratiques/nouvelle", completePractice("Fiche trop lourde"),
		upFile{"premier.pdf", big}, upFile{"second.pdf", big})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("over UPLOAD_MAX_BYTES: %d, want 422\n%.2000s", res.StatusCode, body)
	}
	doc := parse(t, body)
	if msg := tiedError(t, doc, "pieces_jointes"); !strings.Contains(msg, "second.pdf") {
		t.Errorf("message next to the file field: %q", msg)
	}
	if got := doc.Find("#f-titre").AttrOr("value", ""); got != "Fiche trop lourde" {
		t.Errorf("title kept as %q", got)
	}
}

// TestPracticeAttachmentsPerPracticeLimit: the files of a practice stay
// within 50 MB in all; beyond, the form says how much is left.
func TestPracticeAttachmentsPerPracticeLimit(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	partner := f.login("partenaire")
	file := func(name string) upFile {
		return upFile{name, append(append([]byte{}, samplePDF...), make([]byte, 18<<20)...)}
	}
	id := savePractice(t, partner, "/c/37-41/pratiques/nouvelle", completePractice("Fiche aux lourdes annexes"), file("annexe1.pdf"), file("annexe2.pdf"))
	_, body := partner.get("/c/37-41/pratiques/" + id + "/modifier")
	form := completePractice("Fiche aux lourdes annexes")
	form["version"] = []string{parse(t, body).Find("input[name=version]").AttrOr("value", "")}
	res, body := postPracticeForm(t, partner, "/c/37-41/pratiques/"+id+"/modifier", form, file("annexe3.pdf"))
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a third 18 MB file: %d, want 422", res.StatusCode)
	}
	if msg := tiedError(t, parse(t, body), "pieces_jointes"); !strings.Contains(msg, "50 Mo") || !strings.Contains(msg, "il reste") {
		t.Errorf("message next to the file field: %q", msg)
	}
	if n := f.ownerCommitteeCount("37-41", `SELECT count(*) FROM practice_attachments WHERE practice_id = $1`, id); n != 2 {
		t.Errorf("%d files attached, want 2", n)
	}
}

// TestPracticeMarkdownBounds: a long text beyond its length, or beyond
// what the Markdown renderer takes, is said next to its field, the text
// kept, nothing saved.
func TestPracticeMarkdownBounds(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	partner := f.login("partenaire")
	for _, tc := range []struct {
		name, field, text string
	}{
		{"too long", "moyens", strings.Repeat("Des moyens. ", 2000)},
		{"quotes nested too deep", "contexte", strings.Repeat("> ", 12) + "trop profond"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			form := completePractice("Fiche au texte refusé : " + tc.name)
			form[tc.field] = []string{tc.text}
			res, body := postPracticeForm(t, partner, "/c/37-41/pratiques/nouvelle", form)
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", res.StatusCode)
			}
			doc := parse(t, body)
			if msg := tiedError(t, doc, tc.field); msg == "" {
				t.Errorf("no message next to %s", tc.field)
			}
			if got := doc.Find("#f-" + tc.field).Text(); got != strings.TrimSpace(tc.text) {
				t.Errorf("%s not kept as typed (%d characters back)", tc.field, len(got))
			}
			if n := f.ownerCommitteeCount("37-41", `SELECT count(*) FROM practices WHERE title = $1`, form.Get("titre")); n != 0 {
				t.Error("the practice was saved")
			}
		})
	}
}

// ownerCommitteeCount counts rows of committee slug as the tables' owner,
// behind the portal's back.
func (f *fixture) ownerCommitteeCount(slug, sql string, args ...any) int {
	f.t.Helper()
	conn := f.ownerConn()
	ctx := f.t.Context()
	if _, err := conn.Exec(ctx, `SELECT set_config('clts.committee_id', $1, false)`, strconv.FormatInt(f.committees[slug], 10)); err != nil {
		f.t.Fatal(err)
	}
	var n int
	if err := conn.QueryRow(ctx, sql, args...).Scan(&n); err != nil {
		f.t.Fatal(err)
	}
	return n
}

// pausedReader sends its first part, waits, then sends the rest: a slow
// line.
type pausedReader struct {
	first, rest io.Reader
	pause       time.Duration
	paused      bool
}

func (p *pausedReader) Read(b []byte) (int, error) {
	if n, err := p.first.Read(b); n > 0 || err != io.EOF {
		return n, err
	}
	if !p.paused {
		p.paused = true
		time.Sleep(p.pause)
	}
	return p.rest.Read(b)
}

// TestPracticeSlowUpload: a practice form whose files take longer than
// REQUEST_TIMEOUT to arrive is still received and saved; other pages keep
// REQUEST_TIMEOUT.
func TestPracticeSlowUpload(t *testing.T) {
	t.Parallel()
	f := newFixture(t).withEnv(t, map[string]string{"REQUEST_TIMEOUT": "1s"})
	partner := f.login("partenaire")
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	_ = w.WriteField("titre", "Fiche envoyée lentement")
	fw, _ := w.CreateFormFile("pieces_jointes", "lent.pdf")
	_, _ = fw.Write(samplePDF)
	_ = w.Close()
	half := body.Len() - 200
	req, err := http.NewRequest(http.MethodPost, partner.base+"/c/37-41/pratiques/nouvelle",
		&pausedReader{first: bytes.NewReader(body.Bytes()[:half]), rest: bytes.NewReader(body.Bytes()[half:]), pause: 1500 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	req.ContentLength = int64(body.Len())
	req.Header.Set("Content-Type", w.FormDataContentType())
	res, err := partner.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("a slow upload: %d, want 303\n%.2000s", res.StatusCode, page)
	}
	if n := f.ownerCommitteeCount("37-41", `SELECT count(*) FROM practices WHERE title = 'Fiche envoyée lentement'`); n != 1 {
		t.Errorf("%d practices saved from the slow upload", n)
	}
}

// TestPracticeUploadMemory: a 20 MB attachment goes through the practice
// form as a stream (issue 12: an upload does not raise the server's memory
// by more than a few MB). While it is received, spooled to a temporary
// file and copied into PostgreSQL chunk by chunk, the live heap of the
// process (the portal, and the test's client, which writes the body as it
// is sent) stays within a few MB of what it was before; a handler that
// read the file whole would hold 20 MB.
func TestPracticeUploadMemory(t *testing.T) {
	// Not parallel: the heap measured is the whole test binary's.
	f := newFixture(t)
	partner := f.login("partenaire")
	const size = maxAttachmentBytes - 1024
	pr, pw := io.Pipe()
	w := multipart.NewWriter(pw)
	go func() {
		err := func() error {
			for k, vs := range completePractice("Fiche à la lourde pièce jointe") {
				for _, v := range vs {
					if err := w.WriteField(k, v); err != nil {
						return err
					}
				}
			}
			fw, err := w.CreateFormFile("pieces_jointes", "rapport.pdf")
			if err != nil {
				return err
			}
			if _, err := fw.Write(samplePDF); err != nil {
				return err
			}
			if _, err := io.Copy(fw, io.LimitReader(zeros{}, size-int64(len(samplePDF)))); err != nil {
				return err
			}
			return w.Close()
		}()
		pw.CloseWithError(err)
	}()
	req, err := http.NewRequest(http.MethodPost, partner.base+"/c/37-41/pratiques/nouvelle", pr)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", w.FormDataContentType())

	// The live heap: what a collection leaves.
	live := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	before := live()
	stop, peak := make(chan struct{}), make(chan uint64)
	go func() {
		var most uint64
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				peak <- most
				return
			case <-tick.C:
				most = max(most, live())
			}
		}
	}()
	res, err := partner.http.Do(req)
	close(stop)
	most := <-peak
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("a 20 MB attachment: %d, want 303\n%.2000s", res.StatusCode, page)
	}
	if n := f.ownerCommitteeCount("37-41", `SELECT count(*) FROM files WHERE size = $1`, int64(size)); n != 1 {
		t.Fatalf("%d files of %d bytes stored, want 1", n, size)
	}
	const allowed = 6 << 20
	if most > before+allowed {
		t.Errorf("the live heap went from %.1f MB to %.1f MB during the upload, more than %d MB above",
			float64(before)/(1<<20), float64(most)/(1<<20), allowed>>20)
	}
	t.Logf("live heap: %.1f MB before, at most %.1f MB during the upload", float64(before)/(1<<20), float64(most)/(1<<20))
}

// zeros reads as an endless run of zero bytes.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}
