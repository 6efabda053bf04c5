package server

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/components"
	"github.com/portail-clts/clts/web/pages"
)

// invitationSecret is what the invited person holds: the token of an
// e-mailed link or the code of a printed sheet, as a form field name and
// value, and the hash to look it up by.
type invitationSecret struct {
	field, value string
	hash         []byte
}

func secretFromToken(token string) invitationSecret {
	return invitationSecret{field: "jeton", value: token, hash: auth.HashToken(token)}
}

func secretFromCode(code string) invitationSecret {
	n := auth.NormalizeCode(code)
	return invitationSecret{field: "code", value: n, hash: auth.HashToken(n)}
}

func (s *Server) invitationData(r *http.Request, inv *clts.Invitation, c *clts.Committee, sec invitationSecret) pages.InvitationData {
	d := pages.InvitationData{
		Committee:   c.Name,
		Role:        inv.Role.Label(),
		Email:       inv.Email,
		SecretName:  sec.field,
		SecretValue: sec.value,
		LoginURL:    paths.LoginReturning(paths.Invitation + "?" + sec.field + "=" + sec.value),
		Name:        components.Field{Name: "nom", Label: "Votre nom, tel que les autres membres le verront", Value: inv.DisplayName, Autocomplete: "name", Spellcheck: true},
		Login: components.Field{Name: "identifiant", Label: "Identifiant de connexion", Autocomplete: "username",
			Hint: "De 3 à 40 caractères : lettres sans accent, chiffres, point, tiret. Vous pourrez aussi vous connecter avec votre adresse électronique si vous en avez une."},
		Password: components.Field{Name: "mot_de_passe", Label: "Mot de passe", Type: "password", Autocomplete: "new-password",
			Hint: "Au moins 12 caractères. Une phrase de plusieurs mots est facile à retenir et difficile à deviner."},
		Confirm: components.Field{Name: "confirmation", Label: "Mot de passe, une seconde fois", Type: "password", Autocomplete: "new-password"},
	}
	if acc := state(r.Context()).account; acc != nil {
		d.SignedIn = acc.DisplayName
	}
	return d
}

func (s *Server) handleInvitationForm(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	sec := secretFromToken(q.Get("jeton"))
	if q.Get("code") != "" {
		sec = secretFromCode(q.Get("code"))
	}
	s.showInvitation(w, r, sec)
}

func (s *Server) showInvitation(w http.ResponseWriter, r *http.Request, sec invitationSecret) {
	inv, c, ok := s.invitationFor(w, r, sec)
	if !ok {
		return
	}
	s.render(w, r, pages.Invitation(s.page(r, "Invitation"), s.invitationData(r, inv, c, sec)))
}

// errTooManyCodes stops a unit of work that would look up an invitation
// code while code guesses are throttled.
var errTooManyCodes = errors.New("server: too many wrong invitation codes")

// tokenScope is the scope in which the holder of an invitation's secret may
// see it: the hash of the secret, and the client's address that code
// guesses are counted under.
func tokenScope(r *http.Request, sec invitationSecret) postgres.Scope {
	return postgres.Scope{TokenHash: sec.hash, IP: clientIP(r)}
}

// invitationFor finds the invitation a link or a code stands for. A code is
// a guess until it matches: guesses are throttled (checkCodeThrottle) and a
// wrong one is counted (codeFailed). It answers 429, 404 or 500 itself and
// then reports false.
func (s *Server) invitationFor(w http.ResponseWriter, r *http.Request, sec invitationSecret) (*clts.Invitation, *clts.Committee, bool) {
	ctx := r.Context()
	isCode := sec.field == "code"
	var inv *clts.Invitation
	var c *clts.Committee
	err := s.db.Read(ctx, tokenScope(r, sec), func(tx *postgres.Tx) error {
		if isCode {
			if err := s.checkCodeThrottle(ctx, tx); err != nil {
				return err
			}
		}
		var err error
		inv, c, err = tx.InvitationByToken(ctx, sec.hash)
		return err
	})
	switch {
	case errors.Is(err, errTooManyCodes):
		s.renderCodeTooMany(w, r, sec.value)
		return nil, nil, false
	case clts.ErrorCode(err) == clts.ENOTFOUND:
		if isCode {
			if err := s.codeFailed(r); err != nil {
				s.serverError(w, r, err)
				return nil, nil, false
			}
		}
		s.renderStatus(w, r, http.StatusNotFound, pages.Invitation(s.page(r, "Invitation"), pages.InvitationData{Invalid: userMessage(err)}))
		return nil, nil, false
	case err != nil:
		s.serverError(w, r, err)
		return nil, nil, false
	}
	return inv, c, true
}

