package server

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/markdown"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/components"
	"github.com/portail-clts/clts/web/pages"
)

// Easy-to-read versions (FALC): the form writing a subject's version and
// the supported person's « J'ai relu ». Whether the viewer reads the
// original is the original's own rule (easyReadOriginal); the easy
// version's rules are auth.CheckEasyReadVersion.

// easyOriginal is the subject of the URL as the form and the check need
// it: its title and page.
type easyOriginal struct {
	kind  clts.EasyReadKind
	id    int64
	title string
	back  string
}

// easyReadOriginal reads the original of the URL ({kind}/{subjectID}) in
// tx and whether the viewer reads it, by its own rule: a charter version
// (auth.CheckCharter), a meeting's agenda (the meeting's page) or its
// minutes (auth.ReadMinutes, once written), a practice
// (auth.CheckPractice), a local news item (auth.CheckNews; national news
// is the HCTS's). An unknown kind or another committee's id is not found.
func (s *Server) easyReadOriginal(ctx context.Context, tx *postgres.Tx, r *http.Request) (easyOriginal, bool, error) {
	st := state(ctx)
	pr := st.principal()
	slug := st.membership.Committee.Slug
	kind, ok := clts.EasyReadKindFor(chi.URLParam(r, "kind"))
	id, okID := idParam(r, "subjectID")
	if !ok || !okID {
		return easyOriginal{}, false, auth.ErrEasyReadNotFound
	}
	o := easyOriginal{kind: kind, id: id}
	switch kind {
	case clts.EasyReadCharter:
		v, err := tx.CharterVersion(ctx, id)
		if err != nil {
			return o, false, err
		}
		o.title, o.back = charterTitle(v), paths.CharterVersion(slug, id)
		return o, auth.CheckCharter(pr, auth.CharterFactsOf(v, s.now(), v.AcceptedAt != nil), auth.ReadCharter) == nil, nil
	case clts.EasyReadAgenda, clts.EasyReadMinutes:
		v, err := tx.MeetingPage(ctx, id)
		if err != nil {
			return o, false, err
		}
		o.title, o.back = v.Meeting.Title, paths.Meeting(slug, id)
		if kind == clts.EasyReadAgenda {
			return o, true, nil // whoever opens the meeting's page reads its agenda
		}
		return o, v.Minutes.Version > 0 && auth.CanMeeting(pr, meetingFacts(v), auth.ReadMinutes, s.now()), nil
	case clts.EasyReadPractice:
		p, err := tx.PracticeByID(ctx, id)
		if err != nil {
			return o, false, err
		}
		o.title, o.back = p.Title, paths.Practice(slug, id)
		return o, auth.CheckPractice(pr, auth.PracticeFactsOf(*p), auth.ReadPractice) == nil, nil
	case clts.EasyReadNews:
		n, err := tx.NewsItem(ctx, id)
		if err != nil {
			return o, false, err
		}
		o.title, o.back = n.Title, paths.NewsItem(slug, id)
		return o, !n.National && auth.CheckNews(pr, auth.NewsFactsOf(*n), auth.ReadNews) == nil, nil
	}
	return o, false, auth.ErrEasyReadNotFound
}

// easyReadFor reads the original and its easy version, and checks that the
// viewer may do a.
func (s *Server) easyReadFor(ctx context.Context, tx *postgres.Tx, r *http.Request, a auth.EasyReadAction) (easyOriginal, *clts.EasyReadVersion, error) {
	pr := state(ctx).principal()
	o, reads, err := s.easyReadOriginal(ctx, tx, r)
	if err != nil {
		return o, nil, err
	}
	if !reads {
		return o, nil, auth.ErrEasyReadNotFound
	}
	v, err := tx.EasyRead(ctx, o.kind, o.id, pr.Can(auth.ViewMemberDetails))
	if err != nil {
		return o, nil, err
	}
	return o, v, auth.CheckEasyReadVersion(pr, easyReadFacts(true, v), a)
}

// easyReadFacts are the facts of version v (nil: none) for a viewer who
// reads the original or not.
func easyReadFacts(readsOriginal bool, v *clts.EasyReadVersion) auth.EasyReadFacts {
	f := auth.EasyReadFacts{ReadsOriginal: readsOriginal}
	if v != nil {
		f.Exists, f.AuthorID, f.Checked = true, v.WrittenBy, v.Checked()
	}
	return f
}

// easyReadField is the form's text field.
func easyReadField(value, msg string) components.Field {
	return components.Field{Name: clts.FieldEasyReadBody, Label: "Texte facile à lire", Type: "textarea", Value: value, Error: msg,
		Spellcheck: true, MaxLength: clts.MaxEasyReadBody,
		Hint: "Des phrases courtes, une idée par phrase. Vous pouvez faire des listes avec un tiret au début de la ligne."}
}

func easyReadFormData(slug string, o easyOriginal, v *clts.EasyReadVersion) pages.EasyReadFormData {
	d := pages.EasyReadFormData{Slug: slug, Kind: o.kind, SubjectID: o.id, Title: o.title, Back: o.back, Body: easyReadField("", "")}
	if v != nil {
		d.Version, d.Checked, d.Body.Value = v.Version, v.Checked(), v.Body
	}
	return d
}

func (s *Server) handleEasyReadForm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st := state(ctx)
	var d pages.EasyReadFormData
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		o, v, err := s.easyReadFor(ctx, tx, r, auth.WriteEasyRead)
		d = easyReadFormData(st.membership.Committee.Slug, o, v)
		return err
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	s.render(w, r, pages.EasyReadForm(s.page(r, pages.EasyReadHeading(d.Version)), d))
}

