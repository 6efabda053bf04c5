package server

import (
	"net/http"
	"strconv"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/mails"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/pages"
)

func seminarForm() pages.MeetingFormData {
	d := meetingForm(clts.Meeting{})
	d.Title.Value = ""
	return d
}

func (s *Server) handleSeminars(w http.ResponseWriter, r *http.Request) {
	s.renderSeminars(w, r, http.StatusOK, seminarForm())
}

func (s *Server) renderSeminars(w http.ResponseWriter, r *http.Request, status int, form pages.MeetingFormData) {
	list, err := s.db.Seminars(r.Context(), 100)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.renderStatus(w, r, status, pages.Seminars(s.page(r, "Séminaires nationaux"), pages.SeminarsData{Seminars: list, Form: form, Now: s.now()}))
}

// handleSeminarCreate publishes a seminar in every committee.
func (s *Server) handleSeminarCreate(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	st := state(r.Context())
	m, fe := readMeetingForm(r)
	m.Kind = clts.KindSeminar
	if err := m.Validate(); err != nil || len(fe) > 0 {
		d := seminarForm()
		fillMeetingErrors(&d, r, mergeErrors(fieldErrors(err), fe))
		s.renderSeminars(w, r, http.StatusUnprocessableEntity, d)
		return
	}
	subject, body := mails.MeetingInvitation("Haut Conseil du travail social", m, s.absolute(paths.Committees))
	if _, err := s.db.CreateSeminar(r.Context(), postgres.Scope{AccountID: st.account.ID}, m,
		&postgres.MeetingMail{Subject: subject, Body: body}, clientIP(r)); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.redirectWithFlash(w, r, paths.Seminars, "Le séminaire est publié dans tous les comités et leurs membres sont invités.")
}

func (s *Server) seminarFromURL(w http.ResponseWriter, r *http.Request) (*clts.Meeting, bool) {
	id, ok := idParam(r, "seminarID")
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return nil, false
	}
	m, err := s.db.SeminarByID(r.Context(), id)
	if err != nil {
		s.failDomain(w, r, err)
		return nil, false
	}
	return m, true
}

func seminarEditForm(m clts.Meeting) pages.MeetingFormData {
	d := meetingForm(m)
	d.Heading, d.Action, d.Cancel = "Modifier le séminaire", paths.SeminarEdit(m.SeminarID), paths.Seminars
	d.CancelAction = paths.SeminarEdit(m.SeminarID)
	d.Intro = "Les modifications apparaissent dans tous les comités et dans les agendas abonnés."
	return d
}

func (s *Server) handleSeminarEditForm(w http.ResponseWriter, r *http.Request) {
	m, ok := s.seminarFromURL(w, r)
	if !ok {
		return
	}
	if !m.SeminarChangeable(s.now()) {
		s.renderError(w, r, http.StatusConflict)
		return
	}
	d := seminarEditForm(*m)
	s.render(w, r, pages.MeetingForm(s.page(r, d.Heading), d))
}

// handleSeminarEdit saves a seminar, or cancels it (annuler=oui).
func (s *Server) handleSeminarEdit(w http.ResponseWriter, r *http.Request) {
	current, ok := s.seminarFromURL(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	if !current.SeminarChangeable(s.now()) {
		s.renderError(w, r, http.StatusConflict)
		return
	}
	st := state(r.Context())
	d := seminarEditForm(*current)
	m := *current
	if r.PostFormValue("annuler") == "oui" {
		m.Status, m.CancelReason = clts.MeetingCancelled, formValue(r, "motif")
		m.Version, _ = strconv.Atoi(r.PostFormValue("version"))
		if m.CancelReason == "" {
			d.Conflict = "Indiquez le motif de l'annulation : il apparaîtra dans tous les comités."
			s.renderStatus(w, r, http.StatusUnprocessableEntity, pages.MeetingForm(s.page(r, d.Heading), d))
			return
		}
	} else {
		edited, fe := readMeetingForm(r)
		if err := edited.Validate(); err != nil || len(fe) > 0 {
			fillMeetingErrors(&d, r, mergeErrors(fieldErrors(err), fe))
			s.renderStatus(w, r, http.StatusUnprocessableEntity, pages.MeetingForm(s.page(r, d.Heading), d))
			return
		}
		edited.SeminarID, edited.Kind, edited.Status = current.SeminarID, clts.KindSeminar, clts.MeetingPlanned
		m = edited
	}
	subject, body := mails.MeetingChanged("Haut Conseil du travail social", m, s.absolute(paths.Committees))
	if m.Status == clts.MeetingCancelled {
		subject, body = mails.MeetingCancelled("Haut Conseil du travail social", m, m.CancelReason, s.absolute(paths.Committees))
	}
	err := s.db.UpdateSeminar(r.Context(), postgres.Scope{AccountID: st.account.ID}, m,
		&postgres.MeetingMail{Subject: subject, Body: body}, clientIP(r))
	switch clts.ErrorCode(err) {
	case "":
		msg := "Le séminaire est modifié dans tous les comités."
		if m.Status == clts.MeetingCancelled {
			msg = "Le séminaire est annulé dans tous les comités."
		}
		s.redirectWithFlash(w, r, paths.Seminars, msg)
	case clts.ECONFLICT:
		fillMeetingErrors(&d, r, nil)
		d.Conflict, d.Version = userMessage(err), current.Version
		s.renderStatus(w, r, http.StatusConflict, pages.MeetingForm(s.page(r, d.Heading), d))
	default:
		s.failDomain(w, r, err)
	}
}
