package demo

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"testing"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// TestDemoPracticeCatalogue loads the demo twice, as `make run` does at
// each start: the 37-41 catalogue then holds practices in every state,
// with their stories (a pilot's return comment, revisions, flags), the
// national catalogue holds the shared ones of both committees, and a
// shared attachment reads back whole, with its type.
func TestDemoPracticeCatalogue(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	ctx := context.Background()
	ids := map[string]int64{}
	counts := func() map[string]int {
		out := map[string]int{}
		pgtest.MustRead(t, db.App, postgres.Scope{}, func(tx *postgres.Tx) error {
			for _, login := range []string{"pilote", "hcts", "partenaire"} {
				a, err := tx.AccountByIdentifier(ctx, login)
				if err != nil {
					return err
				}
				ids[login] = a.ID
			}
			c, err := tx.CommitteeBySlug(ctx, "37-41")
			ids["37-41"] = c.ID
			return err
		})
		pgtest.MustRead(t, db.App, postgres.InCommittee(ids["37-41"], ids["pilote"]), func(tx *postgres.Tx) error {
			for _, st := range []string{clts.PracticePublished, clts.PracticeSubmitted, clts.PracticeReturned, clts.PracticeWithdrawn} {
				_, n, err := tx.Practices(ctx, postgres.PracticeQuery{Status: st})
				if err != nil {
					return err
				}
				out[st] = n
			}
			return nil
		})
		pgtest.MustRead(t, db.App, postgres.Scope{AccountID: ids["hcts"], National: true}, func(tx *postgres.Tx) error {
			_, n, err := tx.NationalPractices(ctx, postgres.PracticeQuery{})
			out["shared"] = n
			return err
		})
		return out
	}
	if err := Load(ctx, db.App, io.Discard); err != nil {
		t.Fatal(err)
	}
	first := counts()
	if first[clts.PracticePublished] < 10 || first[clts.PracticeSubmitted] < 3 || first[clts.PracticeReturned] < 1 ||
		first[clts.PracticeWithdrawn] < 1 || first["shared"] < 4 {
		t.Errorf("37-41's catalogue after the demo: %v; want published, submitted, returned, withdrawn and shared practices", first)
	}
	if err := Load(ctx, db.App, io.Discard); err != nil {
		t.Fatal(err)
	}
	if again := counts(); len(again) != len(first) || func() bool {
		for k, v := range first {
			if again[k] != v {
				return true
			}
		}
		return false
	}() {
		t.Errorf("a second demo load changed the practices: %v, then %v", first, again)
	}

	// The stories left their marks: a returned practice keeps its pilot's
	// comment, a revised one its history, a flagged one its flag.
	pgtest.MustRead(t, db.App, postgres.InCommittee(ids["37-41"], ids["pilote"]), func(tx *postgres.Tx) error {
		returned, _, err := tx.Practices(ctx, postgres.PracticeQuery{Status: clts.PracticeReturned})
		if err != nil || len(returned) == 0 {
			return err
		}
		p, err := tx.PracticeByID(ctx, returned[0].ID)
		if err != nil {
			return err
		}
		if p.ReturnComment == "" {
			t.Errorf("returned practice %q without the pilot's comment", p.Title)
		}
		published, _, err := tx.Practices(ctx, postgres.PracticeQuery{Limit: 100})
		if err != nil {
			return err
		}
		revised, flagged := 0, 0
		for _, h := range published {
			revs, err := tx.PracticeRevisions(ctx, h.ID)
			if err != nil {
				return err
			}
			flags, err := tx.PracticeFlags(ctx, h.ID)
			if err != nil {
				return err
			}
			revised += len(revs)
			flagged += len(flags)
		}
		if revised == 0 || flagged == 0 {
			t.Errorf("%d revisions and %d flags on the published practices, want some of each", revised, flagged)
		}
		return nil
	})

	// A reader of the national catalogue finds practices of both
	// committees, and downloads an attachment whose content is of its type.
	pgtest.MustRead(t, db.App, postgres.Scope{AccountID: ids["hcts"], National: true}, func(tx *postgres.Tx) error {
		shared, _, err := tx.NationalPractices(ctx, postgres.PracticeQuery{Limit: 100})
		if err != nil {
			return err
		}
		committees, downloaded := map[string]bool{}, map[string]bool{}
		for _, h := range shared {
			committees[h.CommitteeSlug] = true
			files, err := tx.PracticeAttachments(ctx, h.ID)
			if err != nil {
				return err
			}
			for _, f := range files {
				var b bytes.Buffer
				if err := tx.WriteFileContent(ctx, f.ID, &b); err != nil {
					return err
				}
				if got := http.DetectContentType(b.Bytes()); got != f.ContentType || int64(b.Len()) != f.Size {
					t.Errorf("%s: %d bytes of %s, described as %d bytes of %s", f.Name, b.Len(), got, f.Size, f.ContentType)
				}
				downloaded[f.ContentType] = true
			}
		}
		if !committees["37-41"] || !committees["autre"] {
			t.Errorf("national catalogue from %v, want both demo committees", committees)
		}
		if !downloaded["application/pdf"] || !downloaded["image/png"] {
			t.Errorf("downloaded %v from the national catalogue, want a PDF and a PNG", downloaded)
		}
		return nil
	})
}
