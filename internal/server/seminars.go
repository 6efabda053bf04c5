package server

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/ical"
	"github.com/portail-clts/clts/internal/mails"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/components"
	"github.com/portail-clts/clts/web/pages"
)

// hctsSender is the sender named in seminar e-mails.
const hctsSender = "Haut Conseil du travail social"

// errSeminarFixed stops a unit of work that would change a seminar that is
// over or cancelled: it answers 409.
var errSeminarFixed = errors.New("server: seminar can no longer change")

// hctsScope is the scope of HCTS staff publishing national seminars.
func hctsScope(st *requestState) postgres.Scope {
	sc := st.scope()
	sc.HCTS = true
	return sc
}

func seminarForm() pages.MeetingFormData {
	d := meetingForm(clts.Meeting{})
	d.Title.Value = ""
	return d
}

func (s *Server) handleSeminars(w http.ResponseWriter, r *http.Request) {
	s.renderSeminars(w, r, http.StatusOK, seminarForm())
}

func (s *Server) renderSeminars(w http.ResponseWriter, r *http.Request, status int, form pages.MeetingFormData) {
	ctx := r.Context()
	var list []clts.Meeting
	err := s.db.Read(ctx, state(ctx).scope(), func(tx *postgres.Tx) error {
		var err error
		list, err = tx.Seminars(ctx, 100)
		return err
	})
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
	ctx := r.Context()
	m, fe := readMeetingForm(r)
	m.Kind = clts.KindSeminar
	if err := m.Validate(); err != nil || len(fe) > 0 {
		d := seminarForm()
		fillMeetingErrors(&d, r, mergeErrors(fieldErrors(err), fe))
		s.renderSeminars(w, r, http.StatusUnprocessableEntity, d)
		return
	}
	err := s.db.Write(ctx, hctsScope(state(ctx)), func(tx *postgres.Tx) error {
		_, err := tx.CreateSeminar(ctx, m, func(m clts.Meeting) *postgres.MeetingMail {
			subject, body := mails.MeetingInvitation(hctsSender, m, nil, s.absolute(paths.Committees))
			return &postgres.MeetingMail{Subject: subject, Body: body, Calendar: s.seminarCalendar(m, ical.MethodRequest)}
		})
		return err
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.redirectWithFlash(w, r, paths.Seminars, "Le séminaire est publié dans tous les comités et leurs membres reçoivent une invitation.")
}

// seminarToChange loads a seminar that may still be edited or cancelled:
// ENOTFOUND when there is none, errSeminarFixed when it is over or
// cancelled.
func (s *Server) seminarToChange(ctx context.Context, tx *postgres.Tx, id int64) (*clts.Meeting, error) {
	m, err := tx.SeminarByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if !m.SeminarChangeable(s.now()) {
		return nil, errSeminarFixed
	}
	return m, nil
}

// readSeminarToChange is seminarToChange in a unit of work of its own.
func (s *Server) readSeminarToChange(r *http.Request, id int64) (*clts.Meeting, error) {
	ctx := r.Context()
	var m *clts.Meeting
	err := s.db.Read(ctx, state(ctx).scope(), func(tx *postgres.Tx) error {
		var err error
		m, err = s.seminarToChange(ctx, tx, id)
		return err
	})
	return m, err
}

// failSeminar answers an error from seminarToChange or a store method.
func (s *Server) failSeminar(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, errSeminarFixed) {
		s.renderError(w, r, http.StatusConflict)
		return
	}
	s.failDomain(w, r, err)
}

func seminarEditForm(m clts.Meeting) pages.MeetingFormData {
	d := meetingForm(m)
	d.Heading, d.Action, d.Cancel = "Modifier le séminaire", paths.SeminarEdit(m.SeminarID), paths.Seminars
	d.CancelAction = paths.SeminarEdit(m.SeminarID)
	d.CancelReason = components.Field{Name: "motif", Label: "Motif de l'annulation", Hint: "Il apparaîtra dans tous les comités.",
		Spellcheck: true, MaxLength: clts.MaxCancelReason}
	d.Intro = "Les modifications apparaissent dans tous les comités et dans les agendas abonnés."
	return d
}

func (s *Server) handleSeminarEditForm(w http.ResponseWriter, r *http.Request) {
	id, ok := idParam(r, "seminarID")
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	m, err := s.readSeminarToChange(r, id)
	if err != nil {
		s.failSeminar(w, r, err)
		return
	}
	d := seminarEditForm(*m)
	s.render(w, r, pages.MeetingForm(s.page(r, d.Heading), d))
}

// seminarChange is what the edit form asks of a seminar: its cancellation
// (with a reason), or new details.
type seminarChange struct {
	cancel  bool
	reason  string
	version int          // of the seminar cancelled
	edited  clts.Meeting // the new details
}

// readSeminarChange reads the edit form; it returns the field errors of new
// details or of the cancellation's reason, and whether the form is valid.
func readSeminarChange(r *http.Request) (seminarChange, clts.FieldErrors, bool) {
	if r.PostFormValue("annuler") == "oui" {
		c := seminarChange{cancel: true, reason: formValue(r, "motif")}
		c.version, _ = strconv.Atoi(r.PostFormValue("version"))
		fe := fieldErrors(clts.Meeting{CancelReason: c.reason}.ValidateCancel())
		return c, fe, len(fe) == 0
	}
	edited, fe := readMeetingForm(r)
	if err := edited.Validate(); err != nil || len(fe) > 0 {
		return seminarChange{}, mergeErrors(fieldErrors(err), fe), false
	}
	return seminarChange{edited: edited}, nil, true
}

// apply returns current changed as asked.
func (c seminarChange) apply(current clts.Meeting) clts.Meeting {
	if c.cancel {
		m := current
		m.Status, m.CancelReason, m.Version = clts.MeetingCancelled, c.reason, c.version
		return m
	}
	m := c.edited
	m.SeminarID, m.Kind, m.Status = current.SeminarID, clts.KindSeminar, clts.MeetingPlanned
	return m
}

// seminarChangeMail tells every member of every committee about m, changed
// or cancelled.
func (s *Server) seminarChangeMail(m clts.Meeting) *postgres.MeetingMail {
	subject, body := mails.MeetingChanged(hctsSender, m, s.absolute(paths.Committees))
	method := ical.MethodRequest
	if m.Status == clts.MeetingCancelled {
		subject, body = mails.MeetingCancelled(hctsSender, m, m.CancelReason, s.absolute(paths.Committees))
		method = ical.MethodCancel
	}
	return &postgres.MeetingMail{Subject: subject, Body: body, Calendar: s.seminarCalendar(m, method)}
}

// seminarCalendar is the .ics part of an e-mail about seminar m, the same
// event in every committee (its UID is the seminar's).
func (s *Server) seminarCalendar(m clts.Meeting, method string) *postgres.CalendarPart {
	return mails.MeetingCalendar(s.cfg.BaseURL, hctsSender, m, s.absolute(paths.Committees), method)
}

// handleSeminarEdit saves a seminar, or cancels it (annuler=oui).
func (s *Server) handleSeminarEdit(w http.ResponseWriter, r *http.Request) {
	id, ok := idParam(r, "seminarID")
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	if !s.parseForm(w, r) {
		return
	}
	change, fe, valid := readSeminarChange(r)
	if !valid {
		s.seminarEditInvalid(w, r, id, change.cancel, fe)
		return
	}
	ctx := r.Context()
	var current *clts.Meeting
	var m clts.Meeting
	err := s.db.Write(ctx, hctsScope(state(ctx)), func(tx *postgres.Tx) error {
		var err error
		if current, err = s.seminarToChange(ctx, tx, id); err != nil {
			return err
		}
		m = change.apply(*current)
		return tx.UpdateSeminar(ctx, m, s.seminarChangeMail(m))
	})
	switch {
	case err == nil:
		msg := "Le séminaire est modifié dans tous les comités."
		if m.Status == clts.MeetingCancelled {
			msg = "Le séminaire est annulé dans tous les comités."
		}
		s.redirectWithFlash(w, r, paths.Seminars, msg)
	case clts.ErrorCode(err) == clts.ECONFLICT && current != nil:
		// Someone saved in between: show the form again, as typed.
		d := seminarEditForm(*current)
		fillMeetingErrors(&d, r, nil)
		d.Conflict, d.Version = userMessage(err), current.Version
		s.renderStatus(w, r, http.StatusConflict, pages.MeetingForm(s.page(r, d.Heading), d))
	default:
		s.failSeminar(w, r, err)
	}
}

// seminarEditInvalid shows the edit form again with what is wrong, once the
// seminar is known to exist and to be changeable.
func (s *Server) seminarEditInvalid(w http.ResponseWriter, r *http.Request, id int64, cancel bool, fe clts.FieldErrors) {
	current, err := s.readSeminarToChange(r, id)
	if err != nil {
		s.failSeminar(w, r, err)
		return
	}
	d := seminarEditForm(*current)
	if cancel {
		d.Conflict = "Le séminaire n'est pas annulé : corrigez le motif de l'annulation."
		d.CancelReason.Value, d.CancelReason.Error = formValue(r, "motif"), fe["motif"]
	} else {
		fillMeetingErrors(&d, r, fe)
	}
	s.renderStatus(w, r, http.StatusUnprocessableEntity, pages.MeetingForm(s.page(r, d.Heading), d))
}
