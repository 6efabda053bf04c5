-- The national practice search reads its matches from an index of its
-- own. Under row-level security PostgreSQL evaluates p.search @@ query
-- after the policies (ts_match_vq is not LEAKPROOF), so a national search
-- on practices read every shared practice's vector (10,000 on the national
-- dataset). practice_national_search holds only what is meant to be read
-- nationally: the search vector and publication date of the shared,
-- published practices. Everyone reads it (its SELECT policy is true, which
-- the planner folds away, so the GIN index serves @@); a committee writes
-- only its own rows. The store keeps it in step with practices in the
-- unit of work of every change of a practice's sharing, state or text
-- (syncNationalSearch, internal/postgres/practices.go), and the search
-- joins practices, whose policies still decide what a reader sees.

-- +goose Up
CREATE TABLE practice_national_search (
    committee_id  bigint NOT NULL,
    practice_id   bigint NOT NULL,
    search        tsvector NOT NULL,
    published_at  timestamptz,
    PRIMARY KEY (committee_id, practice_id),
    FOREIGN KEY (committee_id, practice_id) REFERENCES practices (committee_id, id) ON DELETE CASCADE
);
CREATE INDEX practice_national_search_idx ON practice_national_search USING gin (search);

-- The owner reads every committee's practices for the backfill: the
-- practices' forced row-level security is lifted for this transaction only.
ALTER TABLE practices NO FORCE ROW LEVEL SECURITY;
INSERT INTO practice_national_search (committee_id, practice_id, search, published_at)
SELECT committee_id, id, search, published_at FROM practices WHERE shared_at IS NOT NULL AND status = 'publiee';
ALTER TABLE practices FORCE ROW LEVEL SECURITY;

ALTER TABLE practice_national_search ENABLE ROW LEVEL SECURITY;
ALTER TABLE practice_national_search FORCE ROW LEVEL SECURITY;
CREATE POLICY practice_national_search_committee ON practice_national_search
    USING (committee_id = clts_committee_id()) WITH CHECK (committee_id = clts_committee_id());
CREATE POLICY practice_national_search_read ON practice_national_search FOR SELECT USING (true);

-- +goose Down
DROP TABLE practice_national_search;
