package server

import (
	"context"
	"strconv"
	"testing"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/postgres"
)

// setupNotificationMatrix adds the ids of the notification rows to the
// route matrix's sets, the same in both (they are national): {notificationID}
// is one of the pilot's demo notifications; {token} is an answer link for
// the group's plain member ("partenaire") to the matrix's upcoming meeting
// ("answerToken"), or their unsubscribe link from the news
// ("unsubscribeToken"), both signed with the portal's key.
func setupNotificationMatrix(t *testing.T, f *fixture, db matrixDB, own, other map[string]string) {
	t.Helper()
	id := db.id("", `SELECT min(id) FROM notifications WHERE account_id = (SELECT id FROM accounts WHERE login = 'pilote')`)
	meeting, err := strconv.ParseInt(own["meetingID"], 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	var v *postgres.MeetingView
	f.read("37-41", "partenaire", func(tx *postgres.Tx) error {
		var err error
		v, err = tx.MeetingPage(context.Background(), meeting)
		return err
	})
	if !v.Invited {
		t.Fatal("the matrix's meeting does not invite partenaire")
	}
	answer := auth.SignAnswer(f.srv.signingKey, auth.AnswerClaim{AccountID: f.accounts["partenaire"],
		CommitteeID: f.committees["37-41"], MeetingID: meeting, Expires: v.Meeting.StartsAt})
	unsubscribe := auth.SignUnsubscribe(f.srv.signingKey, auth.UnsubscribeClaim{AccountID: f.accounts["partenaire"],
		Kind: string(clts.NotifyNews)})
	for _, set := range []map[string]string{own, other} {
		set["notificationID"], set["answerToken"], set["unsubscribeToken"] = id, answer, unsubscribe
	}
}
