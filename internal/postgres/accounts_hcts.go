package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/clts"
)

// HCTS rights of an account: none, reader (reads and exports the
// national work) or publisher (also publishes seminars, news and
// campaigns; always a reader, the table checks it too).
const (
	HCTSNone      = "aucun"
	HCTSReader    = "lecteur"
	HCTSPublisher = "publieur"
)

// SetHCTSRights gives the account of identifier (login or e-mail address)
// the HCTS right named (HCTSNone, HCTSReader, HCTSPublisher), audited. The
// sessions read the rights on every request: the change counts at once.
func (tx *Tx) SetHCTSRights(ctx context.Context, identifier, right string) (*clts.Account, error) {
	var reader, publisher bool
	switch right {
	case HCTSNone:
	case HCTSReader:
		reader = true
	case HCTSPublisher:
		reader, publisher = true, true
	default:
		return nil, clts.FieldErrors{"role": "droit inconnu : aucun, lecteur ou publieur"}.Err()
	}
	identifier = strings.TrimSpace(identifier)
	col := "lower(login)"
	if strings.Contains(identifier, "@") {
		col = "lower(email)"
	}
	var a clts.Account
	err := tx.queryRow(ctx, `UPDATE accounts SET hcts_reader = $2, hcts_publisher = $3 WHERE `+col+` = lower($1)
		RETURNING id, login, hcts_reader, hcts_publisher`, identifier, reader, publisher).Scan(&a.ID, &a.Login, &a.HCTSReader, &a.HCTSPublisher)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, clts.Errorf(clts.ENOTFOUND, "Aucun compte n'a cet identifiant ou cette adresse.")
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: hcts rights: %w", mapError(err))
	}
	return &a, tx.auditEntry(ctx, clts.AuditEntry{ActorID: tx.sc.AccountID, Action: "account.hcts_roles",
		Subject: a.Login + " : " + right})
}
