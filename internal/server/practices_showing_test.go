package server

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
)

// showingSetup is a fixture whose committees hold practices in several
// states and themes, to see where they show.
type showingSetup struct {
	*fixture
	theme, otherTheme int64 // two working groups of 37-41
	published         int64 // by partenaire, on theme
	onOtherTheme      int64 // by professionnel, on otherTheme
	draft, submitted  int64 // by partenaire, on theme
	otherCommittee    int64 // autre's, published
}

const (
	showPublished      = "Guichet unique des droits en mairie"
	showOnOtherTheme   = "Rencontres entre écoles de travail social"
	showDraft          = "Brouillon sur l'accès aux droits"
	showSubmitted      = "Proposition sur l'accès aux droits"
	showOtherCommittee = "Accès aux droits dans le Loiret"
)

func newShowingSetup(t *testing.T) *showingSetup {
	t.Helper()
	f := newFixture(t)
	s := &showingSetup{fixture: f,
		theme:      f.groupIDByTitle("37-41", "Accès aux droits à l'ère numérique"),
		otherTheme: f.groupIDByTitle("37-41", "Interconnaissance et complémentarité des institutions et métiers"),
	}
	in := func(title, author string, group int64, state string) int64 {
		id, _ := f.setUpPractice(practiceSetup{slug: "37-41", author: author, pilot: "pilote", title: title,
			summary: "Résumé : " + title + ".", groupIDs: []int64{group}, state: state})
		return id
	}
	s.draft = in(showDraft, "partenaire", s.theme, clts.PracticeDraft)
	s.submitted = in(showSubmitted, "partenaire", s.theme, clts.PracticeSubmitted)
	s.onOtherTheme = in(showOnOtherTheme, "professionnel", s.otherTheme, clts.PracticePublished)
	s.published = in(showPublished, "partenaire", s.theme, clts.PracticePublished)
	s.otherCommittee, _ = f.setUpPractice(practiceSetup{slug: "autre", author: "pilote-autre", pilot: "pilote-autre",
		title: showOtherCommittee, summary: "Dans le Loiret.", state: clts.PracticePublished, share: true})
	return s
}

// practiceLinkTitles are the titles of the links to practices of 37-41 a
// page shows.
func practiceLinkTitles(t *testing.T, body string) []string {
	t.Helper()
	var titles []string
	parse(t, body).Find(`main a[href^="/c/37-41/pratiques/"]`).Each(func(_ int, a *goquery.Selection) {
		titles = append(titles, strings.TrimSpace(a.Text()))
	})
	return titles
}

// checkShows fails unless the page lists want and none of hidden, and
// never names the other committee's practice.
func checkShows(t *testing.T, c *client, path string, want []string, hidden []string) {
	t.Helper()
	res, body := c.get(path)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %d", path, res.StatusCode)
	}
	titles := practiceLinkTitles(t, body)
	for _, w := range want {
		if !contains(titles, w) {
			t.Errorf("%s does not list %q; it lists %q", path, w, titles)
		}
	}
	text := parse(t, body).Text() // titles with an apostrophe are escaped in the HTML
	for _, h := range append(hidden, showOtherCommittee) {
		if strings.Contains(text, h) {
			t.Errorf("%s shows %q", path, h)
		}
	}
}

