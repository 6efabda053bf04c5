package server

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/postgres"
)

// unread counts login's unread notifications in the database.
func (f *fixture) unread(login string) int {
	f.t.Helper()
	var n int
	f.read("", login, func(tx *postgres.Tx) error {
		var err error
		n, err = tx.UnreadNotifications(context.Background())
		return err
	})
	return n
}

// notificationID is the id of login's notification titled title.
func (f *fixture) notificationID(login, title string) int64 {
	f.t.Helper()
	var id int64
	f.read("", login, func(tx *postgres.Tx) error {
		items, _, err := tx.Notifications(context.Background(), 1000, 0)
		for _, n := range items {
			if n.Title == title {
				id = n.ID
			}
		}
		return err
	})
	if id == 0 {
		f.t.Fatalf("%s has no notification %q", login, title)
	}
	return id
}

// pastNotices writes n notifications for login, titled "<prefix> 1"…, the
// newest last.
func (f *fixture) pastNotices(login, slug, prefix string, n int) {
	f.t.Helper()
	f.write("", "", func(tx *postgres.Tx) error {
		for i := 1; i <= n; i++ {
			err := tx.RecordPastNotice(context.Background(), postgres.PastNotice{Kind: clts.NotifyMinutes,
				Title: fmt.Sprintf("%s %d", prefix, i), Link: "/c/" + slug + "/reunions", CommitteeID: f.committees[slug],
				AccountIDs: []int64{f.accounts[login]}, CreatedAt: time.Now().Add(time.Duration(i-n) * time.Minute)})
			if err != nil {
				return err
			}
		}
		return nil
	})
}

var headerNotifications = regexp.MustCompile(`<div class="container header-notifications"><a href="/notifications"[^>]*>([^<]*)</a>`)

// header is the header's notification link as the person reads it.
func header(t *testing.T, page string) string {
	t.Helper()
	m := headerNotifications.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no notification link in the header:\n%.3000s", page)
	}
	return m[1]
}

// TestNotificationCentre: the header says the unread count in words on
// every page; the centre lists the person's notifications, newest first,
// with their committee (the HCTS for a national one) and « Non lue »; one
// is marked read, then all; another person's notification is a 404 and
// stays unread.
func TestNotificationCentre(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.login("partenaire")

	unread := f.unread("partenaire")
	if unread < 2 {
		t.Fatalf("the demo gives partenaire %d unread notifications, want some", unread)
	}
	want := "Notifications (" + strconv.Itoa(unread) + " non lues)"
	for _, page := range []string{"/comites", "/c/37-41/", "/compte"} {
		if _, body := c.get(page); header(t, body) != want {
			t.Errorf("%s: header says %q, want %q", page, header(t, body), want)
		}
	}

	res, body := c.get("/notifications")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /notifications = %d", res.StatusCode)
	}
	for _, s := range []string{
		`<a href="/c/37-41/reunions">Convocation : plénière du comité 37-41</a>`,
		"Comité local du travail social et du développement social 37-41 —",
		"Haut Conseil du travail social —", // the national news
		`<span class="tag tag-unread">Non lue</span>`,
		"Tout marquer comme lu",
		`href="/compte/notifications"`,
	} {
		if !strings.Contains(body, s) {
			t.Errorf("the centre does not show %q", s)
		}
	}
	// Newest first: the demo's news of yesterday before the convocation of
	// six days ago.
	if strings.Index(body, "cherche des témoignages") > strings.Index(body, "Convocation : plénière du comité 37-41") {
		t.Error("the centre does not list the newest first")
	}
	// Never another person's, nor another committee's.
	if strings.Contains(body, "plénière du comité du Loiret") || strings.Contains(body, "attend votre relecture") {
		t.Error("the centre shows another person's notification")
	}

	// One read.
	id := f.notificationID("partenaire", "Convocation : plénière du comité 37-41")
	res, _ = c.post("/notifications/"+strconv.FormatInt(id, 10)+"/lu", url.Values{})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/notifications" {
		t.Fatalf("mark read = %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	_, body = c.get("/notifications")
	if got := f.unread("partenaire"); got != unread-1 {
		t.Errorf("unread after marking one: %d, want %d", got, unread-1)
	}
	if !strings.Contains(body, "La notification est marquée comme lue.") {
		t.Error("no confirmation after marking one read")
	}
	if h := header(t, body); h != "Notifications ("+strconv.Itoa(unread-1)+" non lue"+map[bool]string{true: "", false: "s"}[unread-1 == 1]+")" {
		t.Errorf("header after marking one read: %q", h)
	}

	// Someone else's: 404, and it stays unread.
	other := f.notificationID("pilote-autre", "Convocation : plénière du comité du Loiret")
	before := f.unread("pilote-autre")
	if res, _ := c.post("/notifications/"+strconv.FormatInt(other, 10)+"/lu", url.Values{}); res.StatusCode != http.StatusNotFound {
		t.Errorf("marking another person's notification read = %d, want 404", res.StatusCode)
	}
	if res, _ := c.post("/notifications/0/lu", url.Values{}); res.StatusCode != http.StatusNotFound {
		t.Errorf("marking notification 0 read = %d, want 404", res.StatusCode)
	}
	if f.unread("pilote-autre") != before {
		t.Error("another person's notification was marked read")
	}

	// All read.
	res, _ = c.post("/notifications/tout-lu", url.Values{})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("mark all read = %d", res.StatusCode)
	}
	_, body = c.get("/notifications")
	if f.unread("partenaire") != 0 {
		t.Error("unread notifications left after « Tout marquer comme lu »")
	}
	if h := header(t, body); h != "Notifications" {
		t.Errorf("header with nothing unread: %q, want « Notifications »", h)
	}
	if strings.Contains(body, "tag-unread") || strings.Contains(body, "Tout marquer comme lu") {
		t.Error("the centre still shows unread notifications")
	}
	if !strings.Contains(body, "Toutes vos notifications sont marquées comme lues.") {
		t.Error("no confirmation after marking all read")
	}

	// Signed out, the centre is behind the login.
	if res, _ := f.anonymous().get("/notifications"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("anonymous GET /notifications = %d, want 303 to the login", res.StatusCode)
	}
}

