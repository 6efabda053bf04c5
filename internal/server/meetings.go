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
	"github.com/portail-clts/clts/internal/ical"
	"github.com/portail-clts/clts/internal/mails"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/components"
	"github.com/portail-clts/clts/web/pages"
)

// meetingsPageSize is the number of meetings per list page.
const meetingsPageSize = 30

func (s *Server) handleMeetings(w http.ResponseWriter, r *http.Request) {
	s.meetingList(w, r, false)
}

func (s *Server) handleMeetingsPast(w http.ResponseWriter, r *http.Request) {
	s.meetingList(w, r, true)
}

// meetingList shows upcoming meetings (from today on, in time order) or
// past ones (newest first), a page at a time, in one query.
func (s *Server) meetingList(w http.ResponseWriter, r *http.Request, past bool) {
	ctx := r.Context()
	st := state(ctx)
	pr := st.principal()
	slug := st.membership.Committee.Slug
	page := pageNumber(r.URL.Query().Get("page"))
	now := s.now()
	today := time.Date(now.In(components.Paris()).Year(), now.In(components.Paris()).Month(), now.In(components.Paris()).Day(), 0, 0, 0, 0, components.Paris())
	from, to := today, today.AddDate(50, 0, 0)
	heading, base := "Prochaines réunions", paths.Meetings(slug)
	if past {
		from, to = today.AddDate(-50, 0, 0), today
		heading, base = "Réunions passées", paths.MeetingsPast(slug)
	}
	var ms []clts.Meeting
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		var err error
		// One extra row tells whether a next page exists.
		ms, err = tx.MeetingsBetween(ctx, from, to, past, page*meetingsPageSize+1)
		return err
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	total := len(ms)
	start := (page - 1) * meetingsPageSize
	if start > len(ms) {
		start = len(ms)
	}
	end := min(start+meetingsPageSize, len(ms))
	d := pages.MeetingsData{
		Slug: slug, Heading: heading, Meetings: ms[start:end], Past: past,
		CanCreate: auth.CanSchedulePlenary(pr), CanRates: pr.Can(auth.ManageMeetings),
		Pager: components.NewPager(page, meetingsPageSize, total, base, r.URL.Query()),
	}
	s.render(w, r, pages.Meetings(s.page(r, heading), d))
}

// handleMeetingsMonth shows a month as a table of weeks, with one query for
// the month's meetings.
func (s *Server) handleMeetingsMonth(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st := state(ctx)
	slug := st.membership.Committee.Slug
	paris := components.Paris()
	now := s.now().In(paris)
	first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, paris)
	if m := r.URL.Query().Get("mois"); m != "" {
		t, err := time.ParseInLocation("2006-01", m, paris)
		if err != nil || t.Year() < 2000 || t.Year() > 2100 {
			s.renderError(w, r, http.StatusNotFound)
			return
		}
		first = t
	}
	next := first.AddDate(0, 1, 0)
	var ms []clts.Meeting
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		var err error
		ms, err = tx.MeetingsBetween(ctx, first, next, false, 5000)
		return err
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	byDay := map[int][]clts.Meeting{}
	for _, m := range ms {
		d := m.StartsAt.In(paris).Day()
		byDay[d] = append(byDay[d], m)
	}
	// Weeks start on Monday.
	offset := (int(first.Weekday()) + 6) % 7
	days := next.AddDate(0, 0, -1).Day()
	var weeks [][]pages.MonthDay
	week := make([]pages.MonthDay, offset)
	for d := 1; d <= days; d++ {
		date := time.Date(first.Year(), first.Month(), d, 12, 0, 0, 0, paris)
		week = append(week, pages.MonthDay{Day: d, Label: components.Date(date), Meetings: byDay[d],
			Today: date.Year() == now.Year() && date.YearDay() == now.YearDay()})
		if len(week) == 7 {
			weeks = append(weeks, week)
			week = nil
		}
	}
	if len(week) > 0 {
		for len(week) < 7 {
			week = append(week, pages.MonthDay{})
		}
		weeks = append(weeks, week)
	}
	prev := first.AddDate(0, -1, 0)
	label := components.MonthYear
	heading := "Réunions " + components.De(label(first))
	s.render(w, r, pages.Month(s.page(r, heading), pages.MonthData{
		Slug: slug, Heading: heading, Weeks: weeks,
		PrevURL: paths.MeetingsMonth(slug, prev.Format("2006-01")), PrevLabel: "Mois précédent : " + label(prev),
		NextURL: paths.MeetingsMonth(slug, next.Format("2006-01")), NextLabel: "Mois suivant : " + label(next),
	}))
}

