package server

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/markdown"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
)

// todoSections are the items of the "À faire", by the id of their heading.
var todoSections = []string{"todo-reponses", "todo-actions", "todo-propositions", "todo-mes-demandes", "todo-demandes",
	"todo-odj", "todo-passees", "todo-invitations", "todo-relire"}

// homeTodo reads login's committee home and returns its "À faire": the
// section ids it shows, and its text and links by section.
func homeTodo(t *testing.T, c *client, slug string) (map[string]string, map[string][]string, *goquery.Document) {
	t.Helper()
	// The complete home: a supported person gets the easy one by default.
	res, body := c.get(paths.CommitteeHomeComplete(slug))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("home of %s: %d", slug, res.StatusCode)
	}
	doc := parse(t, body)
	texts, links := map[string]string{}, map[string][]string{}
	doc.Find("section.todo .todo-item").Each(func(_ int, s *goquery.Selection) {
		id, _ := s.Find("h3").Attr("id")
		texts[id] = strings.Join(strings.Fields(s.Text()), " ")
		s.Find("a").Each(func(_ int, a *goquery.Selection) {
			href, _ := a.Attr("href")
			links[id] = append(links[id], href)
		})
	})
	return texts, links, doc
}

// todoSetup adds to the demo what the role matrix of the "À faire" needs,
// in a group led by thomas.petit (Accès aux droits à l'ère numérique),
// where partenaire is a plain member: a request to join it, an upcoming
// meeting of it with a member's proposal, a past meeting of it never
// recorded, and an action of published minutes assigned to partenaire.
type todoSetup struct {
	group, upcoming, past int64
}

func newTodoSetup(t *testing.T, f *fixture) todoSetup {
	t.Helper()
	ctx := context.Background()
	var s todoSetup
	f.read("37-41", "", func(tx *postgres.Tx) error {
		// The demo's other people, beside its accounts, for f.write.
		for _, login := range []string{"thomas.petit", "sylvie.caron"} {
			a, err := tx.AccountByIdentifier(ctx, login)
			if err != nil {
				return err
			}
			f.accounts[login] = a.ID
		}
		gs, err := tx.Groups(ctx, false)
		for _, g := range gs {
			if g.Title == "Accès aux droits à l'ère numérique" {
				s.group = g.ID
			}
		}
		return err
	})
	if s.group == 0 {
		t.Fatal("no demo group")
	}
	// Sylvie Caron asks to join the group.
	if res, _ := f.login("sylvie.caron").post(paths.GroupJoin("37-41", s.group), url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("join request: %d", res.StatusCode)
	}
	now := time.Now()
	start := now.AddDate(0, 0, 20)
	past := now.AddDate(0, 0, -5)
	f.write("37-41", "thomas.petit", func(tx *postgres.Tx) error {
		ids, err := tx.CreateMeetings(ctx, []clts.Meeting{
			{Kind: clts.KindGroup, GroupID: s.group, Title: "Numérique : réunion à venir", StartsAt: start, EndsAt: start.Add(2 * time.Hour), Place: "Tours"},
			{Kind: clts.KindGroup, GroupID: s.group, Title: "Numérique : réunion passée", StartsAt: past, EndsAt: past.Add(2 * time.Hour), Place: "Blois"},
		}, false, nil)
		if err != nil {
			return err
		}
		s.upcoming, s.past = ids[0], ids[1]
		return nil
	})
	f.write("37-41", "partenaire", func(tx *postgres.Tx) error {
		return tx.AddAgendaItem(ctx, clts.AgendaItem{MeetingID: s.upcoming, Title: "Les points numériques des mairies"}, true)
	})
	return s
}

