package server

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/components"
	"github.com/portail-clts/clts/web/pages"
)

// fieldDocumentFile is the file field of the document forms: one file per
// version.
const fieldDocumentFile = "fichier"

// documentFileField is the file field of a document form.
func documentFileField(err, label string) components.Field {
	return components.Field{Name: fieldDocumentFile, Label: label, Type: "file", Error: err,
		Hint: "Un seul fichier : PDF, image (PNG, JPEG, GIF, WebP), document Word, Excel, PowerPoint ou OpenDocument, " +
			components.FileSize(maxAttachmentBytes) + " au plus."}
}

// documentTarget is where the form of a new document puts it: a meeting
// of the committee and one of its agenda items, or its minutes, from the
// URL (?reunion=, ?point=, ?compte_rendu=oui), so that the form's action
// keeps it whatever its body.
type documentTarget struct {
	meetingID, itemID int64
	minutes           bool
}

func documentTargetOf(q url.Values) (documentTarget, bool) {
	var t documentTarget
	for _, f := range []struct {
		name string
		dst  *int64
	}{{"reunion", &t.meetingID}, {"point", &t.itemID}} {
		if v := q.Get(f.name); v != "" {
			id, err := strconv.ParseInt(v, 10, 64)
			if err != nil || id <= 0 {
				return t, false
			}
			*f.dst = id
		}
	}
	t.minutes = q.Get("compte_rendu") == "oui" && t.itemID == 0
	if t.meetingID == 0 && (t.itemID != 0 || t.minutes) {
		return t, false
	}
	return t, true
}

// query is the target as the form's action carries it.
func (t documentTarget) query() string {
	if t.meetingID == 0 {
		return ""
	}
	v := url.Values{"reunion": {strconv.FormatInt(t.meetingID, 10)}}
	if t.itemID != 0 {
		v.Set("point", strconv.FormatInt(t.itemID, 10))
	}
	if t.minutes {
		v.Set("compte_rendu", "oui")
	}
	return "?" + v.Encode()
}

// documentChoices is what a document form offers the viewer: the readers
// and groups they may give a document to, given the meeting it belongs
// to, if any.
type documentChoices struct {
	groups   []clts.Group // the active groups offered
	statuses map[int64]string
	meeting  *postgres.MeetingView
	item     *clts.AgendaItem
	// audiences offered, in order.
	audiences []string
	organises bool
}

// readDocumentChoices reads in tx what the form offers for a document of
// meeting meetingID (0 for none) and its agenda item itemID (0 for
// none): another committee's meeting or an item of another meeting is
// ENOTFOUND. keep is the document's place, kept among the choices when
// editing it.
func readDocumentChoices(ctx context.Context, tx *postgres.Tx, meetingID, itemID int64, keep *clts.Document) (documentChoices, error) {
	p := state(ctx).principal()
	pilot := p.Can(auth.ManageDocuments)
	var c documentChoices
	var err error
	if meetingID != 0 {
		if c.meeting, err = tx.MeetingPage(ctx, meetingID); err != nil {
			return c, err
		}
		c.organises = auth.CanOrganiseMeeting(p, meetingFacts(c.meeting))
		if itemID != 0 {
			items, err := tx.AgendaItems(ctx, meetingID, pilot)
			if err != nil {
				return c, err
			}
			for i := range items {
				if items[i].ID == itemID && !items[i].Proposed {
					c.item = &items[i]
				}
			}
			if c.item == nil {
				return c, clts.Errorf(clts.ENOTFOUND, "Point de l'ordre du jour introuvable.")
			}
		}
	}
	all, err := tx.ActiveGroupsForDocuments(ctx)
	if err != nil {
		return c, err
	}
	c.statuses = all.Statuses
	meetingGroup := int64(0)
	if c.meeting != nil {
		meetingGroup = c.meeting.Meeting.GroupID
	}
	for _, g := range all.Groups {
		switch {
		case meetingGroup != 0 && g.ID != meetingGroup:
			// A group meeting's documents are its group's, or everyone's.
		case pilot, c.statuses[g.ID] == clts.StatusLead, c.organises && g.ID == meetingGroup,
			keep != nil && keep.GroupID == g.ID:
			c.groups = append(c.groups, g)
		}
	}
	// A group archived since is among the active ones no more, yet a
	// document of it keeps its readers when edited, and an archived
	// group's past meetings keep their organisers, whose documents stay
	// the group's: it is offered, not only everyone.
	offered := func(id int64) bool {
		return slices.ContainsFunc(c.groups, func(g clts.Group) bool { return g.ID == id })
	}
	if keep != nil && keep.GroupID != 0 && !offered(keep.GroupID) {
		c.groups = append(c.groups, clts.Group{ID: keep.GroupID, Title: keep.GroupTitle})
	}
	if meetingGroup != 0 && (pilot || c.organises) && !offered(meetingGroup) {
		c.groups = append(c.groups, clts.Group{ID: meetingGroup, Title: c.meeting.Meeting.GroupTitle})
	}
	if pilot || c.organises || (keep != nil && keep.Audience == clts.AudienceCommittee) {
		c.audiences = append(c.audiences, clts.AudienceCommittee)
	}
	if len(c.groups) > 0 {
		c.audiences = append(c.audiences, clts.AudienceGroup)
	}
	if pilot || (keep != nil && keep.Audience == clts.AudiencePilots) {
		c.audiences = append(c.audiences, clts.AudiencePilots)
	}
	return c, nil
}

