package postgres

import (
	"context"
	"fmt"

	"github.com/portail-clts/clts/internal/clts"
)

// Events of a committee's life told to people, beyond those whose texts
// have a mailer of their own (meetings, practices, contributions, the
// charter).
const (
	EventJoinRequest      = "group.request"  // to the group's leads: someone asks to join
	EventJoinAccepted     = "group.accept"   // to the person who asked: welcome
	EventJoinDeclined     = "group.decline"  // to the person who asked: not this time
	EventProposalAccepted = "agenda.accept"  // to the proposer: on the agenda
	EventProposalDeclined = "agenda.decline" // to the proposer: not retained
	EventNews             = "news.local"     // to the committee's members: a local news item
	EventNationalNews     = "news.national"  // to the members of every committee: a national one
)

// EventNotice is what the e-mail of one of those events tells.
type EventNotice struct {
	Event         string // one of the Event constants
	CommitteeSlug string // '' for a national event
	CommitteeName string
	Title         string // the group's, the agenda item's or the news item's title
	// Context is the meeting of an agenda item (its title and date, as
	// people read it), the summary of a news item.
	Context   string
	ActorName string // who acted: the person asking, the lead, the organiser, the author
	// Link is the portal path of what the event is about (set by
	// notifyEvent); the mailer makes it absolute.
	Link string
}

// EventMailer writes the e-mails of those events. The French texts live
// in internal/mails (mails.Events), which this package may not import;
// the server installs it with DB.SetEventMailer. Without one (the demo
// loader), nobody is told.
type EventMailer interface {
	EventMail(n EventNotice) (subject, body string)
}

// SetEventMailer installs the writer of the events' e-mails. Call it once,
// before serving.
func (db *DB) SetEventMailer(m EventMailer) { db.eventMailer = m }

// notifyEvent tells n, an event of kind, to the accounts recipients
// selects (tx.notify: its parameters from $1, given in args), with the
// scope's committee and actor filled in, and the link link(slug) of the
// committee's slug (” outside a committee). Without a mailer it tells
// nobody.
func (tx *Tx) notifyEvent(ctx context.Context, kind clts.NotificationKind, n EventNotice, link func(slug string) string,
	recipients string, args ...any) error {
	var mailer EventMailer
	if tx.db != nil {
		mailer = tx.db.eventMailer
	}
	if mailer == nil {
		return nil
	}
	err := tx.queryRow(ctx, `SELECT coalesce((SELECT slug FROM committees WHERE id = $1), ''),
			coalesce((SELECT name FROM committees WHERE id = $1), ''),
			coalesce((SELECT display_name FROM accounts WHERE id = $2), '')`,
		tx.sc.CommitteeID, tx.sc.AccountID).Scan(&n.CommitteeSlug, &n.CommitteeName, &n.ActorName)
	if err != nil {
		return fmt.Errorf("postgres: event notice: %w", err)
	}
	n.Link = link(n.CommitteeSlug)
	subject, body := mailer.EventMail(n)
	if _, err := tx.notify(ctx, Notice{Kind: kind, Title: subject, Body: body, Link: n.Link}, recipients, args...); err != nil {
		return fmt.Errorf("postgres: event notice: %w", err)
	}
	return nil
}
