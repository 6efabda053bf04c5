-- +goose Up
-- Accompanied participation (issue 17): a supported person names
-- referents among the active members of their committee; a referent who
-- accepted acts with them (answers a meeting, proposes an agenda item,
-- writes a practice or a contribution) and the action stays the person's,
-- with the referent recorded as helper (helped_by) and shown as « avec
-- l'aide de … ». The person ends the help at any time; the referent may
-- step down.
CREATE TABLE referents (
    committee_id bigint NOT NULL,
    id           bigint GENERATED ALWAYS AS IDENTITY,
    person_id    bigint NOT NULL,
    referent_id  bigint NOT NULL,
    -- 'attente': named, not yet accepted; 'active': accepted; 'refusee':
    -- declined by the referent; 'terminee': ended by either of them.
    state        text NOT NULL DEFAULT 'attente'
                 CONSTRAINT referents_state_check CHECK (state IN ('attente', 'active', 'refusee', 'terminee')),
    named_at     timestamptz NOT NULL DEFAULT now(),
    accepted_at  timestamptz,
    ended_at     timestamptz,
    ended_by     bigint REFERENCES accounts (id),
    PRIMARY KEY (committee_id, id),
    FOREIGN KEY (committee_id, person_id) REFERENCES memberships (committee_id, account_id),
    FOREIGN KEY (committee_id, referent_id) REFERENCES memberships (committee_id, account_id),
    CONSTRAINT referents_not_self CHECK (person_id <> referent_id),
    CONSTRAINT referents_accepted_check CHECK (state <> 'active' OR accepted_at IS NOT NULL)
);
-- One help at a time between two people: waiting or active.
CREATE UNIQUE INDEX referents_current_key ON referents (committee_id, person_id, referent_id)
    WHERE state IN ('attente', 'active');
CREATE INDEX referents_referent_idx ON referents (committee_id, referent_id);

ALTER TABLE referents ENABLE ROW LEVEL SECURITY;
ALTER TABLE referents FORCE ROW LEVEL SECURITY;
CREATE POLICY referents_committee ON referents
    USING (committee_id = clts_committee_id()) WITH CHECK (committee_id = clts_committee_id());

-- Who helped: the referent's account, on the rows a person writes with help.
ALTER TABLE meeting_responses ADD COLUMN helped_by bigint REFERENCES accounts (id);
ALTER TABLE agenda_items ADD COLUMN helped_by bigint REFERENCES accounts (id);
ALTER TABLE practices ADD COLUMN helped_by bigint REFERENCES accounts (id);
ALTER TABLE contributions ADD COLUMN helped_by bigint REFERENCES accounts (id);
-- The journal names the person an action was done for (the actor is the
-- referent).
ALTER TABLE audit_log ADD COLUMN for_account_id bigint REFERENCES accounts (id) ON DELETE SET NULL;

-- +goose Down
ALTER TABLE audit_log DROP COLUMN for_account_id;
ALTER TABLE contributions DROP COLUMN helped_by;
ALTER TABLE practices DROP COLUMN helped_by;
ALTER TABLE agenda_items DROP COLUMN helped_by;
ALTER TABLE meeting_responses DROP COLUMN helped_by;
DROP TABLE referents;
