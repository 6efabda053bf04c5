package auth

import "time"

// CheckMailAnswer returns nil when the person an answer link was made for
// may still answer meeting m from it at now, and otherwise why not:
// ErrMeetingForbidden when they are no longer invited (their membership
// ended, they left the group), ErrMeetingClosed when the meeting is
// cancelled, held or has started. The portal's own form takes answers
// until the meeting ends (AnswerMeeting); a link from an e-mail stops at
// its start, as the link itself expires then (AnswerClaim.Expires).
func CheckMailAnswer(m MeetingFacts, now time.Time) error {
	if err := CheckMeeting(Principal{}, m, AnswerMeeting, now); err != nil {
		return err
	}
	if !now.Before(m.StartsAt) {
		return ErrMeetingClosed
	}
	return nil
}
