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

// A committee's news: its members read the list (local and national items
// together, the unread ones marked) and the local items; its pilots post,
// edit and pin them (auth.CheckNews). National items open on their
// national page.

// newsPageSize is the number of items per page of a news list.
const newsPageSize = 20

// homeNews is the number of latest items on the committee's home.
const homeNews = 3

// newsFor reads the local item of the URL's {newsID} in the committee and
// checks that the principal may take step a: another committee's id is
// ENOTFOUND, like an unknown one.
func newsFor(ctx context.Context, tx *postgres.Tx, r *http.Request, a auth.NewsAction) (*clts.News, error) {
	id, ok := idParam(r, "newsID")
	if !ok {
		return nil, auth.ErrNewsNotFound
	}
	n, err := tx.NewsItem(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := auth.CheckNews(state(ctx).principal(), auth.NewsFactsOf(*n), a); err != nil {
		return nil, err
	}
	return n, nil
}

func (s *Server) handleNews(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st := state(ctx)
	page := pageNumber(r.URL.Query().Get("page"))
	var d pages.NewsListData
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		var err error
		d.Items, d.Total, err = tx.CommitteeNews(ctx, newsPageSize, (page-1)*newsPageSize)
		return err
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	c := st.membership.Committee
	d.CanPost, d.NewURL = st.principal().Can(auth.PostLocalNews), paths.NewsNew(c.Slug)
	d.Link = func(n clts.News) string { return pages.NewsLink(c.Slug, n) }
	d.Pager = components.NewPager(page, newsPageSize, d.Total, paths.News(c.Slug), r.URL.Query())
	title := "Actualités"
	if page > 1 {
		title += " — page " + strconv.Itoa(page)
	}
	s.render(w, r, pages.NewsList(s.page(r, title), d))
}

// handleNewsItem shows a local item. Opening it clears its unread mark:
// the page is read first, in a read-only unit of work; only when it was
// unread does a second, small one write the mark (an idempotent INSERT …
// ON CONFLICT DO NOTHING), so that reading it again writes nothing.
func (s *Server) handleNewsItem(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st := state(ctx)
	var n *clts.News
	var files []clts.File
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		var err error
		if n, err = newsFor(ctx, tx, r, auth.ReadNews); err != nil {
			return err
		}
		files, err = tx.NewsAttachments(ctx, n.ID)
		return err
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	if n.Unread {
		if err := s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error { return tx.MarkNewsRead(ctx, n.ID) }); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	slug := st.membership.Committee.Slug
	pr := st.principal()
	d := pages.NewsItemData{News: *n, Attachments: files, Back: paths.News(slug), BackLabel: "Toutes les actualités du comité",
		FileURL: func(fileID int64) string { return paths.NewsFile(slug, n.ID, fileID) }}
	if auth.CanNews(pr, auth.NewsFactsOf(*n), auth.EditNews) {
		d.EditURL = paths.NewsEdit(slug, n.ID)
	}
	if auth.CanNews(pr, auth.NewsFactsOf(*n), auth.PinNews) {
		d.PinURL = paths.NewsPin(slug, n.ID)
		if n.Pinned {
			d.PinURL = paths.NewsUnpin(slug, n.ID)
		}
	}
	s.render(w, r, pages.NewsItem(s.page(r, n.Title), d))
}

// handleNewsFile downloads an attachment of a local item, for its
// committee's members.
func (s *Server) handleNewsFile(w http.ResponseWriter, r *http.Request) {
	fileID, ok := idParam(r, "newsFileID")
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	s.download(w, r, state(r.Context()).scope(), func(ctx context.Context, tx *postgres.Tx) (*clts.File, error) {
		n, err := newsFor(ctx, tx, r, auth.ReadNews)
		if err != nil {
			return nil, err
		}
		return tx.NewsAttachment(ctx, n.ID, fileID)
	})
}

// newNewsHeading names the form of a new local item.
const newNewsHeading = "Publier une actualité du comité"

func (s *Server) handleNewsNewForm(w http.ResponseWriter, r *http.Request) {
	slug := state(r.Context()).membership.Committee.Slug
	d := newsFormData(clts.News{PublishedOn: today(s.now())}, "", nil, nil)
	d.Heading, d.Action, d.Back = newNewsHeading, paths.NewsNew(slug), paths.News(slug)
	s.render(w, r, pages.NewsForm(s.page(r, d.Heading), d))
}

func (s *Server) handleNewsCreate(w http.ResponseWriter, r *http.Request) {
	up, err := readUpload(r, fieldNewsFiles)
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	defer up.Close()
	ctx := r.Context()
	st := state(ctx)
	slug := st.membership.Committee.Slug
	in := parseNewsForm(up.values, false)
	body, err := in.check()
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	in.checkFiles(up, 0)
	var id int64
	if err = in.fe.Err(); err == nil {
		err = s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
			var err error
			if id, err = tx.CreateNews(ctx, in.news, body); err != nil {
				return err
			}
			return attachLocalUploads(ctx, tx, id, up)
		})
	}
	if err == nil {
		s.redirectWithFlash(w, r, paths.NewsItem(slug, id), newsSavedMessage(true, len(up.accepted())))
		return
	}
	if clts.ErrorCode(err) != clts.EINVALID {
		s.failDomain(w, r, err)
		return
	}
	d := newsFormData(in.news, in.date, nil, nil)
	d.Heading, d.Action, d.Back = newNewsHeading, paths.NewsNew(slug), paths.News(slug)
	s.newsFormFailed(w, r, http.StatusUnprocessableEntity, d, mergeErrors(in.fe, fieldErrors(err)), up)
}

