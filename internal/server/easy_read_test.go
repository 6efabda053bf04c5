package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestEasyReadVersions: the switch shows the checked version of the charter
// with its « relu par » line and aria-pressed; the easy mode shows it
// first; a practice's unchecked version says so; the author may not check
// their own text, nor may a member who is not a supported person; a
// rewrite clears the check; bad input is a 422 with the text kept;
// another committee's subject is not found; where none exists, members
// are offered to write one.
func TestEasyReadVersions(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	db := openMatrixDB(t, f)
	charter := db.id("37-41", `SELECT id FROM charter_versions WHERE state = 'adoptee'`)
	otherCharter := db.id("autre", `SELECT id FROM charter_versions WHERE state = 'adoptee'`)
	practice := db.id("37-41", `SELECT subject_id FROM easy_read_versions WHERE subject_kind = 'practice'`)
	pro, supported, pilot, partner := f.login("professionnel"), f.login("accompagne"), f.login("pilote"), f.login("partenaire")
	db.exec("", `UPDATE accounts SET easy_mode = false WHERE login = 'professionnel'`)
	db.exec("", `UPDATE accounts SET easy_mode = true WHERE login = 'partenaire'`)

	charterPage := "/c/37-41/charte/versions/" + charter
	status := func(c *client, method, path string, form url.Values) (int, string) {
		t.Helper()
		res, body := c.do(method, path, form, nil)
		return res.StatusCode, body
	}
	has := func(what, body string, want ...string) {
		t.Helper()
		for _, w := range want {
			if !strings.Contains(body, w) {
				t.Errorf("%s: no %q", what, w)
			}
		}
	}
	hasNot := func(what, body string, unwanted ...string) {
		t.Helper()
		for _, w := range unwanted {
			if strings.Contains(body, w) {
				t.Errorf("%s: %q shown", what, w)
			}
		}
	}

	// The original first, the switch not pressed; pressed, the easy version.
	code, body := status(pro, http.MethodGet, charterPage, nil)
	if code != http.StatusOK {
		t.Fatalf("charter page: %d", code)
	}
	has("original", body, `aria-pressed="false"`, `name="facile" value="1"`)
	hasNot("original", body, "Relu par")
	_, body = status(pro, http.MethodGet, charterPage+"?facile=1", nil)
	has("switched", body, `aria-pressed="true"`, `name="facile" value="0"`, "Version facile à lire", "Relu par Jean D. le", "La charte dit comment le comité travaille.")
	hasNot("switched", body, "J'ai relu : c'est facile à comprendre")
	// The charter's home shows the current version the same way.
	_, body = status(pro, http.MethodGet, "/c/37-41/charte?facile=1", nil)
	has("charter home", body, `aria-pressed="true"`, "Relu par Jean D. le")
	// In the easy mode the easy version comes first; the switch shows the original.
	_, body = status(partner, http.MethodGet, charterPage, nil)
	has("easy mode", body, `aria-pressed="true"`, "Relu par Jean D. le")
	_, body = status(partner, http.MethodGet, charterPage+"?facile=0", nil)
	has("easy mode, original asked", body, `aria-pressed="false"`)
	hasNot("easy mode, original asked", body, "Relu par")

	// The meeting's page: the minutes' checked version, read with the
	// meeting; the checker named as the directory names them.
	meeting := "/c/37-41/reunions/" + db.id("37-41", `SELECT subject_id FROM easy_read_versions WHERE subject_kind = 'minutes'`)
	_, body = status(pro, http.MethodGet, meeting+"?facile=1", nil)
	has("minutes", body, `aria-pressed="true"`, `id="facile-compte-rendu"`, "Relu par Jean D. le", "Les pilotes vont écrire une nouvelle charte.",
		"Écrire une version facile à lire<span class=\"visually-hidden\"> : l&#39;ordre du jour")
	_, body = status(pilot, http.MethodGet, meeting+"?facile=1", nil)
	has("minutes, pilot", body, "Relu par Jean Dupuis le")
	_, body = status(pro, http.MethodGet, meeting, nil)
	has("minutes, original", body, `aria-pressed="false"`)
	hasNot("minutes, original", body, `id="facile-compte-rendu"`)

	// The practice's version waits for its reading; only a supported
	// person who did not write it may check it.
	practicePage := "/c/37-41/pratiques/" + practice
	_, body = status(supported, http.MethodGet, practicePage+"?facile=1", nil)
	has("unchecked practice", body, "Pas encore relue", "J'ai relu : c'est facile à comprendre", "Les règles du « facile à lire »")
	_, body = status(pro, http.MethodGet, practicePage+"?facile=1", nil)
	has("unchecked practice, author", body, "Pas encore relue", "Modifier la version facile à lire")
	hasNot("unchecked practice, author", body, "J'ai relu")
	check := "/c/37-41/facile/pratique/" + practice + "/relu"
	if code, _ := status(pro, http.MethodPost, check, url.Values{"version": {"1"}}); code != http.StatusForbidden {
		t.Errorf("the professional checks: %d, want 403", code)
	}
	if code, _ := status(pilot, http.MethodPost, check, url.Values{"version": {"1"}}); code != http.StatusForbidden {
		t.Errorf("the pilot checks: %d, want 403", code)
	}
	// The supported person rewrites it: now its author, they may not check it.
	write := "/c/37-41/facile/pratique/" + practice
	mustSeeOther(t, supported, write, url.Values{"version": {"1"}, "texte_facile": {"Nous avons parlé ensemble.\n\nC'était utile."}})
	if code, _ := status(supported, http.MethodPost, check, url.Values{"version": {"2"}}); code != http.StatusForbidden {
		t.Errorf("the author checks their own text: %d, want 403", code)
	}
	_, body = status(supported, http.MethodGet, practicePage+"?facile=1", nil)
	hasNot("own text", body, "J'ai relu")
	// Another member rewrites it; the supported person checks it.
	mustSeeOther(t, partner, write, url.Values{"version": {"2"}, "texte_facile": {"Nous avons parlé ensemble.\n\nC'était très utile."}})
	mustSeeOther(t, supported, check, url.Values{"version": {"3"}})
	_, body = status(pro, http.MethodGet, practicePage+"?facile=1", nil)
	has("checked practice", body, "Relu par Jean D. le", "C&#39;était très utile.")
	if code, _ := status(supported, http.MethodPost, check, url.Values{"version": {"3"}}); code != http.StatusConflict {
		t.Errorf("checked twice: %d, want 409", code)
	}

	// Rewriting the checked charter version clears its check.
	mustSeeOther(t, pilot, "/c/37-41/facile/charte/"+charter, url.Values{"version": {"1"}, "texte_facile": {"La charte dit comment nous travaillons."}})
	_, body = status(pro, http.MethodGet, charterPage+"?facile=1", nil)
	has("rewritten", body, "Pas encore relue", "La charte dit comment nous travaillons.")
	// A stale form is a conflict, the text kept.
	code, body = status(pro, http.MethodPost, "/c/37-41/facile/charte/"+charter, url.Values{"version": {"1"}, "texte_facile": {"Texte périmé."}})
	if code != http.StatusConflict {
		t.Errorf("stale rewrite: %d, want 409", code)
	}
	has("stale rewrite", body, "Texte périmé.")

	// Bad input: 422, the message next to the field, the input kept.
	code, body = status(pro, http.MethodPost, "/c/37-41/facile/charte/"+charter, url.Values{"version": {"2"}, "texte_facile": {"   "}})
	if code != http.StatusUnprocessableEntity {
		t.Errorf("empty text: %d, want 422", code)
	}
	has("empty text", body, "Écrivez le texte facile à lire.", `aria-invalid="true"`)
	long := "Une phrase. " + strings.Repeat("a", 20000)
	code, body = status(pro, http.MethodPost, "/c/37-41/facile/charte/"+charter, url.Values{"version": {"2"}, "texte_facile": {long}})
	if code != http.StatusUnprocessableEntity {
		t.Errorf("long text: %d, want 422", code)
	}
	has("long text", body, "Le texte est trop long", "Une phrase. aaaa")

	// Another committee's subject, an unknown kind, national news: not found.
	for _, path := range []string{"/c/37-41/facile/charte/" + otherCharter, "/c/37-41/facile/inconnu/" + charter, "/c/37-41/facile/charte/0"} {
		if code, _ := status(pilot, http.MethodGet, path, nil); code != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", path, code)
		}
	}
	if code, _ := status(f.login("pilote-autre"), http.MethodGet, "/c/37-41/facile/charte/"+charter, nil); code != http.StatusNotFound {
		t.Errorf("the other committee's pilot: %d, want 404", code)
	}

	// Where none exists, members are offered to write one.
	news := db.id("37-41", `SELECT id FROM news ORDER BY id LIMIT 1`)
	_, body = status(pro, http.MethodGet, "/c/37-41/actualites/"+news, nil)
	has("news", body, "Écrire une version facile à lire")
	hasNot("news", body, "aria-pressed")
	_, body = status(pro, http.MethodGet, "/c/37-41/facile/actualite/"+news, nil)
	has("form", body, "Écrire une version facile à lire", "Des phrases courtes : une idée par phrase.")
}