func TestCommitteeHomeShowsLatestPractices(t *testing.T) {
	t.Parallel()
	s := newShowingSetup(t)
	hidden := []string{showDraft, showSubmitted}
	for _, login := range []string{"partenaire", "accompagne", "pilote"} {
		// A supported person's home is the easy one; its « Voir tout » is
		// the complete home, which lists the practices.
		home := "/c/37-41/"
		if login == "accompagne" {
			home += "?vue=complete"
		}
		checkShows(t, s.login(login), home, []string{showPublished, showOnOtherTheme}, hidden)
	}
	// The latest first, five at most.
	_, body := s.login("professionnel").get("/c/37-41/")
	titles := practiceLinkTitles(t, body)
	if len(titles) == 0 || titles[0] != showPublished {
		t.Errorf("the latest published practice does not come first: %q", titles)
	}
	if n := parse(t, body).Find(`section[aria-labelledby="pratiques"] ul.links li`).Length(); n > homePractices {
		t.Errorf("the home lists more than %d practices", homePractices)
	}

	// Pilots see how many practices wait for them, with a link to the list.
	var waiting int
	s.read("37-41", "pilote", func(tx *postgres.Tx) error {
		var err error
		_, waiting, err = tx.Practices(context.Background(), postgres.PracticeQuery{Status: clts.PracticeSubmitted})
		return err
	})
	toReview := paths.Practices("37-41") + "?vue=a-relire"
	_, body = s.login("pilote").get("/c/37-41/")
	link := parse(t, body).Find(`main a[href="` + toReview + `"]`)
	want := clts.Count(waiting) + " pratiques attendent votre relecture"
	if waiting == 1 {
		want = "1 pratique attend votre relecture"
	}
	if waiting == 0 || strings.TrimSpace(link.Text()) != want {
		t.Errorf("the pilot's home: link %q, want %q", strings.TrimSpace(link.Text()), want)
	}
	_, body = s.login("partenaire").get("/c/37-41/")
	if strings.Contains(body, toReview) || strings.Contains(parse(t, body).Text(), "votre relecture") {
		t.Error("a partner's home shows the practices waiting for the pilots")
	}
	// The other committee's home shows its own practice only.
	_, body = s.login("pilote-autre").get("/c/autre/")
	if text := parse(t, body).Text(); !strings.Contains(text, showOtherCommittee) || strings.Contains(text, showPublished) {
		t.Error("the other committee's home does not show its own practices alone")
	}
}

func TestGroupPageShowsItsThemesPractices(t *testing.T) {
	t.Parallel()
	s := newShowingSetup(t)
	hidden := []string{showDraft, showSubmitted, showOnOtherTheme}
	for _, login := range []string{"accompagne", "pilote"} {
		checkShows(t, s.login(login), paths.Group("37-41", s.theme), []string{showPublished}, hidden)
	}
	checkShows(t, s.login("partenaire"), paths.Group("37-41", s.otherTheme), []string{showOnOtherTheme},
		[]string{showPublished, showDraft, showSubmitted})
}

func TestProfileListsPublishedPracticesOfItsMember(t *testing.T) {
	t.Parallel()
	s := newShowingSetup(t)
	partner := paths.MemberProfile("37-41", s.accounts["partenaire"])
	hidden := []string{showDraft, showSubmitted, showOnOtherTheme}
	// Other members, and the author on their own profile: what others see.
	for _, login := range []string{"professionnel", "pilote", "partenaire"} {
		checkShows(t, s.login(login), partner, []string{showPublished}, hidden)
	}
	_, body := s.login("partenaire").get(partner)
	if parse(t, body).Find(`main a[href="/c/37-41/pratiques?vue=mes-fiches"]`).Length() != 1 {
		t.Error("the author's own profile has no link to all their sheets")
	}
	checkShows(t, s.login("partenaire"), paths.MemberProfile("37-41", s.accounts["professionnel"]),
		[]string{showOnOtherTheme}, []string{showPublished, showDraft, showSubmitted})
	// A member without practices of their own (one added here: the demo
	// data may give practices to anyone).
	s.addMembers("37-41", 1)
	var memberID int64
	s.read("", "", func(tx *postgres.Tx) error {
		a, err := tx.AccountByIdentifier(context.Background(), "membre-37-41-1")
		if a != nil {
			memberID = a.ID
		}
		return err
	})
	_, body = s.login("partenaire").get(paths.MemberProfile("37-41", memberID))
	if !strings.Contains(body, "Aucune pratique publiée") {
		t.Error("a profile without practices does not say so")
	}
}

// The pages that show practices stay within maxQueriesPerPage statements,
// whoever asks.
func TestPracticeShowingPagesQueryCount(t *testing.T) {
	t.Parallel()
	s := newShowingSetup(t)
	committeePages := []string{
		"/c/37-41/",
		paths.Group("37-41", s.theme),
		paths.MemberProfile("37-41", s.accounts["partenaire"]),
	}
	national := []string{"/pratiques", "/pratiques?q=droits&comite=37-41", paths.NationalPractice("autre", s.otherCommittee), "/comites"}
	for _, login := range []string{"pilote", "thomas.petit", "accompagne"} {
		for _, path := range append(committeePages, national...) {
			if n := s.countQueries(login, path); n > maxQueriesPerPage {
				t.Errorf("%s as %s: %d queries, want at most %d", path, login, n, maxQueriesPerPage)
			}
		}
	}
	for _, path := range national {
		if n := s.countQueries("hcts", path); n > maxQueriesPerPage {
			t.Errorf("%s as hcts: %d queries, want at most %d", path, n, maxQueriesPerPage)
		}
	}
}
