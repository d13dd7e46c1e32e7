-- Markdown is rendered once, when a record is saved: the sanitised HTML is stored beside it and
-- pages, feeds and the API show it without rendering. Existing rows are filled in at start.
ALTER TABLE roadmaps ADD COLUMN body_html TEXT;
ALTER TABLE reports ADD COLUMN body_html TEXT;
