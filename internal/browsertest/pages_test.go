package browsertest

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/postgres"
)

// ids are the demo rows the page lists need.
type ids struct {
	institution, group, upcoming, past int64
}

func (p *portal) demoIDs(t *testing.T) ids {
	t.Helper()
	ctx := context.Background()
	c, err := p.db.App.CommitteeBySlug(ctx, "37-41")
	if err != nil {
		t.Fatal(err)
	}
	sc := postgres.InCommittee(c.ID, 0)
	var out ids
	insts, err := p.db.App.Institutions(ctx, sc, false)
	if err != nil || len(insts) == 0 {
		t.Fatalf("institutions: %v", err)
	}
	out.institution = insts[0].ID
	groups, err := p.db.App.Groups(ctx, sc, false)
	if err != nil || len(groups) == 0 {
		t.Fatalf("groups: %v", err)
	}
	for _, g := range groups {
		if g.Title == "Participation des personnes accompagnées" {
			out.group = g.ID
		}
	}
	now := time.Now()
	up, err := p.db.App.MeetingsBetween(ctx, sc, 0, now, now.AddDate(1, 0, 0), false, 10)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range up {
		if m.Kind == "pleniere" {
			out.upcoming = m.ID
			break
		}
	}
	past, err := p.db.App.MeetingsBetween(ctx, sc, 0, now.AddDate(-20, 0, 0), now, true, 20)
	if err != nil {
		t.Fatal(err)
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
	const committee = "Comité local du travail social et du développement social 37-41"
	c := "/c/37-41"
	memberPages := []string{
		c + "/", c + "/annuaire", c + "/annuaire?q=a&tri=role", c + "/mon-profil", c + "/institutions",
		fmt.Sprintf("%s/institutions/%d", c, id.institution), c + "/groupes", fmt.Sprintf("%s/groupes/%d", c, id.group),
		c + "/reunions", c + "/reunions/passees", c + "/reunions/calendrier",
		fmt.Sprintf("%s/reunions/%d", c, id.upcoming), fmt.Sprintf("%s/reunions/%d", c, id.past),
	}
	pilotPages := []string{
		c + "/membres", c + "/invitations/nouvelle", c + "/journal", fmt.Sprintf("%s/institutions/%d/modifier", c, id.institution),
		c + "/institutions/nouvelle", c + "/groupes/nouveau", fmt.Sprintf("%s/groupes/%d/modifier", c, id.group),
		c + "/reunions/nouvelle", c + "/reunions/presence", fmt.Sprintf("%s/reunions/%d/modifier", c, id.upcoming),
		fmt.Sprintf("%s/reunions/%d/emargement", c, id.past), fmt.Sprintf("%s/reunions/%d/compte-rendu", c, id.past),
		fmt.Sprintf("%s/annuaire/%d", c, p.accountID(t, "accompagne")),
	}
	account := []string{"/comites", "/compte", "/agendas"}
	public := []string{"/", "/connexion", "/accessibilite", "/mot-de-passe-oublie", "/invitation/code"}

	roles := []struct {
		login     string
		pages     []string
		committee string
	}{
		{"", public, ""},
		{"pilote", append(append(append([]string{}, account...), memberPages...), pilotPages...), committee},
		{"partenaire", append(append([]string{}, account...), memberPages...), committee},
		{"professionnel", memberPages[:4], committee},
		{"accompagne", append(append([]string{}, memberPages...), fmt.Sprintf("%s/groupes/%d/modifier", c, id.group)), committee},
		{"pilote-autre", []string{"/c/autre/", "/c/autre/membres", "/c/autre/reunions"}, "Comité local du travail social du Loiret"},
		{"hcts", []string{"/comites", "/national/seminaires"}, ""},
		{"operateur", []string{"/comites", "/exploitation/comites", "/exploitation/courriels", "/exploitation/journal"}, ""},
	}
	for _, r := range roles {
		name := r.login
		if name == "" {
			name = "anonyme"
		}
		t.Run(name, func(t *testing.T) {
			ctx := p.tab(t)
			if r.login != "" {
				p.login(t, ctx, r.login)
			}
			for _, path := range r.pages {
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
	p.validateHTML(t)
}

func (p *portal) accountID(t *testing.T, login string) int64 {
	t.Helper()
	a, err := p.db.App.AccountByIdentifier(context.Background(), login)
	if err != nil {
		t.Fatal(err)
	}
	return a.ID
}
