package server

import (
	"context"
	"net/http"
	"strings"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/mails"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/components"
	"github.com/portail-clts/clts/web/pages"
)

// operatorInCommittee is the operator's scope moved into the committee of
// the URL: the committee's policies then let the operator read its pilots
// and invitations, and write its name and its first pilot's invitation,
// as `clts member add` does from the command line.
func operatorInCommittee(r *http.Request) (postgres.Scope, bool) {
	id, ok := idParam(r, "committeeID")
	sc := operatorScope(state(r.Context()))
	sc.CommitteeID = id
	return sc, ok
}

// operatorCommitteeForms are the forms of the operator's page of a
// committee, filled with what was typed and its errors.
type operatorCommitteeForms struct {
	name, departements, pilotName, pilotEmail string
	errs                                      clts.FieldErrors
	renaming                                  bool // errs are the rename form's
}

// renderOperatorCommittee shows the operator's page of the committee of
// the URL, in one unit of work: its name, its active pilots and the pilot
// invitations not yet accepted.
func (s *Server) renderOperatorCommittee(w http.ResponseWriter, r *http.Request, status int, f *operatorCommitteeForms) {
	ctx := r.Context()
	sc, ok := operatorInCommittee(r)
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	var d pages.OperatorCommitteeData
	err := s.db.Read(ctx, sc, func(tx *postgres.Tx) error {
		return s.operatorCommitteeData(ctx, tx, &d)
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	d.Now = s.now()
	d.Name = components.Field{Name: "nom", Label: "Nom du comité", Autocomplete: "off", Spellcheck: true,
		MaxLength: clts.MaxCommitteeName, Value: d.Committee.Name}
	d.Departements = components.Field{Name: "departements", Label: "Départements couverts", Autocomplete: "off",
		Hint: "Numéros séparés par des virgules, par exemple 37, 41.", Value: strings.Join(d.Committee.Departements, ", ")}
	d.PilotName = components.Field{Name: "pilote_nom", Label: "Nom du pilote", Autocomplete: "off", Spellcheck: true,
		MaxLength: clts.MaxDisplayName}
	d.PilotEmail = components.Field{Name: "pilote_email", Label: "Adresse électronique du pilote", Type: "email", Autocomplete: "off",
		MaxLength: clts.MaxEmail, Hint: "Si un compte a déjà cette adresse, la personne devient pilote du comité sans invitation."}
	if f != nil {
		if f.renaming {
			d.Name.Value, d.Departements.Value = f.name, f.departements
			d.Name.Error, d.Departements.Error = f.errs["name"], f.errs["departements"]
		} else {
			d.PilotName.Value, d.PilotEmail.Value = f.pilotName, f.pilotEmail
			d.PilotName.Error, d.PilotEmail.Error = f.errs["pilote_nom"], f.errs["pilote_email"]
		}
	}
	s.renderStatus(w, r, status, pages.OperatorCommittee(s.page(r, d.Committee.Name), d))
}

// operatorCommitteeData reads the committee of the scope, its pilots and
// its pilot invitations still open.
func (s *Server) operatorCommitteeData(ctx context.Context, tx *postgres.Tx, d *pages.OperatorCommitteeData) error {
	c, err := tx.CommitteeByID(ctx, tx.Scope().CommitteeID)
	if err != nil {
		return err
	}
	d.Committee = *c
	if d.Pilots, err = tx.Pilots(ctx); err != nil {
		return err
	}
	invs, err := tx.Invitations(ctx)
	if err != nil {
		return err
	}
	for _, inv := range invs {
		if inv.Role == clts.RolePilote && inv.AcceptedAt == nil && inv.RevokedAt == nil {
			d.Invitations = append(d.Invitations, inv)
		}
	}
	return nil
}

func (s *Server) handleOperatorCommittee(w http.ResponseWriter, r *http.Request) {
	s.renderOperatorCommittee(w, r, http.StatusOK, nil)
}

// handleOperatorCommitteeRename changes a committee's name and
// départements; its short identifier, in its addresses, stays.
func (s *Server) handleOperatorCommitteeRename(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	sc, ok := operatorInCommittee(r)
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	f := &operatorCommitteeForms{name: formValue(r, "nom"), departements: r.PostFormValue("departements"), renaming: true}
	c := clts.Committee{ID: sc.CommitteeID, Name: f.name, Departements: splitList(f.departements)}
	err := s.db.Write(ctx, sc, func(tx *postgres.Tx) error {
		old, err := tx.CommitteeByID(ctx, sc.CommitteeID)
		if err != nil {
			return err
		}
		c.Slug = old.Slug
		return tx.RenameCommittee(ctx, c)
	})
	if err == nil {
		s.redirectWithFlash(w, r, paths.OperatorCommittee(c.ID), "Le comité s'appelle maintenant « "+strings.TrimSpace(c.Name)+" ».")
		return
	}
	if f.errs = fieldErrors(err); f.errs == nil {
		s.failDomain(w, r, err)
		return
	}
	s.renderOperatorCommittee(w, r, http.StatusUnprocessableEntity, f)
}

// handleOperatorCommitteePilot gives the committee a pilot: the account
// with that address becomes its pilot, anyone else receives an invitation
// by e-mail (postgres.AddOrInvite, as `clts member add`).
func (s *Server) handleOperatorCommitteePilot(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	sc, ok := operatorInCommittee(r)
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	f := &operatorCommitteeForms{pilotName: formValue(r, "pilote_nom"), pilotEmail: formValue(r, "pilote_email"), errs: clts.FieldErrors{}}
	clts.ValidateDisplayName(f.errs, "pilote_nom", f.pilotName)
	addr := clts.NormalizeEmail(f.errs, "pilote_email", f.pilotEmail)
	if addr == "" && f.errs["pilote_email"] == "" {
		f.errs.Add("pilote_email", "Indiquez l'adresse électronique du pilote.")
	}
	if len(f.errs) > 0 {
		s.renderOperatorCommittee(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	inv := clts.Invitation{Kind: clts.InvitationEmail, Email: addr, DisplayName: f.pilotName, Role: clts.RolePilote,
		ExpiresAt: s.now().Add(clts.InvitationTTL)}
	token := auth.NewToken()
	var added *clts.Account
	err := s.db.Write(ctx, sc, func(tx *postgres.Tx) error {
		c, err := tx.CommitteeByID(ctx, sc.CommitteeID)
		if err != nil {
			return err
		}
		added, err = tx.AddOrInvite(ctx, inv, auth.HashToken(token), func(inv clts.Invitation) postgres.Mail {
			return s.invitationMail(inv, *c, mails.OperatorSender, token)
		})
		return err
	})
	switch {
	case err == nil && added != nil:
		s.redirectWithFlash(w, r, paths.OperatorCommittee(sc.CommitteeID), added.DisplayName+" est maintenant pilote du comité.")
	case err == nil:
		s.redirectWithFlash(w, r, paths.OperatorCommittee(sc.CommitteeID), "Invitation envoyée à "+addr+".")
	case clts.ErrorCode(err) == clts.ECONFLICT:
		// AddMember keeps an active member's role: a pilot changes it.
		f.errs.Add("pilote_email", "Cette personne est déjà membre du comité : un de ses pilotes peut changer son rôle.")
		s.renderOperatorCommittee(w, r, http.StatusConflict, f)
	default:
		s.failDomain(w, r, err)
	}
}
