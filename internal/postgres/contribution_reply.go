package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/markdown"
	"github.com/portail-clts/clts/internal/paths"
)

// ContributionReplyNotice is what the e-mail of an HCTS reply tells: the
// contribution, its committee, and the reply.
type ContributionReplyNotice struct {
	CommitteeSlug  string
	CommitteeName  string
	ContributionID int64
	Title          string
	Reply          string // Markdown source
	Retained       bool   // retained for the report
}

// ContributionReplyMailer writes the e-mail that tells a committee's
// pilots and a contribution's authors the HCTS's reply. The French texts
// live in internal/mails, which this package may not import; the server
// installs it with DB.SetContributionReplyMailer. Without one (the demo
// loader), a reply queues no e-mail.
type ContributionReplyMailer interface {
	ContributionReplyMail(n ContributionReplyNotice) (subject, body string)
}

// SetContributionReplyMailer installs the writer of the HCTS reply's
// e-mail. Call it once, before serving.
func (db *DB) SetContributionReplyMailer(m ContributionReplyMailer) { db.replyMailer = m }

// ReplyToContribution records the scope's HCTS reader's reply to the
// transmitted contribution id of committee slug (it replaces an earlier
// one; replying marks it read), audits it, and mails the reply to the
// committee's active pilots and the contribution's authors. An empty or
// too long reply is EINVALID on field "reponse"; any other contribution
// is ENOTFOUND.
func (tx *Tx) ReplyToContribution(ctx context.Context, slug string, id int64, reply markdown.Text) error {
	src := strings.TrimSpace(reply.Source())
	switch {
	case src == "":
		return clts.FieldErrors{fieldReply: "Écrivez votre réponse au comité."}.Err()
	case clts.Length(reply.Source()) > clts.MaxHCTSReply:
		return clts.FieldErrors{fieldReply: "La réponse ne doit pas dépasser " + clts.Count(clts.MaxHCTSReply) + " caractères."}.Err()
	}
	c, err := tx.nationalTarget(ctx, slug, id)
	if err != nil {
		return err
	}
	var retained bool
	err = tx.queryRow(ctx, `INSERT INTO contribution_readings AS r (committee_id, contribution_id, read_at, read_by,
			reply, reply_html, replied_at, replied_by)
		VALUES ($1, $2, now(), $3, $4, $5, now(), $3)
		ON CONFLICT (committee_id, contribution_id) DO UPDATE SET
			reply = $4, reply_html = $5, replied_at = now(), replied_by = $3,
			read_at = coalesce(r.read_at, now()), read_by = coalesce(r.read_by, $3),
			updated_at = now()
		RETURNING retained`, c.CommitteeID, c.ID, tx.sc.AccountID, reply.Source(), reply.HTML()).Scan(&retained)
	if err != nil {
		return fmt.Errorf("postgres: reply to contribution: %w", mapError(err))
	}
	if err := tx.audit(ctx, "contribution.reply", nationalSubject(c)); err != nil {
		return err
	}
	return tx.mailReply(ctx, c, ContributionReplyNotice{CommitteeSlug: c.CommitteeSlug, CommitteeName: c.CommitteeName,
		ContributionID: c.ID, Title: c.Title, Reply: reply.Source(), Retained: retained})
}

// mailReply tells the reply (clts.NotifyContribution) to the committee's
// active pilots and the contribution's authors who are still active
// members, each once. Their memberships are the committee's rows: the unit
// of work steps into the committee for this statement alone, then back to
// the national scope; the notice belongs to the committee.
func (tx *Tx) mailReply(ctx context.Context, c clts.Contribution, n ContributionReplyNotice) error {
	var mailer ContributionReplyMailer
	if tx.db != nil {
		mailer = tx.db.replyMailer
	}
	if mailer == nil {
		return nil
	}
	subject, body := mailer.ContributionReplyMail(n)
	national := tx.sc
	inCommittee := national
	inCommittee.CommitteeID = c.CommitteeID
	if err := tx.rescope(ctx, inCommittee); err != nil {
		return err
	}
	_, err := tx.notify(ctx, Notice{Kind: clts.NotifyContribution, Title: subject, Body: body,
		Link: paths.Contribution(c.CommitteeSlug, c.ID)},
		`SELECT m.account_id FROM memberships m
		WHERE m.committee_id = $1 AND m.active AND (m.role = 'pilote' OR EXISTS (SELECT FROM contribution_authors ca
				WHERE ca.committee_id = $1 AND ca.contribution_id = $2 AND ca.account_id = m.account_id))`, c.CommitteeID, c.ID)
	if err != nil {
		return fmt.Errorf("postgres: reply mail: %w", err)
	}
	return tx.rescope(ctx, national)
}
