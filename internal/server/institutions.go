package server

import (
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/components"
	"github.com/portail-clts/clts/web/pages"
)

func (s *Server) handleInstitutions(w http.ResponseWriter, r *http.Request) {
	st := state(r.Context())
	canManage := st.principal().Can(auth.ManageInstitutions)
	showArchived := canManage && r.URL.Query().Get("archives") == "oui"
	list, err := s.db.Institutions(r.Context(), st.scope(), showArchived)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, pages.Institutions(s.page(r, "Institutions partenaires"), pages.InstitutionsData{
		Slug: st.membership.Committee.Slug, Institutions: list, CanManage: canManage, ShowArchived: showArchived,
	}))
}

// institutionFromURL loads the institution named in the URL, within the
// committee of the URL: another committee's id is a 404.
func (s *Server) institutionFromURL(w http.ResponseWriter, r *http.Request) (*clts.Institution, bool) {
	id, ok := idParam(r, "institutionID")
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return nil, false
	}
	inst, err := s.db.InstitutionByID(r.Context(), state(r.Context()).scope(), id)
	if err != nil {
		s.failDomain(w, r, err)
		return nil, false
	}
	return inst, true
}

func (s *Server) handleInstitution(w http.ResponseWriter, r *http.Request) {
	st := state(r.Context())
	inst, ok := s.institutionFromURL(w, r)
	if !ok {
		return
	}
	pr := st.principal()
	if inst.Archived && !pr.Can(auth.ManageInstitutions) {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	reps, err := s.db.InstitutionRepresentatives(r.Context(), st.scope(), inst.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d := pages.InstitutionData{Slug: st.membership.Committee.Slug, Institution: *inst, CanManage: pr.Can(auth.ManageInstitutions),
		LogoURL: paths.InstitutionLogo(st.membership.Committee.Slug, inst.ID)}
	for _, p := range reps {
		d.Representatives = append(d.Representatives, p.View(pr.Can(auth.ViewMemberDetails), st.account.ID))
	}
	s.render(w, r, pages.Institution(s.page(r, inst.Name), d))
}

func (s *Server) handleInstitutionLogo(w http.ResponseWriter, r *http.Request) {
	id, ok := idParam(r, "institutionID")
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	data, ctype, err := s.db.InstitutionLogo(r.Context(), state(r.Context()).scope(), id)
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "private, max-age=300")
	_, _ = w.Write(data)
}

func kindOptions() []components.Option {
	opts := []components.Option{{Value: "", Label: "Choisir un type"}}
	for _, k := range clts.InstitutionKinds() {
		opts = append(opts, components.Option{Value: k, Label: clts.InstitutionKindLabel(k)})
	}
	return opts
}

func institutionForm(slug string, i clts.Institution) pages.InstitutionFormData {
	return pages.InstitutionFormData{
		Slug:    slug,
		Version: i.Version,
		ID:      i.ID,
		HasLogo: i.HasLogo,
		Name:    components.Field{Name: "nom", Label: "Nom de l'institution", Value: i.Name, Autocomplete: "organization", Spellcheck: true},
		Kind:    components.Field{Name: "type", Label: "Type", Type: "select", Value: i.Kind, Options: kindOptions()},
		Departements: components.Field{Name: "departements", Label: "Départements couverts", Optional: true,
			Value: joinComma(i.Departements), Hint: "Numéros séparés par des virgules, par exemple 37, 41."},
		Website: components.Field{Name: "site", Label: "Site internet", Type: "url", Optional: true, Value: i.Website,
			Autocomplete: "url", Hint: "Adresse complète, par exemple https://www.caf.fr"},
		Description: components.Field{Name: "description", Label: "Présentation courte", Type: "textarea", Optional: true,
			Value: i.Description, Spellcheck: true, Hint: "2 000 caractères au plus."},
		Logo: components.Field{Name: "logo", Label: "Logo", Type: "file", Optional: true,
			Hint: "Image PNG ou JPEG de 300 Ko au plus. Elle est affichée avec le nom de l'institution comme texte de remplacement."},
	}
}

func joinComma(list []string) string {
	out := ""
	for i, s := range list {
		if i > 0 {
			out += ", "
		}
		out += s
	}
	return out
}

func (s *Server) handleInstitutionNewForm(w http.ResponseWriter, r *http.Request) {
	slug := state(r.Context()).membership.Committee.Slug
	d := institutionForm(slug, clts.Institution{})
	d.Heading, d.Action = "Ajouter une institution", paths.InstitutionNew(slug)
	s.render(w, r, pages.InstitutionForm(s.page(r, d.Heading), d))
}

func (s *Server) handleInstitutionEditForm(w http.ResponseWriter, r *http.Request) {
	inst, ok := s.institutionFromURL(w, r)
	if !ok {
		return
	}
	slug := state(r.Context()).membership.Committee.Slug
	d := institutionForm(slug, *inst)
	d.Heading, d.Action = "Modifier l'institution", paths.InstitutionEdit(slug, inst.ID)
	s.render(w, r, pages.InstitutionForm(s.page(r, d.Heading), d))
}

// maxLogoBytes is the largest logo accepted.
const maxLogoBytes = 300 << 10

// readInstitutionForm parses the multipart form into an institution and an
// optional logo; logo problems are field errors.
func (s *Server) readInstitutionForm(w http.ResponseWriter, r *http.Request) (clts.Institution, *postgres.Logo, clts.FieldErrors, bool) {
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			s.renderError(w, r, http.StatusRequestEntityTooLarge)
		} else {
			s.renderError(w, r, http.StatusBadRequest)
		}
		return clts.Institution{}, nil, nil, false
	}
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	i := clts.Institution{
		Name:         formValue(r, "nom"),
		Kind:         r.PostFormValue("type"),
		Departements: splitList(r.PostFormValue("departements")),
		Website:      formValue(r, "site"),
		Description:  formValue(r, "description"),
		Version:      version,
	}
	fe := clts.FieldErrors{}
	var logo *postgres.Logo
	if r.PostFormValue("supprimer_logo") == "oui" {
		logo = &postgres.Logo{Remove: true}
	}
	if file, hdr, err := r.FormFile("logo"); err == nil {
		defer file.Close()
		data, err := io.ReadAll(io.LimitReader(file, maxLogoBytes+1))
		switch {
		case err != nil:
			fe.Add("logo", "Le fichier n'a pas pu être lu : réessayez.")
		case len(data) > maxLogoBytes || hdr.Size > maxLogoBytes:
			fe.Add("logo", "Le logo dépasse 300 Ko : réduisez l'image.")
		default:
			ctype := http.DetectContentType(data)
			if ctype != "image/png" && ctype != "image/jpeg" {
				fe.Add("logo", "Le logo doit être une image PNG ou JPEG.")
			} else {
				logo = &postgres.Logo{Data: data, ContentType: ctype}
			}
		}
	}
	return i, logo, fe, true
}

