package server

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/charter"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/components"
	"github.com/portail-clts/clts/web/pages"
)

// The charter's forms: a new version, its edit, the consultation, the
// comments and answers, the adoption.

// charterBodyField is the text of the charter form.
func charterBodyField(value string) components.Field {
	return components.Field{Name: clts.FieldCharterBody, Label: "Texte de la charte", Type: "textarea", Value: value,
		Spellcheck: true, MaxLength: 100_000,
		Hint: "Une ligne vide sépare deux paragraphes : chacun est numéroté et peut être commenté. " +
			"Un titre commence par « ## ». " + markdownHint}
}

// charterCommentFields are the comment form's fields: the text, and the
// paragraph it is about (chosen beforehand by a paragraph's link).
func charterCommentFields(ps []charter.Paragraph, chosen int) (text, paragraph components.Field) {
	opts := []components.Option{{Value: "0", Label: "Le texte entier"}}
	for _, p := range ps {
		if p.Number > 0 {
			opts = append(opts, components.Option{Value: strconv.Itoa(p.Number), Label: "Paragraphe " + strconv.Itoa(p.Number)})
		}
	}
	text = components.Field{Name: clts.FieldCharterComment, Label: "Votre commentaire", Type: "textarea", Spellcheck: true,
		MaxLength: clts.MaxCharterComment, Hint: "Il est visible par tous les membres du comité ; les pilotes y répondent."}
	paragraph = components.Field{Name: clts.FieldCharterParagraph, Label: "Sur quoi porte-t-il ?", Type: "select",
		Value: strconv.Itoa(chosen), Options: opts}
	return text, paragraph
}

// charterEndsOnField is the consultation's end date.
func charterEndsOnField(now time.Time, value string) components.Field {
	if value == "" {
		value = now.In(components.Paris()).AddDate(0, 0, 21).Format(time.DateOnly)
	}
	return components.Field{Name: clts.FieldCharterEndsOn, Label: "Dernier jour de la consultation", Type: "date", Value: value,
		Hint: "Les membres peuvent commenter jusqu'à ce jour inclus."}
}

// charterDiffFields are the two selects of the difference page.
func charterDiffFields(versions []clts.CharterVersion, from, to int) (a, b components.Field) {
	var opts []components.Option
	for _, v := range versions {
		opts = append(opts, components.Option{Value: strconv.Itoa(v.Number),
			Label: "Version " + strconv.Itoa(v.Number) + " (" + strings.ToLower(clts.CharterStateLabel(v.State)) + ")"})
	}
	a = components.Field{Name: "de", Label: "De la version", Type: "select", Value: strconv.Itoa(from), Options: opts}
	b = components.Field{Name: "a", Label: "À la version", Type: "select", Value: strconv.Itoa(to), Options: opts}
	return a, b
}

// handleCharterNewForm offers a new version to a pilot, starting from the
// current text.
func (s *Server) handleCharterNewForm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st := state(ctx)
	slug := st.membership.Committee.Slug
	d := pages.CharterFormData{Slug: slug, Heading: "Nouvelle version de la charte", Action: paths.CharterNew(slug),
		Cancel: paths.Charter(slug)}
	var preparing int64
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		versions, err := tx.CharterVersions(ctx)
		if err != nil {
			return err
		}
		for _, v := range versions {
			if v.Open() {
				preparing = v.ID
				return nil
			}
		}
		cur, err := tx.CurrentCharter(ctx)
		if err != nil {
			return err
		}
		d.Number = len(versions) + 1
		if cur != nil {
			d.Body = charterBodyField(cur.Body)
			d.BasedOn = cur.Number
		} else {
			d.Body = charterBodyField("")
		}
		return nil
	})
	switch {
	case err != nil:
		s.failDomain(w, r, err)
	case preparing != 0:
		// One version is prepared at a time: the pilot goes to it.
		s.redirectWithFlash(w, r, paths.CharterVersion(slug, preparing), userMessage(postgres.ErrCharterPreparing))
	default:
		s.render(w, r, pages.CharterForm(s.page(r, d.Heading), d))
	}
}

// typedCharterText reads and renders the text typed in a charter form;
// an empty one is refused next to the field.
func typedCharterText(r *http.Request) (string, postgres.CharterText, error) {
	src := trimmed(r.PostFormValue(clts.FieldCharterBody))
	text, err := renderCharterText(src)
	if err == nil && src == "" {
		err = clts.FieldErrors{clts.FieldCharterBody: "Écrivez le texte de la charte."}.Err()
	}
	return src, text, err
}

