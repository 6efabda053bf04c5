package server

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/markdown"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/components"
	"github.com/portail-clts/clts/web/pages"
)

// Form field names of the practice form beyond clts's.
const (
	fieldPracticeThemes       = "themes"
	fieldPracticeInstitutions = "institutions"
	fieldPracticeDepartement  = "departement"
	fieldPracticeRunning      = "en_cours"
	fieldContactMember        = "contact_membre"
	fieldContactPublic        = "contact_public"
	fieldPracticeFiles        = "pieces_jointes"
	// fieldAfterSave is the button pressed: "proposer" proposes the
	// practice to the pilots once saved.
	fieldAfterSave = "apres"
)

// markdownHint explains the long texts' formatting, as the minutes' does.
const markdownHint = "Mise en forme simple (Markdown) : une ligne vide entre deux paragraphes, « - » devant un élément de liste, **gras**."

// practiceChoices is what the practice form offers: the committee's
// institutions and themes, and its members as contacts.
type practiceChoices struct {
	institutions []pages.PracticeChoice
	themes       []pages.PracticeChoice
	members      []clts.DirectoryEntry
}

// maxContactChoices bounds the members offered as contacts: a committee
// has a few hundred.
const maxContactChoices = 2000

// readPracticeChoices reads what the form offers: the active institutions
// and themes, and those current (the practice being edited, nil for a new
// one) already names even if archived since, so that saving keeps them.
func readPracticeChoices(ctx context.Context, tx *postgres.Tx, current *clts.Practice) (practiceChoices, error) {
	st := state(ctx)
	pr := st.principal()
	var c practiceChoices
	insts, err := tx.Institutions(ctx, false)
	if err != nil {
		return c, err
	}
	for _, i := range insts {
		c.institutions = append(c.institutions, pages.PracticeChoice{ID: i.ID, Label: i.Name})
	}
	groups, err := tx.Groups(ctx, false)
	if err != nil {
		return c, err
	}
	for _, g := range groups {
		c.themes = append(c.themes, pages.PracticeChoice{ID: g.ID, Label: g.Title})
	}
	if current != nil {
		c.institutions = withCurrent(c.institutions, current.InstitutionIDs, current.Institutions)
		c.themes = withCurrent(c.themes, current.GroupIDs, current.Groups)
	}
	profiles, _, err := tx.Directory(ctx, postgres.DirectoryFilter{Page: 1, PageSize: maxContactChoices,
		ViewerID: st.account.ID, ViewerIsPilot: pr.Can(auth.ViewMemberDetails)})
	if err != nil {
		return c, err
	}
	for _, p := range profiles {
		c.members = append(c.members, p.View(pr.Can(auth.ViewMemberDetails), st.account.ID))
	}
	return c, nil
}

// withCurrent adds to choices the ids (named names) that the practice
// holds and the list no longer offers (archived).
func withCurrent(choices []pages.PracticeChoice, ids []int64, names []string) []pages.PracticeChoice {
	for i, id := range ids {
		if !slices.ContainsFunc(choices, func(c pages.PracticeChoice) bool { return c.ID == id }) && i < len(names) {
			choices = append(choices, pages.PracticeChoice{ID: id, Label: names[i] + " (archivé)"})
		}
	}
	return choices
}

// practiceInput is the practice form as typed.
type practiceInput struct {
	practice clts.Practice
	year     string // the start year as typed, kept when it is not one
	submit   bool   // save, then propose to the pilots
	fe       clts.FieldErrors
}

