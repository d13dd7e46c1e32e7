-- The search index kept per record (src/search/index.rs): each entry knows its record and its
-- tie, so a write rewrites only the entries it touched. The index is emptied here and rebuilt
-- by the next start (the settings key is missing).
DELETE FROM search_entries;
DELETE FROM settings WHERE key IN ('search_indexed_at_revision', 'search_index_built');
ALTER TABLE search_entries ADD COLUMN record_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE search_entries ADD COLUMN tie_id INTEGER;
CREATE INDEX search_entries_record ON search_entries (kind, record_id);
CREATE INDEX search_entries_tie ON search_entries (tie_id);
