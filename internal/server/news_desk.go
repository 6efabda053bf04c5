package server

import (
	"context"
	"net/http"
	"strconv"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/markdown"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/components"
	"github.com/portail-clts/clts/web/pages"
)

// A news desk is where items are listed, read, posted and edited: a
// committee's (its local items, news.go) or the HCTS's (the national
// ones, news_national.go). Both run the same handlers below; a desk names
// its store calls, its URLs and its words.

// newsDesk is one desk, for one request.
type newsDesk struct {
	national bool
	// idParam and fileParam name the URL parameters of an item and of an
	// attachment.
	idParam, fileParam string
	// writeScope is the scope of the units of work that write.
	writeScope postgres.Scope
	postAction auth.Action

	list             func(tx *postgres.Tx, ctx context.Context, limit, offset int) ([]clts.News, int, error)
	item             func(tx *postgres.Tx, ctx context.Context, id int64) (*clts.News, error)
	markRead         func(tx *postgres.Tx, ctx context.Context, id int64) error
	create           func(tx *postgres.Tx, ctx context.Context, n clts.News, body markdown.Text) (int64, error)
	update           func(tx *postgres.Tx, ctx context.Context, n clts.News, body markdown.Text) error
	attachments      func(tx *postgres.Tx, ctx context.Context, newsID int64) ([]clts.File, error)
	attachment       func(tx *postgres.Tx, ctx context.Context, newsID, fileID int64) (*clts.File, error)
	storeFile        fileStore
	attachFile       func(tx *postgres.Tx, ctx context.Context, newsID, fileID int64) error
	deleteAttachment func(tx *postgres.Tx, ctx context.Context, newsID, fileID int64) (string, error)

	listURL, newURL        string
	itemURL, editURL       func(newsID int64) string
	fileURL, fileDeleteURL func(newsID, fileID int64) string
	// pinURL is the form that pins (or unpins) an item; nil where items
	// are not pinned.
	pinURL func(newsID int64, pinned bool) string
	link   func(n clts.News) string

	listTitle, backLabel, newHeading string
	// createdNote follows the flash message of a new item.
	createdNote string
}

// itemFor reads the desk's item of the URL and checks that the principal
// may take step a: another committee's id is ENOTFOUND, like an unknown one.
func (dk *newsDesk) itemFor(ctx context.Context, tx *postgres.Tx, r *http.Request, a auth.NewsAction) (*clts.News, error) {
	id, ok := idParam(r, dk.idParam)
	if !ok {
		return nil, auth.ErrNewsNotFound
	}
	n, err := dk.item(tx, ctx, id)
	if err != nil {
		return nil, err
	}
	if err := auth.CheckNews(state(ctx).principal(), auth.NewsFactsOf(*n), a); err != nil {
		return nil, err
	}
	return n, nil
}

// seminars are the seminars an item of the desk may name: none for a
// committee's item; the latest seminarChoices, and the one the item
// already names (keep, 0 for none) even when it is older, so that editing
// the item never drops its link.
func (dk *newsDesk) seminars(ctx context.Context, tx *postgres.Tx, keep int64) ([]clts.Meeting, error) {
	if !dk.national {
		return nil, nil
	}
	list, err := tx.Seminars(ctx, seminarChoices)
	if err != nil || keep == 0 {
		return list, err
	}
	for _, m := range list {
		if m.SeminarID == keep {
			return list, nil
		}
	}
	m, err := tx.SeminarByID(ctx, keep)
	if clts.ErrorCode(err) == clts.ENOTFOUND {
		return list, nil
	}
	if err != nil {
		return nil, err
	}
	return append(list, *m), nil
}

// attachUploads stores up's files as the desk's and attaches them to item
// newsID.
func (dk *newsDesk) attachUploads(ctx context.Context, tx *postgres.Tx, newsID int64, up *multipartUpload) error {
	return attachUploads(ctx, tx, up, dk.storeFile, func(fileID int64) error { return dk.attachFile(tx, ctx, newsID, fileID) })
}

// editForm is the edit form of item n, saved as current, with its stored
// attachments.
func (dk *newsDesk) editForm(n, current clts.News, date string, files []clts.File, seminars []clts.Meeting) pages.NewsFormData {
	d := newsFormData(n, date, files, seminars)
	d.Heading, d.Action, d.Back, d.ID = editNewsHeading(current), dk.editURL(current.ID), dk.itemURL(current.ID), current.ID
	d.FileURL = func(fileID int64) string { return dk.fileURL(current.ID, fileID) }
	d.DeleteURL = func(fileID int64) string { return dk.fileDeleteURL(current.ID, fileID) }
	return d
}

