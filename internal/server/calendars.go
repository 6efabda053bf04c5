package server

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/ical"
	"github.com/portail-clts/clts/internal/mails"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/layout"
	"github.com/portail-clts/clts/web/pages"
)

// feedHorizon is how far back feeds go: a year of past meetings.
const feedHorizon = 365 * 24 * time.Hour

// feedLimit bounds the number of events in a feed.
const feedLimit = 5000

// event is meeting m of the committee slug as the feeds and the meeting's
// e-mails carry it (mails.MeetingEvent, the one builder of both).
func (s *Server) event(m clts.Meeting, slug string) ical.Event {
	return mails.MeetingEvent(s.cfg.BaseURL, m, s.absolute(paths.Meeting(slug, m.ID)))
}

// meetingCalendar is the .ics part of an e-mail about meeting m of
// committee c: method ical.MethodRequest or ical.MethodCancel.
func (s *Server) meetingCalendar(c clts.Committee, m clts.Meeting, method string) *postgres.CalendarPart {
	return mails.MeetingCalendar(s.cfg.BaseURL, c.Name, m, s.absolute(paths.Meeting(c.Slug, m.ID)), method)
}

func writeCalendar(w http.ResponseWriter, filename string, c ical.Calendar) {
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	w.Header().Set("Cache-Control", cachePrivate)
	_ = ical.Write(w, c)
}

// handleMeetingICS downloads one meeting.
func (s *Server) handleMeetingICS(w http.ResponseWriter, r *http.Request) {
	id, ok := idParam(r, "meetingID")
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	ctx := r.Context()
	st := state(ctx)
	var m *clts.Meeting
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		var err error
		m, err = tx.MeetingByID(ctx, id)
		return err
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	slug := st.membership.Committee.Slug
	writeCalendar(w, fmt.Sprintf("reunion-%d.ics", m.ID), ical.Calendar{Name: m.Title, Events: []ical.Event{s.event(*m, slug)}})
}

// errNoFeed is a feed that does not exist for whoever asks: a 404, like any
// unknown URL.
var errNoFeed = clts.Errorf(clts.ENOTFOUND, "Agenda introuvable.")

// feedOwner finds the account of a feed's secret, outside any session, and
// makes it the unit of work's account; a missing, wrong or old secret is
// ENOTFOUND.
func feedOwner(ctx context.Context, tx *postgres.Tx, r *http.Request) (*clts.Account, error) {
	token := r.URL.Query().Get("jeton")
	if token == "" {
		return nil, errNoFeed
	}
	return tx.CalendarOwner(ctx, auth.HashToken(token))
}

// feedMembership enters, for the owner of the feed's secret, the committee
// of the URL's slug, inside the feed's unit of work: a wrong secret, or a
// committee the owner is not an active member of, is ENOTFOUND.
func feedMembership(ctx context.Context, tx *postgres.Tx, r *http.Request) (*clts.Membership, error) {
	if _, err := feedOwner(ctx, tx, r); err != nil {
		return nil, err
	}
	m, err := tx.EnterCommittee(ctx, chi.URLParam(r, "slug"))
	if err != nil {
		return nil, errNoFeed
	}
	return m, nil
}

// handlePersonalFeed serves a person's feed: their committees' plenaries,
// their groups' meetings and the national seminars. The secret shows whose
// feed it is; the feed is read in that account's scope, in the same
// snapshot.
func (s *Server) handlePersonalFeed(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	var ms []postgres.FeedMeeting
	err := s.db.Snapshot(ctx, postgres.Scope{IP: clientIP(r)}, func(tx *postgres.Tx) error {
		if _, err := feedOwner(ctx, tx, r); err != nil {
			return err
		}
		var err error
		ms, err = tx.PersonalFeed(ctx, s.now().Add(-feedHorizon), feedLimit)
		return err
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	c := ical.Calendar{Name: "Portail CLTS — mes réunions"}
	for _, m := range ms {
		c.Events = append(c.Events, s.event(m.Meeting, m.CommitteeSlug))
	}
	writeCalendar(w, "clts.ics", c)
}

// handleCommitteeFeed serves a committee's meetings to one of its members.
// The secret and the slug show whose feed of which committee it is; the
// feed is read inside that committee, in the same snapshot, once the
// membership is confirmed active (anything else is a 404).
func (s *Server) handleCommitteeFeed(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	var (
		m  *clts.Membership
		ms []postgres.FeedMeeting
	)
	err := s.db.Snapshot(ctx, postgres.Scope{IP: clientIP(r)}, func(tx *postgres.Tx) error {
		var err error
		if m, err = feedMembership(ctx, tx, r); err != nil {
			return err
		}
		ms, err = tx.CommitteeFeed(ctx, s.now().Add(-feedHorizon), feedLimit)
		return err
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	c := m.Committee
	cal := ical.Calendar{Name: "Portail CLTS — " + c.Name}
	for _, fm := range ms {
		cal.Events = append(cal.Events, s.event(fm.Meeting, c.Slug))
	}
	writeCalendar(w, "clts-"+c.Slug+".ics", cal)
}

func (s *Server) handleCalendars(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	var hasToken bool
	err := s.db.Read(ctx, state(ctx).scope(), func(tx *postgres.Tx) error {
		var err error
		hasToken, err = tx.HasCalendarToken(ctx)
		return err
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, pages.Calendars(s.calendarsPage(r), pages.CalendarsData{HasToken: hasToken}))
}

// calendarsPage is the shell of the calendars page, with its copy script.
func (s *Server) calendarsPage(r *http.Request) layout.Page {
	p := s.page(r, "Recevoir les réunions dans mon agenda")
	p.Script = s.assets.URL("js/calendars.js")
	return p
}

// handleCalendarsNew creates a new feed secret and shows the links once.
func (s *Server) handleCalendarsNew(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	token := auth.NewToken()
	var ms []clts.Membership
	err := s.db.Write(ctx, state(ctx).scope(), func(tx *postgres.Tx) error {
		if err := tx.SetCalendarToken(ctx, auth.HashToken(token)); err != nil {
			return err
		}
		var err error
		ms, err = tx.MembershipsOfAccount(ctx)
		return err
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d := pages.CalendarsData{Personal: s.absolute(paths.PersonalFeedURL(token)), HasToken: true}
	for _, m := range ms {
		d.Committees = append(d.Committees, pages.CalendarLink{Name: m.Committee.Name, URL: s.absolute(paths.CommitteeFeedURL(m.Committee.Slug, token)),
			NewsURL: s.absolute(paths.CommitteeNewsFeedURL(m.Committee.Slug, token))})
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, pages.Calendars(s.calendarsPage(r), d))
}
