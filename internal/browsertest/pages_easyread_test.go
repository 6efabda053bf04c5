package browsertest

import (
	"context"
	"net/http"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/portail-clts/clts/internal/paths"
)

// easyReadSubjects returns the ids of the demo's easy-to-read versions in
// 37-41: the held meeting whose minutes have one, the practice, the
// current charter version, and a local news item without one.
func (p *portal) easyReadSubjects(t *testing.T) (meeting, practice, charter, news int64) {
	t.Helper()
	conn := p.ownerIn(t, "37-41")
	if err := conn.QueryRow(context.Background(), `SELECT
		(SELECT subject_id FROM easy_read_versions WHERE subject_kind = 'minutes'),
		(SELECT subject_id FROM easy_read_versions WHERE subject_kind = 'practice'),
		(SELECT subject_id FROM easy_read_versions WHERE subject_kind = 'charter'),
		(SELECT min(id) FROM news)`).Scan(&meeting, &practice, &charter, &news); err != nil {
		t.Fatal(err)
	}
	return meeting, practice, charter, news
}

// TestEasyReadPages runs every page check (axe at both widths, keyboard,
// 320 px, the phone, the Nu checker) on the pages with an easy-to-read
// version, shown and not, as the supported person (easy mode by default)
// and as a professional, on the writing form, and on the form sent empty.
func TestEasyReadPages(t *testing.T) {
	p := newPortal(t)
	meeting, practice, charter, news := p.easyReadSubjects(t)
	const committee = "Comité local"
	easy := "?" + paths.EasyReadParam + "=1"
	original := "?" + paths.EasyReadParam + "=0"
	for _, r := range []struct {
		login string
		pages []string
	}{
		{"accompagne", []string{paths.Meeting("37-41", meeting), paths.Meeting("37-41", meeting) + original,
			paths.Practice("37-41", practice), paths.Charter("37-41"), paths.CharterVersion("37-41", charter),
			paths.EasyRead("37-41", "actualite", news)}},
		{"professionnel", []string{paths.Meeting("37-41", meeting) + easy, paths.Practice("37-41", practice) + easy,
			paths.CharterVersion("37-41", charter) + easy, paths.NewsItem("37-41", news),
			paths.EasyRead("37-41", "pratique", practice), paths.EasyRead("37-41", "compte-rendu", meeting)}},
	} {
		t.Run(r.login, func(t *testing.T) {
			ctx := p.tab(t)
			p.login(t, ctx, r.login)
			for _, path := range r.pages {
				p.visit(t, ctx, r.login, path, http.StatusOK, committee)
			}
		})
	}
	t.Run("form with errors", func(t *testing.T) {
		ctx := p.tab(t)
		p.login(t, ctx, "professionnel")
		run(t, ctx,
			chromedp.Navigate(p.url+paths.EasyRead("37-41", "actualite", news)),
			chromedp.WaitVisible("#f-texte_facile", chromedp.ByQuery),
		)
		p.formWithErrors(t, ctx, "professionnel empty easy-to-read text "+strconv.FormatInt(news, 10), `main form button[type=submit]`, committee)
	})
}
