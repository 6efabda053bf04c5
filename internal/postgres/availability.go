package postgres

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
)

// Ready checks that the database can serve a signed-in request: one bounded
// statement that reads the sessions table, which every page behind a session
// reads first. A plain SELECT 1 would answer while that table is locked (a
// migration, a VACUUM FULL, an operator's mistake) and every signed-in page
// hangs; this one waits for the same lock and fails at ctx's deadline.
func (db *DB) Ready(ctx context.Context) error {
	var exists bool
	if err := db.pool.QueryRow(ctx, `SELECT EXISTS (SELECT FROM sessions LIMIT 1)`).Scan(&exists); err != nil {
		return fmt.Errorf("postgres: ready: %w", err)
	}
	return nil
}

// Unavailable reports whether err means that the database could not answer
// (down, restarting, unreachable, too slow for the request's deadline)
// rather than that the request was wrong: the portal then answers 503 and
// the person may simply try again.
func Unavailable(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, context.DeadlineExceeded) || pgconn.Timeout(err) {
		return true
	}
	var connect *pgconn.ConnectError
	if errors.As(err, &connect) {
		return true
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case strings.HasPrefix(pe.Code, "08"), // connection exception
			pe.Code == "53300", // too_many_connections
			pe.Code == "57014", // query_canceled (statement timeout)
			pe.Code == "57P01", // admin_shutdown
			pe.Code == "57P02", // crash_shutdown
			pe.Code == "57P03": // cannot_connect_now (starting up, shutting down)
			return true
		}
		return false
	}
	// A connection that died under a statement: the server went away.
	var ne net.Error
	return pgconn.SafeToRetry(err) || errors.As(err, &ne) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) || errors.Is(err, net.ErrClosed)
}
