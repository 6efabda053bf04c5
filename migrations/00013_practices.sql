-- Inspiring practices: a catalogue per committee, moderated, searchable in
-- French, shared nationally; files stored in PostgreSQL in chunks.

-- +goose Up
-- unaccent is a trusted extension: the database's owner may create it.
CREATE EXTENSION IF NOT EXISTS unaccent;
-- French search that ignores accents and case: « numerique » finds
-- « numérique », « accompagner » finds « accompagnement ».
CREATE TEXT SEARCH CONFIGURATION clts_french (COPY = french);
ALTER TEXT SEARCH CONFIGURATION clts_french
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;

-- +goose StatementBegin
-- A reader of nationally shared rows: a member of any committee on the
-- national catalogue, or HCTS staff.
CREATE FUNCTION clts_is_national_reader() RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT coalesce(current_setting('clts.national', true), '') = 'on'
$$;
-- +goose StatementEnd

CREATE TABLE practices (
    committee_id        bigint NOT NULL REFERENCES committees (id),
    id                  bigint GENERATED ALWAYS AS IDENTITY,
    status              text NOT NULL DEFAULT 'brouillon'
                        CHECK (status IN ('brouillon', 'proposee', 'renvoyee', 'publiee', 'retiree')),
    author_id           bigint NOT NULL REFERENCES accounts (id),
    title               text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
    summary             text NOT NULL DEFAULT '',
    -- Long texts: the Markdown source and its sanitised HTML, rendered once
    -- when saved (internal/markdown).
    context             text NOT NULL DEFAULT '',
    context_html        text NOT NULL DEFAULT '',
    actions             text NOT NULL DEFAULT '',
    actions_html        text NOT NULL DEFAULT '',
    means               text NOT NULL DEFAULT '',
    means_html          text NOT NULL DEFAULT '',
    results             text NOT NULL DEFAULT '',
    results_html        text NOT NULL DEFAULT '',
    transfer            text NOT NULL DEFAULT '',
    transfer_html       text NOT NULL DEFAULT '',
    other_actors        text NOT NULL DEFAULT '',
    departement         text NOT NULL DEFAULT '',
    start_year          integer CHECK (start_year BETWEEN 1900 AND 2100),
    running             boolean NOT NULL DEFAULT true,
    -- The contact: a member of the committee, or a name and an address
    -- shown only if they agreed.
    contact_account_id  bigint REFERENCES accounts (id),
    contact_name        text NOT NULL DEFAULT '',
    contact_email       text NOT NULL DEFAULT '',
    contact_public      boolean NOT NULL DEFAULT false,
    return_comment      text NOT NULL DEFAULT '',
    withdraw_reason     text NOT NULL DEFAULT '',
    submitted_at        timestamptz,
    published_at        timestamptz,
    shared_at           timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    version             integer NOT NULL DEFAULT 1,
    search              tsvector GENERATED ALWAYS AS (
                            setweight(to_tsvector('clts_french', title), 'A') ||
                            setweight(to_tsvector('clts_french', summary), 'B') ||
                            setweight(to_tsvector('clts_french', context || ' ' || actions || ' ' || results), 'C') ||
                            setweight(to_tsvector('clts_french', means || ' ' || transfer || ' ' || other_actors), 'D')
                        ) STORED,
    PRIMARY KEY (committee_id, id),
    FOREIGN KEY (committee_id, contact_account_id) REFERENCES memberships (committee_id, account_id)
);
CREATE INDEX practices_search_idx ON practices USING gin (search);
CREATE INDEX practices_status_idx ON practices (committee_id, status, published_at DESC);
CREATE INDEX practices_author_idx ON practices (committee_id, author_id);
CREATE INDEX practices_shared_idx ON practices (shared_at DESC) WHERE shared_at IS NOT NULL AND status = 'publiee';

-- The committee's partner institutions that took part, and the themes
-- (working groups) it belongs to.
CREATE TABLE practice_institutions (
    committee_id    bigint NOT NULL,
    practice_id     bigint NOT NULL,
    institution_id  bigint NOT NULL,
    PRIMARY KEY (committee_id, practice_id, institution_id),
    FOREIGN KEY (committee_id, practice_id) REFERENCES practices (committee_id, id) ON DELETE CASCADE,
    FOREIGN KEY (committee_id, institution_id) REFERENCES institutions (committee_id, id)
);
CREATE INDEX practice_institutions_institution_idx ON practice_institutions (committee_id, institution_id);
CREATE TABLE practice_groups (
    committee_id  bigint NOT NULL,
    practice_id   bigint NOT NULL,
    group_id      bigint NOT NULL,
    PRIMARY KEY (committee_id, practice_id, group_id),
    FOREIGN KEY (committee_id, practice_id) REFERENCES practices (committee_id, id) ON DELETE CASCADE,
    FOREIGN KEY (committee_id, group_id) REFERENCES working_groups (committee_id, id)
);
CREATE INDEX practice_groups_group_idx ON practice_groups (committee_id, group_id);

-- Each change of a published practice: who, when, which fields.
CREATE TABLE practice_revisions (
    committee_id  bigint NOT NULL,
    id            bigint GENERATED ALWAYS AS IDENTITY,
    practice_id   bigint NOT NULL,
    editor_id     bigint NOT NULL REFERENCES accounts (id),
    at            timestamptz NOT NULL DEFAULT now(),
    fields        text[] NOT NULL,
    PRIMARY KEY (committee_id, id),
    FOREIGN KEY (committee_id, practice_id) REFERENCES practices (committee_id, id) ON DELETE CASCADE
);
CREATE INDEX practice_revisions_practice_idx ON practice_revisions (committee_id, practice_id, at);

