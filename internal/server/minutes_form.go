package server

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/mails"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/components"
	"github.com/portail-clts/clts/web/pages"
)

// The minutes page is ONE form: the text, and the decisions and actions
// edited with it. Each of its buttons posts everything typed: "Ajouter une
// ligne" and "Aperçu" show the form again with it all kept (nothing is
// written), the two others save it all in one unit of work. So nothing
// typed is lost, whichever button is pressed first.

// actionFormRow is a row of decisions and actions as the form posted it.
type actionFormRow struct {
	n      int // from 1
	id     int64
	kind   string
	what   string
	member string // the assignee's account id, "" for none
	who    string
	due    string // YYYY-MM-DD
	done   bool
	remove bool
}

// blank reports whether a new row was left empty: it is ignored.
func (r actionFormRow) blank() bool {
	return r.id == 0 && r.what == "" && r.who == "" && r.member == "" && r.due == ""
}

// minutesForm is the minutes form as posted.
type minutesForm struct {
	body    string
	version int
	rows    []actionFormRow
}

// readMinutesForm reads the posted form: the text, the version edited and
// the rows, up to the last one posted (at most clts.MaxActionRows).
func readMinutesForm(r *http.Request) minutesForm {
	f := minutesForm{body: r.PostFormValue("compte_rendu")}
	f.version, _ = strconv.Atoi(r.PostFormValue("version"))
	n := 0
	for k := range r.PostForm {
		var i int
		if rest, ok := strings.CutPrefix(k, "ligne"); ok {
			if digits, _, ok := strings.Cut(rest, "_"); ok {
				i, _ = strconv.Atoi(digits)
			}
		}
		if i > n && i <= clts.MaxActionRows {
			n = i
		}
	}
	for i := 1; i <= n; i++ {
		field := func(name string) string { return formValue(r, clts.ActionField(i, name)) }
		row := actionFormRow{n: i, kind: field("nature"), what: field("quoi"), member: field("membre"), who: field("qui"),
			due: field("echeance"), done: field("fait") == "oui", remove: field("supprimer") == "oui"}
		row.id, _ = strconv.ParseInt(field("id"), 10, 64)
		f.rows = append(f.rows, row)
	}
	return f
}

// changes turns the rows into the store's changes, leaving out blank new
// rows; fe receives what cannot be read (a date, a choice of the list).
func (f minutesForm) changes(fe clts.FieldErrors) []postgres.ActionChange {
	var out []postgres.ActionChange
	for _, r := range f.rows {
		if r.blank() {
			continue
		}
		a := clts.ActionItem{ID: r.id, Kind: r.kind, What: r.what, Who: r.who, Done: r.done && r.kind == "action"}
		if r.member != "" {
			id, err := strconv.ParseInt(r.member, 10, 64)
			if err != nil || id <= 0 {
				fe.Add(clts.ActionField(r.n, "membre"), "Choisissez un membre du comité dans la liste.")
			}
			a.AssigneeID = id
		}
		if r.due != "" {
			due, err := time.ParseInLocation(time.DateOnly, r.due, components.Paris())
			if err != nil {
				fe.Add(clts.ActionField(r.n, "echeance"), "Indiquez la date au format année-mois-jour, par exemple 2026-12-08.")
			} else {
				a.DueOn = &due
			}
		}
		out = append(out, postgres.ActionChange{Row: r.n, Item: a, Remove: r.remove})
	}
	return out
}

// minutesPage is what the form is built from: the meeting, its minutes and
// actions as stored, and the members an action may be given to.
type minutesPage struct {
	view    *postgres.MeetingView
	members []clts.MemberChoice
}

// readMinutesPage reads the meeting of the URL for those who may write its
// minutes, with the members to choose from, in one read-only unit of work.
func (s *Server) readMinutesPage(ctx context.Context, r *http.Request) (minutesPage, error) {
	st := state(ctx)
	var mp minutesPage
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		v, err := s.meetingFor(ctx, tx, r, auth.WriteMinutes)
		if err != nil {
			return err
		}
		mp.view = v
		mp.members, err = tx.ActionAssignees(ctx, st.principal().Can(auth.ViewMemberDetails))
		return err
	})
	return mp, err
}

