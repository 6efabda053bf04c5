package server

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/postgres"
)

// mailMeeting creates, as the pilot, a plenary of 37-41 in days days, and
// returns its id and start.
func mailMeeting(t *testing.T, f *fixture, title string, days int) (int64, time.Time) {
	t.Helper()
	day := time.Now().AddDate(0, 0, days).Format(time.DateOnly)
	loc := mustSeeOther(t, f.login("pilote"), "/c/37-41/reunions/nouvelle", url.Values{"titre": {title}, "date": {day},
		"debut": {"14:00"}, "fin": {"16:00"}, "lieu": {"Salle du conseil, Tours"}, "accessibilite": {"Rampe d'accès côté parking."}})
	id, err := strconv.ParseInt(idAtEnd(t, loc), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	var start time.Time
	f.read("37-41", "pilote", func(tx *postgres.Tx) error {
		v, err := tx.MeetingPage(context.Background(), id)
		if err == nil {
			start = v.Meeting.StartsAt
		}
		return err
	})
	return id, start
}

// answerOf is login's answer to meeting, as stored.
func (f *fixture) answerOf(login string, meeting int64) clts.Response {
	f.t.Helper()
	var r clts.Response
	f.read("37-41", login, func(tx *postgres.Tx) error {
		var err error
		r, err = tx.MyResponse(context.Background(), meeting)
		return err
	})
	return r
}

// answerLink is the path of an answer link for login to meeting of slug,
// signed with key, expiring at expires.
func (f *fixture) answerLink(key []byte, login, slug string, meeting int64, expires time.Time, answer string) string {
	token := auth.SignAnswer(key, auth.AnswerClaim{AccountID: f.accounts[login], CommitteeID: f.committees[slug],
		MeetingID: meeting, Expires: expires})
	p := "/courriel/reponse/" + token
	if answer != "" {
		p += "?reponse=" + answer
	}
	return p
}

// TestMailAnswer: an answer link from a convocation shows the meeting and
// the person's name and changes nothing when opened, whoever opens it; the
// confirmation POST records the answer (needs and companions kept) and
// the link as used, without being signed in; the link then says it has
// served (409), an expired one that it expired (410), and a link altered,
// signed with another key, or naming a meeting of another committee or a
// person not invited is a 404. A cancelled meeting waits for no answer.
func TestMailAnswer(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	key, err := f.db.App.SigningKey(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	meeting, start := mailMeeting(t, f, "Plénière de décembre", 12)
	link := f.answerLink(key, "partenaire", "37-41", meeting, start, clts.AnswerYes)
	anon := f.anonymous()

	// Opening it, twice, signed out or as someone else, changes nothing.
	for _, c := range []*client{anon, anon, f.login("pilote")} {
		res, body := c.get(link)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET answer link = %d\n%.2000s", res.StatusCode, body)
		}
		for _, s := range []string{"Plénière de décembre", "<strong>Karim Benali</strong>", "Salle du conseil, Tours",
			"Rampe d&#39;accès côté parking.", `value="oui" checked`, "Confirmer ma réponse", "Je ne viens pas"} {
			if !strings.Contains(body, s) {
				t.Errorf("the answer page lacks %q", s)
			}
		}
		if cc := res.Header.Get("Cache-Control"); cc != cachePrivate {
			t.Errorf("the answer page's Cache-Control: %q", cc)
		}
	}
	if res, _ := anon.send(http.MethodHead, link, nil, nil); res.StatusCode != http.StatusOK {
		t.Errorf("HEAD answer link = %d", res.StatusCode)
	}
	if a := f.answerOf("partenaire", meeting).Answer; a != "" {
		t.Fatalf("opening the link recorded %q", a)
	}
	// ?reponse= preselects; an unknown one preselects nothing.
	if _, body := anon.get(strings.Replace(link, "reponse=oui", "reponse=peut_etre", 1)); !strings.Contains(body, `value="peut_etre" checked`) {
		t.Error("?reponse=peut_etre is not preselected")
	}
	if _, body := anon.get(strings.Replace(link, "reponse=oui", "reponse=toujours", 1)); strings.Contains(body, "checked") {
		t.Error("an unknown ?reponse= preselects something")
	}

	// The form without a choice: 422, nothing written, the link still good.
	action := strings.TrimSuffix(link, "?reponse=oui")
	res, body := anon.post(action, url.Values{})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Choisissez votre réponse") {
		t.Fatalf("POST without an answer = %d", res.StatusCode)
	}

	// partenaire had said, on the portal, that they need transport.
	partner := f.login("partenaire")
	mustSeeOther(t, partner, "/c/37-41/reunions/"+strconv.FormatInt(meeting, 10)+"/reponse",
		url.Values{"reponse": {clts.AnswerMaybe}, "besoin_transport": {"oui"}, "precisions": {"Un taxi depuis Blois."}, "accompagnants": {"1"}})

	// Confirmed, signed out: recorded with the needs kept.
	res, body = anon.post(action, url.Values{"reponse": {clts.AnswerYes}})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("confirmation = %d\n%.2000s", res.StatusCode, body)
	}
	for _, s := range []string{"Votre réponse est enregistrée", "Votre réponse : Je viens.", `href="/c/37-41/reunions/` + strconv.FormatInt(meeting, 10) + `"`} {
		if !strings.Contains(body, s) {
			t.Errorf("the confirmation lacks %q", s)
		}
	}
	got := f.answerOf("partenaire", meeting)
	if got.Answer != clts.AnswerYes || len(got.Needs) != 1 || got.Needs[0] != "transport" || got.NeedsNote != "Un taxi depuis Blois." || got.Companions != 1 {
		t.Errorf("stored answer: %+v", got)
	}
	// The meeting's page, signed in, says so.
	if _, page := partner.get("/c/37-41/reunions/" + strconv.FormatInt(meeting, 10)); !strings.Contains(page, `value="oui" checked`) {
		t.Error("the meeting's page does not show the answer given from the e-mail")
	}

	// Used: 409 on the page and on a second POST, the answer unchanged.
	for _, method := range []string{http.MethodGet, http.MethodPost} {
		res, body := anon.do(method, action, url.Values{"reponse": {clts.AnswerNo}}, nil)
		if res.StatusCode != http.StatusConflict || !strings.Contains(body, "Ce lien a déjà servi") {
			t.Errorf("%s of a used link = %d, want 409 « Ce lien a déjà servi »", method, res.StatusCode)
		}
	}
	if a := f.answerOf("partenaire", meeting).Answer; a != clts.AnswerYes {
		t.Errorf("a used link changed the answer to %q", a)
	}

	// Expired: 410 and nothing written.
	expired := f.answerLink(key, "professionnel", "37-41", meeting, time.Now().Add(-time.Minute), "")
	for _, method := range []string{http.MethodGet, http.MethodPost} {
		res, body := anon.do(method, expired, url.Values{"reponse": {clts.AnswerYes}}, nil)
		if res.StatusCode != http.StatusGone || !strings.Contains(body, "Ce lien a expiré") || !strings.Contains(body, "répondez sur le portail") {
			t.Errorf("%s of an expired link = %d, want 410", method, res.StatusCode)
		}
	}
	if a := f.answerOf("professionnel", meeting).Answer; a != "" {
		t.Errorf("an expired link recorded %q", a)
	}

	// Not a link of ours: 404, nothing written.
	otherMeeting := idAtEnd(t, mustSeeOther(t, f.login("pilote-autre"), "/c/autre/reunions/nouvelle", url.Values{"titre": {"Plénière du Loiret"},
		"date": {time.Now().AddDate(0, 0, 12).Format(time.DateOnly)}, "debut": {"10:00"}, "fin": {"12:00"}, "lieu": {"Orléans"}}))
	otherID, _ := strconv.ParseInt(otherMeeting, 10, 64)
	good := f.answerLink(key, "professionnel", "37-41", meeting, start, "")
	token := strings.TrimPrefix(good, "/courriel/reponse/")
	foreign := map[string]string{
		"another key":                 f.answerLink([]byte("une autre clé, d'un autre portail, de 32 octets ou plus"), "professionnel", "37-41", meeting, start, ""),
		"altered":                     "/courriel/reponse/" + token[:10] + flip(token[10]) + token[11:],
		"another committee's meeting": f.answerLink(key, "professionnel", "37-41", otherID, start, ""),
		"another committee's meeting, its own committee": f.answerLink(key, "professionnel", "autre", otherID, start, ""),
		"someone not a member":                           f.answerLink(key, "pilote-autre", "37-41", meeting, start, ""),
		"an unsubscribe link":                            "/courriel/reponse/" + auth.SignUnsubscribe(key, auth.UnsubscribeClaim{AccountID: f.accounts["professionnel"], Kind: "convocation"}),
		"garbage":                                        "/courriel/reponse/pas-un-jeton",
	}
	for name, p := range foreign {
		for _, method := range []string{http.MethodGet, http.MethodPost} {
			if res, _ := anon.do(method, p, url.Values{"reponse": {clts.AnswerYes}}, nil); res.StatusCode != http.StatusNotFound {
				t.Errorf("%s: %s = %d, want 404", name, method, res.StatusCode)
			}
		}
	}
	if a := f.answerOf("professionnel", meeting).Answer; a != "" {
		t.Errorf("a foreign link recorded %q", a)
	}

	// Another site's form cannot answer for someone.
	if res, _ := anon.post(good, url.Values{"reponse": {clts.AnswerYes}}, "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"); res.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site POST of an answer = %d, want 403", res.StatusCode)
	}

	// Cancelled: 409, nothing written, the link not spent.
	mustSeeOther(t, f.login("pilote"), "/c/37-41/reunions/"+strconv.FormatInt(meeting, 10)+"/annuler", url.Values{"motif": {"Salle indisponible."}})
	for _, method := range []string{http.MethodGet, http.MethodPost} {
		res, body := anon.do(method, good, url.Values{"reponse": {clts.AnswerYes}}, nil)
		if res.StatusCode != http.StatusConflict || !strings.Contains(body, "n&#39;attend plus de réponse") {
			t.Errorf("%s for a cancelled meeting = %d, want 409", method, res.StatusCode)
		}
	}
	if a := f.answerOf("professionnel", meeting).Answer; a != "" {
		t.Errorf("an answer was recorded for a cancelled meeting: %q", a)
	}
}

