-- E-mail delivery retries with a growing delay: a failed message waits
-- 1, 2, 4… minutes (at most 6 hours) before its next attempt, so an SMTP
-- outage of several hours loses no message, and a message given up after
-- ten attempts stays visible to the operator.

-- +goose Up
ALTER TABLE outbox ADD COLUMN next_attempt_at timestamptz NOT NULL DEFAULT now();
DROP INDEX outbox_pending_idx;
CREATE INDEX outbox_pending_idx ON outbox (next_attempt_at) WHERE sent_at IS NULL;

-- +goose Down
DROP INDEX outbox_pending_idx;
CREATE INDEX outbox_pending_idx ON outbox (id) WHERE sent_at IS NULL;
ALTER TABLE outbox DROP COLUMN next_attempt_at;
