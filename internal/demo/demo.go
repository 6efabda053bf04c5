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

// SecondFactorLogin is the demo account already enrolled in the second
// factor, and SecondFactorSecret its key, written in the README so that
// anyone can add it to an authenticator application and try the code step.
// Like the password, it is for the demonstration only.
const (
	SecondFactorLogin  = "pilote41"
	SecondFactorSecret = "27ISUNH3CGBV4O5MLGLFGTWJ63MCTMD4"
)

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
	// HCTSPublisher: an HCTS reader who also publishes seminars, news
	// and campaigns.
	HCTSPublisher bool
	Operator      bool
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
		{Email: "hcts@demo.test", Login: "hcts", Name: "Équipe nationale HCTS", HCTSReader: true, HCTSPublisher: true},
		{Email: "hcts-lecteur@demo.test", Login: "hcts-lecteur", Name: "Lecteur du HCTS", HCTSReader: true},
		{Email: "operateur@demo.test", Login: "operateur", Name: "Opérateur de la plateforme", Operator: true},
	}
}

// Load writes the demo data; it is idempotent. Each part is a few units of
// work: the committees and accounts, then each committee's members, its
// directory, its meetings and its practices.
func Load(ctx context.Context, db *postgres.DB, w io.Writer) error {
	all := Accounts()
	for _, p := range People() {
		all = append(all, p.Account)
	}
	ids, accountIDs, err := loadAccounts(ctx, db, all)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	for _, c := range Committees() {
		if err := loadMembers(ctx, db, c.Slug, ids[c.Slug], all, accountIDs); err != nil {
			return fmt.Errorf("demo: members of %s: %w", c.Slug, err)
		}
	}
	if err := loadSecondFactor(ctx, db, accountIDs[SecondFactorLogin]); err != nil {
		return fmt.Errorf("demo: second factor: %w", err)
	}
	if err := loadDirectory(ctx, db, ids["37-41"], accountIDs); err != nil {
		return fmt.Errorf("demo: directory: %w", err)
	}
	if err := loadMeetings(ctx, db, time.Now(), ids, accountIDs); err != nil {
		return fmt.Errorf("demo: meetings: %w", err)
	}
	if err := loadPractices(ctx, db, ids, accountIDs); err != nil {
		return fmt.Errorf("demo: practices: %w", err)
	}
	if err := loadContributions(ctx, db, time.Now(), ids, accountIDs); err != nil {
		return fmt.Errorf("demo: contributions: %w", err)
	}
	if err := loadCharter(ctx, db, time.Now(), ids, accountIDs); err != nil {
		return fmt.Errorf("demo: charter: %w", err)
	}
	if err := loadNews(ctx, db, time.Now(), ids, accountIDs); err != nil {
		return fmt.Errorf("demo: news: %w", err)
	}
	if err := loadDocuments(ctx, db, time.Now(), ids, accountIDs); err != nil {
		return fmt.Errorf("demo: documents: %w", err)
	}
	if err := loadEasyRead(ctx, db, time.Now(), ids, accountIDs); err != nil {
		return fmt.Errorf("demo: easy-to-read versions: %w", err)
	}
	if err := loadNotifications(ctx, db, time.Now(), ids, accountIDs); err != nil {
		return fmt.Errorf("demo: notifications: %w", err)
	}
	fmt.Fprintf(w, "Données de démonstration chargées : %d comités, %d comptes, %d institutions, %d groupes de travail.\n",
		len(Committees()), len(all), len(Institutions()), len(Groups()))
	fmt.Fprintln(w, "Attention : ces comptes et leur mot de passe commun servent à la démonstration, jamais en production.")
	return nil
}

// loadAccounts writes the committees and the accounts, outside any
// committee, and returns their ids by slug and by login name. The password
// is hashed, before the unit of work, only when an account is missing.
func loadAccounts(ctx context.Context, db *postgres.DB, all []Account) (committees, accounts map[string]int64, err error) {
	missing := false
	err = db.Read(ctx, postgres.Scope{}, func(tx *postgres.Tx) error {
		for _, a := range all {
			exists, err := tx.AccountExists(ctx, a.Login)
			if err != nil {
				return err
			}
			missing = missing || !exists
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	hash := ""
	if missing {
		if hash, err = auth.HashPassword(Password, auth.OWASPParams); err != nil {
			return nil, nil, err
		}
	}
	committees, accounts = map[string]int64{}, map[string]int64{}
	err = db.Write(ctx, postgres.Scope{}, func(tx *postgres.Tx) error {
		for _, c := range Committees() {
			id, err := tx.UpsertCommittee(ctx, c)
			if err != nil {
				return err
			}
			committees[c.Slug] = id
		}
		for _, a := range all {
			id, _, err := tx.EnsureAccount(ctx, postgres.NewAccount{Email: a.Email, Login: a.Login, DisplayName: a.Name,
				PasswordHash: hash, HCTSReader: a.HCTSReader, Operator: a.Operator})
			if err != nil {
				return fmt.Errorf("account %s: %w", a.Login, err)
			}
			accounts[a.Login] = id
			if a.HCTSPublisher {
				if err := tx.SetHCTSPublisher(ctx, id, true); err != nil {
					return fmt.Errorf("account %s: %w", a.Login, err)
				}
			}
		}
		return nil
	})
	return committees, accounts, err
}

// loadMembers makes the accounts of committee slug its members, keeping the
// memberships that exist: the demo users may have changed them since.
func loadMembers(ctx context.Context, db *postgres.DB, slug string, committeeID int64, all []Account, accounts map[string]int64) error {
	return db.Write(ctx, postgres.InCommittee(committeeID, 0), func(tx *postgres.Tx) error {
		for _, a := range all {
			if a.Committee != slug {
				continue
			}
			_, err := tx.Membership(ctx, accounts[a.Login])
			if err == nil {
				continue
			}
			if clts.ErrorCode(err) != clts.ENOTFOUND {
				return err
			}
			if err := tx.AddMember(ctx, accounts[a.Login], a.Role); err != nil {
				return fmt.Errorf("member %s: %w", a.Login, err)
			}
		}
		return nil
	})
}

// loadSecondFactor enrols the demo's second pilot with the README's key,
// unless it uses a second factor already (its own, after a change of
// phone): the demo logins stay one step except this one.
func loadSecondFactor(ctx context.Context, db *postgres.DB, accountID int64) error {
	return db.Write(ctx, postgres.Scope{AccountID: accountID}, func(tx *postgres.Tx) error {
		_, err := tx.EnrolSecondFactor(ctx, SecondFactorSecret)
		return err
	})
}

// LoginsHelp is printed by `make run`: the demo logins.
func LoginsHelp() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Comptes de démonstration (mot de passe : %s) :\n", Password)
	for _, a := range Accounts() {
		where := a.Committee
		switch {
		case a.HCTSPublisher:
			where = "national, HCTS : lecture et publication"
		case a.HCTSReader:
			where = "national, HCTS : lecture seule"
		case a.Operator:
			where = "national, opérateur"
		default:
			where = "comité " + where + ", " + a.Role.Label()
		}
		if a.Login == SecondFactorLogin {
			where += " ; double authentification, clé " + SecondFactorSecret
		}
		fmt.Fprintf(&b, "  %-26s %s\n", a.Email, where)
	}
	return b.String()
}
