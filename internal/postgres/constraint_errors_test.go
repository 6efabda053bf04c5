package postgres_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// TestConstraintErrorsNameNoOtherCommittee: unique and foreign-key checks
// ignore row-level security, so committee A can run into committee B's
// rows. Whatever A's store method hits, the error a person reads is the
// generic one, the same as for a row that exists nowhere, and no part of
// the error names B's rows; a name B uses is free in A.
func TestConstraintErrorsNameNoOtherCommittee(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := pgtest.New(t).App
	a, b := twoCommittees(t, db)
	inA, inB := postgres.InCommittee(a, 0), postgres.InCommittee(b, 0)

	const (
		instName   = "Institution secrète de B"
		groupTitle = "Groupe secret de B"
		inviteName = "Invitée secrète de B"
	)
	var instB, groupB, memberA int64
	hashA, hashB := []byte("jeton-de-a"), []byte("jeton-de-b")
	pgtest.MustWrite(t, db, inB, func(tx *postgres.Tx) error {
		var err error
		if instB, err = tx.CreateInstitution(ctx, clts.Institution{Name: instName, Kind: clts.InstitutionKinds()[0],
			Departements: []string{"45"}}, nil); err != nil {
			return err
		}
		if groupB, err = tx.CreateGroup(ctx, clts.Group{Title: groupTitle}); err != nil {
			return err
		}
		_, err = tx.CreateInvitation(ctx, clts.Invitation{Kind: clts.InvitationCode, DisplayName: inviteName,
			Role: clts.RolePartenaire, ExpiresAt: time.Now().Add(time.Hour)}, hashB, nil)
		return err
	})
	pgtest.MustWrite(t, db, inA, func(tx *postgres.Tx) error {
		members, err := tx.Members(ctx)
		if err != nil || len(members) == 0 {
			t.Fatalf("members of A: %v, %v", members, err)
		}
		memberA = members[0].AccountID
		_, err = tx.CreateInvitation(ctx, clts.Invitation{Kind: clts.InvitationCode, DisplayName: "Invitée de A",
			Role: clts.RolePartenaire, ExpiresAt: time.Now().Add(time.Hour)}, hashA, nil)
		return err
	})
	const nowhere = 1 << 30 // an id no row has

	// secrets are what B's rows would give away.
	secrets := []string{instName, groupTitle, inviteName, "jeton-de-b", "Key (", "committee_id", `"b"`}
	try := func(t *testing.T, name string, fn func(tx *postgres.Tx) error) *clts.Error {
		t.Helper()
		err := db.Write(ctx, inA, fn)
		var e *clts.Error
		if !errors.As(err, &e) {
			t.Fatalf("%s: %v, want a domain error with a message for people", name, err)
		}
		for _, s := range secrets {
			if strings.Contains(err.Error(), s) {
				t.Errorf("%s: the error %q names %q", name, err, s)
			}
		}
		return e
	}
	for _, c := range []struct {
		name       string
		other, own func(tx *postgres.Tx) error // B's row, and a row of A's or of nobody
		code, msg  string
	}{
		{
			name: "UniqueInvitationToken",
			other: func(tx *postgres.Tx) error {
				_, err := tx.CreateInvitation(ctx, clts.Invitation{Kind: clts.InvitationCode, DisplayName: "X",
					Role: clts.RolePartenaire, ExpiresAt: time.Now().Add(time.Hour)}, hashB, nil)
				return err
			},
			own: func(tx *postgres.Tx) error {
				_, err := tx.CreateInvitation(ctx, clts.Invitation{Kind: clts.InvitationCode, DisplayName: "X",
					Role: clts.RolePartenaire, ExpiresAt: time.Now().Add(time.Hour)}, hashA, nil)
				return err
			},
			code: clts.ECONFLICT, msg: "Cet élément existe déjà.",
		},
		{
			name:  "ForeignKeyMemberInstitution",
			other: func(tx *postgres.Tx) error { return tx.SetMemberInstitution(ctx, memberA, instB) },
			own:   func(tx *postgres.Tx) error { return tx.SetMemberInstitution(ctx, memberA, nowhere) },
			code:  clts.ENOTFOUND, msg: "Élément introuvable.",
		},
		{
			name: "ForeignKeyMeetingGroup",
			other: func(tx *postgres.Tx) error {
				_, err := tx.CreateMeetings(ctx, []clts.Meeting{groupMeeting(groupB)}, true, func(clts.Meeting) *postgres.MeetingMail { return nil })
				return err
			},
			own: func(tx *postgres.Tx) error {
				_, err := tx.CreateMeetings(ctx, []clts.Meeting{groupMeeting(nowhere)}, true, func(clts.Meeting) *postgres.MeetingMail { return nil })
				return err
			},
			code: clts.ENOTFOUND, msg: "Élément introuvable.",
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			other, own := try(t, "B's row", c.other), try(t, "own or no row", c.own)
			if other.Code != c.code || other.Message != c.msg {
				t.Errorf("B's row: %s %q, want %s %q", other.Code, other.Message, c.code, c.msg)
			}
			if !reflect.DeepEqual(other, own) {
				t.Errorf("B's row gives %+v, A's own or no row %+v: the difference tells A about B", other, own)
			}
		})
	}

	t.Run("NamesOfBAreFreeInA", func(t *testing.T) {
		pgtest.MustWrite(t, db, inA, func(tx *postgres.Tx) error {
			if _, err := tx.CreateInstitution(ctx, clts.Institution{Name: instName, Kind: clts.InstitutionKinds()[0],
				Departements: []string{"37"}}, nil); err != nil {
				return err
			}
			_, err := tx.CreateGroup(ctx, clts.Group{Title: groupTitle})
			return err
		})
	})
}

// groupMeeting is a valid meeting of group groupID, next week.
func groupMeeting(groupID int64) clts.Meeting {
	start := time.Now().Add(7 * 24 * time.Hour).Truncate(time.Hour)
	return clts.Meeting{Kind: clts.KindGroup, GroupID: groupID, Title: "Réunion", StartsAt: start,
		EndsAt: start.Add(2 * time.Hour), Place: "Tours"}
}