// canUpload reports whether the viewer may upload documents with these
// choices: pilots, a group's leads, the meeting's organisers. A meeting's
// documents are its organisers' (and the pilots') to attach, as its page
// offers « Joindre un document »: leading some group is not enough.
func (c documentChoices) canUpload(p auth.Principal) bool {
	if c.meeting != nil {
		return auth.CanUploadDocuments(p, false, c.organises)
	}
	return auth.CanUploadDocuments(p, leadsAGroup(c.statuses), c.organises)
}

// targetOpen says whether the meeting the new document goes to, if any,
// still takes documents: a cancelled meeting takes none (its agenda and
// minutes are closed, auth.ManageAgenda and auth.WriteMinutes), and its
// page offers no « Joindre un document ». ErrMeetingClosed (409)
// otherwise; the documents it holds stay.
func (c documentChoices) targetOpen() error {
	if c.meeting != nil && c.meeting.Meeting.Status == clts.MeetingCancelled {
		return auth.ErrMeetingClosed
	}
	return nil
}

// place is where d goes, for auth.CanPlaceDocument.
func (c documentChoices) place(d clts.Document) auth.DocumentPlace {
	pl := auth.DocumentPlace{Audience: d.Audience, GroupStatus: c.statuses[d.GroupID]}
	if c.meeting != nil {
		f := meetingFacts(c.meeting)
		pl.Meeting = &f
	}
	return pl
}

// documentInput is the details of a document as typed.
type documentInput struct {
	doc   clts.Document
	tags  string // as typed
	group string // as typed
	fe    clts.FieldErrors
}

func parseDocumentForm(v url.Values) documentInput {
	in := documentInput{fe: clts.FieldErrors{}, tags: v.Get(clts.FieldDocumentTags), group: v.Get(clts.FieldDocumentGroup)}
	in.doc = clts.Document{
		Title:       strings.TrimSpace(v.Get(clts.FieldDocumentTitle)),
		Description: strings.TrimSpace(v.Get(clts.FieldDocumentDescription)),
		Folder:      strings.Join(strings.Fields(v.Get(clts.FieldDocumentFolder)), " "),
		Tags:        clts.ParseTags(in.tags),
		Audience:    v.Get(clts.FieldDocumentAudience),
		UpdatedAt:   parseSavedVersion(v.Get(fieldSavedVersion)),
	}
	if in.doc.Audience == clts.AudienceGroup && in.group != "" {
		id, err := strconv.ParseInt(in.group, 10, 64)
		if err != nil || id <= 0 {
			in.fe.Add(clts.FieldDocumentGroup, "Choisissez un groupe dans la liste.")
		} else {
			in.doc.GroupID = id
		}
	}
	return in
}

// validate checks the typed details against the domain's rules and the
// choices offered; unchanged is the document's place before an edit,
// kept even when the viewer could not give it now.
func (in *documentInput) validate(p auth.Principal, c documentChoices, unchanged *clts.Document) {
	for k, v := range fieldErrors(in.doc.Validate()) {
		in.fe.Add(k, v)
	}
	d := in.doc
	if d.Audience != "" && !slices.Contains(c.audiences, d.Audience) {
		in.fe.Add(clts.FieldDocumentAudience, "Choisissez parmi les lecteurs proposés.")
		return
	}
	if d.Audience == clts.AudienceGroup && d.GroupID != 0 &&
		!slices.ContainsFunc(c.groups, func(g clts.Group) bool { return g.ID == d.GroupID }) {
		in.fe.Add(clts.FieldDocumentGroup, "Choisissez parmi les groupes proposés.")
		return
	}
	if d.Audience == clts.AudienceGroup && d.GroupID == 0 {
		return // the group field says what is missing; the readers are not refused
	}
	if unchanged != nil && unchanged.Audience == d.Audience && unchanged.GroupID == d.GroupID {
		return
	}
	if d.Audience != "" && !auth.CanPlaceDocument(p, c.place(d)) {
		in.fe.Add(clts.FieldDocumentAudience, "Vous ne pouvez pas donner ce document à ces lecteurs : choisissez-en d'autres.")
	}
}

