-- The committee home's "À faire": what waits for each person, read in one
-- statement (postgres/todo.go), and the fate of agenda proposals.
--
-- A declined proposal used to be deleted, so its author never learnt what
-- became of it: it is now kept as 'refuse', and a decision (accepted or
-- declined) records when and by whom. An item an organiser added directly
-- has no decision; an accepted proposal has one, which is how an author's
-- proposals are told from the items they added themselves as organisers.

-- +goose Up
ALTER TABLE agenda_items DROP CONSTRAINT agenda_items_status_check;
ALTER TABLE agenda_items ADD CONSTRAINT agenda_items_status_check CHECK (status IN ('retenu', 'propose', 'refuse'));
ALTER TABLE agenda_items
    ADD COLUMN decided_at timestamptz,
    ADD COLUMN decided_by bigint REFERENCES accounts (id),
    ADD CONSTRAINT agenda_items_decided_check CHECK (status <> 'refuse' OR decided_at IS NOT NULL);

-- An author's proposals, whatever became of them.
CREATE INDEX agenda_items_author_idx ON agenda_items (committee_id, proposed_by) WHERE proposed_by IS NOT NULL;
-- Proposals waiting for an organiser.
CREATE INDEX agenda_items_pending_idx ON agenda_items (committee_id, meeting_id) WHERE status = 'propose';
-- Requests to join a group, waiting for its leads.
CREATE INDEX group_members_pending_idx ON group_members (committee_id, group_id) WHERE status = 'pending';
-- Invitations not yet accepted nor revoked (pending or expired).
CREATE INDEX invitations_open_idx ON invitations (committee_id, expires_at) WHERE accepted_at IS NULL AND revoked_at IS NULL;

-- +goose Down
DROP INDEX invitations_open_idx;
DROP INDEX group_members_pending_idx;
DROP INDEX agenda_items_pending_idx;
DROP INDEX agenda_items_author_idx;
-- Declined proposals were deleted before this migration.
ALTER TABLE agenda_items NO FORCE ROW LEVEL SECURITY;
DELETE FROM agenda_items WHERE status = 'refuse';
ALTER TABLE agenda_items FORCE ROW LEVEL SECURITY;
ALTER TABLE agenda_items DROP CONSTRAINT agenda_items_decided_check, DROP COLUMN decided_by, DROP COLUMN decided_at;
ALTER TABLE agenda_items DROP CONSTRAINT agenda_items_status_check;
ALTER TABLE agenda_items ADD CONSTRAINT agenda_items_status_check CHECK (status IN ('retenu', 'propose'));
