package postgres_test

import (
	"context"
	"testing"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/pgtest"
)

func TestUpsertCommittee(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	ctx := context.Background()
	c := clts.Committee{Slug: "37-41", Name: "CLTS 37-41", Departements: []string{"37", "41"}}
	id1, err := db.App.UpsertCommittee(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	c.Name = "Comité 37-41"
	id2, err := db.App.UpsertCommittee(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	if id1 != id2 {
		t.Errorf("second upsert created a new committee: %d then %d", id1, id2)
	}
	all, err := db.App.Committees(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 1 || all[0].Name != "Comité 37-41" {
		t.Errorf("committees = %+v, want the renamed one only", all)
	}

	t.Run("ErrInvalid", func(t *testing.T) {
		_, err := db.App.UpsertCommittee(ctx, clts.Committee{Slug: "Pas Bon", Name: "", Departements: []string{"999"}})
		if clts.ErrorCode(err) != clts.EINVALID {
			t.Fatalf("code = %q, want invalid", clts.ErrorCode(err))
		}
	})
}
