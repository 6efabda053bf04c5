package server

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/components"
	"github.com/portail-clts/clts/web/pages"
)

// Acceptances of the current charter: each member's own, each partner
// institution's through its representative (or a pilot), and the pilots'
// list with its reminder.

// handleCharterAccept records that the member has read and accepts the
// current version, once.
func (s *Server) handleCharterAccept(w http.ResponseWriter, r *http.Request) {
	s.takeCharterStep(w, r, charterStep{action: auth.AcceptCharter,
		run: func(r *http.Request, tx *postgres.Tx, v clts.CharterVersion) error {
			return tx.AcceptCharter(r.Context(), v.ID, s.now())
		},
		done: func(clts.CharterVersion) string { return "Merci : votre acceptation de la charte est enregistrée." },
		next: func(slug string, _ clts.CharterVersion) string { return paths.Charter(slug) }})
}

// handleCharterInstitution records that an institution accepts the current
// version: its representative, or a pilot on its behalf. The pilots come
// from the acceptances page and go back there.
func (s *Server) handleCharterInstitution(w http.ResponseWriter, r *http.Request) {
	s.takeCharterStep(w, r, charterStep{action: auth.ReadCharter,
		run: func(r *http.Request, tx *postgres.Tx, v clts.CharterVersion) error {
			// The form's institution, once the version is known: a form
			// without one is malformed (no page offers it).
			institution, err := strconv.ParseInt(r.PostFormValue(clts.FieldCharterInstitution), 10, 64)
			if err != nil || institution <= 0 {
				return bareStatus(http.StatusBadRequest)
			}
			return tx.AcceptCharterForInstitution(r.Context(), v.ID, institution, s.now())
		},
		done: func(clts.CharterVersion) string {
			return "L'acceptation de la charte par l'institution est enregistrée."
		},
		next: func(slug string, v clts.CharterVersion) string {
			if r.PostFormValue("retour") == "acceptations" && auth.CanDraftCharter(state(r.Context()).principal()) {
				return paths.CharterAcceptances(slug, v.ID)
			}
			return paths.Charter(slug)
		}})
}

// handleCharterAcceptances shows the pilots who accepted a version, and
// who has not yet, members and institutions.
func (s *Server) handleCharterAcceptances(w http.ResponseWriter, r *http.Request) {
	d, err := s.readCharterAcceptances(r)
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	s.render(w, r, pages.CharterAcceptances(s.page(r, "Acceptations de la charte, version "+strconv.Itoa(d.Version.Number)), d))
}

// readCharterAcceptances reads the acceptances page in one unit of work.
func (s *Server) readCharterAcceptances(r *http.Request) (pages.CharterAcceptancesData, error) {
	ctx := r.Context()
	st := state(ctx)
	d := pages.CharterAcceptancesData{Slug: st.membership.Committee.Slug, Viewer: st.principal(), Now: s.now()}
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		var err error
		if d.Version, d.Facts, err = s.charterFor(ctx, tx, r, auth.SeeCharterAcceptances); err != nil {
			return err
		}
		if d.Members, err = tx.CharterAcceptances(ctx, d.Version.ID); err != nil {
			return err
		}
		d.Institutions, err = tx.InstitutionAcceptances(ctx, d.Version.ID)
		return err
	})
	return d, err
}

// handleCharterRemind reminds the members who have not accepted the
// current version, once a day at most: a second reminder within
// auth.CharterReminderInterval brings the acceptances page back (409)
// saying when the last one left.
func (s *Server) handleCharterRemind(w http.ResponseWriter, r *http.Request) {
	var n int
	s.takeCharterStep(w, r, charterStep{action: auth.RemindCharter,
		run: func(r *http.Request, tx *postgres.Tx, v clts.CharterVersion) error {
			var err error
			n, err = tx.RemindCharter(r.Context(), v.ID, s.now())
			return err
		},
		done: func(clts.CharterVersion) string {
			switch {
			case n == 1:
				return "Un rappel est envoyé au membre qui n'a pas encore accepté la charte."
			case n > 1:
				return "Un rappel est envoyé aux " + clts.Count(n) + " membres qui n'ont pas encore accepté la charte."
			}
			return "Aucun rappel n'est parti : tous les membres ont déjà accepté la charte."
		},
		next: func(slug string, v clts.CharterVersion) string { return paths.CharterAcceptances(slug, v.ID) },
		refused: func(w http.ResponseWriter, r *http.Request, _ clts.CharterVersion, err error) bool {
			if !errors.Is(err, postgres.ErrCharterReminded) {
				return false
			}
			d, rerr := s.readCharterAcceptances(r)
			if rerr != nil {
				s.failDomain(w, r, rerr)
				return true
			}
			d.Refused = "Aucun rappel n'est parti : un rappel a déjà été envoyé il y a moins de 24 heures."
			if at := d.Version.RemindedAt; at != nil {
				_, next := auth.CharterReminderDue(at, d.Now)
				d.Refused = "Aucun rappel n'est parti : le dernier a été envoyé le " + components.DateTime(*at) +
					", il y a moins de 24 heures. Le prochain pourra être envoyé à partir du " + components.DateTime(next) + "."
			}
			s.renderStatus(w, r, http.StatusConflict,
				pages.CharterAcceptances(s.page(r, "Acceptations de la charte, version "+strconv.Itoa(d.Version.Number)), d))
			return true
		}})
}
