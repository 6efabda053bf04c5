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

// helpedActionsShown is how many actions done with help the « Aide » page
// lists.
const helpedActionsShown = 50

// handleHelp is the « Aide » page of every member: a supported person's
// referents (waiting, active, ended) with the button that ends each, the
// form naming one, and everything done with help; for everyone, the people
// who named them, to accept, decline or step down, and to act with.
func (s *Server) handleHelp(w http.ResponseWriter, r *http.Request) {
	s.renderHelp(w, r, http.StatusOK, "", "")
}

// renderHelp reads the page in one unit of work; choiceErr is the naming
// form's message and choice what was chosen (422).
func (s *Server) renderHelp(w http.ResponseWriter, r *http.Request, status int, choice, choiceErr string) {
	ctx := r.Context()
	st := state(ctx)
	p := st.principal()
	d := pages.HelpData{Slug: st.membership.Committee.Slug, CanName: auth.CanNameReferents(p)}
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		var err error
		if d.Named, d.AsReferent, err = tx.Helps(ctx, p.Can(auth.ViewMemberDetails)); err != nil {
			return err
		}
		if !d.CanName {
			return nil
		}
		choices, err := tx.ReferentChoices(ctx)
		if err != nil {
			return err
		}
		opts := []components.Option{{Value: "", Label: "Choisissez une personne"}}
		for _, c := range choices {
			opts = append(opts, components.Option{Value: strconv.FormatInt(c.AccountID, 10), Label: c.Name + " (" + c.Role.Label() + ")"})
		}
		d.Referent = components.Field{Name: "referent", Label: "Personne qui vous aide", Type: "select", Options: opts, Value: choice,
			Error: choiceErr, Hint: "Elle recevra votre demande et devra l'accepter avant de pouvoir vous aider."}
		d.Done, err = tx.HelpedActions(ctx, p.AccountID, helpedActionsShown)
		return err
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.renderStatus(w, r, status, pages.Help(s.page(r, "Aide"), d))
}

// handleHelpName names a referent (supported persons only): another active
// member of the committee, not already named. A bad choice is 422 with the
// message next to the field; nothing is written.
func (s *Server) handleHelpName(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	st := state(ctx)
	p := st.principal()
	if !auth.CanNameReferents(p) {
		s.renderError(w, r, http.StatusForbidden)
		return
	}
	choice := r.PostFormValue("referent")
	referentID, _ := strconv.ParseInt(choice, 10, 64)
	refused := false
	err := s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
		c, err := tx.ReferentCandidate(ctx, referentID)
		if err != nil {
			return err
		}
		if !auth.CanNameReferent(p, c) {
			refused = true
			return nil
		}
		_, err = tx.NameReferent(ctx, referentID)
		return err
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	if refused {
		msg := "Choisissez une autre personne du comité."
		if choice == "" {
			msg = "Choisissez la personne qui vous aide."
		}
		s.renderHelp(w, r, http.StatusUnprocessableEntity, choice, msg)
		return
	}
	s.redirectWithFlash(w, r, paths.Help(st.membership.Committee.Slug), "Votre demande est envoyée. La personne doit l'accepter avant de vous aider.")
}

// handleHelpAccept and handleHelpDecline are the referent's answer.
func (s *Server) handleHelpAccept(w http.ResponseWriter, r *http.Request) {
	s.answerHelp(w, r, true)
}

func (s *Server) handleHelpDecline(w http.ResponseWriter, r *http.Request) {
	s.answerHelp(w, r, false)
}

func (s *Server) answerHelp(w http.ResponseWriter, r *http.Request, accept bool) {
	s.helpStep(w, r, auth.CanAnswerHelp, func(tx *postgres.Tx, id int64) error {
		return tx.AnswerHelp(r.Context(), id, accept)
	}, map[bool]string{true: "Vous avez accepté. Vous pouvez maintenant agir avec cette personne.", false: "Vous avez refusé la demande."}[accept])
}

// handleHelpEnd ends a help: the person at any time, or the referent
// stepping down.
func (s *Server) handleHelpEnd(w http.ResponseWriter, r *http.Request) {
	s.helpStep(w, r, auth.CanEndHelp, func(tx *postgres.Tx, id int64) error {
		return tx.EndHelp(r.Context(), id)
	}, "L'aide est terminée.")
}

// helpStep reads help {helpID} in the committee, checks rule, and runs
// step in the same unit of work: another committee's help, or none, is
// 404; a help the person may not act on is 403.
func (s *Server) helpStep(w http.ResponseWriter, r *http.Request, rule func(auth.Principal, auth.HelpFacts) bool,
	step func(*postgres.Tx, int64) error, done string) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	st := state(ctx)
	id, ok := idParam(r, "helpID")
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	err := s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
		_, f, err := tx.HelpByID(ctx, id, false)
		if err != nil {
			return err
		}
		p := st.principal()
		switch {
		case !f.Found || (p.AccountID != f.PersonID && p.AccountID != f.ReferentID):
			return clts.Errorf(clts.ENOTFOUND, "Aide introuvable.")
		case !rule(p, f):
			return clts.Errorf(clts.EFORBIDDEN, "Cette aide ne le permet pas.")
		}
		return step(tx, id)
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	s.redirectWithFlash(w, r, paths.Help(st.membership.Committee.Slug), done)
}
