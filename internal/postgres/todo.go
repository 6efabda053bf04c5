package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
)

// TodoMeeting is a meeting named by an item of the "À faire".
type TodoMeeting struct {
	ID         int64
	Kind       string
	Title      string
	GroupTitle string // the group of a group meeting
	StartsAt   time.Time
	// Pending: the proposals waiting for a decision (Todo.ToDecide).
	Pending int
	// NoAttendance, NoMinutes: what a past meeting lacks (Todo.Records);
	// DraftMinutes: its minutes are written but not published.
	NoAttendance, NoMinutes, DraftMinutes bool
}

// TodoProposal is one of the person's agenda proposals and what became of
// it: clts.ProposalPending, ProposalAccepted or ProposalDeclined.
type TodoProposal struct {
	ID           int64
	Title        string
	State        string
	MeetingID    int64
	MeetingTitle string
	StartsAt     time.Time
}

// Proposal states, as agenda_items stores them.
const (
	ProposalPending  = "propose"
	ProposalAccepted = "retenu"
	ProposalDeclined = "refuse"
)

// TodoAction is an action from published minutes assigned to the person
// and not done yet.
type TodoAction struct {
	ID           int64
	What         string
	DueOn        *time.Time
	MeetingID    int64
	MeetingTitle string
}

// TodoGroup is a working group named by an item of the "À faire": the
// person's own group (with their status in it) or a group with requests
// waiting for its leads (Pending of them).
type TodoGroup struct {
	ID      int64
	Title   string
	Status  string
	Pending int
}

// Todo is what waits for the person (the scope's account) in their
// committee, as the committee home's "À faire" lists it. Each list holds at
// most the limit Todo was given, and its count says how many there are.
type Todo struct {
	// MyGroups are the active groups the person leads, belongs to or asked
	// to join (Status clts.StatusPending), by title.
	MyGroups []TodoGroup
	// Unanswered: meetings the person is invited to and has not answered.
	Unanswered      []TodoMeeting
	UnansweredCount int
	// Proposals: the person's agenda proposals for meetings not over yet,
	// pending, accepted or declined.
	Proposals      []TodoProposal
	ProposalsCount int
	// Actions: actions assigned to the person, from published minutes,
	// not done, soonest due first.
	Actions      []TodoAction
	ActionsCount int
	// Requests: groups the person leads (every group for a pilot) with
	// requests to join waiting.
	Requests      []TodoGroup
	RequestsCount int // requests, all groups together
	// ToDecide: meetings the person organises whose agenda has proposals
	// waiting.
	ToDecide      []TodoMeeting
	ToDecideCount int // proposals, all meetings together
	// Records: meetings the person organises, over since the window's
	// start, without attendance or without published minutes.
	Records      []TodoMeeting
	RecordsCount int
	// InvitationsPending: invitations not accepted yet; InvitationsExpired:
	// expired without being accepted, renewed or revoked.
	InvitationsPending, InvitationsExpired int
	// Charter: the current version of the charter, when the person has
	// not accepted it yet.
	Charter *TodoCharter
	// CharterComments: the version in preparation whose comments wait for
	// the pilots' answer (Pending of them).
	CharterComments *TodoCharter
	// CharterConsultation: the version in consultation, open until EndsOn,
	// when the person (not a pilot: they run it) has not commented on it.
	CharterConsultation *TodoCharter
	// Erasures: requests to erase an account waiting for a pilot's
	// confirmation (not the person's own); ErasuresDue, the nearest
	// deadline (a date, midnight UTC).
	Erasures    int
	ErasuresDue time.Time
}

// TodoCharter is a version of the charter waiting for the person: the
// current one to accept, the one in preparation with comments to answer
// (Pending), or the one in consultation to comment (EndsOn, its last
// day, midnight UTC).
type TodoCharter struct {
	ID      int64
	Number  int
	Pending int
	EndsOn  time.Time
}

// Requesting returns the groups the person asked to join.
func (t Todo) Requesting() []TodoGroup {
	var out []TodoGroup
	for _, g := range t.MyGroups {
		if g.Status == clts.StatusPending {
			out = append(out, g)
		}
	}
	return out
}

// Empty reports whether nothing waits for the person.
func (t Todo) Empty() bool {
	return t.UnansweredCount == 0 && t.ProposalsCount == 0 && t.ActionsCount == 0 && len(t.Requesting()) == 0 &&
		t.RequestsCount == 0 && t.ToDecideCount == 0 && t.RecordsCount == 0 &&
		t.InvitationsPending == 0 && t.InvitationsExpired == 0 && t.Charter == nil && t.CharterComments == nil &&
		t.CharterConsultation == nil && t.Erasures == 0
}

