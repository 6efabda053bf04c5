package browsertest

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// demoContributions are the demo campaigns and contributions whose pages
// the walk opens: 37-41's in every state of the open campaign, and one of
// the Loiret's.
type demoContributions struct {
	current, closed clts.Campaign
	// draft: thomas.petit's, never proposed; returned: helene.marchand's,
	// returned with a comment; proposed and validated: waiting for the
	// pilots.
	draft, returned, proposed, validated int64
	// answered: the professional's, transmitted, retained and answered
	// by the HCTS.
	answered int64
	// corrected: the partner's, transmitted; correction: its second
	// edition, a draft.
	corrected, correction int64
	// participation: the supported person's, transmitted with the
	// figures and the pilots' comment; participationDraft: not yet.
	participation, participationDraft int64
	// old: transmitted to the 2019 campaign.
	old int64
	// loiret: the other committee's, transmitted.
	loiret int64
}

// contributionsOf returns every contribution of committee slug, in every
// campaign and state, as its pilot login sees them.
func (p *portal) contributionsOf(t *testing.T, slug, login string, campaigns []clts.Campaign) []clts.Contribution {
	t.Helper()
	ctx := context.Background()
	var c *clts.Committee
	pgtest.MustRead(t, p.db.App, postgres.Scope{}, func(tx *postgres.Tx) error {
		var err error
		c, err = tx.CommitteeBySlug(ctx, slug)
		return err
	})
	var out []clts.Contribution
	pgtest.MustRead(t, p.db.App, postgres.InCommittee(c.ID, p.accountID(t, login)), func(tx *postgres.Tx) error {
		for _, cp := range campaigns {
			list, err := tx.Contributions(ctx, postgres.ContributionQuery{CampaignID: cp.ID, Pilot: true})
			if err != nil {
				return err
			}
			out = append(out, list...)
		}
		return nil
	})
	return out
}

// contributionID returns the id of the contribution of list in state
// status and edition whose title begins with title.
func contributionID(t *testing.T, list []clts.Contribution, status string, edition int, title string) int64 {
	t.Helper()
	for _, c := range list {
		if c.Status == status && c.Edition == edition && strings.HasPrefix(c.Title, title) {
			return c.ID
		}
	}
	t.Fatalf("no contribution %q in state %s, edition %d, in the demo", title, status, edition)
	return 0
}

func (p *portal) demoContributions(t *testing.T) demoContributions {
	t.Helper()
	var campaigns []clts.Campaign
	pgtest.MustRead(t, p.db.App, postgres.Scope{}, func(tx *postgres.Tx) error {
		var err error
		campaigns, err = tx.Campaigns(context.Background())
		return err
	})
	d := demoContributions{current: p.currentCampaign(t)}
	for _, c := range campaigns {
		if c.Year == 2019 {
			d.closed = c
		}
	}
	if d.closed.ID == 0 {
		t.Fatal("the demo has no 2019 campaign")
	}
	ours := p.contributionsOf(t, "37-41", "pilote", campaigns)
	theirs := p.contributionsOf(t, "autre", "pilote-autre", campaigns)
	d.draft = contributionID(t, ours, clts.ContributionDraft, 1, "Un atelier numérique chaque semaine à Blois")
	d.returned = contributionID(t, ours, clts.ContributionDraft, 1, "Partager l'information entre institutions")
	d.proposed = contributionID(t, ours, clts.ContributionProposed, 1, "L'isolement des personnes âgées")
	d.validated = contributionID(t, ours, clts.ContributionValidated, 1, "Co-piloter un comité à deux départements")
	d.answered = contributionID(t, ours, clts.ContributionTransmitted, 1, "Des jeunes majeurs sans solution")
	d.corrected = contributionID(t, ours, clts.ContributionTransmitted, 1, "Se connaître pour mieux orienter")
	d.correction = contributionID(t, ours, clts.ContributionDraft, 2, "Se connaître pour mieux orienter")
	d.participation = contributionID(t, ours, clts.ContributionTransmitted, 1, "Ce qui a changé pour la participation")
	d.participationDraft = contributionID(t, ours, clts.ContributionDraft, 1, "Ce qui m'a aidée à prendre la parole")
	d.old = contributionID(t, ours, clts.ContributionTransmitted, 1, "L'accès aux droits freiné par la dématérialisation")
	d.loiret = contributionID(t, theirs, clts.ContributionTransmitted, 1, "Le Gâtinais")
	return d
}

