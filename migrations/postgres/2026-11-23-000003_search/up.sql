-- The search index: one row per searchable record, its text folded (lower case, no accents),
-- and a full-text vector over it. Rebuilt from the records whenever anything changed (src/search.rs).
CREATE TABLE search_entries (
    id SERIAL PRIMARY KEY,
    kind TEXT NOT NULL,
    slug TEXT NOT NULL,
    tie_slug TEXT,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    folded TEXT NOT NULL,
    tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', folded)) STORED
);
CREATE INDEX search_entries_tsv_idx ON search_entries USING GIN (tsv);
