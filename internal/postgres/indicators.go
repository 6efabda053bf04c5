package postgres

import (
	"context"
	"fmt"
	"time"
	_ "time/tzdata" // Europe/Paris, where quarters begin, even without a zone database

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/clts"
)

// indicatorsAttendanceSQL gives the figures of the scope's committee ($1)
// for the year $2 seen at $3: one row per quarter that had a meeting, then
// the year's row (quarter 0), with the working-group counts on every row.
//
// A meeting counts when it is not cancelled, started in the year (Europe/
// Paris) before now, and its attendance was taken (a sheet row with
// attended set). Attendances are the committee's members present (an
// excused absence is an absence); the people from outside the committee
// recorded on the sheets are summed apart. A person present counts as a supported person when the
// sheet recorded that role, else by the role they had on the meeting's day
// (membership_roles: the latest valid_from at or before the start, else the
// earliest known role, else today's role). A working group is active in
// the year when it existed before the year's end (or now) and is not
// archived, or held a counted meeting in the year; it is co-led by a
// supported person when one of its leads had that role at the end of the
// period (read the same way).
const indicatorsAttendanceSQL = `
WITH span AS (
	SELECT make_timestamptz($2, 1, 1, 0, 0, 0, 'Europe/Paris') AS from_at,
	       least(make_timestamptz($2 + 1, 1, 1, 0, 0, 0, 'Europe/Paris'), $3::timestamptz) AS to_at
), held AS (
	SELECT mt.id, mt.starts_at, mt.group_id, mt.outside_attendees,
	       extract(quarter FROM mt.starts_at AT TIME ZONE 'Europe/Paris')::int AS quarter
	FROM meetings mt, span
	WHERE mt.committee_id = $1 AND mt.status <> 'annulee'
	  AND mt.starts_at >= span.from_at AND mt.starts_at < span.to_at
	  AND EXISTS (SELECT FROM meeting_responses r WHERE r.committee_id = mt.committee_id
	              AND r.meeting_id = mt.id AND r.attended IS NOT NULL)
), present AS (
	SELECT h.id AS meeting_id, h.quarter, r.account_id,
	       coalesce(r.role,
	                (SELECT mr.role FROM membership_roles mr WHERE mr.committee_id = $1 AND mr.account_id = r.account_id
	                   AND mr.valid_from <= h.starts_at ORDER BY mr.valid_from DESC LIMIT 1),
	                (SELECT mr.role FROM membership_roles mr WHERE mr.committee_id = $1 AND mr.account_id = r.account_id
	                   ORDER BY mr.valid_from LIMIT 1),
	                ms.role) = 'personne_accompagnee' AS supported
	FROM held h
	JOIN meeting_responses r ON r.committee_id = $1 AND r.meeting_id = h.id AND r.attended
	JOIN memberships ms ON ms.committee_id = $1 AND ms.account_id = r.account_id
), groups AS (
	SELECT count(*) AS active,
	       count(*) FILTER (WHERE EXISTS (
	           SELECT FROM group_members gm JOIN memberships ms ON ms.committee_id = gm.committee_id AND ms.account_id = gm.account_id
	           WHERE gm.committee_id = g.committee_id AND gm.group_id = g.id AND gm.status = 'lead'
	             AND coalesce(
	                   (SELECT mr.role FROM membership_roles mr, span WHERE mr.committee_id = $1 AND mr.account_id = gm.account_id
	                      AND mr.valid_from < span.to_at ORDER BY mr.valid_from DESC LIMIT 1),
	                   (SELECT mr.role FROM membership_roles mr WHERE mr.committee_id = $1 AND mr.account_id = gm.account_id
	                      ORDER BY mr.valid_from LIMIT 1),
	                   ms.role) = 'personne_accompagnee')) AS co_led
	FROM working_groups g, span
	WHERE g.committee_id = $1 AND g.created_at < span.to_at
	  AND (NOT g.archived OR EXISTS (SELECT FROM held h WHERE h.group_id = g.id))
), periods AS (
	SELECT coalesce(quarter, 0) AS quarter, count(DISTINCT id) AS meetings, sum(outside_attendees) AS outside
	FROM held GROUP BY GROUPING SETS ((quarter), ())
), people AS (
	SELECT coalesce(quarter, 0) AS quarter, count(*) AS attendees,
	       count(*) FILTER (WHERE supported) AS supported,
	       count(DISTINCT account_id) FILTER (WHERE supported) AS distinct_supported,
	       count(DISTINCT meeting_id) FILTER (WHERE supported) AS meetings_with_supported
	FROM present GROUP BY GROUPING SETS ((quarter), ())
)
SELECT p.quarter, p.meetings, coalesce(pe.attendees, 0), coalesce(pe.supported, 0),
       coalesce(pe.distinct_supported, 0), coalesce(pe.meetings_with_supported, 0),
       groups.active, groups.co_led, p.outside
FROM groups LEFT JOIN periods p ON true
LEFT JOIN people pe ON pe.quarter = p.quarter
ORDER BY p.quarter`

