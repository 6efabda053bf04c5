package auth

import (
	"time"

	"github.com/portail-clts/clts/internal/clts"
)

// CharterFacts are what the rules about one version of the charter depend
// on: its state, whether its consultation takes comments now, and the
// viewer's own relation to it. The store reads them with the version.
type CharterFacts struct {
	State string // clts.CharterDraft, CharterConsultation…
	// CommentsOpen: in consultation, and its last day is not over
	// (clts.CharterVersion.ConsultationOpen).
	CommentsOpen bool
	// Accepted: the viewer has accepted this version.
	Accepted bool
}

// CharterFactsOf returns the facts of version v at now, for a viewer who
// accepted it or not.
func CharterFactsOf(v clts.CharterVersion, now time.Time, accepted bool) CharterFacts {
	return CharterFacts{State: v.State, CommentsOpen: v.ConsultationOpen(now), Accepted: accepted}
}

// CharterAction is something done to one version of the charter.
type CharterAction string

// Charter actions, decided by CheckCharter.
const (
	ReadCharter             CharterAction = "read_charter"              // its text, comments and adoption record
	EditCharter             CharterAction = "edit_charter"              // change the text of a draft or a consultation
	OpenCharterConsultation CharterAction = "open_charter_consultation" // open the consultation of a draft, with an end date
	CommentCharter          CharterAction = "comment_charter"           // comment a paragraph or the whole text
	AnswerCharterComment    CharterAction = "answer_charter_comment"    // answer a member's comment
	AdoptCharter            CharterAction = "adopt_charter"             // record its adoption by a plenary
	AcceptCharter           CharterAction = "accept_charter"            // « J'ai lu et j'accepte la charte », once
	SeeCharterAcceptances   CharterAction = "see_charter_acceptances"   // who accepted it and who not yet
	RemindCharter           CharterAction = "remind_charter"            // e-mail those who have not accepted it
)

// Why a charter action is refused: 404, 403 and 409 for the handlers.
var (
	ErrCharterNotFound  = clts.Errorf(clts.ENOTFOUND, "Version de la charte introuvable.")
	ErrCharterForbidden = clts.Errorf(clts.EFORBIDDEN, "Vous ne pouvez pas faire cela pour cette version de la charte.")
	ErrCharterState     = clts.Errorf(clts.ECONFLICT, "L'état de cette version de la charte ne le permet pas, ou plus.")
)

// CanDraftCharter reports whether p may start a new version of the
// charter: the pilots (ManageCharter). Whether one is already being
// prepared is the store's check (one draft or consultation at a time).
func CanDraftCharter(p Principal) bool { return p.Role != "" && p.Can(ManageCharter) }

// CanCharter reports whether p may do a to the version; templates call it
// to show only what p may do.
func CanCharter(p Principal, f CharterFacts, a CharterAction) bool {
	return CheckCharter(p, f, a) == nil
}

// CheckCharter returns nil when p may do a to the version, and otherwise
// why not: ErrCharterNotFound when p may not read it (a draft, for anyone
// but the pilots; anyone outside the committee), ErrCharterForbidden when p
// may never do a, ErrCharterState when the version's state does not allow
// it. Deny by default.
//
// Drafts are the pilots'; a version in consultation, the current one and
// the replaced ones are every member's to read. Pilots edit a draft or a
// consultation, open the consultation of a draft, answer comments and
// record the adoption of a draft or a consultation; every member comments
// while the consultation is open, and accepts the current version once.
func CheckCharter(p Principal, f CharterFacts, a CharterAction) error {
	member := p.Role != ""
	pilot := member && p.Can(ManageCharter)
	if !member || (f.State == clts.CharterDraft && !pilot) {
		return ErrCharterNotFound
	}
	open := f.State == clts.CharterDraft || f.State == clts.CharterConsultation
	var who, when bool
	switch a {
	case ReadCharter:
		who, when = true, true
	case EditCharter:
		who, when = pilot, open
	case OpenCharterConsultation:
		who, when = pilot, f.State == clts.CharterDraft
	case CommentCharter:
		who, when = true, f.State == clts.CharterConsultation && f.CommentsOpen
	case AnswerCharterComment:
		who, when = pilot, f.State != clts.CharterReplaced
	case AdoptCharter:
		who, when = pilot, open
	case AcceptCharter:
		who, when = true, f.State == clts.CharterCurrent && !f.Accepted
	case SeeCharterAcceptances:
		who, when = pilot, f.State == clts.CharterCurrent || f.State == clts.CharterReplaced
	case RemindCharter:
		who, when = pilot, f.State == clts.CharterCurrent
	}
	switch {
	case !who:
		return ErrCharterForbidden
	case !when:
		return ErrCharterState
	}
	return nil
}