// TodoQuery bounds what Todo reads.
type TodoQuery struct {
	Now time.Time
	// RecordsSince: past meetings are listed from then on only, so that
	// years-old meetings never recorded do not fill the list.
	RecordsSince time.Time
	Duties       auth.HomeDuties
	// Limit is the length of each list; the counts are exact.
	Limit int
}

// todoSQL reads everything of Todo in one statement: one branch per list,
// each in the committee ($1), for the account ($2), at now ($3), bounded by
// $9 rows and counting all of its rows; each branch reads an index whose
// key starts with the committee (migration 00020 adds those of the
// proposals, requests and invitations; 00025 the charter's). $4 to $7 and
// $10 and $11 are the HomeDuties; a group's leads always see its requests,
// proposals and records. The charter's branches read at most one version
// each: the current one (to accept), the one in preparation (its
// comments to answer, for the pilots) and the one in consultation (to
// comment, for the others, until its last day in Europe/Paris, as
// clts.CharterVersion.ConsultationOpen says).
//
// Columns: kind, id, ref (a meeting's id, a total over the list, or
// the minutes: 0 published, 1 a draft, 2 none), title, sub (a meeting's or group's title),
// at, state (a status or a meeting's kind), n (the list's count), flag
// (attendance missing, or a due date given).
const todoSQL = `
(SELECT 'group', g.id, 0::bigint, g.title, '', NULL::timestamptz, gm.status, 0::bigint, false
	FROM group_members gm JOIN working_groups g ON g.committee_id = gm.committee_id AND g.id = gm.group_id
	WHERE gm.committee_id = $1 AND gm.account_id = $2 AND NOT g.archived
	ORDER BY g.title COLLATE clts_fr)
UNION ALL
(SELECT 'unanswered', mt.id, 0, mt.title, coalesce(g.title, ''), mt.starts_at, mt.kind, count(*) OVER (), false
	FROM meetings mt LEFT JOIN working_groups g ON g.committee_id = mt.committee_id AND g.id = mt.group_id
	WHERE mt.committee_id = $1 AND mt.status = 'prevue' AND mt.ends_at > $3
	  -- Only once the invitees are convened (a seminar has no convocation
	  -- of the committee's own): before, the agenda is still being made.
	  AND (mt.convened_at IS NOT NULL OR mt.seminar_id IS NOT NULL)
	  -- A meeting lasts three days at most (clts.Meeting.Validate): the
	  -- index on starts_at bounds the meetings not over yet.
	  AND mt.starts_at > $3 - interval '3 days'
	  AND (mt.group_id IS NULL OR EXISTS (SELECT FROM group_members i WHERE i.committee_id = $1
		AND i.group_id = mt.group_id AND i.account_id = $2 AND i.status <> 'pending'))
	  AND NOT EXISTS (SELECT FROM meeting_responses r WHERE r.committee_id = $1 AND r.meeting_id = mt.id
		AND r.account_id = $2 AND r.answer IS NOT NULL)
	ORDER BY mt.starts_at, mt.id LIMIT $9)
UNION ALL
(SELECT 'proposal', ai.id, mt.id, ai.title, mt.title, mt.starts_at, ai.status, count(*) OVER (), false
	FROM agenda_items ai JOIN meetings mt ON mt.committee_id = ai.committee_id AND mt.id = ai.meeting_id
	WHERE ai.committee_id = $1 AND ai.proposed_by = $2 AND (ai.status <> 'retenu' OR ai.decided_at IS NOT NULL)
	  AND mt.status <> 'annulee' AND mt.ends_at > $3
	ORDER BY mt.starts_at, ai.id LIMIT $9)
UNION ALL
(SELECT 'action', x.id, mt.id, x.what, mt.title, x.due_on::timestamp AT TIME ZONE 'UTC', '', count(*) OVER (), x.due_on IS NOT NULL
	FROM meeting_actions x
	JOIN meetings mt ON mt.committee_id = x.committee_id AND mt.id = x.meeting_id
	JOIN minutes mi ON mi.committee_id = x.committee_id AND mi.meeting_id = x.meeting_id AND mi.published_at IS NOT NULL
	WHERE x.committee_id = $1 AND x.assignee_id = $2 AND x.kind = 'action' AND NOT x.done AND mt.status <> 'annulee'
	ORDER BY x.due_on NULLS LAST, x.id LIMIT $9)
UNION ALL
(SELECT 'requests', g.id, sum(count(*)) OVER ()::bigint, g.title, '', min(p.created_at), '', count(*), false
	FROM group_members p
	JOIN working_groups g ON g.committee_id = p.committee_id AND g.id = p.group_id
	JOIN memberships ms ON ms.committee_id = p.committee_id AND ms.account_id = p.account_id AND ms.active
	WHERE p.committee_id = $1 AND p.status = 'pending' AND p.account_id <> $2 AND NOT g.archived
	  AND ($4 OR EXISTS (SELECT FROM group_members l WHERE l.committee_id = $1 AND l.group_id = p.group_id
		AND l.account_id = $2 AND l.status = 'lead'))
	GROUP BY g.id, g.title ORDER BY min(p.created_at), g.id LIMIT $9)
UNION ALL
(SELECT 'decide', mt.id, sum(count(*)) OVER ()::bigint, mt.title, coalesce(g.title, ''), mt.starts_at, mt.kind, count(*), false
	FROM agenda_items ai
	JOIN meetings mt ON mt.committee_id = ai.committee_id AND mt.id = ai.meeting_id
	LEFT JOIN working_groups g ON g.committee_id = mt.committee_id AND g.id = mt.group_id
	WHERE ai.committee_id = $1 AND ai.status = 'propose'
	  AND mt.seminar_id IS NULL AND mt.status = 'prevue' AND mt.starts_at > $3
	  AND CASE WHEN mt.group_id IS NULL THEN $5 ELSE EXISTS (SELECT FROM group_members l WHERE l.committee_id = $1
		AND l.group_id = mt.group_id AND l.account_id = $2 AND l.status = 'lead') END
	GROUP BY mt.id, mt.title, g.title, mt.starts_at, mt.kind ORDER BY mt.starts_at, mt.id LIMIT $9)
UNION ALL
(SELECT 'record', mt.id, CASE WHEN mi.meeting_id IS NULL THEN 2 WHEN mi.published_at IS NULL THEN 1 ELSE 0 END, mt.title, coalesce(g.title, ''), mt.starts_at, mt.kind, count(*) OVER (), mt.status = 'prevue'
	FROM meetings mt
	LEFT JOIN working_groups g ON g.committee_id = mt.committee_id AND g.id = mt.group_id
	LEFT JOIN minutes mi ON mi.committee_id = mt.committee_id AND mi.meeting_id = mt.id
	WHERE mt.committee_id = $1 AND mt.starts_at >= $8 AND mt.ends_at <= $3 AND mt.status <> 'annulee'
	  AND (mt.status = 'prevue' OR mi.published_at IS NULL)
	  AND ($6 OR (mt.group_id IS NOT NULL AND EXISTS (SELECT FROM group_members l WHERE l.committee_id = $1
		AND l.group_id = mt.group_id AND l.account_id = $2 AND l.status = 'lead')))
	ORDER BY mt.starts_at DESC, mt.id DESC LIMIT $9)
UNION ALL
(SELECT 'invitations', count(*) FILTER (WHERE iv.expires_at <= $3), 0, '', '', NULL, '',
		count(*) FILTER (WHERE iv.expires_at > $3), false
	FROM invitations iv
	WHERE $7 AND iv.committee_id = $1 AND iv.accepted_at IS NULL AND iv.revoked_at IS NULL)
UNION ALL
(SELECT 'charter', v.id, v.number::bigint, '', '', NULL, '', 0::bigint, false
	FROM charter_versions v
	WHERE v.committee_id = $1 AND v.state = 'adoptee'
	  AND NOT EXISTS (SELECT FROM charter_acceptances ca WHERE ca.committee_id = $1 AND ca.version_id = v.id AND ca.account_id = $2))
UNION ALL
(SELECT 'charter_comments', v.id, v.number::bigint, '', '', NULL, '', count(*), false
	FROM charter_versions v
	JOIN charter_comments c ON c.committee_id = v.committee_id AND c.version_id = v.id AND c.answer IS NULL
	WHERE $10 AND v.committee_id = $1 AND v.state IN ('brouillon', 'consultation')
	GROUP BY v.id, v.number)
UNION ALL
(SELECT 'charter_consultation', v.id, v.number::bigint, '', '', v.consultation_ends_on::timestamp AT TIME ZONE 'UTC', '', 0::bigint, false
	FROM charter_versions v
	WHERE NOT $10 AND v.committee_id = $1 AND v.state = 'consultation'
	  AND v.consultation_ends_on >= ($3::timestamptz AT TIME ZONE 'Europe/Paris')::date
	  AND NOT EXISTS (SELECT FROM charter_comments c WHERE c.committee_id = $1 AND c.version_id = v.id AND c.author_id = $2))
UNION ALL
(SELECT 'erasures', 0::bigint, 0::bigint, '', '', min(e.due_on)::timestamp AT TIME ZONE 'UTC', '', count(*), false
	FROM erasure_requests e
	WHERE $11 AND e.committee_id = $1 AND e.confirmed_at IS NULL AND e.account_id <> $2
	HAVING count(*) > 0)`

