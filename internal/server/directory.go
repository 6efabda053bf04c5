package server

import (
	"log/slog"
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

// directoryPageSize is the number of members per directory page.
const directoryPageSize = 50

func (s *Server) handleDirectory(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st := state(ctx)
	pr := st.principal()
	c := st.membership.Committee
	q := r.URL.Query()
	page := pageNumber(q.Get("page"))
	f := postgres.DirectoryFilter{
		Query:         strings.TrimSpace(q.Get("q")),
		Departement:   q.Get("departement"),
		Sort:          q.Get("tri"),
		Page:          page,
		PageSize:      directoryPageSize,
		ViewerID:      st.account.ID,
		ViewerIsPilot: pr.Can(auth.ViewMemberDetails),
	}
	if role, ok := clts.ParseRole(q.Get("role")); ok {
		f.Role = role
	}
	f.InstitutionID, _ = strconv.ParseInt(q.Get("institution"), 10, 64)
	f.GroupID, _ = strconv.ParseInt(q.Get("groupe"), 10, 64)
	// A search longer than any name is refused next to its field.
	searchErr := fieldErrors(clts.ValidateSearch(f.Query))["q"]

	var profiles []clts.Profile
	var total int
	var institutions []clts.Institution
	var groups []clts.Group
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		var err error
		if searchErr == "" {
			if profiles, total, err = tx.Directory(ctx, f); err != nil {
				return err
			}
		}
		if institutions, err = tx.Institutions(ctx, false); err != nil {
			return err
		}
		groups, err = tx.Groups(ctx, false)
		return err
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}

	d := pages.DirectoryData{
		Slug:      c.Slug,
		Total:     total,
		Pager:     components.NewPager(page, directoryPageSize, total, paths.Directory(c.Slug), q),
		CanExport: pr.Can(auth.ExportDirectory),
		ExportURL: paths.DirectoryExport(c.Slug),
		Query:     components.Field{Name: "q", Label: "Nom", Type: "search", Value: f.Query, Optional: true, Autocomplete: "off", MaxLength: clts.MaxSearch},
	}
	roleOpts := []components.Option{{Value: "", Label: "Tous les rôles"}}
	for _, r := range clts.Roles() {
		roleOpts = append(roleOpts, components.Option{Value: string(r), Label: r.Label()})
	}
	d.Role = components.Field{Name: "role", Label: "Rôle", Type: "select", Value: string(f.Role), Options: roleOpts}
	instOpts := []components.Option{{Value: "", Label: "Toutes les institutions"}}
	for _, i := range institutions {
		instOpts = append(instOpts, components.Option{Value: strconv.FormatInt(i.ID, 10), Label: i.Name})
	}
	d.Institution = components.Field{Name: "institution", Label: "Institution", Type: "select", Value: q.Get("institution"), Options: instOpts}
	groupOpts := []components.Option{{Value: "", Label: "Tous les groupes"}}
	for _, g := range groups {
		groupOpts = append(groupOpts, components.Option{Value: strconv.FormatInt(g.ID, 10), Label: g.Title})
	}
	d.Group = components.Field{Name: "groupe", Label: "Groupe de travail", Type: "select", Value: q.Get("groupe"), Options: groupOpts}
	depOpts := []components.Option{{Value: "", Label: "Tous les départements"}}
	for _, dep := range c.Departements {
		depOpts = append(depOpts, components.Option{Value: dep, Label: dep})
	}
	d.Departement = components.Field{Name: "departement", Label: "Département", Type: "select", Value: f.Departement, Options: depOpts}
	d.Sort = components.Field{Name: "tri", Label: "Trier par", Type: "select", Value: f.Sort, Options: []components.Option{
		{Value: "nom", Label: "Nom"}, {Value: "role", Label: "Rôle"}, {Value: "institution", Label: "Institution"},
	}}
	for _, p := range profiles {
		d.Entries = append(d.Entries, p.View(f.ViewerIsPilot, st.account.ID))
	}
	if searchErr != "" {
		d.Query.Error = searchErr
		s.renderStatus(w, r, http.StatusUnprocessableEntity, pages.Directory(s.page(r, "Annuaire des membres"), d))
		return
	}
	s.render(w, r, pages.Directory(s.page(r, "Annuaire des membres"), d))
}

// directoryCSVHeader is the first row of the directory's CSV export.
func directoryCSVHeader() []string {
	return []string{"Nom", "Rôle", "Institution", "Département", "Groupes de travail", "Courriel", "Téléphone"}
}

