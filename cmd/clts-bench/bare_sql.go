package main

import (
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
)

// The bare handler runs the portal's own statements, copied from
// internal/postgres as they stand (meetings.go, minutes.go, agenda.go,
// responses.go, directory.go, groups.go, institutions.go, accounts.go,
// feeds.go), in the portal's unit of work (tx.go): BEGIN and the scope's
// set_config in one simple-protocol message, the page's statements, COMMIT.
// The bench checks that they still are the same statements: each must have
// a pg_stat_statements query id that the portal's requests produced
// (sameStatements), else the report says so. The statements of the portal
// before its data-layer rewrite are in bare_sql_1666e9a.go.

// beginSQL is the message that opens a unit of work (DB.run and scopeSQL in
// internal/postgres/tx.go): BEGIN and the scope's transaction-local
// settings, with literal values (integers, "on", hex digits).
func beginSQL(mode string, committee, account int64, tokenHash []byte) string {
	id := func(v int64) string {
		if v == 0 {
			return ""
		}
		return strconv.FormatInt(v, 10)
	}
	var b strings.Builder
	b.WriteString("BEGIN ISOLATION LEVEL " + mode + "; SELECT ")
	for i, kv := range [][2]string{
		{"clts.committee_id", id(committee)},
		{"clts.account_id", id(account)},
		{"clts.operator", ""},
		{"clts.token_hash", hex.EncodeToString(tokenHash)},
		{"clts.hcts", ""},
		{"clts.national", ""},
	} {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "set_config('%s', '%s', true)", kv[0], kv[1])
	}
	// Custom plans for the unit of work; the connection's default,
	// generic plans, is for the session store's statements.
	b.WriteString(", set_config('plan_cache_mode', 'force_custom_plan', true)")
	return b.String()
}

// The transaction modes of DB.Read and DB.Snapshot.
const (
	readMode     = "READ COMMITTED READ ONLY"
	snapshotMode = "REPEATABLE READ READ ONLY"
)

// meetingColumns, meetingFrom and meetingSelect read meetings with the
// viewer's answer ($1) and the counts (meetings.go).
const meetingColumns = `mt.committee_id, mt.id, mt.kind, coalesce(mt.group_id, 0), coalesce(g.title, ''),
		coalesce(mt.seminar_id, 0), mt.title, mt.description, mt.starts_at, mt.ends_at, mt.place, mt.video_url,
		mt.accessibility, mt.status, mt.cancel_reason, mt.sequence, mt.version, mt.updated_at,
		coalesce(me.answer, ''), coalesce(c.yes, 0), coalesce(c.no, 0), coalesce(c.maybe, 0), coalesce(c.attended, 0),
		mt.convened_at, mt.outside_attendees, coalesce(c.companions, 0)`

const meetingFrom = `FROM meetings mt
	LEFT JOIN working_groups g ON g.committee_id = mt.committee_id AND g.id = mt.group_id
	LEFT JOIN meeting_responses me ON me.committee_id = mt.committee_id AND me.meeting_id = mt.id AND me.account_id = $1
	LEFT JOIN LATERAL (SELECT count(*) FILTER (WHERE r.answer = 'oui') AS yes,
			count(*) FILTER (WHERE r.answer = 'non') AS no,
			count(*) FILTER (WHERE r.answer = 'peut_etre') AS maybe,
			count(*) FILTER (WHERE r.attended) AS attended,
			sum(r.companions) FILTER (WHERE r.answer = 'oui') AS companions
		FROM meeting_responses r WHERE r.committee_id = mt.committee_id AND r.meeting_id = mt.id) c ON true`

const meetingSelect = `SELECT ` + meetingColumns + `
	` + meetingFrom

// meetingsBetweenSQL is MeetingsBetween in time order (upcoming list,
// month view, committee home); args: viewer, committee, from, to, limit.
const meetingsBetweenSQL = meetingSelect + `
		WHERE mt.committee_id = $2 AND mt.starts_at >= $3 AND mt.starts_at < $4
		ORDER BY mt.starts_at, mt.id LIMIT $5`

// minutesColumns and minutesJoins read a meeting's minutes and actions
// (minutes.go).
const minutesColumns = `mi.body, mi.html, mi.published_at, mi.version, mi.updated_at, act.list`

