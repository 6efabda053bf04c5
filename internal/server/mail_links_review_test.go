package server

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/postgres"
)

// stubDigests writes every digest as one line: the tests only count them.
type stubDigests struct{}

func (stubDigests) DigestMail(d postgres.Digest) (string, string) {
	return "Résumé", strings.Repeat("événement\n", len(d.Events))
}

// digestsQueued counts the digests of kind (auth.DigestDaily,
// auth.DigestWeekly) in the outbox for login.
func digestsQueued(t *testing.T, db matrixDB, f *fixture, login, kind string) string {
	t.Helper()
	return db.text("", `SELECT count(*)::text FROM outbox WHERE account_id = $1 AND kind = $2`, f.accounts[login], kind)
}

// TestMailUnsubscribeDigestStopsIt: a person had news in the daily digest,
// an event waits for it, then they moved news to « at once » (the event
// stays in the digest it waited for). The daily digest's unsubscribe link
// says « vous ne le recevez plus »: no daily digest may then leave with the
// event that was waiting for it.
func TestMailUnsubscribeDigestStopsIt(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.login("professionnel")
	mustSeeOther(t, c, "/compte/notifications", settingsForm(map[string]string{"actualite": "quotidien"}))
	db := openMatrixDB(t, f)
	db.exec("", `INSERT INTO notifications (account_id, kind, title, delivery, created_at)
		VALUES ($1, 'actualite', 'Une actualité du jour', 'quotidien', now() - interval '1 hour')`, f.accounts["professionnel"])
	mustSeeOther(t, c, "/compte/notifications", settingsForm(map[string]string{"actualite": "immediat"}))

	daily := "/courriel/desabonnement/" + auth.SignUnsubscribe(f.srv.signingKey,
		auth.UnsubscribeClaim{AccountID: f.accounts["professionnel"], Kind: auth.DigestDaily})
	anon := f.anonymous()
	if _, body := anon.get(daily); !strings.Contains(body, "Aucun type d'événement n'arrive plus dans votre résumé du jour : vous ne le recevez plus.") {
		t.Fatalf("the daily digest's page:\n%.3000s", body)
	}
	if res, body := anon.post(daily, url.Values{"List-Unsubscribe": {"One-Click"}}); res.StatusCode != 200 {
		t.Fatalf("POST daily unsubscribe = %d\n%.2000s", res.StatusCode, body)
	}
	if _, err := f.db.App.SendDigests(context.Background(), time.Now().Add(48*time.Hour), stubDigests{}); err != nil {
		t.Fatal(err)
	}
	if n := digestsQueued(t, db, f, "professionnel", auth.DigestDaily); n != "0" {
		t.Errorf("%s daily digest(s) queued after the person unsubscribed from it", n)
	}
	// The event stays in the centre.
	if d := db.text("", `SELECT delivery FROM notifications WHERE account_id = $1 AND title = 'Une actualité du jour'`, f.accounts["professionnel"]); d != "portail" {
		t.Errorf("the event that waited for the daily digest is %q, want portail", d)
	}
	// News itself stays « at once »: the link was the daily digest's.
	if s := f.settingsOf("professionnel"); s.Deliveries["actualite"] != "immediat" {
		t.Errorf("news moved to %q by the daily digest's link", s.Deliveries["actualite"])
	}
}

