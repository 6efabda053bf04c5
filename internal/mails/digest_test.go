package mails

import (
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/postgres"
)

// A digest groups its events by committee, in the order of the
// committees' names, the national ones last under the HCTS's name; each
// event has its title, its date in Paris time and its absolute link.
func TestDigestMail(t *testing.T) {
	utc := func(month time.Month, day, hour, min int) time.Time {
		return time.Date(2026, month, day, hour, min, 0, 0, time.UTC)
	}
	loiret := func(n clts.Notification) clts.Notification {
		n.CommitteeID, n.CommitteeName, n.CommitteeSlug = 2, "CLTS du Loiret", "loiret"
		return n
	}
	touraine := func(n clts.Notification) clts.Notification {
		n.CommitteeID, n.CommitteeName, n.CommitteeSlug = 1, "CLTS d'Indre-et-Loire", "indre-et-loire"
		return n
	}
	d := postgres.Digest{AccountID: 7, Name: "Awa Diallo", To: "awa@example.org", Events: []clts.Notification{
		{ID: 5, Kind: clts.NotifyNews, Title: "Actualité du HCTS : le rapport annuel", Link: "/actualites/3", CreatedAt: utc(10, 24, 9, 0)},
		loiret(clts.Notification{ID: 4, Kind: clts.NotifyMinutes, Title: "Compte rendu publié : Plénière d'octobre", Link: "/c/loiret/reunions/9", CreatedAt: utc(10, 25, 6, 30)}),
		touraine(clts.Notification{ID: 3, Kind: clts.NotifyGroup, Title: "Votre demande pour rejoindre « Logement » est acceptée", CreatedAt: utc(10, 24, 16, 0)}),
		touraine(clts.Notification{ID: 2, Kind: clts.NotifyAgenda, Title: "Votre point est retenu : Mobilité", Link: "/c/indre-et-loire/reunions/4", CreatedAt: utc(10, 24, 7, 5)}),
	}}
	subject, body := Digests{BaseURL: "https://portail.test"}.DigestMail(d)
	if want := "Votre résumé du jour — 4 nouvelles"; subject != want {
		t.Errorf("subject %q, want %q", subject, want)
	}
	want := "Bonjour Awa Diallo,\n\n" +
		"Voici ce qui s'est passé sur le Portail CLTS depuis votre dernier résumé du jour.\n" +
		"\nCLTS d'Indre-et-Loire :\n" +
		"\n- Votre point est retenu : Mobilité\n  Le samedi 24 octobre 2026 à\u00a09\u00a0h\u00a005\n  https://portail.test/c/indre-et-loire/reunions/4\n" +
		"\n- Votre demande pour rejoindre « Logement » est acceptée\n  Le samedi 24 octobre 2026 à\u00a018\u00a0h\u00a000\n" +
		"\nCLTS du Loiret :\n" +
		"\n- Compte rendu publié : Plénière d'octobre\n  Le dimanche 25 octobre 2026 à\u00a07\u00a0h\u00a030\n  https://portail.test/c/loiret/reunions/9\n" +
		"\nHaut Conseil du travail social :\n" +
		"\n- Actualité du HCTS : le rapport annuel\n  Le samedi 24 octobre 2026 à\u00a011\u00a0h\u00a000\n  https://portail.test/actualites/3\n" +
		"\nToutes vos notifications sont aussi sur le portail :\nhttps://portail.test/notifications\n\n--\nPortail CLTS\n"
	if body != want {
		t.Errorf("body\n%s\nwant\n%s", body, want)
	}

	d.Weekly, d.Events = true, d.Events[:1]
	if subject, _ := (Digests{BaseURL: "https://portail.test"}).DigestMail(d); subject != "Votre résumé de la semaine — 1 nouvelle" {
		t.Errorf("weekly subject %q", subject)
	}
}
