package clts

import "time"

// AccessSheetTTL is how long a printed access sheet stays valid: long
// enough to hand it over at the next meeting or send it by post, short
// enough that a lost sheet soon stops working.
const AccessSheetTTL = 7 * 24 * time.Hour

// AccessSheet is a new access to an existing account, printed by a pilot
// for a member without an e-mail address: a single-use code (only its hash
// is stored) with which the member chooses a new password for the same
// account.
type AccessSheet struct {
	CommitteeID int64
	ID          int64
	AccountID   int64
	DisplayName string // the member's
	Login       string // the member's login name, printed on the sheet
	ExpiresAt   time.Time
}
