package auth

import (
	"errors"
	"testing"

	"github.com/portail-clts/clts/internal/clts"
)

// TestContributionRules walks who asks × the contribution's state × every
// transition: each cell names the expected answer — nil (allowed), 404
// (may not read it), 403 (may never do it) or the conflict that says why
// not now. Every cell of the table is checked; a missing cell fails.
func TestContributionRules(t *testing.T) {
	const authorID, coauthorID = 10, 11
	viewers := map[string]Principal{
		"author":          {AccountID: authorID, Role: clts.RoleProfessionnel},
		"coauthor-accomp": {AccountID: coauthorID, Role: clts.RoleAccompagne},
		"author-pilot":    {AccountID: authorID, Role: clts.RolePilote},
		"pilot":           {AccountID: 2, Role: clts.RolePilote},
		"member":          {AccountID: 3, Role: clts.RolePartenaire},
		"inactive-author": {AccountID: authorID}, // no active role in the committee
		"hcts-reader":     {AccountID: 6, HCTSReader: true, HCTSPublisher: true},
		"operator":        {AccountID: 7, Operator: true},
	}
	facts := func(status string, mod func(*ContributionFacts)) ContributionFacts {
		f := ContributionFacts{Status: status, Authors: []int64{authorID, coauthorID}, CampaignOpen: true,
			Transmitted: status == clts.ContributionTransmitted, Category: clts.CategoryNeeds}
		if mod != nil {
			mod(&f)
		}
		return f
	}
	states := map[string]ContributionFacts{
		"draft":     facts(clts.ContributionDraft, nil),
		"returned":  facts(clts.ContributionDraft, func(f *ContributionFacts) { f.EverProposed = true }),
		"proposed":  facts(clts.ContributionProposed, func(f *ContributionFacts) { f.EverProposed = true }),
		"validated": facts(clts.ContributionValidated, func(f *ContributionFacts) { f.EverProposed = true }),
		"validated-closed": facts(clts.ContributionValidated, func(f *ContributionFacts) {
			f.EverProposed, f.CampaignOpen = true, false
		}),
		"validated-participation": facts(clts.ContributionValidated, func(f *ContributionFacts) {
			f.EverProposed, f.Category = true, clts.CategoryParticipation
		}),
		"transmitted":        facts(clts.ContributionTransmitted, func(f *ContributionFacts) { f.EverProposed = true }),
		"transmitted-closed": facts(clts.ContributionTransmitted, func(f *ContributionFacts) { f.EverProposed, f.CampaignOpen = true, false }),
		"transmitted-corrected": facts(clts.ContributionTransmitted, func(f *ContributionFacts) {
			f.EverProposed, f.HasNext = true, true
		}),
		"transmitted-participation": facts(clts.ContributionTransmitted, func(f *ContributionFacts) {
			f.EverProposed, f.Category = true, clts.CategoryParticipation
		}),
		"unknown": facts("supprimee", nil),
	}
	var (
		ok       error
		notFound = ErrContributionNotFound
		no       = ErrContributionForbidden
		st       = ErrContributionState
		locked   = ErrContributionLocked
		closed   = ErrCampaignClosed
		again    = ErrAlreadyCorrected
	)
	// The columns, in order: read, edit, propose, return, validate,
	// transmit, correct, delete, consent, comment_indicators.
	type row [10]error
	hidden := row{notFound, notFound, notFound, notFound, notFound, notFound, notFound, notFound, notFound, notFound}
	tests := []struct {
		state, viewer string
		want          row
	}{
		// A draft: its authors write, propose or delete it; the pilots
		// read it and wait; other members do not see it.
		{"draft", "author", row{ok, ok, ok, no, no, no, st, ok, ok, no}},
		{"draft", "coauthor-accomp", row{ok, ok, ok, no, no, no, st, ok, ok, no}},
		{"draft", "author-pilot", row{ok, ok, ok, st, st, st, st, ok, ok, no}},
		{"draft", "pilot", row{ok, no, no, st, st, st, st, no, no, no}},
		{"draft", "member", hidden},
		{"draft", "inactive-author", hidden},
		{"draft", "hcts-reader", hidden},
		{"draft", "operator", hidden},
		// Returned to its authors: a draft again, kept (not deleted).
		{"returned", "author", row{ok, ok, ok, no, no, no, st, st, ok, no}},
		{"returned", "pilot", row{ok, no, no, st, st, st, st, no, no, no}},
		{"returned", "member", hidden},
		// Proposed: the pilots edit, validate or return it.
		{"proposed", "author", row{ok, st, st, no, no, no, st, st, ok, no}},
		{"proposed", "pilot", row{ok, ok, no, ok, ok, st, st, no, no, no}},
		{"proposed", "author-pilot", row{ok, ok, st, ok, ok, st, st, st, ok, no}},
		{"proposed", "member", hidden},
		{"proposed", "hcts-reader", hidden},
		// Validated: the pilots edit, return or transmit it, while the
		// campaign is open.
		{"validated", "author", row{ok, st, st, no, no, no, st, st, ok, no}},
		{"validated", "pilot", row{ok, ok, no, ok, st, ok, st, no, no, no}},
		{"validated", "member", hidden},
		{"validated-closed", "pilot", row{ok, ok, no, ok, st, closed, st, no, no, no}},
		{"validated-participation", "pilot", row{ok, ok, no, ok, st, ok, st, no, no, ok}},
		{"validated-participation", "author", row{ok, st, st, no, no, no, st, st, ok, no}},
		// Transmitted: locked; every member reads it; a pilot or an
		// author starts its correction, once, while the campaign is open.
		{"transmitted", "author", row{ok, locked, st, no, no, no, ok, st, locked, no}},
		{"transmitted", "pilot", row{ok, locked, no, st, st, st, ok, no, no, no}},
		{"transmitted", "member", row{ok, no, no, no, no, no, no, no, no, no}},
		{"transmitted", "coauthor-accomp", row{ok, locked, st, no, no, no, ok, st, locked, no}},
		{"transmitted", "inactive-author", hidden},
		{"transmitted", "hcts-reader", hidden},
		{"transmitted", "operator", hidden},
		{"transmitted-closed", "pilot", row{ok, locked, no, st, st, st, closed, no, no, no}},
		{"transmitted-corrected", "author", row{ok, locked, st, no, no, no, again, st, locked, no}},
		{"transmitted-participation", "pilot", row{ok, locked, no, st, st, st, ok, no, no, locked}},
		// A state the rules do not know: nobody reads it.
		{"unknown", "pilot", hidden},
		{"unknown", "author", hidden},
	}
	for _, tt := range tests {
		t.Run(tt.state+"/"+tt.viewer, func(t *testing.T) {
			p, f := viewers[tt.viewer], states[tt.state]
			if len(f.Authors) == 0 {
				t.Fatalf("unknown state %q", tt.state)
			}
			for i, a := range ContributionActions {
				err, want := CheckContribution(p, f, a), tt.want[i]
				if want == nil {
					if err != nil {
						t.Errorf("%s: refused (%v), want allowed", a, err)
					}
					continue
				}
				if !errors.Is(err, want) {
					t.Errorf("%s: got %v, want %v", a, err, want)
				}
				if CanContribution(p, f, a) {
					t.Errorf("%s: CanContribution says yes where CheckContribution refuses", a)
				}
			}
			if CheckContribution(p, f, "unknown_action") == nil {
				t.Error("an unknown action is allowed: deny by default")
			}
		})
	}
}

