package auth

import "github.com/portail-clts/clts/internal/clts"

// DocumentFacts are what the rules about one document depend on: who reads
// it, the viewer's status in its group, and who uploaded it. The store
// reads them with the document, in the same statement.
type DocumentFacts struct {
	Audience    string // clts.AudienceCommittee, AudienceGroup or AudiencePilots
	GroupStatus string // the viewer's status in the document's group; "" when none
	UploaderID  int64
}

// DocumentAction is something done to one document, or seen on its page.
type DocumentAction string

// Document actions, decided by CheckDocument.
const (
	ReadDocument   DocumentAction = "read_document"   // its page, its versions and their files
	ChangeDocument DocumentAction = "change_document" // a new version, its title and folder, archive it
)

// Why a document action is refused: 404 for the first, 403 for the second.
var (
	// ErrDocumentNotFound: the person may not read the document: it does
	// not exist for them.
	ErrDocumentNotFound = clts.Errorf(clts.ENOTFOUND, "Document introuvable.")
	// ErrDocumentForbidden: the person reads the document but may not do
	// this to it.
	ErrDocumentForbidden = clts.Errorf(clts.EFORBIDDEN, "Vous ne pouvez pas faire cela pour ce document.")
)

// inGroup reports whether status is a member's or a lead's (a pending
// request is not).
func inGroup(status string) bool {
	return status == clts.StatusLead || status == clts.StatusMember
}

// CanReadDocument reports whether p reads a document: every active member
// for the committee's; the group's members and leads and the pilots for a
// group's; the pilots for theirs. The store's lists say the same in SQL
// (postgres.documentReadable).
func CanReadDocument(p Principal, f DocumentFacts) bool {
	if p.Role == "" {
		return false
	}
	pilot := p.Can(ManageDocuments)
	switch f.Audience {
	case clts.AudienceCommittee:
		return true
	case clts.AudienceGroup:
		return pilot || inGroup(f.GroupStatus)
	case clts.AudiencePilots:
		return pilot
	}
	return false
}

// CanDocument reports whether p may do a to the document. Templates call
// it to show only what p may do.
func CanDocument(p Principal, f DocumentFacts, a DocumentAction) bool {
	return CheckDocument(p, f, a) == nil
}

// CheckDocument returns nil when p may do a to the document, and otherwise
// why not: ErrDocumentNotFound when p may not read it, ErrDocumentForbidden
// when p may not do a. A new version, its details and its archiving are
// for the pilots, the group's leads for a group's document, and whoever
// uploaded it. Deny by default: an unknown action is forbidden.
func CheckDocument(p Principal, f DocumentFacts, a DocumentAction) error {
	if !CanReadDocument(p, f) {
		return ErrDocumentNotFound
	}
	switch a {
	case ReadDocument:
		return nil
	case ChangeDocument:
		if p.Can(ManageDocuments) || (p.AccountID != 0 && p.AccountID == f.UploaderID) ||
			(f.Audience == clts.AudienceGroup && f.GroupStatus == clts.StatusLead) {
			return nil
		}
	}
	return ErrDocumentForbidden
}

// DocumentPlace is where a new document goes, or where a document's
// details move it: who reads it, the viewer's status in the group that
// reads it, and the meeting it belongs to.
type DocumentPlace struct {
	Audience    string
	GroupStatus string // the viewer's status in the reading group (AudienceGroup)
	// Meeting: the facts of the meeting the document belongs to (the
	// viewer's status in its group among them); nil when it belongs to
	// none.
	Meeting *MeetingFacts
}

// CanPlaceDocument reports whether p may upload a document to place (or
// move a document there): pilots anywhere; a group's leads for their
// group, outside a meeting; the organisers of a meeting (its group's
// leads, for a group meeting) for a document of that meeting that the
// committee or the meeting's group reads. Only pilots give documents to
// the pilots alone.
func CanPlaceDocument(p Principal, place DocumentPlace) bool {
	if p.Role == "" {
		return false
	}
	if p.Can(ManageDocuments) {
		return true
	}
	if place.Audience == clts.AudiencePilots {
		return false
	}
	if place.Meeting != nil {
		// A meeting's documents are its organisers': leading another
		// group does not attach one to a plenary.
		return CanOrganiseMeeting(p, *place.Meeting)
	}
	return place.Audience == clts.AudienceGroup && place.GroupStatus == clts.StatusLead
}

// CanUploadDocuments reports whether p may upload documents at all: pilots,
// and the leads of a group (leadsGroup), or of the meeting the form is
// for (organises).
func CanUploadDocuments(p Principal, leadsGroup, organises bool) bool {
	return p.Role != "" && (p.Can(ManageDocuments) || leadsGroup || organises)
}
