package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
)

// Kinds of charter e-mails.
const (
	CharterAdopted  = "adopted"  // to every active member: a version was adopted
	CharterReminder = "reminder" // to those who have not accepted the current version
	// CharterConsultation: to every active member but the pilot who opened
	// it, a version is open for their comments.
	CharterConsultation = "consultation"
)

// CharterNotice is what a charter e-mail tells.
type CharterNotice struct {
	Kind          string
	CommitteeSlug string
	CommitteeName string
	VersionID     int64
	Number        int
	Day           time.Time // the day of the adoption; a consultation's last day
	Replaces      bool      // the adopted version replaces a former current one
	ActorName     string    // the pilot who recorded it or sends the reminder
}

// CharterMailer writes the charter's e-mails; the French texts live in
// internal/mails (mails.Charter), installed by the server with
// DB.SetCharterMailer. Without one (the demo loader), nobody is told.
type CharterMailer interface {
	CharterMail(n CharterNotice) (subject, body string)
}

// SetCharterMailer installs the writer of the charter's e-mails. Call it
// once, before serving.
func (db *DB) SetCharterMailer(m CharterMailer) { db.charterMailer = m }

// mailCharter tells notice n (clts.NotifyCharter) to each active member of
// the committee whom recipients (a condition on m, the membership, and a,
// the account; $2 is the version's id) selects.
func (tx *Tx) mailCharter(ctx context.Context, n CharterNotice, recipients string) error {
	_, err := tx.mailCharterCount(ctx, n, recipients)
	return err
}

// mailCharterCount is mailCharter, and returns how many people it told.
func (tx *Tx) mailCharterCount(ctx context.Context, n CharterNotice, recipients string) (int, error) {
	var mailer CharterMailer
	if tx.db != nil {
		mailer = tx.db.charterMailer
	}
	if mailer == nil || n.VersionID <= 0 {
		return 0, nil
	}
	err := tx.queryRow(ctx, `SELECT c.slug, c.name, coalesce((SELECT display_name FROM accounts WHERE id = $2), '')
		FROM committees c WHERE c.id = $1`, tx.sc.CommitteeID, tx.sc.AccountID).Scan(&n.CommitteeSlug, &n.CommitteeName, &n.ActorName)
	if err != nil {
		return 0, fmt.Errorf("postgres: charter mail: %w", err)
	}
	subject, body := mailer.CharterMail(n)
	link := paths.Charter(n.CommitteeSlug)
	if n.Kind == CharterConsultation {
		link = paths.CharterVersion(n.CommitteeSlug, n.VersionID)
	}
	count, err := tx.notify(ctx, Notice{Kind: clts.NotifyCharter, Title: subject, Body: body, Link: link},
		`SELECT a.id FROM accounts a
		JOIN memberships m ON m.committee_id = $1 AND m.account_id = a.id AND m.active
		WHERE $2::bigint > 0 AND `+recipients, tx.sc.CommitteeID, n.VersionID)
	if err != nil {
		return 0, fmt.Errorf("postgres: charter mail: %w", err)
	}
	return count, nil
}

// notAcceptedSQL selects, for mailCharter, the members who have not
// accepted version $2.
const notAcceptedSQL = `NOT EXISTS (SELECT FROM charter_acceptances ca WHERE ca.committee_id = $1 AND ca.version_id = $2 AND ca.account_id = a.id)`

// AcceptCharter records that the scope's account has read and accepts the
// current version id, once (ErrCharterState afterwards).
func (tx *Tx) AcceptCharter(ctx context.Context, id int64, now time.Time) error {
	v, _, err := tx.lockCharter(ctx, id, auth.AcceptCharter, now)
	if err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `INSERT INTO charter_acceptances (committee_id, version_id, account_id, accepted_at) VALUES ($1, $2, $3, $4)`,
		tx.sc.CommitteeID, id, tx.sc.AccountID, now); err != nil {
		return fmt.Errorf("postgres: accept charter: %w", charterError(err))
	}
	return tx.auditOn(ctx, "charter.accept", charterSubject(v.Number), clts.On(clts.ObjectCharter, id))
}

