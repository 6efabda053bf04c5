package postgres_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/postgres"
)

// The notification centre forgets what was read more than six months ago
// and what was never read after a year; used e-mail links are forgotten
// once expired (a link past its expiry is refused anyway). An e-mail
// already queued for a notification that goes stays in the outbox.
func TestPurgeNotificationsAndUsedLinks(t *testing.T) {
	t.Parallel()
	f := newDigestFixture(t)
	awa := f.account("awa", 8, 1, false)
	now := time.Now()
	month := 30 * 24 * time.Hour
	for _, n := range []struct {
		title      string
		age        time.Duration
		readBefore bool
	}{
		{"lue il y a 7 mois", 7 * month, true},
		{"lue il y a 5 mois", 5 * month, true},
		{"non lue il y a 7 mois", 7 * month, false},
		{"non lue il y a 11 mois", 11 * month, false},
		{"non lue il y a 13 mois", 13 * month, false},
		{"lue il y a 13 mois", 13 * month, true},
		{"non lue hier", 24 * time.Hour, false},
	} {
		var read *time.Time
		if n.readBefore {
			r := now.Add(-n.age).Add(time.Hour)
			read = &r
		}
		f.exec(`INSERT INTO notifications (account_id, kind, title, delivery, created_at, read_at)
			VALUES ($1, 'actualite', $2, 'immediat', $3, $4)`, awa, n.title, now.Add(-n.age), read)
	}
	f.exec(`INSERT INTO outbox (to_address, subject, body, account_id, kind, notification_id)
		SELECT 'awa@example.org', title, '', account_id, kind, id FROM notifications WHERE title = 'lue il y a 7 mois'`)
	f.exec(`INSERT INTO used_tokens (mac, expires_at) VALUES ('\x01', $1), ('\x02', $2)`, now.Add(-time.Minute), now.Add(time.Hour))

	got, err := f.db.App.PurgeExpired(context.Background(), now)
	if err != nil {
		t.Fatal(err)
	}
	if want := (postgres.Purged{UsedTokens: 1, Notifications: 3}); got != want {
		t.Errorf("purged %+v, want %+v", got, want)
	}
	rows, err := f.owner.Query(context.Background(), `SELECT title FROM notifications ORDER BY created_at`)
	if err != nil {
		t.Fatal(err)
	}
	left, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"non lue il y a 11 mois", "non lue il y a 7 mois", "lue il y a 5 mois", "non lue hier"}; !slices.Equal(left, want) {
		t.Errorf("notifications left %q, want %q", left, want)
	}
	var links, mails int
	if err := f.owner.QueryRow(context.Background(), `SELECT (SELECT count(*) FROM used_tokens WHERE mac = '\x02'),
		(SELECT count(*) FROM outbox WHERE notification_id IS NULL AND subject = 'lue il y a 7 mois')`).Scan(&links, &mails); err != nil {
		t.Fatal(err)
	}
	if links != 1 || mails != 1 {
		t.Errorf("%d live used link kept (want 1), %d e-mail of a purged notification kept (want 1)", links, mails)
	}
}
