package server

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/components"
	"github.com/portail-clts/clts/web/pages"
)

// The HCTS's yearly campaigns: HCTS readers list them; those with the
// campaigns flag (auth.ManageCampaigns) open, edit and extend them, in an
// HCTS scope that the campaigns' write policy asks for.

func (s *Server) handleCampaigns(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st := state(ctx)
	var list []clts.Campaign
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		var err error
		list, err = tx.CampaignChoices(ctx)
		return err
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, pages.Campaigns(s.page(r, "Campagnes du rapport du HCTS"),
		pages.CampaignsData{Campaigns: list, CanManage: st.principal().Can(auth.ManageCampaigns), Now: s.now()}))
}

// campaignForm is the form of campaign c (ID 0: a new one).
func campaignForm(c clts.Campaign) pages.CampaignFormData {
	d := pages.CampaignFormData{Heading: "Ouvrir une campagne", Action: paths.CampaignNew, ID: c.ID, Version: c.Version}
	year := ""
	if c.Year != 0 {
		year = strconv.Itoa(c.Year)
	}
	d.Year = components.Field{Name: clts.FieldCampaignYear, Label: "Année du rapport", Value: year, Inputmode: "numeric",
		Hint: "Sur quatre chiffres, par exemple 2026. Une seule campagne par année."}
	deadline := ""
	if !c.Deadline.IsZero() {
		deadline = c.Deadline.In(components.Paris()).Format("2006-01-02")
	}
	d.Deadline = components.Field{Name: clts.FieldCampaignDeadline, Label: "Date limite de transmission", Type: "date", Value: deadline,
		Hint: "Les pilotes peuvent transmettre jusqu'à minuit (heure de Paris) ce jour-là. Format année-mois-jour, par exemple 2026-06-30."}
	d.Introduction = components.Field{Name: clts.FieldCampaignIntroduction, Label: "Introduction", Type: "textarea", Value: c.Introduction,
		Optional: true, Spellcheck: true, MaxLength: clts.MaxCampaignText,
		Hint: "Ce que les comités lisent en tête de la campagne. " + markdownHint}
	for _, cat := range clts.Categories {
		d.Guidance = append(d.Guidance, components.Field{Name: clts.FieldCampaignGuidance + cat, Label: clts.CategoryLabel(cat),
			Type: "textarea", Value: c.Guidance[cat].Text, Optional: true, Spellcheck: true, MaxLength: clts.MaxCampaignText})
	}
	if c.ID != 0 {
		d.Heading = "Modifier la campagne " + strconv.Itoa(c.Year)
		d.Action = paths.CampaignEdit(c.ID)
		d.YearFixed = c.Year
		d.Deadline.Hint = "Elle peut seulement être reportée. " + d.Deadline.Hint
	}
	return d
}

// readCampaignForm reads the posted campaign; a year or date that cannot
// be read is a field error, the typed text kept.
func readCampaignForm(r *http.Request) (clts.Campaign, clts.FieldErrors) {
	fe := clts.FieldErrors{}
	c := clts.Campaign{Introduction: r.PostFormValue(clts.FieldCampaignIntroduction), Guidance: map[string]clts.CategoryGuidance{}}
	c.Version, _ = strconv.Atoi(r.PostFormValue("version"))
	if y := formValue(r, clts.FieldCampaignYear); y != "" {
		year, err := strconv.Atoi(y)
		if err != nil || len(y) != 4 {
			fe.Add(clts.FieldCampaignYear, "Indiquez l'année du rapport sur quatre chiffres, par exemple 2026.")
		} else {
			c.Year = year
		}
	}
	if d := formValue(r, clts.FieldCampaignDeadline); d != "" {
		day, err := time.ParseInLocation("2006-01-02", d, components.Paris())
		if err != nil {
			fe.Add(clts.FieldCampaignDeadline, "Indiquez la date au format année-mois-jour, par exemple 2026-06-30.")
		} else {
			c.Deadline = day
		}
	}
	for _, cat := range clts.Categories {
		c.Guidance[cat] = clts.CategoryGuidance{Text: r.PostFormValue(clts.FieldCampaignGuidance + cat)}
	}
	return c, fe
}

// checkDeadlineBound refuses a deadline after the end of the year that
// follows the report's: a deadline may never be brought forward, so a
// mistyped year (2062 for 2026) would keep the campaign open for decades.
func checkDeadlineBound(c clts.Campaign) clts.FieldErrors {
	if c.Deadline.IsZero() || c.Year == 0 {
		return clts.FieldErrors{}
	}
	last := time.Date(c.Year+1, time.December, 31, 12, 0, 0, 0, components.Paris())
	if clts.EndOfDay(c.Deadline).After(clts.EndOfDay(last)) {
		return clts.FieldErrors{clts.FieldCampaignDeadline: "Choisissez une date limite au plus tard le " + components.Date(last) +
			" : une date limite ne peut jamais être avancée ensuite."}
	}
	return clts.FieldErrors{}
}

