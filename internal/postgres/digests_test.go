package postgres_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// digestFixture writes accounts, committees and notifications as the
// table's owner, with the creation instants a test needs, and reads the
// digests queued in the outbox.
type digestFixture struct {
	t     *testing.T
	db    *pgtest.DB
	owner *pgx.Conn
	// seen is the last outbox row already returned by newDigests.
	seen int64
}

func newDigestFixture(t *testing.T) *digestFixture {
	t.Helper()
	db := pgtest.New(t)
	owner, err := pgx.Connect(context.Background(), db.OwnerURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { owner.Close(context.Background()) })
	return &digestFixture{t: t, db: db, owner: owner}
}

func (f *digestFixture) exec(sql string, args ...any) {
	f.t.Helper()
	if _, err := f.owner.Exec(context.Background(), sql, args...); err != nil {
		f.t.Fatalf("%s: %v", sql, err)
	}
}

func (f *digestFixture) committee(slug, name string) int64 {
	f.t.Helper()
	var id int64
	pgtest.MustWrite(f.t, f.db.App, postgres.Scope{}, func(tx *postgres.Tx) error {
		var err error
		id, err = tx.UpsertCommittee(context.Background(), clts.Committee{Slug: slug, Name: name, Departements: []string{"37"}})
		return err
	})
	return id
}

// account creates an account named login, with the address
// login@example.org unless noAddress, its digests at hour (Europe/Paris)
// and the weekly one on weekday (ISO).
func (f *digestFixture) account(login string, hour, weekday int, noAddress bool) int64 {
	f.t.Helper()
	var email *string
	if !noAddress {
		e := login + "@example.org"
		email = &e
	}
	var id int64
	err := f.owner.QueryRow(context.Background(), `INSERT INTO accounts (login, display_name, password_hash, email, digest_hour, digest_weekday)
		VALUES ($1, initcap($1), 'x', $2, $3, $4) RETURNING id`, login, email, hour, weekday).Scan(&id)
	if err != nil {
		f.t.Fatal(err)
	}
	return id
}

// event records a notification of kind for account in committee (0:
// national), delivered as delivery, created at at.
func (f *digestFixture) event(account, committee int64, kind clts.NotificationKind, delivery clts.Delivery, title string, at time.Time) {
	f.t.Helper()
	f.exec(`INSERT INTO notifications (account_id, source_committee_id, kind, title, link, delivery, created_at)
		VALUES ($1, nullif($2::bigint, 0), $3, $4, '/lien/' || $4, $5, $6)`, account, committee, string(kind), title, string(delivery), at)
}

// sentDigest is a digest as the outbox holds it: titleWriter's subject and
// body.
type sentDigest struct {
	to, kind string
	account  int64
	titles   []string
}

// newDigests returns the digests queued since the previous call, oldest
// first.
func (f *digestFixture) newDigests() []sentDigest {
	f.t.Helper()
	var got []sentDigest
	rows, err := f.owner.Query(context.Background(), `SELECT id, to_address, coalesce(kind, ''), coalesce(account_id, 0), body
		FROM outbox WHERE id > $1 ORDER BY id`, f.seen)
	if err != nil {
		f.t.Fatal(err)
	}
	for rows.Next() {
		var d sentDigest
		var id int64
		var body string
		if err := rows.Scan(&id, &d.to, &d.kind, &d.account, &body); err != nil {
			f.t.Fatal(err)
		}
		d.titles = strings.Split(body, "\n")
		got = append(got, d)
		f.seen = id
	}
	if err := rows.Err(); err != nil {
		f.t.Fatal(err)
	}
	return got
}

// titleWriter writes a digest as its titles, one a line, in the order
// given, so that a test sees exactly which events each digest told.
type titleWriter struct{}

func (titleWriter) DigestMail(d postgres.Digest) (subject, body string) {
	titles := make([]string, len(d.Events))
	for i, n := range d.Events {
		titles[i] = n.Title
	}
	return fmt.Sprintf("%s: %d", d.Kind(), len(d.Events)), strings.Join(titles, "\n")
}

