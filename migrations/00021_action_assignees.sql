-- +goose Up
-- An action of the minutes is assigned to a member of the committee
-- (assignee_id, chosen from a list), or to someone outside it, named in
-- free text (who): never both. The foreign key keeps the assignee in the
-- action's committee; the store checks that they are an active member when
-- the action is given to them (postgres.SaveMinutes). The index serves
-- "my actions" on the committee home.
ALTER TABLE meeting_actions
    ADD COLUMN assignee_id bigint,
    ADD CONSTRAINT meeting_actions_assignee_fkey FOREIGN KEY (committee_id, assignee_id)
        REFERENCES memberships (committee_id, account_id),
    ADD CONSTRAINT meeting_actions_one_assignee CHECK (assignee_id IS NULL OR who = '');
CREATE INDEX meeting_actions_assignee_idx ON meeting_actions (committee_id, assignee_id) WHERE assignee_id IS NOT NULL;

-- +goose Down
DROP INDEX meeting_actions_assignee_idx;
ALTER TABLE meeting_actions DROP COLUMN assignee_id;