// directoryCSVRow is a member's row in the export: what any member may see
// of them, so the privacy choices travel with the file.
func directoryCSVRow(p clts.Profile) []string {
	e := p.PublicView()
	return []string{e.Name, e.Role.Label(), e.Institution, e.Departement, strings.Join(e.Groups, ", "), e.Email, e.Phone}
}

// handleDirectoryExport sends the directory as a CSV file that French
// spreadsheets open as is (csvWriter). It holds what any member may see,
// so the privacy choices travel with it.
//
// Recording the export is a write, which a read-only snapshot cannot hold:
// it is its own small unit of work, before the rows are read; its failure
// does not hold the export back. The rows then stream from one snapshot
// (REPEATABLE READ), written as they are read, so the file is one
// consistent picture of the directory, however long.
func (s *Server) handleDirectoryExport(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st := state(ctx)
	_ = s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
		return tx.RecordExport(ctx, "annuaire")
	})
	// The file starts with its first row: until then, an error can still
	// be the French error page.
	var cw *csvWriter
	start := func() error {
		if cw != nil {
			return nil
		}
		h := w.Header()
		h.Set("Content-Type", "text/csv; charset=utf-8")
		h.Set("Content-Disposition", `attachment; filename="annuaire-`+url.PathEscape(st.membership.Committee.Slug)+`.csv"`)
		h.Set("Cache-Control", "no-store")
		var err error
		if cw, err = newCSVWriter(w); err != nil {
			return err
		}
		return cw.Row(directoryCSVHeader()...)
	}
	err := s.db.Snapshot(ctx, st.scope(), func(tx *postgres.Tx) error {
		return tx.EachDirectoryEntry(ctx, postgres.DirectoryFilter{ViewerID: -1}, func(p clts.Profile) error {
			if err := start(); err != nil {
				return err
			}
			return cw.Row(directoryCSVRow(p)...)
		})
	})
	if err == nil {
		err = start() // a directory without members still gets its header
	}
	if err == nil {
		err = cw.Flush()
	}
	switch {
	case err == nil:
	case cw == nil:
		s.serverError(w, r, err)
	default:
		// Rows were sent: no error page can replace them. The connection
		// is cut, so that the download fails instead of ending as a file
		// that looks complete.
		if ctx.Err() == nil {
			s.log.ErrorContext(ctx, "directory export", slog.Any("error", err))
		}
		panic(http.ErrAbortHandler)
	}
}

// profilePractices is how many of a member's published practices their
// profile lists.
const profilePractices = 20

func (s *Server) handleMemberProfile(w http.ResponseWriter, r *http.Request) {
	accountID, ok := idParam(r, "accountID")
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	ctx := r.Context()
	st := state(ctx)
	pr := st.principal()
	canManage := pr.Can(auth.ManageInstitutions)
	var p *clts.Profile
	var institutions []clts.Institution
	var practices []clts.PracticeHit
	var practicesTotal int
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		var err error
		if p, err = tx.Profile(ctx, accountID); err != nil {
			return err
		}
		if !p.Active && !pr.Can(auth.ViewMemberDetails) {
			return clts.Errorf(clts.ENOTFOUND, "Membre introuvable.")
		}
		// Published ones only, on one's own profile too: it shows what
		// others see.
		if practices, practicesTotal, err = tx.Practices(ctx, postgres.PracticeQuery{AuthorID: accountID,
			Status: clts.PracticePublished, ByDate: true, Limit: profilePractices}); err != nil {
			return err
		}
		if canManage {
			institutions, err = tx.Institutions(ctx, true)
		}
		return err
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	d := pages.ProfileData{
		Slug:      st.membership.Committee.Slug,
		Entry:     p.View(pr.Can(auth.ViewMemberDetails), st.account.ID),
		Self:      accountID == st.account.ID,
		CanManage: canManage,

		Practices:      practices,
		PracticesTotal: practicesTotal,
	}
	if d.CanManage {
		// Archived institutions are offered no more, except the member's
		// own, so that the form shows what the profile says.
		opts := []components.Option{{Value: "0", Label: "Aucune institution"}}
		for _, i := range institutions {
			switch {
			case !i.Archived:
				opts = append(opts, components.Option{Value: strconv.FormatInt(i.ID, 10), Label: i.Name})
			case i.ID == p.InstitutionID:
				opts = append(opts, components.Option{Value: strconv.FormatInt(i.ID, 10), Label: i.Name + " (archivée)"})
			}
		}
		d.Institution = components.Field{Name: "institution", Label: "Institution que représente " + p.DisplayName,
			Type: "select", Value: strconv.FormatInt(p.InstitutionID, 10), Options: opts}
	}
	s.render(w, r, pages.Profile(s.page(r, d.Entry.Name), d))
}

