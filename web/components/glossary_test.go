package components

import "testing"

// Every term a page may ask for exists, so no page panics on a definition.
func TestGlossaryTerms(t *testing.T) {
	seen := map[string]bool{}
	for _, term := range GlossaryTerms() {
		if seen[term.ID] || term.Word == "" || term.Definition == "" {
			t.Errorf("term %q: duplicate or empty", term.ID)
		}
		seen[term.ID] = true
	}
	for _, kind := range []string{"pleniere", "groupe", "seminaire", "autre"} {
		for _, id := range MeetingTerms(kind) {
			if !seen[id] {
				t.Errorf("MeetingTerms(%s): unknown term %q", kind, id)
			}
		}
	}
	if got := GlossaryTerm(TermEmargement).URL(); got != "/lexique#emargement" {
		t.Errorf("URL = %q", got)
	}
}
