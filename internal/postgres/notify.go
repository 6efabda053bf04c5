package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/ical"
)

// Notice is one event to tell people about: a row of notifications for
// each of them (the notification centre), and the e-mail of those who want
// this kind at once, queued by the same statement in the unit of work of
// the change, so that a rolled-back change tells nobody.
type Notice struct {
	Kind clts.NotificationKind
	// Title is one line: the centre's entry, the digest's line and the
	// e-mail's subject.
	Title string
	// Body is the e-mail's text (plain text, French, absolute links).
	Body string
	// Link is the portal path of what the event is about ('' when none).
	Link string
	// MeetingID, for a meeting's e-mail, lets the worker add the answer
	// links ("Je viens", "Je ne viens pas", "Peut-être") for each recipient.
	MeetingID int64
	// Calendar, for a meeting's e-mail, is the event the worker attaches as
	// an .ics part (REQUEST or CANCEL), with the recipient as attendee.
	Calendar *CalendarPart
}

// CalendarPart is the snapshot of a meeting an e-mail carries as its
// iCalendar part, taken when the event happened (stored as JSON in the
// outbox row): the worker writes it with METHOD:REQUEST or METHOD:CANCEL,
// the committee as organiser and the recipient as attendee. Event is what
// the feeds write (the same UID and SEQUENCE), so a calendar client updates
// the event it already has.
type CalendarPart struct {
	Method    string // "REQUEST" or "CANCEL"
	Organizer string // the committee's name; the address is the portal's sender
	Event     ical.Event
}

// notify records n for every active account that recipients selects (an
// SQL query returning account ids, whose parameters are args, numbered
// from $1), in the scope's committee (none outside a committee), and
// queues in the outbox the e-mail of those among them who want this kind
// at once and have an address. It returns how many people were notified.
// A disabled account is never notified.
func (tx *Tx) notify(ctx context.Context, n Notice, recipients string, args ...any) (int, error) {
	if _, ok := clts.NotificationKindFor(n.Kind); !ok {
		return 0, fmt.Errorf("postgres: notify: unknown kind %q", n.Kind)
	}
	var calendar []byte
	if n.Calendar != nil {
		var err error
		if calendar, err = json.Marshal(n.Calendar); err != nil {
			return 0, fmt.Errorf("postgres: notify: %w", err)
		}
	}
	p := func(i int) string { return "$" + strconv.Itoa(len(args)+i) }
	sql := `WITH r AS (
			SELECT a.id, a.email FROM accounts a WHERE NOT a.disabled AND a.id IN (` + recipients + `)
		), n AS (
			INSERT INTO notifications (account_id, source_committee_id, kind, title, link, delivery, meeting_id)
			SELECT r.id, nullif(` + p(1) + `::bigint, 0), ` + p(2) + `, ` + p(3) + `, ` + p(4) + `, coalesce(pr.delivery, ` + p(5) + `),
				nullif(` + p(7) + `::bigint, 0)
			FROM r LEFT JOIN notification_preferences pr ON pr.account_id = r.id AND pr.kind = ` + p(2) + `
			ORDER BY r.id
			RETURNING id, account_id, delivery
		), o AS (
			INSERT INTO outbox (to_address, subject, body, account_id, kind, notification_id, source_committee_id, meeting_id, calendar)
			SELECT r.email, ` + p(3) + `, ` + p(6) + `, n.account_id, ` + p(2) + `, n.id, nullif(` + p(1) + `::bigint, 0), nullif(` + p(7) + `::bigint, 0), ` + p(8) + `::jsonb
			FROM n JOIN r ON r.id = n.account_id
			WHERE n.delivery = 'immediat' AND r.email IS NOT NULL
			ORDER BY n.id
		)
		SELECT count(*) FROM n`
	all := append(args, tx.sc.CommitteeID, string(n.Kind), n.Title, n.Link, string(clts.DefaultDelivery(n.Kind)),
		n.Body, n.MeetingID, calendar)
	var count int
	if err := tx.queryRow(ctx, sql, all...).Scan(&count); err != nil {
		return 0, fmt.Errorf("postgres: notify %s: %w", n.Kind, err)
	}
	return count, nil
}