// TestHomeTodoRoleMatrix: each item of the "À faire" appears for the
// people it waits for, and for no one else.
func TestHomeTodoRoleMatrix(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	s := newTodoSetup(t, f)
	// An invitation waits, another expired: the pilots' item.
	f.invite("37-41", clts.InvitationEmail, "attend@example.org", clts.RolePartenaire, time.Now().Add(time.Hour), "", []byte("attend"))
	f.invite("37-41", clts.InvitationEmail, "expiree@example.org", clts.RolePartenaire, time.Now().Add(-time.Hour), "", []byte("expiree"))

	groupRequests := paths.Group("37-41", s.group) + "#demandes"
	groupProposals := paths.Meeting("37-41", s.upcoming) + "#titre-odj"
	groupAttendance := paths.Attendance("37-41", s.past)
	cases := []struct {
		login string
		// sections shown; every other one is absent.
		sections []string
		// links that must be there, and links that must not.
		has, hasNot []string
	}{
		// The pilot: every group's requests, the plenaries' proposals
		// (the demo's), every past meeting to complete, the invitations.
		{"pilote", []string{"todo-reponses", "todo-demandes", "todo-odj", "todo-passees", "todo-invitations"},
			[]string{groupRequests, groupAttendance, paths.Members("37-41") + "#invitations"},
			// Proposals for a group's meeting are for its leads.
			[]string{groupProposals}},
		// The group's lead: its request, its meeting's proposal, its past meeting.
		{"thomas.petit", []string{"todo-reponses", "todo-demandes", "todo-odj", "todo-passees"},
			[]string{groupRequests, groupProposals, groupAttendance}, nil},
		// A plain member of the group: their proposals and their fate, nothing to decide.
		{"partenaire", []string{"todo-reponses", "todo-propositions"},
			[]string{paths.Meeting("37-41", s.upcoming) + "#titre-odj"}, []string{groupRequests, groupAttendance}},
		// The lead of another group: its past meeting, not this group's.
		{"accompagne", []string{"todo-passees"}, nil, []string{groupRequests, groupProposals, groupAttendance}},
		// The requester: their request, waiting.
		{"sylvie.caron", []string{"todo-reponses", "todo-mes-demandes"}, []string{paths.Group("37-41", s.group)}, []string{groupRequests}},
		// A member with a request of their own (Travail en réseau).
		{"professionnel", []string{"todo-reponses", "todo-mes-demandes"}, nil, []string{groupRequests, groupAttendance}},
	}
	for _, tc := range cases {
		t.Run(tc.login, func(t *testing.T) {
			texts, links, _ := homeTodo(t, f.login(tc.login), "37-41")
			for _, id := range todoSections {
				_, shown := texts[id]
				want := false
				for _, w := range tc.sections {
					want = want || w == id
				}
				// Answers and actions depend on the demo's state of the day:
				// only their presence for whom they are is checked.
				if (id == "todo-reponses" || id == "todo-actions") && !want {
					continue
				}
				if id == "todo-relire" {
					if shown && tc.login != "pilote" {
						t.Errorf("%s sees the pilots' reviews", tc.login)
					}
					continue
				}
				if shown != want {
					t.Errorf("section %s shown: %v, want %v (%q)", id, shown, want, texts[id])
				}
			}
			all := map[string]bool{}
			for _, ls := range links {
				for _, l := range ls {
					all[l] = true
				}
			}
			for _, l := range tc.has {
				if !all[l] {
					t.Errorf("no link to %s in %v", l, links)
				}
			}
			for _, l := range tc.hasNot {
				if all[l] {
					t.Errorf("a link to %s, which is not for %s", l, tc.login)
				}
			}
		})
	}

	t.Run("Counts", func(t *testing.T) {
		texts, _, _ := homeTodo(t, f.login("pilote"), "37-41")
		if got := texts["todo-invitations"]; !strings.Contains(got, "1 personne invitée n'a pas encore rejoint") ||
			!strings.Contains(got, "1 invitation a expiré") {
			t.Errorf("invitations: %q", got)
		}
		// Interconnaissance (Camille Durand), Travail en réseau (the
		// professional) and the lead's group (Sylvie Caron).
		if got := texts["todo-demandes"]; !strings.HasPrefix(got, "3 demandes pour rejoindre un groupe attendent votre réponse") {
			t.Errorf("requests: %q", got)
		}
		texts, _, _ = homeTodo(t, f.login("thomas.petit"), "37-41")
		if got := texts["todo-demandes"]; !strings.HasPrefix(got, "1 demande pour rejoindre un groupe attend votre réponse") ||
			!strings.Contains(got, "Accès aux droits à l'ère numérique : 1 demande") {
			t.Errorf("lead's requests: %q", got)
		}
		if got := texts["todo-passees"]; !strings.Contains(got, "Faire l'émargement") || !strings.Contains(got, "Rédiger le compte rendu") {
			t.Errorf("lead's past meeting: %q", got)
		}
	})

	// A supported person finds the words of their "À faire" defined beside
	// it; a pilot does not need them.
	t.Run("Definitions", func(t *testing.T) {
		_, _, doc := homeTodo(t, f.login("accompagne"), "37-41")
		if got := doc.Find("section.todo details.definitions dt").Text(); !strings.Contains(got, "Émargement") || !strings.Contains(got, "Compte rendu") {
			t.Errorf("supported person's definitions: %q", got)
		}
		_, _, doc = homeTodo(t, f.login("pilote"), "37-41")
		if doc.Find("section.todo details.definitions").Length() != 0 {
			t.Error("the pilot's « À faire » defines its words")
		}
	})

	// The other committee's pilot sees nothing of 37-41.
	t.Run("OtherCommittee", func(t *testing.T) {
		_, links, doc := homeTodo(t, f.login("pilote-autre"), "autre")
		for _, ls := range links {
			for _, l := range ls {
				if !strings.HasPrefix(l, "/c/autre/") {
					t.Errorf("pilote-autre's home links to %s", l)
				}
			}
		}
		html, _ := doc.Html()
		for _, leak := range []string{"Numérique : réunion", "Les points numériques des mairies", "Interconnaissance et complémentarité", "attend@example.org"} {
			if strings.Contains(html, leak) {
				t.Errorf("pilote-autre's home shows %q", leak)
			}
		}
	})
}

