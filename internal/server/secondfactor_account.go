package server

import (
	"net/http"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/pages"
)

// secondFactorPage is the state of the account's second factor page.
type secondFactorPage struct {
	factor   postgres.SecondFactor
	required bool
}

// readSecondFactorPage reads the signed-in person's second factor and
// whether their roles require one, in one unit of work.
func (s *Server) readSecondFactorPage(r *http.Request) (secondFactorPage, error) {
	ctx := r.Context()
	st := state(ctx)
	var sp secondFactorPage
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		var err error
		if sp.factor, err = tx.SecondFactor(ctx); err != nil {
			return err
		}
		ms, err := tx.MembershipsOfAccount(ctx)
		sp.required = s.cfg.SecondFactorRequired.Requires(st.account, ms)
		return err
	})
	return sp, err
}

// secondFactorData builds the page, with the QR code of the enrolment
// under way, if any.
func secondFactorData(acc *clts.Account, sp secondFactorPage) (pages.SecondFactorData, error) {
	f := sp.factor
	d := pages.SecondFactorData{Enrolled: f.Enrolled(), ConfirmedAt: f.ConfirmedAt, RecoveryLeft: f.RecoveryLeft,
		Required: sp.required, Code: codeField("code_actuel", "Code affiché par l'application")}
	if f.PendingSecret != "" {
		e, err := enrolData(f.PendingSecret, acc.Login, paths.AccountSecondFactorConfirm, false)
		if err != nil {
			return d, err
		}
		d.Pending = &e
	}
	return d, nil
}

// renderSecondFactor renders the page with status; fill may set errors.
func (s *Server) renderSecondFactor(w http.ResponseWriter, r *http.Request, status int, sp secondFactorPage, fill func(*pages.SecondFactorData)) {
	d, err := secondFactorData(state(r.Context()).account, sp)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if fill != nil {
		fill(&d)
	}
	s.renderStatus(w, r, status, pages.SecondFactor(s.page(r, "Double authentification"), d))
}

func (s *Server) handleSecondFactor(w http.ResponseWriter, r *http.Request) {
	sp, err := s.readSecondFactorPage(r)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.renderSecondFactor(w, r, http.StatusOK, sp, nil)
}

// handleSecondFactorStart shows a new secret to enrol (a first phone, or a
// new one); the secret in use, if any, stays until the new one is
// confirmed.
func (s *Server) handleSecondFactorStart(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	secret := auth.NewTOTPSecret()
	err := s.db.Write(ctx, state(ctx).scope(), func(tx *postgres.Tx) error {
		return tx.StartSecondFactor(ctx, secret)
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, paths.AccountSecondFactor+"#titre-configurer", http.StatusSeeOther)
}

// handleSecondFactorConfirm puts the secret being enrolled in use once a
// first code made with it is right, and shows the new recovery codes, once.
func (s *Server) handleSecondFactorConfirm(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	st := state(ctx)
	sp, err := s.readSecondFactorPage(r)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if sp.factor.PendingSecret == "" {
		// Nothing to confirm (confirmed in another tab): the page says where
		// things stand.
		http.Redirect(w, r, paths.AccountSecondFactor, http.StatusSeeOther)
		return
	}
	codes, err := s.confirmEnrolment(ctx, st.scope(), sp.factor.PendingSecret, r.PostFormValue("code"), nil)
	if err != nil {
		fe := fieldErrors(err)
		if fe == nil && clts.ErrorCode(err) != clts.ECONFLICT {
			s.serverError(w, r, err)
			return
		}
		s.renderSecondFactor(w, r, http.StatusUnprocessableEntity, sp, func(d *pages.SecondFactorData) {
			d.Pending.Code.Error = fe["code"]
			if fe == nil {
				d.Pending.Error = userMessage(err)
			}
		})
		return
	}
	s.render(w, r, pages.RecoveryCodes(s.page(r, "Vos codes de secours"),
		pages.RecoveryCodesData{Enrolled: true, Codes: codes, Continue: paths.AccountSecondFactor}))
}

// handleRecoveryCodes replaces the recovery codes once a current code is
// given (a session left open is not enough), throttled like the code step.
func (s *Server) handleRecoveryCodes(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	st := state(ctx)
	code := auth.NormalizeTOTPCode(r.PostFormValue("code_actuel"))
	fail := func(status int, msg string, sp secondFactorPage) {
		s.renderSecondFactor(w, r, status, sp, func(d *pages.SecondFactorData) { d.Code.Error = msg })
	}
	if msg := codeFormatError(code); msg != "" {
		// A slip of the keyboard is no guess: not counted.
		sp, err := s.readSecondFactorPage(r)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		fail(http.StatusUnprocessableEntity, msg, sp)
		return
	}
	sc := st.scope()
	_, f, verdict, ended, err := s.beginCodeCheck(ctx, sc, 0, kindCode)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	sp := secondFactorPage{factor: f}
	switch {
	case ended:
		// No second factor in use: the page offers to enrol.
		http.Redirect(w, r, paths.AccountSecondFactor, http.StatusSeeOther)
		return
	case verdict.Refused:
		fail(http.StatusTooManyRequests, codesSuspended, sp)
		return
	}
	if !s.wait(ctx, verdict.Delay) {
		return
	}
	step, ok := auth.MatchTOTP(f.Secret, code, s.now(), f.LastStep)
	codes := auth.NewRecoveryCodes()
	hashes := make([][]byte, len(codes))
	for i, c := range codes {
		hashes[i] = auth.HashRecoveryCode(c)
	}
	err = s.db.Write(ctx, sc, func(tx *postgres.Tx) error {
		if ok {
			var err error
			if ok, err = tx.UseTOTPStep(ctx, step); err != nil {
				return err
			}
		}
		if !ok {
			return tx.RecordSecondFactorFailure(ctx, kindCode, false)
		}
		if err := tx.SecondFactorPassed(ctx); err != nil {
			return err
		}
		return tx.ReplaceRecoveryCodes(ctx, hashes)
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if !ok {
		fail(http.StatusUnprocessableEntity, codeWrong, sp)
		return
	}
	s.render(w, r, pages.RecoveryCodes(s.page(r, "Vos codes de secours"),
		pages.RecoveryCodesData{Codes: codes, Continue: paths.AccountSecondFactor}))
}
