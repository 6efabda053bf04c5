// Package config reads the portal's settings from environment variables.
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/portail-clts/clts/internal/auth"
)

// Config holds every setting of the portal. It is built once in main and
// passed down; nothing reads the environment elsewhere.
type Config struct {
	DatabaseURL           string
	MigrationsDatabaseURL string
	BackupDatabaseURL     string // the read-only backup role, bypassing RLS: `clts backup` only
	ListenAddr            string
	BaseURL               *url.URL
	LogLevel              slog.Level
	LogFormat             string
	MigrateOnStart        bool
	RequestTimeout        time.Duration
	ShutdownTimeout       time.Duration
	ShutdownDrain         time.Duration // /readyz answers 503 this long after SIGTERM before the listener closes
	MaxBodyBytes          int64
	UploadMaxBytes        int64 // instead of MaxBodyBytes for the forms that receive files (paths.IsUpload)
	SessionIdleTimeout    time.Duration
	SessionLifetime       time.Duration
	SMTPAddr              string
	SMTPUser              string
	SMTPPassword          string
	MailFrom              string
	// TrustedProxies are the reverse proxies whose X-Forwarded-For header
	// gives the client's address (login throttling, audit log).
	TrustedProxies []netip.Prefix
	// PasswordParams are the argon2id parameters of new hashes; tests lower
	// them, nothing else should.
	PasswordParams auth.Params
	// SecondFactorRequired lists who must sign in with a one-time code
	// (TOTP_REQUIRED).
	SecondFactorRequired auth.SecondFactorRoles
}

// Var documents one environment variable, for --help and the README.
type Var struct {
	Name, Default, Help string
}

// Vars lists every environment variable the portal reads.
func Vars() []Var {
	return []Var{
		{"DATABASE_URL", "(grappe locale de make run)", "connexion PostgreSQL de l'application (rôle qui ne possède pas les tables)"},
		{"MIGRATIONS_DATABASE_URL", "DATABASE_URL", "connexion du rôle propriétaire des tables, pour les migrations"},
		{"BACKUP_DATABASE_URL", "(vide)", "connexion du rôle de sauvegarde (lecture seule, BYPASSRLS), pour clts backup"},
		{"LISTEN_ADDR", "127.0.0.1:8080", "adresse d'écoute HTTP"},
		{"BASE_URL", "http://LISTEN_ADDR", "adresse publique du portail (liens des courriels ; HSTS et cookies Secure si https)"},
		{"LOG_LEVEL", "info", "niveau de journalisation : debug, info, warn, error"},
		{"LOG_FORMAT", "text", "format du journal : text ou json"},
		{"MIGRATE_ON_START", "true", "appliquer les migrations en attente au démarrage de serve"},
		{"REQUEST_TIMEOUT", "30s", "durée maximale d'une requête"},
		{"SHUTDOWN_TIMEOUT", "20s", "délai laissé aux requêtes en cours à l'arrêt"},
		{"SHUTDOWN_DRAIN", "5s", "à l'arrêt, durée pendant laquelle /readyz répond 503 en continuant de servir, avant de fermer l'écoute (0 : aucune)"},
		{"MAX_BODY_BYTES", "10485760", "taille maximale du corps d'une requête, en octets (sauf les formulaires qui reçoivent des fichiers)"},
		{"UPLOAD_MAX_BYTES", "62914560", "taille maximale du corps d'un formulaire de pratique ou de document, fichiers compris, en octets (20 Mo par fichier, 50 Mo par pratique)"},
		{"SESSION_IDLE_TIMEOUT", "2h", "une session sans activité pendant cette durée se ferme"},
		{"SESSION_LIFETIME", "12h", "durée maximale d'une session, même active"},
		{"SMTP_ADDR", "(vide)", "serveur SMTP hôte:port ; vide, les courriels restent dans la boîte d'envoi (page Exploitation)"},
		{"SMTP_USER", "(vide)", "identifiant SMTP (authentification PLAIN)"},
		{"SMTP_PASSWORD", "(vide)", "mot de passe SMTP"},
		{"MAIL_FROM", "portail-clts@localhost", "adresse d'expédition des courriels"},
		{"TOTP_REQUIRED", DefaultSecondFactorRequired, "qui doit se connecter avec un code à usage unique (double authentification) : operator, hcts et des rôles de comité (pilote, partenaire, professionnel, personne_accompagnee), séparés par des virgules ; none pour personne (make run : personne)"},
		{"TRUSTED_PROXIES", "(vide)", "mandataires inverses de confiance (adresses ou plages, séparées par des virgules) dont X-Forwarded-For donne l'adresse du client"},
	}
}

// Help renders Vars as an indented table for --help.
func Help() string {
	var b strings.Builder
	b.WriteString("Variables d'environnement :\n")
	for _, v := range Vars() {
		fmt.Fprintf(&b, "  %-24s %s (défaut : %s)\n", v.Name, v.Help, v.Default)
	}
	return b.String()
}

