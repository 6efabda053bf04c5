package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// Role names of a deployment: the owner runs migrations, the web role logs in
// for the application and is a member of clts_app, which migrations grant
// row access to.
const (
	OwnerRole = "clts_owner"
	AppRole   = "clts_app"
	WebRole   = "clts_web"
)

func pgxConfig(url string) (*pgx.ConnConfig, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("postgres: parse connection string: %w", err)
	}
	return cfg, nil
}

// Bootstrap creates the roles and the database dbName on a server where
// adminURL is a superuser. It is idempotent. The roles have no password: it
// serves local clusters reached over a private Unix socket.
func Bootstrap(ctx context.Context, adminURL, dbName string) error {
	conn, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		return fmt.Errorf("postgres: bootstrap: %w", err)
	}
	defer conn.Close(ctx)
	if err := EnsureRoles(ctx, conn); err != nil {
		return err
	}
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT FROM pg_database WHERE datname = $1)", dbName).Scan(&exists); err != nil {
		return fmt.Errorf("postgres: bootstrap: %w", err)
	}
	if !exists {
		sql := fmt.Sprintf("CREATE DATABASE %s OWNER %s", pgx.Identifier{dbName}.Sanitize(), OwnerRole)
		if _, err := conn.Exec(ctx, sql); err != nil {
			return fmt.Errorf("postgres: bootstrap: %w", err)
		}
	}
	return nil
}

// EnsureRoles creates the owner, application and web roles when missing.
// Roles are cluster-wide; concurrent callers may race, which is harmless.
func EnsureRoles(ctx context.Context, conn *pgx.Conn) error {
	const q = `DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'clts_owner') THEN
        CREATE ROLE clts_owner LOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'clts_app') THEN
        CREATE ROLE clts_app NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'clts_web') THEN
        CREATE ROLE clts_web LOGIN IN ROLE clts_app;
    END IF;
EXCEPTION WHEN unique_violation OR duplicate_object THEN
    NULL;
END
$$`
	if _, err := conn.Exec(ctx, q); err != nil {
		return fmt.Errorf("postgres: create roles: %w", err)
	}
	return nil
}