// TestNotificationCentrePagesAndEmpty: twenty notifications a page, the
// pager to the next, a page marked read returns to itself; someone with
// none reads so in French.
func TestNotificationCentrePagesAndEmpty(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.pastNotices("professionnel", "37-41", "Compte rendu n°", 45)
	c := f.login("professionnel")
	_, body := c.get("/notifications")
	if !strings.Contains(body, "Compte rendu n° 45<") || strings.Contains(body, "Compte rendu n° 25<") {
		t.Error("page 1 does not hold the 20 newest")
	}
	if !strings.Contains(body, "Page 1 sur 3") || !strings.Contains(body, `href="/notifications?page=2"`) {
		t.Error("no pager to page 2")
	}
	_, body = c.get("/notifications?page=2")
	if !strings.Contains(body, "Compte rendu n° 25<") || strings.Contains(body, "Compte rendu n° 45<") {
		t.Error("page 2 does not hold the next 20")
	}
	id := f.notificationID("professionnel", "Compte rendu n° 25")
	res, _ := c.post("/notifications/"+strconv.FormatInt(id, 10)+"/lu", url.Values{"page": {"2"}})
	if loc := res.Header.Get("Location"); loc != "/notifications?page=2" {
		t.Errorf("marking read on page 2 returns to %q", loc)
	}

	_, body = f.login("hcts-lecteur").get("/notifications")
	if !strings.Contains(body, "Vous n'avez aucune notification pour le moment.") {
		t.Error("no empty state for someone without notifications")
	}
	if header(t, body) != "Notifications" {
		t.Errorf("header without notifications: %q", header(t, body))
	}
}

// settingsOf reads login's notification settings.
func (f *fixture) settingsOf(login string) postgres.NotificationSettings {
	f.t.Helper()
	var s postgres.NotificationSettings
	f.read("", login, func(tx *postgres.Tx) error {
		var err error
		s, err = tx.NotificationSettings(context.Background())
		return err
	})
	return s
}

// settingsForm is the preferences form with every kind at its default,
// then the changes.
func settingsForm(changes map[string]string) url.Values {
	form := url.Values{"heure": {"8"}, "jour": {"1"}}
	for _, k := range clts.NotificationKinds() {
		form.Set(string(k.Kind), string(k.Default))
	}
	for k, v := range changes {
		form.Set(k, v)
	}
	return form
}

var checkedRadio = regexp.MustCompile(`<input type="radio" id="f-([a-z_]+)-([a-z_]+)" name="[a-z_]+" value="[a-z_]+" checked>`)

// checkedDeliveries reads the radios checked on the preferences page.
func checkedDeliveries(page string) map[string]string {
	out := map[string]string{}
	for _, m := range checkedRadio.FindAllStringSubmatch(page, -1) {
		out[m[1]] = m[2]
	}
	return out
}

