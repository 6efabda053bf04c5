-- Committees listed in French order without sorting their names at each
-- request: the list of committees (the national catalogue's and the HCTS
-- reading's committee filter, every page of them) compared its 102 names
-- with the clts_fr collation each time, 0.1 to 0.25 ms of a page that
-- takes 3. name_order is each committee's rank in that order, kept by a
-- statement trigger whenever a committee is created or renamed (rare: the
-- operator's steps). Such steps take an advisory lock before they touch a
-- row (a BEFORE statement trigger), so that two at once run one after the
-- other: taken after the change, each would hold its own committee's row
-- while the other's numbering waits for it (a deadlock).

-- +goose Up
ALTER TABLE committees ADD COLUMN name_order integer NOT NULL DEFAULT 0;

-- +goose StatementBegin
CREATE FUNCTION clts_lock_committee_order() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, public
AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('clts_order_committees'));
    RETURN NULL;
END
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION clts_order_committees() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, public
AS $$
BEGIN
    UPDATE committees c SET name_order = o.n
    FROM (SELECT id, row_number() OVER (ORDER BY name COLLATE clts_fr, id)::integer AS n FROM committees) o
    WHERE c.id = o.id AND c.name_order <> o.n;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER committees_name_order_lock BEFORE INSERT OR UPDATE OF name ON committees
    FOR EACH STATEMENT EXECUTE FUNCTION clts_lock_committee_order();
CREATE TRIGGER committees_name_order AFTER INSERT OR UPDATE OF name ON committees
    FOR EACH STATEMENT EXECUTE FUNCTION clts_order_committees();

UPDATE committees SET name = name;

-- +goose Down
DROP TRIGGER committees_name_order ON committees;
DROP TRIGGER committees_name_order_lock ON committees;
DROP FUNCTION clts_order_committees();
DROP FUNCTION clts_lock_committee_order();
ALTER TABLE committees DROP COLUMN name_order;
