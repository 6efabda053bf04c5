package postgres

import (
	"context"
	"fmt"
	"strconv"

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
// committee's slug ("" outside a committee). Without a mailer it tells
// nobody.
//
// The actor is named as the directory names them (clts.Profile.View): a
// supported person who does not show their full name appears to the
// committee's pilots by their full name and to everyone else by their
// first name and initial (a join request told to a group's lead, say).
// When the two names differ, the pilots and the others get a text each.
func (tx *Tx) notifyEvent(ctx context.Context, kind clts.NotificationKind, n EventNotice, link func(slug string) string,
	recipients string, args ...any) error {
	var mailer EventMailer
	if tx.db != nil {
		mailer = tx.db.eventMailer
	}
	if mailer == nil {
		return nil
	}
	var public string
	err := tx.queryRow(ctx, `SELECT coalesce((SELECT slug FROM committees WHERE id = $1), ''),
			coalesce((SELECT name FROM committees WHERE id = $1), ''),
			coalesce((SELECT display_name FROM accounts WHERE id = $2), ''),
			coalesce((SELECT `+publicNameSQL+` FROM accounts a
				LEFT JOIN memberships m ON m.committee_id = $1 AND m.account_id = a.id WHERE a.id = $2), '')`,
		tx.sc.CommitteeID, tx.sc.AccountID).Scan(&n.CommitteeSlug, &n.CommitteeName, &n.ActorName, &public)
	if err != nil {
		return fmt.Errorf("postgres: event notice: %w", err)
	}
	n.Link = link(n.CommitteeSlug)
	if public == n.ActorName {
		return tx.notifyEventTo(ctx, kind, mailer, n, recipients, args...)
	}
	// The recipients, split: the committee's active pilots ($k), then the
	// others, each with the name they may see.
	pilot := `EXISTS (SELECT FROM memberships pm WHERE pm.committee_id = $` + strconv.Itoa(len(args)+1) + `
		AND pm.account_id = r.id AND pm.active AND pm.role = 'pilote')`
	split := append(append([]any(nil), args...), tx.sc.CommitteeID)
	if err := tx.notifyEventTo(ctx, kind, mailer, n,
		`SELECT r.id FROM (`+recipients+`) AS r(id) WHERE `+pilot, split...); err != nil {
		return err
	}
	n.ActorName = public
	return tx.notifyEventTo(ctx, kind, mailer, n, `SELECT r.id FROM (`+recipients+`) AS r(id) WHERE NOT `+pilot, split...)
}

// notifyEventTo writes n's e-mail with mailer and tells it to the accounts
// recipients selects (tx.notify).
func (tx *Tx) notifyEventTo(ctx context.Context, kind clts.NotificationKind, mailer EventMailer, n EventNotice,
	recipients string, args ...any) error {
	subject, body := mailer.EventMail(n)
	if _, err := tx.notify(ctx, Notice{Kind: kind, Title: subject, Body: body, Link: n.Link}, recipients, args...); err != nil {
		return fmt.Errorf("postgres: event notice: %w", err)
	}
	return nil
}