// documentFormData is the form of d with the choices c.
func documentFormData(slug string, d clts.Document, in *documentInput, c documentChoices) pages.DocumentFormData {
	f := pages.DocumentFormData{Slug: slug, ID: d.ID, Version: savedVersion(d.UpdatedAt),
		Title: components.Field{Name: clts.FieldDocumentTitle, Label: "Titre", Value: d.Title, Spellcheck: true, MaxLength: clts.MaxDocumentTitle},
		Description: components.Field{Name: clts.FieldDocumentDescription, Label: "Description", Type: "textarea", Value: d.Description,
			Optional: true, Spellcheck: true, MaxLength: clts.MaxDocumentDescription,
			Hint: "Ce que contient le document, à quoi il sert. La recherche lit le titre et la description."},
		Folder: components.Field{Name: clts.FieldDocumentFolder, Label: "Dossier", Value: d.Folder, Optional: true, Spellcheck: true,
			MaxLength: clts.MaxDocumentFolder, Hint: "Par exemple « Communication » : les documents d'un même dossier sont rangés ensemble."},
		Tags: components.Field{Name: clts.FieldDocumentTags, Label: "Mots-clés", Value: strings.Join(d.Tags, ", "), Optional: true,
			Spellcheck: true, Hint: "Séparés par des virgules, " + clts.Count(clts.MaxDocumentTags) + " au plus."},
		Accept: attachmentAccept(),
	}
	if in != nil {
		f.Tags.Value = in.tags
	}
	var opts []components.Option
	for _, a := range c.audiences {
		opts = append(opts, components.Option{Value: a, Label: clts.AudienceLabel(a, "")})
	}
	f.Audience = components.Field{Name: clts.FieldDocumentAudience, Label: "Qui peut le lire", Type: "select", Value: d.Audience, Options: opts,
		Hint: "Un groupe de travail : ses membres, ceux qui l'animent et les pilotes."}
	gopts := []components.Option{{Value: "", Label: "Choisissez un groupe"}}
	for _, g := range c.groups {
		gopts = append(gopts, components.Option{Value: strconv.FormatInt(g.ID, 10), Label: g.Title})
	}
	group := ""
	if d.GroupID != 0 {
		group = strconv.FormatInt(d.GroupID, 10)
	}
	if in != nil {
		group = in.group
	}
	f.Group = components.Field{Name: clts.FieldDocumentGroup, Label: "Groupe de travail qui le lit", Type: "select", Value: group, Options: gopts,
		Optional: true, Hint: "Seulement si le document est pour un groupe de travail."}
	if c.meeting != nil {
		f.MeetingTitle, f.MeetingURL = c.meeting.Meeting.Title, paths.Meeting(slug, c.meeting.Meeting.ID)
		f.MeetingAt = c.meeting.Meeting.StartsAt
		if c.item != nil {
			f.ItemTitle = c.item.Title
		}
	}
	if in != nil {
		f.Title.Error, f.Description.Error = in.fe[clts.FieldDocumentTitle], in.fe[clts.FieldDocumentDescription]
		f.Folder.Error, f.Tags.Error = in.fe[clts.FieldDocumentFolder], in.fe[clts.FieldDocumentTags]
		f.Audience.Error, f.Group.Error = in.fe[clts.FieldDocumentAudience], in.fe[clts.FieldDocumentGroup]
	}
	return f
}

// newDocumentDefaults is a new document as the form first shows it: for a
// group meeting, its group reads it; for a plenary, the committee; else the
// first readers offered.
func newDocumentDefaults(c documentChoices, t documentTarget) clts.Document {
	d := clts.Document{MeetingID: t.meetingID, AgendaItemID: t.itemID, InMinutes: t.minutes}
	switch {
	case c.meeting != nil && c.meeting.Meeting.GroupID != 0 && slices.Contains(c.audiences, clts.AudienceGroup):
		d.Audience, d.GroupID = clts.AudienceGroup, c.meeting.Meeting.GroupID
	case slices.Contains(c.audiences, clts.AudienceCommittee):
		d.Audience = clts.AudienceCommittee
	case len(c.audiences) > 0:
		d.Audience = c.audiences[0]
	}
	if d.Audience == clts.AudienceGroup && d.GroupID == 0 && len(c.groups) == 1 {
		d.GroupID = c.groups[0].ID
	}
	if c.item != nil {
		d.Title = c.item.Title
	}
	return d
}

