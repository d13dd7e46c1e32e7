-- One row per "new record" form that was saved: the random key the form carried, so that the same
-- form sent twice (a double click, a retry, fifty parallel copies) makes one record, not two.
CREATE TABLE submissions (
    key TEXT PRIMARY KEY NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users(id),
    subject_kind TEXT NOT NULL,
    subject_id INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL
);

-- The data's version: one row, bumped in the same transaction as every revision, so that it
-- changes in commit order (writers queue on this row) and a cache keyed on it never keeps a page
-- rendered between two overlapping writes. Starts where the newest revision id was.
CREATE TABLE data_version (
    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO data_version (id, version) SELECT 1, COALESCE(MAX(id), 0) FROM revisions;
