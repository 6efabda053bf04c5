package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// TestPurgeExpiredSecondFactorFailures: a wrong second-factor code leaves
// the account and the address it came from; the purge removes them after 24
// hours, like login attempts, even when the account never tries again.
func TestPurgeExpiredSecondFactorFailures(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := pgtest.New(t)
	twoCommittees(t, db.App)
	owner, err := pgx.Connect(ctx, db.OwnerURL)
	if err != nil {
		t.Fatal(err)
	}
	defer owner.Close(ctx)
	if _, err := owner.Exec(ctx, `INSERT INTO second_factor_failures (account_id, ip, at)
		SELECT min(id), '192.0.2.7', now() - interval '2 days' FROM accounts UNION ALL
		SELECT min(id), '192.0.2.8', now() - interval '25 hours' FROM accounts UNION ALL
		SELECT min(id), '192.0.2.9', now() - interval '1 hour' FROM accounts`); err != nil {
		t.Fatal(err)
	}
	got, err := db.App.PurgeExpired(ctx, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if got.SecondFactorFailures != 2 {
		t.Errorf("purged %+v, want 2 second-factor failures", got)
	}
	rows, err := owner.Query(ctx, `SELECT ip FROM second_factor_failures ORDER BY ip`)
	if err != nil {
		t.Fatal(err)
	}
	left, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	if len(left) != 1 || left[0] != "192.0.2.9" {
		t.Errorf("second-factor failures left: %q, want only the recent one", left)
	}
	if postgres.SecondFactorFailuresKept != postgres.LoginAttemptsKept {
		t.Errorf("second-factor failures are kept %v, login attempts %v: the README says the same", postgres.SecondFactorFailuresKept, postgres.LoginAttemptsKept)
	}
}
