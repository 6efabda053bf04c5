package auth

import (
	"errors"
	"slices"
	"testing"

	"github.com/portail-clts/clts/internal/clts"
)

var allPracticeActions = []PracticeAction{ReadPractice, EditPractice, SubmitPractice, PublishPractice, ReturnPractice,
	WithdrawPractice, SharePractice, UnsharePractice, FlagPractice, SeeHistory, SeeFlags}

// TestPracticeRules walks who asks × the practice's state × every action:
// what is listed is allowed; everything else is refused, with 404 for whoever
// may not read the practice, 403 for whoever may never do the action, 409
// when the state does not allow it (the table says which).
func TestPracticeRules(t *testing.T) {
	const authorID = 10
	viewers := map[string]Principal{
		"author":            {AccountID: authorID, Role: clts.RolePartenaire},
		"author-accompagne": {AccountID: authorID, Role: clts.RoleAccompagne},
		"author-pilot":      {AccountID: authorID, Role: clts.RolePilote},
		"pilot":             {AccountID: 2, Role: clts.RolePilote},
		"member":            {AccountID: 3, Role: clts.RoleProfessionnel},
		"accompagne":        {AccountID: 4, Role: clts.RoleAccompagne},
		// Not an active member of the committee: no role there.
		"inactive-author": {AccountID: authorID},
		"hcts-reader":     {AccountID: 6, HCTSReader: true},
		"operator":        {AccountID: 7, Operator: true},
	}
	practice := func(status string, shared bool) PracticeFacts {
		return PracticeFacts{Status: status, AuthorID: authorID, Shared: shared}
	}
	states := map[string]PracticeFacts{
		"draft":     practice(clts.PracticeDraft, false),
		"submitted": practice(clts.PracticeSubmitted, false),
		"returned":  practice(clts.PracticeReturned, false),
		"published": practice(clts.PracticePublished, false),
		"shared":    practice(clts.PracticePublished, true),
		"withdrawn": practice(clts.PracticeWithdrawn, false),
		"unknown":   practice("supprimee", false),
	}
	const (
		read, edit, submit, publish, ret, withdraw = ReadPractice, EditPractice, SubmitPractice, PublishPractice, ReturnPractice, WithdrawPractice
		share, unshare, flag, history, flags       = SharePractice, UnsharePractice, FlagPractice, SeeHistory, SeeFlags
	)
	hidden := map[PracticeAction]error{} // every action: 404
	type want struct {
		allowed []PracticeAction
		// refused: the error of each refused action, when not 403.
		refused map[PracticeAction]error
	}
	state := func(actions ...PracticeAction) map[PracticeAction]error {
		m := map[PracticeAction]error{}
		for _, a := range actions {
			m[a] = ErrPracticeState
		}
		return m
	}
	tests := []struct {
		state, viewer string
		want          want
	}{
		// A draft: its author's alone, and the pilots'; only the author
		// writes and proposes it.
		{"draft", "author", want{[]PracticeAction{read, edit, submit, history}, state(flag)}},
		{"draft", "author-accompagne", want{[]PracticeAction{read, edit, submit, history}, state(flag)}},
		{"draft", "author-pilot", want{[]PracticeAction{read, edit, submit, history, flags},
			state(publish, ret, withdraw, share, unshare, flag)}},
		{"draft", "pilot", want{[]PracticeAction{read, history, flags}, state(publish, ret, withdraw, share, unshare, flag)}},
		{"draft", "member", want{nil, hidden}},
		{"draft", "accompagne", want{nil, hidden}},
		{"draft", "inactive-author", want{nil, hidden}},
		{"draft", "hcts-reader", want{nil, hidden}},
		{"draft", "operator", want{nil, hidden}},

		// Proposed: the pilots read, correct, publish or return it; the
		// author waits.
		{"submitted", "author", want{[]PracticeAction{read, history}, state(edit, submit, flag)}},
		{"submitted", "pilot", want{[]PracticeAction{read, edit, publish, ret, history, flags},
			state(withdraw, share, unshare, flag)}},
		{"submitted", "author-pilot", want{[]PracticeAction{read, edit, publish, ret, history, flags},
			state(submit, withdraw, share, unshare, flag)}},
		{"submitted", "member", want{nil, hidden}},
		{"submitted", "hcts-reader", want{nil, hidden}},

		// Returned: back to the author, who corrects and proposes it again.
		{"returned", "author", want{[]PracticeAction{read, edit, submit, history}, state(flag)}},
		{"returned", "pilot", want{[]PracticeAction{read, history, flags}, state(publish, ret, withdraw, share, unshare, flag)}},
		{"returned", "member", want{nil, hidden}},

		// Published: every member reads and flags it; the author and the
		// pilots keep it up to date; the pilots withdraw and share it.
		{"published", "author", want{[]PracticeAction{read, edit, flag, history}, state(submit)}},
		{"published", "pilot", want{[]PracticeAction{read, edit, withdraw, share, flag, history, flags},
			state(publish, ret, unshare)}},
		{"published", "member", want{[]PracticeAction{read, flag}, nil}},
		{"published", "accompagne", want{[]PracticeAction{read, flag}, nil}},
		{"published", "inactive-author", want{nil, hidden}},
		{"published", "hcts-reader", want{nil, hidden}},
		{"published", "operator", want{nil, hidden}},
		{"shared", "pilot", want{[]PracticeAction{read, edit, withdraw, unshare, flag, history, flags},
			state(publish, ret, share)}},
		{"shared", "member", want{[]PracticeAction{read, flag}, nil}},

		// Withdrawn: hidden from members, kept for the pilots and the
		// author; nobody changes it any more.
		{"withdrawn", "author", want{[]PracticeAction{read, history}, state(edit, submit, flag)}},
		{"withdrawn", "pilot", want{[]PracticeAction{read, history, flags},
			state(edit, publish, ret, withdraw, share, unshare, flag)}},
		{"withdrawn", "member", want{nil, hidden}},
		{"withdrawn", "accompagne", want{nil, hidden}},

		// A state the rules do not know: nobody reads it.
		{"unknown", "pilot", want{nil, hidden}},
		{"unknown", "author", want{nil, hidden}},
	}
	for _, tt := range tests {
		t.Run(tt.state+"/"+tt.viewer, func(t *testing.T) {
			p, f := viewers[tt.viewer], states[tt.state]
			for _, a := range allPracticeActions {
				err := CheckPractice(p, f, a)
				if slices.Contains(tt.want.allowed, a) {
					if err != nil {
						t.Errorf("%s: refused (%v), want allowed", a, err)
					}
					continue
				}
				var wantErr error = ErrPracticeForbidden
				if tt.want.refused != nil {
					if e, listed := tt.want.refused[a]; listed {
						wantErr = e
					} else if len(tt.want.refused) == 0 {
						wantErr = ErrPracticeNotFound // hidden
					}
				}
				if !errors.Is(err, wantErr) {
					t.Errorf("%s: got %v, want %v", a, err, wantErr)
				}
				if CanPractice(p, f, a) {
					t.Errorf("%s: CanPractice says yes where CheckPractice refuses", a)
				}
			}
			if CheckPractice(p, f, "unknown_action") == nil {
				t.Error("an unknown action is allowed: deny by default")
			}
		})
	}
}

