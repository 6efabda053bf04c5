package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
)

// ErasedName is the display name of an erased account, in every list and
// on everything it did.
const ErasedName = "Membre supprimé"

// ErasureRequest is a person's request to have their account erased, as
// the person or a pilot of one of their committees sees it.
type ErasureRequest struct {
	AccountID   int64
	DisplayName string
	RequestedAt time.Time
	DueOn       time.Time // one month after the request (RGPD art. 12(3))
	ConfirmedAt *time.Time
}

// ErasureAsker reads the facts auth.ErasureRequestRefusal decides on, for
// the scope's account (a national scope: the account's own).
func (tx *Tx) ErasureAsker(ctx context.Context) (auth.ErasureAsker, error) {
	var a auth.ErasureAsker
	err := tx.queryRow(ctx, `SELECT a.operator, a.hcts_reader,
			(SELECT count(*) FROM memberships m WHERE m.account_id = a.id AND m.active)::int,
			EXISTS (SELECT FROM memberships m WHERE m.account_id = a.id AND m.active AND m.role = 'pilote'
				AND NOT EXISTS (SELECT FROM memberships o WHERE o.committee_id = m.committee_id AND o.account_id <> a.id
					AND o.active AND o.role = 'pilote')),
			EXISTS (SELECT FROM erasure_requests r WHERE r.account_id = a.id AND r.confirmed_at IS NULL)
		FROM accounts a WHERE a.id = $1`, tx.sc.AccountID).Scan(&a.Operator, &a.HCTS, &a.Committees, &a.LastPilotOf, &a.Pending)
	if err != nil {
		return a, fmt.Errorf("postgres: erasure asker: %w", err)
	}
	return a, nil
}

// MyErasureRequest returns the scope's account's waiting request, nil when
// there is none.
func (tx *Tx) MyErasureRequest(ctx context.Context) (*ErasureRequest, error) {
	r := ErasureRequest{AccountID: tx.sc.AccountID}
	err := tx.queryRow(ctx, `SELECT min(requested_at), min(due_on)::timestamptz FROM erasure_requests
		WHERE account_id = $1 AND confirmed_at IS NULL HAVING count(*) > 0`, tx.sc.AccountID).Scan(&r.RequestedAt, &r.DueOn)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: my erasure request: %w", err)
	}
	return &r, nil
}

// RequestErasure records the scope's account's request in every committee
// it is an active member of, so that each committee's pilots see it, with
// the deadline one month ahead; refused (EFORBIDDEN) when
// auth.ErasureRequestRefusal says so. It steps into each committee on the
// person's behalf, like the rest of the person's own rows.
//
// The committee's other active pilots are notified (NotifyDataRights):
// notice writes the title and the e-mail's text from the person's name,
// the committee and the deadline; nil tells nobody.
func (tx *Tx) RequestErasure(ctx context.Context, notice ErasureNotice) error {
	a, err := tx.ErasureAsker(ctx)
	if err != nil {
		return err
	}
	if msg := auth.ErasureRequestRefusal(a); msg != "" {
		return clts.Errorf(clts.EFORBIDDEN, "%s", msg)
	}
	me := tx.sc.AccountID
	committees, err := tx.MembershipsOfAccount(ctx)
	if err != nil {
		return err
	}
	home := tx.sc
	for _, m := range committees {
		if err := tx.rescope(ctx, InCommittee(m.Committee.ID, me)); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `INSERT INTO erasure_requests (committee_id, account_id, due_on)
			VALUES (clts_committee_id(), $1, (now() AT TIME ZONE 'Europe/Paris')::date + interval '1 month')
			ON CONFLICT (committee_id, account_id) DO UPDATE SET requested_at = now(), due_on = EXCLUDED.due_on,
				confirmed_at = NULL, confirmed_by = NULL`, me); err != nil {
			return fmt.Errorf("postgres: request erasure: %w", err)
		}
		if err := tx.auditEntry(ctx, clts.AuditEntry{CommitteeID: m.Committee.ID, ActorID: me, Action: "account.erasure_request",
			Subject: "Demande d'effacement", Object: clts.On(clts.ObjectMember, me)}); err != nil {
			return err
		}
		if notice == nil {
			continue
		}
		var name string
		var due time.Time
		if err := tx.queryRow(ctx, `SELECT a.display_name, r.due_on::timestamptz FROM erasure_requests r JOIN accounts a ON a.id = r.account_id
			WHERE r.committee_id = clts_committee_id() AND r.account_id = $1`, me).Scan(&name, &due); err != nil {
			return fmt.Errorf("postgres: request erasure: %w", err)
		}
		title, body := notice(name, m.Committee, due)
		if _, err := tx.notify(ctx, Notice{Kind: clts.NotifyDataRights, Title: title, Body: body, Link: paths.ErasureRequests(m.Committee.Slug)},
			`SELECT account_id FROM memberships WHERE committee_id = $1 AND active AND role = 'pilote' AND account_id <> $2`,
			m.Committee.ID, me); err != nil {
			return fmt.Errorf("postgres: request erasure: %w", err)
		}
	}
	return tx.rescope(ctx, home)
}

