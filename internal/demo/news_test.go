package demo

import (
	"context"
	"io"
	"testing"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// TestDemoNationalNewsNamesItsSeminar: the demo's national item about the
// annual report's seminar names that seminar (the seminars' national id,
// not a committee's copy, which is 0 there).
func TestDemoNationalNewsNamesItsSeminar(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	ctx := context.Background()
	if err := Load(ctx, db.App, io.Discard); err != nil {
		t.Fatal(err)
	}
	var items []clts.News
	pgtest.MustRead(t, db.App, postgres.Scope{}, func(tx *postgres.Tx) error {
		var err error
		items, _, err = tx.NationalNewsList(ctx, 50, 0)
		return err
	})
	found := false
	for _, n := range items {
		if n.Title == "Séminaire national des CLTS : le rapport annuel" {
			found = true
			if n.SeminarID == 0 || n.SeminarTitle != "Séminaire national des CLTS — rapport annuel" {
				t.Errorf("the item names seminar %d %q", n.SeminarID, n.SeminarTitle)
			}
		}
	}
	if !found {
		t.Error("the demo has no item about the annual report's seminar")
	}
}
