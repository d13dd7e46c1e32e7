-- Accounts and publishing: indexes for session expiry, sign-in throttling (counted from the
-- audit log, so that every process agrees) and the audit page. Keep in step with the other backend.
CREATE INDEX sessions_expires_idx ON sessions (expires_at);
CREATE INDEX audit_log_action_at_idx ON audit_log (action, at);
CREATE INDEX audit_log_at_idx ON audit_log (at);
CREATE INDEX users_role_idx ON users (role);
