package server

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/demo"
	"github.com/portail-clts/clts/internal/postgres"
)

// easyForm returns the fields of the form of doc matched by sel, as the
// browser would send them.
func easyForm(t *testing.T, doc *goquery.Document, sel string) (action string, v url.Values) {
	t.Helper()
	form := doc.Find(sel).First()
	if form.Length() == 0 {
		t.Fatalf("no form %q", sel)
	}
	v = url.Values{}
	form.Find("input[type=hidden]").Each(func(_ int, s *goquery.Selection) {
		v.Add(s.AttrOr("name", ""), s.AttrOr("value", ""))
	})
	return form.AttrOr("action", ""), v
}

// TestEasyHomeAnswersTheNextMeeting: a supported person gets the easy home
// by default; it shows their next meeting with where, when and its
// accessibility, the pilots to call, and answers the meeting in one POST
// to the meeting's answer route, back to the home with a confirmation,
// keeping the needs already stated.
func TestEasyHomeAnswersTheNextMeeting(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.login("accompagne")
	var next *postgres.MeetingView
	f.read("37-41", "accompagne", func(tx *postgres.Tx) error {
		var err error
		next, err = tx.NextInvitedMeeting(context.Background(), f.srv.now())
		return err
	})
	if next == nil {
		t.Fatal("the demo supported person has no upcoming meeting")
	}
	res, body := c.get("/c/37-41/")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("home: %d", res.StatusCode)
	}
	doc := parse(t, body)
	if !doc.Find("body").HasClass("easy") || doc.Find("details.committee-menu").Length() != 0 {
		t.Fatal("a supported person who never chose does not get the easy interface")
	}
	block := doc.Find("section[aria-labelledby=titre-prochaine]").Text()
	for _, want := range []string{next.Meeting.Title, next.Meeting.Place, next.Meeting.Accessibility} {
		if want != "" && !strings.Contains(block, want) {
			t.Errorf("next meeting block lacks %q:\n%s", want, block)
		}
	}
	if next.Meeting.Kind == clts.KindPlenary && !strings.Contains(block, "la grande réunion du comité") {
		t.Error("a plenary is not named in plain words")
	}
	if !strings.Contains(doc.Find("section[aria-labelledby=titre-appeler]").Text(), "Claire Martin") {
		t.Error("the pilots to call are missing")
	}
	if doc.Find(`a[href="/c/37-41/?vue=complete"]`).Length() == 0 || doc.Find(`a[href="/c/37-41/menu"]`).Length() == 0 {
		t.Error("no « Voir tout » link to the complete home and the menu")
	}
	if doc.Find(`form[action="/compte/interface-facile"] button`).Length() == 0 {
		t.Error("no one-click way back to the complete interface")
	}
	action, form := easyForm(t, doc, `.easy-answers form:has(input[name=reponse][value=non])`)
	if want := "/c/37-41/reunions/" + itoa(next.Meeting.ID) + "/reponse"; action != want {
		t.Fatalf("answer posts to %q, want %q (the meeting's own route)", action, want)
	}
	res, _ = c.post(action, form)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/c/37-41/" {
		t.Fatalf("answer: %d to %q, want 303 to the home", res.StatusCode, res.Header.Get("Location"))
	}
	_, body = c.get("/c/37-41/")
	doc = parse(t, body)
	if !strings.Contains(doc.Find("[role=status]").Text(), "Votre réponse est enregistrée : Non.") ||
		!strings.Contains(doc.Find("#ma-reponse").Text(), "je ne viens pas") {
		t.Error("the home does not confirm the answer")
	}
	f.read("37-41", "accompagne", func(tx *postgres.Tx) error {
		r, err := tx.MyResponse(context.Background(), next.Meeting.ID)
		if err != nil {
			return err
		}
		if r.Answer != clts.AnswerNo || !slices.Equal(r.Needs, next.My.Needs) || r.NeedsNote != next.My.NeedsNote {
			t.Errorf("answer %q needs %v note %q, want non with the needs kept %v %q", r.Answer, r.Needs, r.NeedsNote, next.My.Needs, next.My.NeedsNote)
		}
		return nil
	})
	// Yes again, in one tap too.
	action, form = easyForm(t, doc, `.easy-answers form:has(input[name=reponse][value=oui])`)
	if res, _ := c.post(action, form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("answer yes: %d", res.StatusCode)
	}
	if n := f.countQueries("accompagne", "/c/37-41/"); n > maxQueriesPerPage {
		t.Errorf("easy home: %d statements, want at most %d", n, maxQueriesPerPage)
	}
	// « Voir tout »: the complete home, same rights.
	_, body = c.get("/c/37-41/?vue=complete")
	if doc := parse(t, body); doc.Find("body").HasClass("easy") == false || doc.Find("h2#titre-prochaine").Length() != 0 {
		t.Error("?vue=complete does not show the complete home in the easy shell")
	}
}

