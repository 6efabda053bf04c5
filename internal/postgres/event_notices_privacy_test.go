package postgres_test

import (
	"context"
	"strings"
	"testing"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/postgres"
)

// A supported person's request to join a group names them to the group's
// leads as the directory does: by first name and initial to a lead who is
// not a pilot, by full name to a lead who is one (clts.Profile.View).
func TestJoinRequestNamesASupportedPersonAsTheDirectoryDoes(t *testing.T) {
	t.Parallel()
	w := newEventWorld(t)
	in := func(account int64) postgres.Scope { return postgres.InCommittee(w.a, account) }
	// The pilot leads the group too.
	w.must(in(w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.SetGroupMember(ctx, w.group, w.pilotA, clts.StatusLead)
	})
	// quietA (a supported person, "Martine Sansadresse") gets an address,
	// so that the test could see it leak.
	w.must(postgres.Scope{}, func(ctx context.Context, tx *postgres.Tx) error {
		_, err := tx.PG().Exec(ctx, `UPDATE accounts SET email = 'martine@exemple.fr' WHERE id = $1`, w.quietA)
		return err
	})
	w.forget()
	w.must(in(w.quietA), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.SetGroupMember(ctx, w.group, w.quietA, clts.StatusPending)
	})
	ns := w.notices()
	w.expect("join request", ns, clts.NotifyGroup, w.a, w.leadA, w.pilotA)
	for _, n := range ns {
		if strings.Contains(n.title, "Sansadresse") || strings.Contains(n.title, "martine@") {
			t.Errorf("title to %d names the person: %q", n.account, n.title)
		}
		if strings.Contains(n.body, "martine@") {
			t.Errorf("e-mail to %d gives the person's address: %s", n.account, n.body)
		}
		switch n.account {
		case w.leadA:
			if strings.Contains(n.body, "Sansadresse") || !strings.Contains(n.body, "Martine S. demande à rejoindre") {
				t.Errorf("the lead, not a pilot, reads: %s", n.body)
			}
		case w.pilotA:
			if !strings.Contains(n.body, "Martine Sansadresse demande à rejoindre") {
				t.Errorf("the pilot reads: %s", n.body)
			}
		}
	}

	// Once the person shows their full name, the lead reads it.
	w.must(in(w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
		if err := tx.DeclineRequest(ctx, w.group, w.quietA); err != nil {
			return err
		}
		_, err := tx.PG().Exec(ctx, `UPDATE memberships SET show_full_name = true WHERE committee_id = $1 AND account_id = $2`, w.a, w.quietA)
		return err
	})
	w.forget()
	w.must(in(w.quietA), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.SetGroupMember(ctx, w.group, w.quietA, clts.StatusPending)
	})
	ns = w.notices()
	w.expect("join request, full name shown", ns, clts.NotifyGroup, w.a, w.leadA, w.pilotA)
	for _, n := range ns {
		if !strings.Contains(n.body, "Martine Sansadresse demande à rejoindre") {
			t.Errorf("to %d, full name shown: %s", n.account, n.body)
		}
	}
}
