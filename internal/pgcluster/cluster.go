// Package pgcluster runs a private PostgreSQL cluster from the system's server
// binaries, listening on a Unix socket only. `make run` uses it for the
// project-local database and the test harness for a throwaway one.
package pgcluster

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// Superuser is the name of the bootstrap superuser created by initdb.
const Superuser = "postgres"

// ErrNoServer means the PostgreSQL server binaries could not be found.
var ErrNoServer = errors.New("pgcluster: PostgreSQL server binaries not found (install the Debian package \"postgresql\")")

// Options configures a cluster.
type Options struct {
	// Dir holds the data files and the socket. It is created when missing.
	Dir string
	// Settings are passed to the server as -c name=value.
	Settings map[string]string
	// Log receives the server's output; nil discards it.
	Log io.Writer
	// DieWithParent stops the server when the calling process dies (tests).
	DieWithParent bool
}

// Cluster is a running PostgreSQL server.
type Cluster struct {
	dir     string
	cmd     *exec.Cmd
	exited  chan struct{} // closed when the server process has ended
	waitErr error         // set before exited is closed
}

// FindBinDir returns the folder holding initdb and postgres: from PATH, or
// the newest /usr/lib/postgresql/*/bin.
func FindBinDir() (string, error) {
	if p, err := exec.LookPath("postgres"); err == nil {
		dir := filepath.Dir(p)
		if _, err := os.Stat(filepath.Join(dir, "initdb")); err == nil {
			return dir, nil
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			dir := filepath.Dir(real)
			if _, err := os.Stat(filepath.Join(dir, "postgres")); err == nil {
				return dir, nil
			}
		}
	}
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/postgres")
	sort.Slice(matches, func(i, j int) bool { return versionOf(matches[i]) > versionOf(matches[j]) })
	if len(matches) > 0 {
		return filepath.Dir(matches[0]), nil
	}
	return "", ErrNoServer
}

func versionOf(path string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(path))))
	return v
}

// Start initialises the cluster in opts.Dir when it is new, then starts it
// and waits until it accepts connections.
func Start(ctx context.Context, opts Options) (*Cluster, error) {
	bin, err := FindBinDir()
	if err != nil {
		return nil, err
	}
	dir, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, fmt.Errorf("pgcluster: %w", err)
	}
	// The socket path must fit in sun_path (107 bytes).
	if len(dir)+len("/.s.PGSQL.5432") > 107 {
		return nil, fmt.Errorf("pgcluster: folder path too long for a Unix socket: %s", dir)
	}
	cred, err := serverCredential()
	if err != nil {
		return nil, err
	}
	logw := opts.Log
	if logw == nil {
		logw = io.Discard
	}
	if err := prepareDir(dir, cred); err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(dir, "PG_VERSION")); errors.Is(err, os.ErrNotExist) {
		initdb := exec.CommandContext(ctx, filepath.Join(bin, "initdb"),
			"-D", dir, "-U", Superuser, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
		initdb.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
		initdb.Dir = dir
		if out, err := initdb.CombinedOutput(); err != nil {
			return nil, fmt.Errorf("pgcluster: initdb: %w\n%s", err, out)
		}
	}
	// A server killed without shutdown leaves its pid file; postgres itself
	// checks that the pid is gone, so a stale file is harmless.
	args := []string{"-D", dir, "-k", dir, "-c", "listen_addresses=", "-c", "unix_socket_permissions=0777"}
	keys := make([]string, 0, len(opts.Settings))
	for k := range opts.Settings {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		args = append(args, "-c", k+"="+opts.Settings[k])
	}
	cmd := exec.Command(filepath.Join(bin, "postgres"), args...)
	cmd.Dir = dir
	cmd.Stdout = logw
	cmd.Stderr = logw
	// Own process group: Ctrl-C in a terminal reaches the portal, which then
	// stops the server in order, after the HTTP server has drained.
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred, Setpgid: true}
	if opts.DieWithParent {
		cmd.SysProcAttr.Pdeathsig = syscall.SIGQUIT
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("pgcluster: start postgres: %w", err)
	}
	c := &Cluster{dir: dir, cmd: cmd, exited: make(chan struct{})}
	go func() {
		c.waitErr = cmd.Wait()
		close(c.exited)
	}()
	if err := c.waitReady(ctx); err != nil {
		_ = c.Stop()
		return nil, err
	}
	return c, nil
}

