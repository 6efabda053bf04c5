-- Accounts, memberships, sessions, invitations, password resets, the mail
-- outbox, login attempts and the audit log, with row-level security on
-- every committee-owned table.
--
-- Tenancy: the application sets, per transaction (set_config(…, true)),
--   clts.committee_id  the committee the request works in;
--   clts.account_id    the signed-in account;
--   clts.operator      'on' for a platform operator's national pages;
--   clts.token_hash    the hex hash of an invitation token being redeemed.
-- Policies read them through the functions below; the application role owns
-- no table and RLS is forced, so a query that forgets its WHERE still sees
-- only its committee.

-- +goose Up
-- +goose StatementBegin
CREATE FUNCTION clts_committee_id() RETURNS bigint LANGUAGE sql STABLE AS $$
    SELECT nullif(current_setting('clts.committee_id', true), '')::bigint
$$;
CREATE FUNCTION clts_account_id() RETURNS bigint LANGUAGE sql STABLE AS $$
    SELECT nullif(current_setting('clts.account_id', true), '')::bigint
$$;
CREATE FUNCTION clts_is_operator() RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT coalesce(current_setting('clts.operator', true), '') = 'on'
$$;
CREATE FUNCTION clts_token_hash() RETURNS bytea LANGUAGE sql STABLE AS $$
    SELECT decode(coalesce(current_setting('clts.token_hash', true), ''), 'hex')
$$;
-- +goose StatementEnd

