package postgres_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// nationalTables are the tables of the public schema that hold no
// committee's rows, and why. Every other table carries committee_id and is
// under row-level security. A new table goes either here, with its reason,
// or gets committee_id and its policies.
var nationalTables = map[string]string{
	"goose_db_version":          "goose's own record of applied migrations",
	"committees":                "the tenants themselves",
	"accounts":                  "one account per person, whatever their committees",
	"seminars":                  "national seminars published by HCTS; each committee has its own copy in meetings",
	"sessions":                  "found by their secret token before anyone is known",
	"password_resets":           "per account, found by their secret token",
	"outbox":                    "e-mails to addresses, sent by the worker for every committee",
	"login_attempts":            "per identifier typed and address, before any committee is known",
	"second_factors":            "per account, under a policy of its own (the account or an operator)",
	"second_factor_failures":    "per account, before any committee is known",
	"campaigns":                 "the HCTS's yearly campaigns, read by every committee, written by HCTS staff (clts_is_hcts())",
	"campaign_categories":       "each campaign's guidance per category, national like its campaign",
	"national_news":             "the HCTS's national news, read by every committee, written by HCTS staff (clts_is_hcts())",
	"national_files":            "the national news's attachments, national like their news",
	"national_file_chunks":      "the content of national files, national like their file",
	"national_news_attachments": "which national file belongs to which national news item",
	"national_news_reads":       "each account's read marks of national news, under a policy of its own (the account)",
	"notifications":             "each account's events, from every committee it belongs to, read by the worker for the digests like the outbox; every statement names the account",
	"notification_preferences":  "per account, whatever its committees",
	"signing_keys":              "the one key of the links e-mails carry, for every committee",
	"used_tokens":               "single-use links already used, found by their MAC before anyone is known",
	"data_exports":              "each account's archives of its own data across its committees, under a policy of its own (the account, or the worker's operator scope)",
	"data_export_chunks":        "the content of an account's archive, under its archive's policy",
}

// catalogueTable is what the catalogue says of one table.
type catalogueTable struct {
	name            string
	committeeID     bool
	enabled, forced bool
	policies        int
	ownedByApp      bool
}

func catalogue(t *testing.T, ownerURL string) []catalogueTable {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, ownerURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, `SELECT c.relname,
			EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'committee_id' AND NOT a.attisdropped),
			c.relrowsecurity, c.relforcerowsecurity,
			(SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid)::int,
			pg_has_role($1, c.relowner, 'MEMBER') OR pg_has_role($2, c.relowner, 'MEMBER')
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
		ORDER BY c.relname`, postgres.WebRole, postgres.AppRole)
	if err != nil {
		t.Fatal(err)
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (catalogueTable, error) {
		var c catalogueTable
		err := row.Scan(&c.name, &c.committeeID, &c.enabled, &c.forced, &c.policies, &c.ownedByApp)
		return c, err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) == 0 {
		t.Fatal("the catalogue lists no table")
	}
	return list
}

// rlsProblems checks the catalogue against the rule: every table with a
// committee_id column has row-level security enabled and forced, and at
// least one policy; every other table is named, with its reason, in
// nationalTables. Each problem says what to do.
func rlsProblems(t *testing.T, ownerURL string) []string {
	t.Helper()
	var problems []string
	seen := map[string]bool{}
	for _, c := range catalogue(t, ownerURL) {
		seen[c.name] = true
		_, national := nationalTables[c.name]
		switch {
		case c.committeeID && national:
			problems = append(problems, fmt.Sprintf("table %s has a committee_id column but is listed in nationalTables: "+
				"take it out of the list, so that its row-level security is checked", c.name))
		case c.committeeID:
			if !c.enabled || !c.forced {
				problems = append(problems, fmt.Sprintf("committee table %s: row-level security enabled=%v forced=%v; "+
					"its migration must run ALTER TABLE %[1]s ENABLE ROW LEVEL SECURITY and ALTER TABLE %[1]s FORCE ROW LEVEL SECURITY",
					c.name, c.enabled, c.forced))
			}
			if c.policies == 0 {
				problems = append(problems, fmt.Sprintf("committee table %s has no policy: add one restricting it to "+
					"committee_id = clts_committee_id() (without a policy, RLS refuses every row)", c.name))
			}
		case !national:
			problems = append(problems, fmt.Sprintf("table %s has no committee_id column and is not in nationalTables: "+
				"if it holds a committee's rows, give it committee_id NOT NULL (first in its keys), enable and force "+
				"row-level security and add its policies; if it is national, add it to nationalTables with the reason", c.name))
		}
	}
	for name := range nationalTables {
		if !seen[name] {
			problems = append(problems, fmt.Sprintf("nationalTables lists %s, which no longer exists: remove it from the list", name))
		}
	}
	sort.Strings(problems)
	return problems
}