// contributionPage is a page of the walk, with the status it is served
// with.
type contributionPage struct {
	path   string
	status int
}

// contributionRoles are the contribution pages of each kind of person:
// every member (the campaign and its categories, the form of a new
// contribution, their own contributions), the pilots (a contribution in
// each state, an earlier campaign, the edit form, the campaign's
// follow-up and its transmission summary, the participation dashboard
// and a year it does not offer), the other committee's pilot (their
// committee's pages), the HCTS reader (the campaigns and their forms, the
// national reading with filters and a filter it refuses, contributions of
// both committees, the printable report).
func (p *portal) contributionRoles(t *testing.T) []struct {
	login string
	pages []contributionPage
} {
	t.Helper()
	d := p.demoContributions(t)
	c := func(slug string, id int64) string { return paths.Contribution(slug, id) }
	ok := func(list ...string) []contributionPage {
		var out []contributionPage
		for _, path := range list {
			out = append(out, contributionPage{path, http.StatusOK})
		}
		return out
	}
	year := strconv.Itoa(d.current.Year)
	return []struct {
		login string
		pages []contributionPage
	}{
		{"pilote", concatPages(ok(
			paths.Contributions("37-41"),
			paths.Contributions("37-41")+"?campagne="+strconv.FormatInt(d.closed.ID, 10),
			c("37-41", d.draft), c("37-41", d.returned), c("37-41", d.proposed), c("37-41", d.validated),
			c("37-41", d.answered), c("37-41", d.corrected), c("37-41", d.correction),
			c("37-41", d.participation), c("37-41", d.participationDraft), c("37-41", d.old),
			paths.ContributionEdit("37-41", d.proposed),
			paths.CampaignPage("37-41", d.current.ID), paths.CampaignPage("37-41", d.closed.ID),
			paths.CampaignTransmit("37-41", d.current.ID),
			paths.Participation("37-41", 0), paths.Participation("37-41", 2019),
		), []contributionPage{{paths.Participation("37-41", 1900), http.StatusBadRequest}})},
		{"professionnel", ok(
			paths.Contributions("37-41"), c("37-41", d.answered),
			paths.ContributionNew("37-41", clts.CategoryNeeds),
		)},
		{"partenaire", ok(
			c("37-41", d.corrected), c("37-41", d.correction), paths.ContributionEdit("37-41", d.correction),
		)},
		{"accompagne", ok(
			paths.Contributions("37-41"), c("37-41", d.participation),
			paths.ContributionNew("37-41", clts.CategoryParticipation),
		)},
		{"pilote-autre", ok(
			paths.Contributions("autre"), c("autre", d.loiret), paths.CampaignPage("autre", d.current.ID),
			paths.Participation("autre", 0),
		)},
		{"hcts", concatPages(ok(
			paths.Campaigns, paths.CampaignNew, paths.CampaignEdit(d.current.ID),
			paths.NationalContributions,
			paths.NationalContributions+"?campagne=2019&categorie="+clts.CategoryNeeds,
			paths.NationalContributions+"?q=jeunes",
			paths.NationalContributions+"?comite=autre&retenues=non",
			paths.NationalContributions+"?departement=37&campagne="+year,
			paths.NationalContribution("37-41", d.answered), paths.NationalContribution("37-41", d.participation),
			paths.NationalContribution("autre", d.loiret),
			paths.NationalContributionsReport+"?campagne="+year,
		), []contributionPage{{paths.NationalContributions + "?campagne=1900", http.StatusUnprocessableEntity}})},
	}
}

