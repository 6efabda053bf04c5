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
		run: func(ctx context.Context, tx *postgres.Tx, id int64, _ *http.Request, _ string) (int64, error) {
			return 0, tx.ValidateContribution(ctx, id)
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
	step.run = func(ctx context.Context, tx *postgres.Tx, id int64, _ *http.Request, _ string) (int64, error) {
		return 0, tx.TransmitContributions(ctx, []int64{id}, s.now())
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
	err := s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
		c, _, _, err := s.contributionFor(ctx, tx, r, step.action)
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
