DROP INDEX users_role_idx;
DROP INDEX audit_log_at_idx;
DROP INDEX audit_log_action_at_idx;
DROP INDEX sessions_expires_idx;