func (s *Server) newsList(w http.ResponseWriter, r *http.Request, dk *newsDesk) {
	ctx := r.Context()
	st := state(ctx)
	page := pageNumber(r.URL.Query().Get("page"))
	var d pages.NewsListData
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		var err error
		d.Items, d.Total, err = dk.list(tx, ctx, newsPageSize, (page-1)*newsPageSize)
		return err
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d.National, d.CanPost, d.NewURL = dk.national, st.principal().Can(dk.postAction), dk.newURL
	d.Link = dk.link
	d.Pager = components.NewPager(page, newsPageSize, d.Total, dk.listURL, r.URL.Query())
	title := dk.listTitle
	if page > 1 {
		title += " — page " + strconv.Itoa(page)
	}
	s.render(w, r, pages.NewsList(s.page(r, title), d))
}

// newsItem shows an item. Opening it clears its unread mark: the page is
// read first, in a read-only unit of work; only when it was unread does a
// second, small one write the mark (an idempotent INSERT … ON CONFLICT DO
// NOTHING), so that reading it again writes nothing.
func (s *Server) newsItem(w http.ResponseWriter, r *http.Request, dk *newsDesk) {
	ctx := r.Context()
	st := state(ctx)
	var n *clts.News
	var files []clts.File
	var easy pages.EasyRead // local items only: national news is the HCTS's
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		var err error
		if n, err = dk.itemFor(ctx, tx, r, auth.ReadNews); err != nil {
			return err
		}
		if files, err = dk.attachments(tx, ctx, n.ID); err != nil || dk.national {
			return err
		}
		easy, err = s.easyReadView(ctx, tx, r, clts.EasyReadNews, n.ID, true)
		return err
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	if n.Unread {
		if err := s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error { return dk.markRead(tx, ctx, n.ID) }); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	pr := st.principal()
	d := pages.NewsItemData{News: *n, Attachments: files, Back: dk.listURL, BackLabel: dk.backLabel,
		FileURL: func(fileID int64) string { return dk.fileURL(n.ID, fileID) }, Easy: easy, Here: r.URL.Path}
	if auth.CanNews(pr, auth.NewsFactsOf(*n), auth.EditNews) {
		d.EditURL = dk.editURL(n.ID)
	}
	if dk.pinURL != nil && auth.CanNews(pr, auth.NewsFactsOf(*n), auth.PinNews) {
		d.PinURL = dk.pinURL(n.ID, n.Pinned)
	}
	s.render(w, r, pages.NewsItem(s.page(r, n.Title), d))
}

// newsFile downloads an attachment of an item, for its readers.
func (s *Server) newsFile(w http.ResponseWriter, r *http.Request, dk *newsDesk) {
	fileID, ok := idParam(r, dk.fileParam)
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	s.download(w, r, state(r.Context()).scope(), func(ctx context.Context, tx *postgres.Tx) (*clts.File, error) {
		n, err := dk.itemFor(ctx, tx, r, auth.ReadNews)
		if err != nil {
			return nil, err
		}
		return dk.attachment(tx, ctx, n.ID, fileID)
	})
}