func (s *Server) handleInvitationAccept(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	sec := secretFromToken(r.PostFormValue("jeton"))
	if r.PostFormValue("code") != "" {
		sec = secretFromCode(r.PostFormValue("code"))
	}
	inv, c, ok := s.invitationFor(w, r, sec)
	if !ok {
		return
	}
	st := state(ctx)
	sc := tokenScope(r, sec)
	var acceptance postgres.Acceptance
	d := s.invitationData(r, inv, c, sec)
	if st.account != nil {
		sc.AccountID = st.account.ID
		acceptance.AccountID = st.account.ID
	} else {
		name, login := formValue(r, "nom"), formValue(r, "identifiant")
		password, confirm := r.PostFormValue("mot_de_passe"), r.PostFormValue("confirmation")
		d.Name.Value, d.Login.Value = name, login
		fe := clts.FieldErrors{}
		clts.ValidateDisplayName(fe, "nom", name)
		clts.ValidateLogin(fe, "identifiant", login)
		clts.ValidatePassword(fe, "mot_de_passe", password)
		if password != confirm {
			fe.Add("confirmation", "Les deux saisies du mot de passe sont différentes.")
		}
		if len(fe) > 0 {
			s.invitationFormErrors(w, r, d, fe)
			return
		}
		// Hashed before the unit of work: argon2id holds no transaction.
		hash, err := auth.HashPassword(password, s.cfg.PasswordParams)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		acceptance.NewAccount = &postgres.NewAccount{Email: inv.Email, Login: login, DisplayName: name, PasswordHash: hash}
	}
	var committee *clts.Committee
	var joined *clts.Account // the new account, signed in below
	err := s.db.Write(ctx, sc, func(tx *postgres.Tx) error {
		accountID, cm, err := tx.AcceptInvitation(ctx, sec.hash, acceptance)
		if err != nil {
			return err
		}
		committee = cm
		if acceptance.NewAccount != nil {
			joined, err = tx.AccountByID(ctx, accountID)
		}
		return err
	})
	if err != nil {
		switch clts.ErrorCode(err) {
		case clts.ECONFLICT:
			fe := fieldErrors(err)
			if _, ok := fe["email"]; ok {
				d.Error = "Un compte existe déjà avec l'adresse " + inv.Email + " : connectez-vous avec lui pour accepter l'invitation."
				fe = clts.FieldErrors{}
			} else if len(fe) == 0 {
				d.Error = userMessage(err)
			}
			s.invitationFormErrors(w, r, d, fe)
		case clts.ENOTFOUND:
			s.renderStatus(w, r, http.StatusNotFound, pages.Invitation(s.page(r, "Invitation"), pages.InvitationData{Invalid: userMessage(err)}))
		default:
			s.serverError(w, r, err)
		}
		return
	}
	// Joining a committee is a change of privilege: new token, and a new
	// account is signed in at once.
	if err := s.sessions.RenewToken(ctx); err != nil {
		s.serverError(w, r, err)
		return
	}
	if joined != nil {
		s.sessions.Put(ctx, sessionAccount, joined.ID)
		s.sessions.Put(ctx, sessionStamp, joined.SessionStamp)
	}
	s.redirectWithFlash(w, r, paths.CommitteeHome(committee.Slug), "Bienvenue dans le "+committee.Name+" !")
}

func (s *Server) invitationFormErrors(w http.ResponseWriter, r *http.Request, d pages.InvitationData, fe clts.FieldErrors) {
	d.Name.Error, d.Login.Error, d.Password.Error, d.Confirm.Error = fe["nom"], fe["identifiant"], fe["mot_de_passe"], fe["confirmation"]
	s.renderStatus(w, r, http.StatusUnprocessableEntity, pages.Invitation(s.page(r, "Invitation"), d))
}

