package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
)

// Digest is one person's daily or weekly digest: the notifications of the
// kinds they want in it, gathered since the previous one.
type Digest struct {
	AccountID int64
	Name      string // the person's display name
	To        string // their address
	Weekly    bool   // the weekly digest; the daily one otherwise
	// Events are the notifications it tells, never none, by committee
	// (national events, CommitteeID 0, last), oldest first in each.
	Events []clts.Notification
}

// Kind is the digest's pseudo-kind, on its outbox row and in its
// unsubscribe link: auth.DigestDaily or auth.DigestWeekly.
func (d Digest) Kind() clts.NotificationKind {
	if d.Weekly {
		return clts.NotificationKind(auth.DigestWeekly)
	}
	return clts.NotificationKind(auth.DigestDaily)
}

// DigestWriter writes a digest's e-mail. The French text lives in
// internal/mails (mails.Digests), which this package may not import: the
// worker passes it to SendDigests.
type DigestWriter interface {
	DigestMail(d Digest) (subject, body string)
}

// DigestRun counts what one SendDigests call did.
type DigestRun struct {
	// Mailed is the number of digests queued in the outbox.
	Mailed int
	// Silent is the number of digests due that were closed without an
	// e-mail: the account has no address or is disabled, or the person has
	// since moved every kind they held to the portal only, or left the
	// committees they came from. Their notifications stay in the centre.
	Silent int
}

// The instant each digest was last due, as SQL expressions on $1 (now)
// and the account a: the daily one, the account's hour today in
// Europe/Paris if it has passed, else yesterday's; the weekly one, the
// last of the account's weekday at that hour. Local dates and hours are
// turned into instants by AT TIME ZONE, which follows the daylight-saving
// changes (8:00 is 07:00 UTC in winter, 06:00 UTC in summer).
const (
	digestToday = `($1::timestamptz AT TIME ZONE 'Europe/Paris')::date`
	digestDaily = `(SELECT CASE WHEN t.at <= $1 THEN t.at
			ELSE ((` + digestToday + ` - 1) + make_interval(hours => a.digest_hour)) AT TIME ZONE 'Europe/Paris' END
		FROM (SELECT (` + digestToday + ` + make_interval(hours => a.digest_hour)) AT TIME ZONE 'Europe/Paris' AS at) t)`
	// digestDay is the date of the account's weekday this week, or last
	// week when that day is still to come (today is this week's).
	digestDay    = `(` + digestToday + ` - ((extract(isodow FROM ` + digestToday + `)::int - a.digest_weekday + 7) % 7))`
	digestWeekly = `(SELECT CASE WHEN t.at <= $1 THEN t.at
			ELSE ((` + digestDay + ` - 7) + make_interval(hours => a.digest_hour)) AT TIME ZONE 'Europe/Paris' END
		FROM (SELECT (` + digestDay + ` + make_interval(hours => a.digest_hour)) AT TIME ZONE 'Europe/Paris' AS at) t)`
)

// dueDigest is a digest to send: whose, which, and the instant before
// which its notifications were created.
type dueDigest struct {
	accountID int64
	delivery  clts.Delivery
	before    time.Time
}

// SendDigests queues the digests due at now: for every account that has
// notifications in the daily (or weekly) digest, not yet digested and
// created before the last instant that digest was due (digestDaily,
// digestWeekly), one e-mail gathering them, written by w. Each digest is a
// unit of work of its own (sendDigest): it locks its notifications, marks
// them digested and queues the e-mail, all or nothing, so that two
// instances running at once never tell an event twice. A digest is never
// empty: nothing left to tell, no e-mail. The worker calls it every minute;
// a digest missed (the worker stopped) leaves at the next run, with
// everything due.
func (db *DB) SendDigests(ctx context.Context, now time.Time, w DigestWriter) (DigestRun, error) {
	var run DigestRun
	due, err := db.dueDigests(ctx, now)
	if err != nil {
		return run, err
	}
	var errs []error
	for _, d := range due {
		var out digestOutcome
		// The person's own scope: their memberships, in every committee,
		// are readable (a committee they have left mutes its events).
		err := db.Write(ctx, Scope{AccountID: d.accountID}, func(tx *Tx) error {
			var err error
			out, err = tx.sendDigest(ctx, d, now, w)
			return err
		})
		if err != nil {
			// One person's digest that fails (rolled back, tried again
			// next minute) holds back nobody else's.
			if ctx.Err() != nil {
				return run, err
			}
			errs = append(errs, fmt.Errorf("account %d: %w", d.accountID, err))
			continue
		}
		switch out {
		case digestMailed:
			run.Mailed++
		case digestSilent:
			run.Silent++
		}
	}
	return run, errors.Join(errs...)
}