// fillCampaignForm puts the typed values and the errors back in the form.
func fillCampaignForm(d *pages.CampaignFormData, r *http.Request, fe clts.FieldErrors) {
	d.Year.Value, d.Year.Error = formValue(r, clts.FieldCampaignYear), fe[clts.FieldCampaignYear]
	d.Deadline.Value, d.Deadline.Error = formValue(r, clts.FieldCampaignDeadline), fe[clts.FieldCampaignDeadline]
	d.Introduction.Value, d.Introduction.Error = r.PostFormValue(clts.FieldCampaignIntroduction), fe[clts.FieldCampaignIntroduction]
	for i := range d.Guidance {
		d.Guidance[i].Value = r.PostFormValue(d.Guidance[i].Name)
		d.Guidance[i].Error = fe[d.Guidance[i].Name]
	}
}

func (s *Server) handleCampaignNewForm(w http.ResponseWriter, r *http.Request) {
	c := clts.Campaign{Year: s.now().In(components.Paris()).Year()}
	s.render(w, r, pages.CampaignForm(s.page(r, "Ouvrir une campagne"), campaignForm(c)))
}

func (s *Server) handleCampaignCreate(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	c, fe := readCampaignForm(r)
	if len(fe) == 0 {
		if err := c.Validate(); err != nil {
			fe = fieldErrors(err)
		}
	}
	if len(fe) == 0 && !clts.EndOfDay(c.Deadline).After(s.now()) {
		fe = clts.FieldErrors{clts.FieldCampaignDeadline: "Choisissez une date limite à venir."}
	}
	if len(fe) == 0 {
		fe = checkDeadlineBound(c)
	}
	if len(fe) == 0 {
		err := s.db.Write(ctx, hctsScope(state(ctx)), func(tx *postgres.Tx) error {
			_, err := tx.CreateCampaign(ctx, c)
			return err
		})
		if err == nil {
			s.redirectWithFlash(w, r, paths.Campaigns, "La campagne "+strconv.Itoa(c.Year)+" est ouverte : tous les comités la voient sur leur page d'accueil.")
			return
		}
		if fe = fieldErrors(err); fe == nil {
			s.failDomain(w, r, err)
			return
		}
	}
	d := campaignForm(clts.Campaign{})
	fillCampaignForm(&d, r, fe)
	s.renderStatus(w, r, http.StatusUnprocessableEntity, pages.CampaignForm(s.page(r, "Ouvrir une campagne"), d))
}

// campaignOf reads the campaign of the URL; 404 when missing.
func (s *Server) campaignOf(r *http.Request) (*clts.Campaign, error) {
	ctx := r.Context()
	id, ok := idParam(r, "campaignID")
	if !ok {
		return nil, clts.Errorf(clts.ENOTFOUND, "Campagne introuvable.")
	}
	var c *clts.Campaign
	err := s.db.Read(ctx, state(ctx).scope(), func(tx *postgres.Tx) error {
		var err error
		c, err = tx.CampaignByID(ctx, id)
		return err
	})
	return c, err
}

func (s *Server) handleCampaignEditForm(w http.ResponseWriter, r *http.Request) {
	c, err := s.campaignOf(r)
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	d := campaignForm(*c)
	s.render(w, r, pages.CampaignForm(s.page(r, d.Heading), d))
}

func (s *Server) handleCampaignEdit(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	current, err := s.campaignOf(r)
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	c, fe := readCampaignForm(r)
	c.ID, c.Year = current.ID, current.Year
	delete(fe, clts.FieldCampaignYear)
	if len(fe) == 0 {
		fe = checkDeadlineBound(c)
	}
	conflict := ""
	if len(fe) == 0 {
		err = s.db.Write(ctx, hctsScope(state(ctx)), func(tx *postgres.Tx) error { return tx.UpdateCampaign(ctx, c) })
		switch {
		case err == nil:
			msg := "La campagne " + strconv.Itoa(c.Year) + " est enregistrée."
			if clts.EndOfDay(c.Deadline).After(current.Deadline) {
				msg = "La campagne " + strconv.Itoa(c.Year) + " est prolongée jusqu'au " + components.Date(c.Deadline) + "."
			}
			s.redirectWithFlash(w, r, paths.Campaigns, msg)
			return
		case fieldErrors(err) != nil:
			fe = fieldErrors(err)
		case clts.ErrorCode(err) == clts.ECONFLICT:
			conflict = userMessage(err)
		default:
			s.failDomain(w, r, err)
			return
		}
	}
	d := campaignForm(*current)
	fillCampaignForm(&d, r, fe)
	d.Conflict = conflict
	s.renderStatus(w, r, http.StatusUnprocessableEntity, pages.CampaignForm(s.page(r, d.Heading), d))
}

// trimmed is s without surrounding spaces, CRLF as LF.
func trimmed(s string) string { return strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n")) }
