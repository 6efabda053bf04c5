-- The practice lists without a search read their page and their count from
-- an index alone: the committee catalogue (published, newest first, the
-- committee home's latest five) and the national one (shared, published).
-- Each index holds every column that the query and the row-level security
-- policies read (committee_id, status, shared_at), so that an index-only
-- scan serves them once the table is vacuumed: 2,000 rows of a committee
-- or the 10,000 shared ones of the national dataset are counted without
-- visiting the table (internal/postgres/practice_search.go).
--
-- A search (p.search @@ query) cannot use the GIN index under row-level
-- security: the operator is not LEAKPROOF, so PostgreSQL evaluates it
-- after the policies, on each row they let through.

-- +goose Up
CREATE INDEX practices_catalogue_idx ON practices (committee_id, published_at DESC, id DESC)
    INCLUDE (status, shared_at) WHERE status = 'publiee';
CREATE INDEX practices_national_idx ON practices (published_at DESC, id DESC)
    INCLUDE (committee_id, status, shared_at) WHERE status = 'publiee' AND shared_at IS NOT NULL;

-- +goose Down
DROP INDEX practices_national_idx;
DROP INDEX practices_catalogue_idx;
