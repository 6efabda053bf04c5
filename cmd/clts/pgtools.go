package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// findPGTool returns the path of a PostgreSQL client program (pg_dump,
// pg_restore): from PATH, or else the newest /usr/lib/postgresql/*/bin,
// where Debian's server package puts them without linking them into PATH
// when postgresql-client-common is missing. A newer pg_dump reads older
// servers, never the reverse, hence the newest.
func findPGTool(name string) (string, error) {
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/" + name)
	major := func(p string) int {
		v, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(p))))
		return v
	}
	sort.Slice(matches, func(i, j int) bool { return major(matches[i]) > major(matches[j]) })
	if len(matches) > 0 {
		return matches[0], nil
	}
	return "", fmt.Errorf("%s introuvable : installez les outils clients de PostgreSQL (paquet Debian postgresql-client, de la même version que le serveur ou plus récente)", name)
}

// kvPassword matches the password of a keyword/value connection string,
// quoted or not.
var kvPassword = regexp.MustCompile(`(?:^|\s)password\s*=\s*(?:'(?:[^'\\]|\\.)*'|\S+)`)

// splitPassword takes the password out of a connection string, URL or
// keyword/value, so that it reaches the client program through PGPASSWORD
// rather than its command line, which every local user may read (ps).
func splitPassword(conn string) (rest, password string) {
	if strings.HasPrefix(conn, "postgres://") || strings.HasPrefix(conn, "postgresql://") {
		u, err := url.Parse(conn)
		if err != nil {
			return conn, ""
		}
		if u.User != nil {
			if p, ok := u.User.Password(); ok {
				password = p
				u.User = url.User(u.User.Username())
			}
		}
		q := u.Query()
		if p := q.Get("password"); p != "" {
			password = p
			q.Del("password")
			u.RawQuery = q.Encode()
		}
		return u.String(), password
	}
	m := kvPassword.FindStringIndex(conn)
	if m == nil {
		return conn, ""
	}
	kv := strings.TrimSpace(conn[m[0]:m[1]])
	value := strings.TrimSpace(kv[strings.Index(kv, "=")+1:])
	if strings.HasPrefix(value, "'") {
		value = strings.NewReplacer(`\'`, `'`, `\\`, `\`).Replace(value[1 : len(value)-1])
	}
	return strings.TrimSpace(strings.TrimSpace(conn[:m[0]]) + " " + strings.TrimSpace(conn[m[1]:])), value
}

// pgTool runs a PostgreSQL client program against the connection string
// conn, never prompting for a password; its output goes to stdout (nil
// discards it) and its error output becomes the error.
func pgTool(ctx context.Context, tool, conn string, stdout io.Writer, args ...string) error {
	path, err := findPGTool(tool)
	if err != nil {
		return err
	}
	rest, password := splitPassword(conn)
	args = append([]string{"--no-password", "--dbname=" + rest}, args...)
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Env = os.Environ()
	if password != "" {
		cmd.Env = append(cmd.Env, "PGPASSWORD="+password)
	}
	cmd.Stdout = stdout
	var stderr bytes.Buffer
	cmd.Stderr = &limitedWriter{w: &stderr, n: 64 << 10}
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("%s interrompu : %w", tool, ctx.Err())
		}
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return &pgToolError{tool: tool, msg: msg}
	}
	return nil
}

// pgToolError is a client program's failure, with what it wrote.
type pgToolError struct{ tool, msg string }

func (e *pgToolError) Error() string { return e.tool + " a échoué :\n" + e.msg }

// toolSaid reports whether err is a client program's failure whose
// output contains s.
func toolSaid(err error, s string) bool {
	var te *pgToolError
	return errors.As(err, &te) && strings.Contains(te.msg, s)
}

// limitedWriter keeps the first n bytes written to it and drops the rest, so
// a chatty failure cannot fill the memory.
type limitedWriter struct {
	w io.Writer
	n int
}

func (l *limitedWriter) Write(p []byte) (int, error) {
	if l.n > 0 {
		k := min(len(p), l.n)
		l.n -= k
		_, _ = l.w.Write(p[:k])
	}
	return len(p), nil
}
