package server

import (
	"context"
	"net/http"
	"strconv"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/pages"
)

// contributionStep is a workflow step taken from a contribution's page:
// the rule that allows it, the text field it reads (if any), what the
// store does (it returns the page to go to, 0 for the contribution's),
// and what the person is told afterwards. The store checks the rule
// again under a row lock, writes the history and the audit line and
// queues the e-mails, in the same unit of work.
type contributionStep struct {
	action auth.ContributionAction
	field  string
	run    func(ctx context.Context, tx *postgres.Tx, id int64, r *http.Request, text string) (int64, error)
	done   string
}

var (
	stepContributionPropose = contributionStep{action: auth.ProposeContribution,
		run: func(ctx context.Context, tx *postgres.Tx, id int64, _ *http.Request, _ string) (int64, error) {
			return 0, tx.ProposeContribution(ctx, id)
		},
		done: "La contribution est proposée aux pilotes : vous recevrez un courriel quand ils l'auront relue."}
	stepContributionValidate = contributionStep{action: auth.ValidateContribution,
		run: func(ctx context.Context, tx *postgres.Tx, id int64, r *http.Request, _ string) (int64, error) {
			if err := tx.ValidateContribution(ctx, id); err != nil {
				return 0, err
			}
			return 0, checkStepVersion(ctx, tx, id, r)
		},
		done: "La contribution est validée ; ses auteurs en sont informés par courriel. Elle peut maintenant être transmise au HCTS."}
	stepContributionReturn = contributionStep{action: auth.ReturnContribution, field: clts.FieldContributionComment,
		run: func(ctx context.Context, tx *postgres.Tx, id int64, _ *http.Request, text string) (int64, error) {
			return 0, tx.ReturnContribution(ctx, id, text)
		},
		done: "La contribution est renvoyée à ses auteurs avec votre commentaire ; ils en sont informés par courriel."}
	stepContributionTransmit = contributionStep{action: auth.TransmitContribution,
		done: "La contribution est transmise au HCTS ; ses auteurs en sont informés par courriel."}
	stepContributionCorrect = contributionStep{action: auth.CorrectContribution,
		run: func(ctx context.Context, tx *postgres.Tx, id int64, _ *http.Request, _ string) (int64, error) {
			return tx.CorrectContribution(ctx, id)
		},
		done: "La version corrigée est créée, en brouillon : modifiez-la, puis proposez-la aux pilotes. La version transmise reste lisible."}
	stepContributionDelete = contributionStep{action: auth.DeleteContribution,
		run: func(ctx context.Context, tx *postgres.Tx, id int64, _ *http.Request, _ string) (int64, error) {
			return -1, tx.DeleteContribution(ctx, id)
		},
		done: "Le brouillon est supprimé."}
	stepContributionConsent = contributionStep{action: auth.ConsentContribution,
		run: func(ctx context.Context, tx *postgres.Tx, id int64, r *http.Request, _ string) (int64, error) {
			return 0, tx.SetAuthorConsent(ctx, id, r.PostFormValue("publier_nom") != "")
		},
		done: "Votre choix est enregistré."}
	stepContributionIndicators = contributionStep{action: auth.CommentIndicatorsStep, field: clts.FieldContributionIndicators,
		run: func(ctx context.Context, tx *postgres.Tx, id int64, _ *http.Request, text string) (int64, error) {
			return 0, tx.CommentIndicators(ctx, id, text)
		},
		done: "Le commentaire sur les chiffres est enregistré ; il sera transmis avec eux."}
)

// errContributionChangedSince: a pilot validating or transmitting from
// the page read an earlier text than the one saved since by someone else.
var errContributionChangedSince = clts.Errorf(clts.ECONFLICT, "Quelqu'un a modifié cette contribution depuis que vous l'avez ouverte : "+
	"rien n'a été fait. Relisez la version actuelle ci-dessous avant de la valider ou de la transmettre.")

// checkStepVersion, called once the store has taken its step (the row
// locked, its version increased by one), refuses the step when the page
// it was taken from showed an earlier version (the form's "version"), so
// that a pilot never validates nor transmits a text they have not read; the
// unit of work is then rolled back, e-mails included. A form without a
// version is not checked.
func checkStepVersion(ctx context.Context, tx *postgres.Tx, id int64, r *http.Request) error {
	v := r.PostFormValue("version")
	if v == "" {
		return nil
	}
	seen, err := strconv.Atoi(v)
	if err != nil {
		return errContributionChangedSince
	}
	c, err := tx.ContributionByID(ctx, id)
	if err != nil {
		return err
	}
	if c.Version != seen+1 {
		return errContributionChangedSince
	}
	return nil
}

func (s *Server) handleContributionPropose(w http.ResponseWriter, r *http.Request) {
	s.takeContributionStep(w, r, stepContributionPropose)
}

func (s *Server) handleContributionValidate(w http.ResponseWriter, r *http.Request) {
	s.takeContributionStep(w, r, stepContributionValidate)
}

