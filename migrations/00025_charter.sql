-- The operating charter (charte de fonctionnement) of each committee: its
-- numbered versions, their consultation and its comments, their adoption
-- by a plenary meeting, and who accepted the current one (members, and
-- partner institutions through their representative).

-- +goose Up
-- A version of the charter. Workflow (internal/auth/charter.go):
-- brouillon → consultation (a pilot, with an end date) → adoptee (a pilot
-- records the plenary meeting that adopted it) → remplacee (when a later
-- version is adopted). A draft may be adopted without a consultation.
CREATE TABLE charter_versions (
    committee_id         bigint NOT NULL REFERENCES committees (id),
    id                   bigint GENERATED ALWAYS AS IDENTITY,
    -- Numbered per committee: version 1, 2…
    number               integer NOT NULL CHECK (number >= 1),
    state                text NOT NULL DEFAULT 'brouillon'
                         CHECK (state IN ('brouillon', 'consultation', 'adoptee', 'remplacee')),
    -- The version this one started from (the current one when drafted).
    based_on_id          bigint,
    -- The Markdown source, its sanitised HTML (internal/markdown), and the
    -- HTML of each of its blocks, in order, for the numbered paragraphs.
    body                 text NOT NULL DEFAULT '' CHECK (length(body) <= 100000),
    body_html            text NOT NULL DEFAULT '',
    paragraphs_html      text[] NOT NULL DEFAULT '{}',
    -- The consultation: opened when, and its last day (Europe/Paris).
    consultation_opened_at timestamptz,
    consultation_ends_on date,
    -- The adoption record: the plenary meeting, the day, the result
    -- (unanimity, or the votes), who recorded it and when.
    adopted_meeting_id   bigint,
    adopted_on           date,
    adoption_result      text CHECK (adoption_result IN ('unanimite', 'vote')),
    votes_for            integer CHECK (votes_for >= 0),
    votes_against        integer CHECK (votes_against >= 0),
    abstentions          integer CHECK (abstentions >= 0),
    adopted_by           bigint REFERENCES accounts (id),
    adopted_at           timestamptz,
    replaced_at          timestamptz,
    created_by           bigint NOT NULL REFERENCES accounts (id),
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_by           bigint REFERENCES accounts (id),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    version              integer NOT NULL DEFAULT 1,
    PRIMARY KEY (committee_id, id),
    CONSTRAINT charter_versions_number_key UNIQUE (committee_id, number),
    FOREIGN KEY (committee_id, based_on_id) REFERENCES charter_versions (committee_id, id),
    FOREIGN KEY (committee_id, adopted_meeting_id) REFERENCES meetings (committee_id, id),
    CONSTRAINT charter_versions_consultation_check
        CHECK (state <> 'consultation' OR (consultation_ends_on IS NOT NULL AND consultation_opened_at IS NOT NULL)),
    -- No adoption without a meeting: an adopted or replaced version has its
    -- whole record, a draft or a consultation none.
    CONSTRAINT charter_versions_adoption_check CHECK (
        (state IN ('adoptee', 'remplacee')) = (adopted_meeting_id IS NOT NULL)
        AND (adopted_meeting_id IS NULL) = (adopted_on IS NULL)
        AND (adopted_meeting_id IS NULL) = (adoption_result IS NULL)
        AND (adopted_meeting_id IS NULL) = (adopted_at IS NULL)
        AND coalesce(adoption_result = 'vote', false) = (votes_for IS NOT NULL)
        AND (votes_for IS NULL) = (votes_against IS NULL)
        AND (votes_for IS NULL) = (abstentions IS NULL)),
    CONSTRAINT charter_versions_replaced_check CHECK ((state = 'remplacee') = (replaced_at IS NOT NULL))
);
-- One current version per committee, and one version being prepared
-- (draft or consultation) at most.
CREATE UNIQUE INDEX charter_versions_current_key ON charter_versions (committee_id) WHERE state = 'adoptee';
CREATE UNIQUE INDEX charter_versions_open_key ON charter_versions (committee_id) WHERE state IN ('brouillon', 'consultation');
CREATE INDEX charter_versions_meeting_idx ON charter_versions (committee_id, adopted_meeting_id) WHERE adopted_meeting_id IS NOT NULL;

