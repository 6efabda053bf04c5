package main

// The portal before its data-layer rewrite (commit 1666e9a and earlier,
// BENCH_BARE_SQL=1666e9a) ran every store method in its own transaction:
// BEGIN, then the scope's settings as a parameterized statement (its own
// round trip), the method's statement, COMMIT; its pool set neither
// plan_cache_mode nor jit. The bare handler of that time ran each page's
// main statements (the meetings list, the directory page, the meeting and
// its agenda, the personal feed) in one such frame: this is that handler,
// kept so that the portal of that commit can be measured as it was. Its
// meeting, directory, agenda and feed statements are the same as today's
// (bare_sql.go); only the frame and the meeting's statement differ.

// legacySetScopeSQL is setScope of internal/postgres/tx.go at 1666e9a;
// args: committee, account, operator, token hash, hcts.
const legacySetScopeSQL = `SELECT set_config('clts.committee_id', $1, true),
		set_config('clts.account_id', $2, true),
		set_config('clts.operator', $3, true),
		set_config('clts.token_hash', $4, true),
		set_config('clts.hcts', $5, true)`

// legacyMeetingByIDSQL is MeetingByID, which the meeting page read then;
// args: viewer, committee, meeting.
const legacyMeetingByIDSQL = meetingSelect + ` WHERE mt.committee_id = $2 AND mt.id = $3`
