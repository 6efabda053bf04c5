-- Meetings: plenary and working-group meetings of a committee, and national
-- seminars. A seminar is published once by HCTS staff in the national
-- `seminars` table (a reference table) and copied into every committee's
-- `meetings`, where each committee keeps its own answers, attendance and
-- minutes; HCTS changes are propagated to the copies.

-- +goose Up
-- +goose StatementBegin
CREATE FUNCTION clts_is_hcts() RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT coalesce(current_setting('clts.hcts', true), '') = 'on'
$$;
-- +goose StatementEnd

CREATE TABLE seminars (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title          text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
    description    text NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
    starts_at      timestamptz NOT NULL,
    ends_at        timestamptz NOT NULL CHECK (ends_at > starts_at),
    place          text NOT NULL DEFAULT '',
    video_url      text NOT NULL DEFAULT '',
    accessibility  text NOT NULL DEFAULT '',
    status         text NOT NULL DEFAULT 'prevue' CHECK (status IN ('prevue', 'tenue', 'annulee')),
    cancel_reason  text NOT NULL DEFAULT '',
    sequence       integer NOT NULL DEFAULT 0,
    version        integer NOT NULL DEFAULT 1,
    created_by     bigint REFERENCES accounts (id),
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE meetings (
    committee_id   bigint NOT NULL REFERENCES committees (id),
    id             bigint GENERATED ALWAYS AS IDENTITY,
    kind           text NOT NULL CHECK (kind IN ('pleniere', 'groupe', 'seminaire')),
    group_id       bigint,
    seminar_id     bigint REFERENCES seminars (id),
    title          text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
    description    text NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
    starts_at      timestamptz NOT NULL,
    ends_at        timestamptz NOT NULL CHECK (ends_at > starts_at),
    place          text NOT NULL DEFAULT '' CHECK (length(place) <= 300),
    video_url      text NOT NULL DEFAULT '' CHECK (video_url = '' OR video_url ~ '^https?://'),
    accessibility  text NOT NULL DEFAULT '' CHECK (length(accessibility) <= 2000),
    status         text NOT NULL DEFAULT 'prevue' CHECK (status IN ('prevue', 'tenue', 'annulee')),
    cancel_reason  text NOT NULL DEFAULT '',
    -- iCalendar SEQUENCE: raised by every change a calendar should follow.
    sequence       integer NOT NULL DEFAULT 0,
    version        integer NOT NULL DEFAULT 1,
    created_by     bigint REFERENCES accounts (id),
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (committee_id, id),
    FOREIGN KEY (committee_id, group_id) REFERENCES working_groups (committee_id, id),
    CHECK ((kind = 'groupe') = (group_id IS NOT NULL)),
    CHECK ((kind = 'seminaire') = (seminar_id IS NOT NULL)),
    CHECK (status = 'annulee' OR cancel_reason = '')
);
CREATE INDEX meetings_starts_idx ON meetings (committee_id, starts_at);
CREATE UNIQUE INDEX meetings_seminar_key ON meetings (committee_id, seminar_id) WHERE seminar_id IS NOT NULL;

CREATE TABLE agenda_items (
    committee_id   bigint NOT NULL,
    meeting_id     bigint NOT NULL,
    id             bigint GENERATED ALWAYS AS IDENTITY,
    position       integer NOT NULL,
    title          text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
    description    text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
    presenter      text NOT NULL DEFAULT '' CHECK (length(presenter) <= 200),
    minutes        integer NOT NULL DEFAULT 0 CHECK (minutes BETWEEN 0 AND 600),
    status         text NOT NULL DEFAULT 'retenu' CHECK (status IN ('retenu', 'propose')),
    proposed_by    bigint REFERENCES accounts (id),
    PRIMARY KEY (committee_id, id),
    FOREIGN KEY (committee_id, meeting_id) REFERENCES meetings (committee_id, id) ON DELETE CASCADE
);
CREATE INDEX agenda_items_meeting_idx ON agenda_items (committee_id, meeting_id, position);

-- An invitee's answer and needs, and after the meeting whether they came.
CREATE TABLE meeting_responses (
    committee_id   bigint NOT NULL,
    meeting_id     bigint NOT NULL,
    account_id     bigint NOT NULL,
    answer         text CHECK (answer IN ('oui', 'non', 'peut_etre')),
    needs          text[] NOT NULL DEFAULT '{}',
    needs_note     text NOT NULL DEFAULT '' CHECK (length(needs_note) <= 1000),
    attended       boolean,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (committee_id, meeting_id, account_id),
    FOREIGN KEY (committee_id, meeting_id) REFERENCES meetings (committee_id, id) ON DELETE CASCADE,
    FOREIGN KEY (committee_id, account_id) REFERENCES memberships (committee_id, account_id)
);
CREATE INDEX meeting_responses_account_idx ON meeting_responses (committee_id, account_id);

CREATE TABLE minutes (
    committee_id   bigint NOT NULL,
    meeting_id     bigint NOT NULL,
    body           text NOT NULL DEFAULT '' CHECK (length(body) <= 100000),
    published_at   timestamptz,
    version        integer NOT NULL DEFAULT 1,
    updated_by     bigint REFERENCES accounts (id),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (committee_id, meeting_id),
    FOREIGN KEY (committee_id, meeting_id) REFERENCES meetings (committee_id, id) ON DELETE CASCADE
);

-- Decisions and actions recorded with the minutes.
CREATE TABLE meeting_actions (
    committee_id   bigint NOT NULL,
    meeting_id     bigint NOT NULL,
    id             bigint GENERATED ALWAYS AS IDENTITY,
    kind           text NOT NULL CHECK (kind IN ('decision', 'action')),
    what           text NOT NULL CHECK (length(btrim(what)) BETWEEN 1 AND 500),
    who            text NOT NULL DEFAULT '' CHECK (length(who) <= 200),
    due_on         date,
    done           boolean NOT NULL DEFAULT false,
    PRIMARY KEY (committee_id, id),
    FOREIGN KEY (committee_id, meeting_id) REFERENCES meetings (committee_id, id) ON DELETE CASCADE
);

-- The secret of a person's calendar feed; only its hash is stored.
ALTER TABLE accounts ADD COLUMN calendar_token_hash bytea UNIQUE;

-- +goose StatementBegin
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['agenda_items', 'meeting_responses', 'minutes', 'meeting_actions'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON %I USING (committee_id = clts_committee_id()) WITH CHECK (committee_id = clts_committee_id())', t || '_committee', t);
    END LOOP;
END
$$;
-- +goose StatementEnd

ALTER TABLE meetings ENABLE ROW LEVEL SECURITY;
ALTER TABLE meetings FORCE ROW LEVEL SECURITY;
CREATE POLICY meetings_committee ON meetings
    USING (committee_id = clts_committee_id()) WITH CHECK (committee_id = clts_committee_id());
-- A person's own calendar, outside any committee: the meetings of every
-- committee they are an active member of.
CREATE POLICY meetings_personal ON meetings FOR SELECT
    USING (clts_committee_id() IS NULL AND EXISTS (
        SELECT FROM memberships m
        WHERE m.committee_id = meetings.committee_id AND m.account_id = clts_account_id() AND m.active));
-- HCTS staff publish national seminars: they read and write every
-- committee's copy of a seminar, and nothing else.
CREATE POLICY meetings_hcts ON meetings
    USING (seminar_id IS NOT NULL AND clts_is_hcts()) WITH CHECK (seminar_id IS NOT NULL AND clts_is_hcts());
-- Group memberships are read across committees for the personal feed.
CREATE POLICY group_members_personal ON group_members FOR SELECT
    USING (clts_committee_id() IS NULL AND account_id = clts_account_id());

-- +goose Down
DROP POLICY group_members_personal ON group_members;
ALTER TABLE accounts DROP COLUMN calendar_token_hash;
DROP TABLE meeting_actions;
DROP TABLE minutes;
DROP TABLE meeting_responses;
DROP TABLE agenda_items;
DROP TABLE meetings;
DROP TABLE seminars;
DROP FUNCTION clts_is_hcts();
