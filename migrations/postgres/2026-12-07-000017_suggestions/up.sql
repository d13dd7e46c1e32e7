-- Suggestions from the public (no account): a correction or evidence about a tie, or a tie we do
-- not have. The contact (name, e-mail) and the address are private: never shown, exported or
-- put in a revision. The status token is stored hashed. Keep in step with the other backend.
CREATE TABLE suggestions (
    id SERIAL PRIMARY KEY,
    tie_id INTEGER REFERENCES ties(id),
    place_id INTEGER REFERENCES places(id),
    body TEXT NOT NULL,
    source_url TEXT,
    document BYTEA,
    document_name TEXT,
    document_media_type TEXT,
    document_sha256 TEXT,
    contact_name TEXT,
    contact_email TEXT,
    ip TEXT,
    lang TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL DEFAULT 'pending',
    reject_reason TEXT,
    decision_note TEXT NOT NULL DEFAULT '',
    decided_by INTEGER REFERENCES users(id),
    decided_at TIMESTAMP,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX suggestions_status_idx ON suggestions (status, created_at);
CREATE INDEX suggestions_ip_idx ON suggestions (ip, created_at);
CREATE INDEX suggestions_tie_idx ON suggestions (tie_id, created_at);
