-- Login attempts and guesses of other secrets (invitation codes) live in
-- separate key spaces. Code guesses were recorded under the identifier
-- "code-invitation", which is also a valid login name: failed logins typed
-- as it counted as wrong codes, so one address could pause code entry for
-- everyone, and a successful login with it would have cleared them. A kind
-- column now tells them apart: 'login' rows are keyed by the identifier as
-- typed, 'guess' rows by the name of the secret guessed, and no query of
-- one kind reads the other's rows.

-- +goose Up
ALTER TABLE login_attempts ADD COLUMN kind text NOT NULL DEFAULT 'login'
    CONSTRAINT login_attempts_kind_check CHECK (kind IN ('login', 'guess'));
-- Recent code guesses keep counting.
UPDATE login_attempts SET kind = 'guess' WHERE identifier = 'code-invitation';
DROP INDEX login_attempts_identifier_idx;
CREATE INDEX login_attempts_identifier_idx ON login_attempts (kind, identifier, at) WHERE NOT success;

-- +goose Down
DROP INDEX login_attempts_identifier_idx;
ALTER TABLE login_attempts DROP COLUMN kind;
CREATE INDEX login_attempts_identifier_idx ON login_attempts (identifier, at) WHERE NOT success;
