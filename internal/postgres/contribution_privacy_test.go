package postgres_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/components"
)

// TestContributionSupportedAuthorName: a supported person who does not
// show their full name in the directory, and agreed that their name goes
// with the text, is sent to the HCTS (and so to the exports and the open
// data) as their first name and the initial of their last, as the
// directory shows them; the co-authors' e-mail of the correction they start
// names them the same way.
func TestContributionSupportedAuthorName(t *testing.T) {
	t.Parallel()
	w := newContributionWorld(t)
	id := w.draft(w.a, w.supportedA, clts.CategoryNeeds, "Ce que nous avons vécu au comité", w.authorA)
	w.must(w.in(w.a, w.supportedA), func(ctx context.Context, tx *postgres.Tx) error { return tx.SetAuthorConsent(ctx, id, true) })
	w.must(w.in(w.a, w.authorA), func(ctx context.Context, tx *postgres.Tx) error { return tx.SetAuthorConsent(ctx, id, true) })
	w.toState(w.a, w.supportedA, w.pilotA, id, clts.ContributionTransmitted)
	c := w.contribution(w.a, w.pilotA, id)
	if c.PublicAuthors != "Martine A., Paul Auteur" {
		t.Errorf("public authors %q, want %q (the supported person's full name stays in the committee)", c.PublicAuthors, "Martine A., Paul Auteur")
	}
	w.must(w.in(w.a, w.supportedA), func(ctx context.Context, tx *postgres.Tx) error {
		_, err := tx.CorrectContribution(ctx, id)
		return err
	})
	ms := mailsTo(w.outbox(), "auteur-a@exemple.fr", "Version corrigée")
	if len(ms) != 1 {
		t.Fatalf("the co-author's e-mails of the correction: %+v", ms)
	}
	if strings.Contains(ms[0].Body, "Accompagnée") || !strings.Contains(ms[0].Body, "Martine A. a commencé") {
		t.Errorf("the co-author's e-mail names the supported person in full:\n%s", ms[0].Body)
	}
}

// TestContributionConsentAudited: an author's agreement to publish their
// name with the text, and its withdrawal, are in the committee's audit log
// with a French name: the consent can be shown later.
func TestContributionConsentAudited(t *testing.T) {
	t.Parallel()
	w := newContributionWorld(t)
	id := w.draft(w.a, w.authorA, clts.CategoryNeeds, "Les mobilités")
	w.must(w.in(w.a, w.authorA), func(ctx context.Context, tx *postgres.Tx) error { return tx.SetAuthorConsent(ctx, id, true) })
	w.must(w.in(w.a, w.authorA), func(ctx context.Context, tx *postgres.Tx) error { return tx.SetAuthorConsent(ctx, id, false) })
	var entries []clts.AuditEntry
	pgtest.MustRead(t, w.db, w.in(w.a, w.pilotA), func(tx *postgres.Tx) error {
		var err error
		entries, err = tx.AuditLog(context.Background(), 100, 0)
		return err
	})
	var got []string
	for i := len(entries) - 1; i >= 0; i-- {
		if e := entries[i]; e.Action == "contribution.consent" {
			got = append(got, e.Subject)
			if components.ActionLabel(e.Action) == e.Action {
				t.Errorf("audit action %s has no French name", e.Action)
			}
		}
	}
	subject := fmt.Sprintf("Les mobilités (contribution %d)", id)
	want := []string{subject + " : nom publié avec le texte", subject + " : nom non publié"}
	if !slices.Equal(got, want) {
		t.Errorf("consent audit lines %q, want %q", got, want)
	}
}