var minutesJoins = `LEFT JOIN minutes mi ON mi.committee_id = mt.committee_id AND mi.meeting_id = mt.id
	LEFT JOIN LATERAL (SELECT json_agg(json_build_object('id', x.id, 'kind', x.kind, 'what', x.what, 'who', x.who,
			'assignee_id', x.assignee_id, 'assignee', ` + assigneeNameSQL + `,
			'due_on', to_char(x.due_on, 'YYYY-MM-DD'), 'done', x.done) ORDER BY x.kind DESC, x.id) AS list
		FROM meeting_actions x
		LEFT JOIN memberships m ON m.committee_id = x.committee_id AND m.account_id = x.assignee_id
		LEFT JOIN accounts a ON a.id = x.assignee_id
		WHERE x.committee_id = mt.committee_id AND x.meeting_id = mt.id) act ON true`

// assigneeNameSQL is an action's assignee as the viewer may see them.
var assigneeNameSQL = visibleNameSQL(`EXISTS (SELECT FROM memberships vm WHERE vm.committee_id = x.committee_id
	AND vm.account_id = coalesce(clts_account_id(), 0) AND vm.role = 'pilote' AND vm.active)`, `coalesce(clts_account_id(), 0)`)

// inviteesOf selects the accounts invited to a meeting (meetings.go).
func inviteesOf(committee, meeting string) string {
	return `SELECT ms.account_id FROM memberships ms JOIN meetings mt ON mt.committee_id = ms.committee_id AND mt.id = ` + meeting + `
	WHERE ms.committee_id = ` + committee + ` AND ms.active AND (mt.group_id IS NULL OR EXISTS (
		SELECT FROM group_members gm WHERE gm.committee_id = ms.committee_id AND gm.group_id = mt.group_id
		  AND gm.account_id = ms.account_id AND gm.status <> 'pending'))`
}

// meetingPageSQL is MeetingPage: one meeting with the viewer's facts, the
// minutes and the actions; args: viewer, committee, meeting.
var meetingPageSQL = `SELECT ` + meetingColumns + `,
		coalesce(gm.status, ''), EXISTS (` + inviteesOf("$2", "$3") + ` AND ms.account_id = $1),
		me.needs, coalesce(me.needs_note, ''), me.attended, coalesce(me.companions, 0), coalesce(me.excused, false),
		` + minutesColumns + `
	` + meetingFrom + `
	LEFT JOIN group_members gm ON gm.committee_id = mt.committee_id AND gm.group_id = mt.group_id AND gm.account_id = $1
	` + minutesJoins + `
	WHERE mt.committee_id = $2 AND mt.id = $3`

// shortNameSQL, visibleNameSQL and foldSQL are the name rules of
// directory.go.
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

// agendaSQL is AgendaItems; args: committee, meeting, viewer is pilot,
// viewer.
var agendaSQL = `SELECT ai.id, ai.meeting_id, ai.position, ai.title, ai.description, ai.presenter, ai.minutes,
			ai.status = 'propose', coalesce(` + visibleNameSQL("$3", "$4") + `, '')
		FROM agenda_items ai
		LEFT JOIN accounts a ON a.id = ai.proposed_by
		LEFT JOIN memberships m ON m.committee_id = ai.committee_id AND m.account_id = ai.proposed_by
		WHERE ai.committee_id = $1 AND ai.meeting_id = $2
		ORDER BY ai.status DESC, ai.position, ai.id`

// responsesSQL is Responses, the invitees with their answers that the
// meeting's organisers see; args: committee, meeting, viewer is pilot,
// viewer.
var responsesSQL = `SELECT a.id, v.name, m.role, coalesce(r.answer, ''), coalesce(r.needs, '{}'),
			coalesce(r.needs_note, ''), r.attended, coalesce(r.companions, 0), coalesce(r.excused, false)
		FROM (` + inviteesOf("$1", "$2") + `) inv
		JOIN memberships m ON m.committee_id = $1 AND m.account_id = inv.account_id
		JOIN accounts a ON a.id = inv.account_id
		CROSS JOIN LATERAL (SELECT ` + visibleNameSQL("$3", "$4") + ` AS name) v
		LEFT JOIN meeting_responses r ON r.committee_id = $1 AND r.meeting_id = $2 AND r.account_id = inv.account_id
		ORDER BY v.name COLLATE clts_fr, a.id`

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

