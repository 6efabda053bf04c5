package postgres_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/postgres"
)

// dataRightsWorld is the practice and contribution world where memberA
// (Inès Membre) belongs to both committees, answered a meeting of each
// (another member answered the first too), uploaded a practice's
// attachment, co-signed a transmitted contribution with her name, and has
// a phone number and a failed login.
type dataRightsWorld struct {
	*contributionWorld
	meetingA, meetingB, file int64
	contributionID           int64
}

const (
	personName  = "Inès Membre"
	personEmail = "membre-a@exemple.fr"
	personLogin = "membre-a"
	personPhone = "06 11 22 33 44"
)

func newDataRightsWorld(t *testing.T) *dataRightsWorld {
	t.Helper()
	w := &dataRightsWorld{contributionWorld: newContributionWorld(t)}
	past := time.Now().AddDate(0, 0, -7).Truncate(time.Hour)
	meeting := clts.Meeting{Kind: clts.KindPlenary, Title: "Réunion plénière du comité", StartsAt: past, EndsAt: past.Add(2 * time.Hour), Place: "Tours"}
	noMail := func(clts.Meeting) *postgres.MeetingMail { return nil }
	w.must(w.in(w.b, w.pilotB), func(ctx context.Context, tx *postgres.Tx) error {
		if err := tx.AddMember(ctx, w.memberA, clts.RoleProfessionnel); err != nil {
			return err
		}
		ids, err := tx.CreateMeetings(ctx, []clts.Meeting{meeting}, false, noMail)
		if err == nil {
			w.meetingB = ids[0]
		}
		return err
	})
	w.must(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
		ids, err := tx.CreateMeetings(ctx, []clts.Meeting{meeting}, false, noMail)
		if err == nil {
			w.meetingA = ids[0]
		}
		return err
	})
	w.must(w.in(w.a, w.memberA), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.SetResponse(ctx, w.meetingA, clts.AnswerYes, 0, nil, "Je viens avec mon fauteuil")
	})
	w.must(w.in(w.a, w.authorA), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.SetResponse(ctx, w.meetingA, clts.AnswerYes, 0, nil, "Réponse de Paul")
	})
	w.must(w.in(w.b, w.memberA), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.SetResponse(ctx, w.meetingB, clts.AnswerYes, 0, nil, "Réponse au comité B")
	})
	w.must(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
		_, err := tx.RecordAttendance(ctx, w.meetingA, clts.AttendanceSheet{Present: []int64{w.memberA, w.authorA}})
		return err
	})
	practice := w.create(w.a, w.memberA, complete("Atelier numérique"))
	w.must(w.in(w.a, w.memberA), func(ctx context.Context, tx *postgres.Tx) error {
		content := "Programme de l'atelier"
		id, err := tx.CreateFile(ctx, "programme.txt", "text/plain", strings.NewReader(content), int64(len(content)))
		if err != nil {
			return err
		}
		w.file = id
		return tx.AttachFile(ctx, practice, id)
	})
	w.contributionID = w.draft(w.a, w.memberA, clts.CategoryParticipation, "Des personnes accompagnées au comité")
	w.must(w.in(w.a, w.memberA), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.SetAuthorConsent(ctx, w.contributionID, true)
	})
	w.toState(w.a, w.memberA, w.pilotA, w.contributionID, clts.ContributionTransmitted)
	w.owner(`UPDATE memberships SET phone = $1, presentation = 'Travailleuse sociale à Tours' WHERE account_id = $2`, personPhone, w.memberA)
	w.owner(`INSERT INTO login_attempts (identifier, ip, success) VALUES ($1, '192.0.2.1', false)`, personLogin)
	w.owner(`INSERT INTO audit_log (committee_id, actor_id, action, subject) VALUES ($1, $2, 'member.role', $3)`, w.a, w.pilotA, personName)
	return w
}

// owner runs a statement as the tables' owner in committee a, for
// fixtures the portal has no form for.
func (w *dataRightsWorld) owner(sql string, args ...any) {
	w.t.Helper()
	ctx := context.Background()
	conn := ownerConn(w.t, w.db)
	defer conn.Close(ctx)
	// Row-level security is forced on the owner too: work in committee a.
	if _, err := conn.Exec(ctx, `SELECT set_config('clts.committee_id', $1, false)`, strconv.FormatInt(w.a, 10)); err != nil {
		w.t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, sql, args...); err != nil {
		w.t.Fatal(err)
	}
}

// ownerConn connects to db's database as the tables' owner (the
// throwaway cluster trusts its socket), to read and write past the
// application's role.
func ownerConn(t *testing.T, db *postgres.DB) *pgx.Conn {
	t.Helper()
	cfg := db.Pool().Config().ConnConfig.Copy()
	cfg.User = postgres.OwnerRole
	conn, err := pgx.ConnectConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return conn
}

// export returns the files of account's data export, by name.
func (w *dataRightsWorld) export(account int64) map[string]string {
	w.t.Helper()
	var buf bytes.Buffer
	if err := w.db.WriteDataExport(context.Background(), postgres.Scope{AccountID: account}, &buf); err != nil {
		w.t.Fatal(err)
	}
	z, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		w.t.Fatal(err)
	}
	files := map[string]string{}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			w.t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			w.t.Fatal(err)
		}
		files[f.Name] = string(b)
	}
	return files
}
