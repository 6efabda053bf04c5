package server

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/components"
	"github.com/portail-clts/clts/web/pages"
)

// The « Agir avec » page: a referent acts with the supported person who
// named them — answers a meeting with their needs, proposes an agenda item
// — through actingWith, which checks the help in the request's unit of
// work and records the action as the person's, with the referent as
// helper.

// actMeetingsAhead and actMeetingsShown bound the meetings the page lists:
// those the person is invited to in the next months.
const (
	actMeetingsAhead = 6 * 31 * 24 * time.Hour
	actMeetingsShown = 6
)

// actErrors are a refused form's messages and what was typed (422).
type actErrors struct {
	answer, note, companions string
	answerIn                 *clts.Response
	noteIn, companionsIn     string
	item                     clts.FieldErrors
	itemIn                   clts.AgendaItem
}

func (s *Server) handleActWith(w http.ResponseWriter, r *http.Request) {
	selected, _ := strconv.ParseInt(r.URL.Query().Get("reunion"), 10, 64)
	s.renderActWith(w, r, http.StatusOK, selected, actErrors{})
}

// renderActWith reads the page in one unit of work: the help, the
// person's next meetings (as the person sees them), the one selected with
// the person's answer.
func (s *Server) renderActWith(w http.ResponseWriter, r *http.Request, status int, selected int64, e actErrors) {
	ctx := r.Context()
	st := state(ctx)
	d := pages.ActWithData{Slug: st.membership.Committee.Slug}
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		at, h, person, err := actingWith(ctx, tx, r, false)
		if err != nil {
			return err
		}
		d.Help = h
		now := s.now()
		ms, err := at.MeetingsBetween(ctx, now.Add(-12*time.Hour), now.Add(actMeetingsAhead), false, 40)
		if err != nil {
			return err
		}
		for _, m := range ms {
			if len(d.Meetings) == actMeetingsShown {
				break
			}
			v, err := at.MeetingPage(ctx, m.ID)
			if err != nil {
				return err
			}
			f := meetingFacts(v)
			answer := auth.CanMeeting(person, f, auth.AnswerMeeting, now)
			propose := auth.CanMeeting(person, f, auth.ProposeAgendaItem, now)
			if !answer && !propose {
				continue
			}
			d.Meetings = append(d.Meetings, v.Meeting)
			if d.Current == nil && (selected == 0 || selected == m.ID) {
				d.Current, d.My, d.CanAnswer, d.CanPropose = &v.Meeting, v.My, answer, propose
			}
		}
		d.Practices, d.Contributions, err = actDrafts(ctx, at, person, now)
		return err
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	fillActForm(&d, e)
	s.renderStatus(w, r, status, pages.ActWith(s.page(r, "Agir avec "+d.Help.PersonName), d))
}

// actDraftsShown bounds the person's drafts the page lists.
const actDraftsShown = 50

// actDrafts reads, as the person (at), their practices and contributions
// of the current campaign still in their hands (a draft, or returned by
// the pilots) that they may edit: the referent reopens them with the
// person (?avec=).
func actDrafts(ctx context.Context, at *postgres.Tx, person auth.Principal, now time.Time) ([]clts.Practice, []clts.Contribution, error) {
	var practices []clts.Practice
	hits, _, err := at.Practices(ctx, postgres.PracticeQuery{AuthorID: at.Scope().AccountID, Limit: 100})
	if err != nil {
		return nil, nil, err
	}
	for _, h := range hits {
		p := h.Practice
		if (p.Status == clts.PracticeDraft || p.Status == clts.PracticeReturned) && len(practices) < actDraftsShown &&
			auth.CanPractice(person, auth.PracticeFactsOf(p), auth.EditPractice) {
			practices = append(practices, p)
		}
	}
	camp, err := at.CurrentCampaign(ctx, now)
	if err != nil || camp == nil {
		return practices, nil, err
	}
	cs, err := at.Contributions(ctx, postgres.ContributionQuery{CampaignID: camp.ID, Status: clts.ContributionDraft, VisibleTo: at.Scope().AccountID})
	if err != nil {
		return nil, nil, err
	}
	var contributions []clts.Contribution
	for _, c := range cs {
		if len(contributions) < actDraftsShown && auth.CanContribution(person, auth.ContributionFactsOf(c, camp.Open(now)), auth.EditContribution) {
			contributions = append(contributions, c)
		}
	}
	return practices, contributions, nil
}

