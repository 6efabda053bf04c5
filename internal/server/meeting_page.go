package server

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/components"
	"github.com/portail-clts/clts/web/pages"
)

// meetingErrors carries the errors of the forms on a meeting's page.
type meetingErrors struct {
	item        clts.FieldErrors
	itemIn      clts.AgendaItem
	itemMinutes string // the duration typed, kept when it is not a number

	answer string
	note   string
	noteIn *string // the note typed, when an answer was refused
	// companions is the error of the number of people who come with the
	// invitee, companionsIn the number typed, when an answer was refused.
	companions   string
	companionsIn *string
	// answerIn is the answer and needs chosen, when an answer was refused.
	answerIn *clts.Response
	cancel   string
	// cancelIn is the reason typed, when a cancellation was refused.
	cancelIn string
}

// meetingFormError ends a unit of work on a meeting whose form cannot be
// taken, before any change: the meeting's page is shown again, with status
// and the form's errors.
type meetingFormError struct {
	status int
	errs   meetingErrors
}

func (e meetingFormError) Error() string {
	return "server: meeting form refused: " + http.StatusText(e.status)
}

// failMeetingForm answers a failed step posted from a meeting's page: the
// page again with the form's errors (a second, read-only unit of work), or
// the error page.
func (s *Server) failMeetingForm(w http.ResponseWriter, r *http.Request, err error) {
	var fe meetingFormError
	if errors.As(err, &fe) {
		s.renderMeeting(w, r, fe.status, fe.errs)
		return
	}
	s.failDomain(w, r, err)
}

func (s *Server) handleMeeting(w http.ResponseWriter, r *http.Request) {
	s.renderMeeting(w, r, http.StatusOK, meetingErrors{})
}

// renderMeeting shows the meeting of the URL in one unit of work, with
// status and the errors of a form posted from it.
func (s *Server) renderMeeting(w http.ResponseWriter, r *http.Request, status int, e meetingErrors) {
	ctx := r.Context()
	var d pages.MeetingData
	err := s.db.Read(ctx, state(ctx).scope(), func(tx *postgres.Tx) error {
		v, err := meetingFromURL(ctx, tx, r)
		if err != nil {
			return err
		}
		d, err = s.meetingData(ctx, tx, v, e)
		meetingEasyRead(ctx, r, &d, v)
		return err
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	s.renderStatus(w, r, status, pages.Meeting(s.page(r, d.Meeting.Title), d))
}

// meetingData reads in tx what the page of meeting v shows the viewer,
// beyond what v holds: the agenda, the documents the viewer reads and, for
// its organisers, everyone's answers and needs. With v's statement, a page
// takes three statements, four for its organisers, whatever the size of the
// meeting.
func (s *Server) meetingData(ctx context.Context, tx *postgres.Tx, v *postgres.MeetingView, e meetingErrors) (pages.MeetingData, error) {
	st := state(ctx)
	p := st.principal()
	d := pages.MeetingData{
		Slug: st.membership.Committee.Slug, Meeting: v.Meeting, Viewer: p, Facts: meetingFacts(v), Now: s.now(),
		My: v.My, AnswerError: e.answer,
	}
	d.Note = components.Field{Name: "precisions", Label: "Précisions", Type: "textarea", Optional: true, Value: v.My.NeedsNote,
		Spellcheck: true, Error: e.note, MaxLength: clts.MaxNeedsNote}
	if e.noteIn != nil {
		d.Note.Value = *e.noteIn
	}
	if e.answerIn != nil {
		d.My.Answer, d.My.Needs = e.answerIn.Answer, e.answerIn.Needs
	}
	d.Companions = components.Field{Name: "accompagnants", Label: "Nombre de personnes qui viennent avec vous", Optional: true,
		Inputmode: "numeric", Error: e.companions,
		Hint: "Par exemple un ou une interprète, une personne qui vous accompagne : l'organisateur prévoit leur place. " +
			"Laissez vide si vous venez seul·e."}
	if v.My.Companions > 0 {
		d.Companions.Value = strconv.Itoa(v.My.Companions)
	}
	if e.companionsIn != nil {
		d.Companions.Value = *e.companionsIn
	}
	d.CancelReason = components.Field{Name: "motif", Label: "Motif de l'annulation", Hint: "Il sera envoyé aux personnes invitées et visible par tous les membres.",
		Spellcheck: true, Value: e.cancelIn, Error: e.cancel, MaxLength: clts.MaxCancelReason}
	items, err := tx.AgendaItems(ctx, v.Meeting.ID, p.Can(auth.ViewMemberDetails))
	if err != nil {
		return d, err
	}
	d.Agenda, d.Proposals, d.TotalMin = splitAgenda(items)
	// The meeting's documents the viewer reads (the SQL mirrors
	// auth.CanReadDocument): one statement more, whatever their number.
	if d.Documents, err = tx.MeetingDocuments(ctx, v.Meeting.ID, p.Can(auth.ManageDocuments)); err != nil {
		return d, err
	}
	d.Organiser = auth.CanOrganiseMeeting(p, d.Facts)
	if d.Can(auth.SeeResponses) {
		if d.Responses, err = tx.Responses(ctx, v.Meeting.ID, p.Can(auth.ViewMemberDetails)); err != nil {
			return d, err
		}
	}
	// Minutes the viewer may not read never reach the page. Their HTML
	// is the one stored when they were saved: a view renders no Markdown.
	if d.Can(auth.ReadMinutes) {
		d.Minutes, d.MinutesHTML, d.Actions = v.Minutes, v.MinutesHTML, v.Actions
	}
	item := agendaForm{item: e.itemIn, minutes: e.itemMinutes, errs: e.item}.fields()
	d.ItemTitle, d.ItemDesc, d.ItemWho, d.ItemMinutes = item.title, item.desc, item.who, item.minutes
	if len(e.item) > 0 && e.item["point_titre"] == "" && e.item["point_duree"] == "" {
		d.ItemError = "Le point n'a pas pu être ajouté."
	}
	return d, nil
}

func (s *Server) handleMeetingAnswer(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	st := state(ctx)
	f := readAnswerForm(r)
	answer, note, companionsIn := f.answer, f.note, f.companionsIn
	var id int64
	err := s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
		v, err := meetingFromURL(ctx, tx, r)
		if err != nil {
			return err
		}
		id = v.Meeting.ID
		// A meeting over says so whoever asks; the answer's errors come
		// next, and only then whether the person is invited.
		err = auth.CheckMeeting(st.principal(), meetingFacts(v), auth.AnswerMeeting, s.now())
		switch {
		case errors.Is(err, auth.ErrMeetingClosed):
			return meetingFormError{http.StatusConflict, meetingErrors{answer: "Cette réunion n'attend plus de réponse."}}
		case !f.valid():
			invalid := f.invalidAnswer
			if invalid == "" {
				invalid = "Votre réponse n'a pas été enregistrée : corrigez les champs signalés."
			}
			return meetingFormError{http.StatusUnprocessableEntity, meetingErrors{answer: invalid, note: f.errs["precisions"], noteIn: &note,
				companions: f.errs["accompagnants"], companionsIn: &companionsIn, answerIn: &clts.Response{Answer: answer, Needs: f.needs}}}
		case err != nil:
			return err
		}
		return tx.SetResponse(ctx, id, answer, f.companions, f.needs, note)
	})
	if err != nil {
		s.failMeetingForm(w, r, err)
		return
	}
	// The easy home's buttons come back to it (« retour » accueil).
	to := paths.Meeting(st.membership.Committee.Slug, id)
	if r.PostFormValue("retour") == "accueil" {
		to = paths.CommitteeHome(st.membership.Committee.Slug)
	}
	s.redirectWithFlash(w, r, to, "Votre réponse est enregistrée : "+clts.AnswerLabel(answer)+".")
}

