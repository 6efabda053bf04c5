package server

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/export"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/components"
	"github.com/portail-clts/clts/web/pages"
)

// The HCTS's national reading of the contributions that committees
// transmitted (auth.ReadNational on the routes: HCTS readers). Every unit
// of work runs in readingScope: row-level security lets transmitted
// contributions through and nothing else, even where a statement would
// forget to ask.

// readingScope is the scope of the national reading: no committee, the
// account, HCTS on (transmitted contributions, contribution_readings) and
// national on (the shared practices they link to).
func readingScope(st *requestState) postgres.Scope {
	sc := st.nationalScope()
	sc.HCTS = true
	return sc
}

// readingPageSize is the number of contributions per page of the reading.
const readingPageSize = 20

// Query parameters of the reading's filters (and of its exports).
const (
	readingParamText      = "q"
	readingParamCampaign  = "campagne"
	readingParamCategory  = "categorie"
	readingParamCommittee = "comite"
	readingParamDep       = "departement"
	readingParamRetained  = "retenues"
)

// readingFilter is the reading's filter as typed, its field errors, and
// the export's description of it.
type readingFilter struct {
	query  postgres.NationalQuery
	page   int
	errors clts.FieldErrors
	export export.Filter
	// values are the filter's parameters without the page, for the export
	// links.
	values url.Values
}

// readReadingFilter reads the filter from the URL. The campaign is named
// by its year; a wrong value is said next to its field and left out.
// Without the campaigns (nil), the query names the campaign by its year
// (CampaignYear), for NationalReading, which reads them with the list.
func readReadingFilter(q url.Values, campaigns []clts.Campaign, committees []clts.Committee) readingFilter {
	f := readingFilter{page: pageNumber(q.Get("page")), errors: clts.FieldErrors{}, values: url.Values{}}
	keep := func(name, v string) {
		if v != "" {
			f.values.Set(name, v)
		}
	}
	text := strings.TrimSpace(q.Get(readingParamText))
	if clts.Length(text) > clts.MaxSearch {
		f.errors.Add(readingParamText, "La recherche ne doit pas dépasser "+clts.Count(clts.MaxSearch)+" caractères.")
		text = ""
	}
	f.query.Text, f.export.Text = text, text
	keep(readingParamText, text)
	if y := strings.TrimSpace(q.Get(readingParamCampaign)); y != "" {
		year, _ := strconv.Atoi(y)
		i := slices.IndexFunc(campaigns, func(c clts.Campaign) bool { return c.Year == year })
		if campaigns == nil && year >= 1 && year <= 9999 {
			f.query.CampaignYear, f.export.CampaignYear = year, year
			keep(readingParamCampaign, y)
		} else if i < 0 {
			f.errors.Add(readingParamCampaign, "Choisissez l'une des campagnes de la liste.")
		} else {
			f.query.CampaignID, f.export.CampaignYear = campaigns[i].ID, year
			keep(readingParamCampaign, y)
		}
	}
	if c := q.Get(readingParamCategory); c != "" {
		if !clts.IsCategory(c) {
			f.errors.Add(readingParamCategory, "Choisissez l'une des six catégories du rapport.")
		} else {
			f.query.Category, f.export.Category = c, c
			keep(readingParamCategory, c)
		}
	}
	if slug := q.Get(readingParamCommittee); slug != "" {
		// An unknown committee selects nothing, as a filter should.
		f.query.Committee, f.export.Committee = slug, slug
		for _, c := range committees {
			if c.Slug == slug {
				f.export.CommitteeName = c.Name
			}
		}
		keep(readingParamCommittee, slug)
	}
	if d := strings.TrimSpace(q.Get(readingParamDep)); d != "" {
		f.query.Departement, f.export.Departement = d, d
		keep(readingParamDep, d)
	}
	switch q.Get(readingParamRetained) {
	case "oui":
		yes := true
		f.query.Retained, f.export.Retained = &yes, &yes
		keep(readingParamRetained, "oui")
	case "non":
		no := false
		f.query.Retained, f.export.Retained = &no, &no
		keep(readingParamRetained, "non")
	}
	f.query.Limit, f.query.Offset = readingPageSize, (f.page-1)*readingPageSize
	return f
}

