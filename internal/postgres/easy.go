package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/clts"
)

// SetEasyMode records the scope's account's choice of the easy interface
// (mode facile), on or off: from then on auth.EasyMode follows it rather
// than the role.
func (tx *Tx) SetEasyMode(ctx context.Context, on bool) error {
	if _, err := tx.exec(ctx, `UPDATE accounts SET easy_mode = $2, updated_at = now() WHERE id = $1`, tx.sc.AccountID, on); err != nil {
		return fmt.Errorf("postgres: easy mode: %w", err)
	}
	subject := "interface complète"
	if on {
		subject = "interface facile"
	}
	return tx.auditAccount(ctx, "account.easy_mode", subject)
}

// NextInvitedMeeting returns the committee's next planned meeting the scope's
// account is invited to and that has not ended at now, with the account's
// answer, needs and companions, and the referent who helped give that
// answer (MeetingView: Meeting, Invited and My; the group status is not
// read), or nil when none: the first screen of the easy interface. One
// statement.
func (tx *Tx) NextInvitedMeeting(ctx context.Context, now time.Time) (*MeetingView, error) {
	v := MeetingView{Invited: true}
	var my clts.Response
	dest := append(meetingDest(&v.Meeting), &my.Needs, &my.NeedsNote, &my.Companions, &my.HelpedByName)
	// nx names the outer meeting inside inviteesOf, which names its own
	// meetings mt.
	err := tx.queryRow(ctx, `SELECT `+meetingColumns+`, coalesce(me.needs, '{}'), coalesce(me.needs_note, ''),
			coalesce(me.companions, 0), `+helperNameSQL("me.helped_by", "$2", "false", "$1")+`
		`+meetingFrom+`
		CROSS JOIN LATERAL (SELECT mt.id) nx(id)
		WHERE mt.committee_id = $2 AND mt.status = $4 AND mt.ends_at > $3
		  AND EXISTS (`+inviteesOf("$2", "nx.id")+` AND ms.account_id = $1)
		ORDER BY mt.starts_at, mt.id LIMIT 1`, tx.sc.AccountID, tx.sc.CommitteeID, now, clts.MeetingPlanned).Scan(dest...)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: next invited meeting: %w", err)
	}
	my.AccountID, my.Answer = tx.sc.AccountID, v.Meeting.MyAnswer
	v.My = my
	return &v, nil
}
