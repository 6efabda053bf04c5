-- The easy interface outside a committee's pages (the account, the
-- notifications, the national pages): on by default for a person who is a
-- supported person in at least one committee (auth.EasyMode), as on their
-- committee's pages. The session statement learns it with the session, and
-- only where the URL names no committee of theirs.

-- +goose Up
-- clts_supported_anywhere tells whether an account is an active supported
-- person of a committee, any committee; like clts_member_anywhere, it first
-- makes the account the statement's own, so that the policy "a person's own
-- memberships" lets the rows through.
-- +goose StatementBegin
CREATE FUNCTION clts_supported_anywhere(p_account bigint) RETURNS boolean
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    IF p_account IS NULL THEN
        RETURN false;
    END IF;
    PERFORM set_config('clts.account_id', p_account::text, true);
    RETURN EXISTS (SELECT FROM memberships WHERE account_id = p_account AND active AND role = 'personne_accompagnee');
END
$$;
-- +goose StatementEnd

-- +goose Down
DROP FUNCTION clts_supported_anywhere(bigint);
