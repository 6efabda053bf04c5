package postgres_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// Old login attempts, spent reset tokens, delivered e-mails and year-old
// audit entries go; what is recent or still useful stays. The purge runs as
// the application role, under row-level security.
func TestPurgeExpired(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := pgtest.New(t)
	a, b := twoCommittees(t, db.App)
	owner, err := pgx.Connect(ctx, db.OwnerURL)
	if err != nil {
		t.Fatal(err)
	}
	defer owner.Close(ctx)
	now := time.Now()
	for _, q := range []string{
		`SELECT set_config('clts.operator', 'on', false)`,
		`INSERT INTO login_attempts (identifier, ip, success, at) VALUES
			('vieux', '192.0.2.1', false, now() - interval '2 days'), ('recent', '192.0.2.1', false, now() - interval '1 hour')`,
		`INSERT INTO password_resets (token_hash, account_id, expires_at)
			SELECT '\x01'::bytea, min(id), now() - interval '2 days' FROM accounts UNION ALL
			SELECT '\x02', min(id), now() + interval '1 hour' FROM accounts`,
		`INSERT INTO outbox (to_address, subject, body, created_at, sent_at, attempts) VALUES
			('a@example.org', 'envoyé il y a longtemps', '', now() - interval '40 days', now() - interval '40 days', 1),
			('b@example.org', 'abandonné il y a longtemps', 'x', now() - interval '40 days', NULL, ` + strconv.Itoa(postgres.MaxMailAttempts) + `),
			('c@example.org', 'en attente depuis longtemps', 'x', now() - interval '40 days', NULL, 3),
			('d@example.org', 'envoyé hier', '', now() - interval '1 day', now() - interval '1 day', 1)`,
		// The owner is subject to row-level security too: it acts as an
		// operator, then in each committee, as the application would.
		`INSERT INTO audit_log (committee_id, action, at) VALUES (NULL, 'vieux', now() - interval '400 days')`,
		`SELECT set_config('clts.committee_id', '` + strconv.FormatInt(a, 10) + `', false)`,
		`INSERT INTO audit_log (committee_id, action, at) VALUES (` + strconv.FormatInt(a, 10) + `, 'vieux', now() - interval '400 days')`,
		`SELECT set_config('clts.committee_id', '` + strconv.FormatInt(b, 10) + `', false)`,
		`INSERT INTO audit_log (committee_id, action, at) VALUES (` + strconv.FormatInt(b, 10) + `, 'récent', now() - interval '10 days')`,
		`SELECT set_config('clts.committee_id', '', false)`,
	} {
		if _, err := owner.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	got, err := db.App.PurgeExpired(ctx, now)
	if err != nil {
		t.Fatal(err)
	}
	if want := (postgres.Purged{LoginAttempts: 1, Resets: 1, Mails: 2, AuditEntries: 2}); got != want {
		t.Errorf("purged %+v, want %+v", got, want)
	}
	var left []string
	rows, err := owner.Query(ctx, `SELECT 'tentative ' || identifier FROM login_attempts
		UNION ALL SELECT 'courriel ' || subject FROM outbox
		UNION ALL SELECT 'audit ' || action FROM audit_log WHERE action IN ('vieux', 'récent') ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	if left, err = pgx.CollectRows(rows, pgx.RowTo[string]); err != nil {
		t.Fatal(err)
	}
	want := []string{"audit récent", "courriel en attente depuis longtemps", "courriel envoyé hier", "tentative recent"}
	if len(left) != len(want) {
		t.Fatalf("left %q, want %q", left, want)
	}
	for i := range want {
		if left[i] != want[i] {
			t.Errorf("left %q, want %q", left, want)
			break
		}
	}

	// Even an operator scope cannot delete a recent entry: the log stays
	// append-only until entries pass the retention period.
	tag, err := owner.Exec(ctx, `DELETE FROM audit_log WHERE action = 'récent'`)
	if err != nil {
		t.Fatal(err)
	}
	if tag.RowsAffected() != 0 {
		t.Error("a recent audit entry could be deleted")
	}
}
