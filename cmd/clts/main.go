// Command clts is the Portail CLTS binary: the web server and the commands
// that run a deployment.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	// SIGHUP too: a closed terminal (an SSH session that drops) stops
	// `make run` cleanly, local database included, instead of leaving it
	// running for the next start to trip over.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(0)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "clts:", err)
		os.Exit(1)
	}
}

// env bundles what a subcommand receives from the process.
type env struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

const usage = `clts — Portail des comités locaux du travail social

Utilisation :
  clts <commande> [options]

Commandes :
  serve     démarre le serveur web
  dev       démarre le portail sur une base locale avec les données de démonstration (make run)
  migrate   applique (up), annule (down) ou liste (status) les migrations
  demo      charge les données de démonstration (sans effet si déjà chargées)
  backup    sauvegarde la base dans un fichier (pg_dump, rôle de BACKUP_DATABASE_URL)
  restore   restaure une sauvegarde dans une base neuve (pg_restore, rôle propriétaire)
  version   affiche la version
  operator  create : crée un compte d'opérateur (mot de passe sur l'entrée standard)
  committee create : crée un comité
  member    add : ajoute un membre à un comité, ou l'invite s'il n'a pas de compte
  hcts      set : donne à un compte son droit national (lecteur ou publieur HCTS)

« clts <commande> --help » détaille chaque commande.
`

// run parses the subcommand and runs it; main is only its caller.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	e := env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errors.New("commande manquante")
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return cmdServe(ctx, rest, e)
	case "dev":
		return cmdDev(ctx, rest, e)
	case "migrate":
		return cmdMigrate(ctx, rest, e)
	case "demo":
		return cmdDemo(ctx, rest, e)
	case "backup":
		return cmdBackup(ctx, rest, e)
	case "restore":
		return cmdRestore(ctx, rest, e)
	case "operator":
		return cmdOperator(ctx, rest, e)
	case "committee":
		return cmdCommittee(ctx, rest, e)
	case "member":
		return cmdMember(ctx, rest, e)
	case "hcts":
		return cmdHCTS(ctx, rest, e)
	case "version":
		fmt.Fprintln(stdout, "clts", version)
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("commande inconnue %q", cmd)
}

// newFlagSet returns a FlagSet whose --help prints the summary, the flags
// and the environment variables.
func newFlagSet(name, summary string, e env, withEnv bool) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Utilisation : clts %s\n\n%s\n", name, summary)
		fs.PrintDefaults()
		if withEnv {
			fmt.Fprint(e.stderr, "\n", envHelp())
		}
	}
	return fs
}
