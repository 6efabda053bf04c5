package server

import (
	"net/url"
	"strings"
	"testing"
)

// TestPracticeTextsEscaped: what members type in a practice is shown as
// text on its sheet, in the lists and the search's highlights, and its
// Markdown keeps no HTML of its own.
func TestPracticeTextsEscaped(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	partner, pilot := f.login("partenaire"), f.login("pilote")
	const attack = `<script>alert("x")</script><img src=x onerror=alert(1)>`
	form := completePractice("Accueil numérique " + attack)
	form["resume"] = []string{"Un accueil numérique " + attack}
	form["contexte"] = []string{"Un contexte " + attack + "\n\n[lien](javascript:alert(1))"}
	form["autres_acteurs"] = []string{attack}
	form["contact_nom"] = []string{attack}
	form["contact_public"] = []string{"oui"}
	form["apres"] = []string{"proposer"}
	id := savePractice(t, partner, "/c/37-41/pratiques/nouvelle", form, upFile{attack + ".pdf", samplePDF})
	mustStep(t, pilot, "/c/37-41/pratiques/"+id+"/publier", url.Values{})
	for _, path := range []string{"/c/37-41/pratiques/" + id, "/c/37-41/pratiques?q=numerique", "/c/37-41/pratiques?vue=mes-fiches",
		"/c/37-41/pratiques/" + id + "/modifier"} {
		_, body := partner.get(path)
		doc := parse(t, body)
		if doc.Find("main script, main img[onerror], main a[href^='javascript']").Length() != 0 {
			t.Errorf("%s: typed HTML became markup", path)
		}
		if !strings.Contains(doc.Find("main").Text(), `<script>alert("x")</script>`) {
			t.Errorf("%s: the typed text is not shown as text", path)
		}
	}
}
