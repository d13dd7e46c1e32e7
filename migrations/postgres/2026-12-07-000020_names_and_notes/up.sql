-- Places carry an English name beside the Indonesian one where the two differ ('' = the same),
-- and a source's note on a tie carries an Indonesian text beside the original ('' = not given).
ALTER TABLE places ADD COLUMN name_en TEXT NOT NULL DEFAULT '';
ALTER TABLE reported_statuses ADD COLUMN note_id TEXT NOT NULL DEFAULT '';
