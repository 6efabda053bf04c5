package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/pgcluster"
	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// TestBackupRestore backs up the demo data as the backup role, restores it
// as the owner into a new database, and checks that every table holds the
// same rows, that ownership, grants and row-level security came back, and
// that the portal's role reads and writes the restored data under RLS.
func TestBackupRestore(t *testing.T) {
	t.Parallel()
	c := pgtest.NewCluster(t)
	super := c.URL(pgcluster.Superuser, "postgres")
	mustExec(t, super,
		"CREATE ROLE clts_backup LOGIN BYPASSRLS",
		"GRANT pg_read_all_data TO clts_backup",
		"CREATE DATABASE restored OWNER "+postgres.OwnerRole,
	)
	src := map[string]string{
		"DATABASE_URL":            c.URL(postgres.WebRole, "clts"),
		"MIGRATIONS_DATABASE_URL": c.URL(postgres.OwnerRole, "clts"),
		"BACKUP_DATABASE_URL":     c.URL("clts_backup", "clts"),
	}
	mustRun(t, src, "migrate", "up")
	mustRun(t, src, "demo")

	dir := t.TempDir()
	dump := filepath.Join(dir, "clts.dump")
	out := mustRun(t, src, "backup", "--file", dump)
	if !strings.Contains(out, "sauvegarde écrite dans "+dump) {
		t.Errorf("backup output %q", out)
	}
	if st, err := os.Stat(dump); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("backup file: %v, mode %v; want a file readable by its owner only", err, st.Mode())
	}
	if _, _, err := runCmd(t, src, "backup", "--file", dump); err == nil || !strings.Contains(err.Error(), "existe déjà") {
		t.Errorf("backup over an existing file: %v, want a refusal", err)
	}

	dst := map[string]string{"MIGRATIONS_DATABASE_URL": c.URL(postgres.OwnerRole, "restored")}
	out = mustRun(t, dst, "restore", "--file", dump)
	if !strings.Contains(out, "restaurée dans la base restored") {
		t.Errorf("restore output %q", out)
	}

	srcSuper, dstSuper := c.URL(pgcluster.Superuser, "clts"), c.URL(pgcluster.Superuser, "restored")
	want := tableDigests(t, srcSuper)
	if want["memberships"].rows == 0 || want["meetings"].rows == 0 || want["goose_db_version"].rows == 0 {
		t.Fatalf("the demo data did not load: %v", want)
	}
	compareDigests(t, want, tableDigests(t, dstSuper))
	for _, q := range catalogChecks {
		if a, b := queryText(t, srcSuper, q), queryText(t, dstSuper, q); a != b {
			t.Errorf("%s\nsource:   %s\nrestored: %s", q, a, b)
		}
	}

	t.Run("AppRoleUnderRLS", func(t *testing.T) {
		appRoleWorks(t, c.URL(postgres.WebRole, "restored"), dstSuper)
	})

	t.Run("RefusesANonEmptyDatabase", func(t *testing.T) {
		_, _, err := runCmd(t, dst, "restore", "--file", dump)
		if err == nil || !strings.Contains(err.Error(), "n'est pas vide") || !strings.Contains(err.Error(), "--replace") {
			t.Fatalf("restore into a non-empty database: %v, want a refusal naming --replace", err)
		}
	})

	t.Run("ReplaceRestoresOverExistingData", func(t *testing.T) {
		mustExec(t, dstSuper, "DELETE FROM meeting_responses")
		mustRun(t, dst, "restore", "--replace", "--file", dump)
		compareDigests(t, want, tableDigests(t, dstSuper))
	})

	t.Run("OwnerCannotBackUp", func(t *testing.T) {
		// FORCE ROW LEVEL SECURITY stops pg_dump as the owner: the
		// error says which role to use, and no file is left behind.
		env := map[string]string{"BACKUP_DATABASE_URL": src["MIGRATIONS_DATABASE_URL"]}
		failed := filepath.Join(dir, "echec.dump")
		_, _, err := runCmd(t, env, "backup", "--file", failed)
		if err == nil || !strings.Contains(err.Error(), "clts_backup") {
			t.Fatalf("backup as the owner: %v, want an error naming clts_backup", err)
		}
		entries, _ := os.ReadDir(dir)
		if len(entries) != 1 {
			t.Errorf("a failed backup left files behind: %v", entries)
		}
	})

	t.Run("AllOrNothing", func(t *testing.T) {
		// A dump cut short (a full disk, a copy stopped midway) fails
		// while loading the data, which comes after the table of contents:
		// the tables created before are rolled back.
		data, err := os.ReadFile(dump)
		if err != nil {
			t.Fatal(err)
		}
		cut := filepath.Join(dir, "coupee.dump")
		if err := os.WriteFile(cut, data[:len(data)*97/100], 0o600); err != nil {
			t.Fatal(err)
		}
		mustExec(t, super, "CREATE DATABASE partial OWNER "+postgres.OwnerRole)
		env := map[string]string{"MIGRATIONS_DATABASE_URL": c.URL(postgres.OwnerRole, "partial")}
		_, _, err = runCmd(t, env, "restore", "--file", cut)
		if err == nil || !strings.Contains(err.Error(), "Rien n'a été restauré") {
			t.Fatalf("restore of a truncated dump: %v, want a failure saying nothing was restored", err)
		}
		if target, err := inspectTarget(context.Background(), env["MIGRATIONS_DATABASE_URL"]); err != nil || target.objects != 0 {
			t.Errorf("after a failed restore the database holds %d objects (%v), want none", target.objects, err)
		}
	})

	t.Run("ToStandardOutput", func(t *testing.T) {
		out := mustRun(t, src, "backup", "--file", "-")
		if !strings.HasPrefix(out, "PGDMP") || len(out) < 1000 {
			t.Errorf("backup --file - wrote %d bytes starting %q, want a custom-format archive", len(out), out[:min(len(out), 5)])
		}
	})

	t.Run("NoDatabaseYet", func(t *testing.T) {
		env := map[string]string{"MIGRATIONS_DATABASE_URL": c.URL(postgres.OwnerRole, "absente")}
		_, _, err := runCmd(t, env, "restore", "--file", dump)
		if err == nil || !strings.Contains(err.Error(), "createdb --owner=clts_owner") {
			t.Fatalf("restore into a missing database: %v, want how to create it", err)
		}
	})
}