// TestPracticeRulesCoverEveryState: each state of the domain has a row
// where the author reads the practice, so that a new state is not hidden
// from its author without a decision.
func TestPracticeRulesCoverEveryState(t *testing.T) {
	author := Principal{AccountID: 1, Role: clts.RolePartenaire}
	for _, s := range []string{clts.PracticeDraft, clts.PracticeSubmitted, clts.PracticeReturned, clts.PracticePublished, clts.PracticeWithdrawn} {
		if !CanPractice(author, PracticeFacts{Status: s, AuthorID: 1}, ReadPractice) {
			t.Errorf("the author may not read their practice in state %s", s)
		}
	}
}

// TestPracticeWriters: every active member writes practices; the pilots
// alone moderate them.
func TestPracticeWriters(t *testing.T) {
	for _, r := range []clts.Role{clts.RolePilote, clts.RolePartenaire, clts.RoleProfessionnel, clts.RoleAccompagne} {
		p := Principal{AccountID: 1, Role: r}
		if !CanWritePractice(p) {
			t.Errorf("%s may not write a practice", r)
		}
		if got := CanModeratePractices(p); got != (r == clts.RolePilote) {
			t.Errorf("%s moderates practices: %v", r, got)
		}
	}
	for name, p := range map[string]Principal{"no role": {AccountID: 1}, "hcts": {AccountID: 2, HCTSReader: true}, "operator": {AccountID: 3, Operator: true}} {
		if CanWritePractice(p) || CanModeratePractices(p) {
			t.Errorf("%s writes or moderates a committee's practices", name)
		}
	}
}
