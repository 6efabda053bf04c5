package server

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/components"
	"github.com/portail-clts/clts/web/pages"
)

// documentsPageSize is the number of documents per page of the list.
const documentsPageSize = 20

// documentFacts are the facts of v that the document rules of
// internal/auth decide on.
func documentFacts(v *postgres.DocumentView) auth.DocumentFacts {
	return auth.DocumentFacts{Audience: v.Document.Audience, GroupStatus: v.GroupStatus, UploaderID: v.Document.CreatedBy}
}

// documentFor reads the document of the URL in tx and checks that the
// viewer may do a to it: ENOTFOUND for another committee's id and for a
// document the viewer may not read, auth.ErrDocumentForbidden otherwise.
func documentFor(ctx context.Context, tx *postgres.Tx, r *http.Request, a auth.DocumentAction) (*postgres.DocumentView, error) {
	id, ok := idParam(r, "documentID")
	if !ok {
		return nil, auth.ErrDocumentNotFound
	}
	p := state(ctx).principal()
	v, err := tx.Document(ctx, id, p.Can(auth.ManageDocuments))
	if err != nil {
		return nil, err
	}
	if err := auth.CheckDocument(p, documentFacts(v), a); err != nil {
		return nil, err
	}
	return v, nil
}

func (s *Server) handleDocuments(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st := state(ctx)
	pr := st.principal()
	c := st.membership.Committee
	q := r.URL.Query()
	page := pageNumber(q.Get("page"))
	query := postgres.DocumentQuery{Pilot: pr.Can(auth.ManageDocuments), Limit: documentsPageSize, Offset: (page - 1) * documentsPageSize,
		Text: strings.TrimSpace(q.Get("q")), Folder: q.Get("dossier"), Tag: q.Get("mot_cle"), Archived: q.Get("archives") == "oui"}
	fe := clts.FieldErrors{}
	if clts.Length(query.Text) > clts.MaxSearch {
		fe.Add("q", "La recherche ne doit pas dépasser "+clts.Count(clts.MaxSearch)+" caractères.")
		query.Text = ""
	}
	query.GroupID, _ = strconv.ParseInt(q.Get("groupe"), 10, 64)
	query.MeetingID, _ = strconv.ParseInt(q.Get("reunion"), 10, 64)
	switch a := q.Get("lecteurs"); a {
	case clts.AudienceCommittee, clts.AudienceGroup, clts.AudiencePilots:
		query.Audience = a
	}
	var list postgres.DocumentList
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		var err error
		list, err = tx.Documents(ctx, query)
		return err
	})
	groups := list.Groups.Groups
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d := pages.DocumentsData{Slug: c.Slug, Documents: list.Documents, Total: list.Total, Searching: query.Text != "",
		Archived: query.Archived, MeetingID: query.MeetingID,
		CanUpload: auth.CanUploadDocuments(pr, leadsAGroup(list.Groups.Statuses), false)}
	d.Pager = components.NewPager(page, documentsPageSize, list.Total, paths.Documents(c.Slug), q)
	d.Query = components.Field{Name: "q", Label: "Rechercher dans les titres et les descriptions", Type: "search", Value: q.Get("q"),
		Optional: true, Spellcheck: true, MaxLength: clts.MaxSearch, Error: fe["q"],
		Hint: "Les accents et les majuscules ne comptent pas."}
	choice := func(name, label, value, none string, values, labels []string) components.Field {
		opts := []components.Option{{Value: "", Label: none}}
		for i, v := range values {
			opts = append(opts, components.Option{Value: v, Label: labels[i]})
		}
		return components.Field{Name: name, Label: label, Type: "select", Value: value, Options: opts, Optional: true}
	}
	d.Folder = choice("dossier", "Dossier", query.Folder, "Tous les dossiers", list.Folders, list.Folders)
	d.Tag = choice("mot_cle", "Mot-clé", query.Tag, "Tous les mots-clés", list.Tags, list.Tags)
	var gids, gtitles []string
	for _, g := range groups {
		title := g.Title
		if g.Archived {
			title += " (archivé)"
		}
		gids, gtitles = append(gids, strconv.FormatInt(g.ID, 10)), append(gtitles, title)
	}
	group := ""
	if query.GroupID != 0 {
		group = strconv.FormatInt(query.GroupID, 10)
	}
	d.Group = choice("groupe", "Groupe de travail", group, "Tous les groupes", gids, gtitles)
	audiences := []string{clts.AudienceCommittee, clts.AudienceGroup}
	if pr.Can(auth.ManageDocuments) {
		audiences = append(audiences, clts.AudiencePilots)
	}
	var labels []string
	for _, a := range audiences {
		labels = append(labels, clts.AudienceLabel(a, ""))
	}
	d.Audience = choice("lecteurs", "Lecteurs", query.Audience, "Tous les lecteurs", audiences, labels)
	d.Filtered = query.Text != "" || query.Folder != "" || query.Tag != "" || query.GroupID != 0 || query.Audience != "" || query.MeetingID != 0
	title := "Documents"
	if query.Archived {
		title = "Documents archivés"
	}
	d.Heading = title
	if page > 1 {
		title += " — page " + strconv.Itoa(page)
	}
	s.render(w, r, pages.Documents(s.page(r, title), d))
}

