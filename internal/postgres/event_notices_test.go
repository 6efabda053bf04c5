package postgres_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/ical"
	"github.com/portail-clts/clts/internal/mails"
	"github.com/portail-clts/clts/internal/markdown"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// eventWorld is two committees with their people, on a fresh database
// whose store tells every event (all the mailers installed).
type eventWorld struct {
	t  *testing.T
	db *postgres.DB
	// Committees "a" and "b".
	a, b int64
	// In a: a pilot, a group lead, two members (one without an address),
	// and someone who is also in b; in b: a pilot and a member; nationally
	// an HCTS publisher, member of no committee.
	pilotA, leadA, memberA, quietA, both, pilotB, memberB, hcts int64
	group                                                       int64 // a's group, led by leadA
	base                                                        *url.URL
}

func newEventWorld(t *testing.T) *eventWorld {
	t.Helper()
	ctx := context.Background()
	base, _ := url.Parse(testBaseURL)
	w := &eventWorld{t: t, db: pgtest.New(t).App, base: base}
	w.db.SetPracticeMailer(mails.Practices{BaseURL: testBaseURL})
	w.db.SetCharterMailer(mails.Charter{BaseURL: testBaseURL})
	w.db.SetContributionReplyMailer(mails.ContributionReplies{BaseURL: testBaseURL})
	w.db.SetEventMailer(mails.Events{BaseURL: testBaseURL})
	pgtest.MustWrite(t, w.db, postgres.Scope{}, func(tx *postgres.Tx) error {
		var err error
		if w.a, err = tx.UpsertCommittee(ctx, clts.Committee{Slug: "a", Name: "Comité A", Departements: []string{"37"}}); err != nil {
			return err
		}
		w.b, err = tx.UpsertCommittee(ctx, clts.Committee{Slug: "b", Name: "Comité B", Departements: []string{"45"}})
		return err
	})
	account := func(login, name, email string) int64 {
		var id int64
		pgtest.MustWrite(t, w.db, postgres.Scope{}, func(tx *postgres.Tx) error {
			var err error
			id, err = tx.CreateAccount(ctx, postgres.NewAccount{Login: login, DisplayName: name, Email: email, PasswordHash: "x"})
			return err
		})
		return id
	}
	join := func(c, id int64, role clts.Role) {
		pgtest.MustWrite(t, w.db, postgres.InCommittee(c, 0), func(tx *postgres.Tx) error { return tx.AddMember(ctx, id, role) })
	}
	w.pilotA = account("pilote-a", "Claire Pilote", "pilote-a@exemple.fr")
	w.leadA = account("anim-a", "Léa Animatrice", "anim-a@exemple.fr")
	w.memberA = account("membre-a", "Inès Membre", "membre-a@exemple.fr")
	w.quietA = account("sans-adresse", "Martine Sansadresse", "")
	w.both = account("deux", "Omar Deuxcomités", "deux@exemple.fr")
	w.pilotB = account("pilote-b", "Bruno Pilote", "pilote-b@exemple.fr")
	w.memberB = account("membre-b", "Berthe Membre", "membre-b@exemple.fr")
	w.hcts = account("hcts", "Hélène National", "hcts@exemple.fr")
	join(w.a, w.pilotA, clts.RolePilote)
	join(w.a, w.leadA, clts.RoleProfessionnel)
	join(w.a, w.memberA, clts.RolePartenaire)
	join(w.a, w.quietA, clts.RoleAccompagne)
	join(w.a, w.both, clts.RoleProfessionnel)
	join(w.b, w.both, clts.RoleProfessionnel)
	join(w.b, w.pilotB, clts.RolePilote)
	join(w.b, w.memberB, clts.RolePartenaire)
	pgtest.MustWrite(t, w.db, postgres.InCommittee(w.a, w.pilotA), func(tx *postgres.Tx) error {
		var err error
		if w.group, err = tx.CreateGroup(ctx, clts.Group{Title: "Numérique et accès aux droits"}); err != nil {
			return err
		}
		return tx.SetGroupMember(ctx, w.group, w.leadA, clts.StatusLead)
	})
	w.forget()
	return w
}

// must runs fn in one unit of work in scope sc.
func (w *eventWorld) must(sc postgres.Scope, fn func(ctx context.Context, tx *postgres.Tx) error) {
	w.t.Helper()
	pgtest.MustWrite(w.t, w.db, sc, func(tx *postgres.Tx) error { return fn(context.Background(), tx) })
}

