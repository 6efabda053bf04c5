package postgres_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// reading runs the reading's page (NationalReading) in scope sc.
func (w *nationalWorld) reading(sc postgres.Scope, q postgres.NationalQuery) ([]clts.ContributionHit, int) {
	w.t.Helper()
	var hits []clts.ContributionHit
	var total int
	pgtest.MustRead(w.t, w.db, sc, func(tx *postgres.Tx) error {
		var err error
		_, _, hits, total, err = tx.NationalReading(context.Background(), q)
		return err
	})
	return hits, total
}

// TestReadingCache: a page of a search of the national reading is served
// again from the cache, the same as computed (ranks and excerpts
// included), with what changes without a transmission read again (the
// HCTS's reading); a transmission, another page or another filter is
// computed; another committee's pilot never gets the HCTS's pages.
func TestReadingCache(t *testing.T) {
	t.Parallel()
	w := newNationalWorld(t)
	sent := clts.ContributionTransmitted
	first := w.insert(contrib{committee: w.a, author: w.authorA, category: clts.CategoryNeeds, status: sent,
		title: "Le numérique et l'accès aux droits", body: "Le numérique éloigne ; un accompagnement numérique aide.",
		transmittedAt: time.Now().Add(-3 * time.Hour)})
	w.insert(contrib{committee: w.b, author: w.authorB, category: clts.CategoryGovernance, status: sent,
		title: "Une gouvernance partagée", body: "Un outil numérique prépare les réunions.", transmittedAt: time.Now().Add(-2 * time.Hour)})
	w.insert(contrib{committee: w.b, author: w.authorB, category: clts.CategoryNeeds, status: clts.ContributionValidated,
		title: "Brouillon numérique validé", body: "Le numérique, pas encore transmis."})
	q := postgres.NationalQuery{Text: "numerique"}
	hits0 := postgres.ReadingCacheHits(w.db)

	computed, total := w.reading(w.reader(), q)
	if total != 2 || len(computed) != 2 || computed[0].ID != first {
		t.Fatalf("computed: %d %v", total, titles(computed))
	}
	again, n := w.reading(w.reader(), q)
	if postgres.ReadingCacheHits(w.db) != hits0+1 {
		t.Fatalf("the same search was computed again (cache hits %d)", postgres.ReadingCacheHits(w.db)-hits0)
	}
	if n != total || !slices.Equal(titles(again), titles(computed)) {
		t.Fatalf("from the cache: %d %v, computed %d %v", n, titles(again), total, titles(computed))
	}
	for i := range again {
		if again[i].Rank != computed[i].Rank || again[i].Headline != computed[i].Headline || again[i].CommitteeSlug != computed[i].CommitteeSlug {
			t.Errorf("hit %d from the cache %+v, computed %+v", i, again[i], computed[i])
		}
	}

	// The HCTS's reading changes without a transmission: read again.
	slug := computed[0].CommitteeSlug
	pgtest.MustWrite(t, w.db, w.reader(), func(tx *postgres.Tx) error {
		return tx.SetContributionRetained(context.Background(), slug, first, true)
	})
	if again, _ := w.reading(w.reader(), q); len(again) == 0 || again[0].ID != first || !again[0].Reading.Retained {
		t.Errorf("a kept page shows the reading as it was: %+v", again)
	}

	// A transmission: the page is computed again and holds it.
	later := w.insert(contrib{committee: w.b, author: w.authorB, category: clts.CategoryNeeds, status: sent,
		title: "Numérique et jeunes majeurs", body: "Le numérique pour les jeunes.", transmittedAt: time.Now().Add(-time.Minute)})
	before := postgres.ReadingCacheHits(w.db)
	hits, total := w.reading(w.reader(), q)
	if total != 3 || !slices.Contains(hitIDs(hits), later) {
		t.Errorf("after a transmission: %d %v", total, titles(hits))
	}
	if postgres.ReadingCacheHits(w.db) != before {
		t.Errorf("a page of an older version was served")
	}

	// Another page, another filter: their own pages.
	if hits, total := w.reading(w.reader(), postgres.NationalQuery{Text: "numerique", Offset: 2}); total != 3 || len(hits) != 1 {
		t.Errorf("second page: %d %v", total, titles(hits))
	}
	if hits, total := w.reading(w.reader(), postgres.NationalQuery{Text: "numerique", Category: clts.CategoryGovernance}); total != 1 || len(hits) != 1 {
		t.Errorf("with a category: %d %v", total, titles(hits))
	}

	// Another committee's pilot, in a national scope, sees no transmitted
	// contribution of committee a, cached or not.
	before = postgres.ReadingCacheHits(w.db)
	for _, h := range func() []clts.ContributionHit { h, _ := w.reading(w.national(w.pilotB), q); return h }() {
		if h.CommitteeID == w.a {
			t.Errorf("committee b's pilot reads %q of committee a", h.Title)
		}
	}
	if postgres.ReadingCacheHits(w.db) != before {
		t.Errorf("a page kept for the HCTS served another scope")
	}
	// … nor replaced the HCTS's page.
	if hits, total := w.reading(w.reader(), q); total != 3 || len(hits) != 3 || postgres.ReadingCacheHits(w.db) != before+1 {
		t.Errorf("the HCTS's page after the pilot's search: %d %v, cache hits %d", total, titles(hits), postgres.ReadingCacheHits(w.db)-before)
	}
}

func hitIDs(hits []clts.ContributionHit) []int64 {
	var out []int64
	for _, h := range hits {
		out = append(out, h.ID)
	}
	return out
}