func paris(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// digestStep runs the digests at an instant and says which digests must
// leave then: for each address, the titles of its digest.
type digestStep struct {
	at   time.Time
	want map[string][]string
}

func (f *digestFixture) check(steps []digestStep) {
	f.t.Helper()
	for _, s := range steps {
		run, err := f.db.App.SendDigests(context.Background(), s.at, titleWriter{})
		if err != nil {
			f.t.Fatalf("at %s: %v", s.at, err)
		}
		got := map[string][]string{}
		for _, d := range f.newDigests() {
			if _, twice := got[d.to]; twice {
				f.t.Errorf("at %s: two digests to %s", s.at, d.to)
			}
			got[d.to] = d.titles
		}
		if run.Mailed != len(s.want) {
			f.t.Errorf("at %s: %d digests mailed, want %d", s.at, run.Mailed, len(s.want))
		}
		if fmt.Sprint(got) != fmt.Sprint(s.want) {
			f.t.Errorf("at %s (%s UTC): digests\n%v\nwant\n%v", s.at, s.at.UTC().Format("2006-01-02 15:04"), got, s.want)
		}
	}
}

// Daily digests at 8:00 Europe/Paris, on either side of the two
// daylight-saving changes of 2026: each tells the events created since the
// previous 8:00 (an event created at 8:00 sharp waits for the next one),
// leaves at 8:00 local time (07:00 UTC in winter, 06:00 UTC in summer) and
// not a minute before, and tells each person only their own events.
func TestDailyDigestAcrossDaylightSaving(t *testing.T) {
	t.Parallel()
	loc := paris(t)
	at := func(month time.Month, day, hour, min int) time.Time {
		return time.Date(2026, month, day, hour, min, 0, 0, loc)
	}
	for _, tc := range []struct {
		name string
		// the Friday, Saturday, Sunday (the change) and Monday
		month                time.Month
		fri, sat, sun, mon   int
		offsetSat, offsetSun string
	}{
		{"mars", time.March, 27, 28, 29, 30, "+01:00", "+02:00"},
		{"octobre", time.October, 23, 24, 25, 26, "+02:00", "+01:00"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			// The test means what it says: 8:00 is not the same UTC hour
			// on the Saturday and on the Sunday.
			if got := at(tc.month, tc.sat, 8, 0).Format("-07:00"); got != tc.offsetSat {
				t.Fatalf("Saturday's offset %s, want %s", got, tc.offsetSat)
			}
			if got := at(tc.month, tc.sun, 8, 0).Format("-07:00"); got != tc.offsetSun {
				t.Fatalf("Sunday's offset %s, want %s", got, tc.offsetSun)
			}
			f := newDigestFixture(t)
			a := f.committee("indre-et-loire", "CLTS d'Indre-et-Loire")
			b := f.committee("loiret", "CLTS du Loiret")
			awa := f.account("awa", 8, 1, false)
			bob := f.account("bob", 8, 1, false)
			daily := clts.DeliveryDaily
			f.event(awa, a, clts.NotifyMinutes, daily, "vendredi 10 h", at(tc.month, tc.fri, 10, 0))
			f.event(awa, 0, clts.NotifyNews, daily, "samedi 7 h 59", at(tc.month, tc.sat, 7, 59))
			f.event(awa, a, clts.NotifyMinutes, daily, "samedi 8 h", at(tc.month, tc.sat, 8, 0))
			f.event(awa, a, clts.NotifyMinutes, daily, "dimanche 7 h 59", at(tc.month, tc.sun, 7, 59))
			f.event(awa, a, clts.NotifyMinutes, daily, "dimanche 8 h", at(tc.month, tc.sun, 8, 0))
			f.event(bob, b, clts.NotifyMinutes, daily, "bob samedi 7 h", at(tc.month, tc.sat, 7, 0))
			f.event(bob, b, clts.NotifyMinutes, daily, "bob dimanche 7 h 30", at(tc.month, tc.sun, 7, 30))
			// Neither at once nor in the portal only: in no digest.
			f.event(awa, a, clts.NotifyConvocation, clts.DeliveryNow, "tout de suite", at(tc.month, tc.fri, 11, 0))
			f.event(awa, a, clts.NotifyGroup, clts.DeliveryPortal, "portail", at(tc.month, tc.fri, 11, 0))
			f.check([]digestStep{
				{at(tc.month, tc.fri, 23, 0), nil},
				{at(tc.month, tc.sat, 7, 59), nil},
				{at(tc.month, tc.sat, 8, 0), map[string][]string{
					"awa@example.org": {"vendredi 10 h", "samedi 7 h 59"},
					"bob@example.org": {"bob samedi 7 h"},
				}},
				{at(tc.month, tc.sat, 8, 1), nil},
				{at(tc.month, tc.sun, 7, 59), nil},
				{at(tc.month, tc.sun, 7, 59).Add(59 * time.Second), nil},
				{at(tc.month, tc.sun, 8, 0), map[string][]string{
					"awa@example.org": {"samedi 8 h", "dimanche 7 h 59"},
					"bob@example.org": {"bob dimanche 7 h 30"},
				}},
				{at(tc.month, tc.sun, 20, 0), nil},
				{at(tc.month, tc.mon, 7, 59), nil},
				{at(tc.month, tc.mon, 8, 0), map[string][]string{
					"awa@example.org": {"dimanche 8 h"},
				}},
			})
		})
	}
}