// parsePracticeForm reads the practice form's values. What cannot be
// parsed is a field error; the typed text is kept.
func parsePracticeForm(v url.Values) practiceInput {
	in := practiceInput{fe: clts.FieldErrors{}, submit: v.Get(fieldAfterSave) == "proposer"}
	trim := func(name string) string { return strings.TrimSpace(v.Get(name)) }
	p := clts.Practice{
		Title:         trim(clts.FieldPracticeTitle),
		Summary:       trim(clts.FieldPracticeSummary),
		Context:       trim(clts.FieldPracticeContext),
		Actions:       trim(clts.FieldPracticeActions),
		Means:         trim(clts.FieldPracticeMeans),
		Results:       trim(clts.FieldPracticeResults),
		Transfer:      trim(clts.FieldPracticeTransfer),
		OtherActors:   trim(clts.FieldPracticeActors),
		Departement:   v.Get(fieldPracticeDepartement),
		Running:       v.Get(fieldPracticeRunning) == "oui",
		ContactName:   trim(clts.FieldContactName),
		ContactEmail:  trim(clts.FieldContactEmail),
		ContactPublic: v.Get(fieldContactPublic) == "oui",
	}
	p.Version, _ = strconv.Atoi(v.Get("version"))
	in.year = trim(clts.FieldPracticeYear)
	if in.year != "" {
		year, err := strconv.Atoi(in.year)
		if err != nil || len(in.year) != 4 {
			in.fe.Add(clts.FieldPracticeYear, "Indiquez l'année de démarrage sur quatre chiffres, par exemple 2019.")
		} else {
			p.StartYear = year
		}
	}
	p.InstitutionIDs = parseIDs(v[fieldPracticeInstitutions], in.fe, fieldPracticeInstitutions)
	p.GroupIDs = parseIDs(v[fieldPracticeThemes], in.fe, fieldPracticeThemes)
	if m := v.Get(fieldContactMember); m != "" {
		id, err := strconv.ParseInt(m, 10, 64)
		if err != nil || id <= 0 {
			in.fe.Add(fieldContactMember, "Choisissez un membre dans la liste.")
		} else {
			p.ContactAccountID = id
		}
	}
	in.practice = p
	return in
}

// maxCheckedIDs bounds the boxes one field of a form may check: more than
// any list offers (a committee's members, its published practices), far
// fewer than a 10 MB body holds.
const maxCheckedIDs = 5000

// parseIDs reads the ids of checked boxes, each once, in time linear in
// their number; more than maxCheckedIDs is a field error (a form posted by
// hand), the first ones kept.
func parseIDs(values []string, fe clts.FieldErrors, field string) []int64 {
	var ids []int64
	seen := map[int64]bool{}
	for i, v := range values {
		if i == maxCheckedIDs {
			fe.Add(field, "Choisissez parmi les cases proposées.")
			break
		}
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			fe.Add(field, "Choisissez parmi les cases proposées.")
			continue
		}
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	return ids
}

// validate checks the typed practice: the domain's rules (those of a
// submission when it is proposed, or already was: complete), then the
// choices against what the form offers, so that another committee's
// institution or member is a message, never a link.
func (in *practiceInput) validate(c practiceChoices, departements []string, complete bool) {
	p := in.practice
	check := p.Validate
	if in.submit || complete {
		check = p.ValidateForSubmission
	}
	for k, v := range fieldErrors(check()) {
		in.fe.Add(k, v)
	}
	offered := func(choices []pages.PracticeChoice, id int64) bool {
		return slices.ContainsFunc(choices, func(c pages.PracticeChoice) bool { return c.ID == id })
	}
	for _, id := range p.InstitutionIDs {
		if !offered(c.institutions, id) {
			in.fe.Add(fieldPracticeInstitutions, "Choisissez parmi les institutions proposées.")
		}
	}
	for _, id := range p.GroupIDs {
		if !offered(c.themes, id) {
			in.fe.Add(fieldPracticeThemes, "Choisissez parmi les thèmes proposés.")
		}
	}
	if p.Departement != "" && !slices.Contains(departements, p.Departement) {
		in.fe.Add(fieldPracticeDepartement, "Choisissez un département dans la liste.")
	}
	if p.ContactAccountID != 0 {
		if !slices.ContainsFunc(c.members, func(e clts.DirectoryEntry) bool { return e.AccountID == p.ContactAccountID }) {
			in.fe.Add(fieldContactMember, "Choisissez un membre actif du comité dans la liste.")
		}
		if p.ContactName != "" || p.ContactEmail != "" {
			in.fe.Add(clts.FieldContactName, "Choisissez un membre ou indiquez le nom d'une autre personne, pas les deux.")
		}
	} else if p.ContactEmail != "" && p.ContactName == "" {
		in.fe.Add(clts.FieldContactName, "Indiquez le nom de la personne dont vous donnez l'adresse.")
	}
}