// ErasureNotice writes the pilots' notification of an erasure request:
// its title and its e-mail's text (plain text, absolute links).
type ErasureNotice func(name string, c clts.Committee, due time.Time) (title, body string)

// ErasureRequests lists the scope's committee's waiting requests, the
// nearest deadline first, for its pilots.
func (tx *Tx) ErasureRequests(ctx context.Context) ([]ErasureRequest, error) {
	rows, err := tx.query(ctx, `SELECT r.account_id, a.display_name, r.requested_at, r.due_on::timestamptz, r.confirmed_at
		FROM erasure_requests r JOIN accounts a ON a.id = r.account_id
		WHERE r.committee_id = clts_committee_id() AND r.confirmed_at IS NULL ORDER BY r.due_on, r.account_id`)
	if err != nil {
		return nil, fmt.Errorf("postgres: erasure requests: %w", err)
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (ErasureRequest, error) {
		var r ErasureRequest
		return r, row.Scan(&r.AccountID, &r.DisplayName, &r.RequestedAt, &r.DueOn, &r.ConfirmedAt)
	})
}

// ErasureMail is the e-mail that tells the person their account is erased,
// written by the caller (internal/mails-like texts live with the handler).
type ErasureMail struct{ Subject, Body string }

// ConfirmErasure is a pilot's confirmation of accountID's request in the
// scope's committee: the account is anonymised at once, in every committee
// (see anonymise), the person told by e-mail at their address before it is
// removed, in the same transaction. ENOTFOUND when no request of
// this committee waits; EFORBIDDEN when auth.CanConfirmErasure
// refuses.
func (tx *Tx) ConfirmErasure(ctx context.Context, p auth.Principal, accountID int64, mail ErasureMail) error {
	var f auth.ErasureFacts
	err := tx.queryRow(ctx, `SELECT account_id, confirmed_at IS NOT NULL FROM erasure_requests
		WHERE committee_id = clts_committee_id() AND account_id = $1 FOR UPDATE`, accountID).Scan(&f.AccountID, &f.Confirmed)
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && f.Confirmed) {
		return clts.Errorf(clts.ENOTFOUND, "Cette demande d'effacement n'existe pas ou a déjà été traitée.")
	}
	if err != nil {
		return fmt.Errorf("postgres: confirm erasure: %w", err)
	}
	if !auth.CanConfirmErasure(p, f) {
		return clts.Errorf(clts.EFORBIDDEN, "%s", "Seul un autre pilote du comité peut confirmer cet effacement.")
	}
	return tx.anonymise(ctx, accountID, mail)
}

// anonymise erases the account's identity while keeping what it did: its
// name becomes ErasedName on every row that shows it, its e-mail, login,
// phone, presentation, password, second factor, sessions, preferences,
// notifications and tokens go; its answers, attendance, contributions and
// practices stay, so the committee's figures do not move. Each committee is
// changed in its own scope (row-level security applies as everywhere); the
// erasure flag (clts.erasure) lets this unit of work alone rewrite the
// audit lines' subjects and a transmitted contribution's public authors.
func (tx *Tx) anonymise(ctx context.Context, accountID int64, mail ErasureMail) error {
	home := tx.sc
	var name, login string
	var email *string
	if err := tx.queryRow(ctx, `SELECT display_name, login, email FROM accounts WHERE id = $1 FOR UPDATE`, accountID).
		Scan(&name, &login, &email); err != nil {
		return fmt.Errorf("postgres: anonymise: %w", err)
	}
	if _, err := tx.exec(ctx, `SELECT set_config('clts.erasure', 'on', true)`); err != nil {
		return fmt.Errorf("postgres: anonymise: %w", err)
	}
	// The person's committees, read on their behalf (their own memberships).
	if err := tx.rescope(ctx, Scope{AccountID: accountID}); err != nil {
		return err
	}
	rows, err := tx.query(ctx, `SELECT committee_id, phone FROM memberships WHERE account_id = $1 ORDER BY committee_id`, accountID)
	if err != nil {
		return fmt.Errorf("postgres: anonymise: %w", err)
	}
	type membership struct {
		committee int64
		phone     string
	}
	ms, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (membership, error) {
		var m membership
		return m, row.Scan(&m.committee, &m.phone)
	})
	if err != nil {
		return fmt.Errorf("postgres: anonymise: %w", err)
	}
	// The rows only the account itself may touch (their tables' policies),
	// deleted on their behalf: their archives, their second factor's
	// secret and recovery codes, the national news they read. In the
	// pilot's scope these statements would delete nothing.
	for _, q := range []string{
		`DELETE FROM data_exports WHERE account_id = $1`,
		`DELETE FROM second_factors WHERE account_id = $1`,
		`DELETE FROM national_news_reads WHERE account_id = $1`,
	} {
		if _, err := tx.exec(ctx, q, accountID); err != nil {
			return fmt.Errorf("postgres: anonymise: %w", err)
		}
	}
	mailAddr := ""
	if email != nil {
		mailAddr = *email
	}
	for _, m := range ms {
		if err := tx.rescope(ctx, InCommittee(m.committee, home.AccountID)); err != nil {
			return err
		}
		if err := tx.anonymiseInCommittee(ctx, accountID, name, mailAddr, m.phone); err != nil {
			return err
		}
	}
	if err := tx.rescope(ctx, Scope{AccountID: home.AccountID}); err != nil {
		return err
	}
	if err := tx.anonymiseNational(ctx, accountID, name, login, mailAddr); err != nil {
		return err
	}
	// The person is told at the address about to go: the e-mail is the
	// one row that still holds it, until the retention purge of e-mails.
	if mailAddr != "" {
		if err := tx.enqueueMail(ctx, Mail{To: mailAddr, Subject: mail.Subject, Body: mail.Body}); err != nil {
			return err
		}
	}
	return tx.rescope(ctx, home)
}