// TestNotificationSettings: the page shows each kind in a fieldset with
// four radios, the defaults checked (convocations at once, news weekly);
// saved choices are kept and only what differs from the default is
// stored; wrong values come back with a message next to their field, the
// other choices as typed, 422 and nothing written.
func TestNotificationSettings(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.login("professionnel")
	res, body := c.get("/compte/notifications")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /compte/notifications = %d", res.StatusCode)
	}
	got := checkedDeliveries(body)
	if len(got) != len(clts.NotificationKinds()) || got["convocation"] != "immediat" || got["actualite"] != "hebdomadaire" {
		t.Errorf("checked by default: %v", got)
	}
	for _, s := range []string{"<legend>Convocations</legend>", "<legend>Actualités</legend>", "Sur le portail seulement",
		`<option value="8" selected>8` + "\u00a0" + `h</option>`, `<option value="1" selected>lundi</option>`} {
		if !strings.Contains(body, s) {
			t.Errorf("the preferences page lacks %q", s)
		}
	}
	if _, account := c.get("/compte"); !strings.Contains(account, `href="/compte/notifications"`) {
		t.Error("no link to the preferences from /compte")
	}

	res, _ = c.post("/compte/notifications", settingsForm(map[string]string{"convocation": "quotidien", "actualite": "portail",
		"heure": "18", "jour": "5"}))
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/compte/notifications" {
		t.Fatalf("save = %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	_, body = c.get("/compte/notifications")
	if !strings.Contains(body, "Vos choix de notifications sont enregistrés.") {
		t.Error("no confirmation after saving")
	}
	got = checkedDeliveries(body)
	if got["convocation"] != "quotidien" || got["actualite"] != "portail" || got["rappel"] != "immediat" {
		t.Errorf("checked after saving: %v", got)
	}
	if !strings.Contains(body, `<option value="18" selected>`) || !strings.Contains(body, `<option value="5" selected>vendredi</option>`) {
		t.Error("the digests' hour and day are not kept")
	}
	s := f.settingsOf("professionnel")
	if s.Deliveries[clts.NotifyConvocation] != clts.DeliveryDaily || s.Deliveries[clts.NotifyNews] != clts.DeliveryPortal ||
		s.Digest != (clts.DigestSettings{Hour: 18, Weekday: 5}) {
		t.Errorf("stored: %+v", s)
	}
	db := openMatrixDB(t, f)
	rows := db.text("", `SELECT string_agg(kind || '=' || delivery, ',' ORDER BY kind) FROM notification_preferences WHERE account_id = $1`,
		f.accounts["professionnel"])
	if rows != "actualite=portail,convocation=quotidien" {
		t.Errorf("preference rows: %s, want only the two that differ from the defaults", rows)
	}
	// Back to the defaults: no row left.
	if res, _ := c.post("/compte/notifications", settingsForm(nil)); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save defaults = %d", res.StatusCode)
	}
	if n := db.text("", `SELECT count(*)::text FROM notification_preferences WHERE account_id = $1`, f.accounts["professionnel"]); n != "0" {
		t.Errorf("%s preference rows left at the defaults", n)
	}

	// Wrong values: 422, messages next to the fields, the rest kept,
	// nothing written.
	bad := settingsForm(map[string]string{"convocation": "jamais", "actualite": "portail", "heure": "25", "jour": "0"})
	bad.Del("rappel")
	res, body = c.post("/compte/notifications", bad)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad values = %d, want 422", res.StatusCode)
	}
	for _, s := range []string{
		`<p class="error-message" id="f-convocation-error"><span class="visually-hidden">Erreur : </span>Choisissez comment être prévenu·e.</p>`,
		`<p class="error-message" id="f-rappel-error">`,
		`aria-describedby="f-convocation-hint f-convocation-error"`,
		`href="#f-convocation-immediat">Convocations : Choisissez comment être prévenu·e.</a>`,
		"Choisissez une heure entre 0 h et 23 h.",
		"Choisissez un jour de la semaine.",
	} {
		if !strings.Contains(body, s) {
			t.Errorf("the refused form lacks %q", s)
		}
	}
	if got := checkedDeliveries(body); got["actualite"] != "portail" || got["convocation"] != "" {
		t.Errorf("the refused form keeps %v", got)
	}
	if s := f.settingsOf("professionnel"); s.Deliveries[clts.NotifyNews] != clts.DeliveryWeekly || s.Digest.Hour != 8 {
		t.Errorf("a refused form wrote: %+v", s)
	}
}
