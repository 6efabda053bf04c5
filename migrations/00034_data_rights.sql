-- +goose Up
-- Personal data rights (issue 17): a person's request to have their account
-- erased. One row per committee the person belongs to, so that each
-- committee's pilots see it under row-level security; the first pilot who
-- confirms anonymises the account everywhere (postgres.ConfirmErasure).
CREATE TABLE erasure_requests (
    committee_id  bigint NOT NULL REFERENCES committees (id),
    account_id    bigint NOT NULL REFERENCES accounts (id),
    requested_at  timestamptz NOT NULL DEFAULT now(),
    -- RGPD art. 12(3): an answer within one month of the request.
    due_on        date NOT NULL,
    confirmed_at  timestamptz,
    confirmed_by  bigint REFERENCES accounts (id),
    PRIMARY KEY (committee_id, account_id),
    FOREIGN KEY (committee_id, account_id) REFERENCES memberships (committee_id, account_id)
);
CREATE INDEX erasure_requests_account_idx ON erasure_requests (account_id);
ALTER TABLE erasure_requests ENABLE ROW LEVEL SECURITY;
ALTER TABLE erasure_requests FORCE ROW LEVEL SECURITY;
CREATE POLICY erasure_requests_committee ON erasure_requests
    USING (committee_id = clts_committee_id()) WITH CHECK (committee_id = clts_committee_id());
-- The person sees their own request from their account page, whatever the
-- committee.
CREATE POLICY erasure_requests_own ON erasure_requests FOR SELECT
    USING (account_id = clts_account_id());

-- A person's archive prepared in the background when it is large (many or
-- big uploaded files): the request, then the zip the worker built, stored
-- in chunks like uploaded files, kept seven days. National (an account's
-- data across its committees), under a policy of its own: the account, or
-- the operator scope the worker claims requests in.
CREATE TABLE data_exports (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id    bigint NOT NULL REFERENCES accounts (id),
    requested_at  timestamptz NOT NULL DEFAULT now(),
    claimed_at    timestamptz,
    ready_at      timestamptz,
    size          bigint
);
CREATE INDEX data_exports_account_idx ON data_exports (account_id, requested_at DESC);
CREATE INDEX data_exports_pending_idx ON data_exports (requested_at) WHERE ready_at IS NULL;
CREATE TABLE data_export_chunks (
    export_id  bigint NOT NULL REFERENCES data_exports (id) ON DELETE CASCADE,
    seq        integer NOT NULL,
    data       bytea NOT NULL,
    PRIMARY KEY (export_id, seq)
);
ALTER TABLE data_exports ENABLE ROW LEVEL SECURITY;
ALTER TABLE data_exports FORCE ROW LEVEL SECURITY;
CREATE POLICY data_exports_own ON data_exports
    USING (account_id = clts_account_id() OR clts_is_operator())
    WITH CHECK (account_id = clts_account_id() OR clts_is_operator());
ALTER TABLE data_export_chunks ENABLE ROW LEVEL SECURITY;
ALTER TABLE data_export_chunks FORCE ROW LEVEL SECURITY;
CREATE POLICY data_export_chunks_own ON data_export_chunks
    USING (EXISTS (SELECT FROM data_exports e WHERE e.id = export_id AND (e.account_id = clts_account_id() OR clts_is_operator())))
    WITH CHECK (EXISTS (SELECT FROM data_exports e WHERE e.id = export_id AND (e.account_id = clts_account_id() OR clts_is_operator())));

-- The person's export reads their own national audit lines (sign-ins,
-- password changes): the committee's lines stay the committee's.
CREATE POLICY audit_log_own ON audit_log FOR SELECT
    USING (committee_id IS NULL AND (actor_id = clts_account_id() OR for_account_id = clts_account_id()));

-- Erasure rewrites the person's name in the audit lines' subjects: the only
-- change ever made to the log, allowed only to a unit of work that says it
-- erases (clts.erasure, set by the erasure step alone), only in its
-- committee's lines (or the national ones) and only on the subject column.
-- (An UPDATE sees only the rows SELECT policies show: the erasure step
-- also reads the national lines it rewrites.)
CREATE POLICY audit_log_erasure_read ON audit_log FOR SELECT
    USING (coalesce(current_setting('clts.erasure', true), '') = 'on'
           AND (committee_id IS NULL OR committee_id = clts_committee_id()));
REVOKE UPDATE ON audit_log FROM clts_app;
GRANT UPDATE (subject) ON audit_log TO clts_app;
CREATE POLICY audit_log_erasure ON audit_log FOR UPDATE
    USING (coalesce(current_setting('clts.erasure', true), '') = 'on'
           AND (committee_id IS NULL OR committee_id = clts_committee_id()))
    WITH CHECK (coalesce(current_setting('clts.erasure', true), '') = 'on'
           AND (committee_id IS NULL OR committee_id = clts_committee_id()));

-- A transmitted contribution is locked; erasure alone may replace the
-- erased person's name in its public authors, and nothing else.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION clts_contribution_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.status = 'transmise'
       AND coalesce(current_setting('clts.erasure', true), '') = 'on'
       AND (to_jsonb(NEW) - 'public_authors' - 'search') = (to_jsonb(OLD) - 'public_authors' - 'search') THEN
        RETURN NEW;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'transmise' THEN
        RAISE EXCEPTION 'contribution % is transmitted and locked', OLD.id USING ERRCODE = 'check_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    IF NEW.status = 'transmise' AND NEW.transmitted_at > (SELECT deadline FROM campaigns WHERE id = NEW.campaign_id) THEN
        RAISE EXCEPTION 'campaign % is closed', NEW.campaign_id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd

-- +goose Down
DROP TABLE data_export_chunks;
DROP TABLE data_exports;
DROP POLICY audit_log_own ON audit_log;
DROP POLICY audit_log_erasure ON audit_log;
DROP POLICY audit_log_erasure_read ON audit_log;
REVOKE UPDATE (subject) ON audit_log FROM clts_app;
GRANT UPDATE ON audit_log TO clts_app;
DROP TABLE erasure_requests;

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION clts_contribution_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'transmise' THEN
        RAISE EXCEPTION 'contribution % is transmitted and locked', OLD.id USING ERRCODE = 'check_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    IF NEW.status = 'transmise' AND NEW.transmitted_at > (SELECT deadline FROM campaigns WHERE id = NEW.campaign_id) THEN
        RAISE EXCEPTION 'campaign % is closed', NEW.campaign_id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
-- +goose StatementEnd