// notice is a notification row with its e-mail, as the tests read them.
type notice struct {
	account     int64
	committee   int64 // 0: national
	kind        string
	title, link string
	delivery    string
	// The e-mail queued with it, if any.
	mailed     bool
	to, body   string
	meeting    int64
	calendar   *postgres.CalendarPart
	mailKind   string
	mailAcctID int64
}

// notices returns the notifications written since the last forget, in
// order, each with the e-mail queued for it.
func (w *eventWorld) notices() []notice {
	w.t.Helper()
	var out []notice
	pgtest.MustRead(w.t, w.db, postgres.Scope{}, func(tx *postgres.Tx) error {
		rows, err := tx.PG().Query(context.Background(), `SELECT n.account_id, coalesce(n.source_committee_id, 0), n.kind, n.title, n.link, n.delivery,
				o.id IS NOT NULL, coalesce(o.to_address, ''), coalesce(o.body, ''), coalesce(o.meeting_id, 0), o.calendar,
				coalesce(o.kind, ''), coalesce(o.account_id, 0)
			FROM notifications n LEFT JOIN outbox o ON o.notification_id = n.id
			WHERE n.read_at IS NULL ORDER BY n.id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var n notice
			var cal []byte
			if err := rows.Scan(&n.account, &n.committee, &n.kind, &n.title, &n.link, &n.delivery,
				&n.mailed, &n.to, &n.body, &n.meeting, &cal, &n.mailKind, &n.mailAcctID); err != nil {
				return err
			}
			if cal != nil {
				n.calendar = &postgres.CalendarPart{}
				if err := json.Unmarshal(cal, n.calendar); err != nil {
					return err
				}
			}
			out = append(out, n)
		}
		return rows.Err()
	})
	return out
}

// forget marks every notification read, so that notices returns only
// what comes next.
func (w *eventWorld) forget() {
	w.t.Helper()
	pgtest.MustWrite(w.t, w.db, postgres.Scope{}, func(tx *postgres.Tx) error {
		_, err := tx.PG().Exec(context.Background(), `UPDATE notifications SET read_at = now() WHERE read_at IS NULL`)
		return err
	})
}

// who lists the accounts of ns, sorted.
func who(ns []notice) []int64 {
	var ids []int64
	for _, n := range ns {
		ids = append(ids, n.account)
	}
	slices.Sort(ids)
	return ids
}

// ids sorts ids.
func ids(ids ...int64) []int64 {
	slices.Sort(ids)
	return ids
}

// expect checks that ns went to exactly the accounts want, with kind, in
// committee (0: national), and that each one with an address and the
// delivery 'immediat' has its e-mail, to its own address and account.
func (w *eventWorld) expect(what string, ns []notice, kind clts.NotificationKind, committee int64, want ...int64) {
	w.t.Helper()
	if got := who(ns); !slices.Equal(got, ids(want...)) {
		w.t.Fatalf("%s: told %v, want %v (%+v)", what, got, ids(want...), ns)
	}
	for _, n := range ns {
		if n.kind != string(kind) || n.committee != committee {
			w.t.Errorf("%s: %d told %s in committee %d, want %s in %d", what, n.account, n.kind, n.committee, kind, committee)
		}
		wantMail := n.delivery == string(clts.DeliveryNow) && n.account != w.quietA
		if n.mailed != wantMail {
			w.t.Errorf("%s: %d (delivery %s) mailed %v, want %v", what, n.account, n.delivery, n.mailed, wantMail)
		}
		if n.mailed && (n.mailKind != string(kind) || n.mailAcctID != n.account || n.to == "" || n.body == "") {
			w.t.Errorf("%s: e-mail %+v", what, n)
		}
	}
}

// meetingMail is the convocation, change or cancellation of m in
// committee c, with its .ics part, as the server builds it.
func (w *eventWorld) meetingMail(c clts.Committee, m clts.Meeting, method string) *postgres.MeetingMail {
	link := testBaseURL + paths.Meeting(c.Slug, m.ID)
	subject, body := mails.MeetingInvitation(c.Name, m, nil, link)
	switch method {
	case "change":
		subject, body = mails.MeetingChanged(c.Name, m, link)
		method = ical.MethodRequest
	case ical.MethodCancel:
		subject, body = mails.MeetingCancelled(c.Name, m, m.CancelReason, link)
	}
	return &postgres.MeetingMail{Subject: subject, Body: body, Link: paths.Meeting(c.Slug, m.ID),
		Calendar: mails.MeetingCalendar(w.base, c.Name, m, link, method)}
}

// committeeA is committee a as the mails name it.
func committeeA() clts.Committee { return clts.Committee{Slug: "a", Name: "Comité A"} }

// plenary creates a plenary of a starting at start, convened (with its
// convocation) or not, by its pilot.
func (w *eventWorld) plenary(title string, start time.Time, convene bool, noReminders bool) clts.Meeting {
	w.t.Helper()
	m := clts.Meeting{Kind: clts.KindPlenary, Title: title, StartsAt: start, EndsAt: start.Add(2 * time.Hour),
		Place: "Salle du conseil, 15 rue Nationale, Tours", VideoURL: "https://visio.exemple.fr/pleniere",
		Accessibility: "Entrée de plain-pied, boucle magnétique.", NoReminders: noReminders}
	w.must(postgres.InCommittee(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
		ids, err := tx.CreateMeetings(ctx, []clts.Meeting{m}, convene, func(mi clts.Meeting) *postgres.MeetingMail {
			return w.meetingMail(committeeA(), mi, ical.MethodRequest)
		})
		if err == nil {
			m.ID, m.CommitteeID = ids[0], w.a
		}
		return err
	})
	return m
}

// TestMeetingNoticesCarryTheCalendar: a convocation, a change and a
// cancellation tell every invitee of the committee and nobody else, as
// notifications of their kind; the e-mails of those who want them at once
// name the meeting and carry the .ics part, whose UID stays the same and
// whose SEQUENCE grows; a preference for the portal only queues no e-mail.
func TestMeetingNoticesCarryTheCalendar(t *testing.T) {
	t.Parallel()
	w := newEventWorld(t)
	w.must(postgres.Scope{}, func(ctx context.Context, tx *postgres.Tx) error {
		_, err := tx.PG().Exec(ctx, `INSERT INTO notification_preferences (account_id, kind, delivery) VALUES ($1, 'convocation', 'portail')`, w.memberA)
		return err
	})
	m := w.plenary("Plénière de printemps", time.Now().Add(20*24*time.Hour), true, false)
	ns := w.notices()
	w.expect("convocation", ns, clts.NotifyConvocation, w.a, w.pilotA, w.leadA, w.memberA, w.quietA, w.both)
	var uid string
	for _, n := range ns {
		if n.link != paths.Meeting("a", m.ID) || !strings.HasPrefix(n.title, "Convocation : Plénière de printemps") {
			t.Errorf("convocation notice: %+v", n)
		}
		if n.account == w.memberA && n.delivery != string(clts.DeliveryPortal) {
			t.Errorf("the member who chose the portal only has delivery %s", n.delivery)
		}
		if !n.mailed {
			continue
		}
		if n.meeting != m.ID || n.calendar == nil || n.calendar.Method != ical.MethodRequest || n.calendar.Organizer != "Comité A" ||
			n.calendar.Event.Sequence != 0 || n.calendar.Event.Start.IsZero() {
			t.Errorf("convocation e-mail: meeting %d, calendar %+v", n.meeting, n.calendar)
			continue
		}
		uid = n.calendar.Event.UID
	}
	if want := mails.MeetingUID(w.base, m); uid != want {
		t.Errorf("convocation UID %q, want the feeds' %q", uid, want)
	}

	w.forget()
	m.Place = "Salle des fêtes, Amboise"
	var current *clts.Meeting
	w.must(postgres.InCommittee(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
		var err error
		if current, err = tx.MeetingByID(ctx, m.ID); err != nil {
			return err
		}
		m.Version = current.Version
		return tx.UpdateMeeting(ctx, m, w.meetingMail(committeeA(), m, "change"))
	})
	ns = w.notices()
	w.expect("change", ns, clts.NotifyMeetingChange, w.a, w.pilotA, w.leadA, w.memberA, w.quietA, w.both)
	for _, n := range ns {
		if n.mailed && (n.calendar == nil || n.calendar.Event.UID != uid || n.calendar.Event.Sequence != 1 ||
			n.calendar.Method != ical.MethodRequest || n.calendar.Event.Location != "Salle des fêtes, Amboise") {
			t.Errorf("change e-mail calendar: %+v", n.calendar)
		}
	}

	w.forget()
	m.CancelReason = "Salle indisponible."
	w.must(postgres.InCommittee(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.CancelMeeting(ctx, m.ID, m.CancelReason, w.meetingMail(committeeA(), m, ical.MethodCancel))
	})
	ns = w.notices()
	w.expect("cancellation", ns, clts.NotifyMeetingChange, w.a, w.pilotA, w.leadA, w.memberA, w.quietA, w.both)
	for _, n := range ns {
		if n.mailed && (n.calendar == nil || n.calendar.Event.UID != uid || n.calendar.Event.Sequence != 2 ||
			n.calendar.Method != ical.MethodCancel || n.calendar.Event.Status != ical.StatusCancelled) {
			t.Errorf("cancellation e-mail calendar: %+v", n.calendar)
		}
		if n.mailed && !strings.Contains(n.body, "Salle indisponible.") {
			t.Errorf("cancellation e-mail without its reason:\n%s", n.body)
		}
	}
}

// TestRolledBackChangeTellsNobody: a unit of work that convenes a meeting
// and then fails leaves no notification and no e-mail behind.
func TestRolledBackChangeTellsNobody(t *testing.T) {
	t.Parallel()
	w := newEventWorld(t)
	boom := errors.New("refused later in the request")
	start := time.Now().Add(10 * 24 * time.Hour)
	err := w.db.Write(context.Background(), postgres.InCommittee(w.a, w.pilotA), func(tx *postgres.Tx) error {
		ctx := context.Background()
		if _, err := tx.CreateMeetings(ctx, []clts.Meeting{{Kind: clts.KindPlenary, Title: "Plénière", StartsAt: start,
			EndsAt: start.Add(time.Hour), Place: "Tours"}}, true, func(mi clts.Meeting) *postgres.MeetingMail {
			return w.meetingMail(committeeA(), mi, ical.MethodRequest)
		}); err != nil {
			return err
		}
		if _, err := tx.CreateNews(ctx, clts.News{Title: "Plénière", Summary: "Venez.", PublishedOn: start}, markdown.Text{}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("unit of work: %v", err)
	}
	var notifications, outbox int
	w.must(postgres.Scope{}, func(ctx context.Context, tx *postgres.Tx) error {
		return tx.PG().QueryRow(ctx, `SELECT (SELECT count(*) FROM notifications), (SELECT count(*) FROM outbox)`).Scan(&notifications, &outbox)
	})
	if notifications != 0 || outbox != 0 {
		t.Errorf("after a rollback: %d notifications, %d e-mails, want none", notifications, outbox)
	}
}

// TestCommitteeEventsTellTheRightPeople: a join request is told to the
// group's lead, its answer to the person; an agenda proposal's fate to its
// proposer; minutes to the invitees; local news to the committee's other
// members (weekly by default: no e-mail); a charter consultation to every
// member but the pilot who opened it. Nobody of committee b ever is.
func TestCommitteeEventsTellTheRightPeople(t *testing.T) {
	t.Parallel()
	w := newEventWorld(t)
	in := func(account int64) postgres.Scope { return postgres.InCommittee(w.a, account) }

	w.must(in(w.memberA), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.SetGroupMember(ctx, w.group, w.memberA, clts.StatusPending)
	})
	ns := w.notices()
	w.expect("join request", ns, clts.NotifyGroup, w.a, w.leadA)
	if !strings.Contains(ns[0].body, "Inès Membre demande à rejoindre le groupe de travail « Numérique et accès aux droits »") ||
		!strings.Contains(ns[0].body, testBaseURL+paths.Group("a", w.group)) || ns[0].link != paths.Group("a", w.group) {
		t.Errorf("join request: %+v", ns[0])
	}
	w.forget()
	w.must(in(w.memberA), func(ctx context.Context, tx *postgres.Tx) error { // asking again tells nobody again
		return tx.SetGroupMember(ctx, w.group, w.memberA, clts.StatusPending)
	})
	if ns := w.notices(); len(ns) != 0 {
		t.Errorf("a repeated request told %v", who(ns))
	}
	w.must(in(w.leadA), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.SetGroupMember(ctx, w.group, w.memberA, clts.StatusMember)
	})
	ns = w.notices()
	w.expect("request accepted", ns, clts.NotifyGroup, w.a, w.memberA)
	if !strings.HasPrefix(ns[0].title, "Bienvenue dans le groupe") {
		t.Errorf("acceptance: %q", ns[0].title)
	}
	w.forget()
	w.must(in(w.both), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.SetGroupMember(ctx, w.group, w.both, clts.StatusPending)
	})
	w.forget()
	w.must(in(w.leadA), func(ctx context.Context, tx *postgres.Tx) error { return tx.DeclineRequest(ctx, w.group, w.both) })
	ns = w.notices()
	w.expect("request declined", ns, clts.NotifyGroup, w.a, w.both)
	if !strings.Contains(ns[0].body, "n'a pas été retenue") {
		t.Errorf("decline: %s", ns[0].body)
	}

	// A group meeting convenes the group's members only, and its minutes
	// are told to them; the lead who publishes them too (an invitee).
	w.forget()
	start := time.Now().Add(15 * 24 * time.Hour)
	var gm int64
	w.must(in(w.leadA), func(ctx context.Context, tx *postgres.Tx) error {
		ids, err := tx.CreateMeetings(ctx, []clts.Meeting{{Kind: clts.KindGroup, GroupID: w.group, Title: "Réunion du groupe",
			StartsAt: start, EndsAt: start.Add(time.Hour), Place: "Tours"}}, true, func(mi clts.Meeting) *postgres.MeetingMail {
			return w.meetingMail(committeeA(), mi, ical.MethodRequest)
		})
		if err == nil {
			gm = ids[0]
		}
		return err
	})
	w.expect("group convocation", w.notices(), clts.NotifyConvocation, w.a, w.leadA, w.memberA)
	w.forget()
	text, err := markdown.Render("Nous avons parlé des **transports**.")
	if err != nil {
		t.Fatal(err)
	}
	w.must(in(w.leadA), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.SaveMinutes(ctx, gm, postgres.MinutesChange{Text: text, Publish: true,
			Mail: &postgres.MeetingMail{Subject: "Compte rendu : Réunion du groupe", Body: "Bonjour,\n\nLe compte rendu est publié.",
				Link: paths.Meeting("a", gm) + "#titre-cr"}})
	})
	ns = w.notices()
	w.expect("minutes", ns, clts.NotifyMinutes, w.a, w.leadA, w.memberA)
	for _, n := range ns {
		if n.link != paths.Meeting("a", gm)+"#titre-cr" || n.meeting != 0 || n.calendar != nil {
			t.Errorf("minutes notice: %+v", n)
		}
	}

	// Agenda proposals.
	w.forget()
	m := w.plenary("Plénière d'été", time.Now().Add(30*24*time.Hour), false, false)
	for _, title := range []string{"Le transport des personnes accompagnées", "Un point refusé"} {
		w.must(in(w.memberA), func(ctx context.Context, tx *postgres.Tx) error {
			return tx.AddAgendaItem(ctx, clts.AgendaItem{MeetingID: m.ID, Title: title, Minutes: 15}, true)
		})
	}
	var items []clts.AgendaItem
	w.must(in(w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
		var err error
		items, err = tx.AgendaItems(ctx, m.ID, true)
		return err
	})
	if len(items) != 2 {
		t.Fatalf("agenda: %+v", items)
	}
	w.must(in(w.pilotA), func(ctx context.Context, tx *postgres.Tx) error { return tx.AcceptProposal(ctx, m.ID, items[0].ID) })
	w.must(in(w.pilotA), func(ctx context.Context, tx *postgres.Tx) error { return tx.DeclineProposal(ctx, m.ID, items[1].ID) })
	ns = w.notices()
	w.expect("proposals", ns, clts.NotifyAgenda, w.a, w.memberA, w.memberA)
	if !strings.HasPrefix(ns[0].title, "Votre point est à l'ordre du jour") || !strings.HasPrefix(ns[1].title, "Votre point n'est pas retenu") ||
		!strings.Contains(ns[0].body, "« Plénière d'été, le ") || ns[0].link != paths.Meeting("a", m.ID) {
		t.Errorf("proposals: %+v", ns)
	}

	// Local news: weekly by default, so in the portal and no e-mail yet.
	w.forget()
	w.must(in(w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
		_, err := tx.CreateNews(ctx, clts.News{Title: "Appel à points", Summary: "Proposez vos points.", PublishedOn: time.Now()}, markdown.Text{})
		return err
	})
	ns = w.notices()
	w.expect("local news", ns, clts.NotifyNews, w.a, w.leadA, w.memberA, w.quietA, w.both)
	for _, n := range ns {
		if n.delivery != string(clts.DeliveryWeekly) || !strings.HasPrefix(n.link, "/c/a/actualites/") {
			t.Errorf("local news: %+v", n)
		}
	}

	// A charter consultation.
	w.forget()
	var v int64
	w.must(in(w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
		var err error
		v, err = tx.CreateCharterDraft(ctx, charterTextOf(t, "# Charte\n\nLe comité se réunit tous les deux mois."))
		return err
	})
	w.must(in(w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.OpenCharterConsultation(ctx, v, time.Now().AddDate(0, 0, 20), time.Now())
	})
	ns = w.notices()
	w.expect("charter consultation", ns, clts.NotifyCharter, w.a, w.leadA, w.memberA, w.quietA, w.both)
	if !strings.Contains(ns[0].body, "Claire Pilote ouvre la consultation") || ns[0].link != paths.CharterVersion("a", v) {
		t.Errorf("consultation: %+v", ns[0])
	}
}

// TestNationalEventsTellEveryCommitteeOnce: a national news item and a
// seminar reach the members of every committee, once each even for a
// person in two committees; the item is a national notice, the seminar's
// convocation names each person's own committee's copy.
func TestNationalEventsTellEveryCommitteeOnce(t *testing.T) {
	t.Parallel()
	w := newEventWorld(t)
	national := postgres.Scope{AccountID: w.hcts, HCTS: true}
	var item int64
	w.must(national, func(ctx context.Context, tx *postgres.Tx) error {
		var err error
		item, err = tx.CreateNationalNews(ctx, clts.News{National: true, Title: "Rapport annuel", Summary: "Il est publié.",
			PublishedOn: time.Now()}, markdown.Text{})
		return err
	})
	ns := w.notices()
	w.expect("national news", ns, clts.NotifyNews, 0, w.pilotA, w.leadA, w.memberA, w.quietA, w.both, w.pilotB, w.memberB)
	if ns[0].link != paths.NationalNewsItem(item) || ns[0].title != "Actualité : Rapport annuel" {
		t.Errorf("national news: %+v", ns[0])
	}

	w.forget()
	start := time.Now().Add(40 * 24 * time.Hour)
	var seminar int64
	w.must(national, func(ctx context.Context, tx *postgres.Tx) error {
		var err error
		seminar, err = tx.CreateSeminar(ctx, clts.Meeting{Title: "Séminaire national", StartsAt: start, EndsAt: start.Add(6 * time.Hour),
			Place: "Paris"}, func(m clts.Meeting) *postgres.MeetingMail {
			subject, body := mails.MeetingInvitation("Haut Conseil du travail social", m, nil, testBaseURL+paths.Committees)
			return &postgres.MeetingMail{Subject: subject, Body: body,
				Calendar: mails.MeetingCalendar(w.base, "Haut Conseil du travail social", m, testBaseURL+paths.Committees, ical.MethodRequest)}
		})
		return err
	})
	ns = w.notices()
	if got, want := who(ns), ids(w.pilotA, w.leadA, w.memberA, w.quietA, w.both, w.pilotB, w.memberB); !slices.Equal(got, want) {
		t.Fatalf("seminar told %v, want %v", got, want)
	}
	for _, n := range ns {
		slug := "a"
		if n.account == w.pilotB || n.account == w.memberB {
			slug = "b"
			if n.committee != w.b {
				t.Errorf("seminar for %d in committee %d, want b", n.account, n.committee)
			}
		} else if n.committee != w.a {
			t.Errorf("seminar for %d in committee %d, want a (the first of theirs)", n.account, n.committee)
		}
		if n.kind != string(clts.NotifyConvocation) || !strings.HasPrefix(n.link, "/c/"+slug+"/reunions/") {
			t.Errorf("seminar notice: %+v", n)
		}
		if n.mailed && (n.meeting == 0 || n.calendar == nil || n.calendar.Event.UID != mails.MeetingUID(w.base, clts.Meeting{SeminarID: seminar}) ||
			paths.Meeting(slug, n.meeting) != n.link) {
			t.Errorf("seminar e-mail: meeting %d, link %s, calendar %+v", n.meeting, n.link, n.calendar)
		}
	}
}
