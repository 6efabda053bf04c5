package main

import "strings"

// The bare handler runs the portal's own statements, copied from
// internal/postgres (meetings.go, directory.go, agenda.go, feeds.go) as
// they stand. The bench checks that they still are the same statements:
// each must have a pg_stat_statements query id that the portal's requests
// produced (queryIDsMatch), else the report says so.

// setScopeSQL is the tenant frame of every portal transaction (tx.go).
const setScopeSQL = `SELECT set_config('clts.committee_id', $1, true),
		set_config('clts.account_id', $2, true),
		set_config('clts.operator', $3, true),
		set_config('clts.token_hash', $4, true),
		set_config('clts.hcts', $5, true)`

// meetingSelect reads meetings with the viewer's answer and the counts
// (MeetingsBetween, MeetingByID).
const meetingSelect = `SELECT mt.committee_id, mt.id, mt.kind, coalesce(mt.group_id, 0), coalesce(g.title, ''),
		coalesce(mt.seminar_id, 0), mt.title, mt.description, mt.starts_at, mt.ends_at, mt.place, mt.video_url,
		mt.accessibility, mt.status, mt.cancel_reason, mt.sequence, mt.version, mt.updated_at,
		coalesce(me.answer, ''), coalesce(c.yes, 0), coalesce(c.no, 0), coalesce(c.maybe, 0), coalesce(c.attended, 0)
	FROM meetings mt
	LEFT JOIN working_groups g ON g.committee_id = mt.committee_id AND g.id = mt.group_id
	LEFT JOIN meeting_responses me ON me.committee_id = mt.committee_id AND me.meeting_id = mt.id AND me.account_id = $1
	LEFT JOIN LATERAL (SELECT count(*) FILTER (WHERE r.answer = 'oui') AS yes,
			count(*) FILTER (WHERE r.answer = 'non') AS no,
			count(*) FILTER (WHERE r.answer = 'peut_etre') AS maybe,
			count(*) FILTER (WHERE r.attended) AS attended
		FROM meeting_responses r WHERE r.committee_id = mt.committee_id AND r.meeting_id = mt.id) c ON true`

// meetingsBetweenSQL lists meetings in [$3, $4) (upcoming list, month
// view, committee home); args: viewer, committee, from, to, limit.
const meetingsBetweenSQL = meetingSelect + `
			WHERE mt.committee_id = $2 AND mt.starts_at >= $3 AND mt.starts_at < $4
			ORDER BY mt.starts_at, mt.id LIMIT $5`

// meetingByIDSQL reads one meeting; args: viewer, committee, meeting.
const meetingByIDSQL = meetingSelect + ` WHERE mt.committee_id = $2 AND mt.id = $3`

const shortNameSQL = `CASE WHEN btrim(a.display_name) ~ '\s'
	THEN substring(btrim(a.display_name) from '^\S+') || ' ' || left(substring(btrim(a.display_name) from '\S+$'), 1) || '.'
	ELSE btrim(a.display_name) END`

func visibleNameSQL(pilot, viewer string) string {
	return `CASE WHEN m.role = 'personne_accompagnee' AND NOT m.show_full_name AND NOT ` + pilot +
		` AND m.account_id <> ` + viewer + ` THEN ` + shortNameSQL + ` ELSE a.display_name END`
}

func foldSQL(expr string) string {
	return "translate(lower(" + expr + "), 'àâäáãåéèêëíìîïóòôöõúùûüýÿçñœæ', 'aaaaaaeeeeiiiiooooouuuuyycnoa')"
}

const profileSelect = `SELECT a.id, a.display_name, coalesce(a.email, ''), a.login, m.role, m.active,
		coalesce(m.institution_id, 0), coalesce(i.name, ''), m.departement, m.presentation, m.phone,
		m.show_email, m.show_phone, m.show_full_name, m.version,
		coalesce((SELECT array_agg(g.title ORDER BY g.title COLLATE clts_fr) FROM group_members gm
			JOIN working_groups g ON g.committee_id = gm.committee_id AND g.id = gm.group_id
			WHERE gm.committee_id = m.committee_id AND gm.account_id = m.account_id
			  AND gm.status <> 'pending' AND NOT g.archived), '{}')`

