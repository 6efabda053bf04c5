package server

import (
	"bytes"
	"context"
	"encoding/base64"
	"image/png"
	"net/http"
	"strings"
	"time"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/components"
	"github.com/portail-clts/clts/web/pages"
)

// Session keys of a half-signed-in session: the password was right, and a
// code (or, for someone whose role requires a second factor they do not
// have yet, an enrolment) is still due. The account is not signed in: the
// session holds no sessionAccount, so loadAccount sees nobody and every
// page but the code step and logout stays out of reach (requireLogin sends
// the person back to the step).
const (
	sessionPendingAccount = "pending_account"
	sessionPendingStamp   = "pending_stamp"
	sessionPendingEnrol   = "pending_enrol"
	sessionPendingReturn  = "pending_return"
)

// secondStep is what a sign-in still asks once the password is right.
type secondStep int

const (
	noSecondStep secondStep = iota
	askCode                 // the account uses a second factor
	askEnrolment            // its role requires one it does not have yet
)

// pendingLogin is the state of a half-signed-in session.
type pendingLogin struct {
	accountID int64
	stamp     int64  // the account's session stamp at the password step
	enrol     bool   // an enrolment is due, not a code
	target    string // where the sign-in leads once complete
}

// pendingLogin returns the session's half-signed-in state, if any.
func (s *Server) pendingLogin(ctx context.Context) (pendingLogin, bool) {
	id := s.sessions.GetInt64(ctx, sessionPendingAccount)
	if id == 0 {
		return pendingLogin{}, false
	}
	return pendingLogin{
		accountID: id,
		stamp:     s.sessions.GetInt64(ctx, sessionPendingStamp),
		enrol:     s.sessions.GetBool(ctx, sessionPendingEnrol),
		target:    s.sessions.GetString(ctx, sessionPendingReturn),
	}, true
}

// path is the page of the step due.
func (p pendingLogin) path() string {
	if p.enrol {
		return paths.LoginEnrol
	}
	return paths.LoginCode
}

// finishPasswordStep closes a sign-in's password step inside its last unit
// of work, once the password was found right: it reads the account's
// committees and decides, with secondStepFor, whether a second step is due.
// Without one, the attempt is a login; with one, the password's failures
// are forgotten as for a login and the step is audited, but nobody is
// signed in yet.
func (s *Server) finishPasswordStep(ctx context.Context, tx *postgres.Tx, acc *clts.Account, key, typed, newSecret string) (secondStep, []clts.Membership, error) {
	ms, err := tx.MembershipsOfAccount(ctx)
	if err != nil {
		return noSecondStep, nil, err
	}
	step, err := s.secondStepFor(ctx, tx, acc, ms, newSecret)
	if err != nil {
		return noSecondStep, nil, err
	}
	if step == noSecondStep {
		return step, ms, tx.FinishLogin(ctx, key, typed, acc.ID, true, "")
	}
	return step, ms, tx.PasswordStepPassed(ctx, key)
}

// secondStepFor decides, inside a unit of work on behalf of acc, whose
// active memberships are ms, what signing acc in still asks once its
// password is known: a code when it uses a second factor, an enrolment when
// its role requires one it does not have yet, nothing otherwise. Every way
// in (a sign-in, a new account made from an invitation) asks it here. For an
// enrolment, a secret to enrol (newSecret) is stored unless one is being
// enrolled already.
func (s *Server) secondStepFor(ctx context.Context, tx *postgres.Tx, acc *clts.Account, ms []clts.Membership, newSecret string) (secondStep, error) {
	f, err := tx.SecondFactor(ctx)
	if err != nil {
		return noSecondStep, err
	}
	switch {
	case f.Enrolled():
		return askCode, nil
	case s.cfg.SecondFactorRequired.Requires(acc, ms):
		if f.PendingSecret == "" {
			if err := tx.StartSecondFactor(ctx, newSecret); err != nil {
				return noSecondStep, err
			}
		}
		return askEnrolment, nil
	}
	return noSecondStep, nil
}

