package server

import (
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
// value, and the hash to look it up by. A code is a guess until it matches.
type invitationSecret struct {
	field, value string
	hash         []byte
	guess        bool
}

// linkTokenLen is the length of an e-mailed link's token: auth.NewToken's
// 32 random bytes in unpadded base64url.
const linkTokenLen = 43

// isLinkToken reports whether s has the shape of an e-mailed link's token,
// which nobody can guess; a printed code never has it.
func isLinkToken(s string) bool {
	if len(s) != linkTokenLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// secretFromLink reads the jeton of a link or of the accepting form. Only an
// e-mailed link's token is taken as it is: anything else, such as a printed
// code typed into the link, is read as a code, a guess throttled with the
// others.
func secretFromLink(token string) invitationSecret {
	if !isLinkToken(token) {
		return secretFromCode(token)
	}
	return invitationSecret{field: "jeton", value: token, hash: auth.HashToken(token)}
}

func secretFromCode(code string) invitationSecret {
	n := auth.NormalizeCode(code)
	return invitationSecret{field: "code", value: n, hash: auth.HashToken(n), guess: true}
}

func (s *Server) invitationData(r *http.Request, inv *clts.Invitation, c *clts.Committee, sec invitationSecret) pages.InvitationData {
	d := pages.InvitationData{
		Committee:   c.Name,
		Role:        inv.Role.Label(),
		Email:       inv.Email,
		SecretName:  sec.field,
		SecretValue: sec.value,
		LoginURL:    paths.LoginReturning(paths.Invitation + "?" + sec.field + "=" + sec.value),
		Name: components.Field{Name: "nom", Label: "Votre nom, tel que les autres membres le verront", Value: inv.DisplayName, Autocomplete: "name", Spellcheck: true,
			MaxLength: clts.MaxDisplayName},
		Login: components.Field{Name: "identifiant", Label: "Identifiant de connexion", Autocomplete: "username", MaxLength: clts.MaxLogin,
			Hint: "Lettres sans accent, chiffres, point, tiret ; 3 caractères au moins. Vous pourrez aussi vous connecter avec votre adresse électronique si vous en avez une."},
		Password: components.Field{Name: "mot_de_passe", Label: "Mot de passe", Type: "password", Autocomplete: "new-password", MaxLength: clts.MaxPassword,
			Hint: "Au moins 12 caractères. Une phrase de plusieurs mots est facile à retenir et difficile à deviner."},
		Confirm: components.Field{Name: "confirmation", Label: "Mot de passe, une seconde fois", Type: "password", Autocomplete: "new-password",
			MaxLength: clts.MaxPassword},
		Passphrase: suggestPassphrase(),
	}
	if acc := state(r.Context()).account; acc != nil {
		d.SignedIn = acc.DisplayName
	}
	return d
}

func (s *Server) handleInvitationForm(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	sec := secretFromLink(q.Get("jeton"))
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

// invitationFor finds the invitation a link or a code stands for, through
// findInvitation. It answers 429, 404 or 500 itself and then reports false.
func (s *Server) invitationFor(w http.ResponseWriter, r *http.Request, sec invitationSecret) (*clts.Invitation, *clts.Committee, bool) {
	inv, c, err := s.findInvitation(r, sec)
	switch {
	case errors.Is(err, errTooManyCodes):
		s.renderCodeTooMany(w, r, sec.value)
		return nil, nil, false
	case clts.ErrorCode(err) == clts.ENOTFOUND:
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
	sec := secretFromLink(r.PostFormValue("jeton"))
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
		hash, err := s.hashPassword(r.Context(), password)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		acceptance.NewAccount = &postgres.NewAccount{Email: inv.Email, Login: login, DisplayName: name, PasswordHash: hash}
	}
	var committee *clts.Committee
	var joined *clts.Account // the new account, signed in below
	// A new account is signed in as a sign-in would: a role that requires a
	// second factor sends it to the enrolment first, with this secret.
	secret := auth.NewTOTPSecret()
	step := noSecondStep
	err := s.db.Write(ctx, sc, func(tx *postgres.Tx) error {
		accountID, cm, err := tx.AcceptInvitation(ctx, sec.hash, acceptance)
		if err != nil {
			return err
		}
		committee = cm
		if acceptance.NewAccount == nil {
			return nil
		}
		if joined, err = tx.AccountByID(ctx, accountID); err != nil {
			return err
		}
		ms, err := tx.MembershipsOfAccount(ctx)
		if err != nil {
			return err
		}
		step, err = s.secondStepFor(ctx, tx, joined, ms, secret)
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
	// account is signed in at once, or after the second step its role asks.
	if err := s.sessions.RenewToken(ctx); err != nil {
		s.serverError(w, r, err)
		return
	}
	home, welcome := paths.CommitteeHome(committee.Slug), "Bienvenue dans le "+committee.Name+" !"
	if joined != nil && step != noSecondStep {
		// Not signed in yet: the enrolment comes first, then the committee.
		s.sessions.Put(ctx, sessionFlash, welcome)
		s.beginSecondStep(w, r, joined, step, home)
		return
	}
	if joined != nil {
		s.sessions.Put(ctx, sessionAccount, joined.ID)
		s.sessions.Put(ctx, sessionStamp, joined.SessionStamp)
	}
	s.redirectWithFlash(w, r, home, welcome)
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

// codeAttempt is the name under which code guesses are recorded, apart from
// login failures (no login name reaches it, see postgres.BeginGuesses), and
// throttled: per address, and for all addresses together, so that many
// addresses cannot share out a search of the codes.
const codeAttempt = "code-invitation"

// maxCodeFailures is how many wrong codes all addresses together may enter
// in auth.ThrottleWindow before code entry pauses for everyone.
const maxCodeFailures = 200

// codeFailureDelay is what a wrong code costs its sender, like a wrong
// password.
const codeFailureDelay = 300 * time.Millisecond

// findInvitation finds the pending invitation a secret stands for: every
// path that redeems an invitation comes here. An e-mailed link's token is
// looked up as it is. A code, wherever it was typed (the code form,
// ?code=, or ?jeton= and the accepting form's field), is a guess, counted
// by guessCode.
func (s *Server) findInvitation(r *http.Request, sec invitationSecret) (*clts.Invitation, *clts.Committee, error) {
	ctx := r.Context()
	var inv *clts.Invitation
	var c *clts.Committee
	err := s.guessCode(r, sec, func(tx *postgres.Tx) error {
		var err error
		inv, c, err = tx.InvitationByToken(ctx, sec.hash)
		return err
	})
	return inv, c, err
}

// guessCode runs lookup, which finds what a secret stands for in a scope
// carrying its hash (tokenScope), answering ENOTFOUND when nothing. A
// printed code, an invitation's or an access sheet's, is a guess: in one
// unit of work, under a lock that makes guesses sent together count in
// turn, the recent wrong codes from the address and from everyone are
// counted first (errTooManyCodes past the limits, whether the code is
// right or not), and a wrong one is recorded before its ENOTFOUND is
// answered, after a delay. Both kinds of sheets share the count: their
// codes are drawn alike, so guessing one kind is guessing the other.
func (s *Server) guessCode(r *http.Request, sec invitationSecret, lookup func(tx *postgres.Tx) error) error {
	ctx := r.Context()
	// An empty secret (a form posted without one) guesses nothing: it is
	// looked up like a link, finding nothing, and is not counted.
	if !sec.guess || sec.value == "" {
		return s.db.Read(ctx, tokenScope(r, sec), lookup)
	}
	var wrong error
	err := s.db.Write(ctx, tokenScope(r, sec), func(tx *postgres.Tx) error {
		all, fromAddr, err := tx.BeginGuesses(ctx, codeAttempt, s.now().Add(-auth.ThrottleWindow))
		if err != nil {
			return err
		}
		if fromAddr >= auth.LockAfter || all >= maxCodeFailures {
			return errTooManyCodes
		}
		err = lookup(tx)
		if clts.ErrorCode(err) != clts.ENOTFOUND {
			return err
		}
		wrong = err
		return tx.RecordWrongGuess(ctx, codeAttempt, "code inconnu")
	})
	if err != nil {
		return err
	}
	if wrong != nil {
		select {
		case <-time.After(codeFailureDelay):
		case <-ctx.Done():
		}
		return wrong
	}
	return nil
}

// tooManyCodes is the refusal of code entry while code guesses are
// throttled, on every page where a code is typed.
const tooManyCodes = "Trop de codes incorrects ont été saisis. Par sécurité, patientez 15 minutes avant de réessayer."

// renderCodeTooMany answers 429 with the code page.
func (s *Server) renderCodeTooMany(w http.ResponseWriter, r *http.Request, code string) {
	d := codeData(code)
	d.Error = tooManyCodes
	s.renderStatus(w, r, http.StatusTooManyRequests, pages.InvitationCode(s.page(r, "Code d'invitation"), d))
}

func (s *Server) handleInvitationCode(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	code := formValue(r, "code")
	d := codeData(code)
	sec := secretFromCode(code)
	if len(sec.value) != 8 {
		// No code has this shape: nothing to look up, no guess to count.
		d.Code.Error = "Le code compte 8 lettres et chiffres, par exemple K7MP-Q9XA."
		s.renderStatus(w, r, http.StatusUnprocessableEntity, pages.InvitationCode(s.page(r, "Code d'invitation"), d))
		return
	}
	_, _, err := s.findInvitation(r, sec)
	switch {
	case errors.Is(err, errTooManyCodes):
		s.renderCodeTooMany(w, r, code)
	case clts.ErrorCode(err) == clts.ENOTFOUND:
		d.Code.Error = "Ce code est inconnu ou n'est plus valable. Vérifiez la saisie, ou demandez une nouvelle fiche au pilote de votre comité."
		s.renderStatus(w, r, http.StatusUnprocessableEntity, pages.InvitationCode(s.page(r, "Code d'invitation"), d))
	case err != nil:
		s.serverError(w, r, err)
	default:
		http.Redirect(w, r, paths.Invitation+"?code="+sec.value, http.StatusSeeOther)
	}
}