// indicatorsInstitutionsSQL gives the attendance of each partner
// institution's members (memberships.institution_id) at the meetings that
// indicatorsAttendanceSQL counts: every institution still listed, and any
// archived one whose members came, most present first.
const indicatorsInstitutionsSQL = `
WITH span AS (
	SELECT make_timestamptz($2, 1, 1, 0, 0, 0, 'Europe/Paris') AS from_at,
	       least(make_timestamptz($2 + 1, 1, 1, 0, 0, 0, 'Europe/Paris'), $3::timestamptz) AS to_at
), present AS (
	SELECT mt.id AS meeting_id, ms.institution_id
	FROM meetings mt CROSS JOIN span
	JOIN meeting_responses r ON r.committee_id = mt.committee_id AND r.meeting_id = mt.id AND r.attended
	JOIN memberships ms ON ms.committee_id = r.committee_id AND ms.account_id = r.account_id
	WHERE mt.committee_id = $1 AND mt.status <> 'annulee'
	  AND mt.starts_at >= span.from_at AND mt.starts_at < span.to_at
	  AND ms.institution_id IS NOT NULL
)
SELECT i.name, count(p.meeting_id), count(DISTINCT p.meeting_id)
FROM institutions i LEFT JOIN present p ON p.institution_id = i.id
WHERE i.committee_id = $1
GROUP BY i.committee_id, i.id
HAVING NOT i.archived OR count(p.meeting_id) > 0
ORDER BY count(p.meeting_id) DESC, i.name COLLATE clts_fr, i.id`

// ParticipationIndicators computes the scope's committee's participation
// figures for year, as they stand at now (meetings that started later do
// not count): per quarter of the year in Europe/Paris and for the year.
// Both statements travel in one round trip.
func (tx *Tx) ParticipationIndicators(ctx context.Context, year int, now time.Time) (*clts.Indicators, error) {
	ind := &clts.Indicators{Year: year, ComputedAt: now}
	for q := 1; q <= 4; q++ {
		ind.Quarters = append(ind.Quarters, clts.IndicatorPeriod{
			Label: quarterLabel(q, year),
			From:  time.Date(year, time.Month(3*q-2), 1, 0, 0, 0, 0, paris),
			To:    time.Date(year, time.Month(3*q+1), 1, 0, 0, 0, 0, paris),
		})
	}
	ind.Total = clts.IndicatorPeriod{Label: fmt.Sprintf("%d", year),
		From: time.Date(year, 1, 1, 0, 0, 0, 0, paris), To: time.Date(year+1, 1, 1, 0, 0, 0, 0, paris)}

	var b pgx.Batch
	b.Queue(indicatorsAttendanceSQL, tx.sc.CommitteeID, year, now)
	b.Queue(indicatorsInstitutionsSQL, tx.sc.CommitteeID, year, now)
	br := tx.sendBatch(ctx, &b)
	defer br.Close()

	rows, err := br.Query()
	if err != nil {
		return nil, fmt.Errorf("postgres: participation indicators: %w", err)
	}
	for rows.Next() {
		var quarter *int32
		var meetings, attendees, supported, distinct, withSupported, outside *int64
		var groups, coLed int64
		if err := rows.Scan(&quarter, &meetings, &attendees, &supported, &distinct, &withSupported, &groups, &coLed, &outside); err != nil {
			rows.Close()
			return nil, fmt.Errorf("postgres: participation indicators: %w", err)
		}
		ind.Groups, ind.GroupsCoLedBySupported = int(groups), int(coLed)
		if quarter == nil { // no meeting held: the groups' row alone
			continue
		}
		p := &ind.Total
		if *quarter >= 1 && *quarter <= 4 {
			p = &ind.Quarters[*quarter-1]
		}
		p.Meetings, p.Attendees, p.SupportedAttendees = int(deref(meetings)), int(deref(attendees)), int(deref(supported))
		p.DistinctSupported, p.MeetingsWithSupported = int(deref(distinct)), int(deref(withSupported))
		p.OutsideAttendees = int(deref(outside))
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: participation indicators: %w", err)
	}

	rows, err = br.Query()
	if err != nil {
		return nil, fmt.Errorf("postgres: participation indicators by institution: %w", err)
	}
	ind.Institutions, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (clts.InstitutionAttendance, error) {
		var a clts.InstitutionAttendance
		err := row.Scan(&a.Institution, &a.Attendees, &a.Meetings)
		return a, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: participation indicators by institution: %w", err)
	}
	if ind.Institutions == nil {
		ind.Institutions = []clts.InstitutionAttendance{}
	}
	return ind, nil
}

func deref(v *int64) int64 {
	if v == nil {
		return 0
	}
	return *v
}

// quarterLabel names a quarter in French: « 1er trimestre 2026 ».
func quarterLabel(q, year int) string {
	if q == 1 {
		return fmt.Sprintf("1er trimestre %d", year)
	}
	return fmt.Sprintf("%de trimestre %d", q, year)
}

// paris is Europe/Paris, where quarters begin.
var paris = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		panic(err)
	}
	return loc
}()

// IndicatorYears lists the years that the committee's indicators may be
// asked for, newest first: from the year of its first meeting (Europe/
// Paris) to now's year; now's year alone when it has none yet.
func (tx *Tx) IndicatorYears(ctx context.Context, now time.Time) ([]int, error) {
	var first *int32
	err := tx.queryRow(ctx, `SELECT extract(year FROM min(starts_at) AT TIME ZONE 'Europe/Paris')::int
		FROM meetings WHERE committee_id = $1`, tx.sc.CommitteeID).Scan(&first)
	if err != nil {
		return nil, fmt.Errorf("postgres: indicator years: %w", err)
	}
	last := now.In(paris).Year()
	from := last
	if first != nil && int(*first) < last {
		from = int(*first)
	}
	years := make([]int, 0, last-from+1)
	for y := last; y >= from; y-- {
		years = append(years, y)
	}
	return years, nil
}
