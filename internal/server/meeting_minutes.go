package server

import (
	"net/http"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/web/components"
	"github.com/portail-clts/clts/web/pages"
)

// startedOnly refuses attendance and minutes before the meeting starts or
// once it is cancelled.
func (s *Server) startedOnly(w http.ResponseWriter, r *http.Request, m *clts.Meeting) bool {
	if s.now().Before(m.StartsAt) || m.Status == clts.MeetingCancelled {
		s.renderError(w, r, http.StatusConflict)
		return false
	}
	return true
}

func (s *Server) handleAttendanceForm(w http.ResponseWriter, r *http.Request) {
	m, ok := s.organiserOnly(w, r)
	if !ok || !s.startedOnly(w, r, m) {
		return
	}
	st := state(r.Context())
	rs, err := s.db.Responses(r.Context(), st.scope(), m.ID, st.principal().Can(auth.ViewMemberDetails))
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, pages.Attendance(s.page(r, "Émargement"), pages.AttendanceData{Slug: st.membership.Committee.Slug, Meeting: *m, Responses: rs}))
}

func (s *Server) handleAttendance(w http.ResponseWriter, r *http.Request) {
	m, ok := s.organiserOnly(w, r)
	if !ok || !s.startedOnly(w, r, m) || !s.parseForm(w, r) {
		return
	}
	var present []int64
	for k, v := range r.PostForm {
		if len(k) > 8 && k[:8] == "present_" && len(v) > 0 && v[0] == "oui" {
			if id, err := strconv.ParseInt(k[8:], 10, 64); err == nil {
				present = append(present, id)
			}
		}
	}
	st := state(r.Context())
	n, err := s.db.RecordAttendance(r.Context(), st.scope(), m.ID, present, clientIP(r))
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	s.redirectWithFlash(w, r, paths.Meeting(st.membership.Committee.Slug, m.ID), "L'émargement est enregistré : "+strconv.Itoa(n)+" présents.")
}

func actionKinds() []components.Option {
	return []components.Option{{Value: "decision", Label: "Décision"}, {Value: "action", Label: "Action à mener"}}
}

func (s *Server) minutesData(r *http.Request, m *clts.Meeting) (pages.MinutesData, clts.Minutes, error) {
	st := state(r.Context())
	min, actions, err := s.db.MeetingMinutes(r.Context(), st.scope(), m.ID)
	if err != nil {
		return pages.MinutesData{}, min, err
	}
	return pages.MinutesData{
		Slug: st.membership.Committee.Slug, Meeting: *m, Version: min.Version, Published: min.PublishedAt != nil, Actions: actions,
		Body: components.Field{Name: "compte_rendu", Label: "Compte rendu", Type: "textarea", Value: min.Body, Spellcheck: true,
			Hint: "Mise en forme simple (Markdown) : une ligne vide entre deux paragraphes, « ## » devant un titre, « - » devant un élément de liste, **gras**."},
		Kind: components.Field{Name: "nature", Label: "Nature", Type: "select", Value: "decision", Options: actionKinds()},
		What: components.Field{Name: "quoi", Label: "Quoi", Spellcheck: true},
		Who:  components.Field{Name: "qui", Label: "Qui", Optional: true, Hint: "Personne ou institution chargée de l'action."},
		Due:  components.Field{Name: "echeance", Label: "Échéance", Type: "date", Optional: true},
	}, min, nil
}

func (s *Server) handleMinutesForm(w http.ResponseWriter, r *http.Request) {
	m, ok := s.organiserOnly(w, r)
	if !ok || !s.startedOnly(w, r, m) {
		return
	}
	d, _, err := s.minutesData(r, m)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, pages.MinutesEdit(s.page(r, "Compte rendu"), d))
}

