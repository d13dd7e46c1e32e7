-- Derived state only: recomputed at the next start (`assessment_store::at_start`).
DELETE FROM tie_assessments;