// concatPages joins lists of pages.
func concatPages(lists ...[]contributionPage) []contributionPage {
	var out []contributionPage
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// contributionWalk visits every contribution page of each kind of person
// and runs every page check on it (both widths), then sends the forms
// wrong and checks the pages with their errors.
func (p *portal) contributionWalk(t *testing.T) {
	for _, r := range p.contributionRoles(t) {
		t.Run(r.login, func(t *testing.T) {
			ctx := p.tab(t)
			p.login(t, ctx, r.login)
			for _, pg := range r.pages {
				committee := ""
				switch {
				case strings.HasPrefix(pg.path, "/c/37-41/"):
					committee = committee3741
				case strings.HasPrefix(pg.path, "/c/autre/"):
					committee = committeeLoiret
				}
				p.visit(t, ctx, r.login, pg.path, pg.status, committee)
			}
		})
	}
	t.Run("forms with errors", func(t *testing.T) { p.contributionFormsWithErrors(t) })
}

// contributionFormsWithErrors sends the contribution forms wrong: a new
// contribution proposed without a title nor a text, a correction's title
// emptied, a return without a comment, a transmission with nothing
// ticked, a campaign without a year nor a deadline, an HCTS reply left
// empty; each page with its errors passes every check.
func (p *portal) contributionFormsWithErrors(t *testing.T) {
	d := p.demoContributions(t)
	const committee = "Comité local"
	ctx := p.tab(t)
	p.login(t, ctx, "professionnel")
	run(t, ctx,
		chromedp.Navigate(p.url+paths.ContributionNew("37-41", clts.CategoryNeeds)),
		chromedp.WaitVisible("#f-titre", chromedp.ByQuery),
	)
	p.formWithErrors(t, ctx, "professionnel new contribution with errors", `button[name="apres"][value="proposer"]`, committee)

	ctx = p.tab(t)
	p.login(t, ctx, "partenaire")
	run(t, ctx,
		chromedp.Navigate(p.url+paths.ContributionEdit("37-41", d.correction)),
		chromedp.WaitVisible("#f-titre", chromedp.ByQuery),
		chromedp.Evaluate(`document.getElementById('f-titre').value = ''`, nil),
	)
	p.formWithErrors(t, ctx, "partenaire correction with errors", `button[name="apres"][value="enregistrer"]`, committee)

	ctx = p.tab(t)
	p.login(t, ctx, "pilote")
	run(t, ctx,
		chromedp.Navigate(p.url+paths.Contribution("37-41", d.proposed)),
		chromedp.WaitVisible("#f-commentaire", chromedp.ByQuery),
	)
	p.formWithErrors(t, ctx, "pilote contribution returned without a comment", `form[action$="/renvoyer"] button[type=submit]`, committee)
	run(t, ctx,
		chromedp.Navigate(p.url+paths.CampaignTransmit("37-41", d.current.ID)),
		chromedp.WaitVisible(`input[name="contributions"]`, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelectorAll('input[name="contributions"]').forEach(b => { b.checked = false; })`, nil),
	)
	p.formWithErrors(t, ctx, "pilote transmission of nothing", `main form button[type=submit]`, committee)

	ctx = p.tab(t)
	p.login(t, ctx, "hcts")
	run(t, ctx,
		chromedp.Navigate(p.url+paths.CampaignNew),
		chromedp.WaitVisible("#f-annee", chromedp.ByQuery),
		chromedp.Evaluate(`document.getElementById('f-annee').value = ''; document.getElementById('f-date_limite').value = ''`, nil),
	)
	p.formWithErrors(t, ctx, "hcts campaign with errors", `main form button[type=submit]`, "")
	run(t, ctx,
		chromedp.Navigate(p.url+paths.NationalContribution("37-41", d.answered)),
		chromedp.WaitVisible("#f-reponse", chromedp.ByQuery),
		chromedp.Evaluate(`document.getElementById('f-reponse').value = ''`, nil),
	)
	p.formWithErrors(t, ctx, "hcts empty reply", `form[action$="/reponse"] button[type=submit]`, "")
}
