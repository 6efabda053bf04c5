package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// indicatorsWorld is committee a's year 2025 of meetings, with attendance
// known person by person, seen on 15 November 2025 at noon; and committee
// b, whose meetings never count for a.
type indicatorsWorld struct {
	db   *postgres.DB
	a, b int64
	now  time.Time
}

// newIndicatorsWorld builds the fixture that TestParticipationIndicators
// checks figure by figure. Committee a's people:
//
//	P  pilot
//	Q  partner, CAF Touraine
//	U  partner, CAF Touraine
//	R  professional, CIAS du Blaisois; recorded as a supported person on
//	   the sheet of M6 (the role they had when attendance was taken)
//	S1 supported person
//	S2 supported person since 1 May 2025, professional before (role history)
//
// Institutions: CAF Touraine, CIAS du Blaisois, ARS (nobody of it comes).
// Groups (created 1 September 2024 unless said): G1 led by S1 (co-led by a
// supported person), G2 led by R, G3 archived without meetings in 2025, G4
// created in December 2025 (after now).
//
// Meetings of a (Paris time), who was present, and whether they count:
//
//	M9  15/12/2024      P S1          — another year
//	M1  20/01/2025 Q1   P Q U S2      sheet without role: S2 is a professional that day
//	M3  05/02/2025 Q1   P Q S1        — cancelled after attendance was taken
//	M2  10/03/2025 Q1   P S1 R U
//	M8  15/04/2025 Q2   —             — attendance not taken
//	M4  12/06/2025 Q2   S2 Q          G1's meeting, sheet without role: S2 supported that day
//	M10 01/07/2025 Q3   P             00:30 in Paris, still 30 June in UTC
//	M5  18/09/2025 Q3   nobody        attendance taken, everyone absent
//	M6  02/10/2025 Q4   P S1 R        R recorded as a supported person
//	M7  01/12/2025 Q4   P Q           — after now
//
// Committee b holds a meeting on 10/03/2025 where its pilot and its
// supported person are present: nothing of it counts for a.
func newIndicatorsWorld(t *testing.T) (*indicatorsWorld, map[string]int64) {
	t.Helper()
	ctx := context.Background()
	paris, _ := time.LoadLocation("Europe/Paris")
	at := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, paris) }
	w := &indicatorsWorld{db: pgtest.New(t).App, now: at(2025, 11, 15, 12, 0)}
	w.a, w.b = twoCommitteesNamed(t, w.db)
	ids := map[string]int64{}
	member := func(c int64, key string, role clts.Role) {
		pgtest.MustWrite(t, w.db, postgres.InCommittee(c, 0), func(tx *postgres.Tx) error {
			id, err := tx.CreateAccount(ctx, postgres.NewAccount{Login: "ind-" + key, DisplayName: "Personne " + key, PasswordHash: "x"})
			if err != nil {
				return err
			}
			ids[key] = id
			return tx.AddMember(ctx, id, role)
		})
	}
	member(w.a, "P", clts.RolePilote)
	member(w.a, "Q", clts.RolePartenaire)
	member(w.a, "U", clts.RolePartenaire)
	member(w.a, "R", clts.RoleProfessionnel)
	member(w.a, "S1", clts.RoleAccompagne)
	member(w.a, "S2", clts.RoleAccompagne)
	member(w.b, "BP", clts.RolePilote)
	member(w.b, "BS", clts.RoleAccompagne)

	scA := postgres.InCommittee(w.a, ids["P"])
	pgtest.MustWrite(t, w.db, scA, func(tx *postgres.Tx) error {
		for _, name := range []string{"CAF Touraine", "CIAS du Blaisois", "ARS"} {
			id, err := tx.CreateInstitution(ctx, clts.Institution{Name: name, Kind: clts.KindPartenaire}, nil)
			if err != nil {
				return err
			}
			ids[name] = id
		}
		for who, inst := range map[string]string{"Q": "CAF Touraine", "U": "CAF Touraine", "R": "CIAS du Blaisois"} {
			if err := tx.SetMemberInstitution(ctx, ids[who], ids[inst]); err != nil {
				return err
			}
		}
		for _, g := range []struct{ key, lead string }{{"G1", "S1"}, {"G2", "R"}, {"G3", ""}, {"G4", "S2"}} {
			id, err := tx.CreateGroup(ctx, clts.Group{Title: "Groupe " + g.key})
			if err != nil {
				return err
			}
			ids[g.key] = id
			if g.lead != "" {
				if err := tx.SetGroupMember(ctx, id, ids[g.lead], "lead"); err != nil {
					return err
				}
			}
		}
		for _, who := range []string{"S2", "Q"} {
			if err := tx.SetGroupMember(ctx, ids["G1"], ids[who], "member"); err != nil {
				return err
			}
		}
		if err := tx.SetGroupArchived(ctx, ids["G3"], true); err != nil {
			return err
		}
		pg := tx.PG()
		if _, err := pg.Exec(ctx, `UPDATE working_groups SET created_at = $2 WHERE committee_id = $1`, w.a, at(2024, 9, 1, 9, 0)); err != nil {
			return err
		}
		if _, err := pg.Exec(ctx, `UPDATE working_groups SET created_at = $3 WHERE committee_id = $1 AND id = $2`,
			w.a, ids["G4"], at(2025, 12, 1, 9, 0)); err != nil {
			return err
		}
		// S2's history: a professional from 2024, a supported person from 1 May 2025.
		if _, err := pg.Exec(ctx, `DELETE FROM membership_roles WHERE committee_id = $1 AND account_id = $2`, w.a, ids["S2"]); err != nil {
			return err
		}
		_, err := pg.Exec(ctx, `INSERT INTO membership_roles (committee_id, account_id, role, valid_from)
			VALUES ($1, $2, 'professionnel', $3), ($1, $2, 'personne_accompagnee', $4)`,
			w.a, ids["S2"], at(2024, 1, 1, 0, 0), at(2025, 5, 1, 0, 0))
		return err
	})

	meeting := func(sc postgres.Scope, key string, start time.Time, group string, present ...string) {
		pgtest.MustWrite(t, w.db, sc, func(tx *postgres.Tx) error {
			m := clts.Meeting{Kind: clts.KindPlenary, Title: "Réunion " + key, Place: "Tours", StartsAt: start, EndsAt: start.Add(2 * time.Hour)}
			if group != "" {
				m.Kind, m.GroupID = clts.KindGroup, ids[group]
			}
			mids, err := tx.CreateMeetings(ctx, []clts.Meeting{m}, true, func(clts.Meeting) *postgres.MeetingMail { return nil })
			if err != nil {
				return err
			}
			ids[key] = mids[0]
			if present == nil {
				return nil
			}
			// Everyone else excused their absence, and one person from
			// outside the committee came: neither changes the members'
			// attendances.
			sheet := clts.AttendanceSheet{Outside: 1}
			here := map[string]bool{}
			for _, p := range present {
				if p != "-" {
					sheet.Present = append(sheet.Present, ids[p])
					here[p] = true
				}
			}
			for key, id := range ids {
				if !here[key] {
					sheet.Excused = append(sheet.Excused, id)
				}
			}
			_, err = tx.RecordAttendance(ctx, mids[0], sheet)
			return err
		})
	}
	none := []string{"-"}
	meeting(scA, "M9", at(2024, 12, 15, 14, 0), "", "P", "S1")
	meeting(scA, "M1", at(2025, 1, 20, 14, 0), "", "P", "Q", "U", "S2")
	meeting(scA, "M3", at(2025, 2, 5, 14, 0), "", "P", "Q", "S1")
	meeting(scA, "M2", at(2025, 3, 10, 14, 0), "", "P", "S1", "R", "U")
	meeting(scA, "M8", at(2025, 4, 15, 14, 0), "")
	meeting(scA, "M4", at(2025, 6, 12, 14, 0), "G1", "S2", "Q")
	meeting(scA, "M10", at(2025, 7, 1, 0, 30), "", "P")
	meeting(scA, "M5", at(2025, 9, 18, 14, 0), "", none...)
	// R is recorded as a supported person at M6, then becomes a professional again.
	pgtest.MustWrite(t, w.db, scA, func(tx *postgres.Tx) error { return tx.ChangeRole(ctx, ids["R"], clts.RoleAccompagne) })
	meeting(scA, "M6", at(2025, 10, 2, 14, 0), "", "P", "S1", "R")
	pgtest.MustWrite(t, w.db, scA, func(tx *postgres.Tx) error { return tx.ChangeRole(ctx, ids["R"], clts.RoleProfessionnel) })
	meeting(scA, "M7", at(2025, 12, 1, 14, 0), "", "P", "Q")
	meeting(postgres.InCommittee(w.b, ids["BP"]), "B1", at(2025, 3, 10, 14, 0), "", "BP", "BS")

	pgtest.MustWrite(t, w.db, scA, func(tx *postgres.Tx) error {
		pg := tx.PG()
		// M3 is cancelled although its attendance was taken.
		if _, err := pg.Exec(ctx, `UPDATE meetings SET status = 'annulee', cancel_reason = 'Salle indisponible'
			WHERE committee_id = $1 AND id = $2`, w.a, ids["M3"]); err != nil {
			return err
		}
		// M1's and M4's sheets predate the recording of roles.
		_, err := pg.Exec(ctx, `UPDATE meeting_responses SET role = NULL WHERE committee_id = $1 AND meeting_id = ANY ($2)`,
			w.a, []int64{ids["M1"], ids["M4"]})
		return err
	})
	return w, ids
}