// handleCharterCreate saves a pilot's new version as a draft.
func (s *Server) handleCharterCreate(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	st := state(ctx)
	slug := st.membership.Committee.Slug
	src, text, err := typedCharterText(r)
	d := pages.CharterFormData{Slug: slug, Heading: "Nouvelle version de la charte", Action: paths.CharterNew(slug),
		Cancel: paths.Charter(slug), Body: charterBodyField(src)}
	var id int64
	if err == nil {
		err = s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
			var err error
			id, err = tx.CreateCharterDraft(ctx, text)
			return err
		})
	}
	switch {
	case err == nil:
		s.redirectWithFlash(w, r, paths.CharterVersion(slug, id),
			"La nouvelle version est enregistrée en brouillon : seuls les pilotes la voient tant que la consultation n'est pas ouverte.")
	case fieldErrors(err) != nil:
		d.Body.Error = fieldErrors(err)[clts.FieldCharterBody]
		s.renderStatus(w, r, http.StatusUnprocessableEntity, pages.CharterForm(s.page(r, d.Heading), d))
	default:
		s.failDomain(w, r, err)
	}
}

// handleCharterEditForm offers a draft's or a consultation's text to a
// pilot.
func (s *Server) handleCharterEditForm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st := state(ctx)
	var v clts.CharterVersion
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		var err error
		v, _, err = s.charterFor(ctx, tx, r, auth.EditCharter)
		return err
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	d := charterEditData(st.membership.Committee.Slug, v)
	d.Body = charterBodyField(v.Body)
	s.render(w, r, pages.CharterForm(s.page(r, d.Heading), d))
}

func charterEditData(slug string, v clts.CharterVersion) pages.CharterFormData {
	return pages.CharterFormData{Slug: slug, Heading: "Modifier la version " + strconv.Itoa(v.Number) + " de la charte",
		Action: paths.CharterEdit(slug, v.ID), Cancel: paths.CharterVersion(slug, v.ID), ID: v.ID, Version: v.Version,
		Number: v.Number, State: v.State}
}

// handleCharterEdit saves a pilot's text, unless another pilot saved one
// since the form was opened: then the form comes back with the typed text
// kept and the text saved meanwhile shown, nothing written.
func (s *Server) handleCharterEdit(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	st := state(ctx)
	slug := st.membership.Committee.Slug
	src, text, rerr := typedCharterText(r)
	seen, _ := strconv.Atoi(r.PostFormValue("version"))
	var v clts.CharterVersion
	err := s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
		var err error
		if v, _, err = s.charterFor(ctx, tx, r, auth.EditCharter); err != nil {
			return err
		}
		if rerr != nil {
			return rerr
		}
		return tx.UpdateCharterText(ctx, v.ID, seen, text, s.now())
	})
	switch {
	case err == nil:
		s.redirectWithFlash(w, r, paths.CharterVersion(slug, v.ID), "Le texte de la version "+strconv.Itoa(v.Number)+" est enregistré.")
	case v.ID != 0 && fieldErrors(err) != nil:
		d := charterEditData(slug, v)
		d.Version = seen
		d.Body = charterBodyField(src)
		d.Body.Error = fieldErrors(err)[clts.FieldCharterBody]
		s.renderStatus(w, r, http.StatusUnprocessableEntity, pages.CharterForm(s.page(r, d.Heading), d))
	case v.ID != 0 && errors.Is(err, postgres.ErrCharterChanged):
		d := charterEditData(slug, v)
		d.Body = charterBodyField(src)
		d.Conflict = userMessage(err)
		d.SavedText = v.Body
		s.renderStatus(w, r, http.StatusConflict, pages.CharterForm(s.page(r, d.Heading), d))
	default:
		s.failDomain(w, r, err)
	}
}

// charterStep is a step taken on a version, from its page, the charter's
// or the acceptances': its rule, the store's work, what the person is told
// and where they go next; a refusal that a field explains goes to the
// version's page.
type charterStep struct {
	action auth.CharterAction
	run    func(r *http.Request, tx *postgres.Tx, v clts.CharterVersion) error
	done   func(v clts.CharterVersion) string
	// next is where the person goes once the step is taken; nil for the
	// version's page.
	next func(slug string, v clts.CharterVersion) string
	// refused, when set, answers a refusal that no field explains (the
	// version's state, a conflict) with a page that says why and keeps
	// what was typed; it reports false to leave it to failDomain.
	refused func(w http.ResponseWriter, r *http.Request, v clts.CharterVersion, err error) bool
}

