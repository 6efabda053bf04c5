package postgres

import (
	"context"
	"fmt"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
)

// ContributionNotice is what an e-mail of the contribution workflow tells:
// the step, the contribution and its committee, and the pilot's comment.
type ContributionNotice struct {
	// Action is the step: "propose", "return", "validate", "transmit" or
	// "correct".
	Action         string
	CommitteeSlug  string
	CommitteeName  string
	ContributionID int64
	Title          string
	Category       string
	CampaignYear   int
	Edition        int
	Comment        string // the return comment
	ActorName      string // who took the step
}

// ContributionMailer writes the e-mails of the contribution workflow. The
// French texts live in internal/mails (mails.Contributions); the server
// installs it with DB.SetContributionMailer. Without one (the demo
// loader), the steps queue no e-mail.
type ContributionMailer interface {
	ContributionMail(n ContributionNotice) (subject, body string)
}

// SetContributionMailer installs the writer of the contribution
// workflow's e-mails. Call it once, before serving.
func (db *DB) SetContributionMailer(m ContributionMailer) { db.contributionMailer = m }

// notifyAuthors: a contribution step's e-mail goes to its authors.
const notifyAuthors = notifyAuthor + 1

// finishContributionStep records step action on contribution c in its
// history and the audit log ("contribution."+action), and queues its
// e-mail to the committee's active pilots or to the contribution's
// authors, leaving out the person who took the step and those without an
// address.
func (tx *Tx) finishContributionStep(ctx context.Context, action string, c clts.Contribution, comment string, to int) error {
	if err := tx.contributionEvent(ctx, c.ID, action, comment); err != nil {
		return err
	}
	if err := tx.auditOn(ctx, "contribution."+action, contributionSubject(c), clts.On(clts.ObjectContribution, c.ID)); err != nil {
		return err
	}
	var mailer ContributionMailer
	if tx.db != nil {
		mailer = tx.db.contributionMailer
	}
	if mailer == nil {
		return nil
	}
	n := ContributionNotice{Action: action, ContributionID: c.ID, Title: c.Title, Category: c.Category,
		CampaignYear: c.CampaignYear, Edition: c.Edition, Comment: comment}
	// The pilots see every member's full name; the authors may not see a
	// supported person's (the directory's rule): the actor is named to
	// them as publicNameSQL does.
	actor := `a.display_name`
	if to == notifyAuthors {
		actor = publicNameSQL
	}
	err := tx.queryRow(ctx, `SELECT c.slug, c.name, coalesce((SELECT `+actor+` FROM accounts a
			LEFT JOIN memberships m ON m.committee_id = c.id AND m.account_id = a.id WHERE a.id = $2), '')
		FROM committees c WHERE c.id = $1`, tx.sc.CommitteeID, tx.sc.AccountID).Scan(&n.CommitteeSlug, &n.CommitteeName, &n.ActorName)
	if err != nil {
		return fmt.Errorf("postgres: contribution mail: %w", err)
	}
	subject, body := mailer.ContributionMail(n)
	notice := Notice{Kind: clts.NotifyContribution, Title: subject, Body: body, Link: paths.Contribution(n.CommitteeSlug, c.ID)}
	if to == notifyAuthors {
		return tx.notifyMembers(ctx, notice, `m.account_id IN (SELECT account_id FROM contribution_authors
			WHERE committee_id = $1 AND contribution_id = $3)`, c.ID)
	}
	return tx.notifyMembers(ctx, notice, `m.role = 'pilote'`)
}