// Representation is the institution the scope's account is attached to in
// the committee, and when it accepted a version (AcceptedAt nil: not
// yet), recorded by whom. Whether the account represents it (its role)
// is auth.CheckInstitutionAcceptance's to say.
type Representation struct {
	InstitutionID int64
	Name          string
	AcceptedAt    *time.Time
	RecordedBy    string
}

// MyInstitution reads the scope's account's institution in the committee
// and its acceptance of version id (InstitutionID 0: no institution, or
// an archived one).
func (tx *Tx) MyInstitution(ctx context.Context, id int64) (Representation, error) {
	var r Representation
	err := tx.queryRow(ctx, `SELECT i.id, i.name, x.accepted_at, coalesce(rb.display_name, '')
		FROM memberships m
		JOIN institutions i ON i.committee_id = m.committee_id AND i.id = m.institution_id AND NOT i.archived
		LEFT JOIN charter_institution_acceptances x ON x.committee_id = i.committee_id AND x.version_id = $3 AND x.institution_id = i.id
		LEFT JOIN accounts rb ON rb.id = x.recorded_by
		WHERE m.committee_id = $1 AND m.account_id = $2 AND m.active`, tx.sc.CommitteeID, tx.sc.AccountID, id).
		Scan(&r.InstitutionID, &r.Name, &r.AcceptedAt, &r.RecordedBy)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return r, fmt.Errorf("postgres: my institution: %w", err)
	}
	return r, nil
}

// AcceptCharterForInstitution records that institution accepts the
// current version id: by its representative (a partner attached to it)
// or by a pilot (auth.CheckInstitutionAcceptance); once.
func (tx *Tx) AcceptCharterForInstitution(ctx context.Context, id, institution int64, now time.Time) error {
	v, p, err := tx.lockCharter(ctx, id, auth.ReadCharter, now)
	if err != nil {
		return err
	}
	var name string
	var inst auth.InstitutionFacts
	err = tx.queryRow(ctx, `SELECT i.name,
			EXISTS (SELECT FROM memberships m WHERE m.committee_id = i.committee_id AND m.account_id = $3 AND m.active
				AND m.institution_id = i.id),
			EXISTS (SELECT FROM charter_institution_acceptances x WHERE x.committee_id = i.committee_id
				AND x.version_id = $4 AND x.institution_id = i.id)
		FROM institutions i WHERE i.committee_id = $1 AND i.id = $2 AND NOT i.archived`,
		tx.sc.CommitteeID, institution, tx.sc.AccountID, id).Scan(&name, &inst.Represents, &inst.Accepted)
	if errors.Is(err, pgx.ErrNoRows) {
		return clts.Errorf(clts.ENOTFOUND, "Institution introuvable.")
	}
	if err != nil {
		return fmt.Errorf("postgres: accept charter for institution: %w", err)
	}
	if err := auth.CheckInstitutionAcceptance(p, auth.CharterFacts{State: v.State}, inst); err != nil {
		if inst.Accepted {
			return ErrCharterAccepted
		}
		return err
	}
	if _, err := tx.exec(ctx, `INSERT INTO charter_institution_acceptances (committee_id, version_id, institution_id, recorded_by, accepted_at)
		VALUES ($1, $2, $3, $4, $5)`, tx.sc.CommitteeID, id, institution, tx.sc.AccountID, now); err != nil {
		return fmt.Errorf("postgres: accept charter for institution: %w", charterError(err))
	}
	return tx.auditOn(ctx, "charter.accept_institution", charterSubject(v.Number)+" — "+name, clts.On(clts.ObjectCharter, id))
}

