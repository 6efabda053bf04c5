-- Personal data is kept no longer than it serves: the background worker
-- purges old login attempts, password reset tokens, delivered e-mails and,
-- after a year, the audit log. The audit log could only be read and
-- appended to; now an operator scope may also delete entries, but only
-- those older than a year, so the log stays append-only for its lifetime.

-- +goose Up
CREATE POLICY audit_log_purge ON audit_log FOR DELETE
    USING (clts_is_operator() AND at < now() - interval '365 days');
CREATE INDEX audit_log_at_idx ON audit_log (at);
CREATE INDEX login_attempts_at_idx ON login_attempts (at);

-- +goose Down
DROP INDEX login_attempts_at_idx;
DROP INDEX audit_log_at_idx;
DROP POLICY audit_log_purge ON audit_log;