// takeCharterStep takes step on the version of the URL in one unit of
// work: the rule first (404, 403, 409), then the store, which checks it
// again under its lock. A refusal that a field explains brings the
// version's page back with the message next to the field and what was
// typed kept (422).
func (s *Server) takeCharterStep(w http.ResponseWriter, r *http.Request, step charterStep) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	st := state(ctx)
	slug := st.membership.Committee.Slug
	var v clts.CharterVersion
	err := s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
		var err error
		if v, _, err = s.charterFor(ctx, tx, r, step.action); err != nil {
			return err
		}
		return step.run(r, tx, v)
	})
	switch {
	case err == nil:
		next := paths.CharterVersion(slug, v.ID)
		if step.next != nil {
			next = step.next(slug, v)
		}
		s.redirectWithFlash(w, r, next, step.done(v))
	case v.ID != 0 && fieldErrors(err) != nil:
		s.charterStepRefused(w, r, err)
	case v.ID != 0 && step.refused != nil && step.refused(w, r, v, err):
	default:
		s.failDomain(w, r, err)
	}
}

// charterStepRefused shows the version's page again with the refusal next
// to its field, the typed values kept.
func (s *Server) charterStepRefused(w http.ResponseWriter, r *http.Request, err error) {
	d, rerr := s.readCharterPage(r)
	if rerr != nil {
		s.failDomain(w, r, rerr)
		return
	}
	fe := fieldErrors(err)
	if _, ok := fe[clts.FieldCharterEndsOn]; ok {
		d.EndsOn = charterEndsOnField(s.now(), r.PostFormValue(clts.FieldCharterEndsOn))
		d.EndsOn.Error = fe[clts.FieldCharterEndsOn]
	}
	if fe[clts.FieldCharterComment] != "" || fe[clts.FieldCharterParagraph] != "" {
		d.Comment.Value, d.Comment.Error = r.PostFormValue(clts.FieldCharterComment), fe[clts.FieldCharterComment]
		d.Paragraph.Value, d.Paragraph.Error = r.PostFormValue(clts.FieldCharterParagraph), fe[clts.FieldCharterParagraph]
	}
	if fe[clts.FieldCharterAnswer] != "" {
		d.AnswerFor, _ = idParam(r, "commentID")
		d.Answer, d.AnswerError = r.PostFormValue(clts.FieldCharterAnswer), fe[clts.FieldCharterAnswer]
	}
	s.renderStatus(w, r, http.StatusUnprocessableEntity, pages.CharterVersionPage(s.page(r, charterTitle(d.Version)), d))
}

// parseDay reads a date typed in a form (YYYY-MM-DD), in Europe/Paris.
func parseDay(v string) (time.Time, bool) {
	d, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(v), components.Paris())
	return d, err == nil
}

func (s *Server) handleCharterConsultation(w http.ResponseWriter, r *http.Request) {
	s.takeCharterStep(w, r, charterStep{action: auth.OpenCharterConsultation,
		run: func(r *http.Request, tx *postgres.Tx, v clts.CharterVersion) error {
			day, ok := parseDay(r.PostFormValue(clts.FieldCharterEndsOn))
			if !ok {
				return clts.FieldErrors{clts.FieldCharterEndsOn: "Indiquez le dernier jour de la consultation, par exemple 2026-03-31."}.Err()
			}
			return tx.OpenCharterConsultation(r.Context(), v.ID, day, s.now())
		},
		done: func(v clts.CharterVersion) string {
			return "La consultation sur la version " + strconv.Itoa(v.Number) + " est ouverte : les membres peuvent la lire et la commenter."
		}})
}

func (s *Server) handleCharterComment(w http.ResponseWriter, r *http.Request) {
	s.takeCharterStep(w, r, charterStep{action: auth.CommentCharter,
		run: func(r *http.Request, tx *postgres.Tx, v clts.CharterVersion) error {
			n, err := strconv.Atoi(r.PostFormValue(clts.FieldCharterParagraph))
			if err != nil {
				n = -1
			}
			_, err = tx.AddCharterComment(r.Context(), v.ID, n, strings.TrimSpace(r.PostFormValue(clts.FieldCharterComment)), s.now())
			return err
		},
		done: func(clts.CharterVersion) string {
			return "Votre commentaire est enregistré ; il est visible par les membres du comité."
		},
		refused: s.charterCommentRefused})
}

