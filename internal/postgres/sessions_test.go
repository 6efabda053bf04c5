package postgres_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// TestFindSessionProbesWhateverTheAccount: FindSession's statement reads a
// bounded number of rows and buffers for a session of the last of many
// accounts, in both plan modes, under the application role. The sessions
// table is analyzed while its sessions belong to the first account, as on
// the bench: with these statistics a plain LEFT JOIN of accounts was
// merge-joined with accounts_pkey walked in order up to the session's
// account, every account read for the last one.
func TestFindSessionProbesWhateverTheAccount(t *testing.T) {
	t.Parallel()
	const accounts = 5000
	tdb := pgtest.New(t)
	db := tdb.App
	ctx := context.Background()

	var committee, first, last int64
	pgtest.MustWrite(t, db, postgres.Scope{}, func(tx *postgres.Tx) error {
		var err error
		if committee, err = tx.UpsertCommittee(ctx, clts.Committee{Slug: "c", Name: "C", Departements: []string{"37"}}); err != nil {
			return err
		}
		return tx.PG().QueryRow(ctx, `WITH n AS (INSERT INTO accounts (login, display_name, password_hash)
				SELECT 'compte' || g, 'Compte ' || g, 'x' FROM generate_series(1, $1::int) g RETURNING id)
			SELECT min(id) FROM n`, accounts).Scan(&first)
	})
	pgtest.MustWrite(t, db, postgres.InCommittee(committee, 0), func(tx *postgres.Tx) error {
		var err error
		if last, err = tx.CreateAccount(ctx, postgres.NewAccount{Login: "dernier", DisplayName: "Dernier", PasswordHash: "x"}); err != nil {
			return err
		}
		return tx.AddMember(ctx, last, clts.RolePartenaire)
	})
	expiry := time.Now().Add(time.Hour)
	for i := range 20 {
		if err := db.SaveSession(ctx, fmt.Sprintf("premier-%d", i), []byte{1}, expiry, first); err != nil {
			t.Fatal(err)
		}
	}
	owner, err := pgx.Connect(ctx, tdb.OwnerURL)
	if err != nil {
		t.Fatal(err)
	}
	defer owner.Close(ctx)
	if _, err := owner.Exec(ctx, `ANALYZE accounts, sessions`); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveSession(ctx, "dernier", []byte{2}, expiry, last); err != nil {
		t.Fatal(err)
	}

	// The results: the last account, its membership, a member.
	s, found, err := db.FindSession(ctx, "dernier", "c")
	if err != nil || !found {
		t.Fatalf("FindSession: found %v, %v", found, err)
	}
	if s.Account == nil || s.Account.ID != last || s.Account.Login != "dernier" || !s.Member ||
		s.Membership == nil || s.Membership.Committee.ID != committee || s.Membership.Role != clts.RolePartenaire {
		t.Fatalf("FindSession of the last account: %+v", s)
	}

	// The plan, on a connection of the web role as the portal's.
	conn, err := pgx.Connect(ctx, tdb.AppURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `SET jit = off`); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, `PREPARE find_session(text, text) AS `+postgres.FindSessionSQL); err != nil {
		t.Fatal(err)
	}
	for _, mode := range []string{"force_generic_plan", "force_custom_plan"} {
		for _, slug := range []string{"c", ""} {
			if _, err := conn.Exec(ctx, `SET plan_cache_mode = `+mode); err != nil {
				t.Fatal(err)
			}
			var plan []struct {
				Plan planNode `json:"Plan"`
			}
			// The second run is measured: the first also compiles the
			// PL/pgSQL functions and fills the backend's catalog caches.
			for range 2 {
				var out []byte
				if err := conn.QueryRow(ctx, `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) EXECUTE find_session('dernier', '`+slug+`')`).Scan(&out); err != nil {
					t.Fatal(err)
				}
				if err := json.Unmarshal(out, &plan); err != nil {
					t.Fatal(err)
				}
			}
			top := plan[0].Plan
			if top.Rows != 1 {
				t.Errorf("%s, slug %q: %v rows, want 1", mode, slug, top.Rows)
			}
			buffers := top.SharedHit + top.SharedRead
			t.Logf("%s, slug %q: %d buffers", mode, slug, buffers)
			if buffers > 30 {
				t.Errorf("%s, slug %q: %d buffers read, want a few index probes (at most 30)", mode, slug, buffers)
			}
			top.walk(func(n planNode) {
				if n.Rows*n.Loops > 2 {
					t.Errorf("%s, slug %q: %s %s %s yields %v rows (%v loops): not a probe",
						mode, slug, n.NodeType, n.Relation, n.Index, n.Rows, n.Loops)
				}
			})
		}
	}
}

// planNode is a node of EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON).
type planNode struct {
	NodeType   string     `json:"Node Type"`
	Relation   string     `json:"Relation Name"`
	Index      string     `json:"Index Name"`
	Rows       float64    `json:"Actual Rows"`
	Loops      float64    `json:"Actual Loops"`
	SharedHit  int        `json:"Shared Hit Blocks"`
	SharedRead int        `json:"Shared Read Blocks"`
	Plans      []planNode `json:"Plans"`
}

func (n planNode) walk(fn func(planNode)) {
	fn(n)
	for _, c := range n.Plans {
		c.walk(fn)
	}
}
