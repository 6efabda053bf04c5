package server

import (
	"net/http"
	"strconv"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/pages"
)

// The pilots' follow-up of a campaign in their committee, and the
// transmission of several validated contributions at once (the routes
// ask for auth.TransmitContributions).

func (s *Server) handleCampaignPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st := state(ctx)
	id, ok := idParam(r, "campaignID")
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	d := pages.CampaignPageData{Slug: st.membership.Committee.Slug, Now: s.now()}
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		c, err := tx.CampaignByID(ctx, id)
		if err != nil {
			return err
		}
		d.Campaign = *c
		d.Progress, err = tx.CampaignProgress(ctx, id)
		return err
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	for _, p := range d.Progress {
		d.Validated += p.Counts[clts.ContributionValidated]
	}
	s.render(w, r, pages.CampaignPage(s.page(r, "Suivi de la campagne "+strconv.Itoa(d.Campaign.Year)), d))
}

// readCampaignTransmit reads the campaign of the URL and its validated
// contributions in the committee.
func (s *Server) readCampaignTransmit(r *http.Request) (pages.CampaignTransmitData, error) {
	ctx := r.Context()
	st := state(ctx)
	d := pages.CampaignTransmitData{Slug: st.membership.Committee.Slug, Now: s.now(), Checked: map[int64]bool{}}
	id, ok := idParam(r, "campaignID")
	if !ok {
		return d, clts.Errorf(clts.ENOTFOUND, "Campagne introuvable.")
	}
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		c, err := tx.CampaignByID(ctx, id)
		if err != nil {
			return err
		}
		d.Campaign = *c
		d.Validated, err = tx.Contributions(ctx, postgres.ContributionQuery{CampaignID: id, Status: clts.ContributionValidated, Pilot: true})
		return err
	})
	return d, err
}

func (s *Server) handleCampaignTransmitForm(w http.ResponseWriter, r *http.Request) {
	d, err := s.readCampaignTransmit(r)
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	for _, c := range d.Validated {
		d.Checked[c.ID] = true
	}
	if !d.Campaign.Open(d.Now) {
		d.Refusal = "La campagne est close : plus rien ne peut lui être transmis."
	}
	s.render(w, r, pages.CampaignTransmit(s.page(r, "Transmettre au HCTS"), d))
}

// handleCampaignTransmit transmits the ticked contributions, all or none:
// a refusal (a contribution no longer validated, the deadline passed)
// brings the summary back with its message, the boxes as ticked.
func (s *Server) handleCampaignTransmit(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	st := state(ctx)
	slug := st.membership.Committee.Slug
	fe := clts.FieldErrors{}
	ids := parseIDs(r.PostForm["contributions"], fe, "contributions")
	campaignID, ok := idParam(r, "campaignID")
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	var err error
	if len(fe) == 0 {
		err = s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
			// Only the validated contributions of this campaign are sent
			// from its summary.
			for _, id := range ids {
				c, err := tx.ContributionByID(ctx, id)
				if err != nil {
					return err
				}
				if c.CampaignID != campaignID {
					return clts.Errorf(clts.ENOTFOUND, "Contribution introuvable.")
				}
			}
			return tx.TransmitContributions(ctx, ids, s.now())
		})
		if err == nil {
			msg := "Les " + strconv.Itoa(len(ids)) + " contributions sont transmises au HCTS ; leurs auteurs en sont informés par courriel."
			if len(ids) == 1 {
				msg = "La contribution est transmise au HCTS ; ses auteurs en sont informés par courriel."
			}
			s.redirectWithFlash(w, r, paths.CampaignPage(slug, campaignID), msg)
			return
		}
		if fieldErrors(err) == nil && clts.ErrorCode(err) != clts.ECONFLICT {
			s.failDomain(w, r, err)
			return
		}
		fe = fieldErrors(err)
	}
	d, rerr := s.readCampaignTransmit(r)
	if rerr != nil {
		s.failDomain(w, r, rerr)
		return
	}
	for _, id := range ids {
		d.Checked[id] = true
	}
	d.Error = fe["contributions"]
	if d.Error == "" && err != nil {
		d.Refusal = userMessage(err) + " Aucune contribution n'a été transmise."
	}
	status := http.StatusUnprocessableEntity
	if clts.ErrorCode(err) == clts.ECONFLICT {
		status = http.StatusConflict
	}
	s.renderStatus(w, r, status, pages.CampaignTransmit(s.page(r, "Transmettre au HCTS"), d))
}