// charterCommentRefused answers a comment sent once the version no longer
// takes any (its consultation closed, or it was adopted, since the page
// was opened): the version's page again (409) says so, and shows the
// comment as typed, for the person to copy, the form being gone.
func (s *Server) charterCommentRefused(w http.ResponseWriter, r *http.Request, v clts.CharterVersion, err error) bool {
	if !errors.Is(err, auth.ErrCharterState) {
		return false
	}
	d, rerr := s.readCharterPage(r)
	if rerr != nil {
		s.failDomain(w, r, rerr)
		return true
	}
	n := strconv.Itoa(d.Version.Number)
	switch {
	case d.Version.State == clts.CharterConsultation && d.Version.EndsOn != nil:
		d.Refused = "La consultation sur la version " + n + " s'est terminée le " + components.Date(clts.DayIn(*d.Version.EndsOn)) +
			" : votre commentaire n'a pas pu être publié."
	default:
		d.Refused = "La version " + n + " n'est plus en consultation (" + strings.ToLower(clts.CharterStateLabel(d.Version.State)) +
			") : votre commentaire n'a pas pu être publié."
	}
	d.RefusedComment = r.PostFormValue(clts.FieldCharterComment)
	s.renderStatus(w, r, http.StatusConflict, pages.CharterVersionPage(s.page(r, charterTitle(d.Version)), d))
	return true
}

func (s *Server) handleCharterAnswer(w http.ResponseWriter, r *http.Request) {
	s.takeCharterStep(w, r, charterStep{action: auth.AnswerCharterComment,
		run: func(r *http.Request, tx *postgres.Tx, v clts.CharterVersion) error {
			comment, ok := idParam(r, "commentID")
			if !ok {
				return clts.Errorf(clts.ENOTFOUND, "Commentaire introuvable.")
			}
			return tx.AnswerCharterComment(r.Context(), v.ID, comment, strings.TrimSpace(r.PostFormValue(clts.FieldCharterAnswer)), s.now())
		},
		done: func(clts.CharterVersion) string { return "Votre réponse est enregistrée." }})
}

// adoptionForm is the adoption form as typed.
type adoptionForm struct {
	meeting, day, result, votesFor, votesAgainst, abstentions string
}

// charterAdoptionData is the adoption form of version v with the
// committee's plenaries, the typed values and their errors.
func charterAdoptionData(slug string, v clts.CharterVersion, meetings []clts.Meeting, in adoptionForm, fe clts.FieldErrors) pages.CharterAdoptionData {
	opts := []components.Option{{Value: "", Label: "Choisissez la réunion plénière"}}
	for _, m := range meetings {
		opts = append(opts, components.Option{Value: strconv.FormatInt(m.ID, 10), Label: m.Title + " — " + components.Date(m.StartsAt)})
	}
	number := func(name, label, value string) components.Field {
		return components.Field{Name: name, Label: label, Value: value, Inputmode: "numeric", Error: fe[name], Optional: true,
			Hint: "Seulement pour un vote."}
	}
	return pages.CharterAdoptionData{Slug: slug, Version: v,
		Meeting: components.Field{Name: clts.FieldCharterMeeting, Label: "Réunion plénière qui l'a adoptée", Type: "select",
			Value: in.meeting, Options: opts, Error: fe[clts.FieldCharterMeeting],
			Hint: "Les réunions plénières du comité déjà commencées, non annulées."},
		Day: components.Field{Name: clts.FieldCharterAdoptedOn, Label: "Date de l'adoption", Type: "date", Value: in.day,
			Error: fe[clts.FieldCharterAdoptedOn], Hint: "Le jour de la réunion, en général."},
		Result: in.result, ResultError: fe[clts.FieldCharterResult],
		For:         number(clts.FieldCharterVotesFor, "Voix pour", in.votesFor),
		Against:     number(clts.FieldCharterVotesAgainst, "Voix contre", in.votesAgainst),
		Abstentions: number(clts.FieldCharterAbstentions, "Abstentions", in.abstentions),
	}
}

