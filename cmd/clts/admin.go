package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/config"
	"github.com/portail-clts/clts/internal/mails"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
)

// openDB reads the configuration and opens the application pool.
func openDB(ctx context.Context, e env) (*postgres.DB, config.Config, error) {
	cfg, err := config.FromEnv(e.getenv)
	if err != nil {
		return nil, cfg, err
	}
	if cfg.DatabaseURL == "" {
		return nil, cfg, errors.New("DATABASE_URL n'est pas défini")
	}
	db, err := postgres.Open(ctx, cfg.DatabaseURL)
	return db, cfg, err
}

// describe turns a domain error into a line for the terminal, naming each
// invalid field.
func describe(err error) error {
	var e *clts.Error
	if !errors.As(err, &e) {
		return err
	}
	if len(e.Fields) == 0 {
		return errors.New(e.Message)
	}
	var parts []string
	for f, msg := range e.Fields {
		parts = append(parts, "--"+f+" : "+msg)
	}
	return errors.New(strings.Join(parts, "\n"))
}

// commandLine is the scope of an administration command: nobody signed in,
// and the audit log names the command line as the address.
var commandLine = postgres.Scope{IP: "ligne de commande"}

func cmdOperator(ctx context.Context, args []string, e env) error {
	if len(args) == 0 || args[0] != "create" {
		return errors.New("utilisation : clts operator create --email … --login … --name … (mot de passe sur l'entrée standard)")
	}
	fs := newFlagSet("operator create", "Crée un compte d'opérateur de la plateforme. Le mot de passe est lu sur l'entrée standard\n"+
		"(première ligne), jamais en argument : echo … | clts operator create …", e, true)
	email := fs.String("email", "", "adresse électronique")
	login := fs.String("login", "", "identifiant de connexion")
	name := fs.String("name", "", "nom affiché")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if err := noExtraArgs(fs); err != nil {
		return err
	}
	password, err := bufio.NewReader(e.stdin).ReadString('\n')
	if err != nil && password == "" {
		return errors.New("mot de passe attendu sur l'entrée standard")
	}
	password = strings.TrimRight(password, "\r\n")
	fe := clts.FieldErrors{}
	addr := clts.NormalizeEmail(fe, "email", *email)
	if addr == "" {
		fe.Add("email", "indiquez une adresse électronique")
	}
	clts.ValidateLogin(fe, "login", *login)
	clts.ValidateDisplayName(fe, "name", *name)
	clts.ValidatePassword(fe, "password", password)
	if err := fe.Err(); err != nil {
		return describe(err)
	}
	db, cfg, err := openDB(ctx, e)
	if err != nil {
		return err
	}
	defer db.Close()
	hash, err := auth.HashPassword(password, cfg.PasswordParams)
	if err != nil {
		return err
	}
	var id int64
	err = db.Write(ctx, commandLine, func(tx *postgres.Tx) error {
		var err error
		id, err = tx.CreateAccount(ctx, postgres.NewAccount{Email: addr, Login: *login, DisplayName: *name, PasswordHash: hash, Operator: true})
		return err
	})
	if err != nil {
		return describe(err)
	}
	fmt.Fprintf(e.stdout, "Compte opérateur n° %d créé : %s.\n", id, *login)
	return nil
}

func cmdCommittee(ctx context.Context, args []string, e env) error {
	if len(args) == 0 || args[0] != "create" {
		return errors.New("utilisation : clts committee create --slug … --name … --departements 37,41")
	}
	fs := newFlagSet("committee create", "Crée un comité.", e, true)
	slug := fs.String("slug", "", "identifiant court, par exemple 37-41")
	name := fs.String("name", "", "nom du comité")
	deps := fs.String("departements", "", "départements couverts, séparés par des virgules")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if err := noExtraArgs(fs); err != nil {
		return err
	}
	c := clts.Committee{Slug: *slug, Name: *name}
	for _, d := range strings.Split(*deps, ",") {
		if d = strings.TrimSpace(d); d != "" {
			c.Departements = append(c.Departements, strings.ToUpper(d))
		}
	}
	if err := c.Validate(); err != nil {
		return describe(err)
	}
	db, _, err := openDB(ctx, e)
	if err != nil {
		return err
	}
	defer db.Close()
	var id int64
	sc := commandLine
	sc.Operator = true
	err = db.Write(ctx, sc, func(tx *postgres.Tx) error {
		var err error
		id, err = tx.CreateCommittee(ctx, c)
		return err
	})
	if err != nil {
		return describe(err)
	}
	fmt.Fprintf(e.stdout, "Comité n° %d créé : %s.\n", id, c.Slug)
	return nil
}