// TestHomeTodoLinksLeadWhereItIsDone follows each link of the pilot's and
// the lead's "À faire": each opens the page where the thing is done.
func TestHomeTodoLinksLeadWhereItIsDone(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	newTodoSetup(t, f)
	for _, login := range []string{"pilote", "thomas.petit", "partenaire"} {
		c := f.login(login)
		_, links, _ := homeTodo(t, c, "37-41")
		if len(links) == 0 {
			t.Fatalf("%s: nothing to do", login)
		}
		for section, ls := range links {
			for _, l := range ls {
				res, body := c.get(strings.SplitN(l, "#", 2)[0])
				if res.StatusCode != http.StatusOK {
					t.Errorf("%s, %s: %s answers %d", login, section, l, res.StatusCode)
					continue
				}
				doc := parse(t, body)
				var want string
				switch {
				case strings.HasSuffix(l, "#demandes"):
					want = `form[action*="/demandes/"]` // accept or decline a request
				case strings.HasSuffix(l, "#titre-odj") && section == "todo-odj":
					want = `form[action$="/retenir"]`
				case strings.HasSuffix(l, "#titre-reponse"):
					want = `#titre-reponse`
				case strings.HasSuffix(l, "/emargement"), strings.HasSuffix(l, "/compte-rendu"):
					want = `main form[method="post"]`
				}
				if want != "" && doc.Find(want).Length() == 0 {
					t.Errorf("%s, %s: %s has no %s", login, section, l, want)
				}
				if i := strings.Index(l, "#"); i > 0 && doc.Find(l[i:]).Length() == 0 {
					t.Errorf("%s, %s: %s has no element %s", login, section, l, l[i:])
				}
			}
		}
	}
}

