package server

import (
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/markdown"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/web/components"
	"github.com/portail-clts/clts/web/pages"
)

// meetingErrors carries the errors of the forms on a meeting's page.
type meetingErrors struct {
	item   clts.FieldErrors
	itemIn clts.AgendaItem
	answer string
	cancel string
}

func (s *Server) handleMeeting(w http.ResponseWriter, r *http.Request) {
	m, ok := s.meetingFromURL(w, r)
	if !ok {
		return
	}
	s.renderMeeting(w, r, m, http.StatusOK, meetingErrors{})
}

// renderMeeting shows a meeting's page in a constant number of queries:
// the agenda, the viewer's answer (or everyone's for organisers), minutes.
func (s *Server) renderMeeting(w http.ResponseWriter, r *http.Request, m *clts.Meeting, status int, e meetingErrors) {
	ctx := r.Context()
	st := state(ctx)
	org, err := s.organises(r, m)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	invited, err := s.db.IsInvited(ctx, st.scope(), m.ID, st.account.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	items, err := s.db.AgendaItems(ctx, st.scope(), m.ID, st.principal().Can(auth.ViewMemberDetails))
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	now := s.now()
	d := pages.MeetingData{
		Slug: st.membership.Committee.Slug, Meeting: *m, Organiser: org, Invited: invited,
		Started:     !now.Before(m.StartsAt),
		CanAnswer:   invited && m.Status == clts.MeetingPlanned && now.Before(m.EndsAt),
		AnswerError: e.answer, CancelError: e.cancel,
	}
	d.AgendaOpen = m.AgendaOpen(now)
	d.CanPropose = d.AgendaOpen && m.SeminarID == 0 && (org || invited)
	d.Changeable = org && m.Changeable(now)
	for _, it := range items {
		if it.Proposed {
			d.Proposals = append(d.Proposals, it)
		} else {
			d.Agenda = append(d.Agenda, it)
			d.TotalMin += it.Minutes
		}
	}
	d.ItemTitle = components.Field{Name: "point_titre", Label: "Intitulé du point", Value: e.itemIn.Title, Error: e.item["point_titre"], Spellcheck: true}
	d.ItemDesc = components.Field{Name: "point_description", Label: "Description", Type: "textarea", Optional: true, Value: e.itemIn.Description, Error: e.item["point_description"], Spellcheck: true}
	d.ItemWho = components.Field{Name: "point_intervenant", Label: "Intervenant", Optional: true, Value: e.itemIn.Presenter, Error: e.item["point_intervenant"]}
	minutesValue := ""
	if e.itemIn.Minutes > 0 {
		minutesValue = strconv.Itoa(e.itemIn.Minutes)
	}
	d.ItemMinutes = components.Field{Name: "point_duree", Label: "Durée prévue, en minutes", Optional: true, Value: minutesValue, Error: e.item["point_duree"], Hint: "Par exemple 30."}
	if len(e.item) > 0 && e.item["point_titre"] == "" && e.item["point_duree"] == "" {
		d.ItemError = "Le point n'a pas pu être ajouté."
	}
	if invited {
		if d.My, err = s.db.MyResponse(ctx, st.scope(), m.ID, st.account.ID); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	if org {
		if d.Responses, err = s.db.Responses(ctx, st.scope(), m.ID, st.principal().Can(auth.ViewMemberDetails)); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	// Minutes: published ones for the invitees and pilots, drafts for the
	// organisers only.
	min, actions, err := s.db.MeetingMinutes(ctx, st.scope(), m.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	canRead := org || ((invited || st.principal().Can(auth.ManageMeetings)) && min.PublishedAt != nil)
	if min.Version > 0 && canRead {
		html, err := markdown.New().HTML(min.Body)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		d.ShowMinutes, d.Minutes, d.MinutesHTML, d.Actions = true, min, html, actions
	}
	s.renderStatus(w, r, status, pages.Meeting(s.page(r, m.Title), d))
}

func (s *Server) handleMeetingAnswer(w http.ResponseWriter, r *http.Request) {
	m, ok := s.meetingFromURL(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	st := state(r.Context())
	if m.Status != clts.MeetingPlanned || !s.now().Before(m.EndsAt) {
		s.renderMeeting(w, r, m, http.StatusConflict, meetingErrors{answer: "Cette réunion n'attend plus de réponse."})
		return
	}
	answer := r.PostFormValue("reponse")
	switch answer {
	case clts.AnswerYes, clts.AnswerNo, clts.AnswerMaybe:
	default:
		s.renderMeeting(w, r, m, http.StatusUnprocessableEntity, meetingErrors{answer: "Choisissez oui, non ou peut-être."})
		return
	}
	var needs []string
	for _, n := range clts.Needs() {
		if r.PostFormValue("besoin_"+n) == "oui" {
			needs = append(needs, n)
		}
	}
	note := formValue(r, "precisions")
	if len([]rune(note)) > 1000 {
		s.renderMeeting(w, r, m, http.StatusUnprocessableEntity, meetingErrors{answer: "Les précisions ne doivent pas dépasser 1 000 caractères."})
		return
	}
	if err := s.db.SetResponse(r.Context(), st.scope(), m.ID, st.account.ID, answer, needs, note, clientIP(r)); err != nil {
		s.failDomain(w, r, err)
		return
	}
	s.redirectWithFlash(w, r, paths.Meeting(st.membership.Committee.Slug, m.ID), "Votre réponse est enregistrée : "+clts.AnswerLabel(answer)+".")
}

func (s *Server) handleAgendaAdd(w http.ResponseWriter, r *http.Request) {
	m, ok := s.meetingFromURL(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	st := state(ctx)
	org, err := s.organises(r, m)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	invited, err := s.db.IsInvited(ctx, st.scope(), m.ID, st.account.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if !org && !invited {
		s.renderError(w, r, http.StatusForbidden)
		return
	}
	if !m.AgendaOpen(s.now()) || m.SeminarID != 0 {
		s.renderError(w, r, http.StatusConflict)
		return
	}
	item := clts.AgendaItem{MeetingID: m.ID, Title: formValue(r, "point_titre"), Description: formValue(r, "point_description"),
		Presenter: formValue(r, "point_intervenant")}
	fe := clts.FieldErrors{}
	if v := formValue(r, "point_duree"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			fe.Add("point_duree", "Indiquez une durée en minutes, par exemple 30.")
		}
		item.Minutes = n
	}
	if err := item.Validate(); err != nil || len(fe) > 0 {
		s.renderMeeting(w, r, m, http.StatusUnprocessableEntity, meetingErrors{item: mergeErrors(fieldErrors(err), fe), itemIn: item})
		return
	}
	if err := s.db.AddAgendaItem(ctx, st.scope(), item, !org, clientIP(r)); err != nil {
		s.failDomain(w, r, err)
		return
	}
	msg := "Le point est ajouté à l'ordre du jour."
	if !org {
		msg = "Votre proposition est transmise à l'organisateur."
	}
	s.redirectWithFlash(w, r, paths.Meeting(st.membership.Committee.Slug, m.ID), msg)
}

// handleAgendaItem moves, accepts or removes an agenda item (organisers).
func (s *Server) handleAgendaItem(w http.ResponseWriter, r *http.Request) {
	m, ok := s.organiserOnly(w, r)
	if !ok {
		return
	}
	if !m.AgendaOpen(s.now()) {
		s.renderError(w, r, http.StatusConflict)
		return
	}
	itemID, ok := idParam(r, "itemID")
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	ctx := r.Context()
	st := state(ctx)
	var err error
	switch chi.URLParam(r, "action") {
	case "monter":
		err = s.db.MoveAgendaItem(ctx, st.scope(), m.ID, itemID, true, clientIP(r))
	case "descendre":
		err = s.db.MoveAgendaItem(ctx, st.scope(), m.ID, itemID, false, clientIP(r))
	case "retenir":
		err = s.db.AcceptProposal(ctx, st.scope(), m.ID, itemID, clientIP(r))
	case "supprimer":
		err = s.db.DeleteAgendaItem(ctx, st.scope(), m.ID, itemID, clientIP(r))
	default:
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	s.redirectWithFlash(w, r, paths.Meeting(st.membership.Committee.Slug, m.ID)+"#titre-odj", "L'ordre du jour est mis à jour.")
}
