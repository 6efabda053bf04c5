package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// twoCommittees fills a database with two committees, each with members,
// an invitation and audit entries.
func twoCommittees(t *testing.T, db *postgres.DB) (a, b int64) {
	t.Helper()
	ctx := context.Background()
	pgtest.MustWrite(t, db, postgres.Scope{}, func(tx *postgres.Tx) error {
		var err error
		if a, err = tx.UpsertCommittee(ctx, clts.Committee{Slug: "a", Name: "A", Departements: []string{"37"}}); err != nil {
			return err
		}
		b, err = tx.UpsertCommittee(ctx, clts.Committee{Slug: "b", Name: "B", Departements: []string{"45"}})
		return err
	})
	for i, c := range []int64{a, a, b} {
		pgtest.MustWrite(t, db, postgres.InCommittee(c, 0), func(tx *postgres.Tx) error {
			id, err := tx.CreateAccount(ctx, postgres.NewAccount{Login: "membre" + string(rune('1'+i)), DisplayName: "M", PasswordHash: "x"})
			if err != nil {
				return err
			}
			return tx.AddMember(ctx, id, clts.RolePartenaire)
		})
	}
	for _, c := range []int64{a, b} {
		pgtest.MustWrite(t, db, postgres.InCommittee(c, 0), func(tx *postgres.Tx) error {
			_, err := tx.CreateInvitation(ctx, clts.Invitation{Kind: clts.InvitationCode, DisplayName: "I",
				Role: clts.RoleAccompagne, ExpiresAt: time.Now().Add(time.Hour)}, []byte{byte(c)}, nil)
			return err
		})
	}
	return a, b
}

func count(t *testing.T, db *postgres.DB, sc postgres.Scope, table string) int {
	t.Helper()
	var n int
	pgtest.MustRead(t, db, sc, func(tx *postgres.Tx) error {
		// No WHERE on purpose: row-level security alone must filter.
		return tx.PG().QueryRow(context.Background(), "SELECT count(*) FROM "+table).Scan(&n)
	})
	return n
}

// TestRowLevelSecurity: a query in a committee transaction sees only that
// committee's rows even without a WHERE clause, cannot write another
// committee's rows, and the setting does not outlive its transaction.
func TestRowLevelSecurity(t *testing.T) {
	t.Parallel()
	tdb := pgtest.New(t)
	db := tdb.App
	a, b := twoCommittees(t, db)
	ctx := context.Background()

	// Rows seen in scope a, in scope b, and outside any committee. The audit
	// log of a holds 2 member additions and 1 invitation, b's 1 and 1.
	want := map[string][3]int{
		"memberships": {2, 1, 0},
		"invitations": {1, 1, 0},
		"audit_log":   {3, 2, 0},
	}
	for table, w := range want {
		for i, sc := range []postgres.Scope{postgres.InCommittee(a, 0), postgres.InCommittee(b, 0), {}} {
			if got := count(t, db, sc, table); got != w[i] {
				t.Errorf("%s in scope %+v: %d rows, want %d", table, sc, got, w[i])
			}
		}
	}

	t.Run("ErrWriteOtherCommittee", func(t *testing.T) {
		err := db.Write(ctx, postgres.InCommittee(a, 0), func(tx *postgres.Tx) error {
			_, err := tx.PG().Exec(ctx, `INSERT INTO memberships (committee_id, account_id, role)
				SELECT $1, id, 'pilote' FROM accounts LIMIT 1`, b)
			return err
		})
		if err == nil {
			t.Fatal("a committee-a transaction inserted a membership into committee b")
		}
		err = db.Write(ctx, postgres.InCommittee(a, 0), func(tx *postgres.Tx) error {
			tag, err := tx.PG().Exec(ctx, `UPDATE memberships SET role = 'pilote' WHERE committee_id = $1`, b)
			if err == nil && tag.RowsAffected() != 0 {
				t.Errorf("a committee-a transaction updated %d rows of committee b", tag.RowsAffected())
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	})

	t.Run("SettingDoesNotLeak", func(t *testing.T) {
		cfg, err := pgxpool.ParseConfig(tdb.AppURL)
		if err != nil {
			t.Fatal(err)
		}
		cfg.MaxConns = 1 // the same connection serves both transactions
		one, err := postgres.OpenConfig(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		defer one.Close()
		if got := count(t, one, postgres.InCommittee(a, 0), "memberships"); got != 2 {
			t.Fatalf("scoped count %d", got)
		}
		var setting *string
		if err := one.Pool().QueryRow(ctx, "SELECT nullif(current_setting('clts.committee_id', true), '')").Scan(&setting); err != nil {
			t.Fatal(err)
		}
		if setting != nil {
			t.Fatalf("the committee setting survived its transaction: %q", *setting)
		}
		if got := count(t, one, postgres.Scope{}, "memberships"); got != 0 {
			t.Fatalf("after a committee transaction, an unscoped one sees %d memberships", got)
		}
	})

	t.Run("OwnMembershipsAcrossCommittees", func(t *testing.T) {
		var id int64
		pgtest.MustWrite(t, db, postgres.Scope{}, func(tx *postgres.Tx) error {
			var err error
			id, err = tx.CreateAccount(ctx, postgres.NewAccount{Login: "double", DisplayName: "D", PasswordHash: "x"})
			return err
		})
		for _, c := range []int64{a, b} {
			pgtest.MustWrite(t, db, postgres.InCommittee(c, 0), func(tx *postgres.Tx) error {
				return tx.AddMember(ctx, id, clts.RoleProfessionnel)
			})
		}
		var ms []clts.Membership
		pgtest.MustRead(t, db, postgres.Scope{AccountID: id}, func(tx *postgres.Tx) error {
			var err error
			ms, err = tx.MembershipsOfAccount(ctx)
			return err
		})
		if len(ms) != 2 {
			t.Fatalf("memberships of a two-committee account: %d", len(ms))
		}
		if got := count(t, db, postgres.Scope{AccountID: id}, "memberships"); got != 2 {
			t.Errorf("an account outside a committee sees %d memberships, want its own 2", got)
		}
	})
}

func TestPasswordResetExpires(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t).App
	ctx := context.Background()
	var id int64
	pgtest.MustWrite(t, db, postgres.Scope{}, func(tx *postgres.Tx) error {
		var err error
		id, err = tx.CreateAccount(ctx, postgres.NewAccount{Email: "a@example.org", Login: "alice", DisplayName: "A", PasswordHash: "x"})
		return err
	})
	pgtest.MustWrite(t, db, postgres.Scope{AccountID: id}, func(tx *postgres.Tx) error {
		return tx.CreatePasswordReset(ctx, []byte("old"), time.Now().Add(-time.Second), postgres.Mail{To: "a@example.org"})
	})
	err := db.Write(ctx, postgres.Scope{}, func(tx *postgres.Tx) error {
		_, err := tx.UsePasswordReset(ctx, []byte("old"), "y")
		return err
	})
	if clts.ErrorCode(err) != clts.ENOTFOUND {
		t.Fatalf("expired reset: %v, want not found", err)
	}
	var acc *clts.Account
	pgtest.MustRead(t, db, postgres.Scope{}, func(tx *postgres.Tx) error {
		var err error
		acc, err = tx.AccountByID(ctx, id)
		return err
	})
	if acc.PasswordHash != "x" {
		t.Fatal("an expired link changed the password")
	}
}
