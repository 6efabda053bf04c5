-- +goose Up
-- The national roles made explicit: an HCTS reader reads and exports; an
-- HCTS publisher (hcts_publisher, formerly hcts_campaigns) also publishes
-- seminars, news and campaigns, and is always a reader.
ALTER TABLE accounts RENAME COLUMN hcts_campaigns TO hcts_publisher;
UPDATE accounts SET hcts_publisher = false WHERE hcts_publisher AND NOT hcts_reader;
ALTER TABLE accounts ADD CONSTRAINT accounts_hcts_publisher_reads CHECK (NOT hcts_publisher OR hcts_reader);

-- The national relay: news and resources the HCTS's publishers post for
-- every committee. National tables, like seminars and campaigns: everyone
-- reads them (the routes decide who sees the pages; the national Atom feed
-- is public), HCTS staff write them (clts_is_hcts()).
CREATE TABLE national_news (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title         text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
    summary       text NOT NULL CHECK (length(btrim(summary)) BETWEEN 1 AND 600),
    body          text NOT NULL DEFAULT '' CHECK (length(body) <= 20000),
    body_html     text NOT NULL DEFAULT '',
    published_on  date NOT NULL,
    seminar_id    bigint REFERENCES seminars (id),
    author_id     bigint NOT NULL REFERENCES accounts (id),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX national_news_date_idx ON national_news (published_on DESC, id DESC);

-- National files: the shape of files/file_chunks without a committee (the
-- chunks are written and read by the same loop, internal/postgres/files.go).
CREATE TABLE national_files (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
    content_type  text NOT NULL,
    size          bigint NOT NULL CHECK (size > 0),
    sha256        bytea NOT NULL,
    created_by    bigint NOT NULL REFERENCES accounts (id),
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE national_file_chunks (
    file_id  bigint NOT NULL REFERENCES national_files (id) ON DELETE CASCADE,
    seq      integer NOT NULL,
    data     bytea NOT NULL,
    PRIMARY KEY (file_id, seq)
);
CREATE TABLE national_news_attachments (
    news_id   bigint NOT NULL REFERENCES national_news (id) ON DELETE CASCADE,
    file_id   bigint NOT NULL REFERENCES national_files (id) ON DELETE CASCADE,
    position  integer NOT NULL DEFAULT 0,
    PRIMARY KEY (news_id, file_id)
);
CREATE INDEX national_news_attachments_file_idx ON national_news_attachments (file_id);

-- Who has read which national item: each account its own marks.
CREATE TABLE national_news_reads (
    account_id  bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    news_id     bigint NOT NULL REFERENCES national_news (id) ON DELETE CASCADE,
    read_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, news_id)
);

-- +goose StatementBegin
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['national_news', 'national_files', 'national_file_chunks', 'national_news_attachments'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON %I FOR SELECT USING (true)', t || '_read', t);
        EXECUTE format('CREATE POLICY %I ON %I USING (clts_is_hcts()) WITH CHECK (clts_is_hcts())', t || '_hcts', t);
    END LOOP;
END
$$;
-- +goose StatementEnd
ALTER TABLE national_news_reads ENABLE ROW LEVEL SECURITY;
ALTER TABLE national_news_reads FORCE ROW LEVEL SECURITY;
CREATE POLICY national_news_reads_own ON national_news_reads
    USING (account_id = clts_account_id()) WITH CHECK (account_id = clts_account_id());

-- A committee's local news, posted by its pilots; one may be pinned on
-- the committee's home.
CREATE TABLE news (
    committee_id  bigint NOT NULL REFERENCES committees (id),
    id            bigint GENERATED ALWAYS AS IDENTITY,
    title         text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
    summary       text NOT NULL CHECK (length(btrim(summary)) BETWEEN 1 AND 600),
    body          text NOT NULL DEFAULT '' CHECK (length(body) <= 20000),
    body_html     text NOT NULL DEFAULT '',
    published_on  date NOT NULL,
    pinned        boolean NOT NULL DEFAULT false,
    author_id     bigint NOT NULL REFERENCES accounts (id),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (committee_id, id)
);
CREATE INDEX news_date_idx ON news (committee_id, published_on DESC, id DESC);
CREATE UNIQUE INDEX news_one_pinned ON news (committee_id) WHERE pinned;
CREATE TABLE news_attachments (
    committee_id  bigint NOT NULL,
    news_id       bigint NOT NULL,
    file_id       bigint NOT NULL,
    position      integer NOT NULL DEFAULT 0,
    PRIMARY KEY (committee_id, news_id, file_id),
    FOREIGN KEY (committee_id, news_id) REFERENCES news (committee_id, id) ON DELETE CASCADE,
    FOREIGN KEY (committee_id, file_id) REFERENCES files (committee_id, id) ON DELETE CASCADE
);
CREATE INDEX news_attachments_file_idx ON news_attachments (committee_id, file_id);
CREATE TABLE news_reads (
    committee_id  bigint NOT NULL,
    account_id    bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    news_id       bigint NOT NULL,
    read_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (committee_id, account_id, news_id),
    FOREIGN KEY (committee_id, news_id) REFERENCES news (committee_id, id) ON DELETE CASCADE
);

ALTER TABLE news ENABLE ROW LEVEL SECURITY;
ALTER TABLE news FORCE ROW LEVEL SECURITY;
CREATE POLICY news_committee ON news
    USING (committee_id = clts_committee_id()) WITH CHECK (committee_id = clts_committee_id());
ALTER TABLE news_attachments ENABLE ROW LEVEL SECURITY;
ALTER TABLE news_attachments FORCE ROW LEVEL SECURITY;
CREATE POLICY news_attachments_committee ON news_attachments
    USING (committee_id = clts_committee_id()) WITH CHECK (committee_id = clts_committee_id());
-- Read marks: the committee's, and each account only its own.
ALTER TABLE news_reads ENABLE ROW LEVEL SECURITY;
ALTER TABLE news_reads FORCE ROW LEVEL SECURITY;
CREATE POLICY news_reads_own ON news_reads
    USING (committee_id = clts_committee_id() AND account_id = clts_account_id())
    WITH CHECK (committee_id = clts_committee_id() AND account_id = clts_account_id());

-- The journal names local news items (tx.auditOn with clts.ObjectNews).
ALTER TABLE audit_log DROP CONSTRAINT audit_log_object_kind_check;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_object_kind_check CHECK (object_kind IN
    ('meeting', 'group', 'institution', 'practice', 'contribution', 'member', 'invitation', 'charter', 'document', 'news'));

-- +goose Down
-- The owner forgets the journal's news links: the forced row-level
-- security of the journal is lifted for this transaction only.
ALTER TABLE audit_log NO FORCE ROW LEVEL SECURITY;
UPDATE audit_log SET object_kind = NULL, object_id = NULL WHERE object_kind = 'news';
ALTER TABLE audit_log FORCE ROW LEVEL SECURITY;
ALTER TABLE audit_log DROP CONSTRAINT audit_log_object_kind_check;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_object_kind_check CHECK (object_kind IN
    ('meeting', 'group', 'institution', 'practice', 'contribution', 'member', 'invitation', 'charter', 'document'));
DROP TABLE news_reads;
DROP TABLE news_attachments;
DROP TABLE news;
DROP TABLE national_news_reads;
DROP TABLE national_news_attachments;
DROP TABLE national_file_chunks;
DROP TABLE national_files;
DROP TABLE national_news;
ALTER TABLE accounts DROP CONSTRAINT accounts_hcts_publisher_reads;
ALTER TABLE accounts RENAME COLUMN hcts_publisher TO hcts_campaigns;
