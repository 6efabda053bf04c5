package pages

import (
	"testing"

	"github.com/portail-clts/clts/internal/clts"
)

// TestAuditDetail: with its object named, an entry shows what it adds,
// not the ids that stood for the object nor its name again.
func TestAuditDetail(t *testing.T) {
	named := clts.AuditObject{Kind: clts.ObjectMeeting, ID: 32, Name: "Plénière de mars"}
	for _, tc := range []struct {
		action, subject string
		obj             clts.AuditObject
		want            string
	}{
		{"meeting.answer", "réunion 32 : Oui", named, "Oui"},
		{"minutes.save", "réunion 32", named, ""},
		{"meeting.update", "Plénière de mars", named, ""},
		{"meeting.attendance", "Plénière de mars : 12 présences", named, "12 présences"},
		{"practice.update", "Jardins partagés (fiche 12)", clts.AuditObject{Kind: clts.ObjectPractice, ID: 12, Name: "Jardins partagés"}, ""},
		{"agenda.add", "compte 2024 des actions", named, "compte 2024 des actions"},
		{"meeting.answer", "réunion 32 : Oui", clts.AuditObject{Kind: clts.ObjectMeeting, ID: 32}, "réunion 32 : Oui"},
	} {
		got := auditDetail(clts.AuditEntry{Action: tc.action, Subject: tc.subject, Object: tc.obj})
		if got != tc.want {
			t.Errorf("%s %q: %q, want %q", tc.action, tc.subject, got, tc.want)
		}
	}
}
