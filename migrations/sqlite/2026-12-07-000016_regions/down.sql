DROP TABLE place_alt_names;
DROP TABLE regions;
