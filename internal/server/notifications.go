package server

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/components"
	"github.com/portail-clts/clts/web/pages"
)

// notificationsPageSize is how many notifications a page of the centre
// lists.
const notificationsPageSize = 20

// handleNotifications is the notification centre: the signed-in person's
// notifications, newest first, in one statement. The unread count comes
// from the session statement, like the header's.
func (s *Server) handleNotifications(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st := state(ctx)
	page := pageNumber(r.URL.Query().Get("page"))
	var (
		items []clts.Notification
		total int
	)
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		var err error
		items, total, err = tx.Notifications(ctx, notificationsPageSize, (page-1)*notificationsPageSize)
		return err
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	q := url.Values{}
	if page > 1 {
		q.Set("page", strconv.Itoa(page))
	}
	d := pages.NotificationsData{Items: items, Total: total, Unread: st.unread, Page: page,
		Pager: components.NewPager(page, notificationsPageSize, total, paths.Notifications, q)}
	s.render(w, r, pages.Notifications(s.page(r, "Notifications"), d))
}

// notificationsReturn is the page of the centre a form came from.
func notificationsReturn(r *http.Request) string {
	if page := pageNumber(r.PostFormValue("page")); page > 1 {
		return paths.Notifications + "?page=" + strconv.Itoa(page)
	}
	return paths.Notifications
}

// handleNotificationRead marks one of the person's notifications read;
// anyone else's is a 404.
func (s *Server) handleNotificationRead(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	id, ok := idParam(r, "notificationID")
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	err := s.db.Write(ctx, state(ctx).scope(), func(tx *postgres.Tx) error {
		return tx.MarkNotificationRead(ctx, id)
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	s.redirectWithFlash(w, r, notificationsReturn(r), "La notification est marquée comme lue.")
}

// handleNotificationsReadAll marks every notification of the person read.
func (s *Server) handleNotificationsReadAll(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	var n int
	err := s.db.Write(ctx, state(ctx).scope(), func(tx *postgres.Tx) error {
		var err error
		n, err = tx.MarkAllNotificationsRead(ctx)
		return err
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	msg := "Toutes vos notifications sont marquées comme lues."
	if n == 0 {
		msg = "Vous n'aviez aucune notification non lue."
	}
	s.redirectWithFlash(w, r, paths.Notifications, msg)
}
