-- The search index kept per record (src/search/index.rs): each entry knows its record and its
-- tie, so a write rewrites only the entries it touched; triggers keep the FTS5 table in step.
-- The index is emptied here and rebuilt by the next start (the settings key is missing).
DELETE FROM search_entries;
INSERT INTO search_fts(search_fts) VALUES('delete-all');
DELETE FROM settings WHERE key IN ('search_indexed_at_revision', 'search_index_built');
ALTER TABLE search_entries ADD COLUMN record_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE search_entries ADD COLUMN tie_id INTEGER;
CREATE INDEX search_entries_record ON search_entries (kind, record_id);
CREATE INDEX search_entries_tie ON search_entries (tie_id);
CREATE TRIGGER search_entries_ai AFTER INSERT ON search_entries BEGIN
    INSERT INTO search_fts(rowid, folded) VALUES (new.id, new.folded);
END;
CREATE TRIGGER search_entries_ad AFTER DELETE ON search_entries BEGIN
    INSERT INTO search_fts(search_fts, rowid, folded) VALUES ('delete', old.id, old.folded);
END;
CREATE TRIGGER search_entries_au AFTER UPDATE ON search_entries BEGIN
    INSERT INTO search_fts(search_fts, rowid, folded) VALUES ('delete', old.id, old.folded);
    INSERT INTO search_fts(rowid, folded) VALUES (new.id, new.folded);
END;
