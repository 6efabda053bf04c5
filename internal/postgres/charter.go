package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/charter"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/markdown"
)

// The operating charter: numbered versions per committee, their
// consultation and comments, their adoption by a plenary, and who accepted
// the current one (charter_acceptances.go). Every step locks the version,
// checks the charter rules (internal/auth/charter.go) with the scope's
// role, changes it, writes the audit line ("charter.*", object charter)
// and queues its e-mails, in the caller's unit of work.

// Why a charter step is refused, beyond the rules of internal/auth.
var (
	// ErrCharterPreparing: a draft or a consultation exists already.
	ErrCharterPreparing = clts.Errorf(clts.ECONFLICT, "Une nouvelle version de la charte est déjà en préparation : "+
		"modifiez-la plutôt que d'en commencer une autre.")
	// ErrCharterChanged: the text was saved by someone else since the form
	// was opened.
	ErrCharterChanged = clts.Errorf(clts.ECONFLICT, "Quelqu'un a modifié cette version depuis que vous l'avez ouverte : "+
		"rien n'a été enregistré. Relisez le texte actuel ci-dessous, puis reportez vos changements.")
	// ErrCharterAccepted: the person, or the institution, accepted it already.
	ErrCharterAccepted = clts.Errorf(clts.ECONFLICT, "Cette acceptation est déjà enregistrée.")
)

// CharterText is a version's text as saved: the whole, rendered once, and
// each of its blocks rendered on its own (charter.Blocks), for the
// numbered paragraphs of its page.
type CharterText struct {
	Whole  markdown.Text
	Blocks []markdown.Text
}

func (t CharterText) blocksHTML() []string {
	out := make([]string, 0, len(t.Blocks))
	for _, b := range t.Blocks {
		out = append(out, b.HTML())
	}
	return out
}

// charterSelect reads versions; body is the columns of the text (the
// lists leave it out). The last column is when the scope's account
// accepted the version (clts_account_id(), the scope's setting).
func charterSelect(body string) string {
	return `SELECT v.id, v.number, v.state, coalesce(v.based_on_id, 0), coalesce(b.number, 0), ` + body + `,
		v.consultation_opened_at, v.consultation_ends_on::timestamp AT TIME ZONE 'UTC',
		coalesce(v.adopted_meeting_id, 0), coalesce(mt.title, ''), mt.starts_at, v.adopted_on::timestamp AT TIME ZONE 'UTC',
		coalesce(v.adoption_result, ''), coalesce(v.votes_for, 0), coalesce(v.votes_against, 0), coalesce(v.abstentions, 0),
		coalesce(ad.display_name, ''), v.adopted_at, v.replaced_at,
		cr.display_name, v.created_at, coalesce(up.display_name, ''), v.updated_at, v.version,
		(SELECT count(*) FROM charter_comments c WHERE c.committee_id = v.committee_id AND c.version_id = v.id),
		(SELECT count(*) FROM charter_comments c WHERE c.committee_id = v.committee_id AND c.version_id = v.id AND c.answer IS NULL),
		(SELECT count(*) FROM charter_acceptances ca WHERE ca.committee_id = v.committee_id AND ca.version_id = v.id),
		(SELECT ca.accepted_at FROM charter_acceptances ca WHERE ca.committee_id = v.committee_id AND ca.version_id = v.id
			AND ca.account_id = clts_account_id()),
		v.reminded_at
	FROM charter_versions v
	LEFT JOIN charter_versions b ON b.committee_id = v.committee_id AND b.id = v.based_on_id
	LEFT JOIN meetings mt ON mt.committee_id = v.committee_id AND mt.id = v.adopted_meeting_id
	LEFT JOIN accounts ad ON ad.id = v.adopted_by
	JOIN accounts cr ON cr.id = v.created_by
	LEFT JOIN accounts up ON up.id = v.updated_by`
}

