package clts

import (
	"strings"
	"testing"
)

func TestParseTags(t *testing.T) {
	for in, want := range map[string]string{
		"":                               "",
		" , ,":                           "",
		"communication, Stratégie":       "communication|Stratégie",
		"budget,  Budget , BUDGET":       "budget",
		"accès   aux\tdroits, numérique": "accès aux droits|numérique",
	} {
		if got := strings.Join(ParseTags(in), "|"); got != want {
			t.Errorf("ParseTags(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDocumentValidate(t *testing.T) {
	ok := Document{Title: "Stratégie", Audience: AudienceCommittee}
	if err := ok.Validate(); err != nil {
		t.Fatalf("a valid document: %v", err)
	}
	for _, tc := range []struct {
		name  string
		doc   Document
		field string
	}{
		{"no title", Document{Title: "  ", Audience: AudienceCommittee}, FieldDocumentTitle},
		{"long title", Document{Title: strings.Repeat("é", MaxDocumentTitle+1), Audience: AudienceCommittee}, FieldDocumentTitle},
		{"long description", Document{Title: "T", Description: strings.Repeat("a", MaxDocumentDescription+1), Audience: AudienceCommittee}, FieldDocumentDescription},
		{"long folder", Document{Title: "T", Folder: strings.Repeat("a", MaxDocumentFolder+1), Audience: AudienceCommittee}, FieldDocumentFolder},
		{"too many tags", Document{Title: "T", Tags: strings.Split("a,b,c,d,e,f,g,h,i,j,k", ","), Audience: AudienceCommittee}, FieldDocumentTags},
		{"long tag", Document{Title: "T", Tags: []string{strings.Repeat("a", MaxDocumentTag+1)}, Audience: AudienceCommittee}, FieldDocumentTags},
		{"no audience", Document{Title: "T"}, FieldDocumentAudience},
		{"group without group", Document{Title: "T", Audience: AudienceGroup}, FieldDocumentGroup},
	} {
		err := tc.doc.Validate()
		var fe FieldErrors
		if e, isErr := err.(*Error); isErr {
			fe = e.Fields
		}
		if fe[tc.field] == "" {
			t.Errorf("%s: no message for %s (%v)", tc.name, tc.field, err)
		}
	}
}