// TestDeclinedProposalKeepsItsFate: a declined proposal leaves the agenda
// but stays, declined, on its author's home; "supprimer" never deletes a
// proposal.
func TestDeclinedProposalKeepsItsFate(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	s := newTodoSetup(t, f)
	ctx := context.Background()
	var item int64
	f.read("37-41", "thomas.petit", func(tx *postgres.Tx) error {
		items, err := tx.AgendaItems(ctx, s.upcoming, false)
		for _, it := range items {
			if it.Proposed {
				item = it.ID
			}
		}
		return err
	})
	lead := f.login("thomas.petit")
	base := paths.Meeting("37-41", s.upcoming)
	if res, _ := lead.post(fmt.Sprintf("%s/ordre-du-jour/%d/supprimer", base, item), url.Values{}); res.StatusCode != http.StatusNotFound {
		t.Errorf("deleting a proposal: %d, want 404", res.StatusCode)
	}
	texts, _, _ := homeTodo(t, f.login("partenaire"), "37-41")
	if !strings.Contains(texts["todo-propositions"], "« Les points numériques des mairies » pour Numérique : réunion à venir") ||
		!strings.Contains(texts["todo-propositions"], "en attente") {
		t.Errorf("pending proposal: %q", texts["todo-propositions"])
	}
	if res, _ := lead.post(fmt.Sprintf("%s/ordre-du-jour/%d/refuser", base, item), url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("declining: %d", res.StatusCode)
	}
	_, body := lead.get(base)
	if strings.Contains(body, "Les points numériques des mairies") {
		t.Error("the meeting's page still shows the declined proposal")
	}
	texts, _, _ = homeTodo(t, f.login("partenaire"), "37-41")
	if !strings.Contains(texts["todo-propositions"], "Les points numériques des mairies") || !strings.Contains(texts["todo-propositions"], "refusée") {
		t.Errorf("declined proposal on its author's home: %q", texts["todo-propositions"])
	}
	// Nothing left to decide for the lead; declining twice finds nothing.
	if texts, _, _ := homeTodo(t, lead, "37-41"); texts["todo-odj"] != "" {
		t.Errorf("the lead still has to decide: %q", texts["todo-odj"])
	}
	if res, _ := lead.post(fmt.Sprintf("%s/ordre-du-jour/%d/refuser", base, item), url.Values{}); res.StatusCode != http.StatusNotFound {
		t.Errorf("declining again: %d, want 404", res.StatusCode)
	}
	// Another committee's pilot cannot decline it.
	if res, _ := f.login("pilote-autre").post(fmt.Sprintf("/c/autre/reunions/%d/ordre-du-jour/%d/refuser", s.upcoming, item), url.Values{}); res.StatusCode != http.StatusNotFound {
		t.Errorf("declining from another committee: %d, want 404", res.StatusCode)
	}
}

// TestHomeWeek: the meetings of the next seven days are listed apart from
// the later ones, each once.
func TestHomeWeek(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	soon := time.Now().Add(50 * time.Hour)
	f.write("37-41", "pilote", func(tx *postgres.Tx) error {
		_, err := tx.CreateMeetings(ctx, []clts.Meeting{{Kind: clts.KindPlenary, Title: "Plénière de la semaine",
			StartsAt: soon, EndsAt: soon.Add(time.Hour), Place: "Tours"}}, false, nil)
		return err
	})
	_, body := f.login("partenaire").get("/c/37-41/")
	doc := parse(t, body)
	if doc.Find(`section.week a:contains("Plénière de la semaine")`).Length() != 1 {
		t.Error("this week's meeting is not in « Cette semaine »")
	}
	if doc.Find(`section[aria-labelledby="prochaines"] a:contains("Plénière de la semaine")`).Length() != 0 {
		t.Error("this week's meeting is listed twice")
	}
	if doc.Find(`section[aria-labelledby="prochaines"] li.meeting`).Length() == 0 {
		t.Error("no meeting to come after this week")
	}
	// The "À faire" comes first, before everything else of the page.
	if first := doc.Find("main h2").First().Text(); first != "À faire" {
		t.Errorf("first heading %q, want « À faire »", first)
	}
}

