-- +goose Up
-- The national reading counts the transmitted contributions its filter
-- selects on every page: counting them in contributions read every one
-- (3.2 ms for a campaign's 30,000, 10 ms for all 100,000 in make bench).
-- contribution_counts holds how many contributions each committee
-- transmitted per campaign and category, kept by triggers on
-- contributions in the statement that transmits (a transmitted
-- contribution is never changed nor deleted: clts_contribution_guard), so
-- that the count of a filter on campaign, category, committee or
-- département is a sum of at most a few hundred rows.
CREATE TABLE contribution_counts (
    committee_id  bigint NOT NULL,
    campaign_id   bigint NOT NULL,
    category      text NOT NULL,
    transmitted   bigint NOT NULL,
    PRIMARY KEY (committee_id, campaign_id, category)
);
CREATE INDEX contribution_counts_campaign_idx ON contribution_counts (campaign_id, category) INCLUDE (transmitted);

-- The owner counts every committee's contributions for the backfill.
ALTER TABLE contributions NO FORCE ROW LEVEL SECURITY;
INSERT INTO contribution_counts (committee_id, campaign_id, category, transmitted)
SELECT committee_id, campaign_id, category, count(*) FROM contributions WHERE status = 'transmise'
GROUP BY committee_id, campaign_id, category;
ALTER TABLE contributions FORCE ROW LEVEL SECURITY;

-- A committee writes (and reads) the counts of its own contributions, as
-- it transmits them; HCTS staff read every committee's, as they read
-- every transmitted contribution (contributions_hcts): the sum over the
-- rows a scope sees is the number of transmitted contributions it sees.
ALTER TABLE contribution_counts ENABLE ROW LEVEL SECURITY;
ALTER TABLE contribution_counts FORCE ROW LEVEL SECURITY;
CREATE POLICY contribution_counts_committee ON contribution_counts
    USING (committee_id = clts_committee_id()) WITH CHECK (committee_id = clts_committee_id());
CREATE POLICY contribution_counts_hcts ON contribution_counts FOR SELECT
    USING ((SELECT clts_is_hcts()));

-- +goose StatementBegin
-- Once per statement on contributions, with the rows it changed: adds the
-- contributions that became transmitted (a COPY or an INSERT … SELECT of
-- thousands is one upsert per committee, campaign and category), and
-- takes away those that stopped being so (never, under the guard). A
-- statement that transmits nothing writes nothing. The counts of a
-- committee are written under an advisory lock of the committee, taken
-- in committee order before its rows, so that two pilots of a committee
-- transmitting several contributions at once wait for each other instead
-- of deadlocking on the rows of two categories.
CREATE FUNCTION clts_contribution_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM pg_advisory_xact_lock(5, hashtext(d.committee_id::text))
        FROM (SELECT DISTINCT committee_id FROM new_rows WHERE status = 'transmise' ORDER BY committee_id) d;
        INSERT INTO contribution_counts AS k (committee_id, campaign_id, category, transmitted)
        SELECT committee_id, campaign_id, category, count(*) FROM new_rows WHERE status = 'transmise'
        GROUP BY committee_id, campaign_id, category ORDER BY committee_id, campaign_id, category
        ON CONFLICT (committee_id, campaign_id, category) DO UPDATE SET transmitted = k.transmitted + EXCLUDED.transmitted;
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM pg_advisory_xact_lock(5, hashtext(d.committee_id::text))
        FROM (SELECT committee_id FROM new_rows WHERE status = 'transmise'
              UNION SELECT committee_id FROM old_rows WHERE status = 'transmise' ORDER BY committee_id) d;
        INSERT INTO contribution_counts AS k (committee_id, campaign_id, category, transmitted)
        SELECT committee_id, campaign_id, category, sum(n) FROM (
            SELECT committee_id, campaign_id, category, 1 AS n FROM new_rows WHERE status = 'transmise'
            UNION ALL
            SELECT committee_id, campaign_id, category, -1 FROM old_rows WHERE status = 'transmise') d
        GROUP BY committee_id, campaign_id, category HAVING sum(n) <> 0 ORDER BY committee_id, campaign_id, category
        ON CONFLICT (committee_id, campaign_id, category) DO UPDATE SET transmitted = k.transmitted + EXCLUDED.transmitted;
    ELSE
        PERFORM pg_advisory_xact_lock(5, hashtext(d.committee_id::text))
        FROM (SELECT DISTINCT committee_id FROM old_rows WHERE status = 'transmise' ORDER BY committee_id) d;
        INSERT INTO contribution_counts AS k (committee_id, campaign_id, category, transmitted)
        SELECT committee_id, campaign_id, category, -count(*) FROM old_rows WHERE status = 'transmise'
        GROUP BY committee_id, campaign_id, category ORDER BY committee_id, campaign_id, category
        ON CONFLICT (committee_id, campaign_id, category) DO UPDATE SET transmitted = k.transmitted + EXCLUDED.transmitted;
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER contribution_counts_insert AFTER INSERT ON contributions
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION clts_contribution_counts();
CREATE TRIGGER contribution_counts_update AFTER UPDATE ON contributions
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION clts_contribution_counts();
CREATE TRIGGER contribution_counts_delete AFTER DELETE ON contributions
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION clts_contribution_counts();

-- +goose Down
DROP TRIGGER contribution_counts_delete ON contributions;
DROP TRIGGER contribution_counts_update ON contributions;
DROP TRIGGER contribution_counts_insert ON contributions;
DROP FUNCTION clts_contribution_counts();
DROP TABLE contribution_counts;