// appRoleWorks checks, as the portal's login role on the restored
// database, that row-level security still separates the committees and
// that the store reads and writes as it does on the original.
func appRoleWorks(t *testing.T, appURL, superURL string) {
	ctx := context.Background()
	var committee, other, pilot, members, total int64
	conn := mustConnect(t, superURL)
	err := conn.QueryRow(ctx, `SELECT (SELECT id FROM committees WHERE slug = '37-41'),
		(SELECT id FROM committees WHERE slug = 'autre'),
		(SELECT id FROM accounts WHERE login = 'pilote'),
		(SELECT count(*) FROM memberships m JOIN committees c ON c.id = m.committee_id WHERE c.slug = '37-41' AND m.active),
		(SELECT count(*) FROM memberships)`).Scan(&committee, &other, &pilot, &members, &total)
	conn.Close(ctx)
	if err != nil {
		t.Fatal(err)
	}

	// Plain SQL as the web role: no committee set, no row; one committee
	// set, its rows only.
	web := mustConnect(t, appURL)
	defer web.Close(ctx)
	var none, seen int64
	if err := web.QueryRow(ctx, "SELECT count(*) FROM memberships").Scan(&none); err != nil {
		t.Fatal(err)
	}
	tx, err := web.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	_, err = tx.Exec(ctx, "SELECT set_config('clts.committee_id', $1, true)", fmt.Sprint(other))
	if err == nil {
		err = tx.QueryRow(ctx, "SELECT count(*) FROM memberships WHERE committee_id = $1", committee).Scan(&seen)
	}
	_ = tx.Rollback(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if none != 0 || seen != 0 {
		t.Errorf("the web role sees %d memberships without a committee and %d of 37-41 from committee autre: RLS did not come back", none, seen)
	}

	// The store, as a request of the portal would use it.
	db, err := postgres.Open(ctx, appURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	sc := postgres.InCommittee(committee, pilot)
	var listed int
	pgtest.MustRead(t, db, sc, func(tx *postgres.Tx) error {
		_, listed, err = tx.Directory(ctx, postgres.DirectoryFilter{ViewerID: pilot, ViewerIsPilot: true})
		return err
	})
	if int64(listed) != members || members == 0 || members == total {
		t.Errorf("directory of 37-41 lists %d members, want %d (of %d memberships in all)", listed, members, total)
	}
	var id int64
	pgtest.MustWrite(t, db, sc, func(tx *postgres.Tx) error {
		id, err = tx.CreateInstitution(ctx, clts.Institution{Name: "Institution après restauration", Kind: clts.KindAutre}, nil)
		return err
	})
	pgtest.MustRead(t, db, sc, func(tx *postgres.Tx) error {
		i, err := tx.InstitutionByID(ctx, id)
		if err == nil && i.Name != "Institution après restauration" {
			err = fmt.Errorf("institution %d reads back as %q", id, i.Name)
		}
		return err
	})
}

// catalogChecks must answer the same on the source and the restored
// database: who owns each table, who may use it, whether RLS is enabled and
// forced, the policies, and the default privileges that future migrations
// rely on.
var catalogChecks = []string{
	`SELECT string_agg(format('%s %s %s %s %s', relname, relowner::regrole, relrowsecurity, relforcerowsecurity, relacl), E'\n' ORDER BY relname)
	   FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'S', 'v')`,
	`SELECT string_agg(format('%s %s %s %s %s %s', tablename, policyname, cmd, roles, qual, with_check), E'\n' ORDER BY tablename, policyname)
	   FROM pg_policies`,
	`SELECT string_agg(format('%s %s %s', defaclrole::regrole, defaclobjtype, defaclacl), E'\n' ORDER BY defaclobjtype)
	   FROM pg_default_acl`,
	`SELECT string_agg(format('%s %s %s', proname, proowner::regrole, prosecdef), E'\n' ORDER BY proname)
	   FROM pg_proc WHERE pronamespace = 'public'::regnamespace`,
	`SELECT nspacl::text FROM pg_namespace WHERE nspname = 'public'`,
}

// digest is a table's row count and a checksum of its rows in text form.
type digest struct {
	rows int64
	sum  string
}

// tableDigests reads every table of the public schema as a superuser (who
// is not subject to RLS).
func tableDigests(t *testing.T, url string) map[string]digest {
	t.Helper()
	ctx := context.Background()
	conn := mustConnect(t, url)
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
	if err != nil {
		t.Fatal(err)
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	out := make(map[string]digest, len(names))
	for _, n := range names {
		var d digest
		q := "SELECT count(*), coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)), '') FROM public." + pgx.Identifier{n}.Sanitize() + " t"
		if err := conn.QueryRow(ctx, q).Scan(&d.rows, &d.sum); err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		out[n] = d
	}
	return out
}

func compareDigests(t *testing.T, want, got map[string]digest) {
	t.Helper()
	for n, w := range want {
		if g, ok := got[n]; !ok {
			t.Errorf("table %s missing after restore", n)
		} else if g != w {
			t.Errorf("table %s: %d rows (%s) after restore, want %d rows (%s)", n, g.rows, g.sum, w.rows, w.sum)
		}
	}
	for n := range got {
		if _, ok := want[n]; !ok {
			t.Errorf("table %s appeared with the restore", n)
		}
	}
}

func queryText(t *testing.T, url, q string) string {
	t.Helper()
	conn := mustConnect(t, url)
	defer conn.Close(context.Background())
	var s *string
	if err := conn.QueryRow(context.Background(), q).Scan(&s); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	if s == nil {
		return ""
	}
	return *s
}

func mustConnect(t *testing.T, url string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	return conn
}

func mustExec(t *testing.T, url string, stmts ...string) {
	t.Helper()
	conn := mustConnect(t, url)
	defer conn.Close(context.Background())
	for _, s := range stmts {
		if _, err := conn.Exec(context.Background(), s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

func mustRun(t *testing.T, env map[string]string, args ...string) string {
	t.Helper()
	out, errOut, err := runCmd(t, env, args...)
	if err != nil {
		t.Fatalf("clts %s: %v\n%s", strings.Join(args, " "), err, errOut)
	}
	return out
}

// TestBackupRestoreArguments covers what is refused before any database
// is reached.
func TestBackupRestoreArguments(t *testing.T) {
	t.Parallel()
	notADump := filepath.Join(t.TempDir(), "notes.sql")
	if err := os.WriteFile(notADump, []byte("CREATE TABLE x ();"), 0o600); err != nil {
		t.Fatal(err)
	}
	db := map[string]string{"DATABASE_URL": "postgres://x/y", "BACKUP_DATABASE_URL": "postgres://x/y"}
	tests := []struct {
		name    string
		env     map[string]string
		args    []string
		wantErr string
	}{
		{"BackupWithoutRole", map[string]string{"DATABASE_URL": "postgres://x/y"}, []string{"backup", "--file", "x.dump"}, "BACKUP_DATABASE_URL n'est pas défini"},
		{"BackupWithoutFile", db, []string{"backup"}, "backup attend --file"},
		{"RestoreWithoutFile", db, []string{"restore"}, "restore attend --file"},
		{"RestoreWithoutDatabase", nil, []string{"restore", "--file", notADump}, "MIGRATIONS_DATABASE_URL"},
		{"RestoreMissingFile", db, []string{"restore", "--file", "/nulle/part.dump"}, "n'existe pas"},
		{"RestorePlainSQL", db, []string{"restore", "--file", notADump}, "n'est pas une sauvegarde de clts backup"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := runCmd(t, tt.env, tt.args...)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error %v, want %q", err, tt.wantErr)
			}
		})
	}
	for _, cmd := range []string{"backup", "restore"} {
		_, errOut, err := runCmd(t, nil, cmd, "--help")
		if !errors.Is(err, flag.ErrHelp) || !strings.Contains(errOut, "BACKUP_DATABASE_URL") || !strings.Contains(errOut, "-file") {
			t.Errorf("%s --help: %v\n%s", cmd, err, errOut)
		}
	}
}