// storedForm is the form as the stored minutes fill it, with one blank row
// to add a decision or an action.
func (mp minutesPage) storedForm() minutesForm {
	v := mp.view
	f := minutesForm{body: v.Minutes.Body, version: v.Minutes.Version}
	for i, a := range v.Actions {
		row := actionFormRow{n: i + 1, id: a.ID, kind: a.Kind, what: a.What, who: a.Who, done: a.Done}
		if a.AssigneeID != 0 {
			row.member = strconv.FormatInt(a.AssigneeID, 10)
		}
		if a.DueOn != nil {
			row.due = a.DueOn.Format(time.DateOnly)
		}
		f.rows = append(f.rows, row)
	}
	return f.withBlankRow()
}

// withBlankRow adds an empty row at the end, within the limit.
func (f minutesForm) withBlankRow() minutesForm {
	if len(f.rows) < clts.MaxActionRows {
		f.rows = append(f.rows, actionFormRow{n: len(f.rows) + 1, kind: "action"})
	}
	return f
}

// data is the page showing form f, with the errors fe.
func (mp minutesPage) data(slug string, f minutesForm, fe clts.FieldErrors) pages.MinutesData {
	v := mp.view
	d := pages.MinutesData{
		Slug: slug, Meeting: v.Meeting, Version: f.version, Published: v.Minutes.PublishedAt != nil,
		StoredBody: v.Minutes.Body, StoredVersion: v.Minutes.Version,
		Body: components.Field{Name: "compte_rendu", Label: "Texte du compte rendu", Type: "textarea", Value: f.body, Spellcheck: true,
			MaxLength: clts.MaxMinutes, Error: fe["compte_rendu"],
			Hint: "Mise en forme simple (Markdown) : une ligne vide entre deux paragraphes, « ## » devant un titre, « - » devant un élément de liste, **gras**. « Aperçu » montre le texte mis en forme sans l'enregistrer."},
		CanAddRow: len(f.rows) < clts.MaxActionRows,
	}
	// The stored names of assignees, for a row whose assignee is no
	// longer an active member: the list keeps them as its choice.
	stored := map[int64]clts.ActionItem{}
	for _, a := range v.Actions {
		stored[a.ID] = a
	}
	base := []components.Option{{Value: "", Label: "Aucun membre"}}
	for _, m := range mp.members {
		base = append(base, components.Option{Value: strconv.FormatInt(m.AccountID, 10), Label: m.Name})
	}
	for _, r := range f.rows {
		field := func(name string) string { return clts.ActionField(r.n, name) }
		options := base
		if r.member != "" && !hasOption(base, r.member) {
			if a, ok := stored[r.id]; ok && strconv.FormatInt(a.AssigneeID, 10) == r.member {
				options = append(options[:len(options):len(options)], components.Option{Value: r.member, Label: a.AssigneeName + " (ne fait plus partie du comité)"})
			}
		}
		d.Rows = append(d.Rows, pages.ActionRow{
			N: r.n, ID: r.id, Done: r.done, Remove: r.remove,
			Kind: components.Field{Name: field("nature"), Label: "Nature", Type: "select", Value: r.kind, Options: actionKinds(), Error: fe[field("nature")]},
			What: components.Field{Name: field("quoi"), Label: "Quoi", Value: r.what, Spellcheck: true, MaxLength: clts.MaxActionWhat, Error: fe[field("quoi")]},
			Member: components.Field{Name: field("membre"), Label: "Membre du comité qui s'en charge", Type: "select", Optional: true,
				Value: r.member, Options: options, Error: fe[field("membre")]},
			Who: components.Field{Name: field("qui"), Label: "Ou personne extérieure au comité", Optional: true, Value: r.who,
				MaxLength: clts.MaxActionWho, Error: fe[field("qui")],
				Hint: "Nom ou institution, si ce n'est pas un membre. " + components.VisibleToAllHint},
			Due: components.Field{Name: field("echeance"), Label: "Échéance", Type: "date", Optional: true, Value: r.due, Error: fe[field("echeance")]},
		})
	}
	return d
}

func hasOption(options []components.Option, value string) bool {
	for _, o := range options {
		if o.Value == value {
			return true
		}
	}
	return false
}

func actionKinds() []components.Option {
	return []components.Option{{Value: "decision", Label: "Décision"}, {Value: "action", Label: "Action à mener"}}
}