// leadsAGroup reports whether statuses hold a lead's.
func leadsAGroup(statuses map[int64]string) bool {
	for _, st := range statuses {
		if st == clts.StatusLead {
			return true
		}
	}
	return false
}

func (s *Server) handleDocument(w http.ResponseWriter, r *http.Request) {
	s.renderDocument(w, r, http.StatusOK, nil, "")
}

// renderDocument shows the document of the URL, with status and the
// errors of the new version's form (fe) and the note typed.
func (s *Server) renderDocument(w http.ResponseWriter, r *http.Request, status int, fe clts.FieldErrors, note string) {
	ctx := r.Context()
	st := state(ctx)
	pr := st.principal()
	var d pages.DocumentPageData
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		v, err := documentFor(ctx, tx, r, auth.ReadDocument)
		if err != nil {
			return err
		}
		d.Document = v.Document
		d.CanChange = auth.CanDocument(pr, documentFacts(v), auth.ChangeDocument)
		d.Versions, err = tx.DocumentVersions(ctx, v.Document.ID, pr.Can(auth.ManageDocuments))
		return err
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	d.Slug = st.membership.Committee.Slug
	d.File = documentFileField(fe[fieldDocumentFile], "Fichier de la nouvelle version")
	d.Accept = attachmentAccept()
	d.Note = components.Field{Name: clts.FieldDocumentNote, Label: "Ce qui change", Type: "textarea", Value: note, Optional: true,
		Spellcheck: true, MaxLength: clts.MaxDocumentNote, Error: fe[clts.FieldDocumentNote]}
	s.renderStatus(w, r, status, pages.DocumentPage(s.page(r, d.Document.Title), d))
}

// handleDocumentArchive archives a document (etat=archiver) or brings it
// back (etat=retablir), for whoever may change it.
func (s *Server) handleDocumentArchive(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	st := state(ctx)
	var id int64
	archive := r.PostFormValue("etat") == "archiver"
	err := s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
		v, err := documentFor(ctx, tx, r, auth.ChangeDocument)
		if err != nil {
			return err
		}
		id = v.Document.ID
		switch r.PostFormValue("etat") {
		case "archiver", "retablir":
		default:
			return bareStatus(http.StatusBadRequest)
		}
		return tx.ArchiveDocument(ctx, id, archive)
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	msg := "Le document est de nouveau dans la liste."
	if archive {
		msg = "Le document est archivé : il reste lisible, dans la liste des documents archivés."
	}
	s.redirectWithFlash(w, r, paths.Document(st.membership.Committee.Slug, id), msg)
}

// handleDocumentFile downloads the latest version of a document, and
// handleDocumentVersionFile one of its versions, for whoever reads the
// document: the version, the document and the file of the committee of
// the URL, the rule checked on facts read in the same statement.
func (s *Server) handleDocumentFile(w http.ResponseWriter, r *http.Request) {
	s.downloadDocument(w, r, 0)
}

func (s *Server) handleDocumentVersionFile(w http.ResponseWriter, r *http.Request) {
	versionID, ok := idParam(r, "versionID")
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	s.downloadDocument(w, r, versionID)
}

func (s *Server) downloadDocument(w http.ResponseWriter, r *http.Request, versionID int64) {
	documentID, ok := idParam(r, "documentID")
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	st := state(r.Context())
	s.download(w, r, st.scope(), func(ctx context.Context, tx *postgres.Tx) (*clts.File, error) {
		f, facts, err := tx.DocumentFile(ctx, documentID, versionID)
		if err != nil {
			return nil, err
		}
		err = auth.CheckDocument(st.principal(), auth.DocumentFacts{Audience: facts.Audience, GroupStatus: facts.GroupStatus,
			UploaderID: facts.UploaderID}, auth.ReadDocument)
		if err != nil {
			return nil, err
		}
		return f, nil
	})
}
