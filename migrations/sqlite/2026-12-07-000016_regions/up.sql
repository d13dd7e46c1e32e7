-- Indonesian regions (data/regions.csv, from idn-area-data): the official Kemendagri code of a
-- place and its province's code; and alternative names and spellings of places (data/alt-names.csv).
CREATE TABLE regions (
    place_id INTEGER PRIMARY KEY NOT NULL REFERENCES places (id) ON DELETE CASCADE,
    code TEXT NOT NULL UNIQUE,
    province_code TEXT NOT NULL
);
CREATE INDEX regions_province_code_idx ON regions (province_code);
CREATE TABLE place_alt_names (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    place_id INTEGER NOT NULL REFERENCES places (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    UNIQUE (place_id, name)
);
