package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// TestHCTSPolicyReachesSeminarCopiesOnly: the meetings_hcts policy lets a
// transaction carrying clts.hcts read and write every committee's copy of a
// national seminar, and nothing else: a committee's own meetings stay out
// of its reach, whether the transaction names no committee or another one.
func TestHCTSPolicyReachesSeminarCopiesOnly(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := pgtest.New(t).App
	a, b := twoCommittees(t, db)
	plenary := map[int64]int64{}
	for _, c := range []int64{a, b} {
		pgtest.MustWrite(t, db, postgres.InCommittee(c, 0), func(tx *postgres.Tx) error {
			start := time.Now().Add(10 * 24 * time.Hour).Truncate(time.Hour)
			ids, err := tx.CreateMeetings(ctx, []clts.Meeting{{Kind: clts.KindPlenary, Title: "Plénière", StartsAt: start,
				EndsAt: start.Add(2 * time.Hour), Place: "Blois"}}, true, func(clts.Meeting) *postgres.MeetingMail { return nil })
			if err == nil {
				plenary[c] = ids[0]
			}
			return err
		})
	}
	hcts := postgres.Scope{HCTS: true}
	var seminar int64
	pgtest.MustWrite(t, db, hcts, func(tx *postgres.Tx) error {
		start := time.Now().Add(20 * 24 * time.Hour).Truncate(time.Hour)
		var err error
		seminar, err = tx.CreateSeminar(ctx, clts.Meeting{Title: "Séminaire national", StartsAt: start,
			EndsAt: start.Add(3 * time.Hour), Place: "Paris"}, nil)
		return err
	})

	// rows runs statement in scope sc, in a transaction rolled back
	// afterwards, and returns the rows it touched, or its error.
	rows := func(sc postgres.Scope, sql string, args ...any) (int64, error) {
		var n int64
		err := db.Write(ctx, sc, func(tx *postgres.Tx) error {
			tag, err := tx.PG().Exec(ctx, sql, args...)
			n = tag.RowsAffected()
			if err != nil {
				return err
			}
			return errRollback
		})
		if err == errRollback {
			err = nil
		}
		return n, err
	}
	for _, sc := range []struct {
		name  string
		scope postgres.Scope
	}{
		{"NoCommittee", hcts},
		{"OtherCommittee", postgres.Scope{CommitteeID: a, HCTS: true}},
	} {
		t.Run(sc.name, func(t *testing.T) {
			if n, err := rows(sc.scope, `UPDATE meetings SET title = 'modifiée par HCTS' WHERE id = $1`, plenary[b]); err != nil || n != 0 {
				t.Errorf("an HCTS transaction updated committee b's plenary: %d rows, %v", n, err)
			}
			if n, err := rows(sc.scope, `DELETE FROM meetings WHERE id = $1`, plenary[b]); err != nil || n != 0 {
				t.Errorf("an HCTS transaction deleted committee b's plenary: %d rows, %v", n, err)
			}
			if n, err := rows(sc.scope, `UPDATE meetings SET title = 'modifiée par HCTS' WHERE seminar_id = $1`, seminar); err != nil || n != 2 {
				t.Errorf("an HCTS transaction updated %d copies of the seminar (%v), want both committees'", n, err)
			}
			// A copy cannot be turned into a committee's own meeting, nor a
			// committee's meeting created.
			if _, err := rows(sc.scope, `UPDATE meetings SET seminar_id = NULL, kind = 'pleniere' WHERE seminar_id = $1 AND committee_id = $2`,
				seminar, b); err == nil {
				t.Error("an HCTS transaction turned committee b's copy of the seminar into a plenary")
			}
			if _, err := rows(sc.scope, `INSERT INTO meetings (committee_id, kind, title, starts_at, ends_at, place)
				VALUES ($1, 'pleniere', 'Intruse', now() + interval '1 day', now() + interval '1 day 1 hour', 'Paris')`, b); err == nil {
				t.Error("an HCTS transaction created a plenary in committee b")
			}
		})
	}
	t.Run("ReadsCopiesOnly", func(t *testing.T) {
		if n := count(t, db, hcts, "meetings"); n != 2 {
			t.Errorf("an HCTS transaction sees %d meetings, want the 2 copies of the seminar", n)
		}
	})
	// Without the flag, nothing outside the committee.
	t.Run("ErrWithoutFlag", func(t *testing.T) {
		if n, err := rows(postgres.Scope{}, `UPDATE meetings SET title = 'x' WHERE seminar_id = $1`, seminar); err != nil || n != 0 {
			t.Errorf("a transaction without clts.hcts updated %d copies, %v", n, err)
		}
	})
	var title string
	pgtest.MustRead(t, db, postgres.InCommittee(b, 0), func(tx *postgres.Tx) error {
		return tx.PG().QueryRow(ctx, `SELECT title FROM meetings WHERE id = $1`, plenary[b]).Scan(&title)
	})
	if title != "Plénière" {
		t.Errorf("committee b's plenary is now titled %q", title)
	}
}

// errRollback makes a unit of work roll back after its statements ran.
const errRollback = errorString("rollback")

type errorString string

func (e errorString) Error() string { return string(e) }
