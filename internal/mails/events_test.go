package mails

import (
	"strings"
	"testing"

	"github.com/portail-clts/clts/internal/postgres"
)

// TestEventMails: each event's e-mail is in French, names what happened and
// who acted, links to the portal with an absolute address, and is signed by
// the committee (by the HCTS for a national one).
func TestEventMails(t *testing.T) {
	m := Events{BaseURL: "https://clts.example.org"}
	for _, c := range []struct {
		n    postgres.EventNotice
		want []string
	}{
		{postgres.EventNotice{Event: postgres.EventJoinRequest, CommitteeName: "CLTS 37-41", Title: "Mobilité", ActorName: "Inès Martin",
			Link: "/c/37-41/groupes/3"}, []string{"Demande pour rejoindre le groupe « Mobilité »",
			"Inès Martin demande à rejoindre le groupe de travail « Mobilité », que vous animez.", "accepter ou refuser",
			"https://clts.example.org/c/37-41/groupes/3", "Portail CLTS — CLTS 37-41"}},
		{postgres.EventNotice{Event: postgres.EventJoinAccepted, CommitteeName: "CLTS 37-41", Title: "Mobilité", Link: "/c/37-41/groupes/3"},
			[]string{"Bienvenue dans le groupe « Mobilité »", "est acceptée", "invité·e à ses réunions"}},
		{postgres.EventNotice{Event: postgres.EventJoinDeclined, CommitteeName: "CLTS 37-41", Title: "Mobilité", Link: "/c/37-41/groupes/3"},
			[]string{"n'a pas été retenue", "renouveler plus tard"}},
		{postgres.EventNotice{Event: postgres.EventProposalAccepted, CommitteeName: "CLTS 37-41", Title: "Transports",
			Context: "Plénière, le 12/03/2026 à 14 h 00", Link: "/c/37-41/reunions/9"},
			[]string{"Votre point est à l'ordre du jour : Transports", "« Plénière, le 12/03/2026 à 14 h 00 »",
				"https://clts.example.org/c/37-41/reunions/9"}},
		{postgres.EventNotice{Event: postgres.EventProposalDeclined, CommitteeName: "CLTS 37-41", Title: "Transports",
			Context: "Plénière, le 12/03/2026 à 14 h 00", Link: "/c/37-41/reunions/9"},
			[]string{"Votre point n'est pas retenu : Transports", "le proposer pour une autre réunion"}},
		{postgres.EventNotice{Event: postgres.EventNews, CommitteeName: "CLTS 37-41", Title: "Appel à points", Context: "Proposez vos points.",
			Link: "/c/37-41/actualites/4"}, []string{"Actualité : Appel à points", "Proposez vos points.",
			"https://clts.example.org/c/37-41/actualites/4", "Portail CLTS — CLTS 37-41"}},
		{postgres.EventNotice{Event: postgres.EventNationalNews, Title: "Rapport annuel", Link: "/actualites/2"},
			[]string{"Actualité : Rapport annuel", "https://clts.example.org/actualites/2", "Portail CLTS — Haut Conseil du travail social"}},
	} {
		subject, body := m.EventMail(c.n)
		if !strings.HasPrefix(body, "Bonjour,") {
			t.Errorf("%s: no greeting:\n%s", c.n.Event, body)
		}
		for _, w := range c.want {
			if !strings.Contains(subject+"\n"+body, w) {
				t.Errorf("%s lacks %q:\n%s\n%s", c.n.Event, w, subject, body)
			}
		}
	}
}
