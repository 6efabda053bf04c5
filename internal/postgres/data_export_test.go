package postgres_test

import (
	"context"
	"encoding/json"
	"sort"
	"strings"
	"testing"

	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// TestDataExportCatalogue walks pg_catalog for every column that refers to
// an account (a foreign key to accounts, or to a membership's account) and
// fails naming any table the export's list misses, or any such column its
// rows are not searched by.
func TestDataExportCatalogue(t *testing.T) {
	db := pgtest.New(t).App
	ctx := context.Background()
	conn := ownerConn(t, db)
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, `SELECT c.conrelid::regclass::text, a.attname
		FROM pg_constraint c
		JOIN LATERAL unnest(c.conkey, c.confkey) AS k(attnum, fattnum) ON true
		JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
		JOIN pg_attribute fa ON fa.attrelid = c.confrelid AND fa.attnum = k.fattnum
		WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace
		  AND ((c.confrelid = 'accounts'::regclass AND fa.attname = 'id')
		    OR (c.confrelid = 'memberships'::regclass AND fa.attname = 'account_id'))
		ORDER BY 1, 2`)
	if err != nil {
		t.Fatal(err)
	}
	refers := map[string]map[string]bool{}
	for _, s := range postgres.ExportSources() {
		if refers[s.Table] == nil {
			refers[s.Table] = map[string]bool{}
		}
		for _, c := range s.Refers {
			refers[s.Table][c] = true
		}
		if s.Where != "" {
			for _, c := range s.Refers {
				if !strings.Contains(s.Where, c) {
					t.Errorf("export of %s: its filter does not search %s", s.Table, c)
				}
			}
		}
	}
	var missing []string
	seen := 0
	for rows.Next() {
		var table, column string
		if err := rows.Scan(&table, &column); err != nil {
			t.Fatal(err)
		}
		seen++
		cols, ok := refers[table]
		switch {
		case !ok:
			missing = append(missing, table+" (the table is not in postgres.ExportSources)")
		case !cols[column]:
			missing = append(missing, table+"."+column+" (the column is not among its Refers)")
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if seen < 40 {
		t.Fatalf("the catalogue names only %d referring columns: the query is wrong", seen)
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("personal data export misses %s", m)
	}
}

// TestDataExportStatements runs every source's statement, national and in
// a committee, under row-level security: a typo in a column fails here.
func TestDataExportStatements(t *testing.T) {
	w := newPracticeWorld(t)
	files := (&dataRightsWorld{contributionWorld: &contributionWorld{practiceWorld: w}}).export(w.memberA)
	for _, s := range postgres.ExportSources() {
		dir := "comites/a/"
		if s.National {
			dir = "compte/"
		}
		for _, ext := range []string{".json", ".csv"} {
			if _, ok := files[dir+s.Table+ext]; !ok {
				t.Errorf("no %s%s%s in the archive", dir, s.Table, ext)
			}
		}
	}
}

func TestDataExportContents(t *testing.T) {
	w := newDataRightsWorld(t)
	files := w.export(w.memberA)
	for _, name := range []string{"README.txt", "compte/accounts.json", "compte/accounts.csv",
		"comites/a/meeting_responses.json", "comites/b/meeting_responses.json", "comites/a/memberships.csv"} {
		if _, ok := files[name]; !ok {
			t.Fatalf("no %s in the archive; it holds %v", name, keys(files))
		}
	}
	t.Run("EveryJSONParses", func(t *testing.T) {
		for name, body := range files {
			if strings.HasSuffix(name, ".json") {
				var v []map[string]any
				if err := json.Unmarshal([]byte(body), &v); err != nil {
					t.Errorf("%s: %v", name, err)
				}
			}
		}
	})
	t.Run("BothCommittees", func(t *testing.T) {
		if !strings.Contains(files["comites/a/meeting_responses.json"], "Je viens avec mon fauteuil") {
			t.Errorf("committee a's answer missing: %s", files["comites/a/meeting_responses.json"])
		}
		if !strings.Contains(files["comites/b/meeting_responses.csv"], "Réponse au comité B") {
			t.Errorf("committee b's answer missing: %s", files["comites/b/meeting_responses.csv"])
		}
	})
	t.Run("OthersRowsAbsent", func(t *testing.T) {
		for name, body := range files {
			if strings.Contains(body, "Réponse de Paul") || strings.Contains(body, "auteur-a@exemple.fr") {
				t.Errorf("%s holds another member's data", name)
			}
		}
	})
	t.Run("CSVHeader", func(t *testing.T) {
		csv := files["comites/a/meeting_responses.csv"]
		if !strings.HasPrefix(csv, "\ufeffmeeting_id;account_id;answer") {
			t.Errorf("header: %q", strings.SplitN(csv, "\n", 2)[0])
		}
	})
	t.Run("UploadedFile", func(t *testing.T) {
		found := false
		for name, body := range files {
			if strings.HasPrefix(name, "comites/a/fichiers/") && strings.HasSuffix(name, "programme.txt") {
				found = body == "Programme de l'atelier"
			}
		}
		if !found {
			t.Errorf("the uploaded attachment is not in the archive: %v", keys(files))
		}
	})
	t.Run("NoSecrets", func(t *testing.T) {
		if strings.Contains(files["compte/accounts.json"], "password") {
			t.Error("the password hash is exported")
		}
	})
	t.Run("ReadmeNamesEveryFile", func(t *testing.T) {
		for name := range files {
			if name != "README.txt" && !strings.Contains(files["README.txt"], name) {
				t.Errorf("README.txt does not describe %s", name)
			}
		}
	})
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