// A worker that missed the hour (stopped for the night) sends the digest at
// its next run, with everything due then, in one e-mail.
func TestDailyDigestAfterAMissedHour(t *testing.T) {
	t.Parallel()
	loc := paris(t)
	f := newDigestFixture(t)
	c := f.committee("indre-et-loire", "CLTS d'Indre-et-Loire")
	awa := f.account("awa", 7, 1, false)
	f.event(awa, c, clts.NotifyMinutes, clts.DeliveryDaily, "lundi", time.Date(2026, 11, 2, 9, 0, 0, 0, loc))
	f.event(awa, c, clts.NotifyMinutes, clts.DeliveryDaily, "mardi", time.Date(2026, 11, 3, 9, 0, 0, 0, loc))
	f.event(awa, c, clts.NotifyMinutes, clts.DeliveryDaily, "mercredi 8 h", time.Date(2026, 11, 4, 8, 0, 0, 0, loc))
	f.check([]digestStep{
		{time.Date(2026, 11, 4, 10, 30, 0, 0, loc), map[string][]string{"awa@example.org": {"lundi", "mardi"}}},
		{time.Date(2026, 11, 5, 7, 0, 0, 0, loc), map[string][]string{"awa@example.org": {"mercredi 8 h"}}},
	})
}

// The weekly digest waits for the person's day and hour, whatever the
// daily one does, and keeps 18:00 Paris time across the October change.
func TestWeeklyDigestWaitsForItsDay(t *testing.T) {
	t.Parallel()
	loc := paris(t)
	at := func(day, hour, min int) time.Time { return time.Date(2026, time.October, day, hour, min, 0, 0, loc) }
	f := newDigestFixture(t)
	c := f.committee("indre-et-loire", "CLTS d'Indre-et-Loire")
	// Wednesdays at 18:00.
	awa := f.account("awa", 18, 3, false)
	f.event(awa, c, clts.NotifyNews, clts.DeliveryWeekly, "actualité lundi", at(19, 10, 0))
	f.event(awa, c, clts.NotifyMinutes, clts.DeliveryDaily, "compte rendu lundi", at(19, 10, 0))
	f.event(awa, 0, clts.NotifyNews, clts.DeliveryWeekly, "actualité nationale mercredi", at(21, 17, 0))
	f.event(awa, c, clts.NotifyNews, clts.DeliveryWeekly, "actualité mercredi soir", at(21, 18, 30))
	f.check([]digestStep{
		{at(19, 17, 59), nil},
		{at(19, 18, 0), map[string][]string{"awa@example.org": {"compte rendu lundi"}}},
		{at(20, 18, 0), nil},
		{at(21, 17, 59), nil},
		{at(21, 18, 0), map[string][]string{"awa@example.org": {"actualité lundi", "actualité nationale mercredi"}}},
		{at(27, 18, 0), nil},
		{at(28, 17, 59), nil},
		{at(28, 18, 0), map[string][]string{"awa@example.org": {"actualité mercredi soir"}}},
	})
	got := f.kinds()
	want := []string{auth.DigestDaily, auth.DigestWeekly, auth.DigestWeekly}
	if !slices.Equal(got, want) {
		t.Errorf("outbox kinds %q, want %q", got, want)
	}
}

// kinds lists the outbox rows' kinds, oldest first.
func (f *digestFixture) kinds() []string {
	f.t.Helper()
	rows, err := f.owner.Query(context.Background(), `SELECT coalesce(kind, '') FROM outbox ORDER BY id`)
	if err != nil {
		f.t.Fatal(err)
	}
	kinds, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		f.t.Fatal(err)
	}
	return kinds
}