// beginSecondStep makes the (renewed) session half-signed-in for acc and
// sends the person to the step due; target is where the sign-in leads
// afterwards.
func (s *Server) beginSecondStep(w http.ResponseWriter, r *http.Request, acc *clts.Account, step secondStep, target string) {
	ctx := r.Context()
	s.sessions.Remove(ctx, sessionAccount)
	s.sessions.Remove(ctx, sessionStamp)
	p := pendingLogin{accountID: acc.ID, stamp: acc.SessionStamp, enrol: step == askEnrolment, target: target}
	s.sessions.Put(ctx, sessionPendingAccount, p.accountID)
	s.sessions.Put(ctx, sessionPendingStamp, p.stamp)
	s.sessions.Put(ctx, sessionPendingEnrol, p.enrol)
	s.sessions.Put(ctx, sessionPendingReturn, p.target)
	http.Redirect(w, r, p.path(), http.StatusSeeOther)
}

// clearPendingLogin forgets a half-signed-in state.
func (s *Server) clearPendingLogin(ctx context.Context) {
	for _, k := range []string{sessionPendingAccount, sessionPendingStamp, sessionPendingEnrol, sessionPendingReturn} {
		s.sessions.Remove(ctx, k)
	}
}

// completeSignIn signs acc in on a fresh token once its second step is
// done.
func (s *Server) completeSignIn(ctx context.Context, acc *clts.Account) error {
	if err := s.sessions.RenewToken(ctx); err != nil {
		return err
	}
	s.clearPendingLogin(ctx)
	s.sessions.Put(ctx, sessionAccount, acc.ID)
	s.sessions.Put(ctx, sessionStamp, acc.SessionStamp)
	state(ctx).account = acc
	return nil
}

// endPendingLogin ends a half-signed-in session whose account changed
// meanwhile (logged out everywhere, password changed, deactivated, second
// factor reset): the person starts again from the password.
func (s *Server) endPendingLogin(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if err := s.sessions.Destroy(ctx); err != nil {
		s.serverError(w, r, err)
		return
	}
	if err := s.sessions.RenewToken(ctx); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.redirectWithFlash(w, r, paths.Login, "Votre connexion a été interrompue : votre compte a changé entre-temps. Reconnectez-vous avec votre mot de passe.")
}

// secondStepGate sends whoever is not half-signed-in for the step of path
// where they belong, and reports whether the step's handler may go on.
func (s *Server) secondStepGate(w http.ResponseWriter, r *http.Request, path string) (pendingLogin, bool) {
	ctx := r.Context()
	if st := state(ctx); st.account != nil {
		http.Redirect(w, r, s.homeOf(r), http.StatusSeeOther)
		return pendingLogin{}, false
	}
	p, ok := s.pendingLogin(ctx)
	if !ok {
		http.Redirect(w, r, paths.Login, http.StatusSeeOther)
		return pendingLogin{}, false
	}
	if p.path() != path {
		http.Redirect(w, r, p.path(), http.StatusSeeOther)
		return pendingLogin{}, false
	}
	return p, true
}

// Messages of the code fields.
const (
	codeMissing    = "Indiquez le code à six chiffres affiché par votre application d'authentification."
	codeMalformed  = "Le code a six chiffres, par exemple 123456."
	codeWrong      = "Ce code n'est pas le bon, ou il a déjà servi. Saisissez le code que l'application affiche en ce moment (il change toutes les 30 secondes)."
	recoveryBad    = "Un code de secours a 12 lettres et chiffres, par exemple K7MP-Q9XA-R2TW."
	recoveryWrong  = "Ce code de secours n'est pas valable : il est erroné ou a déjà servi."
	codesSuspended = "Trop de codes erronés. Par sécurité, patientez 15 minutes avant de réessayer."
	enrolCodeWrong = "Ce code ne correspond pas à la clé affichée. Vérifiez que l'heure de votre téléphone est à l'heure, puis saisissez le code affiché en ce moment."
	kindCode       = "code"
	kindRecovery   = "code de secours"
)

