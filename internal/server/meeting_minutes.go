package server

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/markdown"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/components"
	"github.com/portail-clts/clts/web/pages"
)

func (s *Server) handleAttendanceForm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st := state(ctx)
	d := pages.AttendanceData{Slug: st.membership.Committee.Slug}
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		v, err := s.meetingFor(ctx, tx, r, auth.RecordAttendance)
		if err != nil {
			return err
		}
		d.Meeting = v.Meeting
		d.Responses, err = tx.Responses(ctx, v.Meeting.ID, st.principal().Can(auth.ViewMemberDetails))
		return err
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	s.render(w, r, pages.Attendance(s.page(r, "Émargement"), d))
}

func (s *Server) handleAttendance(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
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
	ctx := r.Context()
	st := state(ctx)
	var id int64
	var n int
	err := s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
		v, err := s.meetingFor(ctx, tx, r, auth.RecordAttendance)
		if err != nil {
			return err
		}
		id = v.Meeting.ID
		n, err = tx.RecordAttendance(ctx, id, present)
		return err
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	s.redirectWithFlash(w, r, paths.Meeting(st.membership.Committee.Slug, id), "L'émargement est enregistré : "+strconv.Itoa(n)+" présents.")
}

func actionKinds() []components.Option {
	return []components.Option{{Value: "decision", Label: "Décision"}, {Value: "action", Label: "Action à mener"}}
}

// minutesData is the minutes form of meeting v, whose view holds the
// minutes and their actions.
func minutesData(slug string, v *postgres.MeetingView) pages.MinutesData {
	return pages.MinutesData{
		Slug: slug, Meeting: v.Meeting, Version: v.Minutes.Version, Published: v.Minutes.PublishedAt != nil, Actions: v.Actions,
		Body: components.Field{Name: "compte_rendu", Label: "Compte rendu", Type: "textarea", Value: v.Minutes.Body, Spellcheck: true, MaxLength: clts.MaxMinutes,
			Hint: "Mise en forme simple (Markdown) : une ligne vide entre deux paragraphes, « ## » devant un titre, « - » devant un élément de liste, **gras**."},
		Kind: components.Field{Name: "nature", Label: "Nature", Type: "select", Value: "decision", Options: actionKinds()},
		What: components.Field{Name: "quoi", Label: "Quoi", Spellcheck: true, MaxLength: clts.MaxActionWhat},
		Who:  components.Field{Name: "qui", Label: "Qui", Optional: true, Hint: "Personne ou institution chargée de l'action.", MaxLength: clts.MaxActionWho},
		Due:  components.Field{Name: "echeance", Label: "Échéance", Type: "date", Optional: true},
	}
}

// readMinutes reads the minutes form of the meeting of the URL, for those
// who may write them, in one read-only unit of work (one statement).
func (s *Server) readMinutes(ctx context.Context, r *http.Request) (pages.MinutesData, clts.Minutes, error) {
	st := state(ctx)
	var d pages.MinutesData
	var current clts.Minutes
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		v, err := s.meetingFor(ctx, tx, r, auth.WriteMinutes)
		if err != nil {
			return err
		}
		d, current = minutesData(st.membership.Committee.Slug, v), v.Minutes
		return nil
	})
	return d, current, err
}

func (s *Server) handleMinutesForm(w http.ResponseWriter, r *http.Request) {
	d, _, err := s.readMinutes(r.Context(), r)
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	s.render(w, r, pages.MinutesEdit(s.page(r, "Compte rendu"), d))
}