// twoCommitteesNamed creates committees a and b without members.
func twoCommitteesNamed(t *testing.T, db *postgres.DB) (a, b int64) {
	t.Helper()
	ctx := context.Background()
	pgtest.MustWrite(t, db, postgres.Scope{}, func(tx *postgres.Tx) error {
		var err error
		if a, err = tx.UpsertCommittee(ctx, clts.Committee{Slug: "a", Name: "Comité A", Departements: []string{"37", "41"}}); err != nil {
			return err
		}
		b, err = tx.UpsertCommittee(ctx, clts.Committee{Slug: "b", Name: "Comité B", Departements: []string{"45"}})
		return err
	})
	return a, b
}

// TestParticipationIndicators checks every figure of the fixture's year
// against the count made by hand in newIndicatorsWorld's comment.
func TestParticipationIndicators(t *testing.T) {
	w, ids := newIndicatorsWorld(t)
	var ind *clts.Indicators
	pgtest.MustRead(t, w.db, postgres.InCommittee(w.a, ids["P"]), func(tx *postgres.Tx) error {
		var err error
		ind, err = tx.ParticipationIndicators(context.Background(), 2025, w.now)
		return err
	})
	type fig struct{ meetings, attendees, supported, distinct, withSupported int }
	got := func(p clts.IndicatorPeriod) fig {
		return fig{p.Meetings, p.Attendees, p.SupportedAttendees, p.DistinctSupported, p.MeetingsWithSupported}
	}
	want := []struct {
		label string
		fig   fig
	}{
		// M1 (P Q U S2, S2 a professional that day) and M2 (P S1 R U).
		{"1er trimestre 2025", fig{2, 8, 1, 1, 1}},
		// M4 (S2 Q, S2 supported that day).
		{"2e trimestre 2025", fig{1, 2, 1, 1, 1}},
		// M10 (P) and M5 (nobody).
		{"3e trimestre 2025", fig{2, 1, 0, 0, 0}},
		// M6 (P S1 R, R supported on the sheet); M7 is after now.
		{"4e trimestre 2025", fig{1, 3, 2, 2, 1}},
	}
	if len(ind.Quarters) != 4 {
		t.Fatalf("%d quarters, want 4", len(ind.Quarters))
	}
	for i, q := range want {
		if ind.Quarters[i].Label != q.label || got(ind.Quarters[i]) != q.fig {
			t.Errorf("quarter %d: %q %+v, want %q %+v", i+1, ind.Quarters[i].Label, got(ind.Quarters[i]), q.label, q.fig)
		}
	}
	// The year: 6 meetings, 14 attendances, 4 of supported persons (S1 at
	// M2, S2 at M4, S1 and R at M6), 3 distinct (S1, S2, R), 3 meetings.
	if ind.Total.Label != "2025" || got(ind.Total) != (fig{6, 14, 4, 3, 3}) {
		t.Errorf("year: %q %+v, want 2025 {6 14 4 3 3}", ind.Total.Label, got(ind.Total))
	}
	// One person from outside the committee at each counted meeting,
	// apart from the members' attendances.
	for i, n := range []int{2, 1, 2, 1} {
		if ind.Quarters[i].OutsideAttendees != n {
			t.Errorf("quarter %d: %d people from outside, want %d", i+1, ind.Quarters[i].OutsideAttendees, n)
		}
	}
	if ind.Total.OutsideAttendees != 6 {
		t.Errorf("year: %d people from outside, want 6", ind.Total.OutsideAttendees)
	}
	if s := ind.Total.SupportedShare(); s < 0.2857 || s > 0.2858 {
		t.Errorf("supported share %v, want 4/14", s)
	}
	paris, _ := time.LoadLocation("Europe/Paris")
	if !ind.Quarters[2].From.Equal(time.Date(2025, 7, 1, 0, 0, 0, 0, paris)) || !ind.Total.To.Equal(time.Date(2026, 1, 1, 0, 0, 0, 0, paris)) {
		t.Errorf("periods: Q3 from %v, year to %v", ind.Quarters[2].From, ind.Total.To)
	}
	// G1 (held M4, led by S1) and G2 (led by R, a professional); not G3
	// (archived, no meeting) nor G4 (created after now).
	if ind.Groups != 2 || ind.GroupsCoLedBySupported != 1 {
		t.Errorf("groups %d, co-led by a supported person %d; want 2 and 1", ind.Groups, ind.GroupsCoLedBySupported)
	}
	// CAF Touraine: Q and U at M1, U at M2, Q at M4 (not M3, cancelled,
	// nor M7, after now); CIAS du Blaisois: R at M2 and M6; ARS: nobody.
	wantInst := []clts.InstitutionAttendance{
		{Institution: "CAF Touraine", Attendees: 4, Meetings: 3},
		{Institution: "CIAS du Blaisois", Attendees: 2, Meetings: 2},
		{Institution: "ARS"},
	}
	if len(ind.Institutions) != len(wantInst) {
		t.Fatalf("institutions %+v, want %+v", ind.Institutions, wantInst)
	}
	for i := range wantInst {
		if ind.Institutions[i] != wantInst[i] {
			t.Errorf("institution %d: %+v, want %+v", i, ind.Institutions[i], wantInst[i])
		}
	}

	t.Run("OtherYear", func(t *testing.T) {
		pgtest.MustRead(t, w.db, postgres.InCommittee(w.a, ids["P"]), func(tx *postgres.Tx) error {
			ind, err := tx.ParticipationIndicators(context.Background(), 2024, w.now)
			if err != nil {
				return err
			}
			// M9 only (P S1).
			if got(ind.Total) != (fig{1, 2, 1, 1, 1}) || got(ind.Quarters[3]) != (fig{1, 2, 1, 1, 1}) || got(ind.Quarters[0]) != (fig{}) {
				t.Errorf("2024: year %+v, Q4 %+v, Q1 %+v", got(ind.Total), got(ind.Quarters[3]), got(ind.Quarters[0]))
			}
			return nil
		})
	})
	t.Run("EmptyYear", func(t *testing.T) {
		pgtest.MustRead(t, w.db, postgres.InCommittee(w.a, ids["P"]), func(tx *postgres.Tx) error {
			ind, err := tx.ParticipationIndicators(context.Background(), 2019, w.now)
			if err != nil {
				return err
			}
			if got(ind.Total) != (fig{}) || len(ind.Quarters) != 4 || ind.Groups != 0 || len(ind.Institutions) != 3 {
				t.Errorf("2019: %+v groups %d institutions %+v", got(ind.Total), ind.Groups, ind.Institutions)
			}
			return nil
		})
	})
	t.Run("OtherCommittee", func(t *testing.T) {
		pgtest.MustRead(t, w.db, postgres.InCommittee(w.b, ids["BP"]), func(tx *postgres.Tx) error {
			ind, err := tx.ParticipationIndicators(context.Background(), 2025, w.now)
			if err != nil {
				return err
			}
			// B1 only: BP and BS; no institution, no group.
			if got(ind.Total) != (fig{1, 2, 1, 1, 1}) || ind.Groups != 0 || len(ind.Institutions) != 0 {
				t.Errorf("b: %+v groups %d institutions %+v", got(ind.Total), ind.Groups, ind.Institutions)
			}
			return nil
		})
	})
}