// CharterAcceptances lists the committee's active members and when each
// accepted version id (At nil: not yet), those who have not first, by
// name; for the pilots, who see full names.
func (tx *Tx) CharterAcceptances(ctx context.Context, id int64) ([]clts.CharterAcceptance, error) {
	rows, err := tx.query(ctx, `SELECT a.id, a.display_name, m.role, coalesce(i.name, ''), a.email IS NOT NULL AND NOT a.disabled, ca.accepted_at
		FROM memberships m JOIN accounts a ON a.id = m.account_id
		LEFT JOIN institutions i ON i.committee_id = m.committee_id AND i.id = m.institution_id
		LEFT JOIN charter_acceptances ca ON ca.committee_id = m.committee_id AND ca.version_id = $2 AND ca.account_id = m.account_id
		WHERE m.committee_id = $1 AND m.active
		ORDER BY ca.accepted_at IS NOT NULL, a.display_name COLLATE clts_fr, a.id`, tx.sc.CommitteeID, id)
	if err != nil {
		return nil, fmt.Errorf("postgres: charter acceptances: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (clts.CharterAcceptance, error) {
		var c clts.CharterAcceptance
		err := row.Scan(&c.AccountID, &c.Name, &c.Role, &c.Institution, &c.Email, &c.At)
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: charter acceptances: %w", err)
	}
	return out, nil
}

// InstitutionAcceptances lists the committee's institutions (not
// archived) and whether each accepted version id, and who recorded it.
func (tx *Tx) InstitutionAcceptances(ctx context.Context, id int64) ([]clts.InstitutionAcceptance, error) {
	rows, err := tx.query(ctx, `SELECT i.id, i.name, coalesce(r.display_name, ''), x.accepted_at
		FROM institutions i
		LEFT JOIN charter_institution_acceptances x ON x.committee_id = i.committee_id AND x.version_id = $2 AND x.institution_id = i.id
		LEFT JOIN accounts r ON r.id = x.recorded_by
		WHERE i.committee_id = $1 AND NOT i.archived
		ORDER BY x.accepted_at IS NOT NULL, i.name COLLATE clts_fr, i.id`, tx.sc.CommitteeID, id)
	if err != nil {
		return nil, fmt.Errorf("postgres: institution acceptances: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (clts.InstitutionAcceptance, error) {
		var c clts.InstitutionAcceptance
		err := row.Scan(&c.InstitutionID, &c.Name, &c.RecordedBy, &c.At)
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: institution acceptances: %w", err)
	}
	return out, nil
}

// ErrCharterReminded: the version's reminder was sent less than
// auth.CharterReminderInterval ago (its RemindedAt says when).
var ErrCharterReminded = clts.Errorf(clts.ECONFLICT, "Un rappel pour cette version de la charte est parti il y a moins de 24 heures.")

// RemindCharter tells the active members who have not accepted the
// current version id yet (clts.NotifyCharter); pilots only, once per
// auth.CharterReminderInterval (ErrCharterReminded otherwise: the
// version's reminded_at, written under its lock when at least one person
// was reminded, says when the last one was). It returns how many people
// were reminded.
func (tx *Tx) RemindCharter(ctx context.Context, id int64, now time.Time) (int, error) {
	v, _, err := tx.lockCharter(ctx, id, auth.RemindCharter, now)
	if err != nil {
		return 0, err
	}
	if due, _ := auth.CharterReminderDue(v.RemindedAt, now); !due {
		return 0, ErrCharterReminded
	}
	n, err := tx.mailCharterCount(ctx, CharterNotice{Kind: CharterReminder, VersionID: id, Number: v.Number}, notAcceptedSQL)
	if err != nil {
		return 0, err
	}
	// A reminder that told nobody does not count: the next one may
	// leave as soon as someone is left to remind.
	if n > 0 {
		if _, err := tx.exec(ctx, `UPDATE charter_versions SET reminded_at = $3 WHERE committee_id = $1 AND id = $2`,
			tx.sc.CommitteeID, id, now); err != nil {
			return 0, fmt.Errorf("postgres: remind charter: %w", err)
		}
	}
	return n, tx.auditOn(ctx, "charter.remind", fmt.Sprintf("%s — %d personne(s)", charterSubject(v.Number), n), clts.On(clts.ObjectCharter, id))
}
