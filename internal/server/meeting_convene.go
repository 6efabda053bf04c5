package server

import (
	"net/http"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/ical"
	"github.com/portail-clts/clts/internal/mails"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
)

// convocation is the e-mail that convenes the invitees of m, with its
// agenda as it stands.
func (s *Server) convocation(c clts.Committee, m clts.Meeting, agenda []clts.AgendaItem) *postgres.MeetingMail {
	path := paths.Meeting(c.Slug, m.ID)
	subject, body := mails.MeetingInvitation(c.Name, m, agenda, s.absolute(path))
	return &postgres.MeetingMail{Subject: subject, Body: body, Link: path, Calendar: s.meetingCalendar(c, m, ical.MethodRequest)}
}

// handleMeetingConvene sends the convocation that the organiser kept for
// later, with the agenda as it stands: once, before the meeting starts
// (auth.ConveneMeeting), audited.
func (s *Server) handleMeetingConvene(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st := state(ctx)
	c := st.membership.Committee
	var id int64
	var items int
	err := s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
		v, err := s.meetingFor(ctx, tx, r, auth.ConveneMeeting)
		if err != nil {
			return err
		}
		id = v.Meeting.ID
		agenda, err := tx.AgendaItems(ctx, id, st.principal().Can(auth.ViewMemberDetails))
		if err != nil {
			return err
		}
		retained, _, _ := splitAgenda(agenda)
		items = len(retained)
		return tx.ConveneMeeting(ctx, id, s.convocation(c, v.Meeting, agenda))
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	msg := "La convocation est envoyée aux personnes invitées, avec l'ordre du jour."
	if items == 0 {
		msg = "La convocation est envoyée aux personnes invitées, sans ordre du jour : il n'était pas établi."
	}
	s.redirectWithFlash(w, r, paths.Meeting(c.Slug, id), msg)
}
