package auth

import (
	"testing"
	"time"
)

func TestThrottle(t *testing.T) {
	tests := []struct {
		name        string
		login, addr int
		delay       time.Duration
		refuse      bool
	}{
		{"Fresh", 0, 0, 0, false},
		{"FewFailures", SlowDownAfter - 1, 0, 0, false},
		{"SlowDown", SlowDownAfter, 0, 500 * time.Millisecond, false},
		{"SlowerStill", LockAfter - 1, 0, 2500 * time.Millisecond, false},
		{"Locked", LockAfter, 0, 0, true},
		{"LockedWhateverTheAddress", LockAfter, SlowDownAfterPerAddr, 0, true},
		{"AddressSlowDown", 0, SlowDownAfterPerAddr, AddrDelayStep, false},
		// A whole office behind one address is slowed down, never locked
		// out: the old limit of 50 refused every colleague.
		{"BusyOfficeSlowedNotRefused", 0, 50, 2 * AddrDelayStep, false},
		{"AddressDelayCapped", 0, 100_000, MaxAddrDelay, false},
		{"TheLongerWaitWins", SlowDownAfter, 3 * SlowDownAfterPerAddr, 3 * AddrDelayStep, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := Throttle(tt.login, tt.addr)
			if v.Delay != tt.delay || v.Refused != tt.refuse {
				t.Errorf("Throttle(%d, %d) = %+v, want delay %v, refused %v", tt.login, tt.addr, v, tt.delay, tt.refuse)
			}
		})
	}
}