// renderTexts renders the long texts, before the unit of work, each
// through renderField: a text beyond the renderer's bounds is a field
// error. Texts already refused (too long) are not rendered.
func (in *practiceInput) renderTexts() (postgres.PracticeTexts, error) {
	var t postgres.PracticeTexts
	p := in.practice
	for k, v := range fieldErrors(p.Validate()) {
		in.fe.Add(k, v)
	}
	for _, f := range []struct {
		name, src string
		dst       *markdown.Text
	}{
		{clts.FieldPracticeContext, p.Context, &t.Context},
		{clts.FieldPracticeActions, p.Actions, &t.Actions},
		{clts.FieldPracticeMeans, p.Means, &t.Means},
		{clts.FieldPracticeResults, p.Results, &t.Results},
		{clts.FieldPracticeTransfer, p.Transfer, &t.Transfer},
	} {
		if in.fe[f.name] != "" {
			continue
		}
		text, err := renderField(f.name, f.src)
		if fe := fieldErrors(err); fe != nil {
			in.fe.Add(f.name, fe[f.name])
			continue
		}
		if err != nil {
			return t, err
		}
		*f.dst = text
	}
	return t, nil
}

// practiceFormData is the form of committee cm for practice p (ID 0 for a
// new one), with the choices offered and the year as typed.
func practiceFormData(cm clts.Committee, p clts.Practice, year string, c practiceChoices) pages.PracticeFormData {
	slug := cm.Slug
	long := func(name, label, hint string, value string, optional bool) components.Field {
		return components.Field{Name: name, Label: label, Type: "textarea", Value: value, Spellcheck: true, Optional: optional,
			MaxLength: clts.MaxPracticeLongText, Hint: hint + " " + markdownHint}
	}
	d := pages.PracticeFormData{
		Slug: slug, ID: p.ID, Version: p.Version, Status: p.Status, ReturnComment: p.ReturnComment,
		Title: components.Field{Name: clts.FieldPracticeTitle, Label: "Titre", Value: p.Title, Spellcheck: true, MaxLength: clts.MaxPracticeTitle},
		Summary: components.Field{Name: clts.FieldPracticeSummary, Label: "Résumé", Type: "textarea", Value: p.Summary, Spellcheck: true,
			MaxLength: clts.MaxPracticeSummary, Hint: "Quelques lignes, montrées dans les listes et les résultats de recherche. Nécessaire pour proposer la fiche."},
		Context: long(clts.FieldPracticeContext, "Le contexte", "Le territoire, les personnes concernées, le besoin auquel la pratique répond. Nécessaire pour proposer la fiche.",
			p.Context, false),
		Actions: long(clts.FieldPracticeActions, "Ce qui a été fait", "Les étapes, qui a fait quoi. Nécessaire pour proposer la fiche.", p.Actions, false),
		Means:   long(clts.FieldPracticeMeans, "Les moyens", "Le personnel, le budget, la durée.", p.Means, true),
		Results: long(clts.FieldPracticeResults, "Les résultats et leur évaluation", "Ce qui a changé, comment on l'a mesuré.", p.Results, true),
		Transfer: long(clts.FieldPracticeTransfer, "Pour la reproduire ailleurs", "Ce qu'il faudrait à un autre territoire : conditions, partenaires, pièges à éviter.",
			p.Transfer, true),
		OtherActors: components.Field{Name: clts.FieldPracticeActors, Label: "Autres acteurs", Type: "textarea", Value: p.OtherActors, Optional: true,
			Spellcheck: true, MaxLength: clts.MaxPracticeActors, Hint: "Les associations, services ou personnes qui ne sont pas des institutions partenaires du comité."},
		Year: components.Field{Name: clts.FieldPracticeYear, Label: "Année de démarrage", Value: year, Optional: true, Inputmode: "numeric",
			Hint: "Sur quatre chiffres, par exemple 2019."},
		Running:       p.Running,
		ContactName:   components.Field{Name: clts.FieldContactName, Label: "Nom d'une autre personne", Value: p.ContactName, Optional: true, Autocomplete: "off", MaxLength: clts.MaxContactName},
		ContactEmail:  components.Field{Name: clts.FieldContactEmail, Label: "Son adresse électronique", Type: "email", Value: p.ContactEmail, Optional: true, Autocomplete: "off", MaxLength: clts.MaxContactEmail},
		ContactPublic: p.ContactPublic,
		Files: components.Field{Name: fieldPracticeFiles, Label: "Ajouter des pièces jointes", Type: "file", Optional: true,
			Hint: "PDF, images (PNG, JPEG, GIF, WebP), documents Word, Excel, PowerPoint ou OpenDocument. " +
				components.FileSize(maxAttachmentBytes) + " au plus par fichier, " + components.FileSize(maxPracticeAttachmentBytes) +
				" en tout pour une pratique. Vous pouvez choisir plusieurs fichiers."},
		Accept: attachmentAccept(),
	}
	for _, ch := range c.institutions {
		ch.Checked = slices.Contains(p.InstitutionIDs, ch.ID)
		d.Institutions = append(d.Institutions, ch)
	}
	for _, ch := range c.themes {
		ch.Checked = slices.Contains(p.GroupIDs, ch.ID)
		d.Themes = append(d.Themes, ch)
	}
	deps := []components.Option{{Value: "", Label: "Non précisé"}}
	for _, dep := range cm.Departements {
		deps = append(deps, components.Option{Value: dep, Label: dep})
	}
	d.Departement = components.Field{Name: fieldPracticeDepartement, Label: "Département", Type: "select", Value: p.Departement,
		Options: deps, Optional: true}
	members := []components.Option{{Value: "", Label: "Aucun membre du comité"}}
	for _, m := range c.members {
		members = append(members, components.Option{Value: strconv.FormatInt(m.AccountID, 10), Label: m.Name})
	}
	contact := ""
	if p.ContactAccountID != 0 {
		contact = strconv.FormatInt(p.ContactAccountID, 10)
	}
	d.ContactMember = components.Field{Name: fieldContactMember, Label: "Un membre du comité", Type: "select", Value: contact, Options: members, Optional: true}
	return d
}

