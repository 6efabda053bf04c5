package postgres_test

import (
	"context"
	"io"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/pgcluster"
	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// TestCheckAppRoleRefusesEveryEscape: clts serve refuses to run as a role
// that row-level security does not bind. Besides the owner (TestCheckAppRole),
// a superuser, a member of clts_app with BYPASSRLS, and a member of the
// owner's, a superuser or a BYPASSRLS role (who may SET ROLE to it) are
// refused; a plain new member of clts_app is accepted.
// Creating roles needs a superuser, hence a cluster of its own.
func TestCheckAppRoleRefusesEveryEscape(t *testing.T) {
	t.Parallel()
	c := pgtest.NewCluster(t)
	ctx := context.Background()
	m, err := postgres.NewMigrator(c.URL(postgres.OwnerRole, "clts"))
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if err := m.Up(ctx, io.Discard); err != nil {
		t.Fatal(err)
	}
	super, err := pgx.Connect(ctx, c.URL(pgcluster.Superuser, "clts"))
	if err != nil {
		t.Fatal(err)
	}
	defer super.Close(ctx)
	for _, q := range []string{
		"CREATE ROLE clts_web2 LOGIN IN ROLE " + postgres.AppRole,
		"CREATE ROLE clts_root LOGIN SUPERUSER",
		"CREATE ROLE clts_bypass LOGIN BYPASSRLS IN ROLE " + postgres.AppRole,
		"CREATE ROLE clts_heir LOGIN IN ROLE " + postgres.AppRole + ", " + postgres.OwnerRole,
		// Without INHERIT it uses none of the owner's rights until it runs
		// SET ROLE clts_owner, which it may do at any time.
		"CREATE ROLE clts_noinherit LOGIN NOINHERIT IN ROLE " + postgres.AppRole + ", " + postgres.OwnerRole,
		// Attributes are not inherited, but SET ROLE takes them.
		"CREATE ROLE clts_reader NOLOGIN BYPASSRLS",
		"CREATE ROLE clts_via_reader LOGIN IN ROLE " + postgres.AppRole + ", clts_reader",
		"CREATE ROLE clts_admins NOLOGIN SUPERUSER",
		"CREATE ROLE clts_via_admins LOGIN IN ROLE " + postgres.AppRole + ", clts_admins",
	} {
		if _, err := super.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	check := func(role string) error {
		db, err := postgres.Open(ctx, c.URL(role, "clts"))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		return db.CheckAppRole(ctx)
	}
	for _, role := range []string{postgres.WebRole, "clts_web2"} {
		if err := check(role); err != nil {
			t.Errorf("%s, a member of %s that owns nothing, is refused: %v", role, postgres.AppRole, err)
		}
	}
	for role, what := range map[string]string{
		pgcluster.Superuser: "the bootstrap superuser",
		"clts_root":         "a superuser",
		"clts_bypass":       "a member of clts_app with BYPASSRLS",
		"clts_heir":         "a member of the owner's role",
		"clts_noinherit":    "a NOINHERIT member of the owner's role (it may SET ROLE to it)",
		postgres.OwnerRole:  "the owner",
		"clts_via_reader":   "a member of a BYPASSRLS role (it may SET ROLE to it)",
		"clts_via_admins":   "a member of a superuser role (it may SET ROLE to it)",
	} {
		if err := check(role); err == nil {
			t.Errorf("%s (%s) is accepted as the application role", role, what)
		}
	}
}