func codeData(code string) pages.CodeData {
	return pages.CodeData{Code: components.Field{Name: "code", Label: "Code d'invitation", Value: code,
		Hint: "8 lettres et chiffres, par exemple K7MP-Q9XA. Les tirets, les espaces et les minuscules sont acceptés.", Autocomplete: "off"}}
}

func (s *Server) handleInvitationCodeForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, pages.InvitationCode(s.page(r, "Code d'invitation"), codeData("")))
}

// codeAttempt is the name under which code guesses are throttled, like
// login failures: per address, and for all addresses together, so that
// many addresses cannot share out a search of the codes.
const codeAttempt = "code-invitation"

// maxCodeFailures is how many wrong codes all addresses together may enter
// in auth.ThrottleWindow before code entry pauses for everyone.
const maxCodeFailures = 200

// checkCodeThrottle returns errTooManyCodes when the scope's address, or
// everyone together, entered too many wrong codes lately.
func (s *Server) checkCodeThrottle(ctx context.Context, tx *postgres.Tx) error {
	all, forAddr, err := tx.RecentLoginFailures(ctx, codeAttempt, s.now().Add(-auth.ThrottleWindow))
	if err != nil {
		return err
	}
	if forAddr < auth.LockAfter && all < maxCodeFailures {
		return nil
	}
	return errTooManyCodes
}

// renderCodeTooMany answers 429 with the code page.
func (s *Server) renderCodeTooMany(w http.ResponseWriter, r *http.Request, code string) {
	d := codeData(code)
	d.Error = "Trop de codes incorrects ont été saisis. Par sécurité, patientez 15 minutes avant de réessayer."
	s.renderStatus(w, r, http.StatusTooManyRequests, pages.InvitationCode(s.page(r, "Code d'invitation"), d))
}

// codeFailed records a wrong code, which also costs its sender some time,
// like a wrong password.
func (s *Server) codeFailed(r *http.Request) error {
	ctx := r.Context()
	err := s.db.Write(ctx, postgres.Scope{IP: clientIP(r)}, func(tx *postgres.Tx) error {
		return tx.RecordLogin(ctx, codeAttempt, 0, false, "code inconnu")
	})
	if err != nil {
		return err
	}
	select {
	case <-time.After(300 * time.Millisecond):
	case <-ctx.Done():
	}
	return nil
}

func (s *Server) handleInvitationCode(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	code := formValue(r, "code")
	d := codeData(code)
	sec := secretFromCode(code)
	wellFormed := len(auth.NormalizeCode(code)) == 8
	err := s.db.Read(ctx, tokenScope(r, sec), func(tx *postgres.Tx) error {
		if err := s.checkCodeThrottle(ctx, tx); err != nil {
			return err
		}
		if !wellFormed { // refused below; the throttle has the first say
			return nil
		}
		_, _, err := tx.InvitationByToken(ctx, sec.hash)
		return err
	})
	switch {
	case errors.Is(err, errTooManyCodes):
		s.renderCodeTooMany(w, r, code)
	case err == nil && !wellFormed:
		d.Code.Error = "Le code compte 8 lettres et chiffres, par exemple K7MP-Q9XA."
		s.renderStatus(w, r, http.StatusUnprocessableEntity, pages.InvitationCode(s.page(r, "Code d'invitation"), d))
	case clts.ErrorCode(err) == clts.ENOTFOUND:
		if err := s.codeFailed(r); err != nil {
			s.serverError(w, r, err)
			return
		}
		d.Code.Error = "Ce code est inconnu ou n'est plus valable. Vérifiez la saisie, ou demandez une nouvelle fiche au pilote de votre comité."
		s.renderStatus(w, r, http.StatusUnprocessableEntity, pages.InvitationCode(s.page(r, "Code d'invitation"), d))
	case err != nil:
		s.serverError(w, r, err)
	default:
		http.Redirect(w, r, paths.Invitation+"?code="+sec.value, http.StatusSeeOther)
	}
}
