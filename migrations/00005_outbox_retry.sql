-- E-mail delivery retries with a growing delay: a failed message waits
-- 1, 2, 4… minutes, then an hour, before its next attempt (the schedule is
-- in internal/postgres/outbox.go), so an SMTP outage of a weekend loses no
-- message, and a message given up stays visible to the operator, who can
-- ask for a new try. The column is also the lease of a message being sent.

-- +goose Up
ALTER TABLE outbox ADD COLUMN next_attempt_at timestamptz NOT NULL DEFAULT now();
DROP INDEX outbox_pending_idx;
CREATE INDEX outbox_pending_idx ON outbox (next_attempt_at) WHERE sent_at IS NULL;

-- +goose Down
DROP INDEX outbox_pending_idx;
CREATE INDEX outbox_pending_idx ON outbox (id) WHERE sent_at IS NULL;
ALTER TABLE outbox DROP COLUMN next_attempt_at;