// errMeetingNotFound is the answer for a meeting id that cannot be one.
var errMeetingNotFound = clts.Errorf(clts.ENOTFOUND, "Réunion introuvable.")

// errInvalidForm ends a unit of work whose form has errors, after its
// checks and before any change, so that the handler shows the form again.
var errInvalidForm = errors.New("server: invalid form")

// meetingFromURL reads, in the unit of work tx, the meeting of the URL
// within the URL's committee, with what decides what the viewer may do
// there (one statement).
func meetingFromURL(ctx context.Context, tx *postgres.Tx, r *http.Request) (*postgres.MeetingView, error) {
	id, ok := idParam(r, "meetingID")
	if !ok {
		return nil, errMeetingNotFound
	}
	return tx.MeetingPage(ctx, id)
}

// meetingFacts are the facts of v that the meeting rules of internal/auth
// decide on.
func meetingFacts(v *postgres.MeetingView) auth.MeetingFacts {
	m := v.Meeting
	return auth.MeetingFacts{Kind: m.Kind, Status: m.Status, GroupStatus: v.GroupStatus, Invited: v.Invited,
		SeminarID: m.SeminarID, StartsAt: m.StartsAt, EndsAt: m.EndsAt, MinutesPublished: v.Minutes.PublishedAt != nil,
		Convened: m.Convened()}
}

// meetingFor reads the meeting of the URL in tx and checks that the viewer
// may do a to it now: a missing meeting is ENOTFOUND, a refusal
// auth.ErrMeetingForbidden or auth.ErrMeetingClosed (see failMeeting).
func (s *Server) meetingFor(ctx context.Context, tx *postgres.Tx, r *http.Request, a auth.MeetingAction) (*postgres.MeetingView, error) {
	v, err := meetingFromURL(ctx, tx, r)
	if err != nil {
		return nil, err
	}
	if err := auth.CheckMeeting(state(ctx).principal(), meetingFacts(v), a, s.now()); err != nil {
		return nil, err
	}
	return v, nil
}

func repeatOptions() []components.Option {
	opts := []components.Option{{Value: "1", Label: "Une seule réunion"}}
	for _, n := range []int{2, 3, 4, 5, 6} {
		opts = append(opts, components.Option{Value: strconv.Itoa(n), Label: strconv.Itoa(n) + " réunions, une tous les deux mois"})
	}
	return opts
}

func meetingForm(m clts.Meeting) pages.MeetingFormData {
	d := pages.MeetingFormData{
		Version: m.Version,
		Title:   components.Field{Name: "titre", Label: "Titre", Value: m.Title, Spellcheck: true, MaxLength: clts.MaxMeetingTitle},
		Date:    components.Field{Name: "date", Label: "Date", Type: "date", Hint: "Par exemple 2026-12-08."},
		Start:   components.Field{Name: "debut", Label: "Heure de début", Type: "time", Hint: "Heure de Paris, par exemple 14:00."},
		End:     components.Field{Name: "fin", Label: "Heure de fin", Type: "time", Hint: "Par exemple 16:30."},
		Place: components.Field{Name: "lieu", Label: "Lieu", Value: m.Place, Optional: true, Spellcheck: true, MaxLength: clts.MaxPlace,
			Hint: "Adresse et salle. Indiquez un lieu, un lien de visioconférence, ou les deux."},
		Video: components.Field{Name: "visio", Label: "Lien de visioconférence", Type: "url", Value: m.VideoURL, Optional: true, MaxLength: clts.MaxVideoURL},
		Accessibility: components.Field{Name: "accessibilite", Label: "Accessibilité du lieu", Type: "textarea", Value: m.Accessibility, Optional: true,
			Spellcheck: true, Hint: "Accès en fauteuil, transports, boucle magnétique, personne à contacter… " + components.VisibleToAllHint,
			MaxLength: clts.MaxAccessibility},
		Description: components.Field{Name: "description", Label: "Présentation", Type: "textarea", Value: m.Description, Optional: true, Spellcheck: true,
			MaxLength: clts.MaxMeetingDescription},
	}
	if !m.StartsAt.IsZero() {
		p := components.Paris()
		d.Date.Value = m.StartsAt.In(p).Format("2006-01-02")
		d.Start.Value = m.StartsAt.In(p).Format("15:04")
		d.End.Value = m.EndsAt.In(p).Format("15:04")
	}
	return d
}

