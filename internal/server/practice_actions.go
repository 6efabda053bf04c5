package server

import (
	"context"
	"net/http"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/pages"
)

// practiceStep is a workflow step taken from a practice's sheet: the rule
// that allows it, the comment it needs (if any), what the store does, and
// what the person is told afterwards. The store checks the state again
// under a row lock, writes the audit line and queues the e-mails, in the
// same unit of work.
type practiceStep struct {
	action auth.PracticeAction
	// field is the comment's form field; "" for a step without one.
	field string
	run   func(ctx context.Context, tx *postgres.Tx, id int64, comment string) error
	done  string
}

var (
	stepSubmit = practiceStep{action: auth.SubmitPractice,
		run: func(ctx context.Context, tx *postgres.Tx, id int64, _ string) error {
			return tx.SubmitPractice(ctx, id)
		},
		done: "La fiche est proposée aux pilotes : vous recevrez un courriel après leur relecture."}
	stepPublish = practiceStep{action: auth.PublishPractice,
		run: func(ctx context.Context, tx *postgres.Tx, id int64, _ string) error {
			return tx.PublishPractice(ctx, id)
		},
		done: "La fiche est publiée : tous les membres du comité peuvent la lire. La personne qui l'a rédigée en est informée par courriel."}
	stepReturn = practiceStep{action: auth.ReturnPractice, field: "commentaire",
		run: func(ctx context.Context, tx *postgres.Tx, id int64, c string) error {
			return tx.ReturnPractice(ctx, id, c)
		},
		done: "La fiche est renvoyée pour correction avec votre commentaire ; la personne qui l'a rédigée en est informée par courriel."}
	stepWithdraw = practiceStep{action: auth.WithdrawPractice, field: "motif",
		run: func(ctx context.Context, tx *postgres.Tx, id int64, c string) error {
			return tx.WithdrawPractice(ctx, id, c)
		},
		done: "La fiche est retirée : les membres ne la voient plus. La personne qui l'a rédigée en est informée par courriel."}
	stepShare = practiceStep{action: auth.SharePractice,
		run: func(ctx context.Context, tx *postgres.Tx, id int64, _ string) error {
			return tx.SharePractice(ctx, id, true)
		},
		done: "La fiche est partagée au niveau national : les membres des autres comités et le HCTS peuvent la lire."}
	stepUnshare = practiceStep{action: auth.UnsharePractice,
		run: func(ctx context.Context, tx *postgres.Tx, id int64, _ string) error {
			return tx.SharePractice(ctx, id, false)
		},
		done: "La fiche n'est plus partagée au niveau national."}
	stepFlag = practiceStep{action: auth.FlagPractice, field: "motif_signalement",
		run: func(ctx context.Context, tx *postgres.Tx, id int64, c string) error {
			return tx.FlagPractice(ctx, id, c)
		},
		done: "Merci : votre signalement est transmis aux pilotes."}
)

func (s *Server) handlePracticeSubmit(w http.ResponseWriter, r *http.Request) {
	s.takePracticeStep(w, r, stepSubmit)
}

func (s *Server) handlePracticePublish(w http.ResponseWriter, r *http.Request) {
	s.takePracticeStep(w, r, stepPublish)
}

func (s *Server) handlePracticeReturn(w http.ResponseWriter, r *http.Request) {
	s.takePracticeStep(w, r, stepReturn)
}

func (s *Server) handlePracticeWithdraw(w http.ResponseWriter, r *http.Request) {
	s.takePracticeStep(w, r, stepWithdraw)
}

func (s *Server) handlePracticeShare(w http.ResponseWriter, r *http.Request) {
	s.takePracticeStep(w, r, stepShare)
}

func (s *Server) handlePracticeUnshare(w http.ResponseWriter, r *http.Request) {
	s.takePracticeStep(w, r, stepUnshare)
}

func (s *Server) handlePracticeFlag(w http.ResponseWriter, r *http.Request) {
	s.takePracticeStep(w, r, stepFlag)
}