// CharterReminderInterval is the least time between two reminders of the
// same version: a second click, or a second pilot, does not e-mail the
// same members twice in a day.
const CharterReminderInterval = 24 * time.Hour

// CharterReminderDue reports whether the reminder of a version last sent
// at last (nil: never) may be sent again at now; if not, next is when it
// may.
func CharterReminderDue(last *time.Time, now time.Time) (due bool, next time.Time) {
	if last == nil {
		return true, now
	}
	next = last.Add(CharterReminderInterval)
	return !now.Before(next), next
}

// InstitutionFacts are what accepting the current version on behalf of a
// partner institution depends on: whether the viewer represents it (a
// member with the partner role attached to it) and whether it has
// accepted already.
type InstitutionFacts struct {
	Represents bool
	Accepted   bool
}

// CheckInstitutionAcceptance returns nil when p may record that an
// institution accepts the version: its representative, or a pilot
// recording it for them; the version must be the current one, and the
// institution must not have accepted it yet.
func CheckInstitutionAcceptance(p Principal, f CharterFacts, inst InstitutionFacts) error {
	if err := CheckCharter(p, f, ReadCharter); err != nil {
		return err
	}
	pilot := p.Can(ManageCharter)
	switch {
	case !pilot && !(inst.Represents && p.Role == clts.RolePartenaire):
		return ErrCharterForbidden
	case f.State != clts.CharterCurrent || inst.Accepted:
		return ErrCharterState
	}
	return nil
}

// CanAcceptForInstitution is CheckInstitutionAcceptance for templates.
func CanAcceptForInstitution(p Principal, f CharterFacts, inst InstitutionFacts) bool {
	return CheckInstitutionAcceptance(p, f, inst) == nil
}

// AdoptionMeeting is what the choice of the meeting that adopted a version
// depends on.
type AdoptionMeeting struct {
	Kind     string // clts.KindPlenary…
	Status   string // clts.MeetingCancelled…
	StartsAt time.Time
}

// AdoptionRefusal returns the French reason why a version cannot be
// recorded as adopted by meeting m on day (Europe/Paris) at now, or "".
//
// The rule: a plenary of the committee, not cancelled, held on or before
// the day of adoption; and that day not in the future. A plenary whose
// attendance is not recorded yet counts (its status may still say
// « prévue »): the pilot may record the adoption first.
func AdoptionRefusal(m AdoptionMeeting, day, now time.Time) (field, message string) {
	switch {
	case m.Kind != clts.KindPlenary:
		return clts.FieldCharterMeeting, "Choisissez une réunion plénière du comité."
	case m.Status == clts.MeetingCancelled:
		return clts.FieldCharterMeeting, "Cette réunion a été annulée : choisissez la réunion plénière qui a adopté la charte."
	case clts.DayIn(day).After(clts.EndOfDay(now)):
		return clts.FieldCharterAdoptedOn, "La date d'adoption ne peut pas être dans le futur."
	case m.StartsAt.After(clts.EndOfDay(clts.DayIn(day))):
		return clts.FieldCharterAdoptedOn, "La date d'adoption ne peut pas précéder la réunion qui l'a adoptée."
	}
	return "", ""
}

// ConsultationEndRefusal returns the French reason why day cannot end a
// consultation opened at now, or "": it must be after today.
func ConsultationEndRefusal(day, now time.Time) string {
	if !clts.DayIn(day).After(clts.EndOfDay(now)) {
		return "La fin de la consultation doit être après aujourd'hui."
	}
	return ""
}

// VoteRefusals checks an adoption's result: unanimity, or a vote with its
// three numbers, more votes for than against.
func VoteRefusals(v clts.Vote) clts.FieldErrors {
	fe := clts.FieldErrors{}
	switch v.Result {
	case clts.AdoptionUnanimity:
	case clts.AdoptionVote:
		if v.For <= v.Against {
			fe.Add(clts.FieldCharterVotesFor, "Pour une adoption, les voix pour doivent être plus nombreuses que les voix contre.")
		}
	default:
		fe.Add(clts.FieldCharterResult, "Indiquez le résultat : à l'unanimité, ou par un vote.")
	}
	return fe
}
