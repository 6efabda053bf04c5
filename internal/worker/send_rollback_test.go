package worker

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/ical"
	"github.com/portail-clts/clts/internal/mails"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// TestRolledBackChangeSendsNothing: a plenary convened in a unit of work
// that then fails reaches nobody's mailbox; the same plenary convened in a
// unit of work that commits reaches the member, once, as its invitation.
func TestRolledBackChangeSendsNothing(t *testing.T) {
	ctx := context.Background()
	f := newSendFixture(t)
	c := clts.Committee{Slug: "indre-et-loire", Name: "CLTS d'Indre-et-Loire", Departements: []string{"37"}}
	pgtest.MustWrite(t, f.db.App, postgres.Scope{}, func(tx *postgres.Tx) error {
		var err error
		c.ID, err = tx.UpsertCommittee(ctx, c)
		return err
	})
	var pilot int64
	if err := f.owner.QueryRow(ctx, `INSERT INTO accounts (login, display_name, password_hash, email)
		VALUES ('pilote', 'Claire Martin', 'x', 'claire@example.org') RETURNING id`).Scan(&pilot); err != nil {
		t.Fatal(err)
	}
	// memberships is under row-level security, for its owner too.
	if _, err := f.owner.Exec(ctx, `SELECT set_config('clts.committee_id', $1::bigint::text, false)`, c.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.owner.Exec(ctx, `INSERT INTO memberships (committee_id, account_id, role) VALUES ($1, $2, 'pilote'), ($1, $3, 'partenaire')`,
		c.ID, pilot, f.account); err != nil {
		t.Fatal(err)
	}
	base, _ := url.Parse("https://clts.example.fr")
	start := time.Now().Add(10 * 24 * time.Hour).Truncate(time.Minute)
	convene := func(title string, fail error) error {
		return f.db.App.Write(ctx, postgres.InCommittee(c.ID, pilot), func(tx *postgres.Tx) error {
			_, err := tx.CreateMeetings(ctx, []clts.Meeting{{Kind: clts.KindPlenary, Title: title, StartsAt: start,
				EndsAt: start.Add(2 * time.Hour), Place: "Tours"}}, true, func(m clts.Meeting) *postgres.MeetingMail {
				link := "https://clts.example.fr" + paths.Meeting(c.Slug, m.ID)
				subject, body := mails.MeetingInvitation(c.Name, m, nil, link)
				return &postgres.MeetingMail{Subject: subject, Body: body, Link: paths.Meeting(c.Slug, m.ID),
					Calendar: mails.MeetingCalendar(base, c.Name, m, link, ical.MethodRequest)}
			})
			if err != nil {
				return err
			}
			return fail
		})
	}
	boom := errors.New("refused later in the request")
	if err := convene("Plénière annulée en route", boom); !errors.Is(err, boom) {
		t.Fatalf("failed unit of work: %v", err)
	}
	if d := f.w.deliver(ctx); d.Sent != 0 || d.Failed != 0 {
		t.Fatalf("after a rollback the worker delivered %+v, want nothing", d)
	}
	if got := f.received(t); len(got) != 0 {
		t.Fatalf("after a rollback the SMTP server received %d messages, want none", len(got))
	}
	if err := convene("Plénière de décembre", nil); err != nil {
		t.Fatal(err)
	}
	f.w.deliver(ctx)
	got := f.received(t)
	if len(got) != 2 {
		t.Fatalf("after a commit the SMTP server received %d messages, want 2 (the two members, plenary invitees)", len(got))
	}
	for _, m := range got {
		if !strings.Contains(m.subject, "Plénière de décembre") || m.calendar == "" {
			t.Errorf("received %q (calendar part: %v), want the committed plenary's invitation with its .ics", m.subject, m.calendar != "")
		}
		if strings.Contains(m.text, "annulée en route") {
			t.Errorf("the rolled-back plenary reached a mailbox:\n%s", m.text)
		}
	}
}
