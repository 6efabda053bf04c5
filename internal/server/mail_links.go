package server

import (
	"errors"
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/pages"
)

// The links e-mails carry work without being signed in: their token,
// signed with the portal's key (auth.SignAnswer, auth.SignUnsubscribe),
// says who and what. Opening one (GET) changes nothing, so that the link
// scanners of mail services answer for nobody; only the page's button
// (POST) does.

// mailLinkRefusal is why an e-mail's link no longer does what it said: a
// page of its own, with its status.
type mailLinkRefusal struct {
	status           int
	heading, message string
}

func (e mailLinkRefusal) Error() string { return e.heading }

var (
	mailLinkExpired = mailLinkRefusal{http.StatusGone, "Ce lien a expiré",
		"Ce lien a expiré : la réunion a commencé ou elle est passée. Pour la voir ou pour changer votre réponse, connectez-vous et répondez sur le portail, depuis la page de la réunion."}
	mailLinkUsed = mailLinkRefusal{http.StatusConflict, "Ce lien a déjà servi",
		"Ce lien a déjà servi : la réponse qu'il a permis de donner est enregistrée. Pour la changer, connectez-vous et répondez sur le portail, depuis la page de la réunion."}
	mailMeetingClosed = mailLinkRefusal{http.StatusConflict, "Cette réunion n'attend plus de réponse",
		"Cette réunion a été annulée, ou elle a commencé : elle n'attend plus de réponse. Connectez-vous pour la voir sur le portail."}
)

// failMailLink answers an error of an e-mail's link: its own page for a
// refusal, 404 for a link that is not one (altered, signed with another
// key, for a meeting of another committee, or for a person no longer
// invited), the error pages otherwise.
func (s *Server) failMailLink(w http.ResponseWriter, r *http.Request, err error) {
	var refusal mailLinkRefusal
	switch {
	case errors.As(err, &refusal):
		s.renderStatus(w, r, refusal.status, pages.MailLinkRefused(s.page(r, refusal.heading), refusal.heading, refusal.message))
	case errors.Is(err, auth.ErrBadLink), errors.Is(err, auth.ErrMeetingForbidden),
		clts.ErrorCode(err) == clts.ENOTFOUND, clts.ErrorCode(err) == clts.EFORBIDDEN:
		s.renderError(w, r, http.StatusNotFound)
	case errors.Is(err, auth.ErrMeetingClosed):
		s.failMailLink(w, r, mailMeetingClosed)
	default:
		s.serverError(w, r, err)
	}
}

// answerLink checks the token of an answer link: its claim, or
// mailLinkExpired, or auth.ErrBadLink.
func (s *Server) answerLink(r *http.Request) (auth.AnswerClaim, string, error) {
	token := chi.URLParam(r, "token")
	c, err := auth.VerifyAnswer(s.signingKey, token, s.now())
	if errors.Is(err, auth.ErrLinkExpired) {
		return c, token, mailLinkExpired
	}
	return c, token, err
}

// mailAnswerScope is the unit of work of an answer link: the link's
// committee, on behalf of the person it was made for, so that row-level
// security and the audit line are those of the person's own answer.
func mailAnswerScope(r *http.Request, c auth.AnswerClaim) postgres.Scope {
	sc := postgres.InCommittee(c.CommitteeID, c.AccountID)
	sc.IP = clientIP(r)
	return sc
}

// readMailAnswer reads the page of an answer link and checks that it may
// still be used: not used already, the person still invited, the meeting
// neither cancelled nor started.
func (s *Server) readMailAnswer(r *http.Request, tx *postgres.Tx, c auth.AnswerClaim, token string) (*postgres.MailAnswerView, error) {
	v, err := tx.MailAnswerPage(r.Context(), c.MeetingID, auth.LinkMAC(token))
	if err != nil {
		return nil, err
	}
	if v.Used {
		return nil, mailLinkUsed
	}
	if err := auth.CheckMailAnswer(meetingFacts(v.MeetingView), s.now()); err != nil {
		return nil, err
	}
	return v, nil
}

func validAnswer(a string) bool {
	return a == clts.AnswerYes || a == clts.AnswerNo || a == clts.AnswerMaybe
}

// mailAnswerData is the confirmation page of v, with answer preselected
// (the link's choice, or else the answer recorded so far).
func mailAnswerData(r *http.Request, v *postgres.MailAnswerView, answer string) pages.MailAnswerData {
	if !validAnswer(answer) {
		answer = v.My.Answer
	}
	return pages.MailAnswerData{Name: v.Name, Committee: v.CommitteeName, Meeting: v.Meeting, Action: r.URL.Path,
		Answer: answer, Current: v.My.Answer}
}

// handleMailAnswerForm shows the meeting of an answer link and asks to
// confirm the answer; it changes nothing.
func (s *Server) handleMailAnswerForm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	c, token, err := s.answerLink(r)
	if err != nil {
		s.failMailLink(w, r, err)
		return
	}
	var v *postgres.MailAnswerView
	err = s.db.Read(ctx, mailAnswerScope(r, c), func(tx *postgres.Tx) error {
		var err error
		v, err = s.readMailAnswer(r, tx, c, token)
		return err
	})
	if err != nil {
		s.failMailLink(w, r, err)
		return
	}
	d := mailAnswerData(r, v, r.URL.Query().Get("reponse"))
	s.render(w, r, pages.MailAnswer(s.page(r, "Répondre à la convocation"), d))
}

