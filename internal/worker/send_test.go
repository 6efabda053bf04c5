package worker

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	ics "github.com/arran4/golang-ical"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/ical"
	"github.com/portail-clts/clts/internal/postgres"
)

// convocation is a meeting's e-mail as tx.notify queues it.
func (f *sendFixture) convocation(method string, seq int, start time.Time) postgres.Mail {
	return postgres.Mail{To: "awa@example.org", Subject: "Convocation : Plénière du 8 décembre",
		Body:      "Bonjour,\n\nVous êtes convoqué·e à la plénière <du comité> : https://clts.example.fr/comites/cd37/reunions/7.\n\n--\nPortail CLTS — Comité 37\n",
		AccountID: f.account, Kind: clts.NotifyConvocation, CommitteeID: 3, MeetingID: 7,
		Calendar: &postgres.CalendarPart{Method: method, Organizer: "Comité local du travail social d'Indre-et-Loire", Event: ical.Event{
			UID: "reunion-3-7@clts.example.fr", Sequence: seq, Start: start, End: start.Add(2 * time.Hour),
			Summary: "Plénière", Location: "Hôtel du Département, Tours", Updated: start.Add(-72 * time.Hour)}}}
}

// parseICS reads a calendar part with a parser independent of the writer.
func parseICS(t *testing.T, body string) *ics.Calendar {
	t.Helper()
	cal, err := ics.ParseCalendar(strings.NewReader(body))
	if err != nil {
		t.Fatalf("the .ics part does not parse: %v\n%s", err, body)
	}
	if len(cal.Events()) != 1 {
		t.Fatalf("%d events in the .ics part, want 1:\n%s", len(cal.Events()), body)
	}
	return cal
}

func calendarMethod(cal *ics.Calendar) string {
	for _, p := range cal.CalendarProperties {
		if p.IANAToken == "METHOD" {
			return p.Value
		}
	}
	return ""
}

func eventValue(e *ics.VEvent, name string) string {
	if p := e.GetProperty(ics.ComponentProperty(name)); p != nil {
		return p.Value
	}
	return ""
}

