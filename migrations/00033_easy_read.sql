-- +goose Up
-- Easy-to-read versions (FALC, issue 17): a member writes a version
-- « facile à lire et à comprendre » of the charter (a version), a
-- meeting's agenda or minutes, a practice sheet or a local news item. One
-- current version per subject, rewritten in place (version counts the
-- rewrites). It is checked (« relu par … le … ») only when a supported
-- person of the committee, not its author, says so; rewriting it clears
-- the check. The subject is polymorphic (kind, id): the handlers check
-- that the original exists and that the viewer reads it.
CREATE TABLE easy_read_versions (
    committee_id  bigint NOT NULL REFERENCES committees (id),
    subject_kind  text NOT NULL
                  CONSTRAINT easy_read_versions_kind_check CHECK (subject_kind IN ('charter', 'agenda', 'minutes', 'practice', 'news')),
    subject_id    bigint NOT NULL,
    body          text NOT NULL CHECK (length(btrim(body)) BETWEEN 1 AND 20000),
    body_html     text NOT NULL,
    written_by    bigint NOT NULL REFERENCES accounts (id),
    written_at    timestamptz NOT NULL DEFAULT now(),
    checked_by    bigint REFERENCES accounts (id),
    checked_at    timestamptz,
    version       integer NOT NULL DEFAULT 1 CHECK (version > 0),
    PRIMARY KEY (committee_id, subject_kind, subject_id),
    CONSTRAINT easy_read_versions_check_pair CHECK ((checked_by IS NULL) = (checked_at IS NULL)),
    CONSTRAINT easy_read_versions_not_own CHECK (checked_by IS NULL OR checked_by <> written_by)
);
CREATE INDEX easy_read_versions_written_by_idx ON easy_read_versions (written_by);
CREATE INDEX easy_read_versions_checked_by_idx ON easy_read_versions (checked_by);

ALTER TABLE easy_read_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE easy_read_versions FORCE ROW LEVEL SECURITY;
CREATE POLICY easy_read_versions_committee ON easy_read_versions
    USING (committee_id = clts_committee_id()) WITH CHECK (committee_id = clts_committee_id());

-- +goose Down
DROP TABLE easy_read_versions;
