DROP INDEX reports_published_idx;
DROP INDEX tie_assessments_figures_idx;
