// Package demo loads the demonstration data drawn from the seed documents:
// the 37/41 committee and a second one, to show that tenants are separate,
// and one account per role. Loading twice changes nothing.
package demo

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/postgres"
)

// Password is the password of every demo account.
const Password = "clts-demo-2026"

// Committees of the demo: the first co-piloted by Indre-et-Loire (37) and
// Loir-et-Cher (41), the second one only there to show isolation.
func Committees() []clts.Committee {
	return []clts.Committee{
		{Slug: "37-41", Name: "Comité local du travail social et du développement social 37-41", Departements: []string{"37", "41"}},
		{Slug: "autre", Name: "Comité local du travail social du Loiret", Departements: []string{"45"}},
	}
}

// Account is a demo account and its place in a committee.
type Account struct {
	Email, Login, Name string
	Committee          string // slug; empty for national accounts
	Role               clts.Role
	HCTSReader         bool
	Operator           bool
}

// Accounts lists the demo accounts, one per role, as the README shows them.
func Accounts() []Account {
	return []Account{
		{Email: "pilote@demo.test", Login: "pilote", Name: "Claire Martin", Committee: "37-41", Role: clts.RolePilote},
		{Email: "pilote41@demo.test", Login: "pilote41", Name: "Luc Moreau", Committee: "37-41", Role: clts.RolePilote},
		{Email: "partenaire@demo.test", Login: "partenaire", Name: "Karim Benali", Committee: "37-41", Role: clts.RolePartenaire},
		{Email: "professionnel@demo.test", Login: "professionnel", Name: "Sophie Leroy", Committee: "37-41", Role: clts.RoleProfessionnel},
		{Email: "accompagne@demo.test", Login: "accompagne", Name: "Jean Dupuis", Committee: "37-41", Role: clts.RoleAccompagne},
		{Email: "pilote@autre.test", Login: "pilote-autre", Name: "Nadia Perrin", Committee: "autre", Role: clts.RolePilote},
		{Email: "hcts@demo.test", Login: "hcts", Name: "Équipe nationale HCTS", HCTSReader: true},
		{Email: "operateur@demo.test", Login: "operateur", Name: "Opérateur de la plateforme", Operator: true},
	}
}

// Load writes the demo data; it is idempotent.
func Load(ctx context.Context, db *postgres.DB, w io.Writer) error {
	ids := map[string]int64{}
	for _, c := range Committees() {
		id, err := db.UpsertCommittee(ctx, c)
		if err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		ids[c.Slug] = id
	}
	hash := ""
	accountIDs := map[string]int64{}
	all := Accounts()
	for _, p := range People() {
		all = append(all, p.Account)
	}
	for _, a := range all {
		exists, err := db.AccountExists(ctx, a.Login)
		if err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		if !exists && hash == "" {
			if hash, err = auth.HashPassword(Password, auth.OWASPParams); err != nil {
				return fmt.Errorf("demo: %w", err)
			}
		}
		id, _, err := db.EnsureAccount(ctx, postgres.NewAccount{Email: a.Email, Login: a.Login, DisplayName: a.Name,
			PasswordHash: hash, HCTSReader: a.HCTSReader, Operator: a.Operator})
		if err != nil {
			return fmt.Errorf("demo: account %s: %w", a.Login, err)
		}
		accountIDs[a.Login] = id
		if a.Committee == "" {
			continue
		}
		sc := postgres.InCommittee(ids[a.Committee], 0)
		if _, err := db.Membership(ctx, sc, id); err == nil {
			continue // keep whatever the demo user changed since
		}
		if err := db.AddMember(ctx, sc, id, a.Role, ""); err != nil {
			return fmt.Errorf("demo: member %s: %w", a.Login, err)
		}
	}
	if err := loadDirectory(ctx, db, ids["37-41"], accountIDs); err != nil {
		return fmt.Errorf("demo: directory: %w", err)
	}
	if err := loadMeetings(ctx, db, time.Now(), ids, accountIDs); err != nil {
		return fmt.Errorf("demo: meetings: %w", err)
	}
	fmt.Fprintf(w, "Données de démonstration chargées : %d comités, %d comptes, %d institutions, %d groupes de travail.\n",
		len(Committees()), len(all), len(Institutions()), len(Groups()))
	fmt.Fprintln(w, "Attention : ces comptes et leur mot de passe commun servent à la démonstration, jamais en production.")
	return nil
}

// LoginsHelp is printed by `make run`: the demo logins.
func LoginsHelp() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Comptes de démonstration (mot de passe : %s) :\n", Password)
	for _, a := range Accounts() {
		where := a.Committee
		switch {
		case a.HCTSReader:
			where = "national, lecteur HCTS"
		case a.Operator:
			where = "national, opérateur"
		default:
			where = "comité " + where + ", " + a.Role.Label()
		}
		fmt.Fprintf(&b, "  %-26s %s\n", a.Email, where)
	}
	return b.String()
}