const (
	charterBody   = `v.body, v.body_html, v.paragraphs_html`
	charterNoBody = `'', '', '{}'::text[]`
)

func scanCharter(row pgx.Row) (clts.CharterVersion, error) {
	var v clts.CharterVersion
	var a clts.Adoption
	var meetingAt, adoptedOn, adoptedAt *time.Time
	err := row.Scan(&v.ID, &v.Number, &v.State, &v.BasedOnID, &v.BasedOn, &v.Body, &v.BodyHTML, &v.Paragraphs,
		&v.OpenedAt, &v.EndsOn,
		&a.MeetingID, &a.MeetingTitle, &meetingAt, &adoptedOn,
		&a.Result, &a.For, &a.Against, &a.Abstentions,
		&a.RecordedBy, &adoptedAt, &v.ReplacedAt,
		&v.CreatedBy, &v.CreatedAt, &v.UpdatedBy, &v.UpdatedAt, &v.Version,
		&v.Comments, &v.Unanswered, &v.Acceptances, &v.AcceptedAt, &v.RemindedAt)
	if err != nil {
		return v, err
	}
	if a.MeetingID != 0 && adoptedOn != nil && adoptedAt != nil {
		a.On, a.RecordedAt = adoptedOn.UTC(), *adoptedAt
		if meetingAt != nil {
			a.MeetingAt = *meetingAt
		}
		v.Adoption = &a
	}
	if v.EndsOn != nil {
		d := v.EndsOn.UTC()
		v.EndsOn = &d
	}
	return v, nil
}

