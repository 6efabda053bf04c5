package worker

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// TestCleanRemovesExpiredSessions: the worker's clean step removes the
// sessions past their expiry, and only those, and purges what the
// retention rules say (a day-old wrong second-factor code here).
func TestCleanRemovesExpiredSessions(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w, db := newTestWorker(t, "")
	now := time.Now()
	for token, expiry := range map[string]time.Time{
		"expiree-hier":       now.Add(-24 * time.Hour),
		"expiree-a-linstant": now.Add(-time.Second),
		"vivante":            now.Add(time.Hour),
	} {
		if err := db.App.SaveSession(ctx, token, []byte("x"), expiry, 0); err != nil {
			t.Fatal(err)
		}
	}
	owner, err := pgx.Connect(ctx, db.OwnerURL)
	if err != nil {
		t.Fatal(err)
	}
	defer owner.Close(ctx)
	if _, err := owner.Exec(ctx, `INSERT INTO accounts (login, display_name, password_hash) VALUES ('codeur', 'C', 'x')`); err != nil {
		t.Fatal(err)
	}
	if _, err := owner.Exec(ctx, `INSERT INTO second_factor_failures (account_id, ip, at)
		SELECT id, '192.0.2.1', now() - interval '2 days' FROM accounts`); err != nil {
		t.Fatal(err)
	}

	w.clean(ctx)

	rows, err := owner.Query(ctx, `SELECT token FROM sessions ORDER BY token`)
	if err != nil {
		t.Fatal(err)
	}
	left, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	if len(left) != 1 || left[0] != "vivante" {
		t.Errorf("sessions left after the clean step: %q, want only the live one", left)
	}
	var failures int
	if err := owner.QueryRow(ctx, `SELECT count(*) FROM second_factor_failures`).Scan(&failures); err != nil {
		t.Fatal(err)
	}
	if failures != 0 {
		t.Errorf("%d day-old second-factor failures left after the clean step", failures)
	}
}