// handleMailAnswer records the answer confirmed on the page of an answer
// link, and the link as used, in one unit of work: the same checks as the
// page, then the person's answer through the portal's own step (their
// companions and needs kept), audited on their behalf.
func (s *Server) handleMailAnswer(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	c, token, err := s.answerLink(r)
	if err != nil {
		s.failMailLink(w, r, err)
		return
	}
	answer := r.PostFormValue("reponse")
	var v *postgres.MailAnswerView
	sc := mailAnswerScope(r, c)
	if !validAnswer(answer) {
		// Nothing is written, the link stays usable: the page again.
		err = s.db.Read(ctx, sc, func(tx *postgres.Tx) error {
			var err error
			v, err = s.readMailAnswer(r, tx, c, token)
			return err
		})
		if err != nil {
			s.failMailLink(w, r, err)
			return
		}
		d := mailAnswerData(r, v, "")
		d.Error = "Choisissez votre réponse : je viens, je ne viens pas ou peut-être."
		s.renderStatus(w, r, http.StatusUnprocessableEntity, pages.MailAnswer(s.page(r, "Répondre à la convocation"), d))
		return
	}
	err = s.db.Write(ctx, sc, func(tx *postgres.Tx) error {
		var err error
		if v, err = s.readMailAnswer(r, tx, c, token); err != nil {
			return err
		}
		fresh, err := tx.UseLink(ctx, auth.LinkMAC(token), c.Expires)
		if err != nil {
			return err
		}
		if !fresh {
			// Another click recorded it in between.
			return mailLinkUsed
		}
		my := v.My
		return tx.SetResponse(ctx, v.Meeting.ID, answer, my.Companions, my.Needs, my.NeedsNote)
	})
	if err != nil {
		s.failMailLink(w, r, err)
		return
	}
	d := pages.MailAnswerDoneData{Answer: answer, Committee: v.CommitteeName, Meeting: v.Meeting,
		MeetingURL: paths.Meeting(v.CommitteeSlug, v.Meeting.ID)}
	s.render(w, r, pages.MailAnswerDone(s.page(r, "Votre réponse est enregistrée"), d))
}

// unsubscribeData is the page of an unsubscribe link.
func unsubscribeData(r *http.Request, u postgres.Unsubscribe, done bool) pages.MailUnsubscribeData {
	d := pages.MailUnsubscribeData{Name: u.Name, Action: r.URL.Path, Done: done}
	switch u.Digest {
	case auth.DigestDaily:
		d.Digest = "résumé du jour"
	case auth.DigestWeekly:
		d.Digest = "résumé de la semaine"
	}
	for _, k := range u.Kinds {
		if info, ok := clts.NotificationKindFor(k); ok {
			d.Kinds = append(d.Kinds, info.Label)
		}
	}
	return d
}

// unsubscribeLink checks the token of an unsubscribe link.
func (s *Server) unsubscribeLink(r *http.Request) (auth.UnsubscribeClaim, postgres.Scope, error) {
	c, err := auth.VerifyUnsubscribe(s.signingKey, chi.URLParam(r, "token"))
	return c, postgres.Scope{AccountID: c.AccountID, IP: clientIP(r)}, err
}

// handleMailUnsubscribeForm says what an unsubscribe link will change and
// offers the button; it changes nothing.
func (s *Server) handleMailUnsubscribeForm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	c, sc, err := s.unsubscribeLink(r)
	if err != nil {
		s.failMailLink(w, r, err)
		return
	}
	var u postgres.Unsubscribe
	err = s.db.Read(ctx, sc, func(tx *postgres.Tx) error {
		var err error
		u, err = tx.UnsubscribePreview(ctx, c.AccountID, c.Kind)
		return err
	})
	if err != nil {
		s.failMailLink(w, r, err)
		return
	}
	s.render(w, r, pages.MailUnsubscribe(s.page(r, "Ne plus recevoir ces courriels"), unsubscribeData(r, u, false)))
}

// handleMailUnsubscribe applies an unsubscribe link: the page's button, or
// the one-click POST (RFC 8058, body List-Unsubscribe=One-Click) that a
// mail provider's server sends on the person's behalf, which the
// cross-origin protection lets through (crossOriginProtection). Applying
// it again changes nothing more.
func (s *Server) handleMailUnsubscribe(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	c, sc, err := s.unsubscribeLink(r)
	if err != nil {
		s.failMailLink(w, r, err)
		return
	}
	var u postgres.Unsubscribe
	err = s.db.Write(ctx, sc, func(tx *postgres.Tx) error {
		var err error
		u, err = tx.ApplyUnsubscribe(ctx, c.AccountID, c.Kind)
		return err
	})
	if err != nil {
		s.failMailLink(w, r, err)
		return
	}
	s.render(w, r, pages.MailUnsubscribe(s.page(r, "Vous ne recevrez plus ces courriels"), unsubscribeData(r, u, true)))
}
