package postgres_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

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

// TestCommitteesInFrenchOrder: Committees lists the committees in French
// order (accents and case as the clts_fr collation weighs them) after
// they are created and after one is renamed, as the order a sort of the
// names gives (name_order, migration 00036).
func TestCommitteesInFrenchOrder(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	ctx := context.Background()
	names := map[string]string{"eure": "Eure", "ain": "Ain", "aube": "aube", "ecole": "École du travail social",
		"ebre": "Èbre", "zebre": "Zèbre", "cote": "Côte-d'Or", "cote2": "Cote 2"}
	var renamed int64
	pgtest.MustWrite(t, db.App, postgres.Scope{}, func(tx *postgres.Tx) error {
		for slug, name := range names {
			id, err := tx.UpsertCommittee(ctx, clts.Committee{Slug: slug, Name: name, Departements: []string{"37"}})
			if err != nil {
				return err
			}
			if slug == "zebre" {
				renamed = id
			}
		}
		return nil
	})
	check := func(when string) {
		t.Helper()
		var got, want []string
		pgtest.MustRead(t, db.App, postgres.Scope{}, func(tx *postgres.Tx) error {
			all, err := tx.Committees(ctx)
			for _, c := range all {
				got = append(got, c.Name)
			}
			if err != nil {
				return err
			}
			rows, err := tx.PG().Query(ctx, `SELECT name FROM committees ORDER BY name COLLATE clts_fr, id`)
			if err != nil {
				return err
			}
			want, err = pgx.CollectRows(rows, pgx.RowTo[string])
			return err
		})
		if strings.Join(got, " | ") != strings.Join(want, " | ") {
			t.Errorf("%s: committees in the order\n%s\nwant\n%s", when, strings.Join(got, " | "), strings.Join(want, " | "))
		}
	}
	check("created")
	pgtest.MustWrite(t, db.App, postgres.InCommittee(renamed, 0), func(tx *postgres.Tx) error {
		return tx.RenameCommittee(ctx, clts.Committee{Slug: "zebre", Name: "Abbeville", Departements: []string{"80"}})
	})
	check("renamed")
}

// TestCommitteeOrderConcurrentRenames: two renames at once run one after
// the other instead of deadlocking. The second waits before it touches
// its committee's row, so the first's numbering may still change that row.
func TestCommitteeOrderConcurrentRenames(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	ctx := context.Background()
	pgtest.MustWrite(t, db.App, postgres.Scope{}, func(tx *postgres.Tx) error {
		for _, c := range [][2]string{{"alpha", "Alpha"}, {"beta", "Beta"}, {"gamma", "Gamma"}} {
			if _, err := tx.UpsertCommittee(ctx, clts.Committee{Slug: c[0], Name: c[1], Departements: []string{"37"}}); err != nil {
				return err
			}
		}
		return nil
	})
	pool := db.App.Pool()
	first, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer first.Rollback(ctx) //nolint:errcheck // after commit
	// Gamma becomes Delta: still third, no other row renumbered.
	if _, err := first.Exec(ctx, `UPDATE committees SET name = 'Delta' WHERE slug = 'gamma'`); err != nil {
		t.Fatal(err)
	}
	second := make(chan error, 1)
	go func() {
		tx, err := pool.Begin(ctx)
		if err == nil {
			if _, err = tx.Exec(ctx, `UPDATE committees SET name = 'Bravo' WHERE slug = 'beta'`); err == nil {
				err = tx.Commit(ctx)
			} else {
				_ = tx.Rollback(ctx)
			}
		}
		second <- err
	}()
	// Wait until the second rename waits for the first.
	for i := 0; ; i++ {
		var waiting bool
		if err := pool.QueryRow(ctx, `SELECT EXISTS (SELECT FROM pg_stat_activity
				WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'UPDATE committees SET name = ''Bravo''%')`).
			Scan(&waiting); err != nil {
			t.Fatal(err)
		}
		if waiting {
			break
		}
		if i == 500 {
			t.Fatal("the second rename never waited")
		}
		time.Sleep(10 * time.Millisecond)
	}
	// Alpha becomes Zulu: Beta moves from second to first.
	if _, err := first.Exec(ctx, `UPDATE committees SET name = 'Zulu' WHERE slug = 'alpha'`); err != nil {
		t.Fatalf("the first rename: %v", err)
	}
	if err := first.Commit(ctx); err != nil {
		t.Fatalf("the first rename: %v", err)
	}
	if err := <-second; err != nil {
		t.Fatalf("the second rename: %v", err)
	}
	var got []string
	pgtest.MustRead(t, db.App, postgres.Scope{}, func(tx *postgres.Tx) error {
		all, err := tx.Committees(ctx)
		for _, c := range all {
			got = append(got, c.Name)
		}
		return err
	})
	if strings.Join(got, ", ") != "Bravo, Delta, Zulu" {
		t.Errorf("committees in the order %v", got)
	}
}
