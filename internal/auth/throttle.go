package auth

import "time"

// Login throttling: failures are counted over ThrottleWindow, per login name
// typed and per client address. Past the slow-down threshold each attempt
// waits; past the lock threshold attempts are refused without checking the
// password. The address thresholds are higher because a whole office may
// share one address.
const (
	ThrottleWindow       = 15 * time.Minute
	SlowDownAfter        = 3
	LockAfter            = 8
	SlowDownAfterPerAddr = 20
	LockAfterPerAddr     = 50
)

// Verdict is the throttle's decision for one login attempt.
type Verdict struct {
	Delay   time.Duration // wait this long before answering
	Refused bool          // refuse without checking the password
}

// Throttle decides from the recent failures for the login name and for the
// address.
func Throttle(failuresForLogin, failuresForAddr int) Verdict {
	if failuresForLogin >= LockAfter || failuresForAddr >= LockAfterPerAddr {
		return Verdict{Refused: true}
	}
	if failuresForLogin >= SlowDownAfter || failuresForAddr >= SlowDownAfterPerAddr {
		extra := failuresForLogin - SlowDownAfter + 1
		if extra < 1 {
			extra = 1
		}
		return Verdict{Delay: time.Duration(extra) * 500 * time.Millisecond}
	}
	return Verdict{}
}
