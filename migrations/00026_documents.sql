-- The committee's documents: a title, a description, a folder and tags,
-- who may read it (the whole committee, one working group, the pilots),
-- optionally a meeting it belongs to (one of its agenda items, or its
-- minutes), and numbered versions, each a file of files/file_chunks
-- (00013), the latest shown first.

-- +goose Up
-- The composite key the documents' agenda item refers to.
ALTER TABLE agenda_items ADD CONSTRAINT agenda_items_meeting_item_key UNIQUE (committee_id, meeting_id, id);

CREATE TABLE documents (
    committee_id    bigint NOT NULL REFERENCES committees (id),
    id              bigint GENERATED ALWAYS AS IDENTITY,
    title           text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
    description     text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
    folder          text NOT NULL DEFAULT '' CHECK (length(folder) <= 100),
    tags            text[] NOT NULL DEFAULT '{}' CHECK (cardinality(tags) <= 10),
    -- Who reads it: every active member ('comite'), the group's members
    -- and leads and the pilots ('groupe'), the pilots ('pilotes').
    audience        text NOT NULL CHECK (audience IN ('comite', 'groupe', 'pilotes')),
    group_id        bigint,
    meeting_id      bigint,
    agenda_item_id  bigint,
    -- in_minutes: shown in the minutes' section of its meeting.
    in_minutes      boolean NOT NULL DEFAULT false,
    archived_at     timestamptz,
    created_by      bigint NOT NULL REFERENCES accounts (id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    search          tsvector GENERATED ALWAYS AS (
                        setweight(to_tsvector('clts_french', title), 'A') ||
                        setweight(to_tsvector('clts_french', description), 'B')
                    ) STORED,
    PRIMARY KEY (committee_id, id),
    CONSTRAINT documents_group_check CHECK ((audience = 'groupe') = (group_id IS NOT NULL)),
    CONSTRAINT documents_item_check CHECK (agenda_item_id IS NULL OR meeting_id IS NOT NULL),
    CONSTRAINT documents_minutes_check CHECK (NOT in_minutes OR meeting_id IS NOT NULL),
    FOREIGN KEY (committee_id, created_by) REFERENCES memberships (committee_id, account_id),
    FOREIGN KEY (committee_id, group_id) REFERENCES working_groups (committee_id, id),
    FOREIGN KEY (committee_id, meeting_id) REFERENCES meetings (committee_id, id),
    -- The agenda item belongs to the meeting; a removed item leaves the
    -- document attached to the meeting.
    FOREIGN KEY (committee_id, meeting_id, agenda_item_id) REFERENCES agenda_items (committee_id, meeting_id, id)
        ON DELETE SET NULL (agenda_item_id)
);
CREATE INDEX documents_search_idx ON documents USING gin (search);
CREATE INDEX documents_list_idx ON documents (committee_id, folder, title, id);
CREATE INDEX documents_updated_idx ON documents (committee_id, updated_at DESC, id);
CREATE INDEX documents_group_idx ON documents (committee_id, group_id) WHERE group_id IS NOT NULL;
CREATE INDEX documents_meeting_idx ON documents (committee_id, meeting_id) WHERE meeting_id IS NOT NULL;

CREATE TABLE document_versions (
    committee_id  bigint NOT NULL,
    id            bigint GENERATED ALWAYS AS IDENTITY,
    document_id   bigint NOT NULL,
    number        integer NOT NULL CHECK (number >= 1),
    file_id       bigint NOT NULL,
    note          text NOT NULL DEFAULT '' CHECK (length(note) <= 500),
    created_by    bigint NOT NULL REFERENCES accounts (id),
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (committee_id, id),
    UNIQUE (committee_id, document_id, number),
    FOREIGN KEY (committee_id, document_id) REFERENCES documents (committee_id, id) ON DELETE CASCADE,
    FOREIGN KEY (committee_id, file_id) REFERENCES files (committee_id, id)
);
CREATE INDEX document_versions_file_idx ON document_versions (committee_id, file_id);

-- +goose StatementBegin
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['documents', 'document_versions'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON %I USING (committee_id = clts_committee_id()) WITH CHECK (committee_id = clts_committee_id())', t || '_committee', t);
    END LOOP;
END
$$;
-- +goose StatementEnd

-- The journal names documents (tx.auditOn with clts.ObjectDocument).
ALTER TABLE audit_log DROP CONSTRAINT audit_log_object_kind_check;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_object_kind_check CHECK (object_kind IN
    ('meeting', 'group', 'institution', 'practice', 'contribution', 'member', 'invitation', 'charter', 'document'));

-- +goose Down
-- The owner forgets the journal's document links and removes the
-- versions' files: the forced row-level security of these tables is lifted
-- for this transaction only.
ALTER TABLE audit_log NO FORCE ROW LEVEL SECURITY;
UPDATE audit_log SET object_kind = NULL, object_id = NULL WHERE object_kind = 'document';
ALTER TABLE audit_log FORCE ROW LEVEL SECURITY;
ALTER TABLE document_versions NO FORCE ROW LEVEL SECURITY;
ALTER TABLE files NO FORCE ROW LEVEL SECURITY;
CREATE TEMPORARY TABLE document_files ON COMMIT DROP AS SELECT committee_id, file_id FROM document_versions;
ALTER TABLE audit_log DROP CONSTRAINT audit_log_object_kind_check;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_object_kind_check CHECK (object_kind IN
    ('meeting', 'group', 'institution', 'practice', 'contribution', 'member', 'invitation', 'charter'));
DROP TABLE document_versions;
DROP TABLE documents;
DELETE FROM files f USING document_files df WHERE f.committee_id = df.committee_id AND f.id = df.file_id;
ALTER TABLE files FORCE ROW LEVEL SECURITY;
ALTER TABLE agenda_items DROP CONSTRAINT agenda_items_meeting_item_key;
