package postgres_test

import (
	"context"
	"path"
	"strings"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/postgres"
)

// TestErasureRemovesTheSecondFactor: the person's second-factor secret
// and recovery codes go with the account. The table is the account's own
// under row-level security, so the confirming pilot's scope does not see
// it: the erasure deletes it on the person's behalf.
func TestErasureRemovesTheSecondFactor(t *testing.T) {
	w := newDataRightsWorld(t)
	own := postgres.Scope{AccountID: w.memberA}
	w.must(own, func(ctx context.Context, tx *postgres.Tx) error {
		_, err := tx.EnrolSecondFactor(ctx, "JBSWY3DPEHPK3PXP")
		return err
	})
	w.must(own, func(ctx context.Context, tx *postgres.Tx) error { return tx.RequestErasure(ctx, nil) })
	w.must(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.ConfirmErasure(ctx, pilotOf(w.pilotA), w.memberA, erasureMail)
	})
	ctx := context.Background()
	conn := ownerConn(t, w.db)
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `SELECT set_config('clts.operator', 'on', false)`); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM second_factors WHERE account_id = $1`, w.memberA).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("the erased account still has its second factor's secret (%d rows)", n)
	}
}

// TestDataExportFileNamesStayInTheArchive: an uploaded file's name is the
// uploader's text; in the archive it names one file inside the person's
// folder, whatever program unzips it (Windows reads \ as a folder and
// a:b as a drive).
func TestDataExportFileNamesStayInTheArchive(t *testing.T) {
	w := newDataRightsWorld(t)
	for _, name := range []string{`..\..\..\..\..\..\Users\Public\evil.bat`, "C:programme.txt", "a\x01b.txt"} {
		w.must(w.in(w.a, w.memberA), func(ctx context.Context, tx *postgres.Tx) error {
			_, err := tx.CreateFile(ctx, name, "text/plain", strings.NewReader("x"), 1)
			return err
		})
	}
	n := 0
	for name := range w.export(w.memberA) {
		if !strings.Contains(name, "/fichiers/") {
			continue
		}
		n++
		if strings.ContainsAny(name, "\\:\x01") || path.Clean(name) != name || strings.HasPrefix(name, "/") ||
			strings.Contains("/"+name+"/", "/../") {
			t.Errorf("archive entry %q may land outside the archive's folder", name)
		}
	}
	if n != 4 {
		t.Errorf("%d uploaded files in the archive, want 4", n)
	}
}

// TestDataExportContactSeesNoOneElsesDraft: a member named as the contact
// of another author's practice cannot read it in the portal while it is a
// draft: their archive does not hold it either; once published, it does.
func TestDataExportContactSeesNoOneElsesDraft(t *testing.T) {
	w := newDataRightsWorld(t)
	draft := complete("Brouillon de Paul")
	draft.ContactAccountID = w.memberA
	w.create(w.a, w.authorA, draft)
	published := complete("Pratique publiée de Paul")
	published.ContactAccountID = w.memberA
	w.inState(w.a, w.authorA, w.pilotA, published, clts.PracticePublished, false)
	var practices string
	for name, content := range w.export(w.memberA) {
		if strings.HasSuffix(name, "/practices.json") || strings.HasSuffix(name, "/practices.csv") {
			practices += content
		}
	}
	if strings.Contains(practices, "Brouillon de Paul") {
		t.Error("the archive holds another author's draft the person cannot read")
	}
	if !strings.Contains(practices, "Pratique publiée de Paul") {
		t.Error("the archive misses the published practice the person is the contact of")
	}
}

// TestErasureReplacesTheShortName: a supported person who does not show
// their full name appears to everyone as first name and initial; the
// copies made of that short form (a transmitted contribution's public
// authors, the notices other members got) are replaced too, and a
// co-author's name stays.
func TestErasureReplacesTheShortName(t *testing.T) {
	w := newDataRightsWorld(t)
	w.owner(`UPDATE memberships SET role = 'personne_accompagnee', show_full_name = false WHERE account_id = $1 AND committee_id = $2`,
		w.memberA, w.a)
	short := clts.ShortName(personName)
	id := w.draft(w.a, w.memberA, clts.CategoryNeeds, "Les besoins des familles", w.authorA)
	for _, author := range []int64{w.memberA, w.authorA} {
		w.must(w.in(w.a, author), func(ctx context.Context, tx *postgres.Tx) error {
			return tx.SetAuthorConsent(ctx, id, true)
		})
	}
	w.toState(w.a, w.memberA, w.pilotA, id, clts.ContributionTransmitted)
	before := w.contribution(w.a, w.pilotA, id).PublicAuthors
	if !strings.Contains(before, short) || len(strings.Split(before, ", ")) != 2 {
		t.Fatalf("public authors before erasure: %q", before)
	}
	w.owner(`INSERT INTO notifications (account_id, source_committee_id, kind, title, delivery) VALUES ($1, $2, 'groupe', $3, 'portail')`,
		w.authorA, w.a, short+" demande à rejoindre le groupe")
	w.must(postgres.Scope{AccountID: w.memberA}, func(ctx context.Context, tx *postgres.Tx) error { return tx.RequestErasure(ctx, nil) })
	w.must(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.ConfirmErasure(ctx, pilotOf(w.pilotA), w.memberA, erasureMail)
	})
	after := w.contribution(w.a, w.pilotA, id).PublicAuthors
	if strings.Contains(after, short) || !strings.Contains(after, postgres.ErasedName) || len(strings.Split(after, ", ")) != 2 {
		t.Errorf("public authors after erasure: %q (before %q)", after, before)
	}
	ctx := context.Background()
	conn := ownerConn(t, w.db)
	defer conn.Close(ctx)
	var n int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM notifications WHERE strpos(title, $1) > 0`, short).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("%d notifications still name %q", n, short)
	}
}

