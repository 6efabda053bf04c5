package clts

import (
	"strings"
	"time"
)

// AuditEntry is a line of the audit log.
type AuditEntry struct {
	ID          int64
	CommitteeID int64 // 0 for national events
	ActorID     int64 // 0 when nobody is signed in
	ActorName   string
	Action      string
	Subject     string
	IP          string // empty when the reader may not see addresses (pilots)
	At          time.Time
	// Object is what the entry is about, when it is one of the
	// committee's rows: the journal names it by its current title and
	// links to it.
	Object AuditObject
}

// Kinds of objects an audit entry may name (audit_log.object_kind).
const (
	ObjectMeeting      = "meeting"
	ObjectGroup        = "group"
	ObjectInstitution  = "institution"
	ObjectPractice     = "practice"
	ObjectContribution = "contribution"
	ObjectMember       = "member" // the id is the account's
	ObjectInvitation   = "invitation"
	ObjectCharter      = "charter" // a version of the operating charter
	ObjectDocument     = "document"
	ObjectNews         = "news" // a committee's local news item
)

// AuditObject is the committee row an audit entry is about. Name and At are
// read with the journal (the meeting's title and date as they are now);
// Name is empty when the row is gone or cannot be read.
type AuditObject struct {
	Kind string
	ID   int64
	Name string
	At   *time.Time // a meeting's start
}

// On returns the object of kind with id, for the audit line of a change.
func On(kind string, id int64) AuditObject { return AuditObject{Kind: kind, ID: id} }

// AuditKind is a kind of action the journal filters by: the actions whose
// code begins with one of Prefixes (the part before the dot).
type AuditKind struct {
	Value, Label string
	Prefixes     []string
}

// AuditKinds lists the kinds of action of the journal's filter.
func AuditKinds() []AuditKind {
	return []AuditKind{
		{"reunions", "Réunions, ordres du jour et comptes rendus", []string{"meeting", "agenda", "minutes", "seminar"}},
		{"membres", "Membres, invitations et fiches d'accès", []string{"member", "invitation", "access"}},
		{"groupes", "Groupes de travail", []string{"group"}},
		{"institutions", "Institutions partenaires", []string{"institution"}},
		{"pratiques", "Pratiques inspirantes", []string{"practice"}},
		{"contributions", "Contributions au HCTS", []string{"contribution", "contributions", "campaign"}},
		{"charte", "Charte de fonctionnement", []string{"charter"}},
		{"documents", "Documents", []string{"document"}},
		{"actualites", "Actualités", []string{"news"}},
		{"comptes", "Connexions, comptes et profils", []string{"login", "logout", "account", "second_factor", "profile"}},
		{"exports", "Exports", []string{"export"}},
		{"exploitation", "Exploitation de la plateforme", []string{"committee", "mail"}},
	}
}

// AuditKindOf returns the kind whose Value is v.
func AuditKindOf(v string) (AuditKind, bool) {
	for _, k := range AuditKinds() {
		if k.Value == v {
			return k, true
		}
	}
	return AuditKind{}, false
}

// AuditKindOfAction returns the kind an action belongs to.
func AuditKindOfAction(action string) (AuditKind, bool) {
	prefix, _, _ := strings.Cut(action, ".")
	for _, k := range AuditKinds() {
		for _, p := range k.Prefixes {
			if p == prefix {
				return k, true
			}
		}
	}
	return AuditKind{}, false
}