func (s *Server) handleMemberInstitution(w http.ResponseWriter, r *http.Request) {
	accountID, ok := idParam(r, "accountID")
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	if !s.parseForm(w, r) {
		return
	}
	instID, err := strconv.ParseInt(r.PostFormValue("institution"), 10, 64)
	if err != nil || instID < 0 {
		s.renderError(w, r, http.StatusBadRequest)
		return
	}
	ctx := r.Context()
	st := state(ctx)
	err = s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
		if instID != 0 {
			// The institution must belong to this committee, and be
			// current: anything else is a bad request.
			inst, err := tx.InstitutionByID(ctx, instID)
			if err != nil || inst.Archived {
				return bareStatus(http.StatusBadRequest)
			}
		}
		return tx.SetMemberInstitution(ctx, accountID, instID)
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	s.redirectWithFlash(w, r, paths.MemberProfile(st.membership.Committee.Slug, accountID), "L'institution représentée a été enregistrée.")
}

func profileEditData(c clts.Committee, p *clts.Profile) pages.ProfileEditData {
	depOpts := []components.Option{{Value: "", Label: "Non précisé"}}
	for _, dep := range c.Departements {
		depOpts = append(depOpts, components.Option{Value: dep, Label: dep})
	}
	return pages.ProfileEditData{
		Slug:         c.Slug,
		Version:      p.Version,
		Supported:    p.Role == clts.RoleAccompagne,
		Name:         p.DisplayName,
		ShortName:    clts.ShortName(p.DisplayName),
		HasEmail:     p.Email != "",
		ShowEmail:    p.ShowEmail,
		ShowPhone:    p.ShowPhone,
		ShowFullName: p.ShowFullName,
		Departement:  components.Field{Name: "departement", Label: "Département où j'interviens", Type: "select", Value: p.Departement, Options: depOpts},
		Presentation: components.Field{Name: "presentation", Label: "Présentation", Type: "textarea", Optional: true, Value: p.Presentation, Spellcheck: true,
			Hint: "Quelques mots sur vous, votre métier, ce que vous apportez au comité.", MaxLength: clts.MaxPresentation},
		Phone: components.Field{Name: "telephone", Label: "Téléphone", Type: "tel", Optional: true, Value: p.Phone, Autocomplete: "tel", MaxLength: clts.MaxPhone},
	}
}

func (s *Server) handleProfileEditForm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st := state(ctx)
	var p *clts.Profile
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		var err error
		p, err = tx.Profile(ctx, st.account.ID)
		return err
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, pages.ProfileEdit(s.page(r, "Mon profil"), profileEditData(st.membership.Committee, p)))
}

func (s *Server) handleProfileEdit(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	st := state(ctx)
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	// The profile is read and saved in one unit of work: what the form
	// does not carry (name, role, e-mail) is taken from the stored one.
	var current *clts.Profile
	var p clts.Profile
	err := s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
		var err error
		if current, err = tx.Profile(ctx, st.account.ID); err != nil {
			return err
		}
		p = *current
		p.Version = version
		p.Departement = r.PostFormValue("departement")
		p.Presentation = formValue(r, "presentation")
		p.Phone = formValue(r, "telephone")
		p.ShowEmail = r.PostFormValue("afficher_courriel") == "oui" && p.Email != ""
		p.ShowPhone = r.PostFormValue("afficher_telephone") == "oui"
		p.ShowFullName = r.PostFormValue("nom_complet") == "oui" && p.Role == clts.RoleAccompagne
		return tx.UpdateProfile(ctx, p)
	})
	if err == nil {
		s.redirectWithFlash(w, r, paths.MemberProfile(st.membership.Committee.Slug, st.account.ID), "Votre profil a été enregistré.")
		return
	}
	if current == nil { // the profile could not be read
		s.serverError(w, r, err)
		return
	}
	d := profileEditData(st.membership.Committee, &p)
	switch clts.ErrorCode(err) {
	case clts.EINVALID:
		fe := fieldErrors(err)
		d.Departement.Error, d.Presentation.Error, d.Phone.Error = fe["departement"], fe["presentation"], fe["telephone"]
		s.renderStatus(w, r, http.StatusUnprocessableEntity, pages.ProfileEdit(s.page(r, "Mon profil"), d))
	case clts.ECONFLICT:
		d.Conflict, d.Version = userMessage(err), current.Version
		s.renderStatus(w, r, http.StatusConflict, pages.ProfileEdit(s.page(r, "Mon profil"), d))
	default:
		s.serverError(w, r, err)
	}
}
