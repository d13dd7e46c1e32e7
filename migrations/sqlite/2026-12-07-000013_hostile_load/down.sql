DROP TABLE sign_in_limits;
ALTER TABLE reports DROP COLUMN body_html;
ALTER TABLE roadmaps DROP COLUMN body_html;
