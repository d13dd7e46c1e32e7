DROP TABLE submissions;
DROP TABLE data_version;
