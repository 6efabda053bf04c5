package mails

import (
	"fmt"
	"strconv"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/components"
)

// Charter writes the operating charter's e-mails, with absolute links
// under BaseURL; the store queues them in the step's unit of work
// (postgres.DB.SetCharterMailer).
type Charter struct {
	BaseURL string // the portal's address, without a trailing slash
}

// CharterMail is the e-mail of a charter step: to every member when a
// version is adopted, to those who have not accepted it when a pilot
// reminds them.
func (m Charter) CharterMail(n postgres.CharterNotice) (subject, body string) {
	link := m.BaseURL + paths.Charter(n.CommitteeSlug)
	version := "la version " + strconv.Itoa(n.Number) + " de la charte de fonctionnement"
	var text string
	switch n.Kind {
	case postgres.CharterAdopted:
		subject = "La charte de fonctionnement a été adoptée (version " + strconv.Itoa(n.Number) + ")"
		applies := "Elle s'applique dès maintenant."
		if n.Replaces {
			applies = "Elle remplace la version précédente et s'applique dès maintenant."
		}
		text = fmt.Sprintf(`La version %d de la charte a été adoptée par la réunion plénière du comité, le %s.
%s

Merci de la lire, puis d'indiquer que vous l'acceptez, sur la page de la charte :
%s`, n.Number, components.Date(clts.DayIn(n.Day)), applies, link)
	case postgres.CharterReminder:
		subject = "Rappel : la charte de fonctionnement du comité attend votre accord"
		text = fmt.Sprintf(`%s vous rappelle que %s est en vigueur et que vous ne l'avez pas encore acceptée.

Prenez le temps de la lire ; si vous êtes d'accord, indiquez-le sur la page de la charte
(bouton « J'ai lu et j'accepte la charte »). Si vous avez une question, répondez aux pilotes du comité.

%s`, n.ActorName, version, link)
	case postgres.CharterConsultation:
		link = m.BaseURL + paths.CharterVersion(n.CommitteeSlug, n.VersionID)
		subject = "Consultation sur la charte de fonctionnement (version " + strconv.Itoa(n.Number) + ")"
		text = fmt.Sprintf(`%s ouvre la consultation sur %s, jusqu'au %s inclus.

Lisez le projet et donnez votre avis, paragraphe par paragraphe ou sur l'ensemble du texte :
%s`, n.ActorName, version, components.Date(clts.DayIn(n.Day)), link)
	default:
		subject = "Charte de fonctionnement"
		text = link
	}
	body = fmt.Sprintf(`Bonjour,

%s

--
Portail CLTS — %s
`, text, n.CommitteeName)
	return subject, body
}
