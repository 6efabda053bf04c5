package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// cpuClock is the unit of /proc/stat and /proc/PID/stat (USER_HZ, 100 on
// Linux).
const cpuClock = 100

// cpuSample is the machine's busy CPU time and this process tree's own,
// at one moment: their difference between two samples is the CPU time
// other work on the machine took meanwhile.
type cpuSample struct {
	at            time.Time
	machine, ours time.Duration
}

// procStat is what the bench reads of /proc/PID/stat.
type procStat struct {
	ppid int
	// cpu is the process's user and system time and that of its children
	// it has waited for (utime, stime, cutime, cstime).
	cpu time.Duration
}

// readProcStat reads /proc/PID/stat; the command name, in parentheses,
// may hold spaces.
func readProcStat(pid int) (procStat, bool) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return procStat{}, false
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return procStat{}, false
	}
	f := strings.Fields(s[i+1:]) // state ppid pgrp … utime(12) stime cutime cstime
	if len(f) < 15 {
		return procStat{}, false
	}
	var st procStat
	st.ppid, _ = strconv.Atoi(f[1])
	for _, k := range []int{11, 12, 13, 14} {
		n, _ := strconv.ParseInt(f[k], 10, 64)
		st.cpu += time.Duration(n) * time.Second / cpuClock
	}
	return st, true
}

// processes reads every process's stat.
func processes() map[int]procStat {
	out := map[int]procStat{}
	dirs, _ := os.ReadDir("/proc")
	for _, d := range dirs {
		pid, err := strconv.Atoi(d.Name())
		if err != nil {
			continue
		}
		if st, ok := readProcStat(pid); ok {
			out[pid] = st
		}
	}
	return out
}

// descendants returns root and every process below it.
func descendants(procs map[int]procStat, root int) map[int]bool {
	children := map[int][]int{}
	for pid, st := range procs {
		children[st.ppid] = append(children[st.ppid], pid)
	}
	tree := map[int]bool{}
	stack := []int{root}
	for len(stack) > 0 {
		pid := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if tree[pid] {
			continue
		}
		tree[pid] = true
		stack = append(stack, children[pid]...)
	}
	return tree
}

// sampleCPU reads the busy time of all CPUs (user, nice and system in
// /proc/stat; interrupts are left out, as the loopback traffic of the load
// is partly counted there and in no process) and the CPU time of this
// process tree: the bench, the servers, PostgreSQL and its backends, wrk,
// with the children each has waited for (a PostgreSQL backend that ended,
// a wrk that finished).
func sampleCPU() cpuSample {
	s := cpuSample{at: time.Now()}
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
	procs := processes()
	for pid := range descendants(procs, os.Getpid()) {
		s.ours += procs[pid].cpu
	}
	return s
}

// othersShare is the share of the machine's CPU time between two samples
// that other work took.
func othersShare(start, end cpuSample, cpus int) float64 {
	others := (end.machine - start.machine) - (end.ours - start.ours)
	elapsed := end.at.Sub(start.at)
	if elapsed <= 0 || others < 0 {
		return 0
	}
	return float64(others) / (float64(elapsed) * float64(cpus))
}

// busyCommand is another developer's build or test: measures wait until
// none runs (`ps aux | grep -E 'go (test|build)|/compile |\.test '`).
var busyCommand = regexp.MustCompile(`go (test|build)|/compile |\.test( |$)`)

// othersBusy lists the builds and tests running outside this process tree.
func othersBusy() []string {
	procs := processes()
	ours := descendants(procs, os.Getpid())
	var busy []string
	for pid := range procs {
		if ours[pid] {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "cmdline"))
		if err != nil || len(b) == 0 {
			continue
		}
		cmd := strings.TrimSpace(strings.ReplaceAll(string(b), "\x00", " "))
		if busyCommand.MatchString(cmd) {
			if len(cmd) > 80 {
				cmd = cmd[:80] + "…"
			}
			busy = append(busy, fmt.Sprintf("%d %s", pid, cmd))
		}
	}
	return busy
}

// waitQuiet waits until no build or test of others runs, at most limit;
// it returns how long it waited and whether the machine was quiet then.
func (b *bench) waitQuiet(ctx context.Context, limit time.Duration) (time.Duration, bool, error) {
	start := time.Now()
	logged := false
	for {
		busy := othersBusy()
		if len(busy) == 0 {
			return time.Since(start), true, nil
		}
		if time.Since(start) >= limit {
			b.logf("Toujours occupée après %s, mesure quand même : %s", limit, strings.Join(busy, " ; "))
			return time.Since(start), false, nil
		}
		if !logged {
			b.logf("Attente de la fin d'autres compilations ou tests : %s", strings.Join(busy, " ; "))
			logged = true
		}
		select {
		case <-ctx.Done():
			return time.Since(start), false, ctx.Err()
		case <-time.After(time.Second):
		}
	}
}