func cmdMember(ctx context.Context, args []string, e env) error {
	if len(args) == 0 || args[0] != "add" {
		return errors.New("utilisation : clts member add --committee … --email … --role pilote|partenaire|professionnel|personne_accompagnee")
	}
	fs := newFlagSet("member add", "Ajoute au comité le compte qui a cette adresse ; sans compte, envoie une invitation\n"+
		"(valable 7 jours) et affiche son lien.", e, true)
	slug := fs.String("committee", "", "identifiant court du comité")
	email := fs.String("email", "", "adresse électronique de la personne")
	roleName := fs.String("role", "", "rôle : pilote, partenaire, professionnel ou personne_accompagnee")
	name := fs.String("name", "", "nom de la personne, pour l'invitation (par défaut l'adresse)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if err := noExtraArgs(fs); err != nil {
		return err
	}
	fe := clts.FieldErrors{}
	addr := clts.NormalizeEmail(fe, "email", *email)
	if addr == "" {
		fe.Add("email", "indiquez une adresse électronique")
	}
	role, ok := clts.ParseRole(*roleName)
	if !ok {
		fe.Add("role", "rôle inconnu : pilote, partenaire, professionnel ou personne_accompagnee")
	}
	if *slug == "" {
		fe.Add("committee", "indiquez l'identifiant court du comité")
	}
	if err := fe.Err(); err != nil {
		return describe(err)
	}
	db, cfg, err := openDB(ctx, e)
	if err != nil {
		return err
	}
	defer db.Close()
	var c *clts.Committee
	err = db.Read(ctx, commandLine, func(tx *postgres.Tx) error {
		var err error
		c, err = tx.CommitteeBySlug(ctx, *slug)
		return err
	})
	if clts.ErrorCode(err) == clts.ENOTFOUND {
		return fmt.Errorf("comité %q introuvable", *slug)
	}
	if err != nil {
		return err
	}
	// An existing account becomes a member, anyone else is invited; the
	// look-up and the change are one unit of work in the committee.
	sc := commandLine
	sc.CommitteeID = c.ID
	var added *clts.Account
	token := auth.NewToken()
	display := *name
	if display == "" {
		display = addr
	}
	inv := clts.Invitation{Kind: clts.InvitationEmail, Email: addr, DisplayName: display, Role: role, ExpiresAt: time.Now().Add(clts.InvitationTTL)}
	err = db.Write(ctx, sc, func(tx *postgres.Tx) error {
		var err error
		added, err = tx.AddOrInvite(ctx, inv, auth.HashToken(token), func(inv clts.Invitation) postgres.Mail {
			return mails.Invitation(cfg.BaseURL.String(), inv, *c, mails.OperatorSender, token)
		})
		return err
	})
	if err != nil {
		return describe(err)
	}
	if added != nil {
		fmt.Fprintf(e.stdout, "%s est maintenant membre de %s (%s).\n", added.DisplayName, c.Slug, role.Label())
		return nil
	}
	fmt.Fprintf(e.stdout, "Aucun compte pour %s : invitation envoyée (%s).\nLien : %s\n", addr, role.Label(), cfg.BaseURL.String()+paths.InvitationLink(token))
	return nil
}

// noExtraArgs refuses words left after the flags: an unquoted
// --name Jean Dupont would otherwise store "Jean" and drop the rest.
func noExtraArgs(fs *flag.FlagSet) error {
	if fs.NArg() > 0 {
		return fmt.Errorf("argument inattendu %q : mettez entre guillemets les valeurs qui contiennent des espaces", fs.Arg(0))
	}
	return nil
}

// cmdHCTS gives an account its national HCTS right: a reader reads and
// exports the national work; a publisher also publishes seminars, news
// and campaigns.
func cmdHCTS(ctx context.Context, args []string, e env) error {
	if len(args) == 0 || args[0] != "set" {
		return errors.New("utilisation : clts hcts set --login … --role lecteur|publieur|aucun")
	}
	fs := newFlagSet("hcts set", "Donne à un compte son droit national au HCTS : lecteur (lit et exporte les contributions\n"+
		"transmises), publieur (publie aussi séminaires, actualités et campagnes) ou aucun.", e, true)
	login := fs.String("login", "", "identifiant de connexion ou adresse électronique du compte")
	right := fs.String("role", "", "droit : lecteur, publieur ou aucun")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if err := noExtraArgs(fs); err != nil {
		return err
	}
	if strings.TrimSpace(*login) == "" {
		return errors.New("--login : indiquez l'identifiant ou l'adresse du compte")
	}
	db, _, err := openDB(ctx, e)
	if err != nil {
		return err
	}
	defer db.Close()
	var a *clts.Account
	err = db.Write(ctx, commandLine, func(tx *postgres.Tx) error {
		var err error
		a, err = tx.SetHCTSRights(ctx, *login, *right)
		return err
	})
	if err != nil {
		return describe(err)
	}
	switch {
	case a.HCTSPublisher:
		fmt.Fprintf(e.stdout, "%s : lecteur et publieur HCTS (séminaires, actualités, campagnes).\n", a.Login)
	case a.HCTSReader:
		fmt.Fprintf(e.stdout, "%s : lecteur HCTS (lecture et exports, sans publication).\n", a.Login)
	default:
		fmt.Fprintf(e.stdout, "%s : aucun droit HCTS.\n", a.Login)
	}
	return nil
}
