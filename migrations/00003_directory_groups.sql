-- Partner institutions, member profiles (directory) and thematic working
-- groups. Every table is committee-owned: committee_id first in keys and
-- foreign keys, so a row only references rows of its own committee, and
-- row-level security forced as for memberships.

-- +goose Up
CREATE TABLE institutions (
    committee_id  bigint NOT NULL REFERENCES committees (id),
    id            bigint GENERATED ALWAYS AS IDENTITY,
    name          text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    kind          text NOT NULL CHECK (kind IN ('conseil_departemental', 'partenaire_institutionnel',
                      'federation', 'formation', 'association', 'autre')),
    departements  text[] NOT NULL DEFAULT '{}',
    website       text NOT NULL DEFAULT '' CHECK (website = '' OR website ~ '^https?://'),
    description   text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
    logo          bytea CHECK (logo IS NULL OR length(logo) <= 307200),
    logo_type     text NOT NULL DEFAULT '',
    archived      boolean NOT NULL DEFAULT false,
    version       integer NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (committee_id, id)
);
CREATE UNIQUE INDEX institutions_name_key ON institutions (committee_id, lower(name));

-- The directory profile lives on the membership: it is per committee.
ALTER TABLE memberships
    ADD COLUMN institution_id  bigint,
    ADD COLUMN departement     text NOT NULL DEFAULT '',
    ADD COLUMN presentation    text NOT NULL DEFAULT '' CHECK (length(presentation) <= 2000),
    ADD COLUMN phone           text NOT NULL DEFAULT '' CHECK (length(phone) <= 40),
    ADD COLUMN show_email      boolean NOT NULL DEFAULT false,
    ADD COLUMN show_phone      boolean NOT NULL DEFAULT false,
    -- For a supported person: show the full name instead of first name and
    -- initial. Ignored for other roles, whose full name is always shown.
    ADD COLUMN show_full_name  boolean NOT NULL DEFAULT false,
    ADD COLUMN version         integer NOT NULL DEFAULT 1,
    ADD CONSTRAINT memberships_institution_fkey FOREIGN KEY (committee_id, institution_id)
        REFERENCES institutions (committee_id, id);
CREATE INDEX memberships_institution_idx ON memberships (committee_id, institution_id);

CREATE TABLE working_groups (
    committee_id  bigint NOT NULL REFERENCES committees (id),
    id            bigint GENERATED ALWAYS AS IDENTITY,
    title         text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
    description   text NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
    objectives    text NOT NULL DEFAULT '' CHECK (length(objectives) <= 4000),
    archived      boolean NOT NULL DEFAULT false,
    version       integer NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (committee_id, id)
);
CREATE UNIQUE INDEX working_groups_title_key ON working_groups (committee_id, lower(title));

-- A member's place in a group: lead, member, or a pending request to join.
CREATE TABLE group_members (
    committee_id  bigint NOT NULL,
    group_id      bigint NOT NULL,
    account_id    bigint NOT NULL,
    status        text NOT NULL CHECK (status IN ('lead', 'member', 'pending')),
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (committee_id, group_id, account_id),
    FOREIGN KEY (committee_id, group_id) REFERENCES working_groups (committee_id, id),
    FOREIGN KEY (committee_id, account_id) REFERENCES memberships (committee_id, account_id)
);
CREATE INDEX group_members_account_idx ON group_members (committee_id, account_id);

-- +goose StatementBegin
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['institutions', 'working_groups', 'group_members'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON %I USING (committee_id = clts_committee_id()) WITH CHECK (committee_id = clts_committee_id())', t || '_committee', t);
    END LOOP;
END
$$;
-- +goose StatementEnd

-- +goose Down
DROP TABLE group_members;
DROP TABLE working_groups;
ALTER TABLE memberships
    DROP CONSTRAINT memberships_institution_fkey,
    DROP COLUMN institution_id,
    DROP COLUMN departement,
    DROP COLUMN presentation,
    DROP COLUMN phone,
    DROP COLUMN show_email,
    DROP COLUMN show_phone,
    DROP COLUMN show_full_name,
    DROP COLUMN version;
DROP TABLE institutions;
