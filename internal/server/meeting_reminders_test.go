package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/ical"
	"github.com/portail-clts/clts/web/components"
)

// remindersChecked reports whether the meeting form in body has its box
// « Envoyer les rappels », and whether it is ticked.
func remindersChecked(t *testing.T, body string) (present, checked bool) {
	t.Helper()
	box := parse(t, body).Find(`input[type="checkbox"][name="rappels"]`)
	if box.Length() != 1 {
		return false, false
	}
	_, checked = box.Attr("checked")
	label := parse(t, body).Find(`label[for="f-rappels"]`).Text()
	return label == "Envoyer les rappels", checked
}

// TestMeetingFormRemindersBox: the meeting form offers « Envoyer les
// rappels », ticked for a new meeting; the organiser's choice is kept when
// the form comes back with an error, saved, shown again on edit, and can
// be changed. A convocation e-mail carries the meeting and the same
// calendar UID as the meeting's .ics download.
func TestMeetingFormRemindersBox(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	pilot := f.login("pilote")
	_, body := pilot.get("/c/37-41/reunions/nouvelle")
	if present, checked := remindersChecked(t, body); !present || !checked {
		t.Fatalf("new meeting form: box present %v, ticked %v; want a ticked box", present, checked)
	}

	next := time.Now().AddDate(0, 0, 12).In(components.Paris())
	form := url.Values{"titre": {"Plénière sans rappels"}, "date": {next.Format("2006-01-02")}, "debut": {"14:00"}, "fin": {"13:00"},
		"lieu": {"Hôtel du Département, Tours"}, "repetition": {"1"}}
	res, body := pilot.post("/c/37-41/reunions/nouvelle", form)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("end before start: %d", res.StatusCode)
	}
	if present, checked := remindersChecked(t, body); !present || checked {
		t.Errorf("form with an error: box present %v, ticked %v; want the box unticked as it was sent", present, checked)
	}
	form.Set("fin", "16:00")
	res, _ = pilot.post("/c/37-41/reunions/nouvelle", form)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d", res.StatusCode)
	}
	path := res.Header.Get("Location")
	_, body = pilot.get(path + "/modifier")
	if present, checked := remindersChecked(t, body); !present || checked {
		t.Fatalf("edit form of a meeting created without reminders: box present %v, ticked %v", present, checked)
	}
	version, _ := parse(t, body).Find(`input[name="version"]`).Attr("value")
	form.Set("version", version)
	form.Set("rappels", "oui")
	if res, _ = pilot.post(path+"/modifier", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d", res.StatusCode)
	}
	_, body = pilot.get(path)
	if !strings.Contains(body, "Les rappels de cette réunion sont activés. Rien d&#39;autre n&#39;a changé : personne n&#39;est prévenu.") {
		t.Error("turning the reminders on does not say so, or says people were told")
	}
	for _, m := range f.outbox(100) {
		if strings.HasPrefix(m.Mail.Subject, "Modification : Plénière sans rappels") {
			t.Fatalf("turning the reminders on told the invitees of a change: %s to %s", m.Mail.Subject, m.Mail.To)
		}
	}
	_, body = pilot.get(path + "/modifier")
	if _, checked := remindersChecked(t, body); !checked {
		t.Error("reminders turned on are not kept")
	}

	// The convocation's e-mail names the meeting and carries its event,
	// with the UID of the meeting's download.
	id := meetingIDFrom(t, path)
	_, ics := pilot.get(path + "/reunion.ics")
	found := false
	for _, m := range f.outbox(100) {
		if !strings.HasPrefix(m.Mail.Subject, "Convocation : Plénière sans rappels") {
			continue
		}
		found = true
		c := m.Mail.Calendar
		if m.Mail.Kind != clts.NotifyConvocation || m.Mail.AccountID == 0 || m.Mail.NotificationID == 0 ||
			c == nil || c.Method != ical.MethodRequest || c.Organizer == "" || !strings.Contains(ics, "UID:"+c.Event.UID) ||
			!strings.HasSuffix(strings.SplitN(c.Event.UID, "@", 2)[0], "-"+id) {
			t.Fatalf("convocation e-mail: kind %q, account %d, notification %d, calendar %+v\n.ics:\n%s",
				m.Mail.Kind, m.Mail.AccountID, m.Mail.NotificationID, c, ics)
		}
	}
	if !found {
		t.Error("no convocation e-mail")
	}
}