-- A person. National: one account may belong to several committees.
CREATE TABLE accounts (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email             text CHECK (email IS NULL OR email ~ '^[^@\s]+@[^@\s]+$'),
    login             text NOT NULL CHECK (login ~ '^[a-zA-Z0-9._-]{3,40}$'),
    display_name      text NOT NULL CHECK (length(btrim(display_name)) BETWEEN 1 AND 120),
    password_hash     text NOT NULL,
    disabled          boolean NOT NULL DEFAULT false,
    hcts_reader       boolean NOT NULL DEFAULT false,
    operator          boolean NOT NULL DEFAULT false,
    -- Raised to end every session of the account (log out everywhere,
    -- deactivation, password change): sessions carry the stamp they saw.
    session_stamp     bigint NOT NULL DEFAULT 1,
    version           integer NOT NULL DEFAULT 1,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX accounts_email_key ON accounts (lower(email)) WHERE email IS NOT NULL;
CREATE UNIQUE INDEX accounts_login_key ON accounts (lower(login));

-- An account's role in a committee.
CREATE TABLE memberships (
    committee_id  bigint NOT NULL REFERENCES committees (id),
    account_id    bigint NOT NULL REFERENCES accounts (id),
    role          text NOT NULL CHECK (role IN ('pilote', 'partenaire', 'professionnel', 'personne_accompagnee')),
    active        boolean NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (committee_id, account_id)
);
CREATE INDEX memberships_account_idx ON memberships (account_id);

ALTER TABLE memberships ENABLE ROW LEVEL SECURITY;
ALTER TABLE memberships FORCE ROW LEVEL SECURITY;
-- The committee's members; and, across committees, the signed-in person's
-- own memberships (for "my committees").
CREATE POLICY memberships_read ON memberships FOR SELECT
    USING (committee_id = clts_committee_id() OR account_id = clts_account_id() OR clts_is_operator());
CREATE POLICY memberships_write ON memberships FOR INSERT
    WITH CHECK (committee_id = clts_committee_id());
CREATE POLICY memberships_update ON memberships FOR UPDATE
    USING (committee_id = clts_committee_id()) WITH CHECK (committee_id = clts_committee_id());
CREATE POLICY memberships_delete ON memberships FOR DELETE
    USING (committee_id = clts_committee_id());

-- An invitation to join a committee: by e-mail link, or by a short code
-- printed on a sheet for people without e-mail. Only the hash is stored.
CREATE TABLE invitations (
    committee_id  bigint NOT NULL REFERENCES committees (id),
    id            bigint GENERATED ALWAYS AS IDENTITY,
    kind          text NOT NULL CHECK (kind IN ('email', 'code')),
    email         text CHECK ((kind = 'email') = (email IS NOT NULL)),
    display_name  text NOT NULL CHECK (length(btrim(display_name)) BETWEEN 1 AND 120),
    role          text NOT NULL CHECK (role IN ('pilote', 'partenaire', 'professionnel', 'personne_accompagnee')),
    token_hash    bytea NOT NULL UNIQUE,
    invited_by    bigint REFERENCES accounts (id),
    expires_at    timestamptz NOT NULL,
    accepted_at   timestamptz,
    accepted_by   bigint REFERENCES accounts (id),
    revoked_at    timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (committee_id, id)
);
ALTER TABLE invitations ENABLE ROW LEVEL SECURITY;
ALTER TABLE invitations FORCE ROW LEVEL SECURITY;
-- Outside its committee, an invitation is visible only to whoever holds its
-- token, to redeem it.
CREATE POLICY invitations_read ON invitations FOR SELECT
    USING (committee_id = clts_committee_id() OR token_hash = clts_token_hash());
CREATE POLICY invitations_insert ON invitations FOR INSERT
    WITH CHECK (committee_id = clts_committee_id());
CREATE POLICY invitations_update ON invitations FOR UPDATE
    USING (committee_id = clts_committee_id()) WITH CHECK (committee_id = clts_committee_id());

-- scs sessions (github.com/alexedwards/scs/pgxstore).
CREATE TABLE sessions (
    token   text PRIMARY KEY,
    data    bytea NOT NULL,
    expiry  timestamptz NOT NULL
);
CREATE INDEX sessions_expiry_idx ON sessions (expiry);

-- Single-use password reset links; only the hash is stored.
CREATE TABLE password_resets (
    token_hash  bytea PRIMARY KEY,
    account_id  bigint NOT NULL REFERENCES accounts (id),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX password_resets_account_idx ON password_resets (account_id);

-- Every e-mail goes through the outbox, written in the transaction of the
-- action that sends it; a worker delivers it by SMTP when configured.
CREATE TABLE outbox (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    to_address  text NOT NULL,
    subject     text NOT NULL,
    body        text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    sent_at     timestamptz,
    attempts    integer NOT NULL DEFAULT 0,
    last_error  text
);
CREATE INDEX outbox_pending_idx ON outbox (id) WHERE sent_at IS NULL;

-- Login attempts, for throttling by login name and by address.
CREATE TABLE login_attempts (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    identifier  text NOT NULL,
    ip          text NOT NULL,
    success     boolean NOT NULL,
    at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_attempts_identifier_idx ON login_attempts (identifier, at) WHERE NOT success;
CREATE INDEX login_attempts_ip_idx ON login_attempts (ip, at) WHERE NOT success;

-- Who did what, when, in which committee (NULL for national events such as
-- logins), from which address.
CREATE TABLE audit_log (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    committee_id  bigint REFERENCES committees (id),
    actor_id      bigint REFERENCES accounts (id),
    action        text NOT NULL,
    subject       text NOT NULL DEFAULT '',
    ip            text NOT NULL DEFAULT '',
    at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_committee_idx ON audit_log (committee_id, at DESC);
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_log FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_log_read ON audit_log FOR SELECT
    USING (committee_id = clts_committee_id() OR clts_is_operator());
CREATE POLICY audit_log_insert ON audit_log FOR INSERT
    WITH CHECK (committee_id IS NULL OR committee_id = clts_committee_id());

-- +goose Down
DROP TABLE audit_log;
DROP TABLE login_attempts;
DROP TABLE outbox;
DROP TABLE password_resets;
DROP TABLE sessions;
DROP TABLE invitations;
DROP TABLE memberships;
DROP TABLE accounts;
DROP FUNCTION clts_token_hash();
DROP FUNCTION clts_is_operator();
DROP FUNCTION clts_account_id();
DROP FUNCTION clts_committee_id();