// checkFiles adds the refusal of the uploaded files, if any, to the
// form's errors: a file refused by its content or size, or files beyond
// what the practice may still hold (existing bytes are stored already).
func (in *practiceInput) checkFiles(up *multipartUpload, existing int64) {
	if msg := attachmentsRefusal(up, existing, maxPracticeAttachmentBytes, "d'une pratique"); msg != "" {
		in.fe.Add(fieldPracticeFiles, msg)
	}
}

// attachPracticeUploads stores the accepted files of up as the committee's
// and attaches them to the practice, in the form's unit of work.
func attachPracticeUploads(ctx context.Context, tx *postgres.Tx, practiceID int64, up *multipartUpload) error {
	return attachUploads(ctx, tx, up, (*postgres.Tx).CreateFile,
		func(fileID int64) error { return tx.AttachFile(ctx, practiceID, fileID) })
}

// savedMessage is the flash message after the form was saved.
func savedMessage(created, submitted bool, files int) string {
	msg := "La fiche est enregistrée."
	switch {
	case submitted:
		msg = "La fiche est proposée aux pilotes : vous recevrez un courriel quand ils l'auront relue."
	case created:
		msg = "La fiche est enregistrée comme brouillon : seuls vous et les pilotes la voyez. Proposez-la aux pilotes quand elle est prête."
	}
	return msg + attachmentsAdded(files)
}

// practiceFormFailed renders the form again with its errors, every field
// as typed. Browsers never fill a file field again: when the files were
// not the problem, the file field says to choose them again.
func (s *Server) practiceFormFailed(w http.ResponseWriter, r *http.Request, status int, d pages.PracticeFormData, fe clts.FieldErrors, up *multipartUpload) {
	d.Title.Error, d.Summary.Error = fe[clts.FieldPracticeTitle], fe[clts.FieldPracticeSummary]
	d.Context.Error, d.Actions.Error, d.Means.Error = fe[clts.FieldPracticeContext], fe[clts.FieldPracticeActions], fe[clts.FieldPracticeMeans]
	d.Results.Error, d.Transfer.Error = fe[clts.FieldPracticeResults], fe[clts.FieldPracticeTransfer]
	d.ThemesError, d.InstError = fe[fieldPracticeThemes], fe[fieldPracticeInstitutions]
	d.OtherActors.Error, d.Departement.Error, d.Year.Error = fe[clts.FieldPracticeActors], fe[fieldPracticeDepartement], fe[clts.FieldPracticeYear]
	d.ContactMember.Error, d.ContactName.Error, d.ContactEmail.Error = fe[fieldContactMember], fe[clts.FieldContactName], fe[clts.FieldContactEmail]
	d.Files.Error = fe[fieldPracticeFiles]
	if d.Files.Error == "" && len(up.accepted()) > 0 {
		d.Files.Error = "Le texte est conservé, mais les fichiers choisis n'ont pas été enregistrés : choisissez-les de nouveau."
	}
	s.renderStatus(w, r, status, pages.PracticeForm(s.page(r, d.Heading), d))
}