// CharterVersions lists the committee's versions, newest first, without
// their texts.
func (tx *Tx) CharterVersions(ctx context.Context) ([]clts.CharterVersion, error) {
	rows, err := tx.query(ctx, charterSelect(charterNoBody)+` WHERE v.committee_id = $1 ORDER BY v.number DESC`, tx.sc.CommitteeID)
	if err != nil {
		return nil, fmt.Errorf("postgres: charter versions: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (clts.CharterVersion, error) { return scanCharter(row) })
	if err != nil {
		return nil, fmt.Errorf("postgres: charter versions: %w", err)
	}
	return out, nil
}

// CharterVersion reads one version of the committee with its text;
// auth.ErrCharterNotFound when the committee has no such version.
func (tx *Tx) CharterVersion(ctx context.Context, id int64) (clts.CharterVersion, error) {
	return tx.charterWhere(ctx, `v.id = $2`, id)
}

// CharterVersionByNumber reads version number n of the committee.
func (tx *Tx) CharterVersionByNumber(ctx context.Context, n int) (clts.CharterVersion, error) {
	return tx.charterWhere(ctx, `v.number = $2`, n)
}

// CurrentCharter reads the committee's current version; nil when none was
// adopted yet.
func (tx *Tx) CurrentCharter(ctx context.Context) (*clts.CharterVersion, error) {
	v, err := tx.charterWhere(ctx, `v.state = $2`, clts.CharterCurrent)
	if errors.Is(err, auth.ErrCharterNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &v, nil
}

func (tx *Tx) charterWhere(ctx context.Context, cond string, arg any) (clts.CharterVersion, error) {
	v, err := scanCharter(tx.queryRow(ctx, charterSelect(charterBody)+` WHERE v.committee_id = $1 AND `+cond, tx.sc.CommitteeID, arg))
	if errors.Is(err, pgx.ErrNoRows) {
		return v, auth.ErrCharterNotFound
	}
	if err != nil {
		return v, fmt.Errorf("postgres: charter version: %w", err)
	}
	return v, nil
}

// lockCharter locks a version of the committee for the rest of the unit
// of work and checks that the scope's account may do a to it at now (the
// comments' window), with the viewer's acceptance as a fact.
func (tx *Tx) lockCharter(ctx context.Context, id int64, a auth.CharterAction, now time.Time) (clts.CharterVersion, auth.Principal, error) {
	p, err := tx.viewer(ctx)
	if err != nil {
		return clts.CharterVersion{}, p, err
	}
	var v clts.CharterVersion
	var accepted bool
	err = tx.queryRow(ctx, `SELECT v.id, v.number, v.state, v.consultation_ends_on::timestamp AT TIME ZONE 'UTC', v.version, v.paragraphs_html,
			v.reminded_at, EXISTS (SELECT FROM charter_acceptances ca WHERE ca.committee_id = v.committee_id AND ca.version_id = v.id AND ca.account_id = $3)
		FROM charter_versions v WHERE v.committee_id = $1 AND v.id = $2 FOR UPDATE`, tx.sc.CommitteeID, id, tx.sc.AccountID).
		Scan(&v.ID, &v.Number, &v.State, &v.EndsOn, &v.Version, &v.Paragraphs, &v.RemindedAt, &accepted)
	if errors.Is(err, pgx.ErrNoRows) {
		return v, p, auth.ErrCharterNotFound
	}
	if err != nil {
		return v, p, fmt.Errorf("postgres: lock charter version: %w", err)
	}
	if v.EndsOn != nil {
		d := v.EndsOn.UTC()
		v.EndsOn = &d
	}
	return v, p, auth.CheckCharter(p, auth.CharterFactsOf(v, now, accepted), a)
}

// charterSubject names a version in the audit log.
func charterSubject(n int) string { return "Charte, version " + strconv.Itoa(n) }

// charterError names the refusals of the charter's constraints.
func charterError(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.ConstraintName {
		case "charter_versions_open_key":
			return ErrCharterPreparing
		case "charter_versions_adoption_check":
			return clts.FieldErrors{clts.FieldCharterMeeting: "Choisissez la réunion plénière qui a adopté la charte."}.Err()
		case "charter_acceptances_pkey", "charter_institution_acceptances_pkey":
			return ErrCharterAccepted
		}
	}
	return mapError(err)
}

// CreateCharterDraft starts version n+1 of the charter with text (the
// current version's, as the form offered it), based on the current
// version; pilots only, and one draft or consultation at a time. It
// returns the new version's id.
func (tx *Tx) CreateCharterDraft(ctx context.Context, text CharterText) (int64, error) {
	p, err := tx.viewer(ctx)
	if err != nil {
		return 0, err
	}
	if !auth.CanDraftCharter(p) {
		return 0, auth.ErrCharterForbidden
	}
	// Two pilots starting a draft at once: the committee's row serialises
	// the numbering, the unique index refuses the second.
	if _, err := tx.exec(ctx, `SELECT FROM committees WHERE id = $1 FOR UPDATE`, tx.sc.CommitteeID); err != nil {
		return 0, fmt.Errorf("postgres: create charter draft: %w", err)
	}
	var id int64
	var n int
	err = tx.queryRow(ctx, `INSERT INTO charter_versions (committee_id, number, based_on_id, body, body_html, paragraphs_html, created_by, updated_by)
		SELECT $1, coalesce((SELECT max(number) FROM charter_versions WHERE committee_id = $1), 0) + 1,
			(SELECT id FROM charter_versions WHERE committee_id = $1 AND state = 'adoptee'), $2, $3, $4, $5, $5
		RETURNING id, number`, tx.sc.CommitteeID, text.Whole.Source(), text.Whole.HTML(), text.blocksHTML(), tx.sc.AccountID).Scan(&id, &n)
	if err != nil {
		return 0, fmt.Errorf("postgres: create charter draft: %w", charterError(err))
	}
	return id, tx.auditOn(ctx, "charter.draft", charterSubject(n), clts.On(clts.ObjectCharter, id))
}

// UpdateCharterText saves a new text for a draft or a consultation, if
// nobody saved it since version seen (ErrCharterChanged otherwise).
func (tx *Tx) UpdateCharterText(ctx context.Context, id int64, seen int, text CharterText, now time.Time) error {
	v, _, err := tx.lockCharter(ctx, id, auth.EditCharter, now)
	if err != nil {
		return err
	}
	if v.Version != seen {
		return ErrCharterChanged
	}
	if _, err := tx.exec(ctx, `UPDATE charter_versions SET body = $3, body_html = $4, paragraphs_html = $5, updated_by = $6,
			updated_at = now(), version = version + 1
		WHERE committee_id = $1 AND id = $2`, tx.sc.CommitteeID, id, text.Whole.Source(), text.Whole.HTML(), text.blocksHTML(), tx.sc.AccountID); err != nil {
		return fmt.Errorf("postgres: update charter: %w", charterError(err))
	}
	return tx.auditOn(ctx, "charter.update", charterSubject(v.Number), clts.On(clts.ObjectCharter, id))
}

// OpenCharterConsultation opens the consultation of a draft until endsOn
// (its last day, Europe/Paris), which must be after today, and tells the
// other members (clts.NotifyCharter).
func (tx *Tx) OpenCharterConsultation(ctx context.Context, id int64, endsOn, now time.Time) error {
	v, _, err := tx.lockCharter(ctx, id, auth.OpenCharterConsultation, now)
	if err != nil {
		return err
	}
	if msg := auth.ConsultationEndRefusal(endsOn, now); msg != "" {
		return clts.FieldErrors{clts.FieldCharterEndsOn: msg}.Err()
	}
	if _, err := tx.exec(ctx, `UPDATE charter_versions SET state = 'consultation', consultation_opened_at = $3,
			consultation_ends_on = $4::date, version = version + 1
		WHERE committee_id = $1 AND id = $2`, tx.sc.CommitteeID, id, now, endsOn.Format(time.DateOnly)); err != nil {
		return fmt.Errorf("postgres: open charter consultation: %w", charterError(err))
	}
	if err := tx.auditOn(ctx, "charter.consultation", charterSubject(v.Number)+" — jusqu'au "+endsOn.Format("02/01/2006"),
		clts.On(clts.ObjectCharter, id)); err != nil {
		return err
	}
	// Every member but the pilot who opened it is asked for comments.
	return tx.mailCharter(ctx, CharterNotice{Kind: CharterConsultation, VersionID: id, Number: v.Number, Day: endsOn},
		fmt.Sprintf("a.id <> %d", tx.sc.AccountID))
}

// AddCharterComment records the scope's comment on paragraph (0: the
// whole text) of a version in consultation, while it is open at now,
// with the excerpt of the paragraph as the text reads under the lock
// (charter.Excerpt): the comment keeps its meaning when a later edit
// renumbers the paragraphs.
func (tx *Tx) AddCharterComment(ctx context.Context, id int64, paragraph int, body string, now time.Time) (int64, error) {
	v, _, err := tx.lockCharter(ctx, id, auth.CommentCharter, now)
	if err != nil {
		return 0, err
	}
	if err := clts.ValidateCharterComment(clts.FieldCharterComment, body); err != nil {
		return 0, err
	}
	if paragraph < 0 || paragraph > charter.Count(v.Paragraphs) {
		return 0, clts.FieldErrors{clts.FieldCharterParagraph: "Choisissez un paragraphe de la liste, ou le texte entier."}.Err()
	}
	excerpt := ""
	for _, p := range charter.Number(v.Paragraphs) {
		if paragraph > 0 && p.Number == paragraph {
			excerpt = charter.Excerpt(p.HTML)
		}
	}
	var commentID int64
	err = tx.queryRow(ctx, `INSERT INTO charter_comments (committee_id, version_id, paragraph, author_id, body, excerpt)
		VALUES ($1, $2, nullif($3, 0), $4, $5, $6) RETURNING id`, tx.sc.CommitteeID, id, paragraph, tx.sc.AccountID, body, excerpt).Scan(&commentID)
	if err != nil {
		return 0, fmt.Errorf("postgres: charter comment: %w", charterError(err))
	}
	where := "texte entier"
	if paragraph > 0 {
		where = "paragraphe " + strconv.Itoa(paragraph)
	}
	return commentID, tx.auditOn(ctx, "charter.comment", charterSubject(v.Number)+", "+where, clts.On(clts.ObjectCharter, id))
}

// AnswerCharterComment records a pilot's answer to a comment of version
// id (a later answer replaces it).
func (tx *Tx) AnswerCharterComment(ctx context.Context, id, commentID int64, answer string, now time.Time) error {
	v, _, err := tx.lockCharter(ctx, id, auth.AnswerCharterComment, now)
	if err != nil {
		return err
	}
	if err := clts.ValidateCharterComment(clts.FieldCharterAnswer, answer); err != nil {
		return err
	}
	tag, err := tx.exec(ctx, `UPDATE charter_comments SET answer = $4, answered_by = $5, answered_at = now()
		WHERE committee_id = $1 AND version_id = $2 AND id = $3`, tx.sc.CommitteeID, id, commentID, answer, tx.sc.AccountID)
	if err != nil {
		return fmt.Errorf("postgres: answer charter comment: %w", charterError(err))
	}
	if tag.RowsAffected() == 0 {
		return clts.Errorf(clts.ENOTFOUND, "Commentaire introuvable.")
	}
	return tx.auditOn(ctx, "charter.answer", charterSubject(v.Number), clts.On(clts.ObjectCharter, id))
}

// CharterComments lists the comments of a version, oldest first, each
// author named as the directory shows them to the scope's account
// (viewerIsPilot: full names).
func (tx *Tx) CharterComments(ctx context.Context, id int64, viewerIsPilot bool) ([]clts.CharterComment, error) {
	rows, err := tx.query(ctx, `SELECT c.id, c.version_id, coalesce(c.paragraph, 0), c.author_id, `+visibleNameSQL("$3", "$4")+`,
			c.excerpt, c.body, c.created_at, coalesce(c.answer, ''), coalesce(an.display_name, ''), c.answered_at
		FROM charter_comments c
		JOIN memberships m ON m.committee_id = c.committee_id AND m.account_id = c.author_id
		JOIN accounts a ON a.id = c.author_id
		LEFT JOIN accounts an ON an.id = c.answered_by
		WHERE c.committee_id = $1 AND c.version_id = $2
		ORDER BY c.created_at, c.id`, tx.sc.CommitteeID, id, viewerIsPilot, tx.sc.AccountID)
	if err != nil {
		return nil, fmt.Errorf("postgres: charter comments: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (clts.CharterComment, error) {
		var c clts.CharterComment
		err := row.Scan(&c.ID, &c.VersionID, &c.Paragraph, &c.AuthorID, &c.AuthorName, &c.Excerpt, &c.Body, &c.CreatedAt,
			&c.Answer, &c.AnsweredBy, &c.AnsweredAt)
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: charter comments: %w", err)
	}
	return out, nil
}

// AdoptionMeetings lists the committee's plenaries that may have adopted a
// version at now: not cancelled, started, newest first (at most limit).
func (tx *Tx) AdoptionMeetings(ctx context.Context, now time.Time, limit int) ([]clts.Meeting, error) {
	rows, err := tx.query(ctx, `SELECT id, title, starts_at, status FROM meetings
		WHERE committee_id = $1 AND kind = 'pleniere' AND status <> 'annulee' AND starts_at <= $2
		ORDER BY starts_at DESC, id DESC LIMIT $3`, tx.sc.CommitteeID, now, limit)
	if err != nil {
		return nil, fmt.Errorf("postgres: adoption meetings: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (clts.Meeting, error) {
		m := clts.Meeting{Kind: clts.KindPlenary}
		err := row.Scan(&m.ID, &m.Title, &m.StartsAt, &m.Status)
		return m, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: adoption meetings: %w", err)
	}
	return out, nil
}

// CharterAdoption is what a pilot records of an adoption.
type CharterAdoption struct {
	MeetingID int64
	Day       time.Time // the day of the adoption (its date counts)
	Vote      clts.Vote
}

// AdoptCharter records that version id, a draft or a consultation, was
// adopted by a plenary meeting of the committee: the version becomes the
// current one, the former current one is replaced, and every active
// member with an address is told. The meeting must be a plenary of the
// committee, not cancelled, held on or before the day (auth.AdoptionRefusal).
func (tx *Tx) AdoptCharter(ctx context.Context, id int64, a CharterAdoption, now time.Time) error {
	v, _, err := tx.lockCharter(ctx, id, auth.AdoptCharter, now)
	if err != nil {
		return err
	}
	fe := auth.VoteRefusals(a.Vote)
	var m auth.AdoptionMeeting
	err = tx.queryRow(ctx, `SELECT kind, status, starts_at FROM meetings WHERE committee_id = $1 AND id = $2`,
		tx.sc.CommitteeID, a.MeetingID).Scan(&m.Kind, &m.Status, &m.StartsAt)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		fe.Add(clts.FieldCharterMeeting, "Choisissez la réunion plénière qui a adopté la charte.")
	case err != nil:
		return fmt.Errorf("postgres: adopt charter: %w", err)
	default:
		if field, msg := auth.AdoptionRefusal(m, a.Day, now); field != "" {
			fe.Add(field, msg)
		}
	}
	if err := fe.Err(); err != nil {
		return err
	}
	replaced, err := tx.exec(ctx, `UPDATE charter_versions SET state = 'remplacee', replaced_at = $2, version = version + 1
		WHERE committee_id = $1 AND state = 'adoptee'`, tx.sc.CommitteeID, now)
	if err != nil {
		return fmt.Errorf("postgres: adopt charter: %w", charterError(err))
	}
	var votes [3]*int
	if a.Vote.Result == clts.AdoptionVote {
		votes = [3]*int{&a.Vote.For, &a.Vote.Against, &a.Vote.Abstentions}
	}
	if _, err := tx.exec(ctx, `UPDATE charter_versions SET state = 'adoptee', adopted_meeting_id = $3, adopted_on = $4::date,
			adoption_result = $5, votes_for = $6, votes_against = $7, abstentions = $8, adopted_by = $9, adopted_at = $10,
			version = version + 1
		WHERE committee_id = $1 AND id = $2`, tx.sc.CommitteeID, id, a.MeetingID, a.Day.Format(time.DateOnly),
		a.Vote.Result, votes[0], votes[1], votes[2], tx.sc.AccountID, now); err != nil {
		return fmt.Errorf("postgres: adopt charter: %w", charterError(err))
	}
	if err := tx.auditOn(ctx, "charter.adopt", charterSubject(v.Number)+", adoptée le "+a.Day.Format("02/01/2006"),
		clts.On(clts.ObjectCharter, id)); err != nil {
		return err
	}
	return tx.mailCharter(ctx, CharterNotice{Kind: CharterAdopted, VersionID: id, Number: v.Number, Day: a.Day,
		Replaces: replaced.RowsAffected() > 0}, `true`)
}

// BackdateCharter places a version's writing at created, for the demo's
// history (as demo_history.go does for contributions): no route calls it,
// and it writes no audit entry.
func (tx *Tx) BackdateCharter(ctx context.Context, id int64, created time.Time) error {
	tag, err := tx.exec(ctx, `UPDATE charter_versions SET created_at = $3, updated_at = $3 WHERE committee_id = $1 AND id = $2`,
		tx.sc.CommitteeID, id, created)
	if err != nil {
		return fmt.Errorf("postgres: backdate charter: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return auth.ErrCharterNotFound
	}
	return nil
}