// newsNewForm shows the form of a new item, dated today.
func (s *Server) newsNewForm(w http.ResponseWriter, r *http.Request, dk *newsDesk) {
	ctx := r.Context()
	var seminars []clts.Meeting
	if dk.national {
		err := s.db.Read(ctx, state(ctx).scope(), func(tx *postgres.Tx) error {
			var err error
			seminars, err = dk.seminars(ctx, tx, 0)
			return err
		})
		if err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	d := newsFormData(clts.News{National: dk.national, PublishedOn: today(s.now())}, "", nil, seminars)
	d.Heading, d.Action, d.Back = dk.newHeading, dk.newURL, dk.listURL
	s.render(w, r, pages.NewsForm(s.page(r, d.Heading), d))
}

func (s *Server) newsCreate(w http.ResponseWriter, r *http.Request, dk *newsDesk) {
	up, err := readUpload(r, fieldNewsFiles)
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	defer up.Close()
	ctx := r.Context()
	in := parseNewsForm(up.values, dk.national)
	body, err := in.check()
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	in.checkFiles(up, 0)
	var id int64
	var seminars []clts.Meeting
	err = s.db.Write(ctx, dk.writeScope, func(tx *postgres.Tx) error {
		var err error
		if seminars, err = dk.seminars(ctx, tx, 0); err != nil {
			return err
		}
		in.checkSeminar(seminars)
		if err := in.fe.Err(); err != nil {
			return err
		}
		if id, err = dk.create(tx, ctx, in.news, body); err != nil {
			return err
		}
		return dk.attachUploads(ctx, tx, id, up)
	})
	if err == nil {
		s.redirectWithFlash(w, r, dk.itemURL(id), newsSavedMessage(true, len(up.accepted()))+dk.createdNote)
		return
	}
	if clts.ErrorCode(err) != clts.EINVALID {
		s.failDomain(w, r, err)
		return
	}
	d := newsFormData(in.news, in.date, nil, seminars)
	d.Heading, d.Action, d.Back = dk.newHeading, dk.newURL, dk.listURL
	s.newsFormFailed(w, r, http.StatusUnprocessableEntity, d, mergeErrors(in.fe, fieldErrors(err)), up)
}

// editNewsHeading names the edit form of item n.
func editNewsHeading(n clts.News) string { return "Modifier l'actualité « " + n.Title + " »" }

func (s *Server) newsEditForm(w http.ResponseWriter, r *http.Request, dk *newsDesk) {
	ctx := r.Context()
	var n *clts.News
	var files []clts.File
	var seminars []clts.Meeting
	err := s.db.Read(ctx, state(ctx).scope(), func(tx *postgres.Tx) error {
		var err error
		if n, err = dk.itemFor(ctx, tx, r, auth.EditNews); err != nil {
			return err
		}
		if files, err = dk.attachments(tx, ctx, n.ID); err != nil {
			return err
		}
		seminars, err = dk.seminars(ctx, tx, n.SeminarID)
		return err
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	d := dk.editForm(*n, *n, "", files, seminars)
	s.render(w, r, pages.NewsForm(s.page(r, d.Heading), d))
}

func (s *Server) newsEdit(w http.ResponseWriter, r *http.Request, dk *newsDesk) {
	// A form that cannot be parsed is refused once the item is found and
	// its rule checked: another committee's id is a 404 whatever the body.
	up, formErr := readUpload(r, fieldNewsFiles)
	if up != nil {
		defer up.Close()
	}
	ctx := r.Context()
	var in newsInput
	var text markdown.Text
	if formErr == nil {
		in = parseNewsForm(up.values, dk.national)
		text, formErr = in.check()
	}
	var current *clts.News
	var files []clts.File
	var seminars []clts.Meeting
	found := false
	err := s.db.Write(ctx, dk.writeScope, func(tx *postgres.Tx) error {
		var err error
		if current, err = dk.itemFor(ctx, tx, r, auth.EditNews); err != nil {
			return err
		}
		if formErr != nil {
			return formErr
		}
		if files, err = dk.attachments(tx, ctx, current.ID); err != nil {
			return err
		}
		if seminars, err = dk.seminars(ctx, tx, current.SeminarID); err != nil {
			return err
		}
		found = true
		in.checkSeminar(seminars)
		in.checkFiles(up, filesSize(files))
		if err := in.fe.Err(); err != nil {
			return err
		}
		in.news.ID = current.ID
		if err := dk.update(tx, ctx, in.news, text); err != nil {
			return err
		}
		return dk.attachUploads(ctx, tx, current.ID, up)
	})
	if err == nil {
		s.redirectWithFlash(w, r, dk.itemURL(current.ID), newsSavedMessage(false, len(up.accepted())))
		return
	}
	code := clts.ErrorCode(err)
	if !found || (code != clts.EINVALID && code != clts.ECONFLICT) {
		s.failDomain(w, r, err)
		return
	}
	d := dk.editForm(in.news, *current, in.date, files, seminars)
	if code == clts.ECONFLICT {
		// Saved by someone else in between: the typed text is kept, and
		// the next save builds on the version now stored.
		d.Version = savedVersion(current.UpdatedAt)
		s.newsFormFailed(w, r, http.StatusConflict, d, in.fe, up)
		return
	}
	s.newsFormFailed(w, r, http.StatusUnprocessableEntity, d, mergeErrors(in.fe, fieldErrors(err)), up)
}

// newsFileDelete removes an attachment of an item, for those who may edit
// it, and returns to the item's form.
func (s *Server) newsFileDelete(w http.ResponseWriter, r *http.Request, dk *newsDesk) {
	fileID, ok := idParam(r, dk.fileParam)
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	ctx := r.Context()
	var n *clts.News
	var name string
	err := s.db.Write(ctx, dk.writeScope, func(tx *postgres.Tx) error {
		var err error
		if n, err = dk.itemFor(ctx, tx, r, auth.EditNews); err != nil {
			return err
		}
		name, err = dk.deleteAttachment(tx, ctx, n.ID, fileID)
		return err
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	s.redirectWithFlash(w, r, dk.editURL(n.ID)+"#pieces-jointes", "La pièce jointe « "+name+" » est supprimée.")
}

// onDesk serves h on the desk that of gives for each request.
func onDesk(of func(*http.Request) *newsDesk, h func(http.ResponseWriter, *http.Request, *newsDesk)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { h(w, r, of(r)) }
}
