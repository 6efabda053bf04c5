package postgres_test

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/postgres"
)

// erasureNotice is the pilots' notification, naming the person.
func erasureNotice(name string, c clts.Committee, due time.Time) (string, string) {
	return "Demande d'effacement : " + name, name + " demande l'effacement de son compte (" + c.Name + ")."
}

var erasureMail = postgres.ErasureMail{Subject: "Votre compte a été effacé", Body: "Bonjour, votre compte du Portail CLTS a été effacé."}

func pilotOf(id int64) auth.Principal {
	return auth.Principal{AccountID: id, Role: clts.RolePilote, Member: true}
}

// figures are committee a's participation indicators and attendance rates,
// as JSON without the time they were computed.
func (w *dataRightsWorld) figures() string {
	w.t.Helper()
	var out []byte
	w.must(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
		ind, err := tx.ParticipationIndicators(ctx, time.Now().Year(), time.Now())
		if err != nil {
			return err
		}
		ind.ComputedAt = time.Time{}
		meetings, _, err := tx.AttendanceRates(ctx)
		if err != nil {
			return err
		}
		out, err = json.Marshal([]any{ind, meetings})
		return err
	})
	return string(out)
}

func TestErasureRequest(t *testing.T) {
	w := newDataRightsWorld(t)
	ctx := context.Background()
	own := postgres.Scope{AccountID: w.memberA}
	w.must(own, func(ctx context.Context, tx *postgres.Tx) error { return tx.RequestErasure(ctx, erasureNotice) })
	t.Run("PilotsNotified", func(t *testing.T) {
		for _, pilot := range []int64{w.pilotA, w.pilotB} {
			w.must(postgres.Scope{AccountID: pilot}, func(ctx context.Context, tx *postgres.Tx) error {
				items, _, err := tx.Notifications(ctx, 10, 0)
				if err != nil {
					return err
				}
				for _, n := range items {
					if n.Title == "Demande d'effacement : "+personName {
						return nil
					}
				}
				t.Errorf("pilot %d was not notified: %+v", pilot, items)
				return nil
			})
		}
	})
	t.Run("SeenByThePersonWithItsDeadline", func(t *testing.T) {
		w.must(own, func(ctx context.Context, tx *postgres.Tx) error {
			r, err := tx.MyErasureRequest(ctx)
			if err != nil || r == nil {
				t.Fatalf("request = %v, %v", r, err)
			}
			if days := r.DueOn.Sub(r.RequestedAt).Hours() / 24; days < 27 || days > 32 {
				t.Errorf("deadline %v is not one month after %v", r.DueOn, r.RequestedAt)
			}
			return nil
		})
	})
	t.Run("SeenByThePilotsOfEachCommittee", func(t *testing.T) {
		for _, c := range []struct{ committee, pilot int64 }{{w.a, w.pilotA}, {w.b, w.pilotB}} {
			w.must(w.in(c.committee, c.pilot), func(ctx context.Context, tx *postgres.Tx) error {
				rs, err := tx.ErasureRequests(ctx)
				if err != nil || len(rs) != 1 || rs[0].AccountID != w.memberA {
					t.Errorf("committee %d: requests = %v, %v", c.committee, rs, err)
				}
				return nil
			})
		}
	})
	t.Run("ErrPending", func(t *testing.T) {
		err := w.db.Write(ctx, own, func(tx *postgres.Tx) error { return tx.RequestErasure(ctx, nil) })
		if clts.ErrorCode(err) != clts.EFORBIDDEN {
			t.Errorf("second request: %v", err)
		}
	})
	t.Run("ErrLastPilot", func(t *testing.T) {
		err := w.db.Write(ctx, postgres.Scope{AccountID: w.pilotB}, func(tx *postgres.Tx) error { return tx.RequestErasure(ctx, nil) })
		if clts.ErrorCode(err) != clts.EFORBIDDEN {
			t.Errorf("the last pilot's request: %v", err)
		}
	})
	t.Run("ErrNotAPilot", func(t *testing.T) {
		err := w.db.Write(ctx, w.in(w.a, w.authorA), func(tx *postgres.Tx) error {
			return tx.ConfirmErasure(ctx, auth.Principal{AccountID: w.authorA, Role: clts.RolePartenaire, Member: true}, w.memberA, erasureMail)
		})
		if clts.ErrorCode(err) != clts.EFORBIDDEN {
			t.Errorf("a partner's confirmation: %v", err)
		}
	})
	t.Run("ErrOtherCommittee", func(t *testing.T) {
		err := w.db.Write(ctx, w.in(w.b, w.pilotB), func(tx *postgres.Tx) error {
			return tx.ConfirmErasure(ctx, pilotOf(w.pilotB), w.authorA, erasureMail)
		})
		if clts.ErrorCode(err) != clts.ENOTFOUND {
			t.Errorf("confirming a request of another committee's member: %v", err)
		}
	})
}

