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
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/components"
	"github.com/portail-clts/clts/web/pages"
)

// The national catalogue: the practices that committees' pilots shared
// nationally, read-only, for HCTS readers and the members of any committee
// (auth.ReadNationalPractices on the routes). Every read runs in the
// national scope (requestState.nationalScope): row-level security lets
// shared published practices through and nothing else, even where a
// statement would forget to ask.

// nationalPageSize is the number of practices per page of the catalogue.
const nationalPageSize = 20

// Query parameters of the national catalogue's search form.
const (
	nationalParamText      = "q"
	nationalParamCommittee = "comite"
	nationalParamDep       = "departement"
	nationalParamYear      = "annee"
	nationalParamRunning   = "en_cours"
	nationalParamSort      = "tri"
)

// nationalSearch is the catalogue's search as typed, and its field errors.
type nationalSearch struct {
	query  postgres.PracticeQuery
	page   int
	errors clts.FieldErrors
}

// readNationalSearch reads the search form from the URL, with the names and
// the rules of a committee's catalogue (handlePractices) and the committee
// as one more filter. A wrong value is said next to its field and left out
// of the search.
func readNationalSearch(q url.Values) nationalSearch {
	s := nationalSearch{page: pageNumber(q.Get("page")), errors: clts.FieldErrors{}}
	s.query = postgres.PracticeQuery{
		Text:        strings.TrimSpace(q.Get(nationalParamText)),
		Committee:   q.Get(nationalParamCommittee),
		Departement: q.Get(nationalParamDep),
		RunningOnly: q.Get(nationalParamRunning) == "oui",
		ByDate:      q.Get(nationalParamSort) == "date",
		Limit:       nationalPageSize,
		Offset:      (s.page - 1) * nationalPageSize,
	}
	if clts.Length(s.query.Text) > clts.MaxSearch {
		s.errors.Add(nationalParamText, "La recherche ne doit pas dépasser "+clts.Count(clts.MaxSearch)+" caractères.")
		s.query.Text = ""
	}
	if y := strings.TrimSpace(q.Get(nationalParamYear)); y != "" {
		year, err := strconv.Atoi(y)
		if err != nil || year < 1900 || year > 2100 {
			s.errors.Add(nationalParamYear, "Indiquez une année sur quatre chiffres, par exemple 2019.")
		} else {
			s.query.Year = year
		}
	}
	return s
}

