-- +goose Up
-- The account a session belongs to, written by the session store, so that
-- one statement finds the session, its account, the committee of the URL
-- and the account's membership there.
ALTER TABLE sessions ADD COLUMN account_id bigint REFERENCES accounts (id) ON DELETE CASCADE;
CREATE INDEX sessions_account_idx ON sessions (account_id);

-- clts_own_membership returns an account's membership in a committee. It
-- first makes the account the statement's own (a transaction-local
-- setting), so that the policy "a person's own memberships" lets the row
-- through: PL/pgSQL runs its statements in order, which a single SQL
-- statement does not promise.
-- +goose StatementBegin
CREATE FUNCTION clts_own_membership(p_account bigint, p_committee bigint) RETURNS SETOF memberships
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM set_config('clts.account_id', coalesce(p_account::text, ''), true);
    RETURN QUERY SELECT * FROM memberships WHERE account_id = p_account AND committee_id = p_committee;
END
$$;
-- +goose StatementEnd

-- +goose Down
DROP FUNCTION clts_own_membership(bigint, bigint);
ALTER TABLE sessions DROP COLUMN account_id;
