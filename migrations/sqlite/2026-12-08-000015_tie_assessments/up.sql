-- Stored assessments (issue 15): the derived state of every tie, as `src/assessment.rs` computes
-- it, kept per tie and refreshed in the transaction of every write that touches the tie
-- (`src/assessment_store.rs`), so that lists filter, sort, count and page in SQL. Beside the
-- judgement, the columns the tie list filters and sorts on (names, country, kind, year, fields,
-- the folded text `q` searches in each language). Text compares byte by byte, as Rust does.
CREATE TABLE tie_assessments (
    tie_id INTEGER PRIMARY KEY REFERENCES ties (id) ON DELETE CASCADE,
    methodology_version TEXT NOT NULL,
    assessed_on DATE NOT NULL,
    agreement_status TEXT NOT NULL,
    activity_status TEXT NOT NULL,
    score INTEGER NOT NULL,
    grade TEXT NOT NULL,
    ceremonial BOOLEAN NOT NULL,
    has_report BOOLEAN NOT NULL,
    roadmap BOOLEAN NOT NULL,
    recent_evaluation BOOLEAN NOT NULL,
    expires_on DATE,
    details TEXT NOT NULL,
    place_id INTEGER NOT NULL,
    tie_slug TEXT NOT NULL,
    place_slug TEXT NOT NULL,
    partner_slug TEXT NOT NULL,
    place_name TEXT NOT NULL,
    partner_name TEXT NOT NULL,
    partner_country TEXT NOT NULL,
    far_country TEXT NOT NULL,
    near_kind TEXT NOT NULL,
    signed_year INTEGER,
    signed_on DATE,
    last_signed_on DATE,
    reported_status TEXT NOT NULL,
    fields TEXT NOT NULL,
    agreement_kinds TEXT NOT NULL,
    search_id TEXT NOT NULL,
    search_en TEXT NOT NULL
);
CREATE INDEX tie_assessments_place_idx ON tie_assessments (place_name, partner_name, tie_slug);
CREATE INDEX tie_assessments_partner_idx ON tie_assessments (partner_name, tie_slug);
CREATE INDEX tie_assessments_place_slug_idx ON tie_assessments (place_slug);
CREATE INDEX tie_assessments_partner_slug_idx ON tie_assessments (partner_slug);
CREATE INDEX tie_assessments_partner_country_idx ON tie_assessments (partner_country, tie_slug);
CREATE INDEX tie_assessments_far_country_idx ON tie_assessments (far_country);
CREATE INDEX tie_assessments_kind_idx ON tie_assessments (near_kind);
CREATE INDEX tie_assessments_signed_idx ON tie_assessments (signed_on, tie_slug);
CREATE INDEX tie_assessments_signed_year_idx ON tie_assessments (signed_year);
CREATE INDEX tie_assessments_status_idx ON tie_assessments (agreement_status, tie_slug);
CREATE INDEX tie_assessments_activity_idx ON tie_assessments (activity_status, tie_slug);
CREATE INDEX tie_assessments_score_idx ON tie_assessments (score, tie_slug);
CREATE INDEX tie_assessments_grade_idx ON tie_assessments (grade, tie_slug);
CREATE INDEX tie_assessments_reported_idx ON tie_assessments (reported_status, tie_slug);
CREATE INDEX tie_assessments_place_id_idx ON tie_assessments (place_id, score);
CREATE INDEX tie_assessments_ceremonial_idx ON tie_assessments (ceremonial, last_signed_on);
CREATE INDEX tie_assessments_flags_idx ON tie_assessments (ceremonial, roadmap, has_report);

-- The day the stored assessments were judged on (one row; NULL until the first refresh).
CREATE TABLE assessment_day (
    id INTEGER PRIMARY KEY,
    day DATE
);
INSERT INTO assessment_day (id, day) VALUES (1, NULL);
