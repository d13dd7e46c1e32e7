ALTER TABLE agreements DROP COLUMN document_size;
ALTER TABLE agreements DROP COLUMN open_ended;