// anonymiseInCommittee is anonymise's part in the scope's committee.
func (tx *Tx) anonymiseInCommittee(ctx context.Context, id int64, name, email, phone string) error {
	short := clts.ShortName(name)
	stmts := []struct {
		sql  string
		args []any
	}{
		{`UPDATE memberships SET presentation = '', phone = '', show_email = false, show_phone = false, show_full_name = false,
			active = false, updated_at = now(), version = version + 1
			WHERE committee_id = clts_committee_id() AND account_id = $1`, []any{id}},
		{`UPDATE erasure_requests SET confirmed_at = now(), confirmed_by = $2
			WHERE committee_id = clts_committee_id() AND account_id = $1 AND confirmed_at IS NULL`, []any{id, tx.sc.AccountID}},
		{`UPDATE invitations SET display_name = $2, email = CASE WHEN kind = 'email' THEN 'efface-' || id || '@invalid' END
			WHERE committee_id = clts_committee_id() AND (accepted_by = $1 OR ($3 <> '' AND lower(email) = lower($3)))`, []any{id, ErasedName, email}},
		{`UPDATE practices SET contact_name = CASE WHEN contact_name = $2 OR contact_account_id = $1 THEN $3 ELSE contact_name END,
			contact_email = CASE WHEN ($4 <> '' AND lower(contact_email) = lower($4)) OR contact_account_id = $1 THEN '' ELSE contact_email END,
			contact_public = contact_public AND contact_account_id IS DISTINCT FROM $1
			WHERE committee_id = clts_committee_id() AND (contact_account_id = $1 OR contact_name = $2 OR ($4 <> '' AND lower(contact_email) = lower($4)))`,
			[]any{id, name, ErasedName, email}},
		{`UPDATE meeting_actions SET who = CASE WHEN assignee_id = $1 AND strpos(who, $2) = 0 THEN who ELSE replace(who, $2, $3) END
			WHERE committee_id = clts_committee_id() AND (assignee_id = $1 OR strpos(who, $2) > 0)`, []any{id, name, ErasedName}},
		{`UPDATE agenda_items SET presenter = replace(presenter, $1, $2)
			WHERE committee_id = clts_committee_id() AND strpos(presenter, $1) > 0`, []any{name, ErasedName}},
		// A transmitted contribution's public authors were frozen as the
		// directory names them to everyone: a supported person who does not
		// show their full name is there by first name and initial
		// (publicNameSQL). The person's own entry is replaced, whichever
		// form it has, in the contributions they co-signed only, and only
		// once (another co-author may share the short form).
		{`UPDATE contributions c SET public_authors = (
				SELECT string_agg(CASE WHEN t.n = (SELECT min(u.n) FROM unnest(string_to_array(c.public_authors, ', ')) WITH ORDINALITY u(x, n)
					WHERE u.x IN ($1, $2)) THEN $3 ELSE t.x END, ', ' ORDER BY t.n)
				FROM unnest(string_to_array(c.public_authors, ', ')) WITH ORDINALITY t(x, n))
			WHERE c.committee_id = clts_committee_id() AND string_to_array(c.public_authors, ', ') && ARRAY[$1::text, $2::text]
				AND EXISTS (SELECT FROM contribution_authors ca WHERE ca.committee_id = c.committee_id
					AND ca.contribution_id = c.id AND ca.account_id = $4)`, []any{name, short, ErasedName, id}},
		// The notices other members got from this committee name a
		// supported person by their short form too (publicNameSQL): their
		// titles, and the e-mails to the committee's members.
		{`UPDATE notifications SET title = replace(title, $1, $2)
			WHERE source_committee_id = clts_committee_id() AND $1 <> $3 AND strpos(title, $1) > 0`, []any{short, ErasedName, name}},
		{`UPDATE outbox o SET subject = replace(o.subject, $1, $2), body = replace(o.body, $1, $2)
			WHERE $1 <> $3 AND (strpos(o.subject, $1) > 0 OR strpos(o.body, $1) > 0)
				AND lower(o.to_address) IN (SELECT lower(a.email) FROM memberships m JOIN accounts a ON a.id = m.account_id
					WHERE m.committee_id = clts_committee_id() AND a.email IS NOT NULL)`, []any{short, ErasedName, name}},
		{`UPDATE contribution_authors SET publish_name = false WHERE committee_id = clts_committee_id() AND account_id = $1`, []any{id}},
		{`DELETE FROM news_reads WHERE committee_id = clts_committee_id() AND account_id = $1`, []any{id}},
		// The helps given or received end: nobody acts with, or is helped
		// by, « Membre supprimé ».
		{`UPDATE referents SET state = 'terminee', ended_at = now()
			WHERE committee_id = clts_committee_id() AND (person_id = $1 OR referent_id = $1) AND state IN ('attente', 'active')`, []any{id}},
		{`UPDATE access_codes SET voided_at = coalesce(voided_at, now())
			WHERE committee_id = clts_committee_id() AND account_id = $1`, []any{id}},
		{`UPDATE audit_log SET subject = replace(replace(subject, $1, $2), CASE WHEN $3 = '' THEN $1 ELSE $3 END, $2)
			WHERE committee_id = clts_committee_id() AND (strpos(subject, $1) > 0 OR ($3 <> '' AND strpos(subject, $3) > 0))`,
			[]any{name, ErasedName, phone}},
	}
	for _, s := range stmts {
		if _, err := tx.exec(ctx, s.sql, s.args...); err != nil {
			return fmt.Errorf("postgres: anonymise in committee: %w", mapError(err))
		}
	}
	return tx.audit(ctx, "account.erase", ErasedName+" (compte "+strconv.FormatInt(id, 10)+")")
}