func (s *Server) handleNationalPractices(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st := state(ctx)
	q := r.URL.Query()
	search := readNationalSearch(q)
	var d pages.NationalPracticesData
	var committees []clts.Committee
	// A search's statements are planned once per connection: planning
	// them cost more than running them (docs/benchmarks.md).
	sc := st.nationalScope()
	sc.GenericPlans = search.query.Text != ""
	err := s.db.Read(ctx, sc, func(tx *postgres.Tx) error {
		var err error
		// The list and the committees of the search form in one round trip.
		d.Hits, d.Total, committees, err = tx.NationalPracticeCatalogue(ctx, search.query)
		return err
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	nationalFilters(&d, q, committees, search)
	d.Pager = components.NewPager(search.page, nationalPageSize, d.Total, paths.NationalPractices, q)
	title := "Pratiques inspirantes partagées"
	if search.page > 1 {
		title += " — page " + strconv.Itoa(search.page)
	}
	if len(search.errors) > 0 {
		s.renderStatus(w, r, http.StatusUnprocessableEntity, pages.NationalPractices(s.page(r, title), d))
		return
	}
	s.render(w, r, pages.NationalPractices(s.page(r, title), d))
}

// nationalFilters fills the catalogue's search form with the values typed
// and their errors: the committee and the département among those of the
// portal's committees.
func nationalFilters(d *pages.NationalPracticesData, q url.Values, committees []clts.Committee, search nationalSearch) {
	sq := search.query
	searching := sq.Text != "" || search.errors[nationalParamText] != ""
	d.Searched = sq.Text != ""
	d.Filtered = sq.Text != "" || sq.Committee != "" || sq.Departement != "" || sq.Year != 0 || sq.RunningOnly
	d.Text = components.Field{Name: nationalParamText, Label: "Mots recherchés", Type: "search", Value: q.Get(nationalParamText),
		Optional: true, Autocomplete: "off", Spellcheck: true, MaxLength: clts.MaxSearch,
		Hint:  "Les accents et les majuscules ne comptent pas ; « numerique » trouve aussi « numérique ».",
		Error: search.errors[nationalParamText]}
	d.Committee, d.Departement = committeeFilterFields(committees, nationalParamCommittee, sq.Committee, nationalParamDep, sq.Departement)
	d.Year = components.Field{Name: nationalParamYear, Label: "Année de démarrage", Value: q.Get(nationalParamYear), Optional: true,
		Inputmode: "numeric", Hint: "Par exemple 2019.", Error: search.errors[nationalParamYear]}
	d.Running = sq.RunningOnly
	sort := "pertinence"
	if sq.ByDate {
		sort = "date"
	}
	sortHint := ""
	if !searching {
		sortHint = "Sans mots recherchés, les plus récentes viennent d'abord."
	}
	d.Sort = components.Field{Name: nationalParamSort, Label: "Trier par", Type: "select", Value: sort, Hint: sortHint,
		Options: []components.Option{{Value: "pertinence", Label: "Pertinence"}, {Value: "date", Label: "Date de publication"}}}
}

// nationalPracticeParams reads the committee and the practice of a
// national URL; ok is false when the id is not one.
func nationalPracticeParams(r *http.Request) (slug string, id int64, ok bool) {
	id, ok = idParam(r, "nationalPracticeID")
	return chi.URLParam(r, "committee"), id, ok
}

func (s *Server) handleNationalPractice(w http.ResponseWriter, r *http.Request) {
	slug, id, ok := nationalPracticeParams(r)
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	ctx := r.Context()
	var d pages.NationalPracticeData
	err := s.db.Read(ctx, state(ctx).nationalScope(), func(tx *postgres.Tx) error {
		p, err := tx.NationalPracticeByID(ctx, slug, id)
		if err != nil {
			return err
		}
		d.Practice = *p
		d.Files, err = tx.PracticeAttachments(ctx, p.ID)
		return err
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	s.render(w, r, pages.NationalPractice(s.page(r, d.Practice.Title), d))
}

// handleNationalPracticeFile downloads an attachment of a shared practice:
// the practice must be shared, of the committee the URL names, and the file
// attached to it; anything else is 404.
func (s *Server) handleNationalPracticeFile(w http.ResponseWriter, r *http.Request) {
	slug, id, ok := nationalPracticeParams(r)
	fileID, fileOK := idParam(r, "nationalFileID")
	if !ok || !fileOK {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	s.download(w, r, state(r.Context()).nationalScope(), func(ctx context.Context, tx *postgres.Tx) (*clts.File, error) {
		if _, err := tx.NationalPracticeByID(ctx, slug, id); err != nil {
			return nil, err
		}
		return tx.PracticeAttachment(ctx, id, fileID)
	})
}

// committeeFilterFields are the national lists' committee and département
// selects, offering every committee and every département they cover.
func committeeFilterFields(committees []clts.Committee, committeeName, committee, depName, dep string) (components.Field, components.Field) {
	committeeOpts := []components.Option{{Value: "", Label: "Tous les comités"}}
	var deps []string
	for _, c := range committees {
		committeeOpts = append(committeeOpts, components.Option{Value: c.Slug, Label: c.Name})
		deps = append(deps, c.Departements...)
	}
	slices.Sort(deps)
	depOpts := []components.Option{{Value: "", Label: "Tous les départements"}}
	for _, d := range slices.Compact(deps) {
		depOpts = append(depOpts, components.Option{Value: d, Label: d})
	}
	return components.Field{Name: committeeName, Label: "Comité", Type: "select", Value: committee, Options: committeeOpts},
		components.Field{Name: depName, Label: "Département", Type: "select", Value: dep, Options: depOpts}
}