// readMeetingForm reads the form into a meeting; dates are read in Paris time.
func readMeetingForm(r *http.Request) (clts.Meeting, clts.FieldErrors) {
	fe := clts.FieldErrors{}
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	m := clts.Meeting{
		Title: formValue(r, "titre"), Place: formValue(r, "lieu"), VideoURL: formValue(r, "visio"),
		Accessibility: formValue(r, "accessibilite"), Description: formValue(r, "description"), Version: version,
	}
	p := components.Paris()
	date := formValue(r, "date")
	day, err := time.ParseInLocation("2006-01-02", date, p)
	if err != nil {
		fe.Add("date", "Indiquez la date au format année-mois-jour, par exemple 2026-12-08.")
		return m, fe
	}
	at := func(field, hm, msg string) time.Time {
		t, err := time.ParseInLocation("2006-01-02 15:04", day.Format("2006-01-02")+" "+hm, p)
		if err != nil {
			fe.Add(field, msg)
		}
		return t
	}
	m.NoReminders = r.PostFormValue(remindersField) != "oui"
	m.StartsAt = at("debut", formValue(r, "debut"), "Indiquez l'heure de début, par exemple 14:00.")
	m.EndsAt = at("fin", formValue(r, "fin"), "Indiquez l'heure de fin, par exemple 16:30.")
	return m, fe
}

// fillMeetingErrors puts the typed values and the errors back in the form.
func fillMeetingErrors(d *pages.MeetingFormData, r *http.Request, fe clts.FieldErrors) {
	d.Title.Value, d.Date.Value, d.Start.Value, d.End.Value = formValue(r, "titre"), formValue(r, "date"), formValue(r, "debut"), formValue(r, "fin")
	d.Place.Value, d.Video.Value = formValue(r, "lieu"), formValue(r, "visio")
	d.Accessibility.Value, d.Description.Value = formValue(r, "accessibilite"), formValue(r, "description")
	d.Repeat.Value = r.PostFormValue("repetition")
	d.Title.Error, d.Date.Error, d.Start.Error, d.End.Error = fe["titre"], fe["date"], fe["debut"], fe["fin"]
	d.Place.Error, d.Video.Error, d.Accessibility.Error, d.Description.Error = fe["lieu"], fe["visio"], fe["accessibilite"], fe["description"]
	d.Repeat.Error = fe["repetition"]
	if d.Reminders.Name != "" {
		d.Reminders.Value = r.PostFormValue(remindersField)
	}
	if d.Convene.Name != "" {
		d.Convene.Error = fe[d.Convene.Name]
		if v := r.PostFormValue(d.Convene.Name); v != "" {
			d.Convene.Value = v
		}
	}
}

// remindersField is the meeting form's checkbox « Envoyer les rappels ».
const remindersField = "rappels"

// remindersBox is that checkbox, checked unless the meeting's reminders
// are off (a new meeting has them on).
func remindersBox(m clts.Meeting) components.Field {
	f := components.Field{Name: remindersField, Label: "Envoyer les rappels",
		Hint: "Trois jours avant la réunion, un rappel aux personnes invitées qui n'ont pas répondu ; " +
			"la veille, un rappel à celles qui viennent, avec le lieu, le lien de visioconférence et l'accessibilité."}
	if !m.NoReminders {
		f.Value = "oui"
	}
	return f
}

// Choices of the creation form's "convocation" field.
const (
	conveneNow   = "maintenant"
	conveneLater = "plus_tard"
)

// conveneField is the creation form's choice: convene the invitees now, or
// later from the meeting's page, once the agenda is ready.
func conveneField() components.Field {
	return components.Field{Name: "convocation", Label: "Convocation des personnes invitées", Value: conveneNow,
		Options: []components.Option{
			{Value: conveneNow, Label: "Envoyer la convocation maintenant"},
			{Value: conveneLater, Label: "Envoyer la convocation plus tard, depuis la page de la réunion, quand l'ordre du jour sera prêt"},
		},
		Hint: "La convocation part par courriel aux personnes invitées, avec l'ordre du jour s'il est établi. " +
			"Une réunion dont la date est passée n'est jamais convoquée : elle est seulement enregistrée, pour son émargement et son compte rendu."}
}