// A meeting whose convocation waits is not yet asked for an answer on the
// homes: it is once the organiser has sent the convocation.
func TestHomeTodoAsksForAnswersOnceConvened(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	soon := time.Now().Add(20 * 24 * time.Hour)
	var id int64
	f.write("37-41", "pilote", func(tx *postgres.Tx) error {
		ids, err := tx.CreateMeetings(ctx, []clts.Meeting{{Kind: clts.KindPlenary, Title: "Plénière à convoquer",
			StartsAt: soon, EndsAt: soon.Add(time.Hour), Place: "Tours"}}, false, nil)
		if err == nil {
			id = ids[0]
		}
		return err
	})
	asked := func() int {
		_, body := f.login("partenaire").get("/c/37-41/")
		return parse(t, body).Find(`section[aria-labelledby="todo-reponses"] a:contains("Plénière à convoquer")`).Length()
	}
	if n := asked(); n != 0 {
		t.Error("a meeting whose convocation waits is in « À faire »")
	}
	f.write("37-41", "pilote", func(tx *postgres.Tx) error { return tx.ConveneMeeting(ctx, id, nil) })
	if n := asked(); n != 1 {
		t.Errorf("the convened meeting is %d times in « À faire », want once", n)
	}
}

// TestHomeTodoActions: an action of published minutes assigned to a member
// is on their home, with its due date, until it is done; not on anyone
// else's, and not while the minutes are a draft.
func TestHomeTodoActions(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	s := newTodoSetup(t, f)
	ctx := context.Background()
	text, err := markdown.Render("Relevé de la réunion.")
	if err != nil {
		t.Fatal(err)
	}
	yesterday := time.Now().AddDate(0, 0, -1).UTC().Truncate(24 * time.Hour)
	action := func(what string, who int64, done bool) postgres.ActionChange {
		return postgres.ActionChange{Item: clts.ActionItem{Kind: "action", What: what, AssigneeID: who, DueOn: &yesterday, Done: done}}
	}
	partner := f.accounts["partenaire"]
	save := func(meeting int64, publish bool, actions ...postgres.ActionChange) {
		f.write("37-41", "thomas.petit", func(tx *postgres.Tx) error {
			return tx.SaveMinutes(ctx, meeting, postgres.MinutesChange{Text: text, Publish: publish, Actions: actions})
		})
	}
	save(s.past, true, action("Recenser les points numériques", partner, false), action("Action déjà faite", partner, true))
	// A draft's actions are not given yet.
	var draft int64
	past := time.Now().AddDate(0, 0, -3)
	f.write("37-41", "thomas.petit", func(tx *postgres.Tx) error {
		ids, err := tx.CreateMeetings(ctx, []clts.Meeting{{Kind: clts.KindGroup, GroupID: s.group, Title: "Numérique : brouillon",
			StartsAt: past, EndsAt: past.Add(time.Hour), Place: "Tours"}}, false, nil)
		if err == nil {
			draft = ids[0]
		}
		return err
	})
	save(draft, false, action("Action d'un brouillon", partner, false))

	texts, links, _ := homeTodo(t, f.login("partenaire"), "37-41")
	got := texts["todo-actions"]
	if !strings.Contains(got, "Recenser les points numériques") || !strings.Contains(got, "en retard") ||
		!strings.Contains(got, "Numérique : réunion passée") {
		t.Errorf("partner's actions: %q", got)
	}
	for _, unwanted := range []string{"Action déjà faite", "Action d'un brouillon"} {
		if strings.Contains(got, unwanted) {
			t.Errorf("partner's actions show %q: %q", unwanted, got)
		}
	}
	if want := paths.Meeting("37-41", s.past) + "#titre-cr"; len(links["todo-actions"]) == 0 || links["todo-actions"][0] != want {
		t.Errorf("action links %v, want %s first", links["todo-actions"], want)
	}
	for _, login := range []string{"pilote", "thomas.petit", "professionnel"} {
		texts, _, _ := homeTodo(t, f.login(login), "37-41")
		if strings.Contains(texts["todo-actions"], "Recenser les points numériques") {
			t.Errorf("%s sees the partner's action", login)
		}
	}
}
