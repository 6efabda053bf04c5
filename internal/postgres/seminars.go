package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
)

// Seminars lists the national seminars, newest first.
func (tx *Tx) Seminars(ctx context.Context, limit int) ([]clts.Meeting, error) {
	rows, err := tx.query(ctx, `SELECT id, title, description, starts_at, ends_at, place, video_url, accessibility,
			status, cancel_reason, sequence, version, updated_at
		FROM seminars ORDER BY starts_at DESC LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("postgres: seminars: %w", err)
	}
	return pgx.CollectRows(rows, scanSeminar)
}

func scanSeminar(row pgx.CollectableRow) (clts.Meeting, error) {
	m := clts.Meeting{Kind: clts.KindSeminar}
	err := row.Scan(&m.SeminarID, &m.Title, &m.Description, &m.StartsAt, &m.EndsAt, &m.Place, &m.VideoURL, &m.Accessibility,
		&m.Status, &m.CancelReason, &m.Sequence, &m.Version, &m.UpdatedAt)
	return m, err
}

// SeminarByID returns a national seminar.
func (tx *Tx) SeminarByID(ctx context.Context, id int64) (*clts.Meeting, error) {
	rows, err := tx.query(ctx, `SELECT id, title, description, starts_at, ends_at, place, video_url, accessibility,
			status, cancel_reason, sequence, version, updated_at FROM seminars WHERE id = $1`, id)
	if err != nil {
		return nil, fmt.Errorf("postgres: seminar: %w", err)
	}
	m, err := pgx.CollectExactlyOneRow(rows, scanSeminar)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, clts.Errorf(clts.ENOTFOUND, "Séminaire introuvable.")
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: seminar: %w", err)
	}
	return &m, nil
}

// CreateSeminar publishes a national seminar: it is stored once and copied
// into every committee, whose members are told of it: mail(m), m with its
// id (SeminarID), is their convocation (clts.NotifyConvocation; nil: no
// notice). It runs in an HCTS scope without committee (Scope{AccountID: …,
// HCTS: true}), whose account is the author: the HCTS policy is what lets
// it write every committee's copy.
func (tx *Tx) CreateSeminar(ctx context.Context, m clts.Meeting, mail func(clts.Meeting) *MeetingMail) (int64, error) {
	if err := m.Validate(); err != nil {
		return 0, err
	}
	var id int64
	err := tx.queryRow(ctx, `INSERT INTO seminars (title, description, starts_at, ends_at, place, video_url, accessibility, created_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		strings.TrimSpace(m.Title), m.Description, m.StartsAt, m.EndsAt, m.Place, m.VideoURL, m.Accessibility, nullID(tx.sc.AccountID)).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("postgres: create seminar: %w", mapError(err))
	}
	if _, err := tx.exec(ctx, `INSERT INTO meetings (committee_id, kind, seminar_id, title, description, starts_at, ends_at,
			place, video_url, accessibility, created_by)
		SELECT c.id, 'seminaire', s.id, s.title, s.description, s.starts_at, s.ends_at, s.place, s.video_url, s.accessibility, s.created_by
		FROM committees c, seminars s WHERE s.id = $1`, id); err != nil {
		return 0, fmt.Errorf("postgres: copy seminar: %w", err)
	}
	if mail != nil {
		m.SeminarID = id
		if err := tx.notifySeminar(ctx, id, clts.NotifyConvocation, mail(m)); err != nil {
			return 0, err
		}
	}
	if err := tx.auditSeminar(ctx, "seminar.create", m.Title); err != nil {
		return 0, err
	}
	return id, nil
}

// auditSeminar writes a national line of the audit log on behalf of the
// scope's account.
func (tx *Tx) auditSeminar(ctx context.Context, action, title string) error {
	return tx.auditEntry(ctx, clts.AuditEntry{ActorID: tx.sc.AccountID, Action: action, Subject: title})
}

// notifySeminar tells mail, as an event of kind, to every active member of
// every committee, once per person even for someone in several
// committees: in the first of their committees (by id), whose copy of
// seminar id the notice names (its link, and the meeting of the answer
// links). Memberships are read committee by committee, inside each one's
// row-level security scope; the unit of work gets its own scope back at
// the end.
func (tx *Tx) notifySeminar(ctx context.Context, id int64, kind clts.NotificationKind, mail *MeetingMail) error {
	if mail == nil {
		return nil
	}
	n := Notice{Kind: kind, Title: mail.Subject, Body: mail.Body, Link: mail.Link}
	if mail.Calendar != nil {
		part := *mail.Calendar
		if err := tx.queryRow(ctx, `SELECT sequence, updated_at FROM seminars WHERE id = $1`, id).
			Scan(&part.Event.Sequence, &part.Event.Updated); err != nil {
			return fmt.Errorf("postgres: seminar notice: %w", err)
		}
		n.Calendar = &part
	}
	rows, err := tx.query(ctx, `SELECT id, slug FROM committees ORDER BY id`)
	if err != nil {
		return fmt.Errorf("postgres: seminar notice: %w", err)
	}
	type committee struct {
		id   int64
		slug string
	}
	committees, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (committee, error) {
		var c committee
		err := row.Scan(&c.id, &c.slug)
		return c, err
	})
	if err != nil {
		return fmt.Errorf("postgres: seminar notice: %w", err)
	}
	own := tx.sc
	for _, c := range committees {
		sc := own
		sc.CommitteeID = c.id
		if err := tx.rescope(ctx, sc); err != nil {
			return fmt.Errorf("postgres: seminar notice: %w", err)
		}
		var copyID int64
		err := tx.queryRow(ctx, `SELECT id FROM meetings WHERE committee_id = $1 AND seminar_id = $2`, c.id, id).Scan(&copyID)
		if errors.Is(err, pgx.ErrNoRows) {
			continue
		}
		if err != nil {
			return fmt.Errorf("postgres: seminar notice: %w", err)
		}
		cn := n
		cn.Link = paths.Meeting(c.slug, copyID)
		if n.Calendar != nil {
			cn.MeetingID = copyID
		}
		// now() is the transaction's time: the people this transaction
		// already told, in a committee before this one, are recognised by it.
		if _, err := tx.notify(ctx, cn, `SELECT m.account_id FROM memberships m WHERE m.committee_id = $1 AND m.active
			AND NOT EXISTS (SELECT FROM notifications n WHERE n.account_id = m.account_id AND n.kind = $2
				AND n.title = $3 AND n.created_at = now())`, c.id, string(kind), n.Title); err != nil {
			return fmt.Errorf("postgres: seminar notice: %w", err)
		}
	}
	if err := tx.rescope(ctx, own); err != nil {
		return fmt.Errorf("postgres: seminar notice: %w", err)
	}
	return nil
}

