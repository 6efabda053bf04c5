package postgres

import (
	"context"
	"fmt"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
)

// PracticeNotice is what an e-mail of the practice workflow tells: the
// step, the practice and its committee, and the pilot's comment or the
// reason given.
type PracticeNotice struct {
	// Action is the step's audit action: "practice.submit",
	// "practice.publish", "practice.return", "practice.withdraw" or
	// "practice.flag".
	Action        string
	CommitteeSlug string
	CommitteeName string
	PracticeID    int64
	Title         string
	Comment       string // the return comment, the withdrawal or the flag's reason
	ActorName     string // who took the step
}

// PracticeMailer writes the e-mails of the practice workflow. The French
// texts live in internal/mails (mails.Practices), which this package may
// not import; the server installs it with DB.SetPracticeMailer. Without
// one (the demo loader), the steps queue no e-mail.
type PracticeMailer interface {
	PracticeMail(n PracticeNotice) (subject, body string)
}

// SetPracticeMailer installs the writer of the practice workflow's
// e-mails. Call it once, before serving.
func (db *DB) SetPracticeMailer(m PracticeMailer) { db.practiceMailer = m }

// Who a workflow step's e-mail goes to.
const (
	notifyPilots = iota // the committee's active pilots
	notifyAuthor        // the practice's author
)

// finishStep writes the audit line of a step taken on practice p and
// queues its e-mail to the pilots or the author, leaving out the person
// who took the step and those without an address.
func (tx *Tx) finishStep(ctx context.Context, s practiceStep, p clts.Practice, comment string, to int) error {
	if err := tx.auditOn(ctx, s.action, practiceSubject(p), clts.On(clts.ObjectPractice, p.ID)); err != nil {
		return err
	}
	var mailer PracticeMailer
	if tx.db != nil {
		mailer = tx.db.practiceMailer
	}
	if mailer == nil {
		return nil
	}
	n := PracticeNotice{Action: s.action, PracticeID: p.ID, Title: p.Title, Comment: comment}
	err := tx.queryRow(ctx, `SELECT c.slug, c.name, coalesce((SELECT display_name FROM accounts WHERE id = $2), '')
		FROM committees c WHERE c.id = $1`, tx.sc.CommitteeID, tx.sc.AccountID).Scan(&n.CommitteeSlug, &n.CommitteeName, &n.ActorName)
	if err != nil {
		return fmt.Errorf("postgres: practice mail: %w", err)
	}
	subject, body := mailer.PracticeMail(n)
	notice := Notice{Kind: clts.NotifyPractice, Title: subject, Body: body, Link: paths.Practice(n.CommitteeSlug, p.ID)}
	// The recipients: the committee's active pilots, or the author if
	// still an active member.
	if to == notifyAuthor {
		return tx.notifyMembers(ctx, notice, `m.account_id = $3`, p.AuthorID)
	}
	return tx.notifyMembers(ctx, notice, `m.role = 'pilote'`)
}

// notifyMembers tells n to each active member of the scope's committee
// that recipients (a condition on m, the membership, written by the
// caller; its own parameters from $3, given in extra) selects, except the
// one acting (tx.notify: the centre, and the e-mail of those who want it at
// once).
func (tx *Tx) notifyMembers(ctx context.Context, n Notice, recipients string, extra ...any) error {
	args := append([]any{tx.sc.CommitteeID, tx.sc.AccountID}, extra...)
	_, err := tx.notify(ctx, n, `SELECT m.account_id FROM memberships m
		WHERE m.committee_id = $1 AND m.active AND m.account_id <> $2 AND (`+recipients+`)`, args...)
	return err
}