func (s *Server) handleMinutes(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	st := state(ctx)
	body := r.PostFormValue("compte_rendu")
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	publish := r.PostFormValue("publier") == "oui"
	// The Markdown is rendered here, once, before the unit of work, and
	// stored with its HTML, which the meeting's page shows as is. A text
	// beyond the field's limit or the renderer's bounds comes back in the
	// form with its message (the second unit of work below checks who
	// may write).
	var text markdown.Text
	err := (clts.Minutes{Body: body}).Validate()
	if err == nil {
		text, err = renderField("compte_rendu", body)
	}
	var id int64
	if err == nil {
		err = s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
			v, err := s.meetingFor(ctx, tx, r, auth.WriteMinutes)
			if err != nil {
				return err
			}
			id = v.Meeting.ID
			return tx.SaveMinutes(ctx, id, text, version, publish)
		})
	}
	if err == nil {
		msg := "Le brouillon est enregistré."
		if publish {
			msg = "Le compte rendu est publié : les invités peuvent le lire."
		}
		s.redirectWithFlash(w, r, paths.Meeting(st.membership.Committee.Slug, id)+"#titre-cr", msg)
		return
	}
	// A closed meeting is a conflict too, but not with another's edit.
	code := clts.ErrorCode(err)
	if errors.Is(err, auth.ErrMeetingClosed) || (code != clts.EINVALID && code != clts.ECONFLICT) {
		s.failDomain(w, r, err)
		return
	}
	// The form again, with the typed text: a second, read-only unit of work.
	d, current, derr := s.readMinutes(ctx, r)
	if derr != nil {
		s.failDomain(w, r, derr)
		return
	}
	d.Body.Value = body
	if code == clts.EINVALID {
		d.Body.Error, d.Version = fieldErrors(err)["compte_rendu"], version
		s.renderStatus(w, r, http.StatusUnprocessableEntity, pages.MinutesEdit(s.page(r, "Compte rendu"), d))
		return
	}
	d.Conflict, d.Current = userMessage(err), current.Body
	s.renderStatus(w, r, http.StatusConflict, pages.MinutesEdit(s.page(r, "Compte rendu"), d))
}

func (s *Server) handleActionAdd(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	st := state(ctx)
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
	var id int64
	err := s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
		v, err := s.meetingFor(ctx, tx, r, auth.WriteMinutes)
		if err != nil {
			return err
		}
		id = v.Meeting.ID
		if err := fe.Err(); err != nil {
			return err
		}
		return tx.AddAction(ctx, id, a)
	})
	if err == nil {
		s.redirectWithFlash(w, r, paths.Minutes(st.membership.Committee.Slug, id), "La décision ou l'action est ajoutée.")
		return
	}
	if clts.ErrorCode(err) != clts.EINVALID {
		s.failDomain(w, r, err)
		return
	}
	d, _, derr := s.readMinutes(ctx, r)
	if derr != nil {
		s.failDomain(w, r, derr)
		return
	}
	fe = fieldErrors(err)
	d.Kind.Value, d.What.Value, d.Who.Value, d.Due.Value = a.Kind, a.What, a.Who, formValue(r, "echeance")
	d.Kind.Error, d.What.Error, d.Who.Error, d.Due.Error = fe["nature"], fe["quoi"], fe["qui"], fe["echeance"]
	s.renderStatus(w, r, http.StatusUnprocessableEntity, pages.MinutesEdit(s.page(r, "Compte rendu"), d))
}

func (s *Server) handleActionItem(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st := state(ctx)
	var id int64
	err := s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
		v, err := s.meetingFor(ctx, tx, r, auth.UpdateActions)
		if err != nil {
			return err
		}
		id = v.Meeting.ID
		actionID, ok := idParam(r, "actionID")
		if !ok {
			return clts.Errorf(clts.ENOTFOUND, "Action introuvable.")
		}
		switch chi.URLParam(r, "action") {
		case "fait":
			return tx.SetActionDone(ctx, id, actionID, true)
		case "afaire":
			return tx.SetActionDone(ctx, id, actionID, false)
		case "supprimer":
			return tx.DeleteAction(ctx, id, actionID)
		}
		return clts.Errorf(clts.ENOTFOUND, "Action introuvable.")
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	s.redirectWithFlash(w, r, paths.Minutes(st.membership.Committee.Slug, id), "La liste des décisions et actions est mise à jour.")
}

func (s *Server) handleAttendanceRates(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st := state(ctx)
	d := pages.RatesData{Slug: st.membership.Committee.Slug}
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		var err error
		d.Meetings, d.Members, err = tx.AttendanceRates(ctx)
		return err
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, pages.Rates(s.page(r, "Taux de présence"), d))
}
