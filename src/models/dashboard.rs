//! What an official's dashboard counts across their ties: drafts waiting, overdue milestones,
//! their own reports.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::Conn;
use crate::schema::{activities, agreements, milestones, procedure_steps, reports, roadmaps};

/// The reports written by a user, newest first: (id, title, published).
pub fn reports_by_author(conn: &mut Conn, user_id: i32) -> QueryResult<Vec<(i32, String, bool)>> {
    let rows: Vec<(i32, String, Option<NaiveDateTime>)> = reports::table
        .filter(reports::author_id.eq(user_id))
        .order(reports::id.desc())
        .select((reports::id, reports::title, reports::published_at))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, t, p)| (id, t, p.is_some()))
        .collect())
}

/// How many drafts each of these ties has.
pub fn draft_counts(conn: &mut Conn, tie_ids: &[i32]) -> QueryResult<HashMap<i32, i64>> {
    let mut out = HashMap::new();
    macro_rules! add {
        ($table:ident) => {
            let rows: Vec<(i32, i64)> = $table::table
                .filter($table::tie_id.eq_any(tie_ids))
                .filter($table::published_at.is_null())
                .group_by($table::tie_id)
                .select(($table::tie_id, diesel::dsl::count_star()))
                .load(conn)?;
            for (t, n) in rows {
                *out.entry(t).or_insert(0) += n;
            }
        };
    }
    add!(agreements);
    add!(procedure_steps);
    add!(roadmaps);
    add!(activities);
    add!(reports);
    Ok(out)
}

/// Milestones of published roadmaps that are past due and not done or missed:
/// (tie id, milestone id, title, due).
pub fn overdue_milestones(
    conn: &mut Conn,
    tie_ids: &[i32],
    today: NaiveDate,
) -> QueryResult<Vec<(i32, i32, String, NaiveDate)>> {
    let rows: Vec<(i32, i32, String, Option<NaiveDate>)> = milestones::table
        .inner_join(roadmaps::table)
        .filter(roadmaps::tie_id.eq_any(tie_ids))
        .filter(roadmaps::published_at.is_not_null())
        .filter(milestones::due_on.lt(today))
        .filter(milestones::status.eq_any(["planned", "in-progress"]))
        .select((
            roadmaps::tie_id,
            milestones::id,
            milestones::title,
            milestones::due_on,
        ))
        .order(milestones::due_on)
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(t, id, title, due)| Some((t, id, title, due?)))
        .collect())
}