// A convocation's e-mail: both parts, the answer links signed for the
// member and the meeting, the footer and the one-click unsubscribe
// headers, and the invitation as a calendar part an independent parser
// reads.
func TestConvocationMessage(t *testing.T) {
	ctx := context.Background()
	f := newSendFixture(t)
	start := time.Now().Add(10 * 24 * time.Hour).Truncate(time.Minute)
	id := f.queue(t, f.convocation(ical.MethodRequest, 2, start))
	if d := f.w.deliver(ctx); d.Sent != 1 {
		t.Fatalf("delivery %+v", d)
	}
	got := f.received(t)
	if len(got) != 1 {
		t.Fatalf("%d messages", len(got))
	}
	m := got[0]
	if mid := m.header.Get("Message-Id"); mid != "<clts-"+strconv.FormatInt(id, 10)+"@clts.example.fr>" {
		t.Errorf("Message-ID %q", mid)
	}
	if _, err := m.header.Date(); err != nil {
		t.Errorf("Date: %v", err)
	}
	if m.contentType != "multipart/alternative" || strings.Join(m.types, " ") != "text/plain text/html text/calendar" {
		t.Fatalf("structure %s: %q", m.contentType, m.types)
	}

	// One-click unsubscribe (RFC 8058): an https link whose token says who
	// and which kind.
	lu := m.header.Get("List-Unsubscribe")
	if !strings.HasPrefix(lu, "<https://clts.example.fr/courriel/desabonnement/") || !strings.HasSuffix(lu, ">") {
		t.Fatalf("List-Unsubscribe %q", lu)
	}
	if p := m.header.Get("List-Unsubscribe-Post"); p != "List-Unsubscribe=One-Click" {
		t.Errorf("List-Unsubscribe-Post %q", p)
	}
	token := strings.TrimSuffix(strings.TrimPrefix(lu, "<https://clts.example.fr/courriel/desabonnement/"), ">")
	if c, err := auth.VerifyUnsubscribe(f.key, token); err != nil || c.AccountID != f.account || c.Kind != string(clts.NotifyConvocation) {
		t.Errorf("unsubscribe token: %+v, %v", c, err)
	}

	// The answer links, in both parts, signed for this member and meeting
	// until the start.
	for _, want := range []string{"Vous êtes convoqué·e", "- Je viens : https://clts.example.fr/courriel/reponse/", "?reponse=oui",
		"- Je ne viens pas : ", "?reponse=non", "- Peut-être : ", "?reponse=peut_etre",
		"Vous recevez ce courriel pour les notifications « Convocations ».", "Choisir comment vous êtes prévenu·e : https://clts.example.fr/compte/notifications"} {
		if !strings.Contains(m.text, want) {
			t.Errorf("text part lacks %q:\n%s", want, m.text)
		}
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(m.html))
	if err != nil {
		t.Fatal(err)
	}
	if lang, _ := doc.Find("html").Attr("lang"); lang != "fr" {
		t.Errorf("html lang %q", lang)
	}
	if doc.Find("img, table, script, style").Length() != 0 {
		t.Errorf("the HTML part has images, tables or scripts:\n%s", m.html)
	}
	if !strings.Contains(doc.Find("p").First().Next().Text(), "à la plénière <du comité>") {
		t.Errorf("text not kept (escaped) in the HTML part:\n%s", m.html)
	}
	if href, _ := doc.Find(`a:contains("reunions/7")`).Attr("href"); href != "https://clts.example.fr/comites/cd37/reunions/7" {
		t.Errorf("the meeting's link is %q, want clickable without its final full stop", href)
	}
	links := map[string]string{}
	doc.Find("li a").Each(func(_ int, a *goquery.Selection) { links[a.Text()], _ = a.Attr("href") })
	yes, ok := links["Je viens"]
	if !ok || links["Je ne viens pas"] == "" || links["Peut-être"] == "" {
		t.Fatalf("answer links in the HTML part: %q", links)
	}
	u, err := url.Parse(yes)
	if err != nil || u.Query().Get("reponse") != clts.AnswerYes || !strings.Contains(m.text, yes) {
		t.Fatalf("« Je viens » link %q (%v), not the text part's", yes, err)
	}
	claim, err := auth.VerifyAnswer(f.key, strings.TrimPrefix(u.Path, "/courriel/reponse/"), time.Now())
	if err != nil || claim != (auth.AnswerClaim{AccountID: f.account, CommitteeID: 3, MeetingID: 7, Expires: start}) {
		t.Errorf("answer token: %+v, %v", claim, err)
	}
	if doc.Find(`a:contains("Choisir comment vous êtes prévenu·e")`).Length() != 1 || doc.Find(`a:contains("Ne plus recevoir ces courriels")`).Length() != 1 {
		t.Errorf("footer links missing in the HTML part:\n%s", m.html)
	}

	// The invitation: METHOD, the committee as organiser at the portal's
	// address, the member as attendee, the feeds' UID and SEQUENCE.
	if m.calendarType != "text/calendar; method=REQUEST; charset=UTF-8" {
		t.Errorf("calendar part type %q", m.calendarType)
	}
	cal := parseICS(t, m.calendar)
	ev := cal.Events()[0]
	if calendarMethod(cal) != "REQUEST" || ev.Id() != "reunion-3-7@clts.example.fr" || eventValue(ev, "SEQUENCE") != "2" {
		t.Errorf("METHOD %q UID %q SEQUENCE %q", calendarMethod(cal), ev.Id(), eventValue(ev, "SEQUENCE"))
	}
	org := ev.GetProperty(ics.ComponentPropertyOrganizer)
	if org == nil || org.Value != "mailto:portail@cd37.fr" || org.ICalParameters["CN"][0] != "Comité local du travail social d'Indre-et-Loire" {
		t.Errorf("ORGANIZER %+v", org)
	}
	att := ev.Attendees()
	if len(att) != 1 || att[0].Email() != "awa@example.org" || att[0].ParticipationStatus() != "NEEDS-ACTION" ||
		att[0].ICalParameters["RSVP"][0] != "FALSE" || att[0].ICalParameters["ROLE"][0] != "REQ-PARTICIPANT" {
		t.Errorf("ATTENDEE %+v", att)
	}
	if s, err := ev.GetStartAt(); err != nil || !s.Equal(start) {
		t.Errorf("DTSTART %v, %v; want %v", s, err, start)
	}
}