// takePracticeStep takes step on the practice of the URL, in one unit of
// work: the rule first (404 for whoever may not read the practice, 403
// for whoever may never take the step, 409 when its state does not allow
// it), then the step. A missing or too long comment brings the sheet back
// with the message next to the comment's field, once the rule allows the
// step; a practice incomplete for the pilots brings its form back with
// what to complete.
func (s *Server) takePracticeStep(w http.ResponseWriter, r *http.Request, step practiceStep) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	st := state(ctx)
	slug := st.membership.Committee.Slug
	comment := ""
	if step.field != "" {
		comment = formValue(r, step.field)
		if err := clts.ValidateComment(step.field, comment); err != nil {
			s.practiceStepRefused(w, r, step, comment, fieldErrors(err)[step.field])
			return
		}
	}
	var id int64
	var help *clts.Help
	err := s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
		// ?avec=: a referent proposes the person's practice with them
		// (withHelp), only that step.
		tx, h, pr, err := withHelp(ctx, tx, r, true)
		if err != nil {
			return err
		}
		if help = h; help != nil && step.action != auth.SubmitPractice {
			return errStepNotWithHelp
		}
		p, err := practiceForAs(ctx, tx, pr, r, step.action)
		if err != nil {
			return err
		}
		id = p.ID
		if step.action == auth.SubmitPractice {
			// The pilots read complete sheets: a draft saved unfinished
			// is completed first.
			if err := p.ValidateForSubmission(); err != nil {
				return err
			}
		}
		return step.run(ctx, tx, id, comment)
	})
	switch {
	case err == nil && help != nil:
		to, msg := helpedSaved(slug, help, "La fiche est proposée aux pilotes")
		s.redirectWithFlash(w, r, to, msg)
	case err == nil:
		s.redirectWithFlash(w, r, paths.Practice(slug, id), step.done)
	case step.action == auth.SubmitPractice && clts.ErrorCode(err) == clts.EINVALID:
		s.completeBeforeSubmit(w, r, fieldErrors(err))
	default:
		s.failDomain(w, r, err)
	}
}

// practiceStepRefused shows the sheet again with the comment as typed and
// its message, in a read-only unit of work that checks the step's rule
// first.
func (s *Server) practiceStepRefused(w http.ResponseWriter, r *http.Request, step practiceStep, comment, msg string) {
	ctx := r.Context()
	st := state(ctx)
	var d pages.PracticeSheetData
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		var err error
		d, err = s.readPracticeSheet(ctx, tx, r, step.action)
		return err
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	switch step.field {
	case d.ReturnComment.Name:
		d.ReturnComment.Value, d.ReturnComment.Error = comment, msg
	case d.WithdrawReason.Name:
		d.WithdrawReason.Value, d.WithdrawReason.Error = comment, msg
	case d.FlagReason.Name:
		d.FlagReason.Value, d.FlagReason.Error = comment, msg
	}
	s.renderStatus(w, r, http.StatusUnprocessableEntity, pages.PracticeSheet(s.page(r, d.Practice.Title), d))
}

// completeBeforeSubmit shows the form of a practice proposed unfinished,
// with what to complete next to each field.
func (s *Server) completeBeforeSubmit(w http.ResponseWriter, r *http.Request, fe clts.FieldErrors) {
	ctx := r.Context()
	st := state(ctx)
	var current *clts.Practice
	var c practiceChoices
	var files []clts.File
	var help *clts.Help
	var pr auth.Principal
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		tx, h, p, err := withHelp(ctx, tx, r, false)
		if err != nil {
			return err
		}
		help, pr = h, p
		if current, err = practiceForAs(ctx, tx, pr, r, auth.EditPractice); err != nil {
			return err
		}
		if c, err = readPracticeChoices(ctx, tx, current); err != nil {
			return err
		}
		files, err = tx.PracticeAttachments(ctx, current.ID)
		return err
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	d := editFormData(st.membership.Committee, pr, *current, yearText(current.StartYear), c, files, help)
	d.Conflict = "Avant de proposer la fiche aux pilotes, complétez-la : les champs à remplir sont indiqués ci-dessous."
	s.practiceFormFailed(w, r, http.StatusUnprocessableEntity, d, fe, &multipartUpload{})
}
