-- `tie_assessments.signed_year` and `signed_on` now hold the first agreement's signature date
-- alone (before, a start reported by sources stood in when no agreement was on record), so the
-- `signed_from`/`signed_to` filters and the `signed` sort mean what their labels say. The rows
-- are derived state: emptied here, they are recomputed whole when `pantau serve` starts
-- (`assessment_store::at_start` finds fewer rows than ties) or by `pantau reassess`.
DELETE FROM tie_assessments;