// directorySQL is Directory sorted by name (the default); args: committee,
// viewer is pilot, viewer, search, role, institution, group, département,
// page size, offset.
var directorySQL = func() string {
	order := "visible_name COLLATE clts_fr, a.id"
	from := profileFrom + `,
		LATERAL (SELECT ` + visibleNameSQL("$2", "$3") + ` AS visible_name) v`
	match := `m.committee_id = $1 AND m.active
		  AND ($4 = '' OR ` + foldSQL("v.visible_name") + ` LIKE '%' || ` + foldSQL("$4") + ` || '%')
		  AND ($5 = '' OR m.role = $5)
		  AND ($6 = 0 OR m.institution_id = $6)
		  AND ($7 = 0 OR EXISTS (SELECT FROM group_members gm WHERE gm.committee_id = m.committee_id
		       AND gm.group_id = $7 AND gm.account_id = m.account_id AND gm.status <> 'pending'))
		  AND ($8 = '' OR m.departement = $8 OR $8 = ANY (i.departements))`
	return `WITH page AS (
		SELECT m.account_id, count(*) OVER () AS total, row_number() OVER (ORDER BY ` + order + `) AS rn
		` + from + `
		WHERE ` + match + `
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

// institutionsSQL is Institutions; args: committee, include archived.
const institutionsSQL = `SELECT i.committee_id, i.id, i.name, i.kind, i.departements, i.website, i.description,
			i.logo IS NOT NULL, i.archived, i.version,
			(SELECT count(*) FROM memberships m
			 WHERE m.committee_id = i.committee_id AND m.institution_id = i.id AND m.active)
		FROM institutions i
		WHERE i.committee_id = $1 AND (NOT i.archived OR $2)
		ORDER BY i.archived, i.name COLLATE clts_fr`

// groupSelect reads groups with their counts (groups.go).
const groupSelect = `SELECT g.committee_id, g.id, g.title, g.description, g.objectives, g.archived, g.version,
	c.leads, c.members, c.pending
	FROM working_groups g
	CROSS JOIN LATERAL (SELECT count(*) FILTER (WHERE gm.status = 'lead') AS leads,
			count(*) FILTER (WHERE gm.status <> 'pending') AS members,
			count(*) FILTER (WHERE gm.status = 'pending') AS pending
		FROM group_members gm JOIN memberships m ON m.committee_id = gm.committee_id AND m.account_id = gm.account_id AND m.active
		WHERE gm.committee_id = g.committee_id AND gm.group_id = g.id) c`

// groupsSQL is Groups; args: committee, include archived.
const groupsSQL = groupSelect + ` WHERE g.committee_id = $1 AND (NOT g.archived OR $2)
		ORDER BY g.archived, g.title COLLATE clts_fr`

// groupsOfAccountSQL and groupStatusesSQL are GroupsOfAccount's two
// statements; args: committee, account.
const groupsOfAccountSQL = groupSelect + ` JOIN group_members me ON me.committee_id = g.committee_id AND me.group_id = g.id
		WHERE g.committee_id = $1 AND me.account_id = $2 AND NOT g.archived ORDER BY g.title COLLATE clts_fr`

const groupStatusesSQL = `SELECT gm.status FROM group_members gm JOIN working_groups g
		ON g.committee_id = gm.committee_id AND g.id = gm.group_id
		WHERE gm.committee_id = $1 AND gm.account_id = $2 AND NOT g.archived ORDER BY g.title COLLATE clts_fr`

// calendarOwnerSQL is CalendarOwner: the feed's account, made the unit of
// work's account in the select list; args: the secret's hash.
const calendarOwnerSQL = `SELECT id, coalesce(email, ''), login, display_name, password_hash, disabled,
	hcts_reader, operator, session_stamp, version, set_config('clts.account_id', id::text, true)
		FROM accounts WHERE calendar_token_hash = $1 AND NOT disabled`

// personalFeedSQL is PersonalFeed; args: account, since, limit.
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