// FromEnv builds a Config from getenv, reporting every invalid value at once.
func FromEnv(getenv func(string) string) (Config, error) {
	var errs []error
	get := func(name, def string) string {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			return v
		}
		return def
	}
	dur := func(name, def string) time.Duration {
		d, err := time.ParseDuration(get(name, def))
		if err != nil || d <= 0 {
			errs = append(errs, fmt.Errorf("%s: durée invalide %q (exemple : 30s)", name, get(name, def)))
		}
		return d
	}
	c := Config{
		DatabaseURL:        get("DATABASE_URL", ""),
		ListenAddr:         get("LISTEN_ADDR", "127.0.0.1:8080"),
		LogFormat:          get("LOG_FORMAT", "text"),
		RequestTimeout:     dur("REQUEST_TIMEOUT", "30s"),
		ShutdownTimeout:    dur("SHUTDOWN_TIMEOUT", "20s"),
		ShutdownDrain:      drain(get("SHUTDOWN_DRAIN", "5s"), &errs),
		SessionIdleTimeout: dur("SESSION_IDLE_TIMEOUT", "2h"),
		SessionLifetime:    dur("SESSION_LIFETIME", "12h"),
		SMTPAddr:           get("SMTP_ADDR", ""),
		SMTPUser:           get("SMTP_USER", ""),
		SMTPPassword:       get("SMTP_PASSWORD", ""),
		MailFrom:           get("MAIL_FROM", "portail-clts@localhost"),
		PasswordParams:     auth.OWASPParams,
	}
	c.MigrationsDatabaseURL = get("MIGRATIONS_DATABASE_URL", c.DatabaseURL)
	c.BackupDatabaseURL = get("BACKUP_DATABASE_URL", "")

	if _, _, err := net.SplitHostPort(c.ListenAddr); err != nil {
		errs = append(errs, fmt.Errorf("LISTEN_ADDR: adresse invalide %q (exemple : 127.0.0.1:8080)", c.ListenAddr))
	}
	base := get("BASE_URL", "http://"+c.ListenAddr)
	u, err := url.Parse(strings.TrimRight(base, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, fmt.Errorf("BASE_URL: adresse invalide %q (exemple : https://clts.example.fr)", base))
	}
	c.BaseURL = u

	if err := c.LogLevel.UnmarshalText([]byte(get("LOG_LEVEL", "info"))); err != nil {
		errs = append(errs, fmt.Errorf("LOG_LEVEL: niveau invalide %q (debug, info, warn, error)", get("LOG_LEVEL", "info")))
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		errs = append(errs, fmt.Errorf("LOG_FORMAT: format invalide %q (text ou json)", c.LogFormat))
	}
	c.MigrateOnStart, err = strconv.ParseBool(get("MIGRATE_ON_START", "true"))
	if err != nil {
		errs = append(errs, fmt.Errorf("MIGRATE_ON_START: booléen invalide %q (true ou false)", get("MIGRATE_ON_START", "true")))
	}
	c.MaxBodyBytes, err = strconv.ParseInt(get("MAX_BODY_BYTES", "10485760"), 10, 64)
	if err != nil || c.MaxBodyBytes <= 0 {
		errs = append(errs, fmt.Errorf("MAX_BODY_BYTES: nombre d'octets invalide %q", get("MAX_BODY_BYTES", "10485760")))
	}
	c.UploadMaxBytes, err = strconv.ParseInt(get("UPLOAD_MAX_BYTES", "62914560"), 10, 64)
	if err != nil || c.UploadMaxBytes <= 0 {
		errs = append(errs, fmt.Errorf("UPLOAD_MAX_BYTES: nombre d'octets invalide %q", get("UPLOAD_MAX_BYTES", "62914560")))
	}
	for _, p := range strings.Split(get("TRUSTED_PROXIES", ""), ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		if !strings.Contains(p, "/") {
			if a, err := netip.ParseAddr(p); err == nil {
				c.TrustedProxies = append(c.TrustedProxies, netip.PrefixFrom(a, a.BitLen()))
				continue
			}
		}
		prefix, err := netip.ParsePrefix(p)
		if err != nil {
			errs = append(errs, fmt.Errorf("TRUSTED_PROXIES: %q n'est ni une adresse ni une plage (exemple : 10.0.0.0/8)", p))
			continue
		}
		c.TrustedProxies = append(c.TrustedProxies, prefix.Masked())
	}
	required := get("TOTP_REQUIRED", DefaultSecondFactorRequired)
	if c.SecondFactorRequired, err = auth.ParseSecondFactorRoles(required); err != nil {
		errs = append(errs, fmt.Errorf("TOTP_REQUIRED: %w (exemple : operator,hcts,pilote ; none pour personne)", err))
	}
	return c, errors.Join(errs...)
}

// drain parses SHUTDOWN_DRAIN, which may be zero (no drain), unlike the
// other durations.
func drain(v string, errs *[]error) time.Duration {
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		*errs = append(*errs, fmt.Errorf("SHUTDOWN_DRAIN: durée invalide %q (exemple : 5s, ou 0 pour aucune)", v))
	}
	return d
}

// DefaultSecondFactorRequired is who must use a second factor unless
// TOTP_REQUIRED says otherwise: the operators, HCTS staff and the pilots.
const DefaultSecondFactorRequired = "operator,hcts,pilote"

// Secure reports whether the portal is served over https, which turns on
// HSTS and Secure cookies.
func (c Config) Secure() bool { return c.BaseURL != nil && c.BaseURL.Scheme == "https" }