// editNewsHeading names the edit form of item n.
func editNewsHeading(n clts.News) string { return "Modifier l'actualité « " + n.Title + " »" }

func (s *Server) handleNewsEditForm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st := state(ctx)
	var n *clts.News
	var files []clts.File
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		var err error
		if n, err = newsFor(ctx, tx, r, auth.EditNews); err != nil {
			return err
		}
		files, err = tx.NewsAttachments(ctx, n.ID)
		return err
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	slug := st.membership.Committee.Slug
	d := newsFormData(*n, "", files, nil)
	d.Heading, d.Action, d.Back, d.ID = editNewsHeading(*n), paths.NewsEdit(slug, n.ID), paths.NewsItem(slug, n.ID), n.ID
	d.FileURL = func(fileID int64) string { return paths.NewsFile(slug, n.ID, fileID) }
	d.DeleteURL = func(fileID int64) string { return paths.NewsFileDelete(slug, n.ID, fileID) }
	s.render(w, r, pages.NewsForm(s.page(r, d.Heading), d))
}

func (s *Server) handleNewsEdit(w http.ResponseWriter, r *http.Request) {
	// A form that cannot be parsed is refused once the item is found and
	// its rule checked: another committee's id is a 404 whatever the body.
	up, formErr := readUpload(r, fieldNewsFiles)
	if up != nil {
		defer up.Close()
	}
	ctx := r.Context()
	st := state(ctx)
	slug := st.membership.Committee.Slug
	var in newsInput
	var text markdown.Text
	if formErr == nil {
		in = parseNewsForm(up.values, false)
		text, formErr = in.check()
	}
	var current *clts.News
	var files []clts.File
	found := false
	err := s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
		var err error
		if current, err = newsFor(ctx, tx, r, auth.EditNews); err != nil {
			return err
		}
		if formErr != nil {
			return formErr
		}
		if files, err = tx.NewsAttachments(ctx, current.ID); err != nil {
			return err
		}
		found = true
		in.checkFiles(up, filesSize(files))
		if err := in.fe.Err(); err != nil {
			return err
		}
		in.news.ID = current.ID
		if err := tx.UpdateNews(ctx, in.news, text); err != nil {
			return err
		}
		return attachLocalUploads(ctx, tx, current.ID, up)
	})
	if err == nil {
		s.redirectWithFlash(w, r, paths.NewsItem(slug, current.ID), newsSavedMessage(false, len(up.accepted())))
		return
	}
	code := clts.ErrorCode(err)
	if !found || (code != clts.EINVALID && code != clts.ECONFLICT) {
		s.failDomain(w, r, err)
		return
	}
	d := newsFormData(in.news, in.date, files, nil)
	d.Heading, d.Action, d.Back, d.ID = editNewsHeading(*current), paths.NewsEdit(slug, current.ID), paths.NewsItem(slug, current.ID), current.ID
	d.FileURL = func(fileID int64) string { return paths.NewsFile(slug, current.ID, fileID) }
	d.DeleteURL = func(fileID int64) string { return paths.NewsFileDelete(slug, current.ID, fileID) }
	if code == clts.ECONFLICT {
		// Saved by someone else in between: the typed text is kept, and
		// the next save builds on the version now stored.
		d.Version = savedVersion(current.UpdatedAt)
		s.newsFormFailed(w, r, http.StatusConflict, d, in.fe, up)
		return
	}
	s.newsFormFailed(w, r, http.StatusUnprocessableEntity, d, mergeErrors(in.fe, fieldErrors(err)), up)
}

func (s *Server) handleNewsPin(w http.ResponseWriter, r *http.Request)   { s.pinNews(w, r, true) }
func (s *Server) handleNewsUnpin(w http.ResponseWriter, r *http.Request) { s.pinNews(w, r, false) }

// pinNews pins a local item on the committee's home, in place of the one
// pinned before, or unpins it.
func (s *Server) pinNews(w http.ResponseWriter, r *http.Request, pin bool) {
	ctx := r.Context()
	st := state(ctx)
	var n *clts.News
	err := s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
		var err error
		if n, err = newsFor(ctx, tx, r, auth.PinNews); err != nil {
			return err
		}
		return tx.PinNews(ctx, n.ID, pin)
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	msg := "L'actualité est épinglée en tête de l'accueil du comité."
	if !pin {
		msg = "L'actualité n'est plus épinglée."
	}
	s.redirectWithFlash(w, r, paths.NewsItem(st.membership.Committee.Slug, n.ID), msg)
}

// handleNewsFileDelete removes an attachment of a local item, for the
// pilots, and returns to the item's form.
func (s *Server) handleNewsFileDelete(w http.ResponseWriter, r *http.Request) {
	fileID, ok := idParam(r, "newsFileID")
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	ctx := r.Context()
	st := state(ctx)
	var n *clts.News
	var name string
	err := s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
		var err error
		if n, err = newsFor(ctx, tx, r, auth.EditNews); err != nil {
			return err
		}
		name, err = tx.DeleteNewsAttachment(ctx, n.ID, fileID)
		return err
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	s.redirectWithFlash(w, r, paths.NewsEdit(st.membership.Committee.Slug, n.ID)+"#pieces-jointes",
		"La pièce jointe « "+name+" » est supprimée.")
}
