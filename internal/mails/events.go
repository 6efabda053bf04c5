package mails

import (
	"fmt"

	"github.com/portail-clts/clts/internal/postgres"
)

// Events writes the e-mails of a committee's events that have no mailer of
// their own (a request to join a group and its answer, an agenda proposal
// retained or not, news), with absolute links under BaseURL; the store
// tells them in the unit of work of the event (postgres.DB.SetEventMailer).
type Events struct {
	BaseURL string // the portal's address, without a trailing slash
}

// hctsName signs national e-mails.
const hctsName = "Haut Conseil du travail social"

// EventMail is the e-mail of event n.
func (m Events) EventMail(n postgres.EventNotice) (subject, body string) {
	link := m.BaseURL + n.Link
	var text string
	switch n.Event {
	case postgres.EventJoinRequest:
		subject = "Demande pour rejoindre le groupe « " + n.Title + " »"
		text = fmt.Sprintf(`%s demande à rejoindre le groupe de travail « %s », que vous animez.

Vous pouvez accepter ou refuser cette demande sur la page du groupe :
%s`, n.ActorName, n.Title, link)
	case postgres.EventJoinAccepted:
		subject = "Bienvenue dans le groupe « " + n.Title + " »"
		text = fmt.Sprintf(`Votre demande pour rejoindre le groupe de travail « %s » est acceptée.
Vous êtes désormais invité·e à ses réunions.

La page du groupe :
%s`, n.Title, link)
	case postgres.EventJoinDeclined:
		subject = "Votre demande pour rejoindre le groupe « " + n.Title + " »"
		text = fmt.Sprintf(`Votre demande pour rejoindre le groupe de travail « %s » n'a pas été retenue.
Vous pourrez la renouveler plus tard ; pour en savoir plus, écrivez aux personnes qui l'animent.

La page du groupe :
%s`, n.Title, link)
	case postgres.EventProposalAccepted:
		subject = "Votre point est à l'ordre du jour : " + n.Title
		text = fmt.Sprintf(`Le point que vous avez proposé, « %s », est retenu à l'ordre du jour de la réunion
« %s ».

La page de la réunion :
%s`, n.Title, n.Context, link)
	case postgres.EventProposalDeclined:
		subject = "Votre point n'est pas retenu : " + n.Title
		text = fmt.Sprintf(`Le point que vous avez proposé, « %s », n'est pas retenu à l'ordre du jour de la réunion
« %s ». Vous pouvez en parler avec les personnes qui organisent la réunion, ou le proposer pour une autre réunion.

La page de la réunion :
%s`, n.Title, n.Context, link)
	case postgres.EventNews, postgres.EventNationalNews:
		subject = "Actualité : " + n.Title
		summary := ""
		if n.Context != "" {
			summary = "\n" + n.Context + "\n"
		}
		text = fmt.Sprintf(`Une nouvelle actualité est publiée : « %s ».
%s
Pour la lire :
%s`, n.Title, summary, link)
	default:
		subject = n.Title
		text = link
	}
	sender := n.CommitteeName
	if sender == "" {
		sender = hctsName
	}
	body = fmt.Sprintf(`Bonjour,

%s

--
Portail CLTS — %s
`, text, sender)
	return subject, body
}