// TestMailAnswerStartedMeeting: a link whose meeting was moved earlier
// and has started (its token not yet expired) answers nothing.
func TestMailAnswerStartedMeeting(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	meeting, start := mailMeeting(t, f, "Plénière avancée", 5)
	link := f.answerLink(f.srv.signingKey, "partenaire", "37-41", meeting, start, "")
	db := openMatrixDB(t, f)
	db.exec("37-41", `UPDATE meetings SET starts_at = now() - interval '10 minutes', ends_at = now() + interval '2 hours' WHERE id = $1`, meeting)
	if res, _ := f.anonymous().post(link, url.Values{"reponse": {clts.AnswerYes}}); res.StatusCode != http.StatusConflict {
		t.Errorf("answer to a started meeting = %d, want 409", res.StatusCode)
	}
	if a := f.answerOf("partenaire", meeting).Answer; a != "" {
		t.Errorf("recorded %q for a started meeting", a)
	}
}

// TestMailUnsubscribe: an unsubscribe link shows what it will change and
// changes nothing on a GET; its POST, the page's button or the RFC 8058
// one-click POST of a mail provider (from no page of the portal, even
// marked cross-site), moves the kind to the portal only; a digest's link
// moves every kind that digest gathers, and the events still waiting for
// it; other kinds are untouched; a bad link is a 404.
func TestMailUnsubscribe(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	key := f.srv.signingKey
	link := func(login, kind string) string {
		return "/courriel/desabonnement/" + auth.SignUnsubscribe(key, auth.UnsubscribeClaim{AccountID: f.accounts[login], Kind: kind})
	}
	anon := f.anonymous()

	convocations := link("professionnel", string(clts.NotifyConvocation))
	res, body := anon.get(convocations)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "<li>Convocations</li>") || !strings.Contains(body, "<strong>Sophie Leroy</strong>") {
		t.Fatalf("GET unsubscribe = %d\n%.2000s", res.StatusCode, body)
	}
	if f.settingsOf("professionnel").Deliveries[clts.NotifyConvocation] != clts.DeliveryNow {
		t.Fatal("opening the unsubscribe link changed the preference")
	}
	// RFC 8058: the provider's server POSTs List-Unsubscribe=One-Click,
	// with no Origin; some send one, marked cross-site.
	for i, headers := range [][]string{nil, {"Sec-Fetch-Site", "cross-site", "Origin", "https://mail.example"}} {
		res, body = anon.doRaw(http.MethodPost, convocations, "application/x-www-form-urlencoded", "List-Unsubscribe=One-Click")
		if i == 1 {
			res, body = anon.post(convocations, url.Values{"List-Unsubscribe": {"One-Click"}}, headers...)
		}
		if res.StatusCode != http.StatusOK || !strings.Contains(body, "Vous ne recevrez plus ces courriels") {
			t.Fatalf("one-click POST %d = %d\n%.2000s", i, res.StatusCode, body)
		}
	}
	s := f.settingsOf("professionnel")
	if s.Deliveries[clts.NotifyConvocation] != clts.DeliveryPortal || s.Deliveries[clts.NotifyReminder] != clts.DeliveryNow ||
		s.Deliveries[clts.NotifyNews] != clts.DeliveryWeekly {
		t.Errorf("after unsubscribing from convocations: %v", s.Deliveries)
	}

	// The weekly digest: news (by default) and minutes (chosen).
	c := f.login("professionnel")
	mustSeeOther(t, c, "/compte/notifications", settingsForm(map[string]string{"convocation": "portail", "compte_rendu": "hebdomadaire"}))
	db := openMatrixDB(t, f)
	db.exec("", `INSERT INTO notifications (account_id, kind, title, delivery) VALUES ($1, 'actualite', 'Une actualité qui attend le résumé', 'hebdomadaire')`,
		f.accounts["professionnel"])
	weekly := link("professionnel", auth.DigestWeekly)
	_, body = anon.get(weekly)
	if !strings.Contains(body, "résumé de la semaine") || !strings.Contains(body, "<li>Comptes rendus</li>") || !strings.Contains(body, "<li>Actualités</li>") ||
		strings.Contains(body, "<li>Rappels de réunion</li>") {
		t.Errorf("the weekly digest's page does not list what it gathers:\n%.3000s", body)
	}
	if res, _ := anon.post(weekly, url.Values{}); res.StatusCode != http.StatusOK {
		t.Fatalf("POST weekly unsubscribe = %d", res.StatusCode)
	}
	s = f.settingsOf("professionnel")
	if s.Deliveries[clts.NotifyMinutes] != clts.DeliveryPortal || s.Deliveries[clts.NotifyNews] != clts.DeliveryPortal ||
		s.Deliveries[clts.NotifyReminder] != clts.DeliveryNow {
		t.Errorf("after unsubscribing from the weekly digest: %v", s.Deliveries)
	}
	if d := db.text("", `SELECT delivery FROM notifications WHERE account_id = $1 AND title = 'Une actualité qui attend le résumé'`, f.accounts["professionnel"]); d != "portail" {
		t.Errorf("the event waiting for the weekly digest is still %q", d)
	}
	// Nothing left in the digest: the page says so, and posting again is harmless.
	if _, body := anon.get(weekly); !strings.Contains(body, "Aucun type d'événement n'arrive plus dans votre résumé de la semaine") {
		t.Errorf("an emptied digest's page:\n%.3000s", body)
	}
	if res, _ := anon.post(weekly, url.Values{}); res.StatusCode != http.StatusOK {
		t.Errorf("POST again = %d", res.StatusCode)
	}

	// The exemption is this route's alone: another site's form cannot
	// change the preferences page's choices.
	if res, _ := c.post("/compte/notifications", settingsForm(nil), "Sec-Fetch-Site", "cross-site", "Origin", "https://mail.example"); res.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site POST of the preferences = %d, want 403", res.StatusCode)
	}
	if res, _ := c.post("/notifications/tout-lu", url.Values{}, "Sec-Fetch-Site", "cross-site", "Origin", "https://mail.example"); res.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site POST of « Tout marquer comme lu » = %d, want 403", res.StatusCode)
	}

	// Bad links: 404 and nothing changed.
	answer := auth.SignAnswer(key, auth.AnswerClaim{AccountID: f.accounts["partenaire"], CommitteeID: f.committees["37-41"], MeetingID: 1, Expires: time.Now().Add(time.Hour)})
	for name, p := range map[string]string{
		"unknown kind":   link("partenaire", "nimportequoi"),
		"another key":    "/courriel/desabonnement/" + auth.SignUnsubscribe([]byte("une autre clé, d'un autre portail, de 32 octets"), auth.UnsubscribeClaim{AccountID: f.accounts["partenaire"], Kind: "actualite"}),
		"an answer link": "/courriel/desabonnement/" + answer,
		"no account":     "/courriel/desabonnement/" + auth.SignUnsubscribe(key, auth.UnsubscribeClaim{AccountID: 999999, Kind: "actualite"}),
		"garbage":        "/courriel/desabonnement/xyz",
	} {
		for _, method := range []string{http.MethodGet, http.MethodPost} {
			if res, _ := anon.do(method, p, url.Values{}, nil); res.StatusCode != http.StatusNotFound {
				t.Errorf("%s: %s = %d, want 404", name, method, res.StatusCode)
			}
		}
	}
	if f.settingsOf("partenaire").Deliveries[clts.NotifyNews] != clts.DeliveryWeekly {
		t.Error("a bad link changed partenaire's preference")
	}
}