// Todo reads what waits for the scope's account in its committee, in one
// statement whatever the committee's size: see Todo's fields, and
// auth.HomeDuties for what each role adds.
func (tx *Tx) Todo(ctx context.Context, q TodoQuery) (Todo, error) {
	var t Todo
	rows, err := tx.query(ctx, todoSQL, tx.sc.CommitteeID, tx.sc.AccountID, q.Now,
		q.Duties.AllRequests, q.Duties.PlenaryProposals, q.Duties.AllRecords, q.Duties.Invitations, q.RecordsSince, q.Limit,
		q.Duties.CharterComments, q.Duties.Erasures)
	if err != nil {
		return t, fmt.Errorf("postgres: todo: %w", err)
	}
	var (
		kind, title, sub, state string
		id, ref, n              int64
		at                      *time.Time
		flag                    bool
	)
	_, err = pgx.ForEachRow(rows, []any{&kind, &id, &ref, &title, &sub, &at, &state, &n, &flag}, func() error {
		meeting := func() TodoMeeting {
			m := TodoMeeting{ID: id, Kind: state, Title: title, GroupTitle: sub}
			if at != nil {
				m.StartsAt = *at
			}
			return m
		}
		switch kind {
		case "group":
			t.MyGroups = append(t.MyGroups, TodoGroup{ID: id, Title: title, Status: state})
		case "unanswered":
			t.Unanswered, t.UnansweredCount = append(t.Unanswered, meeting()), int(n)
		case "proposal":
			p := TodoProposal{ID: id, Title: title, State: state, MeetingID: ref, MeetingTitle: sub}
			if at != nil {
				p.StartsAt = *at
			}
			t.Proposals, t.ProposalsCount = append(t.Proposals, p), int(n)
		case "action":
			a := TodoAction{ID: id, What: title, MeetingID: ref, MeetingTitle: sub}
			if flag && at != nil {
				// A date, read as midnight UTC: the form of ActionItem.DueOn.
				due := at.UTC()
				a.DueOn = &due
			}
			t.Actions, t.ActionsCount = append(t.Actions, a), int(n)
		case "requests":
			t.Requests = append(t.Requests, TodoGroup{ID: id, Title: title, Pending: int(n)})
			t.RequestsCount = int(ref)
		case "decide":
			m := meeting()
			m.Pending = int(n)
			t.ToDecide = append(t.ToDecide, m)
			t.ToDecideCount = int(ref)
		case "record":
			m := meeting()
			m.NoAttendance, m.NoMinutes, m.DraftMinutes = flag, ref > 0, ref == 1
			t.Records, t.RecordsCount = append(t.Records, m), int(n)
		case "invitations":
			t.InvitationsExpired, t.InvitationsPending = int(id), int(n)
		case "charter":
			t.Charter = &TodoCharter{ID: id, Number: int(ref)}
		case "charter_comments":
			t.CharterComments = &TodoCharter{ID: id, Number: int(ref), Pending: int(n)}
		case "charter_consultation":
			c := &TodoCharter{ID: id, Number: int(ref)}
			if at != nil {
				c.EndsOn = at.UTC()
			}
			t.CharterConsultation = c
		case "erasures":
			t.Erasures = int(n)
			if at != nil {
				t.ErasuresDue = at.UTC()
			}
		}
		return nil
	})
	if err != nil {
		return t, fmt.Errorf("postgres: todo: %w", err)
	}
	return t, nil
}

// HomeMeetings lists the committee's meetings starting from from, in time
// order, as MeetingsBetween sees them: every one that starts before
// weekEnd (the home's "this week"), then the next later ones (the meetings
// to come). One statement.
func (tx *Tx) HomeMeetings(ctx context.Context, from, weekEnd time.Time, later int) ([]clts.Meeting, error) {
	rows, err := tx.query(ctx, meetingSelect+`
		WHERE mt.committee_id = $2 AND mt.starts_at >= $3
		ORDER BY mt.starts_at, mt.id
		LIMIT $5::int + (SELECT count(*) FROM meetings w WHERE w.committee_id = $2 AND w.starts_at >= $3 AND w.starts_at < $4)`,
		tx.sc.AccountID, tx.sc.CommitteeID, from, weekEnd, later)
	if err != nil {
		return nil, fmt.Errorf("postgres: home meetings: %w", err)
	}
	out, err := collectMeetings(rows)
	if err != nil {
		return nil, fmt.Errorf("postgres: home meetings: %w", err)
	}
	return out, nil
}
