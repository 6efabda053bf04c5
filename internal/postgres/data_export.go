package postgres

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/export"
)

// exportFile is one file of the archive, for the README.
type exportFile struct{ name, about string }

// WriteDataExport writes, as a zip archive on w, every row that concerns
// the account of sc: the national tables once in the account's own scope,
// then each committee it belongs to (active or not) in that committee's
// scope, each read from one REPEATABLE READ snapshot; every table as a JSON
// file and a CSV file, the files the person uploaded, and a README.txt in
// French. Rows are written as they are read: nothing is held whole in
// memory but one file's chunk. The export is audit-logged (a national line)
// before it starts.
func (db *DB) WriteDataExport(ctx context.Context, sc Scope, w io.Writer) error {
	me := sc.AccountID
	national := Scope{AccountID: me, IP: sc.IP}
	var committees []clts.Committee
	err := db.Write(ctx, national, func(tx *Tx) error {
		rows, err := tx.query(ctx, `SELECT c.id, c.slug, c.name FROM memberships m JOIN committees c ON c.id = m.committee_id
			WHERE m.account_id = $1 ORDER BY c.slug`, me)
		if err != nil {
			return fmt.Errorf("postgres: export committees: %w", err)
		}
		committees, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (clts.Committee, error) {
			var c clts.Committee
			return c, row.Scan(&c.ID, &c.Slug, &c.Name)
		})
		if err != nil {
			return fmt.Errorf("postgres: export committees: %w", err)
		}
		return tx.audit(ctx, "account.export", "Mes données")
	})
	if err != nil {
		return err
	}
	z := zip.NewWriter(w)
	var files []exportFile
	err = db.Snapshot(ctx, national, func(tx *Tx) error {
		for _, s := range ExportSources() {
			if !s.National {
				continue
			}
			f, err := tx.writeExportSource(ctx, z, "compte", s, me)
			if err != nil {
				return err
			}
			files = append(files, f...)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, c := range committees {
		dir := "comites/" + c.Slug
		err := db.Snapshot(ctx, InCommittee(c.ID, me), func(tx *Tx) error {
			for _, s := range ExportSources() {
				if s.National {
					continue
				}
				f, err := tx.writeExportSource(ctx, z, dir, s, me)
				if err != nil {
					return err
				}
				files = append(files, f...)
			}
			f, err := tx.writeExportFiles(ctx, z, dir, me)
			files = append(files, f...)
			return err
		})
		if err != nil {
			return err
		}
	}
	if err := writeExportReadme(z, committees, files); err != nil {
		return err
	}
	return z.Close()
}

// writeExportSource writes the person's rows of s as dir/<table>.json and
// dir/<table>.csv. The query runs twice (the archive takes one file at a
// time) in the same snapshot, so both files hold the same rows.
func (tx *Tx) writeExportSource(ctx context.Context, z *zip.Writer, dir string, s ExportSource, me int64) ([]exportFile, error) {
	base := path.Join(dir, s.Table)
	jw, err := z.Create(base + ".json")
	if err != nil {
		return nil, err
	}
	// The CSV's header: the names of the columns the query returns (an
	// expression of Columns is named by its alias).
	var header []string
	if err := tx.eachExportRow(ctx, s, me, func(cols []string, vals []any, first bool) error {
		var b bytes.Buffer
		if first {
			b.WriteString("[\n")
		} else {
			b.WriteString(",\n")
		}
		b.WriteString("  {")
		for i, c := range cols {
			if i > 0 {
				b.WriteString(", ")
			}
			k, _ := json.Marshal(c)
			v, err := json.Marshal(exportJSONValue(vals[i]))
			if err != nil {
				return err
			}
			b.Write(k)
			b.WriteString(": ")
			b.Write(v)
		}
		b.WriteString("}")
		_, err := jw.Write(b.Bytes())
		return err
	}, func(cols []string, any bool) error {
		header = cols
		if !any {
			_, err := io.WriteString(jw, "[]\n")
			return err
		}
		_, err := io.WriteString(jw, "\n]\n")
		return err
	}); err != nil {
		return nil, err
	}
	cf, err := z.Create(base + ".csv")
	if err != nil {
		return nil, err
	}
	cw, err := export.NewCSVWriter(cf)
	if err != nil {
		return nil, err
	}
	if err := cw.Row(header...); err != nil {
		return nil, err
	}
	if err := tx.eachExportRow(ctx, s, me, func(_ []string, vals []any, _ bool) error {
		cells := make([]string, len(vals))
		for i, v := range vals {
			cells[i] = exportCell(v)
		}
		return cw.Row(cells...)
	}, func([]string, bool) error { return nil }); err != nil {
		return nil, err
	}
	if err := cw.Flush(); err != nil {
		return nil, err
	}
	return []exportFile{{base + ".json", s.About + " (JSON)"}, {base + ".csv", s.About + " (CSV pour tableur)"}}, nil
}

// eachExportRow runs s's query and calls row for each row, then done with
// the query's column names and whether there was any row.
func (tx *Tx) eachExportRow(ctx context.Context, s ExportSource, me int64, row func(cols []string, vals []any, first bool) error, done func(cols []string, any bool) error) error {
	rows, err := tx.query(ctx, s.Query(), me)
	if err != nil {
		return fmt.Errorf("postgres: export %s: %w", s.Table, err)
	}
	defer rows.Close()
	var cols []string
	for _, f := range rows.FieldDescriptions() {
		cols = append(cols, f.Name)
	}
	n := 0
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			return fmt.Errorf("postgres: export %s: %w", s.Table, err)
		}
		if err := row(cols, vals, n == 0); err != nil {
			return err
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("postgres: export %s: %w", s.Table, err)
	}
	return done(cols, n > 0)
}

// writeExportFiles writes the content of every file the person uploaded in
// the scope's committee (practice attachments, documents) under
// dir/fichiers/, one chunk in memory at a time.
func (tx *Tx) writeExportFiles(ctx context.Context, z *zip.Writer, dir string, me int64) ([]exportFile, error) {
	rows, err := tx.query(ctx, `SELECT id, name FROM files WHERE committee_id = clts_committee_id() AND created_by = $1 ORDER BY id`, me)
	if err != nil {
		return nil, fmt.Errorf("postgres: export files: %w", err)
	}
	type file struct {
		id   int64
		name string
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (file, error) {
		var f file
		return f, row.Scan(&f.id, &f.name)
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: export files: %w", err)
	}
	var out []exportFile
	for _, f := range list {
		name := path.Join(dir, "fichiers", exportFileName(f.id, f.name))
		fw, err := z.Create(name)
		if err != nil {
			return nil, err
		}
		if err := tx.WriteFileContent(ctx, f.id, fw); err != nil {
			return nil, err
		}
		out = append(out, exportFile{name, "un fichier que vous avez déposé"})
	}
	return out, nil
}

// exportFileName is the name in the archive of uploaded file id, called
// name by whoever uploaded it: the id first, so that two files of the same
// name stay two and no name is "." or ".."; then the name with every
// character that an unzipping program could read as a folder or a drive
// (/ \ :), that Windows refuses (< > " | ? *) or that is a control
// character replaced by "_". No entry of the archive can then land outside
// the folder it is unzipped in, whatever the program.
func exportFileName(id int64, name string) string {
	clean := strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || strings.ContainsRune(`/\:<>"|?*`, r) {
			return '_'
		}
		return r
	}, name)
	return strconv.FormatInt(id, 10) + "-" + clean
}

