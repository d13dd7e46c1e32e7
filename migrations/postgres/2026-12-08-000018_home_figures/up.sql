-- The home page's national figures count the stored assessments by these columns in one
-- statement; a covering index lets it read the index instead of every stored row (whose
-- details make the table wide). The newest published reports are read by date.
CREATE INDEX tie_assessments_figures_idx ON tie_assessments
    (agreement_status, activity_status, grade, reported_status, roadmap, recent_evaluation, ceremonial);
CREATE INDEX reports_published_idx ON reports (published_at, id);
