// Package mails writes the portal's e-mails (French texts with absolute
// links). Sending goes through the outbox in internal/postgres.
package mails

import (
	"fmt"
	"time"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/components"
)

// ResetTTL is how long a password reset link stays valid.
const ResetTTL = time.Hour

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
