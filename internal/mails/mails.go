// Package mails writes the portal's e-mails (French texts with absolute
// links). Sending goes through the outbox in internal/postgres.
package mails

import (
	"fmt"
	"strings"
	"time"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/components"
)

// ResetTTL is how long a password reset link stays valid.
const ResetTTL = time.Hour

// OperatorSender names the platform operator as the sender of an
// invitation (a committee's first pilot).
const OperatorSender = "L'opérateur de la plateforme"

// Invitation is the e-mail that carries an invitation link.
func Invitation(baseURL string, inv clts.Invitation, c clts.Committee, inviter, token string) postgres.Mail {
	return postgres.Mail{
		To:      inv.Email,
		Subject: "Invitation à rejoindre le " + c.Name,
		Body: fmt.Sprintf(`Bonjour %s,

%s vous invite à rejoindre le %s sur le Portail CLTS, avec le rôle « %s ».

Pour accepter l'invitation, ouvrez ce lien :
%s

Ce lien ne sert qu'une fois et reste valable jusqu'au %s.
Si vous ne connaissez pas ce comité, ignorez ce message.

--
Portail CLTS
`, inv.DisplayName, inviter, c.Name, inv.Role.Label(), baseURL+paths.InvitationLink(token), components.DateTime(inv.ExpiresAt)),
	}
}

// PasswordReset is the e-mail that carries a password reset link.
func PasswordReset(baseURL string, a *clts.Account, token string, expires time.Time) postgres.Mail {
	return postgres.Mail{
		To:      a.Email,
		Subject: "Choisir un nouveau mot de passe pour le Portail CLTS",
		Body: fmt.Sprintf(`Bonjour %s,

Une demande de nouveau mot de passe a été faite pour votre compte du Portail CLTS.
Pour choisir un nouveau mot de passe, ouvrez ce lien :
%s

Ce lien ne sert qu'une fois et expire le %s.
Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de passe reste inchangé.

--
Portail CLTS
`, a.DisplayName, baseURL+paths.ResetLink(token), components.DateTime(expires)),
	}
}

// MeetingInvitation is the convocation sent to a meeting's invitees, with
// the agenda when one exists (the items retained, in order).
func MeetingInvitation(committee string, m clts.Meeting, agenda []clts.AgendaItem, link string) (subject, body string) {
	subject = "Convocation : " + m.Title + " — " + components.Date(m.StartsAt)
	body = fmt.Sprintf(`Bonjour,

Vous avez reçu une invitation à : %s
%s
Le %s, jusqu'à %s.
%s%s
Réponse (oui, non, peut-être, accompagné·e ou non) et besoins pour venir (transport,
accompagnement, interprétariat, accessibilité) sur la page de la réunion :
%s

--
Portail CLTS — %s
`, m.Title, clts.MeetingKindLabel(m.Kind), components.DateTime(m.StartsAt), components.EndTime(m.StartsAt, m.EndsAt), where(m),
		agendaText(agenda), link, committee)
	return subject, body
}

// agendaText is the agenda of a convocation, one numbered line per item
// retained (proposals waiting for the organiser are left out), or nothing.
func agendaText(agenda []clts.AgendaItem) string {
	var b strings.Builder
	n := 0
	for _, it := range agenda {
		if it.Proposed {
			continue
		}
		if n == 0 {
			b.WriteString("\nOrdre du jour :\n")
		}
		n++
		fmt.Fprintf(&b, "%d. %s", n, it.Title)
		if it.Presenter != "" {
			b.WriteString(" — " + it.Presenter)
		}
		if it.Minutes > 0 {
			fmt.Fprintf(&b, " (%d min)", it.Minutes)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// MeetingChanged tells invitees that a meeting changed.
func MeetingChanged(committee string, m clts.Meeting, link string) (subject, body string) {
	subject = "Modification : " + m.Title + " — " + components.Date(m.StartsAt)
	body = fmt.Sprintf(`Bonjour,

La réunion « %s » a été modifiée. Elle a lieu le %s, jusqu'à %s.
%s
Détails et ordre du jour :
%s

--
Portail CLTS — %s
`, m.Title, components.DateTime(m.StartsAt), components.EndTime(m.StartsAt, m.EndsAt), where(m), link, committee)
	return subject, body
}

// MeetingCancelled tells invitees that a meeting is cancelled.
func MeetingCancelled(committee string, m clts.Meeting, reason, link string) (subject, body string) {
	subject = "Annulation : " + m.Title + " — " + components.Date(m.StartsAt)
	body = fmt.Sprintf(`Bonjour,

La réunion « %s » prévue le %s est annulée.
Motif : %s

%s

--
Portail CLTS — %s
`, m.Title, components.DateTime(m.StartsAt), reason, link, committee)
	return subject, body
}

func where(m clts.Meeting) string {
	s := ""
	if m.Place != "" {
		s += "Lieu : " + m.Place + "\n"
	}
	if m.VideoURL != "" {
		s += "Visioconférence : " + m.VideoURL + "\n"
	}
	if m.Accessibility != "" {
		s += "Accessibilité : " + m.Accessibility + "\n"
	}
	return s
}
