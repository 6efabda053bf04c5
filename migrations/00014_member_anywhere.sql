-- Who may read the national catalogue of practices: HCTS readers, and any
-- person who is an active member of at least one committee. The session
-- statement learns the second fact with the session, in the same
-- statement (internal/postgres/sessions.go).

-- +goose Up
-- clts_member_anywhere tells whether an account is an active member of a
-- committee, any committee. Like clts_own_membership, it first makes the
-- account the statement's own (a transaction-local setting), so that the
-- policy "a person's own memberships" lets the rows through: PL/pgSQL runs
-- its statements in order, which a single SQL statement does not promise.
-- +goose StatementBegin
CREATE FUNCTION clts_member_anywhere(p_account bigint) RETURNS boolean
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    IF p_account IS NULL THEN
        RETURN false;
    END IF;
    PERFORM set_config('clts.account_id', p_account::text, true);
    RETURN EXISTS (SELECT FROM memberships WHERE account_id = p_account AND active);
END
$$;
-- +goose StatementEnd

-- +goose Down
DROP FUNCTION clts_member_anywhere(bigint);
