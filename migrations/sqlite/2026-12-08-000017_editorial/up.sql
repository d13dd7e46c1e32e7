-- Editorial pages (issue 17): a place's information officer (PPID) contact, the slugs of places
-- merged into another (answered with a 301), one-time password reset links (stored hashed), and
-- the device a session was started from. Keep in step with the other backend.
ALTER TABLE sessions ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';
CREATE TABLE place_contacts (
    place_id INTEGER PRIMARY KEY NOT NULL REFERENCES places (id) ON DELETE CASCADE,
    ppid_name TEXT NOT NULL DEFAULT '',
    ppid_email TEXT NOT NULL DEFAULT '',
    ppid_phone TEXT NOT NULL DEFAULT '',
    ppid_url TEXT NOT NULL DEFAULT ''
);
CREATE TABLE place_redirects (
    slug TEXT PRIMARY KEY NOT NULL,
    place_id INTEGER NOT NULL REFERENCES places (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL
);
CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_by INTEGER REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);
CREATE INDEX password_resets_user_idx ON password_resets (user_id);
