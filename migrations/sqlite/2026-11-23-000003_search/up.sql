-- The search index: one row per searchable record, its text folded (lower case, no accents),
-- and an FTS5 index over it. Rebuilt from the records whenever anything changed (src/search.rs).
CREATE TABLE search_entries (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    kind TEXT NOT NULL,
    slug TEXT NOT NULL,
    tie_slug TEXT,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    folded TEXT NOT NULL
);
CREATE VIRTUAL TABLE search_fts USING fts5(folded, content='search_entries', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