func (s *Server) handleMinutes(w http.ResponseWriter, r *http.Request) {
	m, ok := s.organiserOnly(w, r)
	if !ok || !s.startedOnly(w, r, m) || !s.parseForm(w, r) {
		return
	}
	st := state(r.Context())
	body := r.PostFormValue("compte_rendu")
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	publish := r.PostFormValue("publier") == "oui"
	err := s.db.SaveMinutes(r.Context(), st.scope(), m.ID, body, version, publish, clientIP(r))
	if err == nil {
		msg := "Le brouillon est enregistré."
		if publish {
			msg = "Le compte rendu est publié : les invités peuvent le lire."
		}
		s.redirectWithFlash(w, r, paths.Meeting(st.membership.Committee.Slug, m.ID)+"#titre-cr", msg)
		return
	}
	d, current, derr := s.minutesData(r, m)
	if derr != nil {
		s.serverError(w, r, derr)
		return
	}
	d.Body.Value = body
	switch clts.ErrorCode(err) {
	case clts.EINVALID:
		d.Body.Error, d.Version = fieldErrors(err)["compte_rendu"], version
		s.renderStatus(w, r, http.StatusUnprocessableEntity, pages.MinutesEdit(s.page(r, "Compte rendu"), d))
	case clts.ECONFLICT:
		d.Conflict, d.Current = userMessage(err), current.Body
		s.renderStatus(w, r, http.StatusConflict, pages.MinutesEdit(s.page(r, "Compte rendu"), d))
	default:
		s.serverError(w, r, err)
	}
}

func (s *Server) handleActionAdd(w http.ResponseWriter, r *http.Request) {
	m, ok := s.organiserOnly(w, r)
	if !ok || !s.startedOnly(w, r, m) || !s.parseForm(w, r) {
		return
	}
	st := state(r.Context())
	a := clts.ActionItem{Kind: r.PostFormValue("nature"), What: formValue(r, "quoi"), Who: formValue(r, "qui")}
	fe := clts.FieldErrors{}
	if v := formValue(r, "echeance"); v != "" {
		due, err := time.ParseInLocation("2006-01-02", v, components.Paris())
		if err != nil {
			fe.Add("echeance", "Indiquez la date au format année-mois-jour, par exemple 2026-12-08.")
		} else {
			a.DueOn = &due
		}
	}
	err := fe.Err()
	if err == nil {
		err = s.db.AddAction(r.Context(), st.scope(), m.ID, a, clientIP(r))
	}
	if err != nil {
		if clts.ErrorCode(err) != clts.EINVALID {
			s.serverError(w, r, err)
			return
		}
		d, _, derr := s.minutesData(r, m)
		if derr != nil {
			s.serverError(w, r, derr)
			return
		}
		fe := fieldErrors(err)
		d.Kind.Value, d.What.Value, d.Who.Value, d.Due.Value = a.Kind, a.What, a.Who, formValue(r, "echeance")
		d.Kind.Error, d.What.Error, d.Who.Error, d.Due.Error = fe["nature"], fe["quoi"], fe["qui"], fe["echeance"]
		s.renderStatus(w, r, http.StatusUnprocessableEntity, pages.MinutesEdit(s.page(r, "Compte rendu"), d))
		return
	}
	s.redirectWithFlash(w, r, paths.Minutes(st.membership.Committee.Slug, m.ID), "La décision ou l'action est ajoutée.")
}

func (s *Server) handleActionItem(w http.ResponseWriter, r *http.Request) {
	m, ok := s.organiserOnly(w, r)
	if !ok {
		return
	}
	if m.Status == clts.MeetingCancelled {
		s.renderError(w, r, http.StatusConflict)
		return
	}
	id, ok := idParam(r, "actionID")
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	st := state(r.Context())
	var err error
	switch chi.URLParam(r, "action") {
	case "fait":
		err = s.db.SetActionDone(r.Context(), st.scope(), m.ID, id, true)
	case "afaire":
		err = s.db.SetActionDone(r.Context(), st.scope(), m.ID, id, false)
	case "supprimer":
		err = s.db.DeleteAction(r.Context(), st.scope(), m.ID, id)
	default:
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	s.redirectWithFlash(w, r, paths.Minutes(st.membership.Committee.Slug, m.ID), "La liste des décisions et actions est mise à jour.")
}

func (s *Server) handleAttendanceRates(w http.ResponseWriter, r *http.Request) {
	st := state(r.Context())
	meetings, members, err := s.db.AttendanceRates(r.Context(), st.scope())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, pages.Rates(s.page(r, "Taux de présence"), pages.RatesData{Slug: st.membership.Committee.Slug, Meetings: meetings, Members: members}))
}