// readConvene reads the creation form's choice; an absent field convenes
// now, as the form's default does.
func readConvene(r *http.Request, fe clts.FieldErrors) bool {
	switch r.PostFormValue("convocation") {
	case "", conveneNow:
		return true
	case conveneLater:
		return false
	}
	fe.Add("convocation", "Choisissez d'envoyer la convocation maintenant ou plus tard.")
	return false
}

// newMeetingTarget resolves, in the unit of work tx, what the creation form
// creates: a plenary, or a meeting of the group given by ?groupe= (or the
// posted field), and checks the person may.
func (s *Server) newMeetingTarget(ctx context.Context, tx *postgres.Tx, r *http.Request) (pages.MeetingFormData, error) {
	st := state(ctx)
	pr := st.principal()
	slug := st.membership.Committee.Slug
	d := meetingForm(clts.Meeting{})
	d.Cancel = paths.Meetings(slug)
	d.Convene, d.Submit, d.Reminders = conveneField(), "Enregistrer la réunion", remindersBox(clts.Meeting{})
	groupParam := r.URL.Query().Get("groupe")
	if r.Method == http.MethodPost {
		groupParam = r.PostFormValue("groupe")
	}
	if groupParam == "" {
		if !auth.CanSchedulePlenary(pr) {
			return d, clts.Errorf(clts.EFORBIDDEN, "Seuls les pilotes programment les réunions plénières.")
		}
		d.Heading, d.Action = "Programmer une réunion plénière", paths.MeetingNew(slug, 0)
		d.Repeat = components.Field{Name: "repetition", Label: "Répétition", Type: "select", Value: "1", Options: repeatOptions(),
			Hint: "Le comité se réunit tous les deux mois : créez d'un coup les prochaines réunions, à la même heure."}
		d.Title.Value = "Réunion plénière du comité"
		return d, nil
	}
	gid, err := strconv.ParseInt(groupParam, 10, 64)
	if err != nil {
		return d, clts.Errorf(clts.ENOTFOUND, "Groupe introuvable.")
	}
	g, err := tx.GroupByID(ctx, gid)
	if err != nil {
		return d, err
	}
	status, err := tx.GroupStatus(ctx, gid, st.account.ID)
	if err != nil {
		return d, err
	}
	if !auth.CanScheduleGroupMeeting(pr, auth.GroupFactsOf(*g, status)) {
		return d, clts.Errorf(clts.EFORBIDDEN, "Seuls les animateurs d'un groupe actif programment ses réunions.")
	}
	d.Heading, d.Action = "Programmer une réunion du groupe", paths.MeetingNew(slug, gid)
	d.Group, d.GroupID, d.Cancel = g.Title, g.ID, paths.Group(slug, g.ID)
	d.Title.Value = "Réunion du groupe « " + g.Title + " »"
	return d, nil
}

func (s *Server) handleMeetingNewForm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	var d pages.MeetingFormData
	err := s.db.Read(ctx, state(ctx).scope(), func(tx *postgres.Tx) error {
		var err error
		d, err = s.newMeetingTarget(ctx, tx, r)
		return err
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	s.render(w, r, pages.MeetingForm(s.page(r, d.Heading), d))
}

// meetingMail is what the invitees of meeting m of committee c are told:
// its convocation ("invitation", without agenda), its change ("change") or
// its cancellation with reason, each with the meeting's .ics part.
func (s *Server) meetingMail(c clts.Committee, kind string, m clts.Meeting, reason string) *postgres.MeetingMail {
	path := paths.Meeting(c.Slug, m.ID)
	link := s.absolute(path)
	var subject, body string
	method := ical.MethodRequest
	switch kind {
	case "invitation":
		subject, body = mails.MeetingInvitation(c.Name, m, nil, link)
	case "change":
		subject, body = mails.MeetingChanged(c.Name, m, link)
	default:
		subject, body = mails.MeetingCancelled(c.Name, m, reason, link)
		m.CancelReason, method = reason, ical.MethodCancel
	}
	return &postgres.MeetingMail{Subject: subject, Body: body, Link: path, Calendar: s.meetingCalendar(c, m, method)}
}

func (s *Server) handleMeetingCreate(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	st := state(ctx)
	c := st.membership.Committee
	m, fe := readMeetingForm(r)
	// Only plenaries come in series; the target is checked in the unit of
	// work, before the form's errors are shown.
	convene := readConvene(r, fe)
	count := 1
	if r.PostFormValue("groupe") == "" {
		if n, err := strconv.Atoi(r.PostFormValue("repetition")); err == nil && n >= 1 && n <= 6 {
			count = n
		} else if r.PostFormValue("repetition") != "" {
			fe.Add("repetition", "Choisissez le nombre de réunions à créer.")
		}
	}
	var d pages.MeetingFormData
	var ids []int64
	var series []clts.Meeting
	err := s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
		var err error
		if d, err = s.newMeetingTarget(ctx, tx, r); err != nil {
			return err
		}
		m.Kind, m.GroupID = clts.KindPlenary, d.GroupID
		if d.GroupID != 0 {
			m.Kind = clts.KindGroup
		}
		if err := m.Validate(); err != nil || len(fe) > 0 {
			fe = mergeErrors(fieldErrors(err), fe)
			return errInvalidForm
		}
		// A series keeps the local time of day across daylight-saving changes.
		p := components.Paris()
		series = nil // the unit of work may run again
		for i := 0; i < count; i++ {
			mi := m
			mi.StartsAt, mi.EndsAt = monthsLater(m.StartsAt, 2*i, p), monthsLater(m.EndsAt, 2*i, p)
			series = append(series, mi)
		}
		ids, err = tx.CreateMeetings(ctx, series, convene, func(mi clts.Meeting) *postgres.MeetingMail {
			return s.meetingMail(c, "invitation", mi, "")
		})
		return err
	})
	switch {
	case errors.Is(err, errInvalidForm):
		fillMeetingErrors(&d, r, fe)
		s.renderStatus(w, r, http.StatusUnprocessableEntity, pages.MeetingForm(s.page(r, d.Heading), d))
		return
	case err != nil:
		s.failDomain(w, r, err)
		return
	}
	s.redirectWithFlash(w, r, paths.Meeting(c.Slug, ids[0]), createdMessage(series, convene, s.now()))
}

