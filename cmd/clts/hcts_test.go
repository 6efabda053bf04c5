package main

import (
	"context"
	"strings"
	"testing"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// TestHCTSCommandLine: the operator gives an account the HCTS reader's or
// publisher's right, and takes it back.
func TestHCTSCommandLine(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	env := map[string]string{"DATABASE_URL": db.AppURL}
	ctx := context.Background()
	runIn := func(args ...string) (string, error) {
		var out, errOut syncBuffer
		err := run(ctx, args, func(k string) string { return env[k] }, strings.NewReader(""), &out, &errOut)
		return out.String(), err
	}
	pgtest.MustWrite(t, db.App, postgres.Scope{}, func(tx *postgres.Tx) error {
		_, err := tx.CreateAccount(ctx, postgres.NewAccount{Email: "equipe@hcts.example.org", Login: "equipe", DisplayName: "Équipe", PasswordHash: "x"})
		return err
	})
	reader := func() bool {
		var acc *clts.Account
		pgtest.MustRead(t, db.App, postgres.Scope{}, func(tx *postgres.Tx) error {
			var err error
			acc, err = tx.AccountByIdentifier(ctx, "equipe")
			return err
		})
		return acc.HCTSReader
	}
	if _, err := runIn("hcts", "set", "--login", "equipe", "--role", "chef"); err == nil || !strings.Contains(err.Error(), "--role") {
		t.Errorf("unknown right: %v", err)
	}
	if _, err := runIn("hcts", "set", "--login", "personne", "--role", "lecteur"); err == nil || !strings.Contains(err.Error(), "Aucun compte") {
		t.Errorf("unknown account: %v", err)
	}
	if out, err := runIn("hcts", "set", "--login", "equipe@hcts.example.org", "--role", "publieur"); err != nil || !strings.Contains(out, "publieur HCTS") || !reader() {
		t.Errorf("publisher: %q %v", out, err)
	}
	if out, err := runIn("hcts", "set", "--login", "equipe", "--role", "lecteur"); err != nil || !strings.Contains(out, "sans publication") || !reader() {
		t.Errorf("reader: %q %v", out, err)
	}
	if out, err := runIn("hcts", "set", "--login", "equipe", "--role", "aucun"); err != nil || !strings.Contains(out, "aucun droit") || reader() {
		t.Errorf("none: %q %v", out, err)
	}
}