// A digest is never empty: nobody gets one for events told at once or in
// the portal only, for events of a kind they have since moved to the
// portal only, nor twice; a person without an address, or disabled, gets
// none, and their notifications stay in the centre, taken.
func TestDigestNeverEmpty(t *testing.T) {
	t.Parallel()
	loc := paris(t)
	f := newDigestFixture(t)
	c := f.committee("indre-et-loire", "CLTS d'Indre-et-Loire")
	yesterday := time.Date(2026, 12, 1, 12, 0, 0, 0, loc)
	now := time.Date(2026, 12, 2, 9, 0, 0, 0, loc)

	quiet := f.account("quiet", 8, 1, false)
	f.event(quiet, c, clts.NotifyConvocation, clts.DeliveryNow, "tout de suite", yesterday)
	f.event(quiet, c, clts.NotifyGroup, clts.DeliveryPortal, "portail seulement", yesterday)
	f.event(quiet, c, clts.NotifyMinutes, clts.DeliveryDaily, "déjà dans un résumé", yesterday)
	f.exec(`UPDATE notifications SET digested_at = $1 WHERE title = 'déjà dans un résumé'`, yesterday)

	muted := f.account("muted", 8, 1, false)
	f.event(muted, c, clts.NotifyNews, clts.DeliveryDaily, "actualité d'avant le désabonnement", yesterday)
	f.exec(`INSERT INTO notification_preferences (account_id, kind, delivery) VALUES ($1, 'actualite', 'portail')`, muted)

	half := f.account("half", 8, 1, false)
	f.event(half, c, clts.NotifyNews, clts.DeliveryDaily, "actualité", yesterday)
	f.event(half, c, clts.NotifyMinutes, clts.DeliveryDaily, "compte rendu", yesterday)
	f.exec(`INSERT INTO notification_preferences (account_id, kind, delivery) VALUES ($1, 'actualite', 'portail')`, half)

	noAddress := f.account("sansadresse", 8, 1, true)
	f.event(noAddress, c, clts.NotifyMinutes, clts.DeliveryDaily, "sans adresse", yesterday)
	gone := f.account("parti", 8, 1, false)
	f.event(gone, c, clts.NotifyMinutes, clts.DeliveryDaily, "compte désactivé", yesterday)
	f.exec(`UPDATE accounts SET disabled = true WHERE id = $1`, gone)

	run, err := f.db.App.SendDigests(context.Background(), now, titleWriter{})
	if err != nil {
		t.Fatal(err)
	}
	if want := (postgres.DigestRun{Mailed: 1, Silent: 3}); run != want {
		t.Errorf("run %+v, want %+v", run, want)
	}
	got := f.newDigests()
	if len(got) != 1 || got[0].to != "half@example.org" || got[0].account != half || got[0].kind != auth.DigestDaily ||
		!slices.Equal(got[0].titles, []string{"compte rendu"}) {
		t.Errorf("digests %+v, want only half's, with its minutes", got)
	}
	// Every digest notification is taken, and none is deleted.
	var waiting, kept int
	if err := f.owner.QueryRow(context.Background(), `SELECT count(*) FILTER (WHERE digested_at IS NULL AND delivery = 'quotidien'),
		count(*) FROM notifications`).Scan(&waiting, &kept); err != nil {
		t.Fatal(err)
	}
	if waiting != 0 || kept != 8 {
		t.Errorf("%d notifications still waiting for a digest, %d kept; want 0 and 8", waiting, kept)
	}

	run, err = f.db.App.SendDigests(context.Background(), now.Add(time.Minute), titleWriter{})
	if err != nil {
		t.Fatal(err)
	}
	if run != (postgres.DigestRun{}) || len(f.newDigests()) != 0 {
		t.Errorf("a second run did %+v", run)
	}
}