// easyReadShown is the original's page with its easy versions shown.
func easyReadShown(back string) string {
	return back + "?" + url.Values{paths.EasyReadParam: {"1"}}.Encode()
}

func (s *Server) handleEasyReadSave(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	st := state(ctx)
	src := r.PostFormValue(clts.FieldEasyReadBody)
	expected, _ := strconv.Atoi(r.PostFormValue("version"))
	msg := ""
	var text markdown.Text
	switch {
	case strings.TrimSpace(src) == "":
		msg = "Écrivez le texte facile à lire."
	case utf8.RuneCountInString(src) > clts.MaxEasyReadBody:
		msg = "Le texte est trop long : " + strconv.Itoa(clts.MaxEasyReadBody) + " caractères au plus."
	default:
		var err error
		if text, err = renderField(clts.FieldEasyReadBody, src); err != nil {
			if msg = fieldErrors(err)[clts.FieldEasyReadBody]; msg == "" {
				s.serverError(w, r, err)
				return
			}
		}
	}
	var o easyOriginal
	var current *clts.EasyReadVersion
	status := http.StatusUnprocessableEntity
	err := s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
		var err error
		if o, current, err = s.easyReadFor(ctx, tx, r, auth.WriteEasyRead); err != nil {
			return err
		}
		if msg != "" {
			return errInvalidForm
		}
		err = tx.SaveEasyRead(ctx, o.kind, o.id, expected, text, s.now())
		if errors.Is(err, postgres.ErrEasyReadChanged) {
			status, msg = http.StatusConflict, userMessage(err)
			return errInvalidForm
		}
		return err
	})
	switch {
	case errors.Is(err, errInvalidForm):
		d := easyReadFormData(st.membership.Committee.Slug, o, current)
		d.Version = expected
		d.Body = easyReadField(src, msg)
		if status == http.StatusConflict {
			d.Body.Error, d.Problem = "", msg
		}
		s.renderStatus(w, r, status, pages.EasyReadForm(s.page(r, pages.EasyReadHeading(d.Version)), d))
		return
	case err != nil:
		s.failDomain(w, r, err)
		return
	}
	s.redirectWithFlash(w, r, easyReadShown(o.back), "La version facile à lire est enregistrée. Une personne accompagnée doit maintenant la relire.")
}

func (s *Server) handleEasyReadCheck(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	st := state(ctx)
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	var o easyOriginal
	err := s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
		var err error
		if o, _, err = s.easyReadFor(ctx, tx, r, auth.CheckEasyRead); err != nil {
			return err
		}
		return tx.CheckEasyReadText(ctx, o.kind, o.id, version, s.now())
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	s.redirectWithFlash(w, r, easyReadShown(o.back), "Merci ! Vous avez relu ce texte : il est marqué « relu ».")
}

// easyReadView reads the easy version of (kind, id) for a page whose
// viewer reads the original (readsOriginal): what pages.EasyRead shows.
func (s *Server) easyReadView(ctx context.Context, tx *postgres.Tx, r *http.Request, kind clts.EasyReadKind, id int64, readsOriginal bool) (pages.EasyRead, error) {
	pr := state(ctx).principal()
	if !readsOriginal || pr.Role == "" {
		return easyReadViewOf(ctx, r, kind, id, false, nil), nil
	}
	v, err := tx.EasyRead(ctx, kind, id, pr.Can(auth.ViewMemberDetails))
	if err != nil {
		return pages.EasyRead{}, err
	}
	return easyReadViewOf(ctx, r, kind, id, true, v), nil
}

// easyReadViewOf is the view of version v (nil: none) of (kind, id). The
// page shows the easy versions when the switch asks (?facile=1), or in the
// easy mode unless the switch asks for the original (?facile=0).
func easyReadViewOf(ctx context.Context, r *http.Request, kind clts.EasyReadKind, id int64, readsOriginal bool, v *clts.EasyReadVersion) pages.EasyRead {
	st := state(ctx)
	pr := st.principal()
	e := pages.EasyRead{Slug: st.membership.Committee.Slug, Kind: kind, SubjectID: id, Shown: easyReadAsked(r, st.easyMode())}
	if !readsOriginal || pr.Role == "" {
		return e
	}
	f := easyReadFacts(true, v)
	e.Version = v
	e.CanWrite = auth.CanEasyRead(pr, f, auth.WriteEasyRead)
	e.CanCheck = auth.CanEasyRead(pr, f, auth.CheckEasyRead)
	return e
}

// easyReadAsked reads the switch: ?facile=1 or 0, else the easy mode.
func easyReadAsked(r *http.Request, easyMode bool) bool {
	switch r.URL.Query().Get(paths.EasyReadParam) {
	case "1":
		return true
	case "0":
		return false
	}
	return easyMode
}

// meetingEasyRead adds to a meeting's page the easy versions of its agenda
// (for whoever sees the page) and of its minutes (for whoever reads them),
// read with the meeting (postgres.MeetingView.Easy): no statement more.
func meetingEasyRead(ctx context.Context, r *http.Request, d *pages.MeetingData, v *postgres.MeetingView) {
	id := v.Meeting.ID
	d.EasyAgenda = easyReadViewOf(ctx, r, clts.EasyReadAgenda, id, true, v.Easy[clts.EasyReadAgenda])
	d.EasyMinutes = easyReadViewOf(ctx, r, clts.EasyReadMinutes, id, d.Minutes.Version > 0 && d.Can(auth.ReadMinutes), v.Easy[clts.EasyReadMinutes])
}