// TestEasyModeChoice: the choice is saved and honoured, for a supported
// person who leaves the easy interface and for anyone who takes it; a
// person who is not supported gets the complete home by default.
func TestEasyModeChoice(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	easy := func(c *client) bool {
		_, body := c.get("/c/37-41/")
		doc := parse(t, body)
		return doc.Find("body").HasClass("easy") && doc.Find("h2#titre-prochaine").Length() == 1
	}
	partner := f.login("partenaire")
	if easy(partner) {
		t.Fatal("a partner gets the easy home by default")
	}
	if _, body := partner.get("/compte"); !strings.Contains(body, "Interface facile") {
		t.Fatal("the account page has no easy interface setting")
	}
	res, _ := partner.post("/compte/interface-facile", url.Values{"facile": {"oui"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/compte" {
		t.Fatalf("choose easy: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	if !easy(partner) {
		t.Error("the partner's choice of the easy interface is not honoured")
	}

	supported := f.login("accompagne")
	res, _ = supported.post("/compte/interface-facile", url.Values{"facile": {"non"}, "retour": {"/c/37-41/"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/c/37-41/" {
		t.Fatalf("leave easy: %d to %q, want back to the page", res.StatusCode, res.Header.Get("Location"))
	}
	if easy(supported) {
		t.Error("the supported person left the easy interface but still gets it")
	}
	if got := openMatrixDB(t, f).id("", `SELECT count(*) FROM accounts WHERE login = 'accompagne' AND easy_mode = false`); got != "1" {
		t.Error("the choice is not stored as false")
	}
	// Elsewhere than a local path, the return goes to the account page.
	res, _ = supported.post("/compte/interface-facile", url.Values{"facile": {"oui"}, "retour": {"//evil.example/"}})
	if res.Header.Get("Location") != "/compte" {
		t.Errorf("return to another site: %q", res.Header.Get("Location"))
	}
	if !easy(supported) {
		t.Error("back to the easy interface: not honoured")
	}
	res, body := supported.post("/compte/interface-facile", url.Values{"facile": {"peut-etre"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(parse(t, body).Find("#facile-erreur").Text(), "Choisissez") {
		t.Errorf("bad choice: %d, want 422 with the message next to the field", res.StatusCode)
	}
}

// TestEasyMenu: the easy header's one « Menu » link lists every page of the
// committee (with plain words) and of the portal.
func TestEasyMenu(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.login("accompagne")
	_, body := c.get("/c/37-41/")
	if parse(t, body).Find(`header a[href="/c/37-41/menu"]`).Length() != 1 {
		t.Fatal("the easy header has no « Menu » link")
	}
	res, body := c.get("/c/37-41/menu")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("menu: %d", res.StatusCode)
	}
	doc := parse(t, body)
	for _, href := range []string{"/c/37-41/annuaire", "/c/37-41/reunions", "/c/37-41/groupes", "/compte", "/lexique"} {
		if doc.Find(`main a[href="`+href+`"]`).Length() == 0 {
			t.Errorf("the menu lacks %s", href)
		}
	}
	if !strings.Contains(doc.Find("main").Text(), "le petit groupe") && !strings.Contains(doc.Find("main").Text(), "les petits groupes") {
		t.Error("the menu does not give the plain words of « groupes de travail »")
	}
	if res, _ := c.get("/menu"); res.StatusCode != http.StatusOK {
		t.Errorf("portal menu: %d", res.StatusCode)
	}
}

// TestPassphraseWithSpaces: the suggested passphrase is shown where a
// password is chosen, drawn fresh at each display from the word list; a
// passphrase with spaces, leading and trailing ones included, is kept as
// typed: it signs in exactly, and not trimmed.
func TestPassphraseWithSpaces(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.login("accompagne")
	list := map[string]bool{}
	for _, w := range auth.PassphraseWordList() {
		list[w] = true
	}
	suggestion := func(path string, c *client) string {
		t.Helper()
		res, body := c.get(path)
		p := strings.TrimSpace(parse(t, body).Find(".passphrase kbd").Text())
		if res.StatusCode != http.StatusOK || p == "" {
			t.Fatalf("%s: %d, no passphrase suggested", path, res.StatusCode)
		}
		for _, w := range strings.Fields(p)[:auth.PassphraseWords] {
			if !list[w] {
				t.Errorf("%s: %q is not in the word list", path, w)
			}
		}
		return p
	}
	if suggestion("/compte", c) == suggestion("/compte", c) {
		t.Error("two displays suggest the same passphrase")
	}
	code := printSheet(t, f.login("pilote"), f.accountID("fatima.belkacem"))
	suggestion("/nouvel-acces/mot-de-passe?code="+auth.NormalizeCode(code), f.anonymous())
	token := auth.NewToken()
	f.invite("37-41", clts.InvitationCode, "", clts.RoleAccompagne, time.Now().Add(time.Hour), "", auth.HashToken(token))
	suggestion("/invitation?jeton="+url.QueryEscape(token), f.anonymous())

	phrase := " " + suggestion("/compte", c) + " "
	res, body := c.post("/compte/mot-de-passe", url.Values{"actuel": {demo.Password}, "nouveau": {phrase}, "confirmation": {phrase}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("change to a passphrase with spaces: %d\n%s", res.StatusCode, parse(t, body).Find(".error-message").Text())
	}
	login := func(pw string) int {
		res, _ := f.anonymous().post("/connexion", url.Values{"identifiant": {"accompagne"}, "mot_de_passe": {pw}})
		return res.StatusCode
	}
	if got := login(phrase); got != http.StatusSeeOther {
		t.Errorf("login with the passphrase as typed: %d", got)
	}
	if got := login(strings.TrimSpace(phrase)); got == http.StatusSeeOther {
		t.Error("the passphrase was trimmed")
	}
}

// TestNextInvitedMeeting: the easy home's meeting is, for each person, the
// first planned meeting not yet ended among those they are invited to (a
// group's meeting only for its members).
func TestNextInvitedMeeting(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	now := f.srv.now()
	for _, login := range []string{"accompagne", "partenaire", "professionnel", "pilote41", "pilote"} {
		f.read("37-41", login, func(tx *postgres.Tx) error {
			got, err := tx.NextInvitedMeeting(ctx, now)
			if err != nil {
				return err
			}
			all, err := tx.MeetingsBetween(ctx, now.AddDate(0, 0, -2), now.AddDate(3, 0, 0), false, 1000)
			if err != nil {
				return err
			}
			var want int64
			for _, m := range all {
				if m.Status != clts.MeetingPlanned || !m.EndsAt.After(now) {
					continue
				}
				invited, err := tx.IsInvited(ctx, m.ID, f.accounts[login])
				if err != nil {
					return err
				}
				if invited {
					want = m.ID
					break
				}
			}
			switch {
			case got == nil && want != 0:
				t.Errorf("%s: no next meeting, want %d", login, want)
			case got != nil && got.Meeting.ID != want:
				t.Errorf("%s: next meeting %d (%s), want %d", login, got.Meeting.ID, got.Meeting.Title, want)
			case got != nil && got.My.Answer != got.Meeting.MyAnswer:
				t.Errorf("%s: answer %q, want %q", login, got.My.Answer, got.Meeting.MyAnswer)
			}
			return nil
		})
	}
}