// UpdateSeminar saves a seminar edited from m.Version, or cancels it when
// m.Status is cancelled, carries the change to every committee's copy
// (their calendar sequence grows) and tells every member about it
// (clts.NotifyMeetingChange). Like CreateSeminar, it runs in an HCTS scope
// without committee.
func (tx *Tx) UpdateSeminar(ctx context.Context, m clts.Meeting, mail *MeetingMail) error {
	if err := m.Validate(); err != nil {
		return err
	}
	tag, err := tx.exec(ctx, `UPDATE seminars SET title = $3, description = $4, starts_at = $5, ends_at = $6, place = $7,
			video_url = $8, accessibility = $9, status = $10, cancel_reason = $11,
			sequence = sequence + 1, version = version + 1, updated_at = now()
		WHERE id = $1 AND version = $2`, m.SeminarID, m.Version, strings.TrimSpace(m.Title), m.Description, m.StartsAt, m.EndsAt,
		m.Place, m.VideoURL, m.Accessibility, m.Status, m.CancelReason)
	if err != nil {
		return fmt.Errorf("postgres: update seminar: %w", mapError(err))
	}
	if tag.RowsAffected() == 0 {
		return clts.Errorf(clts.ECONFLICT, "Le séminaire a été modifié entre-temps : rechargez la page et recommencez.")
	}
	if _, err := tx.exec(ctx, `UPDATE meetings mt SET title = s.title, description = s.description, starts_at = s.starts_at,
			ends_at = s.ends_at, place = s.place, video_url = s.video_url, accessibility = s.accessibility,
			status = CASE WHEN s.status = 'annulee' THEN 'annulee' ELSE mt.status END, cancel_reason = s.cancel_reason,
			sequence = mt.sequence + 1, version = mt.version + 1, updated_at = now()
		FROM seminars s WHERE s.id = $1 AND mt.seminar_id = s.id AND mt.status = 'prevue'`, m.SeminarID); err != nil {
		return fmt.Errorf("postgres: propagate seminar: %w", err)
	}
	if err := tx.notifySeminar(ctx, m.SeminarID, clts.NotifyMeetingChange, mail); err != nil {
		return err
	}
	action := "seminar.update"
	if m.Status == clts.MeetingCancelled {
		action = "seminar.cancel"
	}
	return tx.auditSeminar(ctx, action, m.Title)
}

// copySeminars gives the committee committeeID, which the unit of work is
// scoped to, its copies of the seminars still to come.
func (tx *Tx) copySeminars(ctx context.Context, committeeID int64) error {
	_, err := tx.exec(ctx, `INSERT INTO meetings (committee_id, kind, seminar_id, title, description, starts_at, ends_at,
			place, video_url, accessibility, status, cancel_reason, sequence, created_by)
		SELECT $1, 'seminaire', s.id, s.title, s.description, s.starts_at, s.ends_at, s.place, s.video_url, s.accessibility,
			CASE WHEN s.status = 'annulee' THEN 'annulee' ELSE 'prevue' END, s.cancel_reason, s.sequence, s.created_by
		FROM seminars s WHERE s.ends_at > now()
		ON CONFLICT (committee_id, seminar_id) WHERE seminar_id IS NOT NULL DO NOTHING`, committeeID)
	if err != nil {
		return fmt.Errorf("postgres: copy seminars: %w", err)
	}
	return nil
}

// CopySeminarsTo gives a committee its copies of every seminar (the demo
// loader uses it for past seminars too). The copies can only be written
// inside that committee: a unit of work scoped elsewhere moves into it and
// stays there.
func (tx *Tx) CopySeminarsTo(ctx context.Context, committeeID int64, includePast bool) error {
	if tx.sc.CommitteeID != committeeID {
		sc := tx.sc
		sc.CommitteeID = committeeID
		if err := tx.rescope(ctx, sc); err != nil {
			return fmt.Errorf("postgres: copy seminars: %w", err)
		}
	}
	_, err := tx.exec(ctx, `INSERT INTO meetings (committee_id, kind, seminar_id, title, description, starts_at, ends_at,
			place, video_url, accessibility, status, cancel_reason, sequence, created_by)
		SELECT $1, 'seminaire', s.id, s.title, s.description, s.starts_at, s.ends_at, s.place, s.video_url, s.accessibility,
			s.status, s.cancel_reason, s.sequence, s.created_by
		FROM seminars s WHERE $2 OR s.ends_at > now()
		ON CONFLICT (committee_id, seminar_id) WHERE seminar_id IS NOT NULL DO NOTHING`, committeeID, includePast)
	if err != nil {
		return fmt.Errorf("postgres: copy seminars: %w", err)
	}
	return nil
}
