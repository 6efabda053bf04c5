-- A second factor: time-based one-time codes (TOTP, RFC 6238) and
-- single-use recovery codes.
--
-- second_factors holds one row per account that has started or finished
-- enrolling. The secrets are sensitive: only the account itself (its own
-- scope, while signing in or on its account page) and an operator scope
-- (to reset it) may read the row. Recovery codes are stored as SHA-256
-- hashes only.
--
-- second_factor_failures counts wrong codes per account, for the same
-- throttle as passwords; a table of its own, so that no login name typed
-- on the password form can ever be counted as an account's wrong codes.

-- +goose Up
CREATE TABLE second_factors (
    account_id       bigint PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    -- The base32 secret in use; NULL until the first code confirms it.
    secret           text,
    confirmed_at     timestamptz,
    -- A secret shown during (re-)enrolment, not in use until confirmed.
    pending_secret   text,
    -- The TOTP time step of the last code accepted: a code of that step or
    -- before is refused, so a code cannot be used twice.
    last_step        bigint NOT NULL DEFAULT 0,
    recovery_hashes  bytea[] NOT NULL DEFAULT '{}',
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CHECK ((secret IS NULL) = (confirmed_at IS NULL))
);
ALTER TABLE second_factors ENABLE ROW LEVEL SECURITY;
ALTER TABLE second_factors FORCE ROW LEVEL SECURITY;
CREATE POLICY second_factors_own ON second_factors
    USING (account_id = clts_account_id() OR clts_is_operator())
    WITH CHECK (account_id = clts_account_id() OR clts_is_operator());

CREATE TABLE second_factor_failures (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id  bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    ip          text NOT NULL,
    at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX second_factor_failures_account_idx ON second_factor_failures (account_id, at);

-- +goose Down
DROP TABLE second_factor_failures;
DROP TABLE second_factors;