// anonymiseNational is anonymise's part on the national tables.
func (tx *Tx) anonymiseNational(ctx context.Context, id int64, name, login, email string) error {
	stmts := []struct {
		sql  string
		args []any
	}{
		{`UPDATE accounts SET display_name = $2, email = NULL, login = 'efface-' || id, password_hash = '!',
			disabled = true, session_stamp = session_stamp + 1, calendar_token_hash = NULL, easy_mode = NULL,
			version = version + 1, updated_at = now() WHERE id = $1`, []any{id, ErasedName}},
		{`DELETE FROM sessions WHERE account_id = $1`, []any{id}},
		{`DELETE FROM second_factor_failures WHERE account_id = $1`, []any{id}},
		{`DELETE FROM password_resets WHERE account_id = $1`, []any{id}},
		{`DELETE FROM notification_preferences WHERE account_id = $1`, []any{id}},
		{`DELETE FROM notifications WHERE account_id = $1`, []any{id}},
		{`DELETE FROM outbox WHERE account_id = $1 OR ($2 <> '' AND lower(to_address) = lower($2))`, []any{id, email}},
		{`DELETE FROM login_attempts WHERE lower(identifier) IN (lower($1), lower($2))`, []any{login, email}},
		{`UPDATE notifications SET title = replace(title, $1, $2) WHERE strpos(title, $1) > 0`, []any{name, ErasedName}},
		// Other people's e-mails that name the person (a practice proposed,
		// an agenda item): their queued text, and the subject kept after
		// sending.
		{`UPDATE outbox SET subject = replace(subject, $1, $2), body = replace(body, $1, $2)
			WHERE strpos(subject, $1) > 0 OR strpos(body, $1) > 0`, []any{name, ErasedName}},
		{`UPDATE audit_log SET subject = replace(replace(replace(subject, $1, $2), $3, $2), CASE WHEN $4 = '' THEN $1 ELSE $4 END, $2)
			WHERE committee_id IS NULL AND (strpos(subject, $1) > 0 OR strpos(subject, $3) > 0 OR ($4 <> '' AND strpos(subject, $4) > 0))`,
			[]any{name, ErasedName, login, email}},
	}
	for _, s := range stmts {
		if _, err := tx.exec(ctx, s.sql, s.args...); err != nil {
			return fmt.Errorf("postgres: anonymise account: %w", mapError(err))
		}
	}
	return nil
}
