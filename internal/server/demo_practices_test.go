package server

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// TestDemoPracticeAttachmentsDownload: in the demo, the HCTS reader finds
// the shared practices of both committees on the national catalogue and
// downloads their attachments, a PDF and a PNG, each with its type; a
// 37-41 partner downloads the same files from the committee's sheets.
func TestDemoPracticeAttachmentsDownload(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	type attachment struct {
		slug              string
		practice, file    int64
		name, contentType string
	}
	var files []attachment
	pgtest.MustRead(t, f.db.App, postgres.Scope{AccountID: f.accounts["hcts"], National: true}, func(tx *postgres.Tx) error {
		shared, _, err := tx.NationalPractices(ctx, postgres.PracticeQuery{Limit: 100})
		if err != nil {
			return err
		}
		for _, h := range shared {
			list, err := tx.PracticeAttachments(ctx, h.ID)
			if err != nil {
				return err
			}
			for _, a := range list {
				files = append(files, attachment{h.CommitteeSlug, h.ID, a.ID, a.Name, a.ContentType})
			}
		}
		return nil
	})
	types := map[string]bool{}
	for _, a := range files {
		types[a.contentType] = true
	}
	if !types["application/pdf"] || !types["image/png"] {
		t.Fatalf("the demo's shared attachments are of types %v, want a PDF and a PNG", types)
	}

	download := func(c *client, path string, a attachment) {
		t.Helper()
		res, body := c.get(path)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d", path, res.StatusCode)
		}
		if got := res.Header.Get("Content-Type"); !strings.HasPrefix(got, a.contentType) {
			t.Errorf("%s: Content-Type %q, want %s", a.name, got, a.contentType)
		}
		if got := http.DetectContentType([]byte(body)); got != a.contentType {
			t.Errorf("%s: the content reads as %s, not %s", a.name, got, a.contentType)
		}
		if cd := res.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment") || !strings.Contains(cd, a.name) {
			t.Errorf("%s: Content-Disposition %q", a.name, cd)
		}
	}
	hcts, partner := f.login("hcts"), f.login("partenaire")
	for _, a := range files {
		download(hcts, paths.NationalPracticeFile(a.slug, a.practice, a.file), a)
		if a.slug == "37-41" {
			download(partner, paths.PracticeFile(a.slug, a.practice, a.file), a)
		}
	}

	// What the catalogue shows a member of 37-41: published practices,
	// and for the pilot, practices waiting to be read.
	pgtest.MustRead(t, f.db.App, postgres.InCommittee(f.committees["37-41"], f.accounts["pilote"]), func(tx *postgres.Tx) error {
		for _, st := range []string{clts.PracticePublished, clts.PracticeSubmitted} {
			if _, n, err := tx.Practices(ctx, postgres.PracticeQuery{Status: st}); err != nil || n == 0 {
				t.Errorf("37-41 has %d practices %s (%v)", n, st, err)
			}
		}
		return nil
	})
}