const profileFrom = `FROM memberships m
	JOIN accounts a ON a.id = m.account_id
	LEFT JOIN institutions i ON i.committee_id = m.committee_id AND i.id = m.institution_id`

// directorySQL is a directory page sorted by name (Directory); args:
// committee, viewer is pilot, viewer, search, role, institution, group,
// département, page size, offset.
var directorySQL = func() string {
	order := "visible_name COLLATE clts_fr, a.id"
	return `WITH page AS (
			SELECT m.account_id, count(*) OVER () AS total, row_number() OVER (ORDER BY ` + order + `) AS rn
			` + profileFrom + `,
			LATERAL (SELECT ` + visibleNameSQL("$2", "$3") + ` AS visible_name) v
			WHERE m.committee_id = $1 AND m.active
			  AND ($4 = '' OR ` + foldSQL("v.visible_name") + ` LIKE '%' || ` + foldSQL("$4") + ` || '%')
			  AND ($5 = '' OR m.role = $5)
			  AND ($6 = 0 OR m.institution_id = $6)
			  AND ($7 = 0 OR EXISTS (SELECT FROM group_members gm WHERE gm.committee_id = m.committee_id
			       AND gm.group_id = $7 AND gm.account_id = m.account_id AND gm.status <> 'pending'))
			  AND ($8 = '' OR m.departement = $8 OR $8 = ANY (i.departements))
			ORDER BY ` + order + ` LIMIT $9 OFFSET $10)
		` + profileSelect + `, page.total ` + profileFrom + `
			JOIN page ON page.account_id = m.account_id
			WHERE m.committee_id = $1
			ORDER BY page.rn`
}()

// escapeLike makes a search text match literally inside LIKE.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// agendaSQL is a meeting's agenda (AgendaItems); args: committee,
// meeting, viewer is pilot, viewer.
var agendaSQL = `SELECT ai.id, ai.meeting_id, ai.position, ai.title, ai.description, ai.presenter, ai.minutes,
				ai.status = 'propose', coalesce(` + visibleNameSQL("$3", "$4") + `, '')
			FROM agenda_items ai
			LEFT JOIN accounts a ON a.id = ai.proposed_by
			LEFT JOIN memberships m ON m.committee_id = ai.committee_id AND m.account_id = ai.proposed_by
			WHERE ai.committee_id = $1 AND ai.meeting_id = $2
			ORDER BY ai.status DESC, ai.position, ai.id`

// personalFeedSQL is a person's iCalendar feed (PersonalFeed); args:
// account, since, limit.
const personalFeedSQL = `SELECT * FROM (
				SELECT DISTINCT ON (coalesce('s' || mt.seminar_id, 'm' || mt.committee_id || '-' || mt.id))
					mt.committee_id, mt.id, mt.kind, coalesce(mt.group_id, 0), coalesce(mt.seminar_id, 0), mt.title, mt.description,
					mt.starts_at, mt.ends_at, mt.place, mt.video_url, mt.accessibility, mt.status, mt.cancel_reason,
					mt.sequence, mt.updated_at, c.slug, c.name
				FROM meetings mt JOIN committees c ON c.id = mt.committee_id
				WHERE mt.starts_at >= $2
				  AND (mt.group_id IS NULL OR EXISTS (SELECT FROM group_members gm WHERE gm.committee_id = mt.committee_id
				       AND gm.group_id = mt.group_id AND gm.account_id = $1 AND gm.status <> 'pending'))
				ORDER BY coalesce('s' || mt.seminar_id, 'm' || mt.committee_id || '-' || mt.id), mt.committee_id) f
			ORDER BY starts_at LIMIT $3`