// newDocumentHeading names the form of a new document.
const newDocumentHeading = "Ajouter un document"

func (s *Server) handleDocumentNewForm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st := state(ctx)
	t, ok := documentTargetOf(r.URL.Query())
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	var c documentChoices
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		var err error
		if c, err = readDocumentChoices(ctx, tx, t.meetingID, t.itemID, nil); err != nil {
			return err
		}
		if !c.canUpload(st.principal()) {
			return auth.ErrDocumentForbidden
		}
		return c.targetOpen()
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	slug := st.membership.Committee.Slug
	d := documentFormData(slug, newDocumentDefaults(c, t), nil, c)
	d.Heading, d.Action, d.InMinutes = newDocumentHeading, paths.DocumentNew(slug)+t.query(), t.minutes
	d.File = documentFileField("", "Fichier")
	s.render(w, r, pages.DocumentForm(s.page(r, d.Heading), d))
}

// oneFile checks that up holds exactly one accepted file, and adds the
// field's error otherwise.
func oneFile(up *multipartUpload, fe clts.FieldErrors) *upload {
	if msg := up.refusal(); msg != "" {
		fe.Add(fieldDocumentFile, msg)
		return nil
	}
	files := up.accepted()
	switch len(files) {
	case 0:
		fe.Add(fieldDocumentFile, "Choisissez le fichier du document.")
		return nil
	case 1:
		return files[0]
	}
	fe.Add(fieldDocumentFile, "Joignez un seul fichier : chaque version d'un document est un fichier.")
	return nil
}

func (s *Server) handleDocumentCreate(w http.ResponseWriter, r *http.Request) {
	// Who may upload is checked before the body is read: a form that
	// cannot be parsed is refused once the rule is checked.
	up, formErr := readUpload(r, fieldDocumentFile)
	if up != nil {
		defer up.Close()
	}
	ctx := r.Context()
	st := state(ctx)
	pr := st.principal()
	slug := st.membership.Committee.Slug
	t, ok := documentTargetOf(r.URL.Query())
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	var in documentInput
	if formErr == nil {
		in = parseDocumentForm(up.values)
	}
	var c documentChoices
	var id int64
	offered := false
	err := s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
		var err error
		if c, err = readDocumentChoices(ctx, tx, t.meetingID, t.itemID, nil); err != nil {
			return err
		}
		if !c.canUpload(pr) {
			return auth.ErrDocumentForbidden
		}
		if err := c.targetOpen(); err != nil {
			return err
		}
		if formErr != nil {
			return formErr
		}
		offered = true
		in.validate(pr, c, nil)
		file := oneFile(up, in.fe)
		if err := in.fe.Err(); err != nil {
			return err
		}
		fileID, err := file.storeIn(ctx, tx, (*postgres.Tx).CreateFile)
		if err != nil {
			return err
		}
		d := in.doc
		d.MeetingID, d.AgendaItemID, d.InMinutes = t.meetingID, t.itemID, t.minutes
		id, err = tx.CreateDocument(ctx, d, fileID, "")
		return err
	})
	if err == nil {
		to := paths.Document(slug, id)
		if t.meetingID != 0 {
			to = paths.Meeting(slug, t.meetingID)
		}
		s.redirectWithFlash(w, r, to, "Le document « "+in.doc.Title+" » est ajouté.")
		return
	}
	if !offered || clts.ErrorCode(err) != clts.EINVALID {
		s.failDomain(w, r, err)
		return
	}
	in.fe = mergeErrors(in.fe, fieldErrors(err))
	d := documentFormData(slug, in.doc, &in, c)
	d.Heading, d.Action, d.InMinutes = newDocumentHeading, paths.DocumentNew(slug)+t.query(), t.minutes
	d.File = documentFileField(in.fe[fieldDocumentFile], "Fichier")
	if d.File.Error == "" && len(up.accepted()) > 0 {
		d.File.Error = "Le reste est conservé, mais le fichier choisi n'a pas été enregistré : choisissez-le de nouveau."
	}
	s.renderStatus(w, r, http.StatusUnprocessableEntity, pages.DocumentForm(s.page(r, d.Heading), d))
}

