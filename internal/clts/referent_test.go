package clts

import "testing"

// TestHelpedActionLabel: every code the journal writes when a referent
// acts with a person (server.actingWith and server.withHelp: the answer,
// the agenda item, the new practice with its files, submitted or not, the
// new contribution, proposed or not) reads in French on the person's
// « Aide » page, never as the code.
func TestHelpedActionLabel(t *testing.T) {
	for _, code := range []string{"meeting.answer", "agenda.propose", "agenda.add", "practice.create", "practice.attach",
		"practice.submit", "contribution.create", "contribution.propose"} {
		if got := HelpedActionLabel(code); got == code || got == "" {
			t.Errorf("HelpedActionLabel(%q) = %q: the person reads a code", code, got)
		}
	}
}
