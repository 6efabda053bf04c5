package server

import (
	"net/http"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
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

// localNews is the committee's desk: its local items, written in the
// committee's scope.
func localNews(r *http.Request) *newsDesk {
	st := state(r.Context())
	slug := st.membership.Committee.Slug
	return &newsDesk{
		idParam:          "newsID",
		fileParam:        "newsFileID",
		writeScope:       st.scope(),
		postAction:       auth.PostLocalNews,
		list:             (*postgres.Tx).CommitteeNews,
		item:             (*postgres.Tx).NewsItem,
		markRead:         (*postgres.Tx).MarkNewsRead,
		create:           (*postgres.Tx).CreateNews,
		update:           (*postgres.Tx).UpdateNews,
		attachments:      (*postgres.Tx).NewsAttachments,
		attachment:       (*postgres.Tx).NewsAttachment,
		storeFile:        (*postgres.Tx).CreateFile,
		attachFile:       (*postgres.Tx).AttachNewsFile,
		deleteAttachment: (*postgres.Tx).DeleteNewsAttachment,
		listURL:          paths.News(slug),
		newURL:           paths.NewsNew(slug),
		itemURL:          func(id int64) string { return paths.NewsItem(slug, id) },
		editURL:          func(id int64) string { return paths.NewsEdit(slug, id) },
		fileURL:          func(id, fileID int64) string { return paths.NewsFile(slug, id, fileID) },
		fileDeleteURL:    func(id, fileID int64) string { return paths.NewsFileDelete(slug, id, fileID) },
		pinURL: func(id int64, pinned bool) string {
			if pinned {
				return paths.NewsUnpin(slug, id)
			}
			return paths.NewsPin(slug, id)
		},
		link:       func(n clts.News) string { return pages.NewsLink(slug, n) },
		listTitle:  "Actualités",
		backLabel:  "Toutes les actualités du comité",
		newHeading: "Publier une actualité du comité",
	}
}

func (s *Server) handleNewsPin(w http.ResponseWriter, r *http.Request)   { s.pinNews(w, r, true) }
func (s *Server) handleNewsUnpin(w http.ResponseWriter, r *http.Request) { s.pinNews(w, r, false) }

// pinNews pins a local item on the committee's home, in place of the one
// pinned before, or unpins it.
func (s *Server) pinNews(w http.ResponseWriter, r *http.Request, pin bool) {
	ctx := r.Context()
	dk := localNews(r)
	var n *clts.News
	err := s.db.Write(ctx, dk.writeScope, func(tx *postgres.Tx) error {
		var err error
		if n, err = dk.itemFor(ctx, tx, r, auth.PinNews); err != nil {
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
	s.redirectWithFlash(w, r, dk.itemURL(n.ID), msg)
}
