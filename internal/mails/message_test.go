package mails

import (
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
)

func TestLetterHTML(t *testing.T) {
	l := Letter{
		Subject: "Réunion <plénière> & bilan",
		Body: "Bonjour,\n\nLa réunion « <b>bilan</b> » aura lieu (voir https://clts.example.fr/comites/cd37/reunions/7?x=1&y=2).\n" +
			"Ordre du jour : https://clts.example.fr/a, puis https://clts.example.fr/b.\n\n--\nPortail CLTS — Comité 37\n",
		Answers: &AnswerLinks{Yes: "https://clts.example.fr/courriel/reponse/t?reponse=oui", No: "https://clts.example.fr/courriel/reponse/t?reponse=non",
			Maybe: "https://clts.example.fr/courriel/reponse/t?reponse=peut_etre"},
		Footer: &Footer{Reason: Reason(string(clts.NotifyConvocation)), Settings: "https://clts.example.fr/compte/notifications",
			Unsubscribe: "https://clts.example.fr/courriel/desabonnement/u"},
	}
	out := l.HTML()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if lang, _ := doc.Find("html").Attr("lang"); lang != "fr" {
		t.Errorf("lang %q", lang)
	}
	if title := doc.Find("title").Text(); title != "Réunion <plénière> & bilan" {
		t.Errorf("title %q", title)
	}
	if doc.Find("b, img, table, script").Length() != 0 {
		t.Errorf("markup from the text, an image or a table:\n%s", out)
	}
	if !strings.Contains(doc.Find("p").Eq(1).Text(), "« <b>bilan</b> »") {
		t.Errorf("the text is not kept as text:\n%s", out)
	}
	var hrefs []string
	doc.Find("p a").Each(func(_ int, a *goquery.Selection) {
		h, _ := a.Attr("href")
		hrefs = append(hrefs, h)
	})
	want := []string{"https://clts.example.fr/comites/cd37/reunions/7?x=1&y=2", "https://clts.example.fr/a", "https://clts.example.fr/b",
		"https://clts.example.fr/compte/notifications", "https://clts.example.fr/courriel/desabonnement/u"}
	if strings.Join(hrefs, " ") != strings.Join(want, " ") {
		t.Errorf("links %q, want %q", hrefs, want)
	}
	if doc.Find("hr").Length() != 2 {
		t.Errorf("the signature and the footer are not set apart:\n%s", out)
	}
	var answers []string
	doc.Find("ul li a").Each(func(_ int, a *goquery.Selection) { answers = append(answers, a.Text()) })
	if strings.Join(answers, "|") != "Je viens|Je ne viens pas|Peut-être" {
		t.Errorf("answers %q", answers)
	}
	if doc.Find("p").Last().Text() == "" || !strings.Contains(out, "Vous recevez ce courriel pour les notifications « Convocations ».") {
		t.Errorf("footer:\n%s", out)
	}
}

func TestLetterText(t *testing.T) {
	l := Letter{Body: "Bonjour,\n\n", Footer: &Footer{Reason: Reason(auth.DigestWeekly), Settings: "https://x/compte/notifications"}}
	want := "Bonjour,\n\n-- \nVous recevez ce courriel pour votre résumé de la semaine.\nChoisir comment vous êtes prévenu·e : https://x/compte/notifications\n"
	if got := l.Text(); got != want {
		t.Errorf("text %q, want %q", got, want)
	}
	if got := (Letter{Body: "Bonjour"}).Text(); got != "Bonjour\n" {
		t.Errorf("a transactional e-mail: %q", got)
	}
}
