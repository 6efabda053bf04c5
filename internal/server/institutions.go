package server

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/imaging"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/components"
	"github.com/portail-clts/clts/web/pages"
)

func (s *Server) handleInstitutions(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st := state(ctx)
	canManage := st.principal().Can(auth.ManageInstitutions)
	showArchived := canManage && r.URL.Query().Get("archives") == "oui"
	var list []clts.Institution
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		var err error
		list, err = tx.Institutions(ctx, showArchived)
		return err
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, pages.Institutions(s.page(r, "Institutions partenaires"), pages.InstitutionsData{
		Slug: st.membership.Committee.Slug, Institutions: list, CanManage: canManage, ShowArchived: showArchived,
	}))
}

// readInstitution reads an institution for the pages: a missing one, one
// of another committee, and for those who do not manage institutions an
// archived one, are not found.
func readInstitution(ctx context.Context, tx *postgres.Tx, pr auth.Principal, id int64) (*clts.Institution, error) {
	inst, err := tx.InstitutionByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if inst.Archived && !pr.Can(auth.ManageInstitutions) {
		return nil, clts.Errorf(clts.ENOTFOUND, "Institution introuvable.")
	}
	return inst, nil
}

func (s *Server) handleInstitution(w http.ResponseWriter, r *http.Request) {
	id, ok := idParam(r, "institutionID")
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	ctx := r.Context()
	st := state(ctx)
	pr := st.principal()
	var inst *clts.Institution
	var reps []clts.Profile
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		var err error
		if inst, err = readInstitution(ctx, tx, pr, id); err != nil {
			return err
		}
		reps, err = tx.InstitutionRepresentatives(ctx, id)
		return err
	})
	if err != nil {
		s.failDomain(w, r, err)
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
	ctx := r.Context()
	st := state(ctx)
	// An archived institution's logo follows its page: those who manage
	// institutions see both (to review or restore it), others neither.
	includeArchived := st.principal().Can(auth.ManageInstitutions)
	var data []byte
	var ctype string
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		var err error
		data, ctype, err = tx.InstitutionLogo(ctx, id, includeArchived)
		return err
	})
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
		Name: components.Field{Name: "nom", Label: "Nom de l'institution", Value: i.Name, Autocomplete: "organization", Spellcheck: true,
			MaxLength: clts.MaxInstitutionName},
		Kind: components.Field{Name: "type", Label: "Type", Type: "select", Value: i.Kind, Options: kindOptions()},
		Departements: components.Field{Name: "departements", Label: "Départements couverts", Optional: true, Value: joinComma(i.Departements),
			Hint: "Numéros séparés par des virgules, par exemple 37, 41 ; " + strconv.Itoa(clts.MaxDepartements) + " au plus."},
		Website: components.Field{Name: "site", Label: "Site internet", Type: "url", Optional: true, Value: i.Website,
			Autocomplete: "url", Hint: "Adresse complète, par exemple https://www.caf.fr", MaxLength: clts.MaxWebsite},
		Description: components.Field{Name: "description", Label: "Présentation courte", Type: "textarea", Optional: true,
			Value: i.Description, Spellcheck: true, MaxLength: clts.MaxInstitutionDescription},
		Logo: components.Field{Name: "logo", Label: "Logo", Type: "file", Optional: true,
			Hint: "Image PNG ou JPEG de 300 Ko et " + logoSideText() + " pixels au plus. Elle est affichée avec le nom de l'institution comme texte de remplacement."},
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
	id, ok := idParam(r, "institutionID")
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	ctx := r.Context()
	st := state(ctx)
	var inst *clts.Institution
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		var err error
		inst, err = tx.InstitutionByID(ctx, id)
		return err
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	slug := st.membership.Committee.Slug
	d := institutionForm(slug, *inst)
	d.Heading, d.Action = "Modifier l'institution", paths.InstitutionEdit(slug, inst.ID)
	s.render(w, r, pages.InstitutionForm(s.page(r, d.Heading), d))
}

// maxLogoBytes is the largest logo accepted, and stored (the column
// refuses more).
const maxLogoBytes = 300 << 10

