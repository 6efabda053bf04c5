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
	Name          string // the person's display name
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
	err := tx.queryRow(ctx, `SELECT a.display_name, c.name, c.slug, EXISTS (SELECT FROM used_tokens WHERE mac = $3)
		FROM accounts a, committees c WHERE a.id = $1 AND NOT a.disabled AND c.id = $2`,
		tx.sc.AccountID, tx.sc.CommitteeID, mac).Scan(&v.Name, &v.CommitteeName, &v.CommitteeSlug, &v.Used)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, clts.Errorf(clts.ENOTFOUND, "Lien inconnu.")
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: mail answer: %w", err)
	}
	if v.MeetingView, err = tx.MeetingPage(ctx, meetingID); err != nil {
		return nil, err
	}
	return v, nil
}
