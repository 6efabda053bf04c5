package server

import (
	"context"
	"net/http"
	"strconv"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/charter"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/pages"
)

// The operating charter: every member reads the current version, the
// consultation and the earlier versions, comments while a consultation is
// open and accepts the current version; the pilots draft, edit, open the
// consultation, answer, record the adoption and follow the acceptances.
// Handlers and templates decide with the same rules (auth.CheckCharter),
// and the store checks them again under its row lock.

// charterFor reads the version of the URL and checks that the viewer may
// do a to it: 404 for whoever may not read it (a draft for a member who is
// not a pilot, another committee's id), 403 or 409 otherwise; a refusal
// for the version's state comes back with the version, so that its page
// can say why.
func (s *Server) charterFor(ctx context.Context, tx *postgres.Tx, r *http.Request, a auth.CharterAction) (clts.CharterVersion, auth.CharterFacts, error) {
	var f auth.CharterFacts
	id, ok := idParam(r, "versionID")
	if !ok {
		return clts.CharterVersion{}, f, auth.ErrCharterNotFound
	}
	v, err := tx.CharterVersion(ctx, id)
	if err != nil {
		return v, f, err
	}
	f = auth.CharterFactsOf(v, s.now(), v.AcceptedAt != nil)
	return v, f, auth.CheckCharter(state(ctx).principal(), f, a)
}

// renderCharterText renders the text typed in the charter form: the whole,
// and each of its blocks for the numbered paragraphs. A refusal is the
// field's message.
func renderCharterText(src string) (postgres.CharterText, error) {
	var t postgres.CharterText
	whole, err := renderField(clts.FieldCharterBody, src)
	if err != nil {
		return t, err
	}
	t.Whole = whole
	for _, b := range charter.Blocks(whole.Source()) {
		block, err := renderField(clts.FieldCharterBody, b)
		if err != nil {
			return t, err
		}
		t.Blocks = append(t.Blocks, block)
	}
	return t, nil
}

// handleCharter shows the committee's charter: the current version and
// its adoption, the viewer's acceptance (and their institution's, for its
// representative), the consultation in progress and every version.
func (s *Server) handleCharter(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st := state(ctx)
	pr := st.principal()
	d := pages.CharterHomeData{Slug: st.membership.Committee.Slug, Viewer: pr, Now: s.now(), CanDraft: auth.CanDraftCharter(pr)}
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		versions, err := tx.CharterVersions(ctx)
		if err != nil {
			return err
		}
		for i := range versions {
			v := versions[i]
			if auth.CheckCharter(pr, auth.CharterFactsOf(v, d.Now, false), auth.ReadCharter) != nil {
				continue
			}
			if v.Open() {
				d.Preparing = &v
			}
			d.Versions = append(d.Versions, v)
		}
		if d.Current, err = tx.CurrentCharter(ctx); err != nil || d.Current == nil {
			return err
		}
		d.AcceptedAt = d.Current.AcceptedAt
		if d.Easy, err = s.easyReadView(ctx, tx, r, clts.EasyReadCharter, d.Current.ID, true); err != nil {
			return err
		}
		d.Facts = auth.CharterFactsOf(*d.Current, d.Now, d.AcceptedAt != nil)
		rep, err := tx.MyInstitution(ctx, d.Current.ID)
		if err != nil || rep.InstitutionID == 0 {
			return err
		}
		d.Institution = &clts.InstitutionAcceptance{InstitutionID: rep.InstitutionID, Name: rep.Name, RecordedBy: rep.RecordedBy, At: rep.AcceptedAt}
		// The viewer is attached to it: the rule says whether their role
		// makes them its representative.
		d.InstitutionFacts = auth.InstitutionFacts{Represents: true, Accepted: rep.AcceptedAt != nil}
		return nil
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	s.render(w, r, pages.CharterHome(s.page(r, "Charte de fonctionnement"), d))
}

