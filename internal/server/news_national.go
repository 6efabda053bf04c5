package server

import (
	"context"
	"net/http"
	"strconv"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/markdown"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/components"
	"github.com/portail-clts/clts/web/pages"
)

// The HCTS's national news: HCTS readers and the members of any committee
// read them (auth.ReadNationalNews); HCTS publishers post and edit them
// (auth.PublishNews), in an HCTS scope that row-level security requires
// for writing national tables.

// seminarChoices bounds the seminars a national item may name.
const seminarChoices = 50

// nationalNewsFor reads the national item of the URL and checks that the
// principal may take step a.
func nationalNewsFor(ctx context.Context, tx *postgres.Tx, r *http.Request, a auth.NewsAction) (*clts.News, error) {
	id, ok := idParam(r, "nationalNewsID")
	if !ok {
		return nil, auth.ErrNewsNotFound
	}
	n, err := tx.NationalNewsItem(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := auth.CheckNews(state(ctx).principal(), auth.NewsFactsOf(*n), a); err != nil {
		return nil, err
	}
	return n, nil
}

func (s *Server) handleNationalNews(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st := state(ctx)
	page := pageNumber(r.URL.Query().Get("page"))
	var d pages.NewsListData
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		var err error
		d.Items, d.Total, err = tx.NationalNewsList(ctx, newsPageSize, (page-1)*newsPageSize)
		return err
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d.National, d.CanPost, d.NewURL = true, st.principal().Can(auth.PublishNews), paths.NationalNewsNew
	d.Link = func(n clts.News) string { return paths.NationalNewsItem(n.ID) }
	d.Pager = components.NewPager(page, newsPageSize, d.Total, paths.NationalNews, r.URL.Query())
	title := "Actualités nationales du HCTS"
	if page > 1 {
		title += " — page " + strconv.Itoa(page)
	}
	s.render(w, r, pages.NewsList(s.page(r, title), d))
}

// handleNationalNewsItem shows a national item; opening it clears its
// unread mark, as for a local item (handleNewsItem).
func (s *Server) handleNationalNewsItem(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st := state(ctx)
	var n *clts.News
	var files []clts.File
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		var err error
		if n, err = nationalNewsFor(ctx, tx, r, auth.ReadNews); err != nil {
			return err
		}
		files, err = tx.NationalNewsAttachments(ctx, n.ID)
		return err
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	if n.Unread {
		if err := s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error { return tx.MarkNationalNewsRead(ctx, n.ID) }); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	d := pages.NewsItemData{News: *n, Attachments: files, Back: paths.NationalNews, BackLabel: "Toutes les actualités nationales",
		FileURL: func(fileID int64) string { return paths.NationalNewsFile(n.ID, fileID) }}
	if auth.CanNews(st.principal(), auth.NewsFactsOf(*n), auth.EditNews) {
		d.EditURL = paths.NationalNewsEdit(n.ID)
	}
	s.render(w, r, pages.NewsItem(s.page(r, n.Title), d))
}

// handleNationalNewsFile downloads an attachment of a national item.
func (s *Server) handleNationalNewsFile(w http.ResponseWriter, r *http.Request) {
	fileID, ok := idParam(r, "nationalNewsFileID")
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	s.download(w, r, state(r.Context()).scope(), func(ctx context.Context, tx *postgres.Tx) (*clts.File, error) {
		n, err := nationalNewsFor(ctx, tx, r, auth.ReadNews)
		if err != nil {
			return nil, err
		}
		return tx.NationalNewsAttachment(ctx, n.ID, fileID)
	})
}

// newNationalNewsHeading names the form of a new national item.
const newNationalNewsHeading = "Publier une actualité nationale"

func (s *Server) handleNationalNewsNewForm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	var seminars []clts.Meeting
	err := s.db.Read(ctx, state(ctx).scope(), func(tx *postgres.Tx) error {
		var err error
		seminars, err = tx.Seminars(ctx, seminarChoices)
		return err
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d := newsFormData(clts.News{National: true, PublishedOn: today(s.now())}, "", nil, seminars)
	d.Heading, d.Action, d.Back = newNationalNewsHeading, paths.NationalNewsNew, paths.NationalNews
	s.render(w, r, pages.NewsForm(s.page(r, d.Heading), d))
}

func (s *Server) handleNationalNewsCreate(w http.ResponseWriter, r *http.Request) {
	up, err := readUpload(r, fieldNewsFiles)
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	defer up.Close()
	ctx := r.Context()
	st := state(ctx)
	in := parseNewsForm(up.values, true)
	body, err := in.check()
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	in.checkFiles(up, 0)
	var id int64
	var seminars []clts.Meeting
	err = s.db.Write(ctx, hctsScope(st), func(tx *postgres.Tx) error {
		var err error
		if seminars, err = tx.Seminars(ctx, seminarChoices); err != nil {
			return err
		}
		in.checkSeminar(seminars)
		if err := in.fe.Err(); err != nil {
			return err
		}
		if id, err = tx.CreateNationalNews(ctx, in.news, body); err != nil {
			return err
		}
		return attachNationalUploads(ctx, tx, id, up)
	})
	if err == nil {
		s.redirectWithFlash(w, r, paths.NationalNewsItem(id), newsSavedMessage(true, len(up.accepted()))+
			" Elle paraît sur l'accueil de chaque comité.")
		return
	}
	if clts.ErrorCode(err) != clts.EINVALID {
		s.failDomain(w, r, err)
		return
	}
	d := newsFormData(in.news, in.date, nil, seminars)
	d.Heading, d.Action, d.Back = newNationalNewsHeading, paths.NationalNewsNew, paths.NationalNews
	s.newsFormFailed(w, r, http.StatusUnprocessableEntity, d, mergeErrors(in.fe, fieldErrors(err)), up)
}

func (s *Server) handleNationalNewsEditForm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	var n *clts.News
	var files []clts.File
	var seminars []clts.Meeting
	err := s.db.Read(ctx, state(ctx).scope(), func(tx *postgres.Tx) error {
		var err error
		if n, err = nationalNewsFor(ctx, tx, r, auth.EditNews); err != nil {
			return err
		}
		if files, err = tx.NationalNewsAttachments(ctx, n.ID); err != nil {
			return err
		}
		seminars, err = tx.Seminars(ctx, seminarChoices)
		return err
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	d := newsFormData(*n, "", files, seminars)
	d.Heading, d.Action, d.Back, d.ID = editNewsHeading(*n), paths.NationalNewsEdit(n.ID), paths.NationalNewsItem(n.ID), n.ID
	d.FileURL = func(fileID int64) string { return paths.NationalNewsFile(n.ID, fileID) }
	d.DeleteURL = func(fileID int64) string { return paths.NationalNewsFileDelete(n.ID, fileID) }
	s.render(w, r, pages.NewsForm(s.page(r, d.Heading), d))
}

func (s *Server) handleNationalNewsEdit(w http.ResponseWriter, r *http.Request) {
	up, formErr := readUpload(r, fieldNewsFiles)
	if up != nil {
		defer up.Close()
	}
	ctx := r.Context()
	st := state(ctx)
	var in newsInput
	var text markdown.Text
	if formErr == nil {
		in = parseNewsForm(up.values, true)
		text, formErr = in.check()
	}
	var current *clts.News
	var files []clts.File
	var seminars []clts.Meeting
	found := false
	err := s.db.Write(ctx, hctsScope(st), func(tx *postgres.Tx) error {
		var err error
		if current, err = nationalNewsFor(ctx, tx, r, auth.EditNews); err != nil {
			return err
		}
		if formErr != nil {
			return formErr
		}
		if files, err = tx.NationalNewsAttachments(ctx, current.ID); err != nil {
			return err
		}
		if seminars, err = tx.Seminars(ctx, seminarChoices); err != nil {
			return err
		}
		found = true
		in.checkSeminar(seminars)
		in.checkFiles(up, filesSize(files))
		if err := in.fe.Err(); err != nil {
			return err
		}
		in.news.ID = current.ID
		if err := tx.UpdateNationalNews(ctx, in.news, text); err != nil {
			return err
		}
		return attachNationalUploads(ctx, tx, current.ID, up)
	})
	if err == nil {
		s.redirectWithFlash(w, r, paths.NationalNewsItem(current.ID), newsSavedMessage(false, len(up.accepted())))
		return
	}
	code := clts.ErrorCode(err)
	if !found || (code != clts.EINVALID && code != clts.ECONFLICT) {
		s.failDomain(w, r, err)
		return
	}
	d := newsFormData(in.news, in.date, files, seminars)
	d.Heading, d.Action, d.Back, d.ID = editNewsHeading(*current), paths.NationalNewsEdit(current.ID), paths.NationalNewsItem(current.ID), current.ID
	d.FileURL = func(fileID int64) string { return paths.NationalNewsFile(current.ID, fileID) }
	d.DeleteURL = func(fileID int64) string { return paths.NationalNewsFileDelete(current.ID, fileID) }
	if code == clts.ECONFLICT {
		// Saved by someone else in between: the typed text is kept, and
		// the next save builds on the version now stored.
		d.Version = savedVersion(current.UpdatedAt)
		s.newsFormFailed(w, r, http.StatusConflict, d, in.fe, up)
		return
	}
	s.newsFormFailed(w, r, http.StatusUnprocessableEntity, d, mergeErrors(in.fe, fieldErrors(err)), up)
}

// handleNationalNewsFileDelete removes an attachment of a national item,
// for HCTS publishers, and returns to the item's form.
func (s *Server) handleNationalNewsFileDelete(w http.ResponseWriter, r *http.Request) {
	fileID, ok := idParam(r, "nationalNewsFileID")
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	ctx := r.Context()
	var n *clts.News
	var name string
	err := s.db.Write(ctx, hctsScope(state(ctx)), func(tx *postgres.Tx) error {
		var err error
		if n, err = nationalNewsFor(ctx, tx, r, auth.EditNews); err != nil {
			return err
		}
		name, err = tx.DeleteNationalNewsAttachment(ctx, n.ID, fileID)
		return err
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	s.redirectWithFlash(w, r, paths.NationalNewsEdit(n.ID)+"#pieces-jointes", "La pièce jointe « "+name+" » est supprimée.")
}
