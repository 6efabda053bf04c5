-- Access sheets and the journal's objects (issue 14).
--
-- An access sheet is a printed, single-use code a pilot gives to a member
-- without an e-mail address who forgot their password: it lets them choose a
-- new password for the same account. Like an invitation code, only its hash
-- is stored, and outside its committee a row is visible only to whoever holds
-- the code (clts_token_hash()), to redeem it.
--
-- The journal names the object of an entry (a meeting, a group, a member…)
-- by its kind and id, so that the page shows its current title with a link
-- instead of "réunion 32".

-- +goose Up
CREATE TABLE access_codes (
    committee_id  bigint NOT NULL,
    id            bigint GENERATED ALWAYS AS IDENTITY,
    account_id    bigint NOT NULL,
    token_hash    bytea NOT NULL UNIQUE,
    issued_by     bigint REFERENCES accounts (id),
    expires_at    timestamptz NOT NULL,
    used_at       timestamptz,
    -- Set when a newer sheet for the same member replaces this one. A sheet
    -- older than the account's last change (accounts.updated_at: a new
    -- password chosen another way, a new name) no longer works either.
    voided_at     timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (committee_id, id),
    FOREIGN KEY (committee_id, account_id) REFERENCES memberships (committee_id, account_id)
);
CREATE INDEX access_codes_account_idx ON access_codes (committee_id, account_id);
CREATE INDEX access_codes_expires_idx ON access_codes (expires_at);
ALTER TABLE access_codes ENABLE ROW LEVEL SECURITY;
ALTER TABLE access_codes FORCE ROW LEVEL SECURITY;
CREATE POLICY access_codes_read ON access_codes FOR SELECT
    USING (committee_id = clts_committee_id() OR token_hash = clts_token_hash());
CREATE POLICY access_codes_insert ON access_codes FOR INSERT
    WITH CHECK (committee_id = clts_committee_id());
CREATE POLICY access_codes_update ON access_codes FOR UPDATE
    USING (committee_id = clts_committee_id()) WITH CHECK (committee_id = clts_committee_id());
-- The retention purge (an operator scope) removes old sheets.
CREATE POLICY access_codes_purge ON access_codes FOR DELETE
    USING (clts_is_operator() AND expires_at < now() - interval '1 day');

ALTER TABLE audit_log
    ADD COLUMN object_kind text CHECK (object_kind IN
        ('meeting', 'group', 'institution', 'practice', 'contribution', 'member', 'invitation')),
    ADD COLUMN object_id bigint,
    ADD CONSTRAINT audit_log_object_check CHECK ((object_kind IS NULL) = (object_id IS NULL));

-- The owner names the objects of the entries already written whose subject
-- held only an id: "réunion 32" (answers, minutes), "compte 7" (members).
ALTER TABLE audit_log NO FORCE ROW LEVEL SECURITY;
UPDATE audit_log SET object_kind = 'meeting', object_id = substring(subject FROM '^réunion ([0-9]{1,18})')::bigint
    WHERE committee_id IS NOT NULL AND (action = 'meeting.answer' OR action LIKE 'minutes.%')
        AND subject ~ '^réunion [0-9]{1,18}';
UPDATE audit_log SET object_kind = 'member', object_id = substring(subject FROM '^compte ([0-9]{1,18})')::bigint
    WHERE committee_id IS NOT NULL AND action LIKE 'member.%' AND subject ~ '^compte [0-9]{1,18}';
ALTER TABLE audit_log FORCE ROW LEVEL SECURITY;

-- The journal's filter by person reads a committee's entries by actor.
CREATE INDEX audit_log_committee_actor_idx ON audit_log (committee_id, actor_id, at DESC);

-- +goose Down
DROP INDEX audit_log_committee_actor_idx;
ALTER TABLE audit_log DROP CONSTRAINT audit_log_object_check, DROP COLUMN object_id, DROP COLUMN object_kind;
DROP TABLE access_codes;