// TestMailLinksNameSupportedPerson: the pages of e-mail links open
// without signing in, for whoever holds the link; they name a supported
// person by first name and initial, as other members see them, unless the
// person chose to show their full name.
func TestMailLinksNameSupportedPerson(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	meeting, start := mailMeeting(t, f, "Plénière de janvier", 9)
	answer := f.answerLink(f.srv.signingKey, "accompagne", "37-41", meeting, start, "")
	unsubscribe := "/courriel/desabonnement/" + auth.SignUnsubscribe(f.srv.signingKey,
		auth.UnsubscribeClaim{AccountID: f.accounts["accompagne"], Kind: "actualite"})
	anon := f.anonymous()
	for _, p := range []string{answer, unsubscribe} {
		res, body := anon.get(p)
		if res.StatusCode != 200 || !strings.Contains(body, "<strong>Jean D.</strong>") || strings.Contains(body, "Dupuis") {
			t.Errorf("GET %s = %d, want « Jean D. » and never « Dupuis »:\n%.3000s", p[:24], res.StatusCode, body)
		}
	}
	if res, body := anon.post(unsubscribe, url.Values{}); res.StatusCode != 200 || strings.Contains(body, "Dupuis") {
		t.Errorf("the unsubscribe confirmation = %d names « Dupuis »", res.StatusCode)
	}

	// Once they choose to show their full name, it is shown.
	db := openMatrixDB(t, f)
	db.exec("37-41", `UPDATE memberships SET show_full_name = true WHERE account_id = $1`, f.accounts["accompagne"])
	for _, p := range []string{answer, unsubscribe} {
		if _, body := anon.get(p); !strings.Contains(body, "<strong>Jean Dupuis</strong>") {
			t.Errorf("GET %s: the full name chosen is not shown", p[:24])
		}
	}
}

// TestNotificationSettingsMovePendingEvents: news were in the daily
// digest and one waits for it; the person moves news to the weekly
// digest: tonight's daily digest no longer mails it, the weekly one will.
// Moved to the portal only, it is mailed in no digest.
func TestNotificationSettingsMovePendingEvents(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.login("professionnel")
	mustSeeOther(t, c, "/compte/notifications", settingsForm(map[string]string{"actualite": "quotidien", "compte_rendu": "quotidien"}))
	db := openMatrixDB(t, f)
	account := f.accounts["professionnel"]
	for _, n := range [][2]string{{"actualite", "Une actualité en attente"}, {"compte_rendu", "Un compte rendu en attente"}} {
		db.exec("", `INSERT INTO notifications (account_id, kind, title, delivery, created_at)
			VALUES ($1, $2, $3, 'quotidien', now() - interval '1 hour')`, account, n[0], n[1])
	}
	mustSeeOther(t, c, "/compte/notifications", settingsForm(map[string]string{"actualite": "hebdomadaire", "compte_rendu": "portail"}))
	for title, want := range map[string]string{"Une actualité en attente": "hebdomadaire", "Un compte rendu en attente": "portail"} {
		if d := db.text("", `SELECT delivery FROM notifications WHERE account_id = $1 AND title = $2`, account, title); d != want {
			t.Errorf("%s: delivery %q, want %q", title, d, want)
		}
	}
	if _, err := f.db.App.SendDigests(context.Background(), time.Now().Add(48*time.Hour), stubDigests{}); err != nil {
		t.Fatal(err)
	}
	if n := digestsQueued(t, db, f, "professionnel", auth.DigestDaily); n != "0" {
		t.Errorf("%s daily digest(s) queued after news left the daily digest", n)
	}
}

// TestMailAnswerFormerMember: the link of a member who has since left the
// committee answers nothing and shows nothing of the meeting: 404 on the
// page and on the POST, no answer stored, the link not spent.
func TestMailAnswerFormerMember(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	meeting, start := mailMeeting(t, f, "Plénière après un départ", 8)
	link := f.answerLink(f.srv.signingKey, "professionnel", "37-41", meeting, start, clts.AnswerYes)
	db := openMatrixDB(t, f)
	db.exec("37-41", `UPDATE memberships SET active = false WHERE account_id = $1`, f.accounts["professionnel"])
	anon := f.anonymous()
	if res, body := anon.get(link); res.StatusCode != 404 || strings.Contains(body, "Plénière après un départ") {
		t.Errorf("GET a former member's link = %d, want 404 without the meeting", res.StatusCode)
	}
	if res, _ := anon.post(link, url.Values{"reponse": {clts.AnswerYes}}); res.StatusCode != 404 {
		t.Errorf("POST a former member's link = %d, want 404", res.StatusCode)
	}
	if n := db.text("", `SELECT count(*)::text FROM used_tokens`); n != "0" {
		t.Errorf("%s links recorded as used", n)
	}
	if n := db.text("37-41", `SELECT count(*)::text FROM meeting_responses WHERE meeting_id = $1 AND account_id = $2`, meeting, f.accounts["professionnel"]); n != "0" {
		t.Error("a former member's answer was stored")
	}
}