// TestRowLevelSecurityCatalogue reads the catalogue of a migrated database
// (rlsProblems). A new committee table without row-level security, or a
// new table nobody classified, fails here: the subtests add such tables to
// a database of their own and check that the rule notices.
func TestRowLevelSecurityCatalogue(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	for _, p := range rlsProblems(t, db.OwnerURL) {
		t.Error(p)
	}

	t.Run("CommitteeTableWithoutRLSFails", func(t *testing.T) {
		db := pgtest.New(t)
		ownerExec(t, db.OwnerURL, `CREATE TABLE notes (committee_id bigint NOT NULL REFERENCES committees (id), body text)`)
		ownerExec(t, db.OwnerURL, `CREATE TABLE drafts (committee_id bigint NOT NULL REFERENCES committees (id), body text)`)
		ownerExec(t, db.OwnerURL, `ALTER TABLE drafts ENABLE ROW LEVEL SECURITY`)
		got := strings.Join(rlsProblems(t, db.OwnerURL), "\n")
		for _, want := range []string{
			"committee table notes: row-level security enabled=false forced=false",
			"ALTER TABLE notes FORCE ROW LEVEL SECURITY",
			"committee table notes has no policy",
			"committee table drafts: row-level security enabled=true forced=false",
		} {
			if !strings.Contains(got, want) {
				t.Errorf("the rule does not say %q; it says:\n%s", want, got)
			}
		}
	})
	t.Run("UnclassifiedTableFails", func(t *testing.T) {
		db := pgtest.New(t)
		ownerExec(t, db.OwnerURL, `CREATE TABLE uploads (id bigint PRIMARY KEY, data bytea)`)
		got := strings.Join(rlsProblems(t, db.OwnerURL), "\n")
		if !strings.Contains(got, "table uploads has no committee_id column and is not in nationalTables") {
			t.Errorf("an unclassified table passes the rule; it says:\n%s", got)
		}
	})
}

// ownerExec runs a statement as the owner of the tables.
func ownerExec(t *testing.T, ownerURL, sql string) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, ownerURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

// TestAppRoleOwnsNoTable: row-level security binds the application only if
// it owns nothing (owners may switch RLS off); neither the login role nor
// clts_app owns, or is a member of a role that owns, any relation of the
// public schema.
func TestAppRoleOwnsNoTable(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	for _, c := range catalogue(t, db.OwnerURL) {
		if c.ownedByApp {
			t.Errorf("table %s is owned by %s or %s (or a role they belong to): migrations run as the owner, "+
				"and the application role must own nothing", c.name, postgres.WebRole, postgres.AppRole)
		}
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, db.OwnerURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, `SELECT c.relname || ' (' || c.relkind::text || ')' FROM pg_class c
		JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'public' AND (pg_has_role($1, c.relowner, 'MEMBER') OR pg_has_role($2, c.relowner, 'MEMBER'))`,
		postgres.WebRole, postgres.AppRole)
	if err != nil {
		t.Fatal(err)
	}
	owned, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	if len(owned) > 0 {
		t.Errorf("the application role owns %v (tables, sequences, views or indexes)", owned)
	}
}