// writeExportReadme writes README.txt: what the archive is and what each
// file holds, in French.
func writeExportReadme(z *zip.Writer, committees []clts.Committee, files []exportFile) error {
	w, err := z.Create("README.txt")
	if err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString("Vos données du Portail CLTS\r\n============================\r\n\r\n")
	b.WriteString("Cette archive contient toutes les données qui vous concernent, au " +
		exportDate(time.Now()) + " (droit d'accès et droit à la portabilité, RGPD articles 15 et 20).\r\n\r\n")
	b.WriteString("Chaque tableau est donné deux fois : en JSON (pour un programme) et en CSV (pour un tableur : UTF-8, séparateur point-virgule, une ligne d'en-tête).\r\n")
	b.WriteString("Le dossier « compte » tient ce qui vaut pour tout le portail ; le dossier « comites » un dossier par comité dont vous êtes ou avez été membre")
	if len(committees) > 0 {
		var names []string
		for _, c := range committees {
			names = append(names, c.Slug+" ("+c.Name+")")
		}
		b.WriteString(" : " + strings.Join(names, ", "))
	}
	b.WriteString(".\r\nLes numéros (id) renvoient d'un tableau à l'autre ; vos mots de passe, codes et clés secrètes ne sont jamais exportés.\r\n\r\nLes fichiers :\r\n\r\n")
	for _, f := range files {
		b.WriteString("- " + f.name + " : " + f.about + "\r\n")
	}
	b.WriteString("\r\nPour rectifier une donnée : la page « Mon compte » (nom, mot de passe) et votre fiche de membre dans chaque comité. Pour demander l'effacement : la page « Mes données ».\r\n")
	_, err = io.WriteString(w, b.String())
	return err
}

// exportJSONValue is v as JSON should show it: dates in RFC 3339.
func exportJSONValue(v any) any {
	if t, ok := v.(time.Time); ok {
		return t.Format(time.RFC3339)
	}
	return v
}

// exportCell is v as a CSV cell: dates in RFC 3339, lists joined by
// commas, empty for NULL.
func exportCell(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case time.Time:
		return x.Format(time.RFC3339)
	case bool:
		if x {
			return "oui"
		}
		return "non"
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = exportCell(e)
		}
		return strings.Join(parts, ", ")
	case map[string]any:
		b, _ := json.Marshal(x)
		return string(b)
	default:
		return fmt.Sprint(x)
	}
}

// exportDate is the archive's date, in Europe/Paris.
func exportDate(t time.Time) string {
	if l, err := time.LoadLocation("Europe/Paris"); err == nil {
		t = t.In(l)
	}
	return t.Format("02/01/2006 à 15:04")
}
