ALTER TABLE reports DROP COLUMN body_html;
ALTER TABLE roadmaps DROP COLUMN body_html;
