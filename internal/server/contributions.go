package server

import (
	"context"
	"net/http"
	"strconv"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/components"
	"github.com/portail-clts/clts/web/pages"
)

// Contributions to the HCTS's report: every member writes; the handlers
// check the contribution rules (auth.CheckContribution) and the store
// checks them again under its row lock.

// handleContributions shows the current campaign to a member (or the
// campaign of ?campagne=): its guidance, the member's contributions and
// the committee's transmitted ones.
func (s *Server) handleContributions(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st := state(ctx)
	pr := st.principal()
	now := s.now()
	d := pages.ContributionsData{Slug: st.membership.Committee.Slug, Now: now, CanWrite: auth.CanWriteContribution(pr),
		Pilot: auth.CanTransmitContributions(pr)}
	asked, _ := strconv.ParseInt(r.URL.Query().Get("campagne"), 10, 64)
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		all, err := tx.Campaigns(ctx)
		if err != nil {
			return err
		}
		// The current campaign: the open one with the latest year (the
		// list comes newest first), as tx.CurrentCampaign.
		for i := range all {
			if all[i].Open(now) {
				d.Campaign = &all[i]
				break
			}
		}
		if asked != 0 {
			d.Campaign = nil
			for i := range all {
				if all[i].ID == asked {
					d.Campaign = &all[i]
				}
			}
			if d.Campaign == nil {
				return clts.Errorf(clts.ENOTFOUND, "Campagne introuvable.")
			}
		}
		for _, c := range all {
			if d.Campaign == nil || c.ID != d.Campaign.ID {
				d.Others = append(d.Others, c)
			}
		}
		if d.Campaign == nil {
			return nil
		}
		d.Current = d.Campaign.Open(now)
		d.Mine, err = tx.Contributions(ctx, postgres.ContributionQuery{CampaignID: d.Campaign.ID, VisibleTo: st.account.ID})
		if err != nil {
			return err
		}
		mine := d.Mine[:0:0]
		for _, c := range d.Mine {
			if isAuthor(c, st.account.ID) {
				mine = append(mine, c)
			}
		}
		d.Mine = mine
		d.Transmitted, err = tx.Contributions(ctx, postgres.ContributionQuery{CampaignID: d.Campaign.ID,
			Status: clts.ContributionTransmitted, Pilot: true})
		return err
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	title := "Contributions au rapport du HCTS"
	if d.Campaign != nil {
		title = "Contributions au rapport " + strconv.Itoa(d.Campaign.Year) + " du HCTS"
	}
	s.render(w, r, pages.Contributions(s.page(r, title), d))
}

// readablePractices keeps the linked practices that p may read: one
// withdrawn after it was linked is its author's and the pilots' again, and
// its title is not shown to the other readers of the contribution.
func readablePractices(p auth.Principal, linked []clts.Practice) []clts.Practice {
	var out []clts.Practice
	for _, pr := range linked {
		if auth.CheckPractice(p, auth.PracticeFactsOf(pr), auth.ReadPractice) == nil {
			out = append(out, pr)
		}
	}
	return out
}

// isAuthor reports whether account is among c's authors.
func isAuthor(c clts.Contribution, account int64) bool {
	for _, a := range c.Authors {
		if a.AccountID == account {
			return true
		}
	}
	return false
}

// contributionFor reads the contribution of the URL and its campaign, and
// checks that the viewer may do a to it: not found for whoever may not
// read it (another's draft, another committee's id), forbidden or a
// conflict otherwise (auth.CheckContribution), returned with the
// contribution so that its page can say why.
func (s *Server) contributionFor(ctx context.Context, tx *postgres.Tx, r *http.Request, a auth.ContributionAction) (*clts.Contribution, *clts.Campaign, auth.ContributionFacts, error) {
	return s.contributionForAs(ctx, tx, state(ctx).principal(), r, a)
}

// contributionForAs is contributionFor with pr's rights: the person's,
// when a referent acts with them (withHelp).
func (s *Server) contributionForAs(ctx context.Context, tx *postgres.Tx, pr auth.Principal, r *http.Request, a auth.ContributionAction) (*clts.Contribution, *clts.Campaign, auth.ContributionFacts, error) {
	var f auth.ContributionFacts
	id, ok := idParam(r, "contributionID")
	if !ok {
		return nil, nil, f, auth.ErrContributionNotFound
	}
	c, err := tx.ContributionByID(ctx, id)
	if err != nil {
		return nil, nil, f, err
	}
	camp, err := tx.CampaignByID(ctx, c.CampaignID)
	if err != nil {
		return nil, nil, f, err
	}
	f = auth.ContributionFactsOf(*c, camp.Open(s.now()))
	if err := auth.CheckContribution(pr, f, a); err != nil {
		if clts.ErrorCode(err) == clts.ECONFLICT {
			// Readable, but not now: the caller may explain it on the page.
			return c, camp, f, err
		}
		return nil, nil, f, err
	}
	return c, camp, f, nil
}

func (s *Server) handleContribution(w http.ResponseWriter, r *http.Request) {
	d, err := s.readContributionPage(r)
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	s.render(w, r, pages.ContributionPage(s.page(r, d.Contribution.Title), d))
}

// readContributionPage reads what a contribution's page shows, in one
// unit of work, once the viewer may read it.
func (s *Server) readContributionPage(r *http.Request) (pages.ContributionPageData, error) {
	ctx := r.Context()
	st := state(ctx)
	d := pages.ContributionPageData{Slug: st.membership.Committee.Slug, Viewer: st.principal()}
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		c, _, f, err := s.contributionFor(ctx, tx, r, auth.ReadContribution)
		if err != nil {
			return err
		}
		d.Contribution, d.Facts = *c, f
		if c.NextID != 0 {
			// Its correction is linked only for those who may read it (a
			// draft is its authors' and the pilots'); the rules keep
			// knowing it exists (f.HasNext).
			next, err := tx.ContributionByID(ctx, c.NextID)
			if err != nil {
				return err
			}
			if auth.CheckContribution(st.principal(), auth.ContributionFactsOf(*next, true), auth.ReadContribution) != nil {
				d.Contribution.NextID = 0
			}
		}
		linked, err := tx.ContributionPractices(ctx, c.ID)
		if err != nil {
			return err
		}
		d.Practices = readablePractices(st.principal(), linked)
		if d.History, err = tx.ContributionHistory(ctx, c.ID); err != nil {
			return err
		}
		if !auth.CanTransmitContributions(st.principal()) && !isAuthor(*c, st.account.ID) {
			// The pilots' comments were written to the authors, as a
			// practice's history is its author's and the pilots': the
			// other members reading a transmitted contribution see its
			// steps without them.
			for i := range d.History {
				d.History[i].Comment = ""
			}
		}
		return nil
	})
	for _, a := range d.Contribution.Authors {
		if a.AccountID == st.account.ID {
			d.Consent = a.PublishName
		}
	}
	d.ReturnComment = components.Field{Name: clts.FieldContributionComment, Label: "Commentaire pour les auteurs", Type: "textarea",
		Spellcheck: true, MaxLength: clts.MaxContributionComment,
		Hint: "Nécessaire pour renvoyer la contribution : dites ce qu'il faudrait reprendre. Les auteurs le recevront par courriel."}
	d.IndicatorsComment = components.Field{Name: clts.FieldContributionIndicators, Label: "Commentaire des pilotes sur ces chiffres",
		Type: "textarea", Spellcheck: true, MaxLength: clts.MaxContributionComment, Value: d.Contribution.IndicatorsComment,
		Hint: "Transmis au HCTS avec les chiffres : ce qui les explique, ce qui a changé."}
	return d, err
}
