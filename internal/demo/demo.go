// Package demo loads the demonstration data drawn from the seed documents:
// the 37/41 committee and a second one, to show that tenants are separate.
// Loading twice changes nothing.
package demo

import (
	"context"
	"fmt"
	"io"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/postgres"
)

// Committees of the demo: the first co-piloted by Indre-et-Loire (37) and
// Loir-et-Cher (41), the second one only there to show isolation.
func Committees() []clts.Committee {
	return []clts.Committee{
		{Slug: "37-41", Name: "Comité local du travail social et du développement social 37-41", Departements: []string{"37", "41"}},
		{Slug: "autre", Name: "Comité local du travail social — autre département", Departements: []string{"45"}},
	}
}

// Load writes the demo data; it is idempotent.
func Load(ctx context.Context, db *postgres.DB, w io.Writer) error {
	for _, c := range Committees() {
		if _, err := db.UpsertCommittee(ctx, c); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
	}
	fmt.Fprintf(w, "Données de démonstration chargées : %d comités.\n", len(Committees()))
	fmt.Fprintln(w, "Attention : ces données et comptes servent à la démonstration, jamais en production.")
	return nil
}

// LoginsHelp is printed by `make run`: where to look in the demo.
func LoginsHelp() string {
	s := "Comités de démonstration :\n"
	for _, c := range Committees() {
		s += fmt.Sprintf("  %-8s %s\n", c.Slug, c.Name)
	}
	return s
}
