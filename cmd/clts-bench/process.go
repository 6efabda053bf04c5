package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// child is a server the bench started: the portal or the bare handler.
type child struct {
	name   string
	base   string // http://host:port
	cmd    *exec.Cmd
	exited chan struct{}
	// ready is the time from process start to the first 200 on readyPath.
	ready time.Duration
}

// startChild starts cmd and waits for a 200 on base+readyPath.
func startChild(ctx context.Context, name, base, readyPath string, cmd *exec.Cmd) (*child, error) {
	c := &child{name: name, base: base, cmd: cmd, exited: make(chan struct{})}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	go func() {
		_ = cmd.Wait()
		close(c.exited)
	}()
	client := &http.Client{Timeout: time.Second}
	for {
		if resp, err := client.Get(base + readyPath); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				c.ready = time.Since(start)
				return c, nil
			}
		}
		select {
		case <-c.exited:
			return nil, fmt.Errorf("%s exited at start (see its log)", name)
		case <-ctx.Done():
			c.stop()
			return nil, ctx.Err()
		case <-time.After(2 * time.Millisecond):
		}
		if time.Since(start) > 60*time.Second {
			c.stop()
			return nil, fmt.Errorf("%s not ready after 60 s", name)
		}
	}
}

// residentParts returns the anonymous and file-backed parts of the
// resident set (RssAnon, RssFile of /proc/PID/status), in KiB: the heap
// and stacks, and the pages of the binary and of other files.
func (c *child) residentParts() (anon, file int64) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", c.cmd.Process.Pid))
	if err != nil {
		return 0, 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		key, value, _ := strings.Cut(line, ":")
		kib, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(value), " kB"), 10, 64)
		switch key {
		case "RssAnon":
			anon = kib
		case "RssFile":
			file = kib
		}
	}
	return anon, file
}

// memory returns the resident set size and its peak, in KiB, from
// /proc/PID/status (VmRSS, VmHWM).
func (c *child) memory() (rss, peak int64, err error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", c.cmd.Process.Pid))
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		key, value, _ := strings.Cut(sc.Text(), ":")
		kib, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(value), " kB"), 10, 64)
		switch key {
		case "VmRSS":
			rss = kib
		case "VmHWM":
			peak = kib
		}
	}
	if rss == 0 {
		return 0, 0, errors.New("no VmRSS in /proc status")
	}
	return rss, peak, sc.Err()
}

// stop asks the server to shut down (SIGTERM) and kills it after 20 s.
func (c *child) stop() {
	if c == nil {
		return
	}
	_ = c.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-c.exited:
	case <-time.After(20 * time.Second):
		_ = c.cmd.Process.Kill()
		<-c.exited
	}
}

// freeAddr returns a loopback address with a port free right now.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}