// handleDocumentVersion receives a new version of a document, for whoever
// may change it; a refused file shows the document's page again with the
// message next to the field.
func (s *Server) handleDocumentVersion(w http.ResponseWriter, r *http.Request) {
	up, formErr := readUpload(r, fieldDocumentFile)
	if up != nil {
		defer up.Close()
	}
	ctx := r.Context()
	st := state(ctx)
	fe := clts.FieldErrors{}
	note := ""
	if formErr == nil {
		note = strings.TrimSpace(up.values.Get(clts.FieldDocumentNote))
		clts.ValidateNote(fe, note)
	}
	var id int64
	var number int
	err := s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
		v, err := documentFor(ctx, tx, r, auth.ChangeDocument)
		if err != nil {
			return err
		}
		id = v.Document.ID
		if formErr != nil {
			return formErr
		}
		file := oneFile(up, fe)
		if err := fe.Err(); err != nil {
			return err
		}
		fileID, err := file.storeIn(ctx, tx, (*postgres.Tx).CreateFile)
		if err != nil {
			return err
		}
		number, err = tx.AddDocumentVersion(ctx, id, fileID, note)
		return err
	})
	var e *clts.Error
	switch {
	case err == nil:
		s.redirectWithFlash(w, r, paths.Document(st.membership.Committee.Slug, id), "La version "+strconv.Itoa(number)+" est ajoutée.")
	case errors.As(err, &e) && e.Code == clts.EINVALID && id != 0:
		s.renderDocument(w, r, http.StatusUnprocessableEntity, mergeErrors(fe, e.Fields), note)
	default:
		s.failDomain(w, r, err)
	}
}

// editDocumentHeading names the edit form of document d.
func editDocumentHeading(d clts.Document) string { return "Modifier le document « " + d.Title + " »" }

func (s *Server) handleDocumentEditForm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st := state(ctx)
	var v *postgres.DocumentView
	var c documentChoices
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		var err error
		if v, err = documentFor(ctx, tx, r, auth.ChangeDocument); err != nil {
			return err
		}
		c, err = readDocumentChoices(ctx, tx, v.Document.MeetingID, 0, &v.Document)
		return err
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	slug := st.membership.Committee.Slug
	d := documentFormData(slug, v.Document, nil, c)
	d.Heading, d.Action = editDocumentHeading(v.Document), paths.DocumentEdit(slug, v.Document.ID)
	d.ItemTitle, d.InMinutes = v.Document.ItemTitle, v.Document.InMinutes
	s.render(w, r, pages.DocumentForm(s.page(r, d.Heading), d))
}

func (s *Server) handleDocumentEdit(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	st := state(ctx)
	pr := st.principal()
	in := parseDocumentForm(r.PostForm)
	var v *postgres.DocumentView
	var c documentChoices
	offered := false
	err := s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
		var err error
		if v, err = documentFor(ctx, tx, r, auth.ChangeDocument); err != nil {
			return err
		}
		if c, err = readDocumentChoices(ctx, tx, v.Document.MeetingID, 0, &v.Document); err != nil {
			return err
		}
		offered = true
		in.validate(pr, c, &v.Document)
		if err := in.fe.Err(); err != nil {
			return err
		}
		in.doc.ID = v.Document.ID
		return tx.UpdateDocument(ctx, in.doc)
	})
	slug := st.membership.Committee.Slug
	if err == nil {
		s.redirectWithFlash(w, r, paths.Document(slug, v.Document.ID), "Le document est enregistré.")
		return
	}
	conflict := errors.Is(err, postgres.ErrDocumentChanged)
	if !offered || (clts.ErrorCode(err) != clts.EINVALID && !conflict) {
		s.failDomain(w, r, err)
		return
	}
	status := http.StatusUnprocessableEntity
	in.doc.ID = v.Document.ID
	if conflict {
		// The typed details are kept, on the current version: saving
		// again, after a look, is a deliberate choice.
		status = http.StatusConflict
		in.doc.UpdatedAt = v.Document.UpdatedAt
	} else {
		in.fe = mergeErrors(in.fe, fieldErrors(err))
	}
	d := documentFormData(slug, in.doc, &in, c)
	if conflict {
		d.Conflict = postgres.ErrDocumentChanged.Message
	}
	d.Heading, d.Action = editDocumentHeading(v.Document), paths.DocumentEdit(slug, v.Document.ID)
	d.ItemTitle, d.InMinutes = v.Document.ItemTitle, v.Document.InMinutes
	s.renderStatus(w, r, status, pages.DocumentForm(s.page(r, d.Heading), d))
}