-- A member's flag on a published practice, for the pilots' attention.
CREATE TABLE practice_flags (
    committee_id  bigint NOT NULL,
    id            bigint GENERATED ALWAYS AS IDENTITY,
    practice_id   bigint NOT NULL,
    account_id    bigint NOT NULL REFERENCES accounts (id),
    reason        text NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 1000),
    at            timestamptz NOT NULL DEFAULT now(),
    resolved_at   timestamptz,
    PRIMARY KEY (committee_id, id),
    FOREIGN KEY (committee_id, practice_id) REFERENCES practices (committee_id, id) ON DELETE CASCADE
);

-- Files (practice attachments today; committee documents later): the
-- description in files, the content in chunks of at most 256 KiB, so that
-- uploads and downloads stream and row-level security covers the bytes.
CREATE TABLE files (
    committee_id  bigint NOT NULL REFERENCES committees (id),
    id            bigint GENERATED ALWAYS AS IDENTITY,
    name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
    content_type  text NOT NULL,
    size          bigint NOT NULL CHECK (size > 0),
    sha256        bytea NOT NULL,
    created_by    bigint NOT NULL REFERENCES accounts (id),
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (committee_id, id)
);
CREATE TABLE file_chunks (
    committee_id  bigint NOT NULL,
    file_id       bigint NOT NULL,
    seq           integer NOT NULL,
    data          bytea NOT NULL,
    PRIMARY KEY (committee_id, file_id, seq),
    FOREIGN KEY (committee_id, file_id) REFERENCES files (committee_id, id) ON DELETE CASCADE
);
CREATE TABLE practice_attachments (
    committee_id  bigint NOT NULL,
    practice_id   bigint NOT NULL,
    file_id       bigint NOT NULL,
    position      integer NOT NULL DEFAULT 0,
    PRIMARY KEY (committee_id, practice_id, file_id),
    FOREIGN KEY (committee_id, practice_id) REFERENCES practices (committee_id, id) ON DELETE CASCADE,
    FOREIGN KEY (committee_id, file_id) REFERENCES files (committee_id, id) ON DELETE CASCADE
);
CREATE INDEX practice_attachments_file_idx ON practice_attachments (committee_id, file_id);

-- +goose StatementBegin
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['practices', 'practice_institutions', 'practice_groups', 'practice_revisions',
                             'practice_flags', 'files', 'file_chunks', 'practice_attachments'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON %I USING (committee_id = clts_committee_id()) WITH CHECK (committee_id = clts_committee_id())', t || '_committee', t);
    END LOOP;
END
$$;
-- +goose StatementEnd

-- National reading: published practices that a pilot shared, read-only,
-- with what their sheet shows (institutions and themes by name, and the
-- attachments), never another committee's drafts.
CREATE POLICY practices_national ON practices FOR SELECT
    USING (clts_is_national_reader() AND shared_at IS NOT NULL AND status = 'publiee');
CREATE POLICY practice_institutions_national ON practice_institutions FOR SELECT
    USING (clts_is_national_reader() AND EXISTS (SELECT FROM practices p
        WHERE p.committee_id = practice_institutions.committee_id AND p.id = practice_institutions.practice_id));
CREATE POLICY practice_groups_national ON practice_groups FOR SELECT
    USING (clts_is_national_reader() AND EXISTS (SELECT FROM practices p
        WHERE p.committee_id = practice_groups.committee_id AND p.id = practice_groups.practice_id));
CREATE POLICY practice_attachments_national ON practice_attachments FOR SELECT
    USING (clts_is_national_reader() AND EXISTS (SELECT FROM practices p
        WHERE p.committee_id = practice_attachments.committee_id AND p.id = practice_attachments.practice_id));
CREATE POLICY files_national ON files FOR SELECT
    USING (clts_is_national_reader() AND EXISTS (SELECT FROM practice_attachments pa
        WHERE pa.committee_id = files.committee_id AND pa.file_id = files.id));
CREATE POLICY file_chunks_national ON file_chunks FOR SELECT
    USING (clts_is_national_reader() AND EXISTS (SELECT FROM files f
        WHERE f.committee_id = file_chunks.committee_id AND f.id = file_chunks.file_id));
CREATE POLICY institutions_national ON institutions FOR SELECT
    USING (clts_is_national_reader() AND EXISTS (SELECT FROM practice_institutions pi
        WHERE pi.committee_id = institutions.committee_id AND pi.institution_id = institutions.id));
CREATE POLICY working_groups_national ON working_groups FOR SELECT
    USING (clts_is_national_reader() AND EXISTS (SELECT FROM practice_groups pg
        WHERE pg.committee_id = working_groups.committee_id AND pg.group_id = working_groups.id));

-- +goose Down
DROP POLICY working_groups_national ON working_groups;
DROP POLICY institutions_national ON institutions;
DROP POLICY file_chunks_national ON file_chunks;
DROP POLICY files_national ON files;
DROP POLICY practice_attachments_national ON practice_attachments;
DROP POLICY practice_groups_national ON practice_groups;
DROP POLICY practice_institutions_national ON practice_institutions;
DROP POLICY practices_national ON practices;
DROP TABLE practice_attachments;
DROP TABLE file_chunks;
DROP TABLE files;
DROP TABLE practice_flags;
DROP TABLE practice_revisions;
DROP TABLE practice_groups;
DROP TABLE practice_institutions;
DROP TABLE practices;
DROP FUNCTION clts_is_national_reader();
DROP TEXT SEARCH CONFIGURATION clts_french;
DROP EXTENSION IF EXISTS unaccent;