// editForm is the form that edits meeting m.
func editForm(slug string, m clts.Meeting) pages.MeetingFormData {
	d := meetingForm(m)
	d.Heading, d.Action, d.Cancel = "Modifier la réunion", paths.MeetingEdit(slug, m.ID), paths.Meeting(slug, m.ID)
	d.Reminders = remindersBox(m)
	if !m.Convened() {
		// Not convened yet: a change tells no one; the convocation, when
		// sent, carries the meeting as it is then.
		d.Submit = "Enregistrer les modifications"
	}
	return d
}

func (s *Server) handleMeetingEditForm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st := state(ctx)
	var m clts.Meeting
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		v, err := s.meetingFor(ctx, tx, r, auth.EditMeeting)
		if err != nil {
			return err
		}
		m = v.Meeting
		return nil
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	d := editForm(st.membership.Committee.Slug, m)
	s.render(w, r, pages.MeetingForm(s.page(r, d.Heading), d))
}

func (s *Server) handleMeetingEdit(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	st := state(ctx)
	c := st.membership.Committee
	m, fe := readMeetingForm(r)
	if err := m.Validate(); err != nil {
		fe = mergeErrors(fieldErrors(err), fe)
	}
	var current clts.Meeting
	err := s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
		v, err := s.meetingFor(ctx, tx, r, auth.EditMeeting)
		if err != nil {
			return err
		}
		current = v.Meeting
		if len(fe) > 0 {
			return errInvalidForm
		}
		m.ID, m.Kind, m.GroupID, m.CommitteeID = current.ID, current.Kind, current.GroupID, current.CommitteeID
		mail := s.meetingMail(c, "change", m, "")
		if sameForInvitees(current, m) {
			// Only the reminders changed, or nothing: nobody is told.
			mail = nil
		}
		return tx.UpdateMeeting(ctx, m, mail)
	})
	if err == nil {
		msg := "La réunion est modifiée et les personnes invitées sont prévenues."
		switch {
		case sameForInvitees(current, m):
			msg = "La réunion est enregistrée. Rien n'a changé pour les personnes invitées : personne n'est prévenu."
			if current.NoReminders != m.NoReminders && m.NoReminders {
				msg = "Les rappels de cette réunion sont désactivés. Rien d'autre n'a changé : personne n'est prévenu."
			} else if current.NoReminders != m.NoReminders {
				msg = "Les rappels de cette réunion sont activés. Rien d'autre n'a changé : personne n'est prévenu."
			}
		case !current.Convened():
			msg = "La réunion est modifiée. Sa convocation n'est pas envoyée : personne n'est prévenu."
		}
		s.redirectWithFlash(w, r, paths.Meeting(c.Slug, m.ID), msg)
		return
	}
	d := editForm(c.Slug, current)
	d.Version = m.Version
	switch {
	case errors.Is(err, errInvalidForm):
		fillMeetingErrors(&d, r, fe)
		s.renderStatus(w, r, http.StatusUnprocessableEntity, pages.MeetingForm(s.page(r, d.Heading), d))
	case !errors.Is(err, auth.ErrMeetingClosed) && clts.ErrorCode(err) == clts.ECONFLICT:
		// Edited meanwhile: the typed values stay, next to the current ones.
		fillMeetingErrors(&d, r, nil)
		d.Conflict = userMessage(err) + " Version actuelle : " + current.Title + ", " + components.DateTime(current.StartsAt) + "."
		d.Version = current.Version
		s.renderStatus(w, r, http.StatusConflict, pages.MeetingForm(s.page(r, d.Heading), d))
	default:
		s.failDomain(w, r, err)
	}
}