// serverCredential returns the identity to run the server as: the postgres
// user when we are root (PostgreSQL refuses to run as root), else nil.
func serverCredential() (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, fmt.Errorf("pgcluster: running as root needs a \"postgres\" system user: %w", err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
}

// prepareDir creates dir with mode 0700, owned by the server's user, and
// checks that this user can reach it through every parent folder.
func prepareDir(dir string, cred *syscall.Credential) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("pgcluster: %w", err)
	}
	if cred == nil {
		return nil
	}
	if err := os.Chown(dir, int(cred.Uid), int(cred.Gid)); err != nil {
		return fmt.Errorf("pgcluster: %w", err)
	}
	for p := filepath.Dir(dir); p != "/"; p = filepath.Dir(p) {
		fi, err := os.Stat(p)
		if err != nil {
			return fmt.Errorf("pgcluster: %w", err)
		}
		if fi.Mode().Perm()&0o001 == 0 {
			return fmt.Errorf("pgcluster: the postgres user cannot traverse %s (mode %v): move the project or run chmod o+x %s", p, fi.Mode().Perm(), p)
		}
	}
	return nil
}

// waitReady polls the socket until the server answers, it exits, or 30 s pass.
func (c *Cluster) waitReady(ctx context.Context) error {
	deadline := time.Now().Add(30 * time.Second)
	for {
		conn, err := pgx.Connect(ctx, c.URL(Superuser, "postgres"))
		if err == nil {
			_ = conn.Close(ctx)
			// The socket may belong to another server already running on
			// this folder: ready means ours wrote the pid file.
			if c.ownsPidFile() {
				return nil
			}
		}
		select {
		case <-c.exited:
			return fmt.Errorf("pgcluster: postgres exited at start (%v); is another server using %s?", c.waitErr, c.dir)
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("pgcluster: postgres not ready after 30s: %v", err)
		}
	}
}

// ownsPidFile reports whether postmaster.pid names our server process.
func (c *Cluster) ownsPidFile() bool {
	b, err := os.ReadFile(filepath.Join(c.dir, "postmaster.pid"))
	if err != nil {
		return false
	}
	first, _, _ := strings.Cut(string(b), "\n")
	return strings.TrimSpace(first) == strconv.Itoa(c.cmd.Process.Pid)
}

// Dir returns the data and socket folder.
func (c *Cluster) Dir() string { return c.dir }

// URL returns a connection string for user on database db over the socket.
func (c *Cluster) URL(user, db string) string {
	return fmt.Sprintf("host=%s port=5432 user=%s dbname=%s sslmode=disable", c.dir, user, db)
}

// Stop asks the server for a fast shutdown (open sessions are ended,
// committed data is kept) and waits for it to exit. Stopping a stopped
// cluster does nothing.
func (c *Cluster) Stop() error {
	if c == nil || c.cmd.Process == nil || c.Exited() {
		return nil
	}
	_ = c.cmd.Process.Signal(syscall.SIGINT)
	select {
	case <-c.exited:
		return nil
	case <-time.After(20 * time.Second):
		_ = c.cmd.Process.Kill()
		<-c.exited
		return errors.New("pgcluster: postgres did not stop in 20s, killed")
	}
}

// Exited reports whether the server process has ended.
func (c *Cluster) Exited() bool {
	select {
	case <-c.exited:
		return true
	default:
		return false
	}
}
