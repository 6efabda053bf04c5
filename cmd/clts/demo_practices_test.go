package main

import (
	"context"
	"testing"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/postgres"
)

// demoPractices counts the practices of the demo committee 37-41 that its
// pilot sees in the moderation lists and the catalogue, state by state.
func demoPractices(t *testing.T, url string) int {
	t.Helper()
	ctx := context.Background()
	db, err := postgres.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var sc postgres.Scope
	if err := db.Read(ctx, postgres.Scope{}, func(tx *postgres.Tx) error {
		c, err := tx.CommitteeBySlug(ctx, "37-41")
		if err != nil {
			return err
		}
		a, err := tx.AccountByIdentifier(ctx, "pilote")
		sc = postgres.InCommittee(c.ID, a.ID)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	total := 0
	if err := db.Read(ctx, sc, func(tx *postgres.Tx) error {
		for _, st := range []string{clts.PracticePublished, clts.PracticeSubmitted, clts.PracticeReturned, clts.PracticeWithdrawn} {
			_, n, err := tx.Practices(ctx, postgres.PracticeQuery{Status: st})
			if err != nil {
				return err
			}
			total += n
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return total
}
