package paths

import "strconv"

// The notification centre, the preferences, and the links e-mails carry
// (answering a meeting, one-click unsubscribe), which work without being
// signed in: their token says who and what.
const (
	Notifications           = "/notifications"
	NotificationsReadAll    = "/notifications/tout-lu"
	NotificationReadPattern = "/notifications/{notificationID}/lu"
	NotificationSettings    = "/compte/notifications"
	MailAnswerPattern       = "/courriel/reponse/{token}"
	MailUnsubscribePattern  = "/courriel/desabonnement/{token}"
)

// NotificationRead is the form that marks one notification read.
func NotificationRead(id int64) string {
	return Notifications + "/" + strconv.FormatInt(id, 10) + "/lu"
}

// MailAnswer is the page that confirms a meeting's answer given from an
// e-mail; answer (clts.AnswerYes, AnswerNo, AnswerMaybe) preselects the choice.
func MailAnswer(token, answer string) string {
	p := "/courriel/reponse/" + token
	if answer != "" {
		p += "?reponse=" + answer
	}
	return p
}

// MailUnsubscribe is the one-click unsubscribe link (RFC 8058): a POST
// changes the preference, a GET shows a page with the button.
func MailUnsubscribe(token string) string { return "/courriel/desabonnement/" + token }