func (s *Server) institutionFormFailed(w http.ResponseWriter, r *http.Request, d pages.InstitutionFormData, i clts.Institution, fe clts.FieldErrors) {
	d.Name.Value, d.Kind.Value, d.Departements.Value = i.Name, i.Kind, r.PostFormValue("departements")
	d.Website.Value, d.Description.Value = i.Website, i.Description
	d.Name.Error, d.Kind.Error, d.Departements.Error = fe["nom"], fe["type"], fe["departements"]
	d.Website.Error, d.Description.Error, d.Logo.Error = fe["site"], fe["description"], fe["logo"]
	// Browsers never fill a file field again: say so rather than let the
	// logo be lost without a word.
	if _, hdr, err := r.FormFile("logo"); err == nil && hdr.Size > 0 && d.Logo.Error == "" {
		d.Logo.Error = "Le texte est conservé, mais le fichier du logo doit être choisi de nouveau."
	}
	s.renderStatus(w, r, http.StatusUnprocessableEntity, pages.InstitutionForm(s.page(r, d.Heading), d))
}

func mergeErrors(a, b clts.FieldErrors) clts.FieldErrors {
	out := clts.FieldErrors{}
	for k, v := range a {
		out.Add(k, v)
	}
	for k, v := range b {
		out.Add(k, v)
	}
	return out
}

