package clts

import (
	"strings"
	"time"
)

// Who may read a document (documents.audience).
const (
	AudienceCommittee = "comite"  // every active member
	AudienceGroup     = "groupe"  // the group's members and leads, and the pilots
	AudiencePilots    = "pilotes" // the pilots
)

// AudienceLabel says who reads a document, in French.
func AudienceLabel(audience, group string) string {
	switch audience {
	case AudienceCommittee:
		return "Tout le comité"
	case AudienceGroup:
		if group == "" {
			return "Un groupe de travail"
		}
		return "Le groupe « " + group + " »"
	case AudiencePilots:
		return "Les pilotes"
	}
	return audience
}

// Limits of a document's fields, in characters (migration 00026).
const (
	MaxDocumentTitle       = 200
	MaxDocumentDescription = 2000
	MaxDocumentFolder      = 100
	MaxDocumentTag         = 40
	MaxDocumentTags        = 10
	MaxDocumentNote        = 500
)

// Form fields of a document.
const (
	FieldDocumentTitle       = "titre"
	FieldDocumentDescription = "description"
	FieldDocumentFolder      = "dossier"
	FieldDocumentTags        = "mots_cles"
	FieldDocumentAudience    = "lecteurs"
	FieldDocumentGroup       = "groupe"
	FieldDocumentNote        = "note"
)

// Document is one of the committee's documents, with its latest version.
type Document struct {
	ID          int64
	Title       string
	Description string
	Folder      string // "" when in no folder
	Tags        []string
	Audience    string
	GroupID     int64 // for AudienceGroup
	GroupTitle  string
	// MeetingID, AgendaItemID: the meeting (and its agenda item) the
	// document belongs to; zero when none. InMinutes: shown with the
	// meeting's minutes.
	MeetingID    int64
	MeetingTitle string
	MeetingAt    *time.Time
	AgendaItemID int64
	ItemTitle    string
	InMinutes    bool
	ArchivedAt   *time.Time
	CreatedBy    int64
	CreatorName  string
	CreatedAt    time.Time
	UpdatedAt    time.Time
	// Latest is the latest version; Versions its number of versions.
	Latest   DocumentVersion
	Versions int
	// Headline is the description with the searched words between
	// <mark> tags, escaped otherwise; "" outside a search.
	Headline string
}

// Archived reports whether the document is archived.
func (d Document) Archived() bool { return d.ArchivedAt != nil }

// DocumentVersion is one version of a document: its file, who gave it and
// when, and a note on what changed.
type DocumentVersion struct {
	ID         int64
	Number     int
	File       File
	Note       string
	AuthorName string
	CreatedAt  time.Time
}

// ParseTags reads the tags typed as a comma-separated list: trimmed, empty
// ones dropped, each once (whatever its case).
func ParseTags(s string) []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range strings.Split(s, ",") {
		t = strings.Join(strings.Fields(t), " ")
		if t == "" || seen[strings.ToLower(t)] {
			continue
		}
		seen[strings.ToLower(t)] = true
		out = append(out, t)
	}
	return out
}

// Validate checks a document's own fields (the audience's group and the
// meeting are checked against the committee by the caller and the store).
func (d Document) Validate() error {
	fe := FieldErrors{}
	switch {
	case strings.TrimSpace(d.Title) == "":
		fe.Add(FieldDocumentTitle, "Indiquez le titre du document.")
	case tooLong(d.Title, MaxDocumentTitle):
		fe.Add(FieldDocumentTitle, maxMessage("Le titre", MaxDocumentTitle))
	}
	if tooLong(d.Description, MaxDocumentDescription) {
		fe.Add(FieldDocumentDescription, maxMessage("La description", MaxDocumentDescription))
	}
	if tooLong(d.Folder, MaxDocumentFolder) {
		fe.Add(FieldDocumentFolder, maxMessage("Le nom du dossier", MaxDocumentFolder))
	}
	if len(d.Tags) > MaxDocumentTags {
		fe.Add(FieldDocumentTags, "Indiquez "+Count(MaxDocumentTags)+" mots-clés au plus.")
	}
	for _, t := range d.Tags {
		if tooLong(t, MaxDocumentTag) {
			fe.Add(FieldDocumentTags, "Chaque mot-clé fait "+Count(MaxDocumentTag)+" caractères au plus.")
		}
	}
	switch d.Audience {
	case AudienceCommittee, AudiencePilots:
	case AudienceGroup:
		if d.GroupID == 0 {
			fe.Add(FieldDocumentGroup, "Choisissez le groupe de travail qui lira le document.")
		}
	default:
		fe.Add(FieldDocumentAudience, "Choisissez qui peut lire le document.")
	}
	return fe.Err()
}

// ValidateNote checks the note of a version.
func ValidateNote(fe FieldErrors, note string) {
	if tooLong(note, MaxDocumentNote) {
		fe.Add(FieldDocumentNote, maxMessage("La note", MaxDocumentNote))
	}
}
