DROP TABLE assessment_day;
DROP TABLE tie_assessments;