// fillActForm sets the forms' fields, with what was typed and the messages
// of a refused form.
func fillActForm(d *pages.ActWithData, e actErrors) {
	d.AnswerError = e.answer
	if e.answerIn != nil {
		d.My.Answer, d.My.Needs = e.answerIn.Answer, e.answerIn.Needs
	}
	note := d.My.NeedsNote
	if e.answerIn != nil {
		note = e.noteIn
	}
	d.Note = components.Field{Name: "precisions", Label: "Précisions", Type: "textarea", Optional: true, Value: note,
		Spellcheck: true, Error: e.note, MaxLength: clts.MaxNeedsNote}
	companions := ""
	if d.My.Companions > 0 {
		companions = strconv.Itoa(d.My.Companions)
	}
	if e.answerIn != nil {
		companions = e.companionsIn
	}
	d.Companions = components.Field{Name: "accompagnants", Label: "Nombre de personnes qui viennent avec la personne", Optional: true,
		Inputmode: "numeric", Value: companions, Error: e.companions}
	item := agendaForm{item: e.itemIn, errs: e.item}.fields()
	d.ItemTitle, d.ItemDesc = item.title, item.desc
	if len(e.item) > 0 {
		d.ItemError = "Le point n'a pas été proposé : corrigez les champs signalés."
	}
}

// actMeeting reads the meeting of the URL as the person sees it, and
// checks that the person may do a to it now (their rights, not the
// referent's).
func (s *Server) actMeeting(ctx context.Context, at *postgres.Tx, person auth.Principal, r *http.Request, a auth.MeetingAction) (*postgres.MeetingView, error) {
	v, err := meetingFromURL(ctx, at, r)
	if err != nil {
		return nil, err
	}
	if err := auth.CheckMeeting(person, meetingFacts(v), a, s.now()); err != nil {
		return nil, err
	}
	return v, nil
}

// handleActAnswer answers a meeting with the person: their answer, their
// needs, recorded with the referent as helper.
func (s *Server) handleActAnswer(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	st := state(ctx)
	f := readAnswerForm(r)
	answer := f.answer
	var (
		meetingID int64
		person    int64
		invalid   bool
	)
	err := s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
		at, h, p, err := actingWith(ctx, tx, r, true)
		if err != nil {
			return err
		}
		person = h.PersonID
		v, err := s.actMeeting(ctx, at, p, r, auth.AnswerMeeting)
		if err != nil {
			return err
		}
		meetingID = v.Meeting.ID
		if !f.valid() {
			invalid = true
			return nil
		}
		return at.SetResponse(ctx, meetingID, answer, f.companions, f.needs, f.note)
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	if invalid {
		msg := f.invalidAnswer
		if msg == "" {
			msg = "La réponse n'a pas été enregistrée : corrigez les champs signalés."
		}
		s.renderActWith(w, r, http.StatusUnprocessableEntity, meetingID, actErrors{answer: msg,
			note: f.errs["precisions"], companions: f.errs["accompagnants"], answerIn: &clts.Response{Answer: answer, Needs: f.needs},
			noteIn: f.note, companionsIn: f.companionsIn})
		return
	}
	s.redirectWithFlash(w, r, paths.ActWith(st.membership.Committee.Slug, person)+"?reunion="+strconv.FormatInt(meetingID, 10),
		"La réponse est enregistrée avec vous comme aide : "+clts.AnswerLabel(answer)+".")
}

// handleActAgenda proposes an agenda item with the person: their proposal,
// with the referent as helper.
func (s *Server) handleActAgenda(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	st := state(ctx)
	f := readAgendaForm(r)
	var (
		meetingID, person int64
		invalid           bool
	)
	err := s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
		at, h, p, err := actingWith(ctx, tx, r, true)
		if err != nil {
			return err
		}
		person = h.PersonID
		v, err := s.actMeeting(ctx, at, p, r, auth.ProposeAgendaItem)
		if err != nil {
			return err
		}
		meetingID = v.Meeting.ID
		if len(f.errs) > 0 {
			invalid = true
			return nil
		}
		item := f.item
		item.MeetingID = meetingID
		// The person's rights decide: a supported person proposes.
		return at.AddAgendaItem(ctx, item, !auth.CanMeeting(p, meetingFacts(v), auth.ManageAgenda, s.now()))
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	if invalid {
		s.renderActWith(w, r, http.StatusUnprocessableEntity, meetingID, actErrors{item: f.errs, itemIn: f.item})
		return
	}
	s.redirectWithFlash(w, r, paths.ActWith(st.membership.Committee.Slug, person)+"?reunion="+strconv.FormatInt(meetingID, 10),
		"La proposition est transmise à l'organisateur, avec vous comme aide.")
}
