package server

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/components"
	"github.com/portail-clts/clts/web/pages"
)

// practicesPageSize is the number of practices per page of a list.
const practicesPageSize = 20

// practiceView is one of the lists of practices (?vue=): the published
// catalogue (""), the viewer's own sheets, and for the pilots the
// practices by state.
type practiceView struct {
	key, label, heading, empty string
	status                     string // the state listed; "" for the catalogue
	mine                       bool   // the viewer's own sheets, drafts included
	pilots                     bool   // the pilots' alone
}

var practiceViews = []practiceView{
	{key: "", label: "Catalogue", heading: "Pratiques inspirantes",
		empty: "Aucune pratique publiée ne correspond à cette recherche."},
	{key: "mes-fiches", label: "Mes fiches", heading: "Mes fiches pratiques", mine: true,
		empty: "Vous n'avez pas encore écrit de fiche."},
	{key: "a-relire", label: "À relire", heading: "Pratiques à relire", status: clts.PracticeSubmitted, pilots: true,
		empty: "Aucune fiche n'attend de relecture."},
	{key: "renvoyees", label: "Renvoyées pour correction", heading: "Pratiques renvoyées pour correction", status: clts.PracticeReturned, pilots: true,
		empty: "Aucune fiche renvoyée."},
	{key: "retirees", label: "Retirées", heading: "Pratiques retirées", status: clts.PracticeWithdrawn, pilots: true,
		empty: "Aucune fiche retirée."},
}

// practiceViewOf is the list asked for; the catalogue when the viewer may
// not see it.
func practiceViewOf(key string, pr auth.Principal) practiceView {
	for _, v := range practiceViews {
		if v.key == key && (!v.pilots || auth.CanModeratePractices(pr)) {
			return v
		}
	}
	return practiceViews[0]
}

