package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/portail-clts/clts/internal/config"
	"github.com/portail-clts/clts/migrations"
)

const restoreSummary = `Restaure une sauvegarde de clts backup avec pg_restore, en une seule transaction (tout ou
rien), dans la base de MIGRATIONS_DATABASE_URL (à défaut DATABASE_URL) et au nom de son rôle :
le propriétaire des tables (clts_owner), ou un superutilisateur. Les tables retrouvent leur
propriétaire, les droits de clts_app et les politiques de sécurité de la sauvegarde ; les rôles
doivent exister sur le serveur (README, « Rôles PostgreSQL d'un déploiement »).

La base doit être neuve et vide : createdb --owner=clts_owner NOM. Une base qui contient déjà
des tables est refusée, sauf avec --replace.`

func cmdRestore(ctx context.Context, args []string, e env) error {
	fs := newFlagSet("restore --file FICHIER [--replace]", restoreSummary, e, true)
	file := fs.String("file", "", "sauvegarde à restaurer, écrite par clts backup")
	replace := fs.Bool("replace", false, "remplacer les objets d'une base qui n'est pas vide (ceux de la sauvegarde sont supprimés puis recréés)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *file == "" || fs.NArg() > 0 {
		fs.Usage()
		return errors.New("restore attend --file FICHIER (une sauvegarde écrite par clts backup)")
	}
	cfg, err := config.FromEnv(e.getenv)
	if err != nil {
		return err
	}
	if cfg.MigrationsDatabaseURL == "" {
		return errors.New("ni MIGRATIONS_DATABASE_URL ni DATABASE_URL n'est défini : indiquez la base où restaurer")
	}
	if err := checkDumpFile(*file); err != nil {
		return err
	}
	target, err := inspectTarget(ctx, cfg.MigrationsDatabaseURL)
	if err != nil {
		return err
	}
	if target.objects > 0 && !*replace {
		return fmt.Errorf("la base %s n'est pas vide (%d objets) : restaurez dans une base neuve (createdb --owner=clts_owner NOM), ou ajoutez --replace pour remplacer son contenu", target.name, target.objects)
	}

	start := time.Now()
	restoreArgs := []string{"--single-transaction", "--exit-on-error"}
	if *replace {
		restoreArgs = append(restoreArgs, "--clean", "--if-exists")
	}
	err = pgTool(ctx, "pg_restore", cfg.MigrationsDatabaseURL, nil, append(restoreArgs, *file)...)
	switch {
	case toolSaid(err, "role") && toolSaid(err, "does not exist"):
		return fmt.Errorf("%w\nRien n'a été restauré. Créez d'abord les rôles de la sauvegarde sur ce serveur (README, « Rôles PostgreSQL d'un déploiement »)", err)
	case toolSaid(err, "must be owner") || toolSaid(err, "permission denied") || toolSaid(err, "must be member"):
		return fmt.Errorf("%w\nRien n'a été restauré. Restaurez avec le rôle propriétaire des tables (clts_owner), propriétaire de la base, ou un superutilisateur", err)
	case err != nil:
		return fmt.Errorf("%w\nRien n'a été restauré", err)
	}

	version, tables, err := afterRestore(ctx, cfg.MigrationsDatabaseURL)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "sauvegarde %s restaurée dans la base %s : %d tables, schéma en version %d (%s)\n",
		*file, target.name, tables, version, time.Since(start).Round(time.Second/10))
	if latest := latestMigration(); version < latest {
		fmt.Fprintf(e.stdout, "des migrations plus récentes (jusqu'à %d) seront appliquées par clts migrate up ou au démarrage de clts serve\n", latest)
	}
	return nil
}

// checkDumpFile refuses what pg_restore would misread: a missing file, or
// one that is not a custom-format archive (a plain SQL dump, say).
func checkDumpFile(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("la sauvegarde %s n'existe pas", path)
	}
	if err != nil {
		return err
	}
	defer f.Close()
	magic := make([]byte, 5)
	if _, err := io.ReadFull(f, magic); err != nil || !bytes.Equal(magic, []byte("PGDMP")) {
		return fmt.Errorf("%s n'est pas une sauvegarde de clts backup (format custom de pg_dump)", path)
	}
	return nil
}

// restoreTarget is what restore learns of its database before touching it.
type restoreTarget struct {
	name    string
	objects int
}

// userObjects counts what a database holds beyond a fresh one: relations,
// routines, types, collations, schemas other than public, extensions other
// than plpgsql.
const userObjects = `
WITH ns AS (
    SELECT oid, nspname FROM pg_namespace
    WHERE nspname NOT IN ('pg_catalog', 'information_schema')
      AND nspname NOT LIKE 'pg\_toast%' AND nspname NOT LIKE 'pg\_temp\_%'
)
SELECT current_database(),
       (SELECT count(*) FROM pg_class WHERE relnamespace IN (SELECT oid FROM ns))
     + (SELECT count(*) FROM pg_proc WHERE pronamespace IN (SELECT oid FROM ns))
     + (SELECT count(*) FROM pg_type WHERE typnamespace IN (SELECT oid FROM ns) AND typrelid = 0 AND typcategory <> 'A')
     + (SELECT count(*) FROM pg_collation WHERE collnamespace IN (SELECT oid FROM ns))
     + (SELECT count(*) FROM ns WHERE nspname <> 'public')
     + (SELECT count(*) FROM pg_extension WHERE extname <> 'plpgsql')`

func inspectTarget(ctx context.Context, url string) (restoreTarget, error) {
	var t restoreTarget
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		var pgErr *pgconn.PgError
		if errors.As(err, &pgErr) && pgErr.Code == "3D000" {
			return t, fmt.Errorf("la base de MIGRATIONS_DATABASE_URL n'existe pas : créez-la vide d'abord (createdb --owner=clts_owner NOM) : %w", err)
		}
		return t, fmt.Errorf("connexion à la base où restaurer : %w", err)
	}
	defer conn.Close(ctx)
	if err := conn.QueryRow(ctx, userObjects).Scan(&t.name, &t.objects); err != nil {
		return t, fmt.Errorf("examen de la base où restaurer : %w", err)
	}
	return t, nil
}

// afterRestore gathers the planner's statistics, which pg_restore leaves
// empty (the first pages would otherwise be planned blind), and reads the
// restored schema version and the number of tables.
func afterRestore(ctx context.Context, url string) (version int64, tables int, err error) {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return 0, 0, err
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "ANALYZE"); err != nil {
		return 0, 0, fmt.Errorf("ANALYZE après restauration : %w", err)
	}
	const q = `SELECT (SELECT count(*) FROM pg_tables WHERE schemaname = 'public'),
	                  coalesce((SELECT max(version_id) FROM goose_db_version), 0)`
	if err := conn.QueryRow(ctx, q).Scan(&tables, &version); err != nil {
		return 0, 0, fmt.Errorf("la sauvegarde restaurée n'est pas celle d'un portail CLTS : %w", err)
	}
	return version, tables, nil
}

// latestMigration is the number of the newest migration this binary holds.
func latestMigration() int64 {
	var latest int64
	entries, _ := fs.ReadDir(migrations.FS, ".")
	for _, en := range entries {
		num, _, ok := strings.Cut(en.Name(), "_")
		if v, err := strconv.ParseInt(num, 10, 64); ok && err == nil && v > latest {
			latest = v
		}
	}
	return latest
}