func (s *Server) handleContributionReturn(w http.ResponseWriter, r *http.Request) {
	s.takeContributionStep(w, r, stepContributionReturn)
}

func (s *Server) handleContributionTransmit(w http.ResponseWriter, r *http.Request) {
	step := stepContributionTransmit
	step.run = func(ctx context.Context, tx *postgres.Tx, id int64, r *http.Request, _ string) (int64, error) {
		if err := tx.TransmitContributions(ctx, []int64{id}, s.now()); err != nil {
			return 0, err
		}
		return 0, checkStepVersion(ctx, tx, id, r)
	}
	s.takeContributionStep(w, r, step)
}

func (s *Server) handleContributionCorrect(w http.ResponseWriter, r *http.Request) {
	s.takeContributionStep(w, r, stepContributionCorrect)
}

func (s *Server) handleContributionDelete(w http.ResponseWriter, r *http.Request) {
	s.takeContributionStep(w, r, stepContributionDelete)
}

func (s *Server) handleContributionConsent(w http.ResponseWriter, r *http.Request) {
	s.takeContributionStep(w, r, stepContributionConsent)
}

func (s *Server) handleContributionIndicators(w http.ResponseWriter, r *http.Request) {
	s.takeContributionStep(w, r, stepContributionIndicators)
}

// takeContributionStep takes step on the contribution of the URL, in one
// unit of work: the rule first (404 for whoever may not read it, 403 for
// whoever may never take the step, 409 when its state does not allow it),
// then the step. A missing or wrong comment, or a refusal the page can
// explain (a text to write before proposing, a closed campaign), brings
// the page back with the message next to its field, the text kept.
func (s *Server) takeContributionStep(w http.ResponseWriter, r *http.Request, step contributionStep) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	st := state(ctx)
	slug := st.membership.Committee.Slug
	text := ""
	if step.field != "" {
		text = r.PostFormValue(step.field)
	}
	var id, next int64
	var help *clts.Help
	err := s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
		// ?avec=: a referent proposes the person's contribution with
		// them (withHelp), only that step.
		tx, h, pr, err := withHelp(ctx, tx, r, true)
		if err != nil {
			return err
		}
		if help = h; help != nil && step.action != auth.ProposeContribution {
			return errStepNotWithHelp
		}
		c, _, _, err := s.contributionForAs(ctx, tx, pr, r, step.action)
		if c != nil {
			id = c.ID
		}
		if err != nil {
			return err
		}
		if step.field == clts.FieldContributionComment {
			if err := clts.ValidateContributionComment(step.field, text); err != nil {
				return err
			}
		}
		next, err = step.run(ctx, tx, id, r, text)
		return err
	})
	switch {
	case err == nil && help != nil:
		to, msg := helpedSaved(slug, help, "La contribution est proposée aux pilotes")
		s.redirectWithFlash(w, r, to, msg)
	case help != nil:
		// The contribution's page is not the referent's to read: the
		// refusal is told as it is (the edit form says what to complete).
		s.failDomain(w, r, err)
	case err == nil && next < 0:
		s.redirectWithFlash(w, r, paths.Contributions(slug), step.done)
	case err == nil && next > 0:
		s.redirectWithFlash(w, r, paths.Contribution(slug, next), step.done)
	case err == nil:
		s.redirectWithFlash(w, r, paths.Contribution(slug, id), step.done)
	case id != 0 && (fieldErrors(err) != nil || clts.ErrorCode(err) == clts.ECONFLICT):
		s.contributionStepRefused(w, r, step, text, err)
	default:
		s.failDomain(w, r, err)
	}
}

// contributionStepRefused shows the contribution's page again with the
// typed text and the refusal next to its field, or at the top of the
// steps when no field explains it.
func (s *Server) contributionStepRefused(w http.ResponseWriter, r *http.Request, step contributionStep, text string, err error) {
	d, rerr := s.readContributionPage(r)
	if rerr != nil {
		s.failDomain(w, r, rerr)
		return
	}
	status := http.StatusUnprocessableEntity
	fe := fieldErrors(err)
	switch {
	case step.field == d.ReturnComment.Name && fe[step.field] != "":
		d.ReturnComment.Value, d.ReturnComment.Error = text, fe[step.field]
	case step.field == d.IndicatorsComment.Name && fe[step.field] != "":
		d.IndicatorsComment.Value, d.IndicatorsComment.Error = text, fe[step.field]
	case fe[clts.FieldContributionBody] != "":
		d.ActionError = "Avant de la proposer aux pilotes, écrivez le texte de la contribution : utilisez « Modifier la contribution »."
	default:
		if clts.ErrorCode(err) == clts.ECONFLICT {
			status = http.StatusConflict
		}
		d.ActionError = userMessage(err)
		if d.ActionError == "" {
			d.ActionError = "Cette étape n'a pas pu être faite."
		}
	}
	s.renderStatus(w, r, status, pages.ContributionPage(s.page(r, d.Contribution.Title), d))
}
