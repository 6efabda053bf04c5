package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/portail-clts/clts/internal/config"
)

const backupSummary = `Sauvegarde toute la base (comptes, comités, réunions, fichiers, journal) avec pg_dump,
au format « custom » que lit clts restore. Se connecte avec BACKUP_DATABASE_URL : un rôle en
lecture seule qui contourne la sécurité au niveau des lignes (README, « Rôles PostgreSQL d'un
déploiement ») ; le rôle propriétaire des tables ne le peut pas. Le fichier n'apparaît sous son
nom qu'une fois la sauvegarde complète, lisible par son seul propriétaire.`

func cmdBackup(ctx context.Context, args []string, e env) error {
	fs := newFlagSet("backup --file FICHIER", backupSummary, e, true)
	file := fs.String("file", "", "fichier à écrire (refusé s'il existe déjà) ; « - » écrit sur la sortie standard")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *file == "" || fs.NArg() > 0 {
		fs.Usage()
		return errors.New("backup attend --file FICHIER, par exemple --file clts-" + time.Now().Format("2006-01-02") + ".dump")
	}
	cfg, err := config.FromEnv(e.getenv)
	if err != nil {
		return err
	}
	if cfg.BackupDatabaseURL == "" {
		return errors.New("BACKUP_DATABASE_URL n'est pas défini : la sauvegarde se fait avec le rôle de sauvegarde clts_backup (voir docs/exploitation.md)")
	}
	start := time.Now()
	if *file == "-" {
		return dumpTo(ctx, cfg.BackupDatabaseURL, e.stdout)
	}
	n, err := backupToFile(ctx, cfg.BackupDatabaseURL, *file)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "sauvegarde écrite dans %s (%s, %s)\n", *file, sizeLabel(n), time.Since(start).Round(time.Second/10))
	return nil
}

// backupToFile dumps into a temporary file beside path, then renames it:
// an interrupted or failed backup never leaves a truncated file under the
// name a restore would trust. It returns the file's size.
func backupToFile(ctx context.Context, conn, path string) (int64, error) {
	if _, err := os.Lstat(path); err == nil {
		return 0, fmt.Errorf("le fichier %s existe déjà : choisissez un autre nom (la date du jour, par exemple)", path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return 0, err
	}
	// CreateTemp makes the file 0600: a backup holds personal data.
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.partiel")
	if err != nil {
		return 0, fmt.Errorf("impossible d'écrire dans le dossier %s : %w", filepath.Dir(path), err)
	}
	tmpPath := tmp.Name()
	_ = tmp.Close()
	done := false
	defer func() {
		if !done {
			_ = os.Remove(tmpPath)
		}
	}()
	if err := dumpTo(ctx, conn, nil, "--file="+tmpPath); err != nil {
		return 0, err
	}
	f, err := os.Open(tmpPath)
	if err != nil {
		return 0, err
	}
	err = f.Sync()
	st, statErr := f.Stat()
	_ = f.Close()
	if err = errors.Join(err, statErr); err != nil {
		return 0, err
	}
	if err := os.Rename(tmpPath, path); err != nil {
		return 0, err
	}
	done = true
	syncDir(filepath.Dir(path))
	return st.Size(), nil
}

// dumpTo runs pg_dump in custom format, into stdout or the --file of args.
func dumpTo(ctx context.Context, conn string, stdout io.Writer, args ...string) error {
	err := pgTool(ctx, "pg_dump", conn, stdout, append([]string{"--format=custom"}, args...)...)
	if toolSaid(err, "row-level security") {
		return fmt.Errorf("%w\nLe rôle de BACKUP_DATABASE_URL est soumis à la sécurité au niveau des lignes : utilisez le rôle clts_backup (BYPASSRLS, pg_read_all_data), voir docs/exploitation.md", err)
	}
	return err
}

// syncDir makes a rename durable; a failure only weakens that guarantee.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}

// sizeLabel writes a size in French units.
func sizeLabel(n int64) string {
	switch {
	case n >= 1<<20:
		return strings.Replace(fmt.Sprintf("%.1f Mo", float64(n)/(1<<20)), ".", ",", 1)
	case n >= 1<<10:
		return strings.Replace(fmt.Sprintf("%.1f ko", float64(n)/(1<<10)), ".", ",", 1)
	}
	return fmt.Sprintf("%d octets", n)
}
