package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/clts"
)

// Responses lists a meeting's invitees with their answers, companions,
// needs and attendance, by the name the viewer (the scope's account) may see: a group
// lead who is not a pilot sees supported persons as the directory shows
// them. One statement.
func (tx *Tx) Responses(ctx context.Context, meetingID int64, viewerIsPilot bool) ([]clts.Response, error) {
	rows, err := tx.query(ctx, `SELECT a.id, v.name, m.role, coalesce(r.answer, ''), coalesce(r.needs, '{}'),
			coalesce(r.needs_note, ''), r.attended, coalesce(r.companions, 0), coalesce(r.excused, false),
			`+helperNameSQL("r.helped_by", "$1", "$3", "$4")+`
		FROM (`+inviteesSQL+`) inv
		JOIN memberships m ON m.committee_id = $1 AND m.account_id = inv.account_id
		JOIN accounts a ON a.id = inv.account_id
		CROSS JOIN LATERAL (SELECT `+visibleNameSQL("$3", "$4")+` AS name) v
		LEFT JOIN meeting_responses r ON r.committee_id = $1 AND r.meeting_id = $2 AND r.account_id = inv.account_id
		ORDER BY v.name COLLATE clts_fr, a.id`, tx.sc.CommitteeID, meetingID, viewerIsPilot, tx.sc.AccountID)
	if err != nil {
		return nil, fmt.Errorf("postgres: responses: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (clts.Response, error) {
		var r clts.Response
		err := row.Scan(&r.AccountID, &r.Name, &r.Role, &r.Answer, &r.Needs, &r.NeedsNote, &r.Attended, &r.Companions, &r.Excused, &r.HelpedByName)
		return r, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: responses: %w", err)
	}
	return out, nil
}

// MyResponse returns the scope's account's answer to a meeting (zero when
// none), in one statement. The meeting's page reads it with the meeting
// (MeetingPage).
func (tx *Tx) MyResponse(ctx context.Context, meetingID int64) (clts.Response, error) {
	r := clts.Response{AccountID: tx.sc.AccountID}
	err := tx.queryRow(ctx, `SELECT coalesce(answer, ''), needs, needs_note, attended, companions, excused FROM meeting_responses
		WHERE committee_id = $1 AND meeting_id = $2 AND account_id = $3`, tx.sc.CommitteeID, meetingID, tx.sc.AccountID).
		Scan(&r.Answer, &r.Needs, &r.NeedsNote, &r.Attended, &r.Companions, &r.Excused)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return r, fmt.Errorf("postgres: my response: %w", err)
	}
	return r, nil
}

// SetResponse records the scope's account's answer, the number of people
// who come with them (kept only with a yes or a maybe) and their needs, if
// it is invited.
func (tx *Tx) SetResponse(ctx context.Context, meetingID int64, answer string, companions int, needs []string, note string) error {
	if needs == nil {
		needs = []string{}
	}
	if answer != clts.AnswerYes && answer != clts.AnswerMaybe {
		companions = 0
	}
	cid, self := tx.sc.CommitteeID, tx.sc.AccountID
	var invited bool
	if err := tx.queryRow(ctx, `SELECT EXISTS (`+inviteesSQL+` AND ms.account_id = $3)`, cid, meetingID, self).Scan(&invited); err != nil {
		return fmt.Errorf("postgres: response: %w", err)
	}
	if !invited {
		return clts.Errorf(clts.EFORBIDDEN, "Vous n'êtes pas invité à cette réunion.")
	}
	_, err := tx.exec(ctx, `INSERT INTO meeting_responses (committee_id, meeting_id, account_id, answer, needs, needs_note, companions, helped_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		ON CONFLICT (committee_id, meeting_id, account_id) DO UPDATE
		SET answer = EXCLUDED.answer, needs = EXCLUDED.needs, needs_note = EXCLUDED.needs_note,
			companions = EXCLUDED.companions, helped_by = EXCLUDED.helped_by, updated_at = now()`,
		cid, meetingID, self, answer, needs, note, companions, nullID(tx.helper))
	if err != nil {
		return fmt.Errorf("postgres: response: %w", mapError(err))
	}
	label := clts.AnswerLabel(answer)
	if companions > 0 {
		label += fmt.Sprintf(", accompagné·e de %d personne(s)", companions)
	}
	return tx.auditOn(ctx, "meeting.answer", label, clts.On(clts.ObjectMeeting, meetingID))
}

