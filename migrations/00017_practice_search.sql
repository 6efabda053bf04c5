-- The practice searches read their matches, their ranking, their filters
-- and their count from narrow search tables alone; practices is read for
-- the page's rows only.
--
-- A committee's search. Under row-level security PostgreSQL evaluates
-- p.search @@ query after the policies (ts_match_vq is not LEAKPROOF), so a
-- committee search tests every published practice of the committee (1,741
-- in 37-41 on the national dataset of make bench). On practices that meant
-- fetching each search vector from the TOAST table of a wide row: 5 ms of
-- the statement's 8. practice_search holds, per published practice, only
-- what a search reads (its vector, kept in the row, its publication date
-- and the filtered columns): the same test over the same rows takes 0.5 ms.
-- A committee reads and writes its own rows only (the usual committee
-- policy): the table holds practices that are not shared.
--
-- The national search matches in practice_national_search (00016), whose
-- GIN index serves @@; it gains the filtered columns, so that a national
-- search no longer looks every match up in practices to filter and count,
-- and the practice's themes (ids and titles, in the lists' order): read
-- through working_groups, each theme of a listed practice cost a national
-- reader the working_groups_national policy, which looks for a shared
-- practice among the theme's practices one by one (1.3 ms of the national
-- search's 3.3 on the national dataset of make bench). A theme's title is
-- what the national reader may read of it, for a shared practice.
--
-- The store keeps both tables in step with practices in the unit of work
-- of every change of a practice's state, sharing, text or themes
-- (syncSearch, formerly syncNationalSearch, internal/postgres/practices.go),
-- and the themes' titles in the unit of work of a theme's renaming
-- (syncSearchThemes).
--
-- The GIN index on practices.search goes: the application role, always
-- under row-level security, can never use it (see above), and every write
-- of a practice paid for it. practices.search stays, as the search tables'
-- source.

-- +goose Up
CREATE TABLE practice_search (
    committee_id  bigint NOT NULL,
    practice_id   bigint NOT NULL,
    search        tsvector NOT NULL,
    published_at  timestamptz,
    departement   text NOT NULL,
    start_year    integer,
    running       boolean NOT NULL,
    PRIMARY KEY (committee_id, practice_id),
    FOREIGN KEY (committee_id, practice_id) REFERENCES practices (committee_id, id) ON DELETE CASCADE
);
-- Vectors are a kilobyte or two: kept in the row (compressed only when the
-- row passes 2 kB), so that reading one costs no TOAST lookup.
ALTER TABLE practice_search ALTER COLUMN search SET STORAGE MAIN;

ALTER TABLE practice_national_search
    ADD COLUMN departement text NOT NULL DEFAULT '',
    ADD COLUMN start_year integer,
    ADD COLUMN running boolean NOT NULL DEFAULT true,
    ADD COLUMN theme_ids bigint[] NOT NULL DEFAULT '{}',
    ADD COLUMN themes text[] NOT NULL DEFAULT '{}';

-- The owner reads every committee's practices and themes and writes every
-- committee's search rows for the backfill: the forced row-level security
-- of these tables is lifted for this transaction only.
ALTER TABLE practices NO FORCE ROW LEVEL SECURITY;
ALTER TABLE practice_groups NO FORCE ROW LEVEL SECURITY;
ALTER TABLE working_groups NO FORCE ROW LEVEL SECURITY;
ALTER TABLE practice_national_search NO FORCE ROW LEVEL SECURITY;
INSERT INTO practice_search (committee_id, practice_id, search, published_at, departement, start_year, running)
SELECT committee_id, id, search, published_at, departement, start_year, running FROM practices WHERE status = 'publiee'
ORDER BY committee_id, id;
UPDATE practice_national_search ns SET departement = p.departement, start_year = p.start_year, running = p.running,
    theme_ids = coalesce(t.ids, '{}'), themes = coalesce(t.titles, '{}')
FROM practices p
LEFT JOIN LATERAL (SELECT array_agg(g.id ORDER BY g.title COLLATE clts_fr, g.id) AS ids,
        array_agg(g.title ORDER BY g.title COLLATE clts_fr, g.id) AS titles
    FROM practice_groups pg JOIN working_groups g ON g.committee_id = pg.committee_id AND g.id = pg.group_id
    WHERE pg.committee_id = p.committee_id AND pg.practice_id = p.id) t ON true
WHERE p.committee_id = ns.committee_id AND p.id = ns.practice_id;
ALTER TABLE practice_national_search FORCE ROW LEVEL SECURITY;
ALTER TABLE working_groups FORCE ROW LEVEL SECURITY;
ALTER TABLE practice_groups FORCE ROW LEVEL SECURITY;
ALTER TABLE practices FORCE ROW LEVEL SECURITY;

ALTER TABLE practice_search ENABLE ROW LEVEL SECURITY;
ALTER TABLE practice_search FORCE ROW LEVEL SECURITY;
CREATE POLICY practice_search_committee ON practice_search
    USING (committee_id = clts_committee_id()) WITH CHECK (committee_id = clts_committee_id());

DROP INDEX practices_search_idx;

-- +goose Down
CREATE INDEX practices_search_idx ON practices USING gin (search);
ALTER TABLE practice_national_search DROP COLUMN themes, DROP COLUMN theme_ids, DROP COLUMN running,
    DROP COLUMN start_year, DROP COLUMN departement;
DROP TABLE practice_search;