func (s *Server) handleNationalContributions(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	var d pages.NationalReadingData
	var f readingFilter
	var campaigns []clts.Campaign
	var committees []clts.Committee
	sc := readingScope(state(ctx))
	// The reading's statements cost more to plan than to run, and are
	// written so that their plans do not depend on the filter's values,
	// words included (matchSQL): each is planned once per connection.
	sc.GenericPlans = true
	err := s.db.Read(ctx, sc, func(tx *postgres.Tx) error {
		// The campaigns, the committees and the list in one round trip,
		// the campaign named by its year.
		byYear := readReadingFilter(q, nil, nil)
		var err error
		campaigns, committees, d.Hits, d.Total, err = tx.NationalReading(ctx, byYear.query)
		if err != nil {
			return err
		}
		f = readReadingFilter(q, campaigns, committees)
		if byYear.query.CampaignYear != 0 && f.query.CampaignID == 0 {
			// No campaign of that year: the filter is left out.
			d.Hits, d.Total, err = tx.NationalContributions(ctx, f.query)
		}
		return err
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	readingFields(&d, q, f, campaigns, committees)
	d.Pager = components.NewPager(f.page, readingPageSize, d.Total, paths.NationalContributions, q)
	d.Query = f.values.Encode()
	title := "Contributions transmises au HCTS"
	if f.page > 1 {
		title += " — page " + strconv.Itoa(f.page)
	}
	if len(f.errors) > 0 {
		s.renderStatus(w, r, http.StatusUnprocessableEntity, pages.NationalReading(s.page(r, title), d))
		return
	}
	s.render(w, r, pages.NationalReading(s.page(r, title), d))
}

// readingFields fills the filter form with the values chosen and their
// errors.
func readingFields(d *pages.NationalReadingData, q url.Values, f readingFilter, campaigns []clts.Campaign, committees []clts.Committee) {
	fq := f.query
	d.Searched = fq.Text != ""
	d.Filtered = len(f.values) > 0
	d.Text = components.Field{Name: readingParamText, Label: "Mots recherchés", Type: "search", Value: q.Get(readingParamText),
		Optional: true, Autocomplete: "off", Spellcheck: true, MaxLength: clts.MaxSearch,
		Hint:  "Dans les titres et les textes. Les accents et les majuscules ne comptent pas ; « numerique » trouve aussi « numérique ».",
		Error: f.errors[readingParamText]}
	campaignOpts := []components.Option{{Value: "", Label: "Toutes les campagnes"}}
	for _, c := range campaigns {
		y := strconv.Itoa(c.Year)
		campaignOpts = append(campaignOpts, components.Option{Value: y, Label: "Campagne " + y})
	}
	d.Campaign = components.Field{Name: readingParamCampaign, Label: "Campagne", Type: "select", Value: q.Get(readingParamCampaign),
		Options: campaignOpts, Error: f.errors[readingParamCampaign]}
	categoryOpts := []components.Option{{Value: "", Label: "Toutes les catégories"}}
	for _, c := range clts.Categories {
		categoryOpts = append(categoryOpts, components.Option{Value: c, Label: clts.CategoryLabel(c)})
	}
	d.Category = components.Field{Name: readingParamCategory, Label: "Catégorie", Type: "select", Value: q.Get(readingParamCategory),
		Options: categoryOpts, Error: f.errors[readingParamCategory]}
	d.Committee, d.Departement = committeeFilterFields(committees, readingParamCommittee, fq.Committee, readingParamDep, fq.Departement)
	d.Retained = components.Field{Name: readingParamRetained, Label: "Retenues pour le rapport", Type: "select",
		Value: f.values.Get(readingParamRetained), Options: []components.Option{{Value: "", Label: "Retenues ou non"},
			{Value: "oui", Label: "Seulement les retenues"}, {Value: "non", Label: "Seulement les non retenues"}}}
}

// readingParams reads the committee and the contribution of a national
// URL; ok is false when the id is not one.
func readingParams(r *http.Request) (slug string, id int64, ok bool) {
	id, ok = idParam(r, "nationalContributionID")
	return chi.URLParam(r, "committee"), id, ok
}

func (s *Server) handleNationalContribution(w http.ResponseWriter, r *http.Request) {
	slug, id, ok := readingParams(r)
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	s.showNationalContribution(w, r, slug, id, http.StatusOK, replyField("", ""))
}

// replyField is the reply's text area, with its value and error.
func replyField(value, msg string) components.Field {
	return components.Field{Name: "reponse", Label: "Votre réponse", Type: "textarea", Value: value, Error: msg,
		MaxLength: clts.MaxHCTSReply, Spellcheck: true,
		Hint: "Quelques lignes sur ce que devient cette contribution ; elles sont envoyées par courriel aux pilotes du comité " +
			"et aux auteurs, et affichées sur la contribution. Mise en forme Markdown possible."}
}

// showNationalContribution renders the contribution's page with the reply
// field given (the reply as typed and its error, after a refusal).
func (s *Server) showNationalContribution(w http.ResponseWriter, r *http.Request, slug string, id int64, status int, reply components.Field) {
	ctx := r.Context()
	d := pages.NationalContributionData{Reply: reply}
	err := s.db.Read(ctx, readingScope(state(ctx)), func(tx *postgres.Tx) error {
		c, err := tx.NationalContributionByID(ctx, slug, id)
		if err != nil {
			return err
		}
		d.Contribution = *c
		if d.Practices, d.OtherPractices, err = tx.NationalContributionPractices(ctx, c); err != nil {
			return err
		}
		d.Editions, err = tx.NationalContributionEditions(ctx, c)
		return err
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	s.renderStatus(w, r, status, pages.NationalContribution(s.page(r, d.Contribution.Title), d))
}

// readingToggle is a yes/no step of the reading: read, retained.
type readingToggle struct {
	run     func(ctx context.Context, tx *postgres.Tx, slug string, id int64, on bool) error
	on, off string // what the reader is told
}

var (
	toggleRead = readingToggle{
		run: func(ctx context.Context, tx *postgres.Tx, slug string, id int64, on bool) error {
			return tx.MarkContributionRead(ctx, slug, id, on)
		},
		on: "La contribution est marquée comme lue.", off: "La contribution est marquée comme non lue."}
	toggleRetain = readingToggle{
		run: func(ctx context.Context, tx *postgres.Tx, slug string, id int64, on bool) error {
			return tx.SetContributionRetained(ctx, slug, id, on)
		},
		on: "La contribution est retenue pour le rapport.", off: "La contribution n'est plus retenue pour le rapport."}
)

func (s *Server) handleNationalContributionRead(w http.ResponseWriter, r *http.Request) {
	s.toggleReading(w, r, toggleRead)
}

func (s *Server) handleNationalContributionRetain(w http.ResponseWriter, r *http.Request) {
	s.toggleReading(w, r, toggleRetain)
}

// toggleReading sets a yes/no of the reading from the form's "etat" (oui
// or non; anything else is a 400) and comes back to the page.
func (s *Server) toggleReading(w http.ResponseWriter, r *http.Request, t readingToggle) {
	slug, id, ok := readingParams(r)
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	if !s.parseForm(w, r) {
		return
	}
	var on bool
	switch r.PostFormValue("etat") {
	case "oui":
		on = true
	case "non":
	default:
		s.renderError(w, r, http.StatusBadRequest)
		return
	}
	ctx := r.Context()
	err := s.db.Write(ctx, readingScope(state(ctx)), func(tx *postgres.Tx) error { return t.run(ctx, tx, slug, id, on) })
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	msg := t.off
	if on {
		msg = t.on
	}
	s.redirectWithFlash(w, r, paths.NationalContribution(slug, id), msg)
}

// handleNationalContributionReply records the reply and mails it; a reply
// empty, too long or refused comes back next to its field, kept.
func (s *Server) handleNationalContributionReply(w http.ResponseWriter, r *http.Request) {
	slug, id, ok := readingParams(r)
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	if !s.parseForm(w, r) {
		return
	}
	src := r.PostFormValue("reponse")
	refuse := func(err error) {
		if msg := fieldErrors(err)["reponse"]; msg != "" {
			s.showNationalContribution(w, r, slug, id, http.StatusUnprocessableEntity, replyField(src, msg))
			return
		}
		s.failDomain(w, r, err)
	}
	text, err := renderField("reponse", src)
	if err != nil {
		refuse(err)
		return
	}
	ctx := r.Context()
	err = s.db.Write(ctx, readingScope(state(ctx)), func(tx *postgres.Tx) error {
		return tx.ReplyToContribution(ctx, slug, id, text)
	})
	if err != nil {
		refuse(err)
		return
	}
	s.redirectWithFlash(w, r, paths.NationalContribution(slug, id),
		"Votre réponse est enregistrée : elle est envoyée par courriel aux pilotes du comité et aux auteurs.")
}