// RecordAttendance records the sheet of a meeting: who was present and who
// excused their absence among the invitees (everyone else is absent; ids
// of people not invited count for nothing), and how many people from
// outside the committee attended. It marks the meeting held and returns
// what the sheet holds.
func (tx *Tx) RecordAttendance(ctx context.Context, meetingID int64, sheet clts.AttendanceSheet) (clts.AttendanceCount, error) {
	var n clts.AttendanceCount
	present, excused := sheet.Present, sheet.Excused
	if present == nil {
		present = []int64{}
	}
	if excused == nil {
		excused = []int64{}
	}
	if sheet.Outside < 0 || sheet.Outside > clts.MaxOutsideAttendees {
		return n, clts.FieldErrors{"exterieurs": "Indiquez un nombre de personnes entre 0 et " + strconv.Itoa(clts.MaxOutsideAttendees) + "."}.Err()
	}
	var title string
	err := tx.queryRow(ctx, `UPDATE meetings SET status = 'tenue', outside_attendees = $3, updated_at = now()
		WHERE committee_id = $1 AND id = $2 AND status <> 'annulee' RETURNING title`, tx.sc.CommitteeID, meetingID, sheet.Outside).Scan(&title)
	if errors.Is(err, pgx.ErrNoRows) {
		return n, clts.Errorf(clts.ENOTFOUND, "Réunion introuvable ou annulée.")
	}
	if err != nil {
		return n, fmt.Errorf("postgres: attendance: %w", err)
	}
	// The sheet keeps each invitee's role of the day (the participation
	// indicators read it): the first one recorded stays. Present wins over
	// excused when an id is in both.
	err = tx.queryRow(ctx, `WITH saved AS (INSERT INTO meeting_responses (committee_id, meeting_id, account_id, attended, excused, role)
		SELECT $1, $2, inv.account_id, inv.account_id = ANY ($3::bigint[]),
			inv.account_id = ANY ($4::bigint[]) AND NOT inv.account_id = ANY ($3::bigint[]),
			(SELECT ms.role FROM memberships ms WHERE ms.committee_id = $1 AND ms.account_id = inv.account_id)
		FROM (`+inviteesSQL+`) inv
		ON CONFLICT (committee_id, meeting_id, account_id) DO UPDATE SET attended = EXCLUDED.attended,
			excused = EXCLUDED.excused, role = coalesce(meeting_responses.role, EXCLUDED.role), updated_at = now()
		RETURNING attended, excused)
		SELECT count(*) FILTER (WHERE attended), count(*) FILTER (WHERE excused), count(*) FILTER (WHERE NOT attended AND NOT excused)
		FROM saved`,
		tx.sc.CommitteeID, meetingID, present, excused).Scan(&n.Present, &n.Excused, &n.Absent)
	if err != nil {
		return n, fmt.Errorf("postgres: attendance: %w", err)
	}
	n.Outside = sheet.Outside
	if err := tx.auditOn(ctx, "meeting.attendance", fmt.Sprintf("%s : %d présences, %d absences excusées, %d absences, %d personnes extérieures",
		title, n.Present, n.Excused, n.Absent, n.Outside), clts.On(clts.ObjectMeeting, meetingID)); err != nil {
		return n, err
	}
	return n, nil
}

// AttendanceRates returns the attendance of each held meeting and of each
// active member over held meetings, with excused absences apart, in two
// statements. Only sheets count: an invitation without attendance taken
// is in neither figure.
func (tx *Tx) AttendanceRates(ctx context.Context) (meetings, members []clts.AttendanceRate, err error) {
	scan := func(row pgx.CollectableRow) (clts.AttendanceRate, error) {
		var a clts.AttendanceRate
		err := row.Scan(&a.ID, &a.Label, &a.Invited, &a.Attended, &a.Excused, &a.Outside)
		return a, err
	}
	rows, err := tx.query(ctx, `SELECT mt.id, mt.title || ' — ' || to_char(mt.starts_at AT TIME ZONE 'Europe/Paris', 'DD/MM/YYYY'),
			count(r.account_id) FILTER (WHERE r.attended IS NOT NULL), count(r.account_id) FILTER (WHERE r.attended),
			count(r.account_id) FILTER (WHERE r.excused), mt.outside_attendees
		FROM meetings mt LEFT JOIN meeting_responses r ON r.committee_id = mt.committee_id AND r.meeting_id = mt.id
		WHERE mt.committee_id = $1 AND mt.status = 'tenue'
		GROUP BY mt.committee_id, mt.id ORDER BY mt.starts_at DESC`, tx.sc.CommitteeID)
	if err != nil {
		return nil, nil, fmt.Errorf("postgres: attendance rates: %w", err)
	}
	if meetings, err = pgx.CollectRows(rows, scan); err != nil {
		return nil, nil, fmt.Errorf("postgres: attendance rates: %w", err)
	}
	rows, err = tx.query(ctx, `SELECT a.id, a.display_name,
			count(r.meeting_id) FILTER (WHERE r.attended IS NOT NULL AND mt.status = 'tenue'),
			count(r.meeting_id) FILTER (WHERE r.attended AND mt.status = 'tenue'),
			count(r.meeting_id) FILTER (WHERE r.excused AND mt.status = 'tenue'), 0
		FROM memberships ms JOIN accounts a ON a.id = ms.account_id
		LEFT JOIN meeting_responses r ON r.committee_id = ms.committee_id AND r.account_id = ms.account_id
		LEFT JOIN meetings mt ON mt.committee_id = r.committee_id AND mt.id = r.meeting_id
		WHERE ms.committee_id = $1 AND ms.active
		GROUP BY a.id ORDER BY a.display_name COLLATE clts_fr, a.id`, tx.sc.CommitteeID)
	if err != nil {
		return nil, nil, fmt.Errorf("postgres: attendance rates: %w", err)
	}
	if members, err = pgx.CollectRows(rows, scan); err != nil {
		return nil, nil, fmt.Errorf("postgres: attendance rates: %w", err)
	}
	return meetings, members, nil
}