// codeFormatError is the message for a normalized code that cannot be one
// ("" when it may be): a slip of the keyboard, not counted as a guess.
func codeFormatError(code string) string {
	switch {
	case code == "":
		return codeMissing
	case !auth.LooksLikeTOTPCode(code):
		return codeMalformed
	}
	return ""
}

// codeField is the field of a six-digit code.
func codeField(name, label string) components.Field {
	return components.Field{Name: name, Label: label, Autocomplete: "one-time-code", Inputmode: "numeric",
		Hint: "Six chiffres ; les espaces ne comptent pas."}
}

func loginCodeData() pages.LoginCodeData {
	return pages.LoginCodeData{
		Code: codeField("code", "Code de l'application"),
		Recovery: components.Field{Name: "code_secours", Label: "Code de secours", Autocomplete: "off",
			Hint: "12 lettres et chiffres, par exemple K7MP-Q9XA-R2TW. Les tirets, les espaces et les minuscules sont acceptés."},
	}
}

func (s *Server) handleLoginCodeForm(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.secondStepGate(w, r, paths.LoginCode); !ok {
		return
	}
	s.render(w, r, pages.LoginCode(s.page(r, "Code de connexion"), loginCodeData()))
}

// handleLoginCode checks the code of a half-signed-in session, or a
// recovery code. Wrong codes are counted per account and throttled like
// passwords; the count is committed before the code is checked, outside
// any transaction, and a code is accepted once.
func (s *Server) handleLoginCode(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	p, ok := s.secondStepGate(w, r, paths.LoginCode)
	if !ok {
		return
	}
	ctx := r.Context()
	d := loginCodeData()
	code := auth.NormalizeTOTPCode(r.PostFormValue("code"))
	typedRecovery := strings.TrimSpace(r.PostFormValue("code_secours"))
	recovery := auth.NormalizeRecoveryCode(typedRecovery)
	useRecovery := code == "" && typedRecovery != ""
	field := &d.Code
	kind := kindCode
	if useRecovery {
		field, kind = &d.Recovery, kindRecovery
	}
	if useRecovery {
		if !auth.LooksLikeRecoveryCode(recovery) {
			field.Error = recoveryBad
		}
	} else {
		field.Error = codeFormatError(code)
	}
	if field.Error != "" {
		s.renderStatus(w, r, http.StatusUnprocessableEntity, pages.LoginCode(s.page(r, "Code de connexion"), d))
		return
	}

	sc := postgres.Scope{AccountID: p.accountID, IP: clientIP(r)}
	acc, f, verdict, ended, err := s.beginCodeCheck(ctx, sc, p.stamp, kind)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if ended {
		s.endPendingLogin(w, r)
		return
	}
	if verdict.Refused {
		field.Error = codesSuspended
		s.renderStatus(w, r, http.StatusTooManyRequests, pages.LoginCode(s.page(r, "Code de connexion"), d))
		return
	}
	if !s.wait(ctx, verdict.Delay) {
		return
	}

	// The code is checked outside any transaction.
	var step int64
	var hash []byte
	if useRecovery {
		hash = auth.HashRecoveryCode(recovery)
	} else {
		step, ok = auth.MatchTOTP(f.Secret, code, s.now(), f.LastStep)
	}
	left := -1
	err = s.db.Write(ctx, sc, func(tx *postgres.Tx) error {
		var err error
		switch {
		case useRecovery:
			ok, left, err = tx.UseRecoveryCode(ctx, hash)
		case ok:
			// Refused when the same code was accepted meanwhile.
			ok, err = tx.UseTOTPStep(ctx, step)
		}
		if err != nil {
			return err
		}
		if !ok {
			return tx.RecordSecondFactorFailure(ctx, kind, false)
		}
		if err := tx.SecondFactorPassed(ctx); err != nil {
			return err
		}
		return tx.RecordSecondFactorLogin(ctx, acc.Login, kind)
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if !ok {
		field.Error = codeWrong
		if useRecovery {
			field.Error = recoveryWrong
		}
		s.renderStatus(w, r, http.StatusUnauthorized, pages.LoginCode(s.page(r, "Code de connexion"), d))
		return
	}
	if err := s.completeSignIn(ctx, acc); err != nil {
		s.serverError(w, r, err)
		return
	}
	flash := ""
	switch {
	case left == 0:
		flash = "Vous avez utilisé votre dernier code de secours : obtenez-en de nouveaux dans « Mon compte › Double authentification »."
	case left > 0:
		flash = "Code de secours accepté. " + pages.RecoveryLeftText(left)
	}
	s.redirectWithFlash(w, r, p.target, flash)
}

// beginCodeCheck counts a code attempt of the account of sc, in a unit of
// work of its own committed before the code is checked, and returns the
// account, its second factor and the throttle's verdict; a refusal is
// audited at once. ended is true when the account is no longer the one of
// the password step (its stamp moved, it was disabled, its second factor
// was reset): nothing is counted then.
func (s *Server) beginCodeCheck(ctx context.Context, sc postgres.Scope, stamp int64, kind string) (acc *clts.Account, f postgres.SecondFactor, v auth.Verdict, ended bool, err error) {
	err = s.db.Write(ctx, sc, func(tx *postgres.Tx) error {
		var err error
		acc, err = tx.AccountByID(ctx, sc.AccountID)
		if clts.ErrorCode(err) == clts.ENOTFOUND {
			ended = true
			return nil
		}
		if err != nil {
			return err
		}
		if acc.Disabled || (stamp != 0 && acc.SessionStamp != stamp) {
			ended = true
			return nil
		}
		if f, err = tx.SecondFactor(ctx); err != nil {
			return err
		}
		if !f.Enrolled() {
			ended = true
			return nil
		}
		failures, err := tx.BeginSecondFactor(ctx, s.now().Add(-auth.ThrottleWindow))
		if err != nil {
			return err
		}
		if v = auth.Throttle(failures, 0); v.Refused {
			return tx.RecordSecondFactorFailure(ctx, kind, true)
		}
		return nil
	})
	return acc, f, v, ended, err
}

// wait sleeps d, the throttle's delay; false when the request ended first.
func (s *Server) wait(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	select {
	case <-time.After(d):
		return true
	case <-ctx.Done():
		return false
	}
}

// enrolData is the enrolment of secret for account, its first code sent to
// action.
func enrolData(secret, account, action string, forced bool) (pages.EnrolData, error) {
	img, err := auth.TOTPQRCode(secret, account, 200)
	if err != nil {
		return pages.EnrolData{}, err
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return pages.EnrolData{}, err
	}
	return pages.EnrolData{
		Forced:  forced,
		QRCode:  "data:image/png;base64," + base64.StdEncoding.EncodeToString(b.Bytes()),
		Key:     auth.GroupedSecret(secret),
		Account: auth.TOTPIssuer + " (" + account + ")",
		Action:  action,
		Code:    codeField("code", "Code affiché par l'application"),
	}, nil
}

// readPendingEnrolment reads, for a half-signed-in session that must enrol,
// the account and its second factor; ended as in beginCodeCheck.
func (s *Server) readPendingEnrolment(ctx context.Context, p pendingLogin, ip string) (acc *clts.Account, f postgres.SecondFactor, ended bool, err error) {
	err = s.db.Read(ctx, postgres.Scope{AccountID: p.accountID, IP: ip}, func(tx *postgres.Tx) error {
		var err error
		acc, err = tx.AccountByID(ctx, p.accountID)
		if clts.ErrorCode(err) == clts.ENOTFOUND {
			ended = true
			return nil
		}
		if err != nil {
			return err
		}
		if acc.Disabled || acc.SessionStamp != p.stamp {
			ended = true
			return nil
		}
		f, err = tx.SecondFactor(ctx)
		return err
	})
	if err == nil && !ended && f.PendingSecret == "" {
		// Enrolled in another tab, or reset meanwhile: start again.
		ended = true
	}
	return acc, f, ended, err
}

func (s *Server) handleLoginEnrolForm(w http.ResponseWriter, r *http.Request) {
	p, ok := s.secondStepGate(w, r, paths.LoginEnrol)
	if !ok {
		return
	}
	ctx := r.Context()
	acc, f, ended, err := s.readPendingEnrolment(ctx, p, clientIP(r))
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if ended {
		s.endPendingLogin(w, r)
		return
	}
	d, err := enrolData(f.PendingSecret, acc.Login, paths.LoginEnrol, true)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, pages.Enrol(s.page(r, "Activer la double authentification"), d))
}

// handleLoginEnrol confirms the enrolment a sign-in asked for with a first
// code, signs the person in and shows their recovery codes, once.
func (s *Server) handleLoginEnrol(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	p, ok := s.secondStepGate(w, r, paths.LoginEnrol)
	if !ok {
		return
	}
	ctx := r.Context()
	ip := clientIP(r)
	acc, f, ended, err := s.readPendingEnrolment(ctx, p, ip)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if ended {
		s.endPendingLogin(w, r)
		return
	}
	codes, err := s.confirmEnrolment(ctx, postgres.Scope{AccountID: acc.ID, IP: ip}, f.PendingSecret, r.PostFormValue("code"),
		func(tx *postgres.Tx) error {
			return tx.RecordSecondFactorLogin(ctx, acc.Login, "activation de la double authentification")
		})
	if err != nil {
		if fe := fieldErrors(err); fe != nil || clts.ErrorCode(err) == clts.ECONFLICT {
			d, derr := enrolData(f.PendingSecret, acc.Login, paths.LoginEnrol, true)
			if derr != nil {
				s.serverError(w, r, derr)
				return
			}
			d.Code.Error = fe["code"]
			if fe == nil {
				d.Error = userMessage(err)
			}
			s.renderStatus(w, r, http.StatusUnprocessableEntity, pages.Enrol(s.page(r, "Activer la double authentification"), d))
			return
		}
		s.serverError(w, r, err)
		return
	}
	if err := s.completeSignIn(ctx, acc); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, pages.RecoveryCodes(s.page(r, "Vos codes de secours"),
		pages.RecoveryCodesData{Enrolled: true, Codes: codes, Continue: p.target}))
}

