package postgres_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// TestTodoStaysInItsCommittee: the same two people in two committees, each
// committee with its own request, proposal, past meetings and invitation:
// a committee's "À faire" counts its own rows only, each list is bounded
// and its count exact, and a committee where the pilot has nothing shows
// nothing, whatever the other holds.
func TestTodoStaysInItsCommittee(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	ctx := context.Background()
	var a, b, pilot, member int64
	pgtest.MustWrite(t, db.App, postgres.Scope{}, func(tx *postgres.Tx) error {
		var err error
		if a, err = tx.UpsertCommittee(ctx, clts.Committee{Slug: "a", Name: "A", Departements: []string{"37"}}); err != nil {
			return err
		}
		if b, err = tx.UpsertCommittee(ctx, clts.Committee{Slug: "b", Name: "B", Departements: []string{"45"}}); err != nil {
			return err
		}
		if pilot, err = tx.CreateAccount(ctx, postgres.NewAccount{Login: "pilote", DisplayName: "Pilote", PasswordHash: "x"}); err != nil {
			return err
		}
		member, err = tx.CreateAccount(ctx, postgres.NewAccount{Login: "membre", DisplayName: "Membre", PasswordHash: "x"})
		return err
	})
	now := time.Now()
	// In each committee: a group with the member's request, an upcoming
	// plenary with the member's proposal, past plenaries never recorded
	// (one in a, seven in b), an invitation.
	past := map[int64]int{a: 1, b: 7}
	var upcomingB int64
	for _, c := range []int64{a, b} {
		pgtest.MustWrite(t, db.App, postgres.InCommittee(c, 0), func(tx *postgres.Tx) error {
			if err := tx.AddMember(ctx, pilot, clts.RolePilote); err != nil {
				return err
			}
			return tx.AddMember(ctx, member, clts.RolePartenaire)
		})
		pgtest.MustWrite(t, db.App, postgres.InCommittee(c, pilot), func(tx *postgres.Tx) error {
			g, err := tx.CreateGroup(ctx, clts.Group{Title: "Groupe"})
			if err != nil {
				return err
			}
			if err := tx.SetGroupMember(ctx, g, member, clts.StatusPending); err != nil {
				return err
			}
			ms := []clts.Meeting{{Kind: clts.KindPlenary, Title: "À venir", StartsAt: now.Add(240 * time.Hour),
				EndsAt: now.Add(242 * time.Hour), Place: "Tours"}}
			for i := range past[c] {
				start := now.AddDate(0, 0, -2-i)
				ms = append(ms, clts.Meeting{Kind: clts.KindPlenary, Title: fmt.Sprintf("Passée %d", i), StartsAt: start,
					EndsAt: start.Add(time.Hour), Place: "Tours"})
			}
			ids, err := tx.CreateMeetings(ctx, ms, false, nil)
			if err != nil {
				return err
			}
			if c == b {
				upcomingB = ids[0]
			}
			_, err = tx.CreateInvitation(ctx, clts.Invitation{Kind: clts.InvitationCode, DisplayName: "Invitée",
				Role: clts.RolePartenaire, ExpiresAt: now.Add(time.Hour)}, []byte{byte(c)}, nil)
			return err
		})
	}
	pgtest.MustWrite(t, db.App, postgres.InCommittee(b, member), func(tx *postgres.Tx) error {
		return tx.AddAgendaItem(ctx, clts.AgendaItem{MeetingID: upcomingB, Title: "Proposition"}, true)
	})

	todo := func(c, account int64, role clts.Role) postgres.Todo {
		var td postgres.Todo
		pgtest.MustRead(t, db.App, postgres.InCommittee(c, account), func(tx *postgres.Tx) error {
			var err error
			td, err = tx.Todo(ctx, postgres.TodoQuery{Now: now, RecordsSince: now.AddDate(0, 0, -90),
				Duties: auth.HomeDutiesOf(auth.Principal{AccountID: account, Role: role}), Limit: 5})
			return err
		})
		return td
	}
	ta, tb := todo(a, pilot, clts.RolePilote), todo(b, pilot, clts.RolePilote)
	if ta.RecordsCount != 1 || len(ta.Records) != 1 || ta.RequestsCount != 1 || ta.ToDecideCount != 0 || ta.InvitationsPending != 1 {
		t.Errorf("committee a: records %d (%d listed), requests %d, to decide %d, invitations %d; want 1, 1, 1, 0, 1",
			ta.RecordsCount, len(ta.Records), ta.RequestsCount, ta.ToDecideCount, ta.InvitationsPending)
	}
	if tb.RecordsCount != 7 || len(tb.Records) != 5 || tb.RequestsCount != 1 || tb.ToDecideCount != 1 || tb.InvitationsPending != 1 {
		t.Errorf("committee b: records %d (%d listed), requests %d, to decide %d, invitations %d; want 7, 5, 1, 1, 1",
			tb.RecordsCount, len(tb.Records), tb.RequestsCount, tb.ToDecideCount, tb.InvitationsPending)
	}
	if len(ta.Records) == 1 && ta.Records[0].Title != "Passée 0" {
		t.Errorf("committee a lists %q", ta.Records[0].Title)
	}
	// The member: their request and their proposal where they made them.
	ma, mb := todo(a, member, clts.RolePartenaire), todo(b, member, clts.RolePartenaire)
	if len(ma.Requesting()) != 1 || ma.ProposalsCount != 0 || len(mb.Requesting()) != 1 || mb.ProposalsCount != 1 {
		t.Errorf("member: requests %d/%d, proposals %d/%d; want 1/1, 0/1",
			len(ma.Requesting()), len(mb.Requesting()), ma.ProposalsCount, mb.ProposalsCount)
	}
	if ma.RequestsCount != 0 || ma.RecordsCount != 0 || ma.InvitationsPending != 0 {
		t.Errorf("a partner sees the pilots' tasks: %+v", ma)
	}
}