// A cancellation names the invitation's UID with a SEQUENCE at least as
// high, METHOD:CANCEL and STATUS:CANCELLED, and offers no answer; nor does
// the invitation of a meeting already started.
func TestCancellationMatchesInvitation(t *testing.T) {
	ctx := context.Background()
	f := newSendFixture(t)
	start := time.Now().Add(48 * time.Hour).Truncate(time.Minute)
	f.queue(t, f.convocation(ical.MethodRequest, 1, start))
	cancel := f.convocation(ical.MethodCancel, 2, start)
	cancel.Kind, cancel.Subject = clts.NotifyMeetingChange, "Réunion annulée : Plénière"
	f.queue(t, cancel)
	f.queue(t, f.convocation(ical.MethodRequest, 3, time.Now().Add(-time.Hour)))
	if d := f.w.deliver(ctx); d.Sent != 3 {
		t.Fatalf("delivery %+v", d)
	}
	got := f.received(t)
	req, canc, past := got[0], got[1], got[2]
	a, b := parseICS(t, req.calendar), parseICS(t, canc.calendar)
	ea, eb := a.Events()[0], b.Events()[0]
	if ea.Id() != eb.Id() {
		t.Errorf("UID %q then %q", ea.Id(), eb.Id())
	}
	if sa, sb := atoi(t, eventValue(ea, "SEQUENCE")), atoi(t, eventValue(eb, "SEQUENCE")); sb < sa {
		t.Errorf("SEQUENCE %s then %s", eventValue(ea, "SEQUENCE"), eventValue(eb, "SEQUENCE"))
	}
	if calendarMethod(b) != "CANCEL" || eventValue(eb, "STATUS") != "CANCELLED" || !strings.Contains(canc.calendarType, "method=CANCEL") {
		t.Errorf("cancellation: METHOD %q STATUS %q type %q", calendarMethod(b), eventValue(eb, "STATUS"), canc.calendarType)
	}
	if strings.Contains(canc.text, "Je viens") || strings.Contains(past.text, "Je viens") || strings.Contains(past.html, "Je viens") {
		t.Error("answer links offered for a cancelled or started meeting")
	}
	if !strings.Contains(canc.text, "« Changements de réunion »") {
		t.Errorf("cancellation footer:\n%s", canc.text)
	}
	if !strings.Contains(req.text, "Je viens") {
		t.Error("no answer links in the invitation")
	}
}

// A digest (written by the digest job with its pseudo-kind) has the footer
// and an unsubscribe link that stops that digest.
func TestDigestMessage(t *testing.T) {
	f := newSendFixture(t)
	f.queue(t, postgres.Mail{To: "awa@example.org", Subject: "Votre résumé du jour — 3 nouvelles", Body: "Bonjour,\n",
		AccountID: f.account, Kind: clts.NotificationKind(auth.DigestDaily)})
	if d := f.w.deliver(context.Background()); d.Sent != 1 {
		t.Fatalf("delivery %+v", d)
	}
	m := f.received(t)[0]
	if !strings.Contains(m.text, "Vous recevez ce courriel pour votre résumé du jour.") || len(m.types) != 2 {
		t.Errorf("parts %q, text:\n%s", m.types, m.text)
	}
	lu := m.header.Get("List-Unsubscribe")
	token := strings.TrimSuffix(strings.TrimPrefix(lu, "<https://clts.example.fr/courriel/desabonnement/"), ">")
	if c, err := auth.VerifyUnsubscribe(f.key, token); err != nil || c.Kind != auth.DigestDaily || c.AccountID != f.account {
		t.Errorf("unsubscribe %q: %+v, %v", lu, c, err)
	}
}

// A message the relay refused at the end of DATA is sent again later with
// the same Message-ID; the batch goes over one connection.
func TestRetryKeepsMessageID(t *testing.T) {
	ctx := context.Background()
	f := newSendFixture(t)
	for range 3 {
		f.queue(t, f.convocation(ical.MethodRequest, 1, time.Now().Add(time.Hour)))
	}
	f.srv.set(func(s *fakeSMTP) { s.dataReply = "451 4.3.0 Try again later" })
	if d := f.w.deliver(ctx); d.Failed != 3 {
		t.Fatalf("delivery %+v", d)
	}
	if n := f.srv.connections(); n != 1 {
		t.Errorf("%d connections for one batch, want 1", n)
	}
	f.srv.set(func(s *fakeSMTP) { s.dataReply = "250 2.0.0 queued" })
	if _, err := f.owner.Exec(ctx, `UPDATE outbox SET next_attempt_at = now()`); err != nil {
		t.Fatal(err)
	}
	if d := f.w.deliver(ctx); d.Sent != 3 {
		t.Fatalf("second delivery %+v", d)
	}
	got := f.received(t)
	if len(got) != 6 {
		t.Fatalf("%d messages received, want 6", len(got))
	}
	for i := range 3 {
		first, second := got[i].header.Get("Message-Id"), got[i+3].header.Get("Message-Id")
		if first == "" || first != second {
			t.Errorf("attempt 1 %q, attempt 2 %q: want the same Message-ID", first, second)
		}
	}
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatalf("%q is not a number", s)
	}
	return n
}
