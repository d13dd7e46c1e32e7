ALTER TABLE reported_statuses DROP COLUMN note_id;
ALTER TABLE places DROP COLUMN name_en;