func (s *Server) handleMeetingCancel(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	st := state(ctx)
	c := st.membership.Committee
	reason := formValue(r, "motif")
	var id int64
	var convened bool
	err := s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
		v, err := s.meetingFor(ctx, tx, r, auth.CancelMeeting)
		if err != nil {
			return err
		}
		cancelled := v.Meeting
		cancelled.CancelReason = reason
		if err := cancelled.ValidateCancel(); err != nil {
			return meetingFormError{http.StatusUnprocessableEntity, meetingErrors{cancel: fieldErrors(err)["motif"], cancelIn: reason}}
		}
		id, convened = v.Meeting.ID, v.Meeting.Convened()
		return tx.CancelMeeting(ctx, id, strings.TrimSpace(reason), s.meetingMail(c, "cancel", v.Meeting, reason))
	})
	if err != nil {
		s.failMeetingForm(w, r, err)
		return
	}
	msg := "La réunion est annulée et les personnes invitées sont prévenues."
	if !convened {
		msg = "La réunion est annulée. Elle n'avait pas été convoquée : personne n'est prévenu."
	}
	s.redirectWithFlash(w, r, paths.Meeting(c.Slug, id), msg)
}

// sameForInvitees reports whether edited shows the invitees the same
// meeting as current: the same title, times, place, video link,
// accessibility and presentation (the reminders may differ).
func sameForInvitees(current, edited clts.Meeting) bool {
	return strings.TrimSpace(edited.Title) == current.Title && edited.Description == current.Description &&
		edited.StartsAt.Equal(current.StartsAt) && edited.EndsAt.Equal(current.EndsAt) && edited.Place == current.Place &&
		edited.VideoURL == current.VideoURL && edited.Accessibility == current.Accessibility
}

// createdMessage tells the organiser what became of the convocations of
// the series of meetings created at now: a meeting whose date is past is
// never convened.
func createdMessage(series []clts.Meeting, convene bool, now time.Time) string {
	count, past := len(series), 0
	for _, m := range series {
		if !m.StartsAt.After(now) {
			past++
		}
	}
	if count == 1 {
		switch {
		case past == 1:
			return "La réunion est enregistrée. Sa date est passée : personne n'a été convoqué."
		case convene:
			return "La réunion est programmée et les personnes invitées sont convoquées. Établissez maintenant l'ordre du jour."
		}
		return "La réunion est programmée. Établissez l'ordre du jour, puis envoyez la convocation depuis cette page."
	}
	msg := strconv.Itoa(count) + " réunions sont programmées"
	switch {
	case past == count:
		return strconv.Itoa(count) + " réunions sont enregistrées. Leurs dates sont passées : personne n'a été convoqué."
	case convene:
		msg += " et les personnes invitées sont convoquées."
	default:
		msg += ". Envoyez chaque convocation depuis la page de la réunion, quand son ordre du jour est prêt."
	}
	if past > 0 {
		msg += " Personne n'est convoqué pour celles dont la date est passée."
	}
	return msg
}

// monthsLater is t, n months later at the same local time in loc, on the
// same day of the month or the month's last day when it is shorter (a
// meeting on 31 December repeats on 28 or 29 February, not 3 March).
func monthsLater(t time.Time, n int, loc *time.Location) time.Time {
	l := t.In(loc)
	y, m, d := l.Date()
	first := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, loc)
	if last := first.AddDate(0, 1, -1).Day(); d > last {
		d = last
	}
	return time.Date(first.Year(), first.Month(), d, l.Hour(), l.Minute(), 0, 0, loc)
}