// TestRecordAttendanceRole: the sheet records each invitee's role of the
// day, and taking attendance again keeps the first one recorded.
func TestRecordAttendanceRole(t *testing.T) {
	w, ids := newIndicatorsWorld(t)
	ctx := context.Background()
	role := func(meeting, who string) string {
		var r *string
		pgtest.MustRead(t, w.db, postgres.InCommittee(w.a, ids["P"]), func(tx *postgres.Tx) error {
			return tx.PG().QueryRow(ctx, `SELECT role FROM meeting_responses WHERE committee_id = $1 AND meeting_id = $2 AND account_id = $3`,
				w.a, ids[meeting], ids[who]).Scan(&r)
		})
		if r == nil {
			return ""
		}
		return *r
	}
	if got := role("M6", "R"); got != "personne_accompagnee" {
		t.Errorf("R at M6: %q, want personne_accompagnee", got)
	}
	if got := role("M5", "S1"); got != "personne_accompagnee" {
		t.Errorf("S1 absent at M5: %q, want personne_accompagnee", got)
	}
	pgtest.MustWrite(t, w.db, postgres.InCommittee(w.a, ids["P"]), func(tx *postgres.Tx) error {
		_, err := tx.RecordAttendance(ctx, ids["M6"], clts.AttendanceSheet{Present: []int64{ids["P"], ids["R"]}})
		return err
	})
	if got := role("M6", "R"); got != "personne_accompagnee" {
		t.Errorf("R at M6 after attendance taken again as a professional: %q, want the first role kept", got)
	}
}
