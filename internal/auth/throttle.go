package auth

import "time"

// Login throttling: failures are counted over ThrottleWindow, per
// identifier as typed (an e-mail address and a login name of one account
// count apart, as two unknown names would, so that the throttle never tells
// that they belong together) and per client address.
//
// Past SlowDownAfter failures for an identifier each attempt waits, past
// LockAfter it is refused without checking the password, until the failures
// age out of the window or a password reset clears them. An address is only
// ever slowed down, never refused: a département's whole office may share
// one address behind its proxy, and one person's mistakes, or someone's
// guesses, must not lock out every colleague.
const (
	ThrottleWindow       = 15 * time.Minute
	SlowDownAfter        = 3
	LockAfter            = 8
	SlowDownAfterPerAddr = 20
	// AddrDelayStep is the wait past SlowDownAfterPerAddr failures from an
	// address, and how much it grows with every further SlowDownAfterPerAddr
	// failures, up to MaxAddrDelay.
	AddrDelayStep = time.Second
	MaxAddrDelay  = 5 * time.Second
)

// Verdict is the throttle's decision for one login attempt.
type Verdict struct {
	Delay   time.Duration // wait this long before answering
	Refused bool          // refuse without checking the password
}

// Throttle decides from the recent failures for the identifier typed and
// for the address.
func Throttle(failuresForLogin, failuresForAddr int) Verdict {
	if failuresForLogin >= LockAfter {
		return Verdict{Refused: true}
	}
	var v Verdict
	if failuresForLogin >= SlowDownAfter {
		v.Delay = time.Duration(failuresForLogin-SlowDownAfter+1) * 500 * time.Millisecond
	}
	if failuresForAddr >= SlowDownAfterPerAddr {
		d := time.Duration(failuresForAddr/SlowDownAfterPerAddr) * AddrDelayStep
		v.Delay = max(v.Delay, min(d, MaxAddrDelay))
	}
	return v
}