// newPracticeHeading names the form of a new practice.
const newPracticeHeading = "Écrire une pratique inspirante"

func (s *Server) handlePracticeNewForm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st := state(ctx)
	var c practiceChoices
	var help *clts.Help // ?avec=: a referent writing with a person (withHelp)
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		tx, h, _, err := withHelp(ctx, tx, r, false)
		if err != nil {
			return err
		}
		help = h
		c, err = readPracticeChoices(ctx, tx, nil)
		return err
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	cm := st.membership.Committee
	d := practiceFormData(cm, clts.Practice{Status: clts.PracticeDraft, Running: true}, "", c)
	d.Heading, d.Action, d.CanSubmit = withHelpHeading(newPracticeHeading, help), withHelpURL(paths.PracticeNew(cm.Slug), help), true
	s.render(w, r, pages.PracticeForm(s.page(r, d.Heading), d))
}

func (s *Server) handlePracticeCreate(w http.ResponseWriter, r *http.Request) {
	up, err := readUpload(r, fieldPracticeFiles)
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	defer up.Close()
	ctx := r.Context()
	st := state(ctx)
	cm := st.membership.Committee
	in := parsePracticeForm(up.values)
	// The Markdown is rendered here, before the unit of work, like a
	// password's hash.
	texts, err := in.renderTexts()
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var c practiceChoices
	var id int64
	var help *clts.Help
	offered := false
	err = s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
		tx, h, _, err := withHelp(ctx, tx, r, true)
		if err != nil {
			return err
		}
		help = h
		if c, err = readPracticeChoices(ctx, tx, nil); err != nil {
			return err
		}
		offered = true
		in.validate(c, cm.Departements, false)
		in.checkFiles(up, 0)
		if err := in.fe.Err(); err != nil {
			return err
		}
		if id, err = tx.CreatePractice(ctx, in.practice, texts); err != nil {
			return err
		}
		if err := attachPracticeUploads(ctx, tx, id, up); err != nil {
			return err
		}
		if in.submit {
			return tx.SubmitPractice(ctx, id)
		}
		return nil
	})
	if err == nil && help != nil {
		s.redirectHelpedSave(w, r, cm.Slug, help, "La fiche", in.submit)
		return
	}
	if err == nil {
		s.redirectWithFlash(w, r, paths.Practice(cm.Slug, id), savedMessage(true, in.submit, len(up.accepted())))
		return
	}
	if !offered || clts.ErrorCode(err) != clts.EINVALID {
		s.failDomain(w, r, err)
		return
	}
	p := in.practice
	p.Status = clts.PracticeDraft
	d := practiceFormData(cm, p, in.year, c)
	d.Heading, d.Action, d.CanSubmit = withHelpHeading(newPracticeHeading, help), withHelpURL(paths.PracticeNew(cm.Slug), help), true
	s.practiceFormFailed(w, r, http.StatusUnprocessableEntity, d, mergeErrors(in.fe, fieldErrors(err)), up)
}

// yearText is a start year as the form shows it: "" when unknown.
func yearText(year int) string {
	if year == 0 {
		return ""
	}
	return strconv.Itoa(year)
}

// editPracticeHeading names the edit form of practice p.
func editPracticeHeading(p clts.Practice) string { return "Modifier la fiche « " + p.Title + " »" }

// editFormData is the edit form of practice p, with its attachments; with
// help, the form a referent sends with the person (?avec=), pr the
// person's principal.
func editFormData(cm clts.Committee, pr auth.Principal, p clts.Practice, year string, c practiceChoices, files []clts.File, help *clts.Help) pages.PracticeFormData {
	d := practiceFormData(cm, p, year, c)
	d.Heading, d.Action = withHelpHeading(editPracticeHeading(p), help), withHelpURL(paths.PracticeEdit(cm.Slug, p.ID), help)
	d.Back = withHelpBack(cm.Slug, help)
	d.CanSubmit = auth.CanPractice(pr, auth.PracticeFactsOf(p), auth.SubmitPractice)
	d.Attachments = files
	for _, f := range files {
		d.AttachmentsSize += f.Size
	}
	return d
}

