package mails

import (
	"fmt"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/web/components"
)

// MinutesPublished tells a meeting's invitees that its minutes are
// published, with the link to read them (the meeting's page).
func MinutesPublished(committee string, m clts.Meeting, link string) (subject, body string) {
	subject = "Compte rendu publié : " + m.Title + " — " + components.Date(m.StartsAt)
	body = fmt.Sprintf(`Bonjour,

Le compte rendu de la réunion « %s » du %s est publié,
avec ses décisions et les actions à mener.

Pour le lire, ou l'imprimer :
%s

--
Portail CLTS — %s
`, m.Title, components.Date(m.StartsAt), link, committee)
	return subject, body
}
