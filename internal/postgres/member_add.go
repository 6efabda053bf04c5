package postgres

import (
	"context"
	"fmt"

	"github.com/portail-clts/clts/internal/clts"
)

// AddOrInvite gives a role in the scope's committee to the person with
// inv.Email: the account with that address becomes a member (AddMember),
// anyone else gets the invitation inv, stored with the hash of its token
// and announced by the e-mail mail makes (CreateInvitation). It returns the
// account added, nil when an invitation was sent. The platform operator's
// two ways of giving a committee a pilot, `clts member add` and the
// committee's page under /exploitation, both go through it.
func (tx *Tx) AddOrInvite(ctx context.Context, inv clts.Invitation, tokenHash []byte, mail func(clts.Invitation) Mail) (*clts.Account, error) {
	if inv.Kind != clts.InvitationEmail || inv.Email == "" {
		return nil, fmt.Errorf("postgres: add or invite: an e-mail invitation is needed")
	}
	acc, err := tx.AccountByIdentifier(ctx, inv.Email)
	if err == nil {
		return acc, tx.AddMember(ctx, acc.ID, inv.Role)
	}
	if clts.ErrorCode(err) != clts.ENOTFOUND {
		return nil, err
	}
	m := mail(inv)
	_, err = tx.CreateInvitation(ctx, inv, tokenHash, &m)
	return nil, err
}
