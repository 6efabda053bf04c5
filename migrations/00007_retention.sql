-- Personal data is kept no longer than it serves: the background worker
-- purges old login attempts, password reset tokens, delivered e-mails and,
-- after a year, the audit log. The audit log could only be read and
-- appended to; the purge runs in an operator scope.

-- +goose Up
CREATE POLICY audit_log_purge ON audit_log FOR DELETE USING (clts_is_operator());
CREATE INDEX audit_log_at_idx ON audit_log (at);
CREATE INDEX login_attempts_at_idx ON login_attempts (at);

-- +goose Down
DROP INDEX login_attempts_at_idx;
DROP INDEX audit_log_at_idx;
DROP POLICY audit_log_purge ON audit_log;