func (s *Server) handleAgendaAdd(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	st := state(ctx)
	f := readAgendaForm(r)
	item, fe := f.item, f.errs
	var proposed bool
	err := s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
		v, err := s.meetingFor(ctx, tx, r, auth.ProposeAgendaItem)
		if err != nil {
			return err
		}
		if len(fe) > 0 {
			return meetingFormError{http.StatusUnprocessableEntity, meetingErrors{item: fe, itemIn: item, itemMinutes: f.minutes}}
		}
		// Those who manage the agenda add to it; others propose.
		proposed = !auth.CanMeeting(st.principal(), meetingFacts(v), auth.ManageAgenda, s.now())
		item.MeetingID = v.Meeting.ID
		return tx.AddAgendaItem(ctx, item, proposed)
	})
	if err != nil {
		s.failMeetingForm(w, r, err)
		return
	}
	msg := "Le point est ajouté à l'ordre du jour."
	if proposed {
		msg = "Votre proposition est transmise à l'organisateur."
	}
	s.redirectWithFlash(w, r, paths.Meeting(st.membership.Committee.Slug, item.MeetingID), msg)
}

// handleAgendaItem moves, accepts or removes an agenda item (organisers).
func (s *Server) handleAgendaItem(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st := state(ctx)
	var id int64
	err := s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
		v, err := s.meetingFor(ctx, tx, r, auth.ManageAgenda)
		if err != nil {
			return err
		}
		id = v.Meeting.ID
		itemID, ok := idParam(r, "itemID")
		if !ok {
			return clts.Errorf(clts.ENOTFOUND, "Point de l'ordre du jour introuvable.")
		}
		switch chi.URLParam(r, "action") {
		case "monter":
			return tx.MoveAgendaItem(ctx, id, itemID, true)
		case "descendre":
			return tx.MoveAgendaItem(ctx, id, itemID, false)
		case "retenir":
			return tx.AcceptProposal(ctx, id, itemID)
		case "refuser":
			return tx.DeclineProposal(ctx, id, itemID)
		case "supprimer":
			return tx.DeleteAgendaItem(ctx, id, itemID)
		}
		return clts.Errorf(clts.ENOTFOUND, "Action introuvable.")
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	s.redirectWithFlash(w, r, paths.Meeting(st.membership.Committee.Slug, id)+"#titre-odj", "L'ordre du jour est mis à jour.")
}

// splitAgenda separates the items retained on the agenda, with their total
// duration in minutes, from the proposals still waiting for a decision.
func splitAgenda(items []clts.AgendaItem) (agenda, proposals []clts.AgendaItem, total int) {
	for _, it := range items {
		if it.Proposed {
			proposals = append(proposals, it)
		} else {
			agenda = append(agenda, it)
			total += it.Minutes
		}
	}
	return agenda, proposals, total
}
