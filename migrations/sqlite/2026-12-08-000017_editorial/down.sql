DROP TABLE password_resets;
DROP TABLE place_redirects;
DROP TABLE place_contacts;
ALTER TABLE sessions DROP COLUMN user_agent;
