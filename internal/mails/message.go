package mails

import (
	"html"
	"regexp"
	"strings"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
)

// Letter is what the worker sends for one outbox row: the e-mail's text as
// the event wrote it, and what the worker adds for its recipient (the
// answer links of a meeting, the footer of a notification). It renders as
// plain text and as accessible HTML (Text, HTML) with the same content.
type Letter struct {
	Subject string
	Body    string       // plain text, French, absolute links
	Answers *AnswerLinks // a convocation's answer links, nil otherwise
	Footer  *Footer      // a notification's footer, nil for a transactional e-mail
}

// AnswerLinks are the absolute links of a meeting's answers, each to the
// portal's confirmation page (nothing is recorded before its button).
type AnswerLinks struct {
	Yes, No, Maybe string
}

// Footer says why the recipient gets the e-mail and how to change it.
type Footer struct {
	Reason      string // the end of « Vous recevez ce courriel pour … »
	Settings    string // the absolute link of the preferences page
	Unsubscribe string // the absolute one-click unsubscribe link
}

// Reason is what a notification's footer says the e-mail is for: the
// kind's label, or the digest (auth.DigestDaily, auth.DigestWeekly).
func Reason(kind string) string {
	switch kind {
	case auth.DigestDaily:
		return "votre résumé du jour"
	case auth.DigestWeekly:
		return "votre résumé de la semaine"
	}
	if k, ok := clts.NotificationKindFor(clts.NotificationKind(kind)); ok {
		return "les notifications « " + k.Label + " »"
	}
	return "les notifications du Portail CLTS"
}

// Text is the plain text part.
func (l Letter) Text() string {
	var b strings.Builder
	b.WriteString(strings.TrimRight(l.Body, "\n"))
	b.WriteString("\n")
	if a := l.Answers; a != nil {
		b.WriteString("\n" + answersIntro + "\n")
		b.WriteString("- Je viens : " + a.Yes + "\n")
		b.WriteString("- Je ne viens pas : " + a.No + "\n")
		b.WriteString("- Peut-être : " + a.Maybe + "\n")
		b.WriteString(answersValidity + "\n")
	}
	if f := l.Footer; f != nil {
		b.WriteString("\n-- \n")
		b.WriteString("Vous recevez ce courriel pour " + f.Reason + ".\n")
		b.WriteString("Choisir comment vous êtes prévenu·e : " + f.Settings + "\n")
		if f.Unsubscribe != "" {
			b.WriteString("Ne plus recevoir ces courriels : " + f.Unsubscribe + "\n")
		}
	}
	return b.String()
}

const (
	answersIntro    = "Votre réponse (le portail vous demandera de la confirmer) :"
	answersValidity = "Ces liens sont valables jusqu'au début de la réunion."
)

// HTML is the HTML part: the same text in paragraphs, escaped, its links
// made clickable, the answers as a list of links named by what they do;
// no image, no layout table, no style the reader's client must honour.
func (l Letter) HTML() string {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n")
	b.WriteString("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	b.WriteString("<title>" + html.EscapeString(strings.Join(strings.Fields(l.Subject), " ")) + "</title>\n</head>\n<body>\n")
	b.WriteString(paragraphs(l.Body))
	if a := l.Answers; a != nil {
		b.WriteString("<p>" + html.EscapeString(answersIntro) + "</p>\n<ul>\n")
		for _, link := range [][2]string{{a.Yes, "Je viens"}, {a.No, "Je ne viens pas"}, {a.Maybe, "Peut-être"}} {
			b.WriteString("<li>" + anchor(link[0], link[1]) + "</li>\n")
		}
		b.WriteString("</ul>\n<p>" + html.EscapeString(answersValidity) + "</p>\n")
	}
	if f := l.Footer; f != nil {
		b.WriteString("<hr>\n<p>Vous recevez ce courriel pour " + html.EscapeString(f.Reason) + ".<br>\n")
		b.WriteString(anchor(f.Settings, "Choisir comment vous êtes prévenu·e"))
		if f.Unsubscribe != "" {
			b.WriteString("<br>\n" + anchor(f.Unsubscribe, "Ne plus recevoir ces courriels"))
		}
		b.WriteString("</p>\n")
	}
	b.WriteString("</body>\n</html>\n")
	return b.String()
}

// paragraphs renders plain text: paragraphs at blank lines, line breaks
// kept, a signature separator ("--") as a rule.
func paragraphs(text string) string {
	var b strings.Builder
	for _, para := range blankLine.Split(strings.Trim(strings.ReplaceAll(text, "\r\n", "\n"), "\n"), -1) {
		lines := strings.Split(strings.Trim(para, "\n"), "\n")
		if len(lines) > 0 && strings.TrimSpace(lines[0]) == "--" {
			b.WriteString("<hr>\n")
			lines = lines[1:]
		}
		if len(lines) == 0 || (len(lines) == 1 && strings.TrimSpace(lines[0]) == "") {
			continue
		}
		b.WriteString("<p>")
		for i, line := range lines {
			if i > 0 {
				b.WriteString("<br>\n")
			}
			b.WriteString(linkify(line))
		}
		b.WriteString("</p>\n")
	}
	return b.String()
}

// blankLine separates paragraphs. Like urlPattern, a compiled pattern is
// safe for concurrent use and never changes.
var blankLine = regexp.MustCompile(`\n[ \t]*\n`)

// urlPattern finds the links of a text: http(s) up to a space or a
// character that cannot end one.
var urlPattern = regexp.MustCompile(`https?://[^\s<>"«»]+`)

// linkify escapes a line and makes its links clickable; punctuation that
// ends a sentence is not part of the link.
func linkify(line string) string {
	var b strings.Builder
	last := 0
	for _, m := range urlPattern.FindAllStringIndex(line, -1) {
		start, end := m[0], m[1]
		for end > start && strings.ContainsRune(".,;:!?)]'", rune(line[end-1])) {
			end--
		}
		b.WriteString(html.EscapeString(line[last:start]))
		u := line[start:end]
		b.WriteString(anchor(u, u))
		last = end
	}
	b.WriteString(html.EscapeString(line[last:]))
	return b.String()
}

func anchor(href, label string) string {
	return `<a href="` + html.EscapeString(href) + `">` + html.EscapeString(label) + `</a>`
}
