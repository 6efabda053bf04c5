package auth

import (
	"errors"
	"testing"

	"github.com/portail-clts/clts/internal/clts"
)

// TestDocumentRules walks who asks × the document's audience × their place
// in its group × whether they uploaded it: reading, and changing it.
func TestDocumentRules(t *testing.T) {
	pilot := Principal{AccountID: 1, Role: clts.RolePilote}
	partner := Principal{AccountID: 2, Role: clts.RolePartenaire}
	supported := Principal{AccountID: 3, Role: clts.RoleAccompagne}
	hcts := Principal{AccountID: 4, HCTSReader: true}
	const (
		ok        = "ok"
		forbidden = "403"
		notFound  = "404"
	)
	cases := []struct {
		name        string
		p           Principal
		audience    string
		groupStatus string
		uploader    int64
		read, write string
	}{
		{"pilot, committee", pilot, clts.AudienceCommittee, "", 9, ok, ok},
		{"pilot outside the group, group", pilot, clts.AudienceGroup, "", 9, ok, ok},
		{"pilot, pilots", pilot, clts.AudiencePilots, "", 9, ok, ok},
		{"member, committee", partner, clts.AudienceCommittee, "", 9, ok, forbidden},
		{"member uploader, committee", partner, clts.AudienceCommittee, "", 2, ok, ok},
		{"supported person, committee", supported, clts.AudienceCommittee, "", 9, ok, forbidden},
		{"group member, group", partner, clts.AudienceGroup, clts.StatusMember, 9, ok, forbidden},
		{"group member uploader, group", partner, clts.AudienceGroup, clts.StatusMember, 2, ok, ok},
		{"group lead, group", partner, clts.AudienceGroup, clts.StatusLead, 9, ok, ok},
		{"group lead, committee document", partner, clts.AudienceCommittee, clts.StatusLead, 9, ok, forbidden},
		{"pending request, group", partner, clts.AudienceGroup, clts.StatusPending, 9, notFound, notFound},
		{"outside the group, group", partner, clts.AudienceGroup, "", 9, notFound, notFound},
		{"outside the group uploader, group", partner, clts.AudienceGroup, "", 2, notFound, notFound},
		{"member, pilots", partner, clts.AudiencePilots, "", 9, notFound, notFound},
		{"group lead, pilots", partner, clts.AudiencePilots, clts.StatusLead, 9, notFound, notFound},
		{"former pilot uploader, pilots", partner, clts.AudiencePilots, "", 2, notFound, notFound},
		{"HCTS reader, committee", hcts, clts.AudienceCommittee, "", 9, notFound, notFound},
		{"pilot, unknown audience", pilot, "autre", "", 9, notFound, notFound},
	}
	outcome := func(err error) string {
		switch {
		case err == nil:
			return ok
		case errors.Is(err, ErrDocumentNotFound):
			return notFound
		case errors.Is(err, ErrDocumentForbidden):
			return forbidden
		}
		return err.Error()
	}
	for _, c := range cases {
		f := DocumentFacts{Audience: c.audience, GroupStatus: c.groupStatus, UploaderID: c.uploader}
		if got := outcome(CheckDocument(c.p, f, ReadDocument)); got != c.read {
			t.Errorf("%s: read = %s, want %s", c.name, got, c.read)
		}
		if got := outcome(CheckDocument(c.p, f, ChangeDocument)); got != c.write {
			t.Errorf("%s: change = %s, want %s", c.name, got, c.write)
		}
		if got := outcome(CheckDocument(c.p, f, DocumentAction("supprimer"))); got == ok {
			t.Errorf("%s: an unknown action is allowed", c.name)
		}
		if CanReadDocument(c.p, f) != (c.read == ok) {
			t.Errorf("%s: CanReadDocument disagrees with CheckDocument", c.name)
		}
	}
}

// TestDocumentPlaces walks who uploads × where the document goes.
func TestDocumentPlaces(t *testing.T) {
	pilot := Principal{AccountID: 1, Role: clts.RolePilote}
	partner := Principal{AccountID: 2, Role: clts.RolePartenaire}
	groupMeeting := func(status string) *MeetingFacts {
		return &MeetingFacts{Kind: clts.KindGroup, Status: clts.MeetingPlanned, GroupStatus: status}
	}
	plenary := &MeetingFacts{Kind: clts.KindPlenary, Status: clts.MeetingPlanned}
	cases := []struct {
		name  string
		p     Principal
		place DocumentPlace
		want  bool
	}{
		{"pilot, committee", pilot, DocumentPlace{Audience: clts.AudienceCommittee}, true},
		{"pilot, pilots", pilot, DocumentPlace{Audience: clts.AudiencePilots}, true},
		{"pilot, any group", pilot, DocumentPlace{Audience: clts.AudienceGroup}, true},
		{"pilot, a plenary's item", pilot, DocumentPlace{Audience: clts.AudienceCommittee, Meeting: plenary}, true},
		{"member, committee", partner, DocumentPlace{Audience: clts.AudienceCommittee}, false},
		{"lead, their group", partner, DocumentPlace{Audience: clts.AudienceGroup, GroupStatus: clts.StatusLead}, true},
		{"member of the group, their group", partner, DocumentPlace{Audience: clts.AudienceGroup, GroupStatus: clts.StatusMember}, false},
		{"lead, committee", partner, DocumentPlace{Audience: clts.AudienceCommittee, GroupStatus: clts.StatusLead}, false},
		{"lead, pilots", partner, DocumentPlace{Audience: clts.AudiencePilots, GroupStatus: clts.StatusLead}, false},
		{"lead, their group's meeting, group", partner,
			DocumentPlace{Audience: clts.AudienceGroup, GroupStatus: clts.StatusLead, Meeting: groupMeeting(clts.StatusLead)}, true},
		{"lead, their group's meeting, committee", partner,
			DocumentPlace{Audience: clts.AudienceCommittee, Meeting: groupMeeting(clts.StatusLead)}, true},
		{"lead, their group's meeting, pilots", partner,
			DocumentPlace{Audience: clts.AudiencePilots, Meeting: groupMeeting(clts.StatusLead)}, false},
		{"member, their group's meeting", partner,
			DocumentPlace{Audience: clts.AudienceCommittee, Meeting: groupMeeting(clts.StatusMember)}, false},
		{"member, a plenary's item", partner, DocumentPlace{Audience: clts.AudienceCommittee, Meeting: plenary}, false},
		{"lead of a group, a plenary's item, their group", partner,
			DocumentPlace{Audience: clts.AudienceGroup, GroupStatus: clts.StatusLead, Meeting: plenary}, false},
		{"not a member", Principal{AccountID: 5, HCTSReader: true}, DocumentPlace{Audience: clts.AudienceCommittee}, false},
	}
	for _, c := range cases {
		if got := CanPlaceDocument(c.p, c.place); got != c.want {
			t.Errorf("%s: CanPlaceDocument = %v, want %v", c.name, got, c.want)
		}
	}
	if !CanUploadDocuments(pilot, false, false) || CanUploadDocuments(partner, false, false) ||
		!CanUploadDocuments(partner, true, false) || !CanUploadDocuments(partner, false, true) {
		t.Error("CanUploadDocuments: pilots, leads and organisers only")
	}
}