// handleCharterAdoptionForm offers the adoption form of a draft or a
// consultation to a pilot.
func (s *Server) handleCharterAdoptionForm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st := state(ctx)
	var v clts.CharterVersion
	var meetings []clts.Meeting
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		var err error
		if v, _, err = s.charterFor(ctx, tx, r, auth.AdoptCharter); err != nil {
			return err
		}
		meetings, err = tx.AdoptionMeetings(ctx, s.now(), 50)
		return err
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	in := adoptionForm{day: s.now().In(components.Paris()).Format(time.DateOnly), result: clts.AdoptionUnanimity}
	if len(meetings) > 0 {
		in.meeting = strconv.FormatInt(meetings[0].ID, 10)
		in.day = meetings[0].StartsAt.In(components.Paris()).Format(time.DateOnly)
	}
	d := charterAdoptionData(st.membership.Committee.Slug, v, meetings, in, nil)
	s.render(w, r, pages.CharterAdoption(s.page(r, "Adoption de la version "+strconv.Itoa(v.Number)+" de la charte"), d))
}

// handleCharterAdoption records a version's adoption: it becomes the
// current one and every member is told by e-mail.
func (s *Server) handleCharterAdoption(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	st := state(ctx)
	slug := st.membership.Committee.Slug
	in := adoptionForm{meeting: formValue(r, clts.FieldCharterMeeting), day: formValue(r, clts.FieldCharterAdoptedOn),
		result: formValue(r, clts.FieldCharterResult), votesFor: formValue(r, clts.FieldCharterVotesFor),
		votesAgainst: formValue(r, clts.FieldCharterVotesAgainst), abstentions: formValue(r, clts.FieldCharterAbstentions)}
	a, fe := parseAdoption(in)
	var v clts.CharterVersion
	var meetings []clts.Meeting
	err := s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
		var err error
		if v, _, err = s.charterFor(ctx, tx, r, auth.AdoptCharter); err != nil {
			return err
		}
		if len(fe) > 0 {
			return fe.Err()
		}
		return tx.AdoptCharter(ctx, v.ID, a, s.now())
	})
	if err == nil {
		s.redirectWithFlash(w, r, paths.Charter(slug), "La version "+strconv.Itoa(v.Number)+
			" est adoptée : c'est désormais la charte en vigueur. Les membres en sont informés par courriel.")
		return
	}
	if v.ID == 0 || fieldErrors(err) == nil {
		s.failDomain(w, r, err)
		return
	}
	// The form again, with its errors: a second unit of work reads the
	// plenaries (the first was rolled back).
	if rerr := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		var err error
		meetings, err = tx.AdoptionMeetings(ctx, s.now(), 50)
		return err
	}); rerr != nil {
		s.failDomain(w, r, rerr)
		return
	}
	d := charterAdoptionData(slug, v, meetings, in, fieldErrors(err))
	s.renderStatus(w, r, http.StatusUnprocessableEntity,
		pages.CharterAdoption(s.page(r, "Adoption de la version "+strconv.Itoa(v.Number)+" de la charte"), d))
}

// parseAdoption reads the adoption form; what cannot be read is a field
// error.
func parseAdoption(in adoptionForm) (postgres.CharterAdoption, clts.FieldErrors) {
	fe := clts.FieldErrors{}
	var a postgres.CharterAdoption
	if id, err := strconv.ParseInt(in.meeting, 10, 64); err != nil || id <= 0 {
		fe.Add(clts.FieldCharterMeeting, "Choisissez la réunion plénière qui a adopté la charte : sans elle, l'adoption ne peut pas être enregistrée.")
	} else {
		a.MeetingID = id
	}
	if day, ok := parseDay(in.day); ok {
		a.Day = day
	} else {
		fe.Add(clts.FieldCharterAdoptedOn, "Indiquez la date de l'adoption, par exemple 2026-03-31.")
	}
	a.Vote.Result = in.result
	if in.result == clts.AdoptionVote {
		count := func(name, v string) int {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil || n < 0 || n > 10_000 {
				fe.Add(name, "Indiquez un nombre, 0 s'il n'y en a pas.")
			}
			return n
		}
		a.Vote.For = count(clts.FieldCharterVotesFor, in.votesFor)
		a.Vote.Against = count(clts.FieldCharterVotesAgainst, in.votesAgainst)
		a.Vote.Abstentions = count(clts.FieldCharterAbstentions, in.abstentions)
	}
	if len(fe) == 0 {
		for k, msg := range auth.VoteRefusals(a.Vote) {
			fe.Add(k, msg)
		}
	}
	return a, fe
}