// TestContributionRulesStatusCodes: the refusals map to 404, 403 and 409,
// and the closed campaign speaks French.
func TestContributionRulesStatusCodes(t *testing.T) {
	for err, code := range map[error]string{ErrContributionNotFound: clts.ENOTFOUND, ErrContributionForbidden: clts.EFORBIDDEN,
		ErrContributionState: clts.ECONFLICT, ErrContributionLocked: clts.ECONFLICT, ErrCampaignClosed: clts.ECONFLICT,
		ErrAlreadyCorrected: clts.ECONFLICT} {
		if got := clts.ErrorCode(err); got != code {
			t.Errorf("%v: code %s, want %s", err, got, code)
		}
	}
	if got := ErrCampaignClosed.Message; got != "La campagne est close : plus rien ne peut lui être transmis." {
		t.Errorf("closed campaign: %q", got)
	}
}

// TestContributionPrincipalRights: pilots transmit and see the figures;
// every member writes; HCTS readers with the flag manage campaigns.
func TestContributionPrincipalRights(t *testing.T) {
	for _, r := range []clts.Role{clts.RolePilote, clts.RolePartenaire, clts.RoleProfessionnel, clts.RoleAccompagne} {
		p := Principal{AccountID: 1, Role: r}
		if !CanWriteContribution(p) {
			t.Errorf("%s may not write a contribution", r)
		}
		pilot := r == clts.RolePilote
		if CanTransmitContributions(p) != pilot || p.Can(ViewIndicators) != pilot || p.Can(TransmitContributions) != pilot {
			t.Errorf("%s: transmit %v, indicators %v", r, CanTransmitContributions(p), p.Can(ViewIndicators))
		}
		if p.Can(ManageCampaigns) || p.Can(ReadNational) {
			t.Errorf("%s manages campaigns or reads nationally", r)
		}
	}
	for name, tc := range map[string]struct {
		p              Principal
		manage, reader bool
	}{
		"hcts reader":           {Principal{AccountID: 1, HCTSReader: true}, false, true},
		"hcts campaigns":        {Principal{AccountID: 1, HCTSReader: true, HCTSPublisher: true}, true, true},
		"flag without reader":   {Principal{AccountID: 1, HCTSPublisher: true}, false, false},
		"operator":              {Principal{AccountID: 1, Operator: true}, false, false},
		"pilot with flag stray": {Principal{AccountID: 1, Role: clts.RolePilote, HCTSPublisher: true}, false, false},
	} {
		if tc.p.Can(ManageCampaigns) != tc.manage || tc.p.Can(ReadNational) != tc.reader {
			t.Errorf("%s: manage %v read %v", name, tc.p.Can(ManageCampaigns), tc.p.Can(ReadNational))
		}
		if CanWriteContribution(tc.p) && tc.p.Role == "" {
			t.Errorf("%s writes contributions without a role", name)
		}
	}
}

// TestContributionFactsOf reads the facts from a contribution.
func TestContributionFactsOf(t *testing.T) {
	c := clts.Contribution{Status: clts.ContributionTransmitted, Category: clts.CategoryParticipation, NextID: 9,
		Authors: []clts.ContributionAuthor{{AccountID: 4}, {AccountID: 5}}}
	f := ContributionFactsOf(c, false)
	if !f.Transmitted || !f.HasNext || f.CampaignOpen || len(f.Authors) != 2 || f.Authors[1] != 5 || f.Category != clts.CategoryParticipation {
		t.Errorf("facts: %+v", f)
	}
}
