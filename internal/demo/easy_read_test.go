package demo

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// TestDemoEasyRead loads the demo twice: the current charter and the
// minutes of a held meeting the supported person attended have an
// easy-to-read version checked by `accompagne`; a practice has one not yet
// checked. The second load adds nothing.
func TestDemoEasyRead(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	ctx := context.Background()
	for range 2 {
		if err := Load(ctx, db.App, io.Discard); err != nil {
			t.Fatal(err)
		}
	}
	var committee, supported int64
	pgtest.MustRead(t, db.App, postgres.Scope{}, func(tx *postgres.Tx) error {
		a, err := tx.AccountByIdentifier(ctx, "accompagne")
		if err != nil {
			return err
		}
		c, err := tx.CommitteeBySlug(ctx, "37-41")
		supported, committee = a.ID, c.ID
		return err
	})
	pgtest.MustRead(t, db.App, postgres.InCommittee(committee, supported), func(tx *postgres.Tx) error {
		cur, err := tx.CurrentCharter(ctx)
		if err != nil {
			return err
		}
		v, err := tx.EasyRead(ctx, clts.EasyReadCharter, cur.ID, false)
		if err != nil {
			return err
		}
		if v == nil || !v.Checked() || v.CheckedBy != supported {
			t.Errorf("charter's easy version %+v", v)
		}
		m, err := attendedMinutes(ctx, tx, time.Now())
		if err != nil || m == 0 {
			t.Fatalf("no held meeting attended: %d %v", m, err)
		}
		if v, err = tx.EasyRead(ctx, clts.EasyReadMinutes, m, false); err != nil {
			return err
		}
		if v == nil || !v.Checked() || v.CheckedBy != supported {
			t.Errorf("minutes' easy version %+v", v)
		}
		hits, _, err := tx.Practices(ctx, postgres.PracticeQuery{Limit: 1})
		if err != nil || len(hits) == 0 {
			t.Fatalf("no practice: %v", err)
		}
		if v, err = tx.EasyRead(ctx, clts.EasyReadPractice, hits[0].ID, false); err != nil {
			return err
		}
		if v == nil || v.Checked() {
			t.Errorf("practice's easy version %+v", v)
		}
		return nil
	})
}