func (s *Server) handlePractices(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st := state(ctx)
	pr := st.principal()
	c := st.membership.Committee
	q := r.URL.Query()
	view := practiceViewOf(q.Get("vue"), pr)
	page := pageNumber(q.Get("page"))
	query := postgres.PracticeQuery{
		Status: view.status,
		Limit:  practicesPageSize,
		Offset: (page - 1) * practicesPageSize,
	}
	if view.mine {
		query.AuthorID = st.account.ID
	}
	d := pages.PracticesData{Slug: c.Slug, Heading: view.heading, Catalogue: view.key == "",
		CanWrite: auth.CanWritePractice(pr), ShowStatus: view.mine, Empty: view.empty}
	for _, v := range practiceViews {
		if !v.pilots || auth.CanModeratePractices(pr) {
			u := paths.Practices(c.Slug)
			if v.key != "" {
				u += "?vue=" + v.key
			}
			d.Tabs = append(d.Tabs, pages.PracticeTab{Label: v.label, URL: u, Current: v.key == view.key})
		}
	}
	// The catalogue's search and filters; a wrong value is said next to
	// its field and left out of the search.
	fe := clts.FieldErrors{}
	if d.Catalogue {
		query.Text = strings.TrimSpace(q.Get("q"))
		if clts.Length(query.Text) > clts.MaxSearch {
			fe.Add("q", "La recherche ne doit pas dépasser "+clts.Count(clts.MaxSearch)+" caractères.")
			query.Text = ""
		}
		query.GroupID, _ = strconv.ParseInt(q.Get("theme"), 10, 64)
		query.InstitutionID, _ = strconv.ParseInt(q.Get("institution"), 10, 64)
		for _, dep := range c.Departements {
			if q.Get("departement") == dep {
				query.Departement = dep
			}
		}
		if y := strings.TrimSpace(q.Get("annee")); y != "" {
			year, err := strconv.Atoi(y)
			if err != nil || year < 1900 || year > 2100 {
				fe.Add("annee", "Indiquez une année sur quatre chiffres, par exemple 2019.")
			} else {
				query.Year = year
			}
		}
		query.RunningOnly = q.Get("en_cours") == "oui"
		query.ByDate = q.Get("tri") == "date"
	}

	var institutions []clts.Institution
	var groups []clts.Group
	// A search's statements are planned once per connection: planning
	// them cost more than running them (docs/benchmarks.md).
	sc := st.scope()
	sc.GenericPlans = query.Text != ""
	err := s.db.Read(ctx, sc, func(tx *postgres.Tx) error {
		var err error
		if !d.Catalogue {
			d.Hits, d.Total, err = tx.Practices(ctx, query)
			return err
		}
		// The list and the search form's choices in one round trip.
		d.Hits, d.Total, groups, institutions, err = tx.PracticeCatalogue(ctx, query)
		return err
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d.Pager = components.NewPager(page, practicesPageSize, d.Total, paths.Practices(c.Slug), q)
	if d.Catalogue {
		practiceFilters(&d, q, c, institutions, groups, query.Text != "" || fe["q"] != "")
		d.Query.Error, d.Year.Error = fe["q"], fe["annee"]
		if d.Total == 0 && len(fe) == 0 && !filtered(query) {
			d.Empty = "Aucune pratique n'est encore publiée."
		}
	}
	title := d.Heading
	if page > 1 {
		title += " — page " + strconv.Itoa(page)
	}
	if len(fe) > 0 {
		s.renderStatus(w, r, http.StatusUnprocessableEntity, pages.Practices(s.page(r, title), d))
		return
	}
	s.render(w, r, pages.Practices(s.page(r, title), d))
}

// filtered reports whether the catalogue's query searches or filters.
func filtered(q postgres.PracticeQuery) bool {
	return q.Text != "" || q.GroupID != 0 || q.InstitutionID != 0 || q.Departement != "" || q.Year != 0 || q.RunningOnly
}

// practiceFilters fills the catalogue's search form with the query's
// values.
func practiceFilters(d *pages.PracticesData, q url.Values, c clts.Committee, institutions []clts.Institution, groups []clts.Group, searching bool) {
	d.Query = components.Field{Name: "q", Label: "Mots recherchés", Type: "search", Value: q.Get("q"), Optional: true,
		Autocomplete: "off", Spellcheck: true, MaxLength: clts.MaxSearch,
		Hint: "Les accents et les majuscules ne comptent pas ; « accompagner » trouve aussi « accompagnement »."}
	themeOpts := []components.Option{{Value: "", Label: "Tous les thèmes"}}
	for _, g := range groups {
		themeOpts = append(themeOpts, components.Option{Value: strconv.FormatInt(g.ID, 10), Label: g.Title})
	}
	d.Theme = components.Field{Name: "theme", Label: "Thème", Type: "select", Value: q.Get("theme"), Options: themeOpts}
	instOpts := []components.Option{{Value: "", Label: "Toutes les institutions"}}
	for _, i := range institutions {
		instOpts = append(instOpts, components.Option{Value: strconv.FormatInt(i.ID, 10), Label: i.Name})
	}
	d.Institution = components.Field{Name: "institution", Label: "Institution partenaire", Type: "select", Value: q.Get("institution"), Options: instOpts}
	depOpts := []components.Option{{Value: "", Label: "Tous les départements"}}
	for _, dep := range c.Departements {
		depOpts = append(depOpts, components.Option{Value: dep, Label: dep})
	}
	d.Departement = components.Field{Name: "departement", Label: "Département", Type: "select", Value: q.Get("departement"), Options: depOpts}
	d.Year = components.Field{Name: "annee", Label: "Année de démarrage", Value: q.Get("annee"), Optional: true, Inputmode: "numeric",
		Hint: "Par exemple 2019."}
	d.Running = q.Get("en_cours") == "oui"
	sort := q.Get("tri")
	if sort != "date" {
		sort = "pertinence"
	}
	sortOpts := []components.Option{{Value: "pertinence", Label: "Pertinence"}, {Value: "date", Label: "Date de publication"}}
	sortHint := ""
	if !searching {
		sortHint = "Sans mots recherchés, les plus récentes viennent d'abord."
	}
	d.Sort = components.Field{Name: "tri", Label: "Trier par", Type: "select", Value: sort, Options: sortOpts, Hint: sortHint}
}

// practiceFor reads the practice of the URL and checks that the viewer may
// do a to it: not found for whoever may not read it (another's draft, a
// withdrawn practice, another committee's id), forbidden or a conflict
// otherwise (auth.CheckPractice).
func practiceFor(ctx context.Context, tx *postgres.Tx, r *http.Request, a auth.PracticeAction) (*clts.Practice, error) {
	return practiceForAs(ctx, tx, state(ctx).principal(), r, a)
}

// practiceForAs is practiceFor with pr's rights: the person's, when a
// referent acts with them (withHelp).
func practiceForAs(ctx context.Context, tx *postgres.Tx, pr auth.Principal, r *http.Request, a auth.PracticeAction) (*clts.Practice, error) {
	id, ok := idParam(r, "practiceID")
	if !ok {
		return nil, auth.ErrPracticeNotFound
	}
	p, err := tx.PracticeByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := auth.CheckPractice(pr, auth.PracticeFactsOf(*p), a); err != nil {
		return nil, err
	}
	return p, nil
}

// practiceComments are the comment fields of the sheet's workflow steps.
func practiceComments(d *pages.PracticeSheetData) {
	d.ReturnComment = components.Field{Name: "commentaire", Label: "Commentaire pour la personne qui l'a rédigée", Type: "textarea", Spellcheck: true,
		MaxLength: clts.MaxPracticeComment, Hint: "Dites ce qu'il faudrait compléter ou corriger : elle le lira avec la fiche."}
	d.WithdrawReason = components.Field{Name: "motif", Label: "Motif du retrait", Type: "textarea", Spellcheck: true,
		MaxLength: clts.MaxPracticeComment, Hint: "La personne qui l'a rédigée le reçoit par courriel. La fiche est masquée aux membres, pas supprimée."}
	d.FlagReason = components.Field{Name: "motif_signalement", Label: "Ce que vous voulez signaler", Type: "textarea", Spellcheck: true,
		MaxLength: clts.MaxPracticeComment, Hint: "Une information à corriger, un contenu qui pose problème… Les pilotes le liront."}
}

// readPracticeSheet reads, in the unit of work tx, the sheet of the
// practice of the URL for a viewer who may do a to it.
func (s *Server) readPracticeSheet(ctx context.Context, tx *postgres.Tx, r *http.Request, a auth.PracticeAction) (pages.PracticeSheetData, error) {
	st := state(ctx)
	pr := st.principal()
	d := pages.PracticeSheetData{Slug: st.membership.Committee.Slug, Viewer: pr}
	p, err := practiceFor(ctx, tx, r, a)
	if err != nil {
		return d, err
	}
	d.Practice, d.Facts = *p, auth.PracticeFactsOf(*p)
	if d.Attachments, err = tx.PracticeAttachments(ctx, p.ID); err != nil {
		return d, err
	}
	if d.Can(auth.SeeHistory) {
		if d.Revisions, err = tx.PracticeRevisions(ctx, p.ID); err != nil {
			return d, err
		}
	}
	if d.Can(auth.SeeFlags) {
		if d.Flags, err = tx.PracticeFlags(ctx, p.ID); err != nil {
			return d, err
		}
	}
	if d.Contact, err = practiceContact(ctx, tx, st, d); err != nil {
		return d, err
	}
	practiceComments(&d)
	return d, nil
}

// practiceContact is the practice's contact as the viewer may see them: a
// member as the directory shows them to the viewer; someone else by name
// and address if they agreed, or to the author and the pilots.
func practiceContact(ctx context.Context, tx *postgres.Tx, st *requestState, d pages.PracticeSheetData) (*pages.PracticeContact, error) {
	p := d.Practice
	pr := st.principal()
	if p.ContactAccountID != 0 {
		prof, err := tx.Profile(ctx, p.ContactAccountID)
		if clts.ErrorCode(err) == clts.ENOTFOUND {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		if !prof.Active {
			return nil, nil
		}
		e := prof.View(pr.Can(auth.ViewMemberDetails), st.account.ID)
		return &pages.PracticeContact{Name: e.Name, Email: e.Email, ProfileURL: paths.MemberProfile(d.Slug, e.AccountID)}, nil
	}
	if p.ContactName == "" && p.ContactEmail == "" {
		return nil, nil
	}
	insider := d.Can(auth.SeeHistory) // the author and the pilots
	if !p.ContactPublic && !insider {
		return nil, nil
	}
	return &pages.PracticeContact{Name: p.ContactName, Email: p.ContactEmail, Private: !p.ContactPublic}, nil
}

func (s *Server) handlePractice(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st := state(ctx)
	var d pages.PracticeSheetData
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		var err error
		if d, err = s.readPracticeSheet(ctx, tx, r, auth.ReadPractice); err != nil {
			return err
		}
		d.Easy, err = s.easyReadView(ctx, tx, r, clts.EasyReadPractice, d.Practice.ID, true)
		return err
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	s.render(w, r, pages.PracticeSheet(s.page(r, d.Practice.Title), d))
}
