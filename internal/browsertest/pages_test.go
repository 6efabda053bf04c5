package browsertest

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// ids are the demo rows the page lists need.
type ids struct {
	institution, group, upcoming, past int64
	// later is an upcoming plenary whose convocation waits.
	later int64
}

func (p *portal) demoIDs(t *testing.T) ids {
	t.Helper()
	ctx := context.Background()
	var c *clts.Committee
	pgtest.MustRead(t, p.db.App, postgres.Scope{}, func(tx *postgres.Tx) error {
		var err error
		c, err = tx.CommitteeBySlug(ctx, "37-41")
		return err
	})
	var insts []clts.Institution
	var groups []clts.Group
	var up, past []clts.Meeting
	now := time.Now()
	pgtest.MustRead(t, p.db.App, postgres.InCommittee(c.ID, 0), func(tx *postgres.Tx) error {
		var err error
		if insts, err = tx.Institutions(ctx, false); err != nil {
			return fmt.Errorf("institutions: %w", err)
		}
		if groups, err = tx.Groups(ctx, false); err != nil {
			return fmt.Errorf("groups: %w", err)
		}
		if up, err = tx.MeetingsBetween(ctx, now, now.AddDate(1, 0, 0), false, 10); err != nil {
			return err
		}
		past, err = tx.MeetingsBetween(ctx, now.AddDate(-20, 0, 0), now, true, 20)
		return err
	})
	var out ids
	if len(insts) == 0 {
		t.Fatal("institutions: none")
	}
	out.institution = insts[0].ID
	if len(groups) == 0 {
		t.Fatal("groups: none")
	}
	for _, g := range groups {
		if g.Title == "Participation des personnes accompagnées" {
			out.group = g.ID
		}
	}
	for _, m := range up {
		if m.Kind == "pleniere" && out.upcoming == 0 {
			out.upcoming = m.ID
		}
		if m.Kind == "pleniere" && m.ConvenedAt == nil && out.later == 0 {
			out.later = m.ID
		}
	}
	for _, m := range past {
		if m.Kind == "pleniere" {
			out.past = m.ID
			break
		}
	}
	return out
}

// TestEveryPageEveryRole visits each page each role can open and runs
// every check on it; the pages' HTML then goes through the Nu checker.
func TestEveryPageEveryRole(t *testing.T) {
	p := newPortal(t)
	id := p.demoIDs(t)
	pp := p.practicePages(t)
	const committee = "Comité local du travail social et du développement social 37-41"
	c := "/c/37-41"
	memberPages := []string{
		c + "/", c + "/annuaire", c + "/annuaire?q=a&tri=role", c + "/mon-profil", c + "/institutions",
		fmt.Sprintf("%s/institutions/%d", c, id.institution), c + "/groupes", fmt.Sprintf("%s/groupes/%d", c, id.group),
		c + "/reunions", c + "/reunions/passees", c + "/reunions/calendrier",
		fmt.Sprintf("%s/reunions/%d", c, id.upcoming), fmt.Sprintf("%s/reunions/%d", c, id.past),
		fmt.Sprintf("%s/reunions/%d/convocation", c, id.upcoming), fmt.Sprintf("%s/reunions/%d/compte-rendu/imprimer", c, p.publishedMinutesID(t)),
	}
	pilotPages := []string{
		c + "/membres", c + "/invitations/nouvelle", c + "/journal", fmt.Sprintf("%s/institutions/%d/modifier", c, id.institution),
		c + "/institutions/nouvelle", c + "/groupes/nouveau", fmt.Sprintf("%s/groupes/%d/modifier", c, id.group),
		c + "/reunions/nouvelle", c + "/reunions/presence", fmt.Sprintf("%s/reunions/%d/modifier", c, id.upcoming),
		fmt.Sprintf("%s/reunions/%d/emargement", c, id.past), fmt.Sprintf("%s/reunions/%d/compte-rendu", c, id.past),
		fmt.Sprintf("%s/reunions/%d/emargement?tous=presents", c, id.past), fmt.Sprintf("%s/reunions/%d", c, id.later),
		fmt.Sprintf("%s/annuaire/%d", c, p.accountID(t, "accompagne")),
		c + "/journal?type=reunions", fmt.Sprintf("%s/membres/%d/desactiver", c, p.accountID(t, "partenaire")),
		fmt.Sprintf("%s/reunions/%d/ordre-du-jour/%d/modifier", c, id.upcoming, p.agendaItemID(t, id.upcoming)),
	}
	account := []string{"/comites", "/compte", "/compte/double-authentification", "/agendas", "/notifications", "/compte/notifications"}
	public := []string{"/", "/connexion", "/accessibilite", "/lexique", "/mot-de-passe-oublie", "/invitation/code", "/nouvel-acces"}

	roles := []struct {
		login     string
		pages     []string
		committee string
	}{
		{"", public, ""},
		{"pilote", concat(account, memberPages, pilotPages, pp.member, pp.pilot), committee},
		{"partenaire", concat(account, memberPages, pp.member, pp.partner), committee},
		{"professionnel", memberPages[:4], committee},
		{"accompagne", concat(memberPages, []string{fmt.Sprintf("%s/groupes/%d/modifier", c, id.group)}, pp.member[:5]), committee},
		{"pilote-autre", concat([]string{"/c/autre/", "/c/autre/membres", "/c/autre/reunions"}, pp.other), "Comité local du travail social du Loiret"},
		{"hcts", concat([]string{"/comites", "/national/seminaires"}, pp.hcts), ""},
		{"operateur", []string{"/comites", "/exploitation/comites", fmt.Sprintf("/exploitation/comites/%d", p.committeeID(t, "autre")),
			"/exploitation/courriels", "/exploitation/journal", "/exploitation/double-authentification"}, ""},
	}
	for _, r := range roles {
		name := r.login
		if name == "" {
			name = "anonyme"
		}
		t.Run(name, func(t *testing.T) {
			var ctx context.Context
			for i, path := range r.pages {
				// A tab lasts two minutes: a fresh one, signed in
				// again, every pagesPerTab pages.
				if i%pagesPerTab == 0 {
					ctx = p.tab(t)
					if r.login != "" {
						p.login(t, ctx, r.login)
					}
				}
				committee := ""
				if len(path) > 3 && path[:3] == "/c/" {
					committee = r.committee
				}
				p.visit(t, ctx, name, path, http.StatusOK, committee)
			}
		})
	}
	// Error pages are pages too.
	t.Run("errors", func(t *testing.T) {
		ctx := p.tab(t)
		p.visit(t, ctx, "anonyme", "/page-inconnue", http.StatusNotFound, "")
		p.login(t, ctx, "partenaire")
		p.visit(t, ctx, "partenaire", c+"/membres", http.StatusForbidden, "")
	})
	t.Run("practice forms with errors", func(t *testing.T) { p.practiceFormsWithErrors(t) })
	t.Run("contributions", func(t *testing.T) { p.contributionWalk(t) })
	p.validateHTML(t)
}

// pagesPerTab is how many pages TestEveryPageEveryRole checks in one tab,
// well within its two minutes.
const pagesPerTab = 15

// concat joins lists of pages into a new one.
func concat(lists ...[]string) []string {
	var out []string
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

func (p *portal) accountID(t *testing.T, login string) int64 {
	t.Helper()
	var a *clts.Account
	pgtest.MustRead(t, p.db.App, postgres.Scope{}, func(tx *postgres.Tx) error {
		var err error
		a, err = tx.AccountByIdentifier(context.Background(), login)
		return err
	})
	return a.ID
}
