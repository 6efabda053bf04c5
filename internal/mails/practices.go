package mails

import (
	"fmt"
	"strings"

	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
)

// Practices writes the e-mails of the practice workflow, with absolute
// links under BaseURL; the store queues them in the step's unit of work
// (postgres.DB.SetPracticeMailer).
type Practices struct {
	BaseURL string // the portal's address, without a trailing slash
}

// PracticeMail is the e-mail of a workflow step: to the pilots when a
// practice is submitted or flagged, to its author when it is published,
// shared nationally, returned (with the pilot's comment) or withdrawn
// (with the reason).
func (m Practices) PracticeMail(n postgres.PracticeNotice) (subject, body string) {
	link := m.BaseURL + paths.Practice(n.CommitteeSlug, n.PracticeID)
	var text string
	switch n.Action {
	case "practice.submit":
		subject = "Pratique à relire : " + n.Title
		text = fmt.Sprintf(`La pratique « %s » vient d'être proposée par %s.
Elle attend votre relecture : vous pouvez la publier, ou la renvoyer à son auteur avec un commentaire.

Pour la lire :
%s`, n.Title, n.ActorName, link)
	case "practice.publish":
		subject = "Votre pratique est publiée : " + n.Title
		text = fmt.Sprintf(`Votre pratique « %s » est publiée : les membres du comité peuvent la lire.
Merci pour ce partage.

Pour la voir :
%s`, n.Title, link)
	case "practice.return":
		subject = "Votre pratique vous est renvoyée : " + n.Title
		text = fmt.Sprintf(`Votre pratique « %s » vous est renvoyée avant publication, avec ce commentaire :

%s

Vous pouvez la modifier, puis la proposer de nouveau :
%s`, n.Title, quote(n.Comment), link)
	case "practice.withdraw":
		subject = "Votre pratique est retirée : " + n.Title
		text = fmt.Sprintf(`Votre pratique « %s » a été retirée du catalogue du comité. Elle n'est pas supprimée :
vous pouvez toujours la lire. Motif :

%s

%s`, n.Title, quote(n.Comment), link)
	case "practice.share":
		subject = "Votre pratique est partagée avec les autres comités : " + n.Title
		text = fmt.Sprintf(`Votre pratique « %s » est partagée au niveau national : les membres des autres comités
et le Haut Conseil du travail social peuvent la lire et s'en inspirer. Merci pour ce partage.

Pour la voir :
%s`, n.Title, link)
	case "practice.flag":
		subject = "Pratique signalée : " + n.Title
		text = fmt.Sprintf(`%s signale la pratique « %s » à votre attention, pour ce motif :

%s

Pour la lire :
%s`, n.ActorName, n.Title, quote(n.Comment), link)
	default:
		subject = "Pratique : " + n.Title
		text = link
	}
	body = fmt.Sprintf(`Bonjour,

%s

--
Portail CLTS — %s
`, text, n.CommitteeName)
	return subject, body
}

// quote sets a member's text apart in a plain-text e-mail, each line
// after "> ".
func quote(s string) string {
	return "> " + strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\n", "\n> ")
}
