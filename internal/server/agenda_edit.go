package server

import (
	"net/http"
	"strconv"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/components"
	"github.com/portail-clts/clts/web/pages"
)

// agendaForm is an agenda item's form as typed: the item, the duration as
// typed (kept when it is not a number) and what is wrong with them.
type agendaForm struct {
	item    clts.AgendaItem
	minutes string
	errs    clts.FieldErrors
}

// readAgendaForm reads the agenda item's form of the meeting's page (add,
// propose) and of the item's edit page, and checks it.
func readAgendaForm(r *http.Request) agendaForm {
	f := agendaForm{item: clts.AgendaItem{Title: formValue(r, "point_titre"), Description: formValue(r, "point_description"),
		Presenter: formValue(r, "point_intervenant")}, minutes: formValue(r, "point_duree"), errs: clts.FieldErrors{}}
	if f.minutes != "" {
		n, err := strconv.Atoi(f.minutes)
		if err != nil {
			f.errs.Add("point_duree", "Indiquez une durée en minutes, par exemple 30.")
		}
		f.item.Minutes = n
	}
	if err := f.item.Validate(); err != nil {
		f.errs = mergeErrors(fieldErrors(err), f.errs)
	}
	return f
}

// agendaFields are the fields of an agenda item's form.
type agendaFields struct {
	title, desc, who, minutes components.Field
}

// fields are the form's fields, filled with what was typed (or the item
// stored) and the messages next to them.
func (f agendaForm) fields() agendaFields {
	a, fe := f.item, f.errs
	minutes := f.minutes
	if minutes == "" && a.Minutes > 0 {
		minutes = strconv.Itoa(a.Minutes)
	}
	return agendaFields{
		title: components.Field{Name: "point_titre", Label: "Intitulé du point", Value: a.Title, Error: fe["point_titre"], Spellcheck: true, MaxLength: clts.MaxAgendaTitle},
		desc: components.Field{Name: "point_description", Label: "Description", Type: "textarea", Optional: true, Value: a.Description,
			Error: fe["point_description"], Spellcheck: true, MaxLength: clts.MaxAgendaDescription},
		who: components.Field{Name: "point_intervenant", Label: "Intervenant ou intervenante", Optional: true, Value: a.Presenter,
			Error: fe["point_intervenant"], MaxLength: clts.MaxPresenter, Hint: components.VisibleToAllHint},
		minutes: components.Field{Name: "point_duree", Label: "Durée prévue, en minutes", Optional: true, Value: minutes,
			Error: fe["point_duree"], Hint: "Par exemple 30.", Inputmode: "numeric"},
	}
}

// agendaEditData is the edit page of item f of meeting v.
func agendaEditData(slug string, v *postgres.MeetingView, id int64, f agendaForm) pages.AgendaItemEditData {
	fs := f.fields()
	return pages.AgendaItemEditData{Slug: slug, Meeting: v.Meeting, ItemID: id, Proposed: f.item.Proposed,
		Title: fs.title, Desc: fs.desc, Who: fs.who, Minutes: fs.minutes}
}

func (s *Server) handleAgendaItemEditForm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st := state(ctx)
	var d pages.AgendaItemEditData
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		v, err := s.meetingFor(ctx, tx, r, auth.ManageAgenda)
		if err != nil {
			return err
		}
		itemID, ok := idParam(r, "itemID")
		if !ok {
			return clts.Errorf(clts.ENOTFOUND, "Point de l'ordre du jour introuvable.")
		}
		item, err := tx.AgendaItemByID(ctx, v.Meeting.ID, itemID)
		if err != nil {
			return err
		}
		d = agendaEditData(st.membership.Committee.Slug, v, itemID, agendaForm{item: item})
		return nil
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	s.render(w, r, pages.AgendaItemEdit(s.page(r, "Modifier un point de l'ordre du jour"), d))
}

// handleAgendaItemEdit saves an edited agenda item (organisers, until the
// meeting starts); a refused form comes back with what was typed and the
// messages next to the fields.
func (s *Server) handleAgendaItemEdit(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	st := state(ctx)
	f := readAgendaForm(r)
	var d *pages.AgendaItemEditData
	var meetingID int64
	err := s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
		v, err := s.meetingFor(ctx, tx, r, auth.ManageAgenda)
		if err != nil {
			return err
		}
		meetingID = v.Meeting.ID
		itemID, ok := idParam(r, "itemID")
		if !ok {
			return clts.Errorf(clts.ENOTFOUND, "Point de l'ordre du jour introuvable.")
		}
		stored, err := tx.AgendaItemByID(ctx, v.Meeting.ID, itemID)
		if err != nil {
			return err
		}
		if len(f.errs) > 0 {
			f.item.Proposed = stored.Proposed
			data := agendaEditData(st.membership.Committee.Slug, v, itemID, f)
			d = &data
			return nil // nothing written: the unit of work ends here
		}
		f.item.ID, f.item.MeetingID = itemID, v.Meeting.ID
		return tx.UpdateAgendaItem(ctx, f.item)
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	if d != nil {
		s.renderStatus(w, r, http.StatusUnprocessableEntity, pages.AgendaItemEdit(s.page(r, "Modifier un point de l'ordre du jour"), *d))
		return
	}
	s.redirectWithFlash(w, r, paths.Meeting(st.membership.Committee.Slug, meetingID)+"#titre-odj", "Le point de l'ordre du jour est modifié.")
}
