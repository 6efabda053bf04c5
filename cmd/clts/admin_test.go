package main

import (
	"context"
	"strings"
	"testing"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

func TestOperatorCommandLine(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	env := map[string]string{"DATABASE_URL": db.AppURL}
	ctx := context.Background()
	runIn := func(stdin string, args ...string) (string, error) {
		var out, errOut syncBuffer
		err := run(ctx, args, func(k string) string { return env[k] }, strings.NewReader(stdin), &out, &errOut)
		return out.String(), err
	}

	t.Run("OperatorCreate", func(t *testing.T) {
		if _, err := runIn("court\n", "operator", "create", "--email", "op@example.org", "--login", "oper", "--name", "Op"); err == nil ||
			!strings.Contains(err.Error(), "12 caractères") {
			t.Fatalf("short password: %v", err)
		}
		out, err := runIn("un mot de passe solide\n", "operator", "create", "--email", "op@example.org", "--login", "oper", "--name", "Op")
		if err != nil || !strings.Contains(out, "Compte opérateur") {
			t.Fatalf("create: %q %v", out, err)
		}
		var acc *clts.Account
		err = db.App.Read(ctx, postgres.Scope{}, func(tx *postgres.Tx) error {
			var err error
			acc, err = tx.AccountByIdentifier(ctx, "op@example.org")
			return err
		})
		if err != nil || !acc.Operator {
			t.Fatalf("account: %+v %v", acc, err)
		}
		if _, err := runIn("un mot de passe solide\n", "operator", "create", "--email", "autre@example.org", "--login", "OPER", "--name", "Op"); err == nil ||
			!strings.Contains(err.Error(), "identifiant est déjà pris") {
			t.Fatalf("duplicate login: %v", err)
		}
	})

	t.Run("CommitteeCreate", func(t *testing.T) {
		if _, err := runIn("", "committee", "create", "--slug", "Pas Bon", "--name", "", "--departements", "999"); err == nil ||
			!strings.Contains(err.Error(), "--slug") || !strings.Contains(err.Error(), "--departements") {
			t.Fatalf("bad input: %v", err)
		}
		out, err := runIn("", "committee", "create", "--slug", "18-36", "--name", "CLTS du Cher et de l'Indre", "--departements", "18, 36")
		if err != nil || !strings.Contains(out, "18-36") {
			t.Fatalf("create: %q %v", out, err)
		}
		if _, err := runIn("", "committee", "create", "--slug", "18-36", "--name", "Doublon", "--departements", "18"); err == nil ||
			!strings.Contains(err.Error(), "identifiant") {
			t.Fatalf("duplicate: %v", err)
		}
	})

	t.Run("MemberAdd", func(t *testing.T) {
		if _, err := runIn("", "committee", "create", "--slug", "28", "--name", "Comité", "d'Eure-et-Loir", "--departements", "28"); err == nil || !strings.Contains(err.Error(), "guillemets") {
			t.Errorf("an unquoted name with spaces is accepted: %v", err)
		}
		if _, err := runIn("", "committee", "create", "--slug", "28", "--name", "Comité 28", "--departements", "28,28"); err == nil || !strings.Contains(err.Error(), "deux fois") {
			t.Errorf("a département given twice is accepted: %v", err)
		}
		if _, err := runIn("", "member", "add", "--committee", "18-36", "--email", "op@example.org", "--role", "chef"); err == nil {
			t.Fatal("unknown role accepted")
		}
		out, err := runIn("", "member", "add", "--committee", "18-36", "--email", "op@example.org", "--role", "pilote")
		if err != nil || !strings.Contains(out, "membre") {
			t.Fatalf("existing account: %q %v", out, err)
		}
		// Adding an active member again would change their role behind the
		// last-pilot rule: refused.
		if out, err := runIn("", "member", "add", "--committee", "18-36", "--email", "op@example.org", "--role", "professionnel"); err == nil || !strings.Contains(err.Error(), "déjà membre") {
			t.Errorf("the only pilot demoted from the command line: %q %v", out, err)
		}
		out, err = runIn("", "member", "add", "--committee", "18-36", "--email", "nouvelle@example.org", "--role", "pilote")
		if err != nil || !strings.Contains(out, "/invitation?jeton=") {
			t.Fatalf("invitation: %q %v", out, err)
		}
		var c *clts.Committee
		var mails []postgres.OutboxMail
		pgtest.MustRead(t, db.App, postgres.Scope{}, func(tx *postgres.Tx) error {
			var err error
			if c, err = tx.CommitteeBySlug(ctx, "18-36"); err != nil {
				return err
			}
			mails, err = tx.Outbox(ctx, 10)
			return err
		})
		var invs []clts.Invitation
		err = db.App.Read(ctx, postgres.InCommittee(c.ID, 0), func(tx *postgres.Tx) error {
			var err error
			invs, err = tx.Invitations(ctx)
			return err
		})
		if err != nil || len(invs) != 1 || invs[0].Email != "nouvelle@example.org" || invs[0].Role != clts.RolePilote {
			t.Fatalf("invitations: %+v %v", invs, err)
		}
		if len(mails) != 1 || mails[0].Mail.To != "nouvelle@example.org" {
			t.Fatalf("outbox: %+v", mails)
		}
	})
}
