package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/clts"
)

// Sessions are the one part of a request read outside its unit of work:
// they are national rows found by a secret token, before anyone is known.
// Each method is a single statement.

// Session is a stored session and what a request needs to know about who
// holds it: the account and, for a committee page, the account's
// membership there (nil when none, or when the URL names no committee).
type Session struct {
	Data       []byte
	Expiry     time.Time
	Account    *clts.Account
	Membership *clts.Membership
	// Member is whether the account is an active member of at least one
	// committee (it may then read the national catalogue of practices).
	Member bool
	// Unread is how many of the account's notifications are unread (the
	// header's « Notifications (3 non lues) »).
	Unread int
	// Supported is whether the account is an active supported person in
	// some committee; read only where the URL names no committee of theirs
	// (the easy interface's default there, auth.EasyMode).
	Supported bool
}

// findSessionSQL reads a live session and who holds it. The account is
// read by a LATERAL subquery that PostgreSQL may not flatten (OFFSET 0), so
// it can only be a probe of accounts_pkey for the session's account_id.
// Written as a plain LEFT JOIN, the planner was free to merge-join the one
// session with accounts_pkey read in order (and to join committees to
// every account first): priced from the sessions table's statistics, where
// the highest account_id was that of the few accounts holding sessions at
// the last ANALYZE, the walk looked like a handful of rows, but a session
// of the last account read all 50,000 accounts of the national dataset
// (1,900 buffers, 20 to 40 ms), in the connections' cached generic plan as
// in a custom one. TestFindSessionProbesWhateverTheAccount holds the plan.
const findSessionSQL = `SELECT s.data, s.expiry,
		a.id, coalesce(a.email, ''), a.login, a.display_name, a.password_hash, a.disabled,
		a.hcts_reader, a.operator, a.session_stamp, a.version, a.hcts_publisher, a.easy_mode,
		c.id, c.slug, c.name, c.departements, m.role, m.active, clts_member_anywhere(a.id),
		(SELECT count(*) FROM notifications n WHERE n.account_id = a.id AND n.read_at IS NULL),
		CASE WHEN a.id IS NOT NULL AND (m.active IS NOT TRUE) THEN clts_supported_anywhere(a.id) ELSE false END
	FROM sessions s
	LEFT JOIN LATERAL (SELECT id, email, login, display_name, password_hash, disabled, hcts_reader,
			operator, session_stamp, version, hcts_publisher, easy_mode
		FROM accounts WHERE id = s.account_id OFFSET 0) a ON true
	LEFT JOIN committees c ON c.slug = $2 AND a.id IS NOT NULL
	LEFT JOIN LATERAL clts_own_membership(a.id, c.id) m ON c.id IS NOT NULL
	WHERE s.token = $1 AND s.expiry > now()`

// FindSession returns the live session of token with its account, the
// account's membership in the committee of slug (empty outside a committee)
// and whether it is an active member anywhere, in one statement. found is
// false when there is no such live session.
func (db *DB) FindSession(ctx context.Context, token, slug string) (s Session, found bool, err error) {
	var (
		a                                clts.Account
		accountID, committeeID           *int64
		email, login, name, hash         *string
		disabled, hcts, operator, active *bool
		campaigns                        *bool
		stamp                            *int64
		version                          *int
		cslug, cname, role               *string
		departements                     []string
		member                           *bool
		unread                           int
		easy                             *bool
		supported                        bool
	)
	err = db.pool.QueryRow(ctx, findSessionSQL, token, slug).Scan(&s.Data, &s.Expiry,
		&accountID, &email, &login, &name, &hash, &disabled, &hcts, &operator, &stamp, &version, &campaigns, &easy,
		&committeeID, &cslug, &cname, &departements, &role, &active, &member, &unread, &supported)
	if errors.Is(err, pgx.ErrNoRows) {
		return Session{}, false, nil
	}
	if err != nil {
		return Session{}, false, fmt.Errorf("postgres: find session: %w", err)
	}
	if accountID != nil {
		a = clts.Account{ID: *accountID, Email: *email, Login: *login, DisplayName: *name, PasswordHash: *hash,
			Disabled: *disabled, HCTSReader: *hcts, Operator: *operator, SessionStamp: *stamp, Version: *version,
			HCTSPublisher: *campaigns, EasyMode: easy}
		s.Account = &a
		s.Member = member != nil && *member
		s.Unread = unread
		s.Supported = supported
	}
	if s.Account != nil && committeeID != nil && role != nil {
		s.Membership = &clts.Membership{AccountID: a.ID, Role: clts.Role(*role), Active: *active,
			Committee: clts.Committee{ID: *committeeID, Slug: *cslug, Name: *cname, Departements: departements}}
	}
	return s, true, nil
}

// SaveSession writes a session with the account it belongs to (0: none).
func (db *DB) SaveSession(ctx context.Context, token string, data []byte, expiry time.Time, accountID int64) error {
	_, err := db.pool.Exec(ctx, `INSERT INTO sessions (token, data, expiry, account_id) VALUES ($1, $2, $3, $4)
		ON CONFLICT (token) DO UPDATE SET data = EXCLUDED.data, expiry = EXCLUDED.expiry, account_id = EXCLUDED.account_id`,
		token, data, expiry, nullID(accountID))
	if err != nil {
		return fmt.Errorf("postgres: save session: %w", err)
	}
	return nil
}

// DeleteSession removes a session.
func (db *DB) DeleteSession(ctx context.Context, token string) error {
	if _, err := db.pool.Exec(ctx, `DELETE FROM sessions WHERE token = $1`, token); err != nil {
		return fmt.Errorf("postgres: delete session: %w", err)
	}
	return nil
}

// DeleteExpiredSessions removes the sessions past their expiry.
func (db *DB) DeleteExpiredSessions(ctx context.Context) error {
	if _, err := db.pool.Exec(ctx, `DELETE FROM sessions WHERE expiry < now()`); err != nil {
		return fmt.Errorf("postgres: delete expired sessions: %w", err)
	}
	return nil
}