func (s *Server) handlePracticeEditForm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st := state(ctx)
	var current *clts.Practice
	var c practiceChoices
	var files []clts.File
	var help *clts.Help // ?avec=: a referent editing with the person (withHelp)
	var pr auth.Principal
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		tx, h, p, err := withHelp(ctx, tx, r, false)
		if err != nil {
			return err
		}
		help, pr = h, p
		if current, err = practiceForAs(ctx, tx, pr, r, auth.EditPractice); err != nil {
			return err
		}
		if c, err = readPracticeChoices(ctx, tx, current); err != nil {
			return err
		}
		files, err = tx.PracticeAttachments(ctx, current.ID)
		return err
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	d := editFormData(st.membership.Committee, pr, *current, yearText(current.StartYear), c, files, help)
	s.render(w, r, pages.PracticeForm(s.page(r, d.Heading), d))
}

func (s *Server) handlePracticeEdit(w http.ResponseWriter, r *http.Request) {
	// A form that cannot be parsed is refused once the practice is found
	// and its rule checked: another committee's id is a 404 whatever the
	// body.
	up, formErr := readUpload(r, fieldPracticeFiles)
	if up != nil {
		defer up.Close()
	}
	ctx := r.Context()
	st := state(ctx)
	var pr auth.Principal
	var help *clts.Help // ?avec=: a referent editing with the person (withHelp)
	cm := st.membership.Committee
	var in practiceInput
	var texts postgres.PracticeTexts
	if formErr == nil {
		in = parsePracticeForm(up.values)
		texts, formErr = in.renderTexts()
	}
	var current *clts.Practice
	var c practiceChoices
	var files []clts.File
	offered := false
	err := s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
		tx, h, person, err := withHelp(ctx, tx, r, true)
		if err != nil {
			return err
		}
		help, pr = h, person
		if current, err = practiceForAs(ctx, tx, pr, r, auth.EditPractice); err != nil {
			return err
		}
		if formErr != nil {
			return formErr
		}
		if in.submit {
			if err := auth.CheckPractice(pr, auth.PracticeFactsOf(*current), auth.SubmitPractice); err != nil {
				return err
			}
		}
		if c, err = readPracticeChoices(ctx, tx, current); err != nil {
			return err
		}
		if files, err = tx.PracticeAttachments(ctx, current.ID); err != nil {
			return err
		}
		offered = true
		var stored int64
		for _, f := range files {
			stored += f.Size
		}
		// A practice the pilots read or published stays complete.
		in.validate(c, cm.Departements, current.Status == clts.PracticeSubmitted || current.Status == clts.PracticePublished)
		in.checkFiles(up, stored)
		if err := in.fe.Err(); err != nil {
			return err
		}
		p := in.practice
		p.ID, p.AuthorID, p.Status = current.ID, current.AuthorID, current.Status
		if err := tx.UpdatePractice(ctx, p, texts); err != nil {
			return err
		}
		if err := attachPracticeUploads(ctx, tx, p.ID, up); err != nil {
			return err
		}
		if in.submit {
			return tx.SubmitPractice(ctx, p.ID)
		}
		return nil
	})
	if err == nil && help != nil {
		s.redirectHelpedSave(w, r, cm.Slug, help, "La fiche", in.submit)
		return
	}
	if err == nil {
		s.redirectWithFlash(w, r, paths.Practice(cm.Slug, current.ID), savedMessage(false, in.submit, len(up.accepted())))
		return
	}
	code := clts.ErrorCode(err)
	if !offered || (code != clts.EINVALID && code != clts.ECONFLICT) {
		s.failDomain(w, r, err)
		return
	}
	p := in.practice
	p.ID, p.AuthorID, p.Status, p.ReturnComment = current.ID, current.AuthorID, current.Status, current.ReturnComment
	d := editFormData(cm, pr, p, in.year, c, files, help)
	d.Heading = withHelpHeading(editPracticeHeading(*current), help)
	if code == clts.ECONFLICT {
		// Saved by someone else in between: the typed text is kept, and
		// the next save builds on the version now stored.
		d.Conflict, d.Version = userMessage(err), current.Version
		if d.Conflict == "" {
			d.Conflict = "La fiche a été modifiée entre-temps par quelqu'un d'autre. Vérifiez-la, puis enregistrez de nouveau."
		}
		s.practiceFormFailed(w, r, http.StatusConflict, d, in.fe, up)
		return
	}
	s.practiceFormFailed(w, r, http.StatusUnprocessableEntity, d, mergeErrors(in.fe, fieldErrors(err)), up)
}