func (s *Server) handleInstitutionCreate(w http.ResponseWriter, r *http.Request) {
	i, logo, fe, ok := s.readInstitutionForm(w, r)
	if !ok {
		return
	}
	st := state(r.Context())
	slug := st.membership.Committee.Slug
	d := institutionForm(slug, clts.Institution{})
	d.Heading, d.Action = "Ajouter une institution", paths.InstitutionNew(slug)
	if err := i.Validate(); err != nil || len(fe) > 0 {
		s.institutionFormFailed(w, r, d, i, mergeErrors(fieldErrors(err), fe))
		return
	}
	id, err := s.db.CreateInstitution(r.Context(), st.scope(), i, logo, clientIP(r))
	if err != nil {
		if fe := fieldErrors(err); fe != nil {
			s.institutionFormFailed(w, r, d, i, fe)
			return
		}
		s.serverError(w, r, err)
		return
	}
	s.redirectWithFlash(w, r, paths.Institution(slug, id), "L'institution « "+i.Name+" » a été ajoutée.")
}

func (s *Server) handleInstitutionEdit(w http.ResponseWriter, r *http.Request) {
	current, ok := s.institutionFromURL(w, r)
	if !ok {
		return
	}
	i, logo, fe, ok := s.readInstitutionForm(w, r)
	if !ok {
		return
	}
	i.ID = current.ID
	st := state(r.Context())
	slug := st.membership.Committee.Slug
	d := institutionForm(slug, *current)
	d.Heading, d.Action = "Modifier l'institution", paths.InstitutionEdit(slug, current.ID)
	d.Version = i.Version
	if err := i.Validate(); err != nil || len(fe) > 0 {
		s.institutionFormFailed(w, r, d, i, mergeErrors(fieldErrors(err), fe))
		return
	}
	err := s.db.UpdateInstitution(r.Context(), st.scope(), i, logo, clientIP(r))
	switch clts.ErrorCode(err) {
	case "":
		s.redirectWithFlash(w, r, paths.Institution(slug, i.ID), "L'institution a été enregistrée.")
	case clts.ECONFLICT:
		if fe := fieldErrors(err); fe != nil {
			s.institutionFormFailed(w, r, d, i, fe)
			return
		}
		// Someone saved in between: keep the user's text, show theirs, and
		// let the next save build on the version now stored.
		d.Conflict, d.Current, d.Version = userMessage(err), current, current.Version
		d.Name.Value, d.Kind.Value, d.Departements.Value = i.Name, i.Kind, r.PostFormValue("departements")
		d.Website.Value, d.Description.Value = i.Website, i.Description
		s.renderStatus(w, r, http.StatusConflict, pages.InstitutionForm(s.page(r, d.Heading), d))
	default:
		s.failDomain(w, r, err)
	}
}

func (s *Server) handleInstitutionArchive(w http.ResponseWriter, r *http.Request) {
	inst, ok := s.institutionFromURL(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	archive := r.PostFormValue("archive") == "oui"
	st := state(r.Context())
	if err := s.db.SetInstitutionArchived(r.Context(), st.scope(), inst.ID, archive, clientIP(r)); err != nil {
		s.failDomain(w, r, err)
		return
	}
	msg := "L'institution a été réactivée."
	if archive {
		msg = "L'institution a été archivée : elle n'apparaît plus dans les listes."
	}
	s.redirectWithFlash(w, r, paths.Institution(st.membership.Committee.Slug, inst.ID), msg)
}
