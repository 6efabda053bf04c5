package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/clts"
)

// MailAnswerView is what the page of an answer given from an e-mail shows
// and checks: the person the link was made for, the meeting as they see
// it (whether they are still invited, their answer so far), and whether
// the link was used already. Read in the scope of the link's committee
// and account (InCommittee), so that row-level security applies as for
// the person's own pages.
type MailAnswerView struct {
	// Name is the person's display name; a supported person's first name
	// and initial unless they chose to show their full name
	// (clts.Profile.View).
	Name          string
	CommitteeName string
	CommitteeSlug string
	*MeetingView
	Used bool
}

// MailAnswerPage reads the meeting of an answer link for the scope's
// account, in the scope's committee. A disabled account, an unknown
// committee or a meeting of another committee is ENOTFOUND.
func (tx *Tx) MailAnswerPage(ctx context.Context, meetingID int64, mac []byte) (*MailAnswerView, error) {
	v := &MailAnswerView{}
	var masked bool
	err := tx.queryRow(ctx, `SELECT a.display_name, c.name, c.slug, EXISTS (SELECT FROM used_tokens WHERE mac = $3),
			coalesce(ms.role = 'personne_accompagnee' AND NOT ms.show_full_name, false)
		FROM accounts a CROSS JOIN committees c
		LEFT JOIN memberships ms ON ms.committee_id = c.id AND ms.account_id = a.id
		WHERE a.id = $1 AND NOT a.disabled AND c.id = $2`,
		tx.sc.AccountID, tx.sc.CommitteeID, mac).Scan(&v.Name, &v.CommitteeName, &v.CommitteeSlug, &v.Used, &masked)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, clts.Errorf(clts.ENOTFOUND, "Lien inconnu.")
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: mail answer: %w", err)
	}
	if masked {
		// The page opens without signing in, for whoever holds the link
		// (a forwarded e-mail, a mail service's link scanner): a supported
		// person is named there as other members see them.
		v.Name = clts.ShortName(v.Name)
	}
	if v.MeetingView, err = tx.MeetingPage(ctx, meetingID); err != nil {
		return nil, err
	}
	return v, nil
}
