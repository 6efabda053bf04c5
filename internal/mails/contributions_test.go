package mails

import (
	"strings"
	"testing"

	"github.com/portail-clts/clts/internal/postgres"
)

// TestContributionMail: each step's e-mail names the contribution, its
// category and campaign, links to its page, and carries the pilot's
// comment set apart when there is one.
func TestContributionMail(t *testing.T) {
	m := Contributions{BaseURL: "https://portail.test"}
	for action, subject := range map[string]string{
		"propose":  "Contribution à relire : Mobilité",
		"return":   "Votre contribution vous est renvoyée : Mobilité",
		"validate": "Votre contribution est validée : Mobilité",
		"transmit": "Votre contribution est transmise au HCTS : Mobilité",
		"correct":  "Version corrigée en cours : Mobilité",
	} {
		n := postgres.ContributionNotice{Action: action, CommitteeSlug: "37-41", CommitteeName: "CLTS 37-41", ContributionID: 12,
			Title: "Mobilité", Category: "besoins", CampaignYear: 2026, Edition: 2, Comment: "Citez les communes.\nEt les dates.",
			ActorName: "Claire Pilote"}
		gotSubject, body := m.ContributionMail(n)
		if gotSubject != subject {
			t.Errorf("%s: subject %q, want %q", action, gotSubject, subject)
		}
		for _, want := range []string{"https://portail.test/c/37-41/contributions/12", "Besoins territoriaux émergents", "campagne 2026", "CLTS 37-41"} {
			if !strings.Contains(body, want) {
				t.Errorf("%s: the body lacks %q:\n%s", action, want, body)
			}
		}
		if quoted := strings.Contains(body, "> Citez les communes.\n> Et les dates."); quoted != (action == "return") {
			t.Errorf("%s: the comment quoted: %v", action, quoted)
		}
	}
}