// flip is another character of the base64url alphabet than c.
func flip(c byte) string {
	if c == 'A' {
		return "B"
	}
	return "A"
}

// TestMailAnswerTwoClicksAtOnce: two confirmations of one link sent at
// once record one answer; the other is told the link has served.
func TestMailAnswerTwoClicksAtOnce(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	meeting, start := mailMeeting(t, f, "Plénière des deux clics", 7)
	link := f.answerLink(f.srv.signingKey, "partenaire", "37-41", meeting, start, "")
	statuses := make(chan int, 4)
	for _, answer := range []string{clts.AnswerYes, clts.AnswerNo, clts.AnswerMaybe, clts.AnswerYes} {
		go func() {
			res, err := http.PostForm(f.ts.URL+link, url.Values{"reponse": {answer}})
			if err != nil {
				statuses <- 0
				return
			}
			res.Body.Close()
			statuses <- res.StatusCode
		}()
	}
	count := map[int]int{}
	for range 4 {
		count[<-statuses]++
	}
	if count[http.StatusOK] != 1 || count[http.StatusConflict] != 3 {
		t.Errorf("four confirmations at once: %v, want one 200 and three 409", count)
	}
	if a := f.answerOf("partenaire", meeting).Answer; a == "" {
		t.Error("no answer recorded")
	}
}
