package main

import (
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// cpuClock is the unit of /proc/stat (USER_HZ, 100 on Linux).
const cpuClock = 100

// cpuSample is the machine's busy CPU time and this process tree's own,
// at one moment: their difference between two samples is the CPU time
// other work on the machine took while the bench ran.
type cpuSample struct {
	machine, ours time.Duration
}

// sampleCPU reads the busy time of all CPUs (user, nice and system in
// /proc/stat; interrupts are left out, as the loopback traffic of the load
// is partly counted there and in no process) and the CPU time of this
// process and of its children that ended: the servers, wrk, PostgreSQL and
// its backends, once they have been stopped.
func sampleCPU() cpuSample {
	var s cpuSample
	if b, err := os.ReadFile("/proc/stat"); err == nil {
		line, _, _ := strings.Cut(string(b), "\n")
		f := strings.Fields(line) // cpu user nice system idle iowait irq softirq steal …
		for _, i := range []int{1, 2, 3} {
			if i < len(f) {
				n, _ := strconv.ParseInt(f[i], 10, 64)
				s.machine += time.Duration(n) * time.Second / cpuClock
			}
		}
	}
	for _, who := range []int{syscall.RUSAGE_SELF, syscall.RUSAGE_CHILDREN} {
		var ru syscall.Rusage
		if syscall.Getrusage(who, &ru) == nil {
			s.ours += time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		}
	}
	return s
}

// othersShare is the share of the machine's CPU time between two samples
// that other work took.
func othersShare(start, end cpuSample, elapsed time.Duration, cpus int) float64 {
	others := (end.machine - start.machine) - (end.ours - start.ours)
	if elapsed <= 0 || others < 0 {
		return 0
	}
	return float64(others) / (float64(elapsed) * float64(cpus))
}
