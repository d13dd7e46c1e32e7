-- Pantau Kota Kembar: the initial schema (SQLite). Keep in step with migrations/postgres.
CREATE TABLE places (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    country_code TEXT NOT NULL,
    lat DOUBLE,
    lon DOUBLE,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX places_country_idx ON places (country_code);

CREATE TABLE ties (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    place_id INTEGER NOT NULL REFERENCES places (id),
    partner_id INTEGER NOT NULL REFERENCES places (id),
    kind TEXT NOT NULL,
    started_on DATE,
    started_precision TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX ties_place_idx ON ties (place_id);
CREATE INDEX ties_partner_idx ON ties (partner_id);

CREATE TABLE tie_fields (
    tie_id INTEGER NOT NULL REFERENCES ties (id) ON DELETE CASCADE,
    field TEXT NOT NULL,
    PRIMARY KEY (tie_id, field)
);
CREATE INDEX tie_fields_field_idx ON tie_fields (field);

CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    email TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    disabled BOOLEAN NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE user_places (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    place_id INTEGER NOT NULL REFERENCES places (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, place_id)
);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE agreements (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    tie_id INTEGER NOT NULL REFERENCES ties (id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    signed_on DATE,
    signed_precision TEXT,
    in_force_from DATE,
    expires_on DATE,
    signatories TEXT NOT NULL DEFAULT '',
    link TEXT,
    document BLOB,
    document_media_type TEXT,
    document_name TEXT,
    document_sha256 TEXT,
    note TEXT NOT NULL DEFAULT '',
    published_at TIMESTAMP,
    created_by INTEGER REFERENCES users (id),
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX agreements_tie_idx ON agreements (tie_id);

CREATE TABLE procedure_steps (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    tie_id INTEGER NOT NULL REFERENCES ties (id),
    step TEXT NOT NULL,
    occurred_on DATE,
    occurred_precision TEXT,
    link TEXT,
    document BLOB,
    document_media_type TEXT,
    document_name TEXT,
    document_sha256 TEXT,
    note TEXT NOT NULL DEFAULT '',
    published_at TIMESTAMP,
    created_by INTEGER REFERENCES users (id),
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX procedure_steps_tie_idx ON procedure_steps (tie_id);

CREATE TABLE roadmaps (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    tie_id INTEGER NOT NULL REFERENCES ties (id),
    title TEXT NOT NULL,
    period_start DATE,
    period_end DATE,
    body_md TEXT NOT NULL DEFAULT '',
    budget_amount DOUBLE,
    budget_currency TEXT,
    published_at TIMESTAMP,
    created_by INTEGER REFERENCES users (id),
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX roadmaps_tie_idx ON roadmaps (tie_id);

CREATE TABLE milestones (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    roadmap_id INTEGER NOT NULL REFERENCES roadmaps (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    target TEXT NOT NULL DEFAULT '',
    due_on DATE,
    status TEXT NOT NULL DEFAULT 'planned',
    evidence TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX milestones_roadmap_idx ON milestones (roadmap_id);

CREATE TABLE activities (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    tie_id INTEGER NOT NULL REFERENCES ties (id),
    occurred_on DATE NOT NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    participants_government INTEGER NOT NULL DEFAULT 0,
    participants_business INTEGER NOT NULL DEFAULT 0,
    participants_academia INTEGER NOT NULL DEFAULT 0,
    participants_community INTEGER NOT NULL DEFAULT 0,
    participants_youth INTEGER NOT NULL DEFAULT 0,
    cost_amount DOUBLE,
    cost_currency TEXT,
    evidence_link TEXT,
    published_at TIMESTAMP,
    created_by INTEGER REFERENCES users (id),
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX activities_tie_idx ON activities (tie_id, occurred_on);

CREATE TABLE reports (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    tie_id INTEGER NOT NULL REFERENCES ties (id),
    title TEXT NOT NULL,
    period_start DATE,
    period_end DATE,
    body_md TEXT NOT NULL DEFAULT '',
    author_id INTEGER REFERENCES users (id),
    author_name TEXT NOT NULL,
    independent BOOLEAN NOT NULL,
    rating_commitment INTEGER CHECK (rating_commitment BETWEEN 0 AND 3),
    rating_participation INTEGER CHECK (rating_participation BETWEEN 0 AND 3),
    rating_mou INTEGER CHECK (rating_mou BETWEEN 0 AND 3),
    rating_benefit INTEGER CHECK (rating_benefit BETWEEN 0 AND 3),
    rating_results INTEGER CHECK (rating_results BETWEEN 0 AND 3),
    comment_commitment TEXT NOT NULL DEFAULT '',
    comment_participation TEXT NOT NULL DEFAULT '',
    comment_mou TEXT NOT NULL DEFAULT '',
    comment_benefit TEXT NOT NULL DEFAULT '',
    comment_results TEXT NOT NULL DEFAULT '',
    published_at TIMESTAMP,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX reports_tie_idx ON reports (tie_id);

CREATE TABLE report_factors (
    report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    factor TEXT NOT NULL,
    PRIMARY KEY (report_id, factor)
);

CREATE TABLE sources (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    author TEXT NOT NULL DEFAULT '',
    year TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    publisher TEXT NOT NULL DEFAULT '',
    url TEXT,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE reported_statuses (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    tie_id INTEGER NOT NULL REFERENCES ties (id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    factors TEXT NOT NULL DEFAULT '',
    as_of DATE,
    as_of_precision TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX reported_statuses_tie_idx ON reported_statuses (tie_id);

CREATE TABLE citations (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    source_id INTEGER NOT NULL REFERENCES sources (id),
    subject_kind TEXT NOT NULL,
    subject_id INTEGER NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX citations_subject_idx ON citations (subject_kind, subject_id);
CREATE INDEX citations_source_idx ON citations (source_id);

CREATE TABLE revisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    subject_kind TEXT NOT NULL,
    subject_id INTEGER NOT NULL,
    tie_id INTEGER REFERENCES ties (id),
    version INTEGER NOT NULL,
    action TEXT NOT NULL,
    changed_by INTEGER REFERENCES users (id),
    changed_at TIMESTAMP NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    before_json TEXT,
    after_json TEXT NOT NULL
);
CREATE INDEX revisions_subject_idx ON revisions (subject_kind, subject_id);
CREATE INDEX revisions_tie_idx ON revisions (tie_id);
CREATE INDEX revisions_changed_at_idx ON revisions (changed_at);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    at TIMESTAMP NOT NULL,
    user_id INTEGER REFERENCES users (id),
    ip TEXT,
    action TEXT NOT NULL,
    subject TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT ''
);

CREATE TABLE settings (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
