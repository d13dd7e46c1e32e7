-- Markdown is rendered once, when a record is saved: the sanitised HTML is stored beside it and
-- pages, feeds and the API show it without rendering. Existing rows are filled in at start.
ALTER TABLE roadmaps ADD COLUMN body_html TEXT;
ALTER TABLE reports ADD COLUMN body_html TEXT;

-- Sign-in attempts, counted before the password is checked, one row per address (`ip:…`) and per
-- account and address (`account:…`), so that check and record are one atomic statement.
CREATE TABLE sign_in_limits (
    key TEXT PRIMARY KEY NOT NULL,
    attempts INTEGER NOT NULL,
    window_start TIMESTAMP NOT NULL,
    blocked_until TIMESTAMP
);
