package server

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/portail-clts/clts/web/components"
)

// TestNationalNewsKeepsAnOlderSeminar: an item that names a seminar older
// than the ones its form offers keeps it when it is edited: the form still
// shows it chosen, and saving keeps the link.
func TestNationalNewsKeepsAnOlderSeminar(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	publisher := f.login("hcts")
	next := time.Now().AddDate(0, 1, 0).In(components.Paris())
	mustSeeOther(t, publisher, "/national/seminaires", url.Values{"titre": {"Séminaire d'autrefois"},
		"date": {next.Format("2006-01-02")}, "debut": {"09:30"}, "fin": {"16:30"}, "lieu": {"Paris"}})
	var id int64
	for _, m := range f.seminars(100) {
		if m.Title == "Séminaire d'autrefois" {
			id = m.SeminarID
		}
	}
	seminar := strconv.FormatInt(id, 10)
	fields := newsForm("Actualité d'un séminaire ancien")
	fields.Set("seminaire", seminar)
	item := postNews(t, publisher, "/national/actualites/nouvelle", fields)

	// Years later, more seminars than the form offers came after it.
	conn := f.ownerConn()
	if _, err := conn.Exec(t.Context(), `UPDATE seminars SET starts_at = now() - interval '10 years',
		ends_at = now() - interval '10 years' + interval '7 hours' WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(t.Context(), `INSERT INTO seminars (title, starts_at, ends_at)
		SELECT 'Séminaire ' || i, now() - make_interval(days => i), now() - make_interval(days => i) + interval '7 hours'
		FROM generate_series(1, $1) i`, seminarChoices+5); err != nil {
		t.Fatal(err)
	}

	edit := "/national/actualites/" + idAtEnd(t, item) + "/modifier"
	_, body := publisher.get(edit)
	form := parse(t, body)
	if got := form.Find(`select[name="seminaire"] option[selected]`).AttrOr("value", ""); got != seminar {
		t.Fatalf("the edit form chooses %q, want the item's seminar %s", got, seminar)
	}
	fields = newsForm("Actualité d'un séminaire ancien, revue")
	fields.Set("seminaire", seminar)
	fields.Set("version", form.Find(`input[name="version"]`).AttrOr("value", ""))
	res, body := postPracticeForm(t, publisher, edit, fields)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("saving the item: %d\n%.2000s", res.StatusCode, body)
	}
	_, page := f.login("partenaire").get(item)
	if text := parse(t, page).Find("main").Text(); !strings.Contains(text, "Séminaire national lié : Séminaire d'autrefois") {
		t.Errorf("the edited item lost its seminar:\n%s", text)
	}
}
