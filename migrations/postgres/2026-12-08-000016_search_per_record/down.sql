DROP INDEX search_entries_tie;
DROP INDEX search_entries_record;
DELETE FROM search_entries;
DELETE FROM settings WHERE key = 'search_index_built';
ALTER TABLE search_entries DROP COLUMN tie_id;
ALTER TABLE search_entries DROP COLUMN record_id;
