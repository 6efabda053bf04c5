package server

import (
	"net/http"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/pages"
)

// printData is the printable document of meeting v: its facts, and the
// link to its page.
func (s *Server) printData(r *http.Request, v *postgres.MeetingView) pages.PrintData {
	c := state(r.Context()).membership.Committee
	return pages.PrintData{CSS: s.assets.URL("css/print.css"), Slug: c.Slug, Committee: c.Name, Meeting: v.Meeting,
		Link: s.absolute(paths.Meeting(c.Slug, v.Meeting.ID))}
}

// handleAgendaPrint shows a meeting's convocation and agenda to print, to
// every member who may read the meeting's page (two statements).
func (s *Server) handleAgendaPrint(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st := state(ctx)
	var d pages.PrintData
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		v, err := meetingFromURL(ctx, tx, r)
		if err != nil {
			return err
		}
		d = s.printData(r, v)
		items, err := tx.AgendaItems(ctx, v.Meeting.ID, st.principal().Can(auth.ViewMemberDetails))
		if err != nil {
			return err
		}
		d.Agenda, _, d.TotalMin = splitAgenda(items)
		return nil
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	s.render(w, r, pages.PrintAgenda(s.shell(r, "Convocation : "+d.Meeting.Title), d))
}

// handleMinutesPrint shows a meeting's minutes to print, to those who may
// read them: the invitees and pilots once published, the organisers from
// the first draft (one statement).
func (s *Server) handleMinutesPrint(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st := state(ctx)
	var d pages.PrintData
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		v, err := s.meetingFor(ctx, tx, r, auth.ReadMinutes)
		if err != nil {
			return err
		}
		if v.Minutes.Version == 0 {
			return clts.Errorf(clts.ENOTFOUND, "Cette réunion n'a pas encore de compte rendu.")
		}
		d = s.printData(r, v)
		d.Minutes, d.MinutesHTML, d.Actions = v.Minutes, v.MinutesHTML, v.Actions
		return nil
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	s.render(w, r, pages.PrintMinutes(s.shell(r, "Compte rendu : "+d.Meeting.Title), d))
}