// Two instances sending the digests at once never tell an event twice: each
// person gets one digest, with each of their events once.
func TestConcurrentDigestRuns(t *testing.T) {
	t.Parallel()
	loc := paris(t)
	f := newDigestFixture(t)
	c := f.committee("indre-et-loire", "CLTS d'Indre-et-Loire")
	const people, events = 40, 5
	yesterday := time.Date(2026, 12, 1, 12, 0, 0, 0, loc)
	for i := range people {
		id := f.account(fmt.Sprintf("membre%02d", i), 8, 1, false)
		for j := range events {
			f.event(id, c, clts.NotifyMinutes, clts.DeliveryDaily, fmt.Sprintf("membre%02d-%d", i, j), yesterday)
		}
	}
	now := time.Date(2026, 12, 2, 8, 0, 0, 0, loc)
	var wg sync.WaitGroup
	runs := make([]postgres.DigestRun, 4)
	errs := make([]error, len(runs))
	for i := range runs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			runs[i], errs[i] = f.db.App.SendDigests(context.Background(), now, titleWriter{})
		}()
	}
	wg.Wait()
	mailed := 0
	for i := range runs {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		mailed += runs[i].Mailed
	}
	digests := f.newDigests()
	if mailed != people || len(digests) != people {
		t.Errorf("%d digests mailed, %d queued, want %d", mailed, len(digests), people)
	}
	told := map[string]int{}
	for _, d := range digests {
		login := strings.TrimSuffix(d.to, "@example.org")
		for _, title := range d.titles {
			if !strings.HasPrefix(title, login+"-") {
				t.Errorf("%s's digest tells %q", login, title)
			}
			told[title]++
		}
	}
	for i := range people {
		for j := range events {
			if title := fmt.Sprintf("membre%02d-%d", i, j); told[title] != 1 {
				t.Errorf("%s told %d times", title, told[title])
			}
		}
	}
}

// brokenWriter writes a digest PostgreSQL refuses (a NUL byte) for one
// address, and titleWriter's for the others.
type brokenWriter struct{ to string }

func (b brokenWriter) DigestMail(d postgres.Digest) (subject, body string) {
	subject, body = titleWriter{}.DigestMail(d)
	if d.To == b.to {
		body += "\x00"
	}
	return subject, body
}

// A digest that cannot be queued is all or nothing (its notifications wait
// for the next run) and holds back nobody else's.
func TestFailedDigestHoldsBackNobody(t *testing.T) {
	t.Parallel()
	loc := paris(t)
	f := newDigestFixture(t)
	c := f.committee("indre-et-loire", "CLTS d'Indre-et-Loire")
	yesterday := time.Date(2026, 12, 1, 12, 0, 0, 0, loc)
	for _, login := range []string{"awa", "bob", "chloe"} {
		f.event(f.account(login, 8, 1, false), c, clts.NotifyMinutes, clts.DeliveryDaily, login+" hier", yesterday)
	}
	now := time.Date(2026, 12, 2, 8, 0, 0, 0, loc)
	run, err := f.db.App.SendDigests(context.Background(), now, brokenWriter{to: "bob@example.org"})
	if err == nil || !strings.Contains(err.Error(), "account") {
		t.Errorf("error %v, want bob's digest's", err)
	}
	if run != (postgres.DigestRun{Mailed: 2}) {
		t.Errorf("run %+v, want 2 mailed", run)
	}
	got := f.newDigests()
	if len(got) != 2 || got[0].to != "awa@example.org" || got[1].to != "chloe@example.org" {
		t.Errorf("digests %+v, want awa's and chloe's", got)
	}
	f.check([]digestStep{{now.Add(time.Minute), map[string][]string{"bob@example.org": {"bob hier"}}}})
}

// On the night the clocks go forward, 2:00 does not exist in Paris: a
// digest due at 2:00 leaves when the clocks show 3:00 (01:00 UTC), once;
// on the night they go back, 2:00 happens twice and the digest leaves at
// the second (winter time, 01:00 UTC), once.
func TestDigestAtAnHourTheClockSkips(t *testing.T) {
	t.Parallel()
	f := newDigestFixture(t)
	c := f.committee("indre-et-loire", "CLTS d'Indre-et-Loire")
	awa := f.account("awa", 2, 1, false)
	utc := func(month time.Month, day, hour, min int) time.Time {
		return time.Date(2026, month, day, hour, min, 0, 0, time.UTC)
	}
	f.event(awa, c, clts.NotifyMinutes, clts.DeliveryDaily, "samedi", utc(time.March, 28, 12, 0))
	f.event(awa, c, clts.NotifyMinutes, clts.DeliveryDaily, "samedi d'octobre", utc(time.October, 24, 12, 0))
	f.check([]digestStep{
		{utc(time.March, 29, 0, 59), nil},                                               // 1:59 winter time
		{utc(time.March, 29, 1, 0), map[string][]string{"awa@example.org": {"samedi"}}}, // 3:00 summer time
		{utc(time.March, 29, 2, 0), nil},
		{utc(time.October, 24, 23, 59), nil},                                                        // 1:59 summer time
		{utc(time.October, 25, 1, 0), map[string][]string{"awa@example.org": {"samedi d'octobre"}}}, // the second 2:00
		{utc(time.October, 25, 2, 0), nil},
	})
}
