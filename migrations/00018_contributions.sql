-- Contributions to the HCTS's yearly report: campaigns opened by HCTS
-- staff, contributions written in committees and transmitted by their
-- pilots, the HCTS's reading of them, and the role history that the
-- participation indicators read.

-- +goose Up

-- Who among HCTS readers opens and extends the yearly campaigns.
ALTER TABLE accounts ADD COLUMN hcts_campaigns boolean NOT NULL DEFAULT false;

-- A yearly campaign: national, read by everyone, written by HCTS staff.
CREATE TABLE campaigns (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    year               integer NOT NULL UNIQUE CHECK (year BETWEEN 2000 AND 2100),
    -- The last instant a contribution may be transmitted (the end of the
    -- deadline's day in Europe/Paris, computed by the store).
    deadline           timestamptz NOT NULL,
    introduction       text NOT NULL DEFAULT '',
    introduction_html  text NOT NULL DEFAULT '',
    opened_by          bigint NOT NULL REFERENCES accounts (id),
    opened_at          timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    version            integer NOT NULL DEFAULT 1
);

-- The guidance of each of the six categories of the report.
CREATE TABLE campaign_categories (
    campaign_id    bigint NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    category       text NOT NULL CHECK (category IN ('besoins', 'pratiques', 'gouvernance', 'metiers', 'recherche', 'participation')),
    guidance       text NOT NULL DEFAULT '',
    guidance_html  text NOT NULL DEFAULT '',
    PRIMARY KEY (campaign_id, category)
);

ALTER TABLE campaigns ENABLE ROW LEVEL SECURITY;
ALTER TABLE campaigns FORCE ROW LEVEL SECURITY;
ALTER TABLE campaign_categories ENABLE ROW LEVEL SECURITY;
ALTER TABLE campaign_categories FORCE ROW LEVEL SECURITY;
CREATE POLICY campaigns_read ON campaigns FOR SELECT USING (true);
CREATE POLICY campaigns_hcts ON campaigns USING (clts_is_hcts()) WITH CHECK (clts_is_hcts());
CREATE POLICY campaign_categories_read ON campaign_categories FOR SELECT USING (true);
CREATE POLICY campaign_categories_hcts ON campaign_categories USING (clts_is_hcts()) WITH CHECK (clts_is_hcts());

-- A contribution of a committee to one category of a campaign. Workflow:
-- brouillon → proposee (an author) → validee (a pilot) → transmise (a
-- pilot, before the deadline); a pilot may return a proposed or validated
-- one to brouillon with a comment. A transmitted contribution is locked (a
-- trigger refuses any change); a correction is a new contribution whose
-- previous_id names the one it corrects.
CREATE TABLE contributions (
    committee_id        bigint NOT NULL REFERENCES committees (id),
    id                  bigint GENERATED ALWAYS AS IDENTITY,
    campaign_id         bigint NOT NULL REFERENCES campaigns (id),
    category            text NOT NULL CHECK (category IN ('besoins', 'pratiques', 'gouvernance', 'metiers', 'recherche', 'participation')),
    status              text NOT NULL DEFAULT 'brouillon'
                        CHECK (status IN ('brouillon', 'proposee', 'validee', 'transmise')),
    title               text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
    body                text NOT NULL DEFAULT '',
    body_html           text NOT NULL DEFAULT '',
    group_id            bigint,
    created_by          bigint NOT NULL REFERENCES accounts (id),
    -- The correction chain: the contribution this one corrects, and its
    -- number in the chain (1 for the first).
    previous_id         bigint,
    edition             integer NOT NULL DEFAULT 1 CHECK (edition >= 1),
    return_comment      text NOT NULL DEFAULT '',
    -- Participation indicators (category participation): the snapshot
    -- taken at transmission, and the pilot's comment on them.
    indicators          jsonb,
    indicators_comment  text NOT NULL DEFAULT '',
    -- The authors' names that they agreed to publish, frozen at
    -- transmission: the only personal data the HCTS and the exports read.
    public_authors      text NOT NULL DEFAULT '',
    proposed_at         timestamptz,
    validated_at        timestamptz,
    validated_by        bigint REFERENCES accounts (id),
    transmitted_at      timestamptz,
    transmitted_by      bigint REFERENCES accounts (id),
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    version             integer NOT NULL DEFAULT 1,
    search              tsvector GENERATED ALWAYS AS (
                            setweight(to_tsvector('clts_french', title), 'A') ||
                            setweight(to_tsvector('clts_french', body), 'B')
                        ) STORED,
    PRIMARY KEY (committee_id, id),
    FOREIGN KEY (committee_id, group_id) REFERENCES working_groups (committee_id, id),
    FOREIGN KEY (committee_id, previous_id) REFERENCES contributions (committee_id, id),
    CHECK (status <> 'transmise' OR (transmitted_at IS NOT NULL AND transmitted_by IS NOT NULL)),
    CHECK (previous_id IS NULL OR edition > 1)
);
CREATE INDEX contributions_campaign_idx ON contributions (committee_id, campaign_id, category, status);
CREATE INDEX contributions_transmitted_idx ON contributions (transmitted_at DESC) WHERE status = 'transmise';
CREATE INDEX contributions_search_idx ON contributions USING gin (search);
-- One correction at most per contribution: the chain does not fork.
CREATE UNIQUE INDEX contributions_previous_key ON contributions (committee_id, previous_id) WHERE previous_id IS NOT NULL;

-- +goose StatementBegin
-- A transmitted contribution is locked: it is never changed nor deleted,
-- and it is transmitted before its campaign's deadline.
CREATE FUNCTION clts_contribution_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'transmise' THEN
        RAISE EXCEPTION 'contribution % is transmitted and locked', OLD.id USING ERRCODE = 'check_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    IF NEW.status = 'transmise' AND NEW.transmitted_at > (SELECT deadline FROM campaigns WHERE id = NEW.campaign_id) THEN
        RAISE EXCEPTION 'campaign % is closed', NEW.campaign_id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER contributions_guard BEFORE INSERT OR UPDATE OR DELETE ON contributions
    FOR EACH ROW EXECUTE FUNCTION clts_contribution_guard();

-- The authors (the creator first, then co-authors among the members), and
-- whether each agreed that their name goes with the transmitted text.
CREATE TABLE contribution_authors (
    committee_id     bigint NOT NULL,
    contribution_id  bigint NOT NULL,
    account_id       bigint NOT NULL,
    publish_name     boolean NOT NULL DEFAULT false,
    PRIMARY KEY (committee_id, contribution_id, account_id),
    FOREIGN KEY (committee_id, contribution_id) REFERENCES contributions (committee_id, id) ON DELETE CASCADE,
    FOREIGN KEY (committee_id, account_id) REFERENCES memberships (committee_id, account_id)
);
CREATE INDEX contribution_authors_account_idx ON contribution_authors (committee_id, account_id);

-- The committee's practices a contribution draws on.
CREATE TABLE contribution_practices (
    committee_id     bigint NOT NULL,
    contribution_id  bigint NOT NULL,
    practice_id      bigint NOT NULL,
    PRIMARY KEY (committee_id, contribution_id, practice_id),
    FOREIGN KEY (committee_id, contribution_id) REFERENCES contributions (committee_id, id) ON DELETE CASCADE,
    FOREIGN KEY (committee_id, practice_id) REFERENCES practices (committee_id, id)
);

-- The history of a contribution: each step, who, when, with the comment.
CREATE TABLE contribution_events (
    committee_id     bigint NOT NULL,
    id               bigint GENERATED ALWAYS AS IDENTITY,
    contribution_id  bigint NOT NULL,
    at               timestamptz NOT NULL DEFAULT now(),
    actor_id         bigint NOT NULL REFERENCES accounts (id),
    action           text NOT NULL CHECK (action IN ('create', 'edit', 'propose', 'return', 'validate', 'transmit', 'correct')),
    comment          text NOT NULL DEFAULT '',
    PRIMARY KEY (committee_id, id),
    FOREIGN KEY (committee_id, contribution_id) REFERENCES contributions (committee_id, id) ON DELETE CASCADE
);
CREATE INDEX contribution_events_contribution_idx ON contribution_events (committee_id, contribution_id, at);

-- The HCTS's reading of a transmitted contribution: read, retained for the
-- report, and a short reply that the committee's pilots and authors see.
CREATE TABLE contribution_readings (
    committee_id     bigint NOT NULL,
    contribution_id  bigint NOT NULL,
    read_at          timestamptz,
    read_by          bigint REFERENCES accounts (id),
    retained         boolean NOT NULL DEFAULT false,
    retained_at      timestamptz,
    reply            text NOT NULL DEFAULT '' CHECK (length(reply) <= 4000),
    reply_html       text NOT NULL DEFAULT '',
    replied_at       timestamptz,
    replied_by       bigint REFERENCES accounts (id),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (committee_id, contribution_id),
    FOREIGN KEY (committee_id, contribution_id) REFERENCES contributions (committee_id, id)
);

-- The search of the national reading matches here: the vectors of
-- transmitted contributions only, joined to contributions, whose policies
-- let HCTS staff only through. Under row-level security PostgreSQL
-- evaluates contributions.search @@ query after the policies (ts_match_vq
-- is not leakproof); this table's read policy has no qual at all, so the
-- planner may use its GIN index. The store fills it in the unit of work
-- that transmits.
CREATE TABLE contribution_national_search (
    committee_id     bigint NOT NULL,
    contribution_id  bigint NOT NULL,
    search           tsvector NOT NULL,
    transmitted_at   timestamptz NOT NULL,
    PRIMARY KEY (committee_id, contribution_id),
    FOREIGN KEY (committee_id, contribution_id) REFERENCES contributions (committee_id, id)
);
CREATE INDEX contribution_national_search_idx ON contribution_national_search USING gin (search);

-- +goose StatementBegin
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['contributions', 'contribution_authors', 'contribution_practices',
                             'contribution_events', 'contribution_readings', 'contribution_national_search'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['contributions', 'contribution_authors', 'contribution_practices',
                             'contribution_events'] LOOP
        EXECUTE format('CREATE POLICY %I ON %I USING (committee_id = clts_committee_id()) WITH CHECK (committee_id = clts_committee_id())', t || '_committee', t);
    END LOOP;
END
$$;
-- +goose StatementEnd
-- A committee writes its rows of contribution_national_search (when it
-- transmits) but reads none: a read policy looking at the row would keep
-- the planner from using the GIN index under row-level security.
CREATE POLICY contribution_national_search_committee ON contribution_national_search FOR INSERT
    WITH CHECK (committee_id = clts_committee_id());

-- The committee reads the HCTS's reading of its contributions; only HCTS
-- staff write it, and only on transmitted contributions.
CREATE POLICY contribution_readings_committee ON contribution_readings FOR SELECT
    USING (committee_id = clts_committee_id());
CREATE POLICY contribution_readings_hcts ON contribution_readings
    USING (clts_is_hcts() AND EXISTS (SELECT FROM contributions c
        WHERE c.committee_id = contribution_readings.committee_id AND c.id = contribution_readings.contribution_id))
    WITH CHECK (clts_is_hcts() AND EXISTS (SELECT FROM contributions c
        WHERE c.committee_id = contribution_readings.committee_id AND c.id = contribution_readings.contribution_id));

-- The national reading: HCTS staff read transmitted contributions of every
-- committee — never a draft, a proposed or a validated one — with what
-- their page shows: authors' consent flags, linked practices (the
-- practices themselves stay under their own policies: the shared ones),
-- the history, and the group they come from.
-- (SELECT clts_is_hcts()) is computed once per statement, not once per
-- row: counting 100,000 transmitted contributions takes half the time.
CREATE POLICY contributions_hcts ON contributions FOR SELECT
    USING ((SELECT clts_is_hcts()) AND status = 'transmise');
CREATE POLICY contribution_practices_hcts ON contribution_practices FOR SELECT
    USING (clts_is_hcts() AND EXISTS (SELECT FROM contributions c
        WHERE c.committee_id = contribution_practices.committee_id AND c.id = contribution_practices.contribution_id));
CREATE POLICY contribution_events_hcts ON contribution_events FOR SELECT
    USING (clts_is_hcts() AND EXISTS (SELECT FROM contributions c
        WHERE c.committee_id = contribution_events.committee_id AND c.id = contribution_events.contribution_id));
-- The search's vectors are read through a policy that does not look at
-- anything, like practice_national_search's: any qual of a read policy,
-- even clts_is_hcts() which reads no column, is evaluated before the
-- non-leakproof @@ and keeps the planner from the GIN index (EXPLAIN in
-- TestNationalSearchUsesIndex). The search always joins contributions,
-- whose policies let an HCTS reader through to transmitted rows and
-- nobody else: a vector alone names no text, and a committee never reads
-- another's contributions.
CREATE POLICY contribution_national_search_hcts ON contribution_national_search FOR SELECT
    USING (true);
CREATE POLICY working_groups_hcts ON working_groups FOR SELECT
    USING (clts_is_hcts() AND EXISTS (SELECT FROM contributions c
        WHERE c.committee_id = working_groups.committee_id AND c.group_id = working_groups.id));

-- The role a member had at each moment, for the participation indicators
-- (an attendance sheet records the role when attendance is taken; older
-- sheets read the role the member had on the meeting's day).
CREATE TABLE membership_roles (
    committee_id  bigint NOT NULL,
    account_id    bigint NOT NULL,
    role          text NOT NULL CHECK (role IN ('pilote', 'partenaire', 'professionnel', 'personne_accompagnee')),
    valid_from    timestamptz NOT NULL,
    PRIMARY KEY (committee_id, account_id, valid_from),
    FOREIGN KEY (committee_id, account_id) REFERENCES memberships (committee_id, account_id) ON DELETE CASCADE
);
ALTER TABLE membership_roles ENABLE ROW LEVEL SECURITY;
ALTER TABLE membership_roles FORCE ROW LEVEL SECURITY;
CREATE POLICY membership_roles_committee ON membership_roles
    USING (committee_id = clts_committee_id()) WITH CHECK (committee_id = clts_committee_id());

-- +goose StatementBegin
CREATE FUNCTION clts_membership_role_history() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' OR NEW.role IS DISTINCT FROM OLD.role THEN
        INSERT INTO membership_roles (committee_id, account_id, role, valid_from)
        VALUES (NEW.committee_id, NEW.account_id, NEW.role, CASE WHEN TG_OP = 'INSERT' THEN NEW.created_at ELSE now() END)
        ON CONFLICT (committee_id, account_id, valid_from) DO UPDATE SET role = EXCLUDED.role;
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER memberships_role_history AFTER INSERT OR UPDATE OF role ON memberships
    FOR EACH ROW EXECUTE FUNCTION clts_membership_role_history();

-- The role recorded on the attendance sheet when attendance is taken.
ALTER TABLE meeting_responses ADD COLUMN role text
    CHECK (role IN ('pilote', 'partenaire', 'professionnel', 'personne_accompagnee'));

-- Backfill: today's role since the membership began. The owner reads every
-- committee's memberships for this transaction only.
ALTER TABLE memberships NO FORCE ROW LEVEL SECURITY;
ALTER TABLE membership_roles NO FORCE ROW LEVEL SECURITY;
INSERT INTO membership_roles (committee_id, account_id, role, valid_from)
SELECT committee_id, account_id, role, created_at FROM memberships;
ALTER TABLE membership_roles FORCE ROW LEVEL SECURITY;
ALTER TABLE memberships FORCE ROW LEVEL SECURITY;

-- +goose Down
ALTER TABLE meeting_responses DROP COLUMN role;
DROP TRIGGER memberships_role_history ON memberships;
DROP FUNCTION clts_membership_role_history();
DROP TABLE membership_roles;
DROP POLICY working_groups_hcts ON working_groups;
DROP TABLE contribution_national_search;
DROP TABLE contribution_readings;
DROP TABLE contribution_events;
DROP TABLE contribution_practices;
DROP TABLE contribution_authors;
DROP TABLE contributions;
DROP FUNCTION clts_contribution_guard();
DROP TABLE campaign_categories;
DROP TABLE campaigns;
ALTER TABLE accounts DROP COLUMN hcts_campaigns;