// dueDigests lists the digests due at now, from the notifications waiting
// for one (notifications_digest_idx), in one short unit of work.
func (db *DB) dueDigests(ctx context.Context, now time.Time) ([]dueDigest, error) {
	var due []dueDigest
	err := db.Read(ctx, Scope{}, func(tx *Tx) error {
		rows, err := tx.query(ctx, `SELECT w.account_id, w.delivery, d.before
			FROM (SELECT account_id, delivery, min(created_at) AS oldest FROM notifications
				WHERE digested_at IS NULL AND delivery IN ('quotidien', 'hebdomadaire')
				GROUP BY account_id, delivery) w
			JOIN accounts a ON a.id = w.account_id
			CROSS JOIN LATERAL (SELECT CASE w.delivery WHEN 'quotidien' THEN `+digestDaily+` ELSE `+digestWeekly+` END AS before) d
			WHERE w.oldest < d.before
			ORDER BY w.account_id, w.delivery`, now)
		if err != nil {
			return err
		}
		due, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (dueDigest, error) {
			var d dueDigest
			var delivery string
			err := row.Scan(&d.accountID, &delivery, &d.before)
			d.delivery = clts.Delivery(delivery)
			return d, err
		})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: digests due: %w", err)
	}
	return due, nil
}

// What became of a digest due.
type digestOutcome int

const (
	digestGone   digestOutcome = iota // another instance took its notifications
	digestSilent                      // closed without an e-mail
	digestMailed                      // its e-mail is queued
)

// sendDigest takes the notifications of d not taken yet (another instance
// may hold some: they are its own), marks them digested at now and queues
// the e-mail of those the person still wants by e-mail.
func (tx *Tx) sendDigest(ctx context.Context, d dueDigest, now time.Time, w DigestWriter) (digestOutcome, error) {
	// One instance at a time writes a person's digests (advisory lock 16,
	// per account): two instances locking the same notifications row by
	// row would each take some, and the person would get two e-mails.
	var mine bool
	if err := tx.queryRow(ctx, `SELECT pg_try_advisory_xact_lock(16, hashtext($1::bigint::text))`, d.accountID).Scan(&mine); err != nil {
		return digestGone, fmt.Errorf("postgres: digest: %w", err)
	}
	if !mine {
		return digestGone, nil
	}
	// muted: the person has since moved this kind to the portal only (or
	// unsubscribed from the digest), or has left the committee the event
	// comes from (their membership there is no longer active): the
	// notification is taken, untold.
	rows, err := tx.query(ctx, `WITH taken AS (
			SELECT id FROM notifications
			WHERE account_id = $1 AND delivery = $2 AND digested_at IS NULL AND created_at < $3
			ORDER BY id FOR UPDATE SKIP LOCKED
		), done AS (
			UPDATE notifications n SET digested_at = $4 FROM taken WHERE n.id = taken.id
			RETURNING n.id, n.source_committee_id, n.kind, n.title, n.link, n.delivery, n.created_at
		)
		SELECT done.id, coalesce(done.source_committee_id, 0), coalesce(c.name, ''), coalesce(c.slug, ''),
			done.kind, done.title, done.link, done.delivery, done.created_at,
			EXISTS (SELECT 1 FROM notification_preferences p
				WHERE p.account_id = $1 AND p.kind = done.kind AND p.delivery = 'portail')
			OR EXISTS (SELECT 1 FROM memberships m
				WHERE m.committee_id = done.source_committee_id AND m.account_id = $1 AND NOT m.active) AS muted,
			a.email, a.display_name, a.disabled
		FROM done JOIN accounts a ON a.id = $1 LEFT JOIN committees c ON c.id = done.source_committee_id
		ORDER BY done.source_committee_id IS NULL, c.name, done.source_committee_id, done.created_at, done.id`,
		d.accountID, string(d.delivery), d.before, now)
	if err != nil {
		return digestGone, fmt.Errorf("postgres: digest: %w", err)
	}
	// Each row also carries the account: its address (NULL when it has
	// none), its name and whether it is disabled.
	type event struct {
		n        clts.Notification
		muted    bool
		to       *string
		name     string
		disabled bool
	}
	taken, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (event, error) {
		var e event
		var kind, delivery string
		err := row.Scan(&e.n.ID, &e.n.CommitteeID, &e.n.CommitteeName, &e.n.CommitteeSlug, &kind, &e.n.Title,
			&e.n.Link, &delivery, &e.n.CreatedAt, &e.muted, &e.to, &e.name, &e.disabled)
		e.n.Kind, e.n.Delivery = clts.NotificationKind(kind), clts.Delivery(delivery)
		return e, err
	})
	if err != nil {
		return digestGone, fmt.Errorf("postgres: digest: %w", err)
	}
	if len(taken) == 0 {
		return digestGone, nil
	}
	dg := Digest{AccountID: d.accountID, Name: taken[0].name, Weekly: d.delivery == clts.DeliveryWeekly}
	for _, e := range taken {
		if !e.muted {
			dg.Events = append(dg.Events, e.n)
		}
	}
	// A disabled account, or one without an address, keeps its
	// notifications in the centre, untold.
	if len(dg.Events) == 0 || taken[0].to == nil || taken[0].disabled {
		return digestSilent, nil
	}
	dg.To = *taken[0].to
	subject, body := w.DigestMail(dg)
	if _, err := tx.exec(ctx, `INSERT INTO outbox (to_address, subject, body, account_id, kind) VALUES ($1, $2, $3, $4, $5)`,
		dg.To, subject, body, dg.AccountID, string(dg.Kind())); err != nil {
		return digestGone, fmt.Errorf("postgres: digest mail: %w", err)
	}
	return digestMailed, nil
}