// confirmEnrolment checks a first code against the secret being enrolled,
// outside any transaction, then puts the secret in use with new recovery
// codes in one unit of work, in which also runs (the sign-in's audit
// line, say). It returns the recovery codes, to show once; a wrong code is
// a field error on "code".
func (s *Server) confirmEnrolment(ctx context.Context, sc postgres.Scope, secret, typed string, also func(*postgres.Tx) error) ([]string, error) {
	code := auth.NormalizeTOTPCode(typed)
	fieldErr := func(msg string) error {
		return &clts.Error{Code: clts.EINVALID, Message: msg, Fields: clts.FieldErrors{"code": msg}}
	}
	if msg := codeFormatError(code); msg != "" {
		return nil, fieldErr(msg)
	}
	step, ok := auth.MatchTOTP(secret, code, s.now(), 0)
	if !ok {
		return nil, fieldErr(enrolCodeWrong)
	}
	codes := auth.NewRecoveryCodes()
	hashes := make([][]byte, len(codes))
	for i, c := range codes {
		hashes[i] = auth.HashRecoveryCode(c)
	}
	err := s.db.Write(ctx, sc, func(tx *postgres.Tx) error {
		if err := tx.ConfirmSecondFactor(ctx, secret, step, hashes); err != nil {
			return err
		}
		if also != nil {
			return also(tx)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return codes, nil
}