// readCharterPage reads what a version's page shows, in one unit of work.
func (s *Server) readCharterPage(r *http.Request) (pages.CharterVersionData, error) {
	ctx := r.Context()
	st := state(ctx)
	pr := st.principal()
	d := pages.CharterVersionData{Slug: st.membership.Committee.Slug, Viewer: pr, Now: s.now()}
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		v, f, err := s.charterFor(ctx, tx, r, auth.ReadCharter)
		if err != nil {
			return err
		}
		d.Version, d.Facts = v, f
		if d.Comments, err = tx.CharterComments(ctx, v.ID, auth.CanDraftCharter(pr)); err != nil {
			return err
		}
		d.Easy, err = s.easyReadView(ctx, tx, r, clts.EasyReadCharter, v.ID, true)
		return err
	})
	if err != nil {
		return d, err
	}
	d.Paragraphs = charter.Number(d.Version.Paragraphs)
	chosen, _ := strconv.Atoi(r.URL.Query().Get("alinea"))
	d.Comment, d.Paragraph = charterCommentFields(d.Paragraphs, chosen)
	d.EndsOn = charterEndsOnField(s.now(), "")
	return d, nil
}

// handleCharterVersion shows a version: its numbered paragraphs, their
// comments and answers, and what the viewer may do.
func (s *Server) handleCharterVersion(w http.ResponseWriter, r *http.Request) {
	d, err := s.readCharterPage(r)
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	s.render(w, r, pages.CharterVersionPage(s.page(r, charterTitle(d.Version)), d))
}

// charterTitle names a version in page titles.
func charterTitle(v clts.CharterVersion) string {
	return "Charte de fonctionnement, version " + strconv.Itoa(v.Number)
}

// handleCharterPrint shows a version with its adoption record, to print
// on A4.
func (s *Server) handleCharterPrint(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st := state(ctx)
	c := st.membership.Committee
	d := pages.CharterPrintData{CSS: s.assets.URL("css/print.css"), Slug: c.Slug, Committee: c.Name}
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		v, _, err := s.charterFor(ctx, tx, r, auth.ReadCharter)
		d.Version = v
		return err
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	d.Link = s.absolute(paths.CharterVersion(c.Slug, d.Version.ID))
	s.render(w, r, pages.CharterPrint(s.shell(r, charterTitle(d.Version)), d))
}

// handleCharterDiff shows the difference between two versions (?de= and
// ?a=, their numbers): by default from the version the current one
// replaced to the current one, or between the last two versions.
func (s *Server) handleCharterDiff(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st := state(ctx)
	pr := st.principal()
	now := s.now()
	d := pages.CharterDiffData{Slug: st.membership.Committee.Slug}
	q := r.URL.Query()
	from, _ := strconv.Atoi(q.Get("de"))
	to, _ := strconv.Atoi(q.Get("a"))
	var a, b clts.CharterVersion
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		versions, err := tx.CharterVersions(ctx)
		if err != nil {
			return err
		}
		for _, v := range versions {
			if auth.CheckCharter(pr, auth.CharterFactsOf(v, now, false), auth.ReadCharter) == nil {
				d.Versions = append(d.Versions, v)
			}
		}
		if from == 0 && to == 0 {
			from, to = defaultDiff(d.Versions)
		}
		readable := func(n int) bool {
			for _, v := range d.Versions {
				if v.Number == n {
					return true
				}
			}
			return false
		}
		if from == 0 || to == 0 {
			return nil
		}
		if !readable(from) || !readable(to) {
			return auth.ErrCharterNotFound
		}
		if a, err = tx.CharterVersionByNumber(ctx, from); err != nil {
			return err
		}
		b, err = tx.CharterVersionByNumber(ctx, to)
		return err
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	d.From, d.To = a, b
	if a.ID != 0 && b.ID != 0 {
		d.HTML = charter.Diff(a.Body, b.Body)
		d.Added, d.Removed = charter.Changes(d.HTML)
	}
	d.FromField, d.ToField = charterDiffFields(d.Versions, from, to)
	s.render(w, r, pages.CharterDiff(s.page(r, "Charte : différences entre deux versions"), d))
}

// defaultDiff is the pair a difference page shows by default: the current
// version and the one it is based on, or the last two versions.
func defaultDiff(versions []clts.CharterVersion) (from, to int) {
	for _, v := range versions {
		if v.State == clts.CharterCurrent && v.BasedOn > 0 {
			return v.BasedOn, v.Number
		}
	}
	if len(versions) >= 2 { // newest first
		return versions[1].Number, versions[0].Number
	}
	return 0, 0
}
