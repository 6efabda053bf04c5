package mails

import (
	"fmt"
	"strconv"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
)

// Contributions writes the e-mails of the contribution workflow, with
// absolute links under BaseURL; the store queues them in the step's unit
// of work (postgres.DB.SetContributionMailer).
type Contributions struct {
	BaseURL string // the portal's address, without a trailing slash
}

// ContributionMail is the e-mail of a workflow step: to the pilots when a
// contribution is proposed, to its authors when it is returned (with the
// pilot's comment), validated, transmitted or being corrected.
func (m Contributions) ContributionMail(n postgres.ContributionNotice) (subject, body string) {
	link := m.BaseURL + paths.Contribution(n.CommitteeSlug, n.ContributionID)
	what := fmt.Sprintf("« %s » (%s, campagne %d du HCTS)", n.Title, clts.CategoryLabel(n.Category), n.CampaignYear)
	var text string
	switch n.Action {
	case "propose":
		subject = "Contribution à relire : " + n.Title
		text = fmt.Sprintf(`La contribution %s vient d'être proposée par %s.
Elle attend votre relecture : vous pouvez la modifier, la valider, ou la renvoyer à ses auteurs avec un commentaire.

Pour la lire :
%s`, what, n.ActorName, link)
	case "return":
		subject = "Votre contribution vous est renvoyée : " + n.Title
		text = fmt.Sprintf(`Votre contribution %s vous est renvoyée par %s, avec ce commentaire :

%s

Vous pouvez la modifier, puis la proposer de nouveau :
%s`, what, n.ActorName, quote(n.Comment), link)
	case "validate":
		subject = "Votre contribution est validée : " + n.Title
		text = fmt.Sprintf(`Votre contribution %s est validée par les pilotes du comité.
Ils la transmettront au HCTS avant la date limite de la campagne.

Pour la voir :
%s`, what, link)
	case "transmit":
		subject = "Votre contribution est transmise au HCTS : " + n.Title
		text = fmt.Sprintf(`Votre contribution %s est transmise au Haut Conseil du travail social.
Elle ne peut plus être modifiée ; une version corrigée reste possible tant que la campagne est ouverte.
Merci pour votre travail.

Pour la voir :
%s`, what, link)
	case "correct":
		subject = "Version corrigée en cours : " + n.Title
		text = fmt.Sprintf(`%s a commencé la version %s de la contribution %s, dont vous êtes auteur.
Elle est en brouillon : vous pouvez la modifier, puis la proposer aux pilotes.

Pour la voir :
%s`, n.ActorName, strconv.Itoa(n.Edition), what, link)
	default:
		subject = "Contribution : " + n.Title
		text = link
	}
	body = fmt.Sprintf(`Bonjour,

%s

--
Portail CLTS — %s
`, text, n.CommitteeName)
	return subject, body
}
