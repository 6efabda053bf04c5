package postgres_test

import (
	"context"
	"testing"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

func TestUpsertCommittee(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	ctx := context.Background()
	c := clts.Committee{Slug: "37-41", Name: "CLTS 37-41", Departements: []string{"37", "41"}}
	var id1, id2 int64
	pgtest.MustWrite(t, db.App, postgres.Scope{}, func(tx *postgres.Tx) error {
		var err error
		id1, err = tx.UpsertCommittee(ctx, c)
		return err
	})
	c.Name = "Comité 37-41"
	pgtest.MustWrite(t, db.App, postgres.Scope{}, func(tx *postgres.Tx) error {
		var err error
		id2, err = tx.UpsertCommittee(ctx, c)
		return err
	})
	if id1 != id2 {
		t.Errorf("second upsert created a new committee: %d then %d", id1, id2)
	}
	var all []clts.Committee
	pgtest.MustRead(t, db.App, postgres.Scope{}, func(tx *postgres.Tx) error {
		var err error
		all, err = tx.Committees(ctx)
		return err
	})
	if len(all) != 1 || all[0].Name != "Comité 37-41" {
		t.Errorf("committees = %+v, want the renamed one only", all)
	}

	t.Run("ErrInvalid", func(t *testing.T) {
		err := db.App.Write(ctx, postgres.Scope{}, func(tx *postgres.Tx) error {
			_, err := tx.UpsertCommittee(ctx, clts.Committee{Slug: "Pas Bon", Name: "", Departements: []string{"999"}})
			return err
		})
		if clts.ErrorCode(err) != clts.EINVALID {
			t.Fatalf("code = %q, want invalid", clts.ErrorCode(err))
		}
	})
}
