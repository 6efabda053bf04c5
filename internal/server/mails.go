package server

import (
	"time"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/mails"
	"github.com/portail-clts/clts/internal/postgres"
)

// absolute turns a portal path into a link for an e-mail or a sheet.
func (s *Server) absolute(path string) string { return s.cfg.BaseURL.String() + path }

func (s *Server) invitationMail(inv clts.Invitation, c clts.Committee, inviter, token string) postgres.Mail {
	return mails.Invitation(s.cfg.BaseURL.String(), inv, c, inviter, token)
}

// resetTTL is how long a password reset link stays valid.
const resetTTL = mails.ResetTTL

func (s *Server) resetMail(a *clts.Account, token string, expires time.Time) postgres.Mail {
	return mails.PasswordReset(s.cfg.BaseURL.String(), a, token, expires)
}