// maxLogoSide is the largest width and height of a logo, in pixels: a
// logo is shown a few hundred pixels wide, and decoding one this large
// takes 16 MB.
const maxLogoSide = 2000

// logoSideText states maxLogoSide in the form and its messages.
func logoSideText() string { return clts.Count(maxLogoSide) + " × " + clts.Count(maxLogoSide) }

// readInstitutionForm parses the multipart form into an institution and an
// optional logo; logo problems are field errors. A form that cannot be
// parsed is a bareStatus error: 413 when too large, else 400.
func readInstitutionForm(r *http.Request) (clts.Institution, *postgres.Logo, clts.FieldErrors, error) {
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return clts.Institution{}, nil, nil, bareStatus(http.StatusRequestEntityTooLarge)
		}
		return clts.Institution{}, nil, nil, bareStatus(http.StatusBadRequest)
	}
	if !validForm(r) {
		return clts.Institution{}, nil, nil, bareStatus(http.StatusBadRequest)
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
			// The logo is stored as decoded and encoded again: bounded in
			// pixels, without the metadata the file carried (EXIF, GPS).
			img, err := imaging.Clean(data, imaging.Limits{MaxSide: maxLogoSide, MaxBytes: maxLogoBytes})
			switch {
			case errors.Is(err, imaging.ErrDimensions):
				fe.Add("logo", "Le logo dépasse "+logoSideText()+" pixels : réduisez l'image.")
			case errors.Is(err, imaging.ErrBytes):
				fe.Add("logo", "Le logo, une fois préparé pour le portail, dépasse 300 Ko : réduisez l'image.")
			case err != nil:
				fe.Add("logo", "Le logo doit être une image PNG ou JPEG lisible.")
			default:
				logo = &postgres.Logo{Data: img.Data, ContentType: img.ContentType}
			}
		}
	}
	return i, logo, fe, nil
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
	i, logo, fe, err := readInstitutionForm(r)
	if err != nil {
		s.failDomain(w, r, err)
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
	ctx := r.Context()
	var id int64
	err = s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
		var err error
		id, err = tx.CreateInstitution(ctx, i, logo)
		return err
	})
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
	id, ok := idParam(r, "institutionID")
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	// A form that cannot be parsed is refused once the institution is
	// found: another committee's id is a 404 whatever the body.
	i, logo, fe, formErr := readInstitutionForm(r)
	i.ID = id
	ctx := r.Context()
	st := state(ctx)
	slug := st.membership.Committee.Slug
	// current is the stored institution, read in the same unit of work as
	// the save: the form shows it again on an error, and on a conflict it
	// is the version that won.
	var current *clts.Institution
	err := s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
		var err error
		if current, err = tx.InstitutionByID(ctx, id); err != nil {
			return err
		}
		if formErr != nil {
			return formErr
		}
		if err := i.Validate(); err != nil || len(fe) > 0 {
			return mergeErrors(fieldErrors(err), fe).Err()
		}
		return tx.UpdateInstitution(ctx, i, logo)
	})
	if current == nil || formErr != nil { // not found, not parsed, or a failure
		s.failDomain(w, r, err)
		return
	}
	d := institutionForm(slug, *current)
	d.Heading, d.Action = "Modifier l'institution", paths.InstitutionEdit(slug, current.ID)
	d.Version = i.Version
	switch clts.ErrorCode(err) {
	case clts.EINVALID:
		s.institutionFormFailed(w, r, d, i, fieldErrors(err))
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
	id, ok := idParam(r, "institutionID")
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	if !s.parseForm(w, r) {
		return
	}
	archive := r.PostFormValue("archive") == "oui"
	ctx := r.Context()
	st := state(ctx)
	err := s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
		return tx.SetInstitutionArchived(ctx, id, archive)
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	msg := "L'institution a été réactivée."
	if archive {
		msg = "L'institution a été archivée : elle n'apparaît plus dans les listes."
	}
	s.redirectWithFlash(w, r, paths.Institution(st.membership.Committee.Slug, id), msg)
}