func (s *Server) handleMinutesForm(w http.ResponseWriter, r *http.Request) {
	mp, err := s.readMinutesPage(r.Context(), r)
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	d := mp.data(state(r.Context()).membership.Committee.Slug, mp.storedForm(), nil)
	s.render(w, r, pages.MinutesEdit(s.page(r, pages.MinutesHeading(d.StoredVersion)), d))
}

// handleMinutes takes the minutes form: a row added or a preview shows
// the form again with everything kept; a save writes the text and every
// row in one unit of work, and the first publication e-mails the invitees.
func (s *Server) handleMinutes(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	st := state(ctx)
	slug := st.membership.Committee.Slug
	f := readMinutesForm(r)
	switch {
	case r.PostFormValue("ajouter") != "":
		s.minutesAgain(w, r, http.StatusOK, f.withBlankRow(), nil, func(*pages.MinutesData) {})
		return
	case r.PostFormValue("apercu") != "":
		text, err := renderField("compte_rendu", f.body)
		if err != nil && clts.ErrorCode(err) != clts.EINVALID {
			s.serverError(w, r, err)
			return
		}
		s.minutesAgain(w, r, http.StatusOK, f, fieldErrors(err), func(d *pages.MinutesData) {
			d.Previewed, d.Preview = err == nil, text.HTML()
		})
		return
	}
	publish := r.PostFormValue("publier") == "oui"
	// What can be checked without the database, then the Markdown,
	// rendered here, once, and stored with its HTML.
	fe := clts.FieldErrors{}
	changes := f.changes(fe)
	text, err := renderField("compte_rendu", f.body)
	if err == nil && len(fe) > 0 {
		err = fe.Err()
	} else if err != nil {
		err = mergeErrors(fieldErrors(err), fe).Err()
	}
	var id int64
	if err == nil {
		err = s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
			v, err := s.meetingFor(ctx, tx, r, auth.WriteMinutes)
			if err != nil {
				return err
			}
			id = v.Meeting.ID
			subject, body := mails.MinutesPublished(st.membership.Committee.Name, v.Meeting, s.absolute(paths.Meeting(slug, id))+"#titre-cr")
			return tx.SaveMinutes(ctx, id, postgres.MinutesChange{Text: text, Version: f.version, Publish: publish,
				Actions: changes, Mail: &postgres.MeetingMail{Subject: subject, Body: body, Link: paths.Meeting(slug, id) + "#titre-cr"}})
		})
	}
	if err == nil {
		msg := "Le brouillon est enregistré."
		if publish {
			msg = "Le compte rendu est publié : les personnes invitées peuvent le lire et en sont prévenues."
		}
		s.redirectWithFlash(w, r, paths.Meeting(slug, id)+"#titre-cr", msg)
		return
	}
	// A closed meeting is a conflict too, but not with another's edit.
	code := clts.ErrorCode(err)
	if errors.Is(err, auth.ErrMeetingClosed) || (code != clts.EINVALID && code != clts.ECONFLICT) {
		s.failDomain(w, r, err)
		return
	}
	if code == clts.EINVALID {
		s.minutesAgain(w, r, http.StatusUnprocessableEntity, f, fieldErrors(err), func(d *pages.MinutesData) {
			if len(fieldErrors(err)) == 0 {
				d.Problem = userMessage(err)
			}
		})
		return
	}
	// Someone saved meanwhile: everything typed comes back, with the text
	// saved meanwhile to compare, and the current version, so that saving
	// again replaces it.
	s.minutesAgain(w, r, http.StatusConflict, f, nil, func(d *pages.MinutesData) {
		d.Conflict = userMessage(err)
		d.Current = d.StoredBody
		d.Version = d.StoredVersion
	})
}

// minutesAgain shows form f again, with the errors fe and what adjust
// sets, in a second, read-only unit of work: nothing typed is lost.
func (s *Server) minutesAgain(w http.ResponseWriter, r *http.Request, status int, f minutesForm, fe clts.FieldErrors, adjust func(*pages.MinutesData)) {
	ctx := r.Context()
	mp, err := s.readMinutesPage(ctx, r)
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	d := mp.data(state(ctx).membership.Committee.Slug, f, fe)
	adjust(&d)
	s.renderStatus(w, r, status, pages.MinutesEdit(s.page(r, pages.MinutesHeading(d.StoredVersion)), d))
}