// TestErasureLeavesNoTrace is the catalogue's second half: after erasure,
// no text column of any table holds the person's name, e-mail, login or
// phone (read as the owner), but the e-mail telling them; and the
// committee's figures have not moved.
func TestErasureLeavesNoTrace(t *testing.T) {
	w := newDataRightsWorld(t)
	ctx := context.Background()
	before := w.figures()
	w.must(postgres.Scope{AccountID: w.memberA}, func(ctx context.Context, tx *postgres.Tx) error {
		return tx.RequestErasure(ctx, erasureNotice)
	})
	w.must(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.ConfirmErasure(ctx, pilotOf(w.pilotA), w.memberA, erasureMail)
	})

	t.Run("NoTableHoldsTheIdentity", func(t *testing.T) {
		conn := ownerConn(t, w.db)
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, `SELECT set_config('clts.operator', 'on', false)`); err != nil {
			t.Fatal(err)
		}
		rows, err := conn.Query(ctx, `SELECT c.table_name, c.column_name FROM information_schema.columns c
			JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
			WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
			  AND (c.data_type IN ('text', 'character varying', 'jsonb') OR c.udt_name IN ('_text', '_varchar'))
			ORDER BY 1, 2`)
		if err != nil {
			t.Fatal(err)
		}
		type col struct{ table, column string }
		var cols []col
		for rows.Next() {
			var c col
			if err := rows.Scan(&c.table, &c.column); err != nil {
				t.Fatal(err)
			}
			cols = append(cols, c)
		}
		if len(cols) < 100 {
			t.Fatalf("only %d text columns found", len(cols))
		}
		// Row-level security is forced on the owner too: read each
		// committee in its scope, then the national rows.
		for _, committee := range []string{"", "a", "b"} {
			id := ""
			switch committee {
			case "a":
				id = itoa(w.a)
			case "b":
				id = itoa(w.b)
			}
			if _, err := conn.Exec(ctx, `SELECT set_config('clts.committee_id', $1, false)`, id); err != nil {
				t.Fatal(err)
			}
			for _, c := range cols {
				for _, v := range []string{personName, personEmail, personLogin, personPhone} {
					q := `SELECT count(*) FROM ` + c.table + ` WHERE strpos(lower(` + c.column + `::text), lower($1)) > 0`
					if c.table == "outbox" {
						q += ` AND subject <> '` + erasureMail.Subject + `'`
					}
					var n int
					if err := conn.QueryRow(ctx, q, v).Scan(&n); err != nil {
						t.Fatalf("%s.%s: %v", c.table, c.column, err)
					}
					if n > 0 {
						t.Errorf("%s.%s still holds %q (%d rows)", c.table, c.column, v, n)
					}
				}
			}
		}
	})
	t.Run("TheAccountIsAnonymised", func(t *testing.T) {
		w.must(postgres.Scope{}, func(ctx context.Context, tx *postgres.Tx) error {
			a, err := tx.AccountByID(ctx, w.memberA)
			if err != nil {
				return err
			}
			if a.DisplayName != postgres.ErasedName || a.Email != "" || !a.Disabled || !strings.HasPrefix(a.Login, "efface-") {
				t.Errorf("account after erasure: %+v", a)
			}
			return nil
		})
	})
	t.Run("ThePersonIsTold", func(t *testing.T) {
		if got := mailsTo(w.outbox(), personEmail, erasureMail.Subject); len(got) != 1 {
			t.Errorf("erasure e-mails to the person: %d", len(got))
		}
	})
	t.Run("FiguresUnchanged", func(t *testing.T) {
		if after := w.figures(); after != before {
			t.Errorf("participation figures changed:\nbefore %s\nafter  %s", before, after)
		}
	})
	t.Run("ContributionAttributedToTheErasedMember", func(t *testing.T) {
		c := w.contribution(w.a, w.pilotA, w.contributionID)
		if c.Status != clts.ContributionTransmitted || !strings.Contains(c.PublicAuthors, postgres.ErasedName) {
			t.Errorf("contribution after erasure: status %s, authors %q", c.Status, c.PublicAuthors)
		}
	})
	t.Run("RequestConfirmedEverywhere", func(t *testing.T) {
		for _, c := range []struct{ committee, pilot int64 }{{w.a, w.pilotA}, {w.b, w.pilotB}} {
			w.must(w.in(c.committee, c.pilot), func(ctx context.Context, tx *postgres.Tx) error {
				rs, err := tx.ErasureRequests(ctx)
				if err != nil || len(rs) != 0 {
					t.Errorf("committee %d: waiting requests after erasure: %v, %v", c.committee, rs, err)
				}
				return nil
			})
		}
	})
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }
