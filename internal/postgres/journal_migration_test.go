package postgres_test

import (
	"context"
	"fmt"
	"io"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// TestJournalObjectsOfOldEntries: migration 00023 names the object of the
// entries written before it, whose subject held only an id ("réunion 32",
// "compte 7"), and no other: not a group whose title looks alike.
func TestJournalObjectsOfOldEntries(t *testing.T) {
	t.Parallel()
	db := pgtest.NewEmpty(t)
	ctx := context.Background()
	m, err := postgres.NewMigrator(db.OwnerURL)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if err := m.Up(ctx, io.Discard); err != nil {
		t.Fatal(err)
	}
	for v, err := m.Version(ctx); v >= 23; v, err = m.Version(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		if err := m.Down(ctx, io.Discard); err != nil {
			t.Fatal(err)
		}
	}
	conn, err := pgx.Connect(ctx, db.OwnerURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var committee int64
	if err := conn.QueryRow(ctx, `INSERT INTO committees (slug, name, departements) VALUES ('c', 'Comité', '{37}') RETURNING id`).Scan(&committee); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, `SELECT set_config('clts.committee_id', $1, false)`, fmt.Sprint(committee)); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, `INSERT INTO audit_log (committee_id, action, subject) VALUES
		($1, 'meeting.answer', 'réunion 32 : Oui'), ($1, 'minutes.save', 'réunion 7'),
		($1, 'member.deactivate', 'compte 12'), ($1, 'group.create', 'réunion 32 du groupe'),
		($1, 'agenda.add', 'compte rendu'), (NULL, 'login.success', 'réunion 5')`, committee); err != nil {
		t.Fatal(err)
	}
	if err := m.Up(ctx, io.Discard); err != nil {
		t.Fatal(err)
	}
	rows, err := conn.Query(ctx, `SELECT subject, coalesce(object_kind, ''), coalesce(object_id, 0) FROM audit_log ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	type obj struct {
		subject, kind string
		id            int64
	}
	got, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (obj, error) {
		var o obj
		err := r.Scan(&o.subject, &o.kind, &o.id)
		return o, err
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []obj{{"réunion 32 : Oui", "meeting", 32}, {"réunion 7", "meeting", 7}, {"compte 12", "member", 12},
		{"réunion 32 du groupe", "", 0}, {"compte rendu", "", 0}}
	if len(got) != len(want) {
		t.Fatalf("entries %v, want %v (the national entry is not the committee's to read)", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("entry %d: %+v, want %+v", i, got[i], want[i])
		}
	}
}