// TestDataExportAuditSubjectsAsTheMemberSeesThem: a group's lead (not a
// pilot) accepting a supported person's request writes an audit line
// naming her; the portal shows the lead her first name and initial only,
// and so does the lead's archive. A pilot's archive keeps the full name,
// as the pilot sees it.
func TestDataExportAuditSubjectsAsTheMemberSeesThem(t *testing.T) {
	w := newDataRightsWorld(t)
	w.owner(`UPDATE memberships SET role = 'personne_accompagnee', show_full_name = false WHERE account_id = $1 AND committee_id = $2`,
		w.memberA, w.a)
	w.owner(`INSERT INTO audit_log (committee_id, actor_id, action, subject) VALUES ($1, $2, 'group.member', $3)`,
		w.a, w.authorA, personName+" — Groupe mobilité")
	audit := func(account int64) (json, csv string) {
		for name, content := range w.export(account) {
			if strings.HasPrefix(name, "comites/") && strings.HasSuffix(name, "/audit_log.json") {
				json += content
			}
			if strings.HasPrefix(name, "comites/") && strings.HasSuffix(name, "/audit_log.csv") {
				csv += content
			}
		}
		return json, csv
	}
	lead, leadCSV := audit(w.authorA)
	if strings.Contains(lead, personName) || strings.Contains(leadCSV, personName) {
		t.Error("the lead's archive holds the supported person's full name")
	}
	if !strings.Contains(lead, clts.ShortName(personName)+" — Groupe mobilité") {
		t.Errorf("the lead's line is missing: %.400s", lead)
	}
	if !strings.Contains(leadCSV, "subject") {
		t.Errorf("the CSV's header has no subject column: %.200s", leadCSV)
	}
	if pilot, _ := audit(w.pilotA); !strings.Contains(pilot, personName) {
		t.Error("the pilot's archive lost the full name the pilot sees")
	}
}

// TestErasureEndsTheHelps: the helps the erased person gave or received
// end with the erasure, so that nobody's « Aide » page goes on listing
// « Membre supprimé » as helping, or helped, and no help is left to act on.
func TestErasureEndsTheHelps(t *testing.T) {
	w := newDataRightsWorld(t)
	var help int64
	w.must(w.in(w.a, w.supportedA), func(ctx context.Context, tx *postgres.Tx) error {
		var err error
		help, err = tx.NameReferent(ctx, w.memberA)
		return err
	})
	w.must(w.in(w.a, w.memberA), func(ctx context.Context, tx *postgres.Tx) error { return tx.AnswerHelp(ctx, help, true) })
	w.must(postgres.Scope{AccountID: w.memberA}, func(ctx context.Context, tx *postgres.Tx) error { return tx.RequestErasure(ctx, nil) })
	w.must(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.ConfirmErasure(ctx, pilotOf(w.pilotA), w.memberA, erasureMail)
	})
	w.must(w.in(w.a, w.supportedA), func(ctx context.Context, tx *postgres.Tx) error {
		h, _, err := tx.HelpByID(ctx, help, false)
		if err != nil {
			return err
		}
		if h.State != clts.HelpEnded {
			t.Errorf("the help given by the erased member is %q, want ended", h.State)
		}
		return nil
	})
}

// TestTodoListsErasureRequests: a request to erase an account waits on the
// pilots' « À faire » of each committee of the person, with its deadline,
// until a pilot confirms it; nobody else's « À faire » shows it.
func TestTodoListsErasureRequests(t *testing.T) {
	w := newDataRightsWorld(t)
	now := time.Now()
	todo := func(c, account int64, p auth.Principal) postgres.Todo {
		var td postgres.Todo
		w.must(w.in(c, account), func(ctx context.Context, tx *postgres.Tx) (err error) {
			td, err = tx.Todo(ctx, postgres.TodoQuery{Now: now, RecordsSince: now.AddDate(0, 0, -90), Duties: auth.HomeDutiesOf(p), Limit: 5})
			return err
		})
		return td
	}
	if td := todo(w.a, w.pilotA, pilotOf(w.pilotA)); td.Erasures != 0 {
		t.Fatalf("before any request: %d erasures waiting", td.Erasures)
	}
	w.must(postgres.Scope{AccountID: w.memberA}, func(ctx context.Context, tx *postgres.Tx) error { return tx.RequestErasure(ctx, nil) })
	for _, c := range []struct{ committee, pilot int64 }{{w.a, w.pilotA}, {w.b, w.pilotB}} {
		td := todo(c.committee, c.pilot, pilotOf(c.pilot))
		if td.Erasures != 1 || td.ErasuresDue.Before(now.AddDate(0, 0, 27)) || td.ErasuresDue.After(now.AddDate(0, 1, 1)) {
			t.Errorf("committee %d's pilot: %d erasures due %v, want 1 due in about a month", c.committee, td.Erasures, td.ErasuresDue)
		}
		if td.Empty() {
			t.Errorf("committee %d's pilot: « À faire » empty with an erasure waiting", c.committee)
		}
	}
	if td := todo(w.a, w.supportedA, auth.Principal{AccountID: w.supportedA, Role: clts.RoleAccompagne, Member: true}); td.Erasures != 0 {
		t.Errorf("a supported person's « À faire » lists %d erasures", td.Erasures)
	}
	w.must(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.ConfirmErasure(ctx, pilotOf(w.pilotA), w.memberA, erasureMail)
	})
	if td := todo(w.b, w.pilotB, pilotOf(w.pilotB)); td.Erasures != 0 {
		t.Errorf("after the confirmation, the other committee's pilot still has %d erasures waiting", td.Erasures)
	}
}
