package postgres_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/postgres"
)

// TestPracticeNationalSearchSync: the national search matches in
// practice_national_search, which every change of a practice's sharing,
// state or text keeps in step, and what it finds is still filtered by the
// practices' policies.
func TestPracticeNationalSearchSync(t *testing.T) {
	t.Parallel()
	w := newPracticeWorld(t)
	reader := w.national(0)
	found := func(word string, id int64) bool {
		t.Helper()
		hits, total := search(t, w, reader, postgres.PracticeQuery{Text: word})
		for _, h := range hits {
			if h.Practice.ID == id && h.Practice.CommitteeID == w.a {
				if total != len(hits) {
					t.Errorf("search %q: total %d, %d hits", word, total, len(hits))
				}
				return true
			}
		}
		return false
	}
	p := complete("Permanence itinérante en bibliobus")
	id := w.inState(w.a, w.authorA, w.pilotA, p, clts.PracticePublished, false)
	if found("bibliobus", id) {
		t.Fatal("a published practice not shared is found nationally")
	}
	share := func(on bool) {
		w.must(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error { return tx.SharePractice(ctx, id, on) })
	}
	share(true)
	if !found("bibliobus", id) {
		t.Fatal("a shared practice is not found nationally")
	}
	// An edit: the new word is found, the old one no longer.
	w.must(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
		cur, err := tx.PracticeByID(ctx, id)
		if err != nil {
			return err
		}
		cur.Title, cur.Summary = "Permanence itinérante en camionnette", "Une camionnette va vers les familles."
		return tx.UpdatePractice(ctx, *cur, postgres.PracticeTexts{})
	})
	if !found("camionnette", id) {
		t.Error("a shared practice is not found by a word of its edit")
	}
	if found("bibliobus", id) {
		t.Error("a shared practice is still found by a word its edit removed")
	}
	share(false)
	if found("camionnette", id) {
		t.Error("an unshared practice is found nationally")
	}
	share(true)
	if !found("camionnette", id) {
		t.Fatal("a practice shared again is not found nationally")
	}
	w.must(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.WithdrawPractice(ctx, id, "Action arrêtée.")
	})
	if found("camionnette", id) {
		t.Error("a withdrawn practice is found nationally")
	}

	// A row planted in practice_national_search for a practice that is not
	// shared (here by a writer of committee a, whose policy lets it write
	// its own rows) does not make it readable nationally: practices'
	// policies still filter the join.
	hidden := w.inState(w.a, w.authorA, w.pilotA, complete("Jardin partagé du quartier"), clts.PracticePublished, false)
	w.must(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
		_, err := tx.PG().Exec(ctx, `INSERT INTO practice_national_search (committee_id, practice_id, search, published_at)
			SELECT committee_id, id, search, published_at FROM practices WHERE committee_id = $1 AND id = $2`, w.a, hidden)
		return err
	})
	if found("jardin", hidden) {
		t.Error("a planted row makes an unshared practice visible nationally")
	}
	// Another committee cannot write a's rows.
	err := w.step(w.in(w.b, 0), func(ctx context.Context, tx *postgres.Tx) error {
		_, err := tx.PG().Exec(ctx, `DELETE FROM practice_national_search WHERE committee_id = $1`, w.a)
		if err != nil {
			return err
		}
		_, err = tx.PG().Exec(ctx, `INSERT INTO practice_national_search (committee_id, practice_id, search)
			VALUES ($1, $2, to_tsvector('x'))`, w.a, hidden)
		return err
	})
	if err == nil {
		t.Error("committee b writes committee a's rows of practice_national_search")
	}
	var n int
	w.must(w.national(0), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.PG().QueryRow(ctx, `SELECT count(*) FROM practice_national_search WHERE committee_id = $1`, w.a).Scan(&n)
	})
	if n != 1 {
		t.Errorf("committee a has %d rows in practice_national_search, want the planted one", n)
	}
}

// TestPracticeNationalSearchThemes: the national search shows a shared
// practice's themes from practice_national_search, which follows the
// practice's themes and their titles, as the list without a search shows
// them.
func TestPracticeNationalSearchThemes(t *testing.T) {
	t.Parallel()
	w := newPracticeWorld(t)
	reader := w.national(0)
	p := complete("Bibliobus des bourgs")
	p.GroupIDs = []int64{w.groupA[0], w.groupA[1]}
	id := w.inState(w.a, w.authorA, w.pilotA, p, clts.PracticePublished, true)
	themes := func(text string) []string {
		t.Helper()
		hits, _ := search(t, w, reader, postgres.PracticeQuery{Text: text})
		for _, h := range hits {
			if h.ID == id && h.CommitteeID == w.a {
				return h.Groups
			}
		}
		t.Fatalf("%q does not find the shared practice", text)
		return nil
	}
	listed := func() []string {
		t.Helper()
		hits, _ := search(t, w, reader, postgres.PracticeQuery{})
		for _, h := range hits {
			if h.ID == id && h.CommitteeID == w.a {
				return h.Groups
			}
		}
		t.Fatal("the national list does not show the shared practice")
		return nil
	}
	check := func(step string, want ...string) {
		t.Helper()
		if got := themes("bibliobus"); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: the search shows the themes %q, want %q", step, got, want)
		}
		if got := listed(); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: the list shows the themes %q, want %q", step, got, want)
		}
	}
	check("shared", "Coopérations locales", "Numérique et accès aux droits")
	w.must(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
		g, err := tx.GroupByID(ctx, w.groupA[0])
		if err != nil {
			return err
		}
		g.Title = "Accès aux droits et numérique"
		return tx.UpdateGroup(ctx, *g)
	})
	check("a theme renamed", "Accès aux droits et numérique", "Coopérations locales")
	w.must(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
		cur, err := tx.PracticeByID(ctx, id)
		if err != nil {
			return err
		}
		cur.GroupIDs = []int64{w.groupA[1]}
		return tx.UpdatePractice(ctx, *cur, postgres.PracticeTexts{})
	})
	check("a theme removed", "Coopérations locales")
}