-- A member's comment on a version in consultation: on one paragraph
-- (its number) or on the whole text (NULL); the pilots' answer.
CREATE TABLE charter_comments (
    committee_id  bigint NOT NULL,
    id            bigint GENERATED ALWAYS AS IDENTITY,
    version_id    bigint NOT NULL,
    paragraph     integer CHECK (paragraph >= 1),
    author_id     bigint NOT NULL,
    body          text NOT NULL CHECK (length(btrim(body)) BETWEEN 1 AND 4000),
    created_at    timestamptz NOT NULL DEFAULT now(),
    answer        text CHECK (length(btrim(answer)) BETWEEN 1 AND 4000),
    answered_by   bigint REFERENCES accounts (id),
    answered_at   timestamptz,
    PRIMARY KEY (committee_id, id),
    FOREIGN KEY (committee_id, version_id) REFERENCES charter_versions (committee_id, id) ON DELETE CASCADE,
    FOREIGN KEY (committee_id, author_id) REFERENCES memberships (committee_id, account_id),
    CHECK ((answer IS NULL) = (answered_by IS NULL) AND (answer IS NULL) = (answered_at IS NULL))
);
CREATE INDEX charter_comments_version_idx ON charter_comments (committee_id, version_id, created_at);

-- A member's acceptance of a version (once).
CREATE TABLE charter_acceptances (
    committee_id  bigint NOT NULL,
    version_id    bigint NOT NULL,
    account_id    bigint NOT NULL,
    accepted_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (committee_id, version_id, account_id),
    FOREIGN KEY (committee_id, version_id) REFERENCES charter_versions (committee_id, id) ON DELETE CASCADE,
    FOREIGN KEY (committee_id, account_id) REFERENCES memberships (committee_id, account_id)
);
CREATE INDEX charter_acceptances_account_idx ON charter_acceptances (committee_id, account_id);

-- A partner institution's acceptance of a version, recorded by its
-- representative (a member attached to it) or by a pilot.
CREATE TABLE charter_institution_acceptances (
    committee_id    bigint NOT NULL,
    version_id      bigint NOT NULL,
    institution_id  bigint NOT NULL,
    recorded_by     bigint NOT NULL,
    accepted_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (committee_id, version_id, institution_id),
    FOREIGN KEY (committee_id, version_id) REFERENCES charter_versions (committee_id, id) ON DELETE CASCADE,
    FOREIGN KEY (committee_id, institution_id) REFERENCES institutions (committee_id, id),
    FOREIGN KEY (committee_id, recorded_by) REFERENCES memberships (committee_id, account_id)
);

-- +goose StatementBegin
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['charter_versions', 'charter_comments', 'charter_acceptances',
                             'charter_institution_acceptances'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON %I USING (committee_id = clts_committee_id()) WITH CHECK (committee_id = clts_committee_id())', t || '_committee', t);
    END LOOP;
END
$$;
-- +goose StatementEnd

-- The journal names a charter version by its number.
ALTER TABLE audit_log DROP CONSTRAINT audit_log_object_kind_check;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_object_kind_check CHECK (object_kind IN
    ('meeting', 'group', 'institution', 'practice', 'contribution', 'member', 'invitation', 'charter'));

-- +goose Down
ALTER TABLE audit_log NO FORCE ROW LEVEL SECURITY;
UPDATE audit_log SET object_kind = NULL, object_id = NULL WHERE object_kind = 'charter';
ALTER TABLE audit_log FORCE ROW LEVEL SECURITY;
ALTER TABLE audit_log DROP CONSTRAINT audit_log_object_kind_check;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_object_kind_check CHECK (object_kind IN
    ('meeting', 'group', 'institution', 'practice', 'contribution', 'member', 'invitation'));
DROP TABLE charter_institution_acceptances;
DROP TABLE charter_acceptances;
DROP TABLE charter_comments;
DROP TABLE charter_versions;
