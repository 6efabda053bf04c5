package mails

import (
	"fmt"

	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
)

// ContributionReplies writes the e-mail of the HCTS's reply to a
// contribution, with an absolute link under BaseURL to the contribution's
// page in its committee; the store queues it to the committee's pilots and
// the contribution's authors (postgres.DB.SetContributionReplyMailer).
type ContributionReplies struct {
	BaseURL string // the portal's address, without a trailing slash
}

// ContributionReplyMail is the e-mail of an HCTS reply.
func (m ContributionReplies) ContributionReplyMail(n postgres.ContributionReplyNotice) (subject, body string) {
	link := m.BaseURL + paths.Contribution(n.CommitteeSlug, n.ContributionID)
	retained := ""
	if n.Retained {
		retained = "\nElle est retenue pour le rapport du HCTS sur l'état du travail social.\n"
	}
	subject = "Réponse du HCTS à votre contribution : " + n.Title
	body = fmt.Sprintf(`Bonjour,

Le Haut Conseil du travail social a lu la contribution « %s » que votre comité lui a transmise.
%s
Sa réponse :

%s

Vous la retrouvez sur la page de la contribution :
%s

--
Portail CLTS — %s
`, n.Title, retained, quote(n.Reply), link, n.CommitteeName)
	return subject, body
}
