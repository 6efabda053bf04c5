package demo

import (
	"net/http"
	"slices"
	"testing"

	"github.com/portail-clts/clts/internal/clts"
)

// TestPracticeStoriesHold: every demo practice is one the portal would
// accept at each step of its story, by people who may take that step.
func TestPracticeStoriesHold(t *testing.T) {
	roles := map[string]map[string]clts.Role{} // committee → login → role
	for _, a := range append(Accounts(), func() (out []Account) {
		for _, p := range People() {
			out = append(out, p.Account)
		}
		return out
	}()...) {
		if a.Committee != "" {
			if roles[a.Committee] == nil {
				roles[a.Committee] = map[string]clts.Role{}
			}
			roles[a.Committee][a.Login] = a.Role
		}
	}
	institutions, groups := map[string]bool{}, map[string]bool{}
	for _, i := range Institutions() {
		institutions[i.Name] = true
	}
	for _, g := range Groups() {
		groups[g.Title] = true
	}
	states := map[string]map[string]int{}
	shared := map[string]int{}
	titles := map[string]bool{}
	for _, s := range practiceStories() {
		p := s.Practice
		t.Run(p.Title, func(t *testing.T) {
			if titles[p.Title] {
				t.Error("two practices with this title")
			}
			titles[p.Title] = true
			member := roles[s.Committee]
			if _, ok := member[s.Author]; !ok {
				t.Errorf("author %s is no member of %s", s.Author, s.Committee)
			}
			if _, ok := member[s.Contact]; s.Contact != "" && !ok {
				t.Errorf("contact %s is no member", s.Contact)
			}
			if s.State != clts.PracticeDraft && member[s.moderator()] != clts.RolePilote {
				t.Errorf("moderator %s is no pilot", s.moderator())
			}
			if s.Revision != nil && s.Reviser != s.Author && member[s.Reviser] != clts.RolePilote {
				t.Errorf("reviser %s is neither the author nor a pilot", s.Reviser)
			}
			for _, f := range s.Flags {
				if _, ok := member[f.By]; !ok || f.By == s.Author || !s.published() || s.State != clts.PracticePublished {
					t.Errorf("flag by %s: not a member, the author, or not on a published practice", f.By)
				}
				if err := clts.ValidateComment("motif", f.Reason); err != nil {
					t.Errorf("flag: %v", err)
				}
			}
			for _, name := range s.Institutions {
				if s.Committee != "37-41" || !institutions[name] {
					t.Errorf("no institution %q in %s", name, s.Committee)
				}
			}
			for _, title := range s.Groups {
				if s.Committee != "37-41" || !groups[title] {
					t.Errorf("no group %q in %s", title, s.Committee)
				}
			}
			check := func(p clts.Practice, submitted bool) {
				validate := p.Validate
				if submitted {
					validate = p.ValidateForSubmission
				}
				if err := validate(); err != nil {
					t.Errorf("refused: %+v", err)
				}
				if _, err := practiceTexts(p); err != nil {
					t.Errorf("Markdown refused: %v", err)
				}
			}
			check(p, s.State != clts.PracticeDraft)
			if s.Returned != "" {
				if err := clts.ValidateComment("commentaire", s.Returned); err != nil {
					t.Errorf("return comment: %v", err)
				}
				if s.State != clts.PracticeReturned {
					if s.Correct == nil {
						t.Error("returned, then submitted again without a correction")
					}
					s.Correct(&p)
					check(p, true)
				}
			}
			if s.Revision != nil {
				s.Revision(&p)
				check(p, true)
			}
			if (s.State == clts.PracticeWithdrawn) != (s.Withdrawn != "") || (s.Shared && s.State != clts.PracticePublished) {
				t.Error("a withdrawal reason without a withdrawal, or shared without being published")
			}
			for _, f := range s.Attachments {
				b, contentType, err := f.content()
				if err != nil || http.DetectContentType(b) != contentType {
					t.Errorf("attachment %s: %v, detected %q, stored as %q", f.Name, err, http.DetectContentType(b), contentType)
				}
			}
		})
		if states[s.Committee] == nil {
			states[s.Committee] = map[string]int{}
		}
		states[s.Committee][s.State]++
		if s.Shared {
			shared[s.Committee]++
		}
	}
	if n := len(titles); n < 28 || n > 36 {
		t.Errorf("%d practices, want about thirty", n)
	}
	for _, st := range []string{clts.PracticeDraft, clts.PracticeSubmitted, clts.PracticeReturned, clts.PracticePublished, clts.PracticeWithdrawn} {
		if states["37-41"][st] == 0 {
			t.Errorf("no practice %s in 37-41", st)
		}
	}
	if shared["37-41"] == 0 || shared["autre"] == 0 || states["autre"][clts.PracticePublished] <= shared["autre"] {
		t.Errorf("shared: %v; autre: %v; want some shared in both, and one published but not shared in autre", shared, states["autre"])
	}
	if !slices.ContainsFunc(practiceStories(), func(s *practiceStory) bool { return len(s.Attachments) > 0 && s.Shared }) {
		t.Error("no shared practice with an attachment: the national reader has nothing to download")
	}
}
