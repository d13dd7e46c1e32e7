//! National figures answered by SQL over the stored assessments (`assessment_store`): counts by
//! agreement status, activity status, grade, reported status and year, the shares of ties with a
//! roadmap and a recent evaluation, each place's average score (on its own side for the home
//! page, on either side for the place exports), and the first ties of a status for the home
//! page's lists. A fixed number of statements whatever the number of ties.

use std::collections::HashMap;

use diesel::dsl::count_star;
use diesel::prelude::*;

use crate::assessment::PlaceFigures;
use crate::db::AnyConnection as Conn;
use crate::schema::tie_assessments as ta;
use crate::schema::ties;

/// The counts the home page's charts show.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct National {
    pub ties: i64,
    pub by_status: HashMap<String, i64>,
    pub by_activity: HashMap<String, i64>,
    pub by_grade: HashMap<String, i64>,
    /// By latest reported status; ties without one count as `unknown`.
    pub by_reported: HashMap<String, i64>,
    /// By the year of the first dated agreement (or reported start); undated ones are left out.
    pub by_year: Vec<(i32, i64)>,
    pub with_roadmap: i64,
    pub with_recent_evaluation: i64,
    pub ceremonial: i64,
}

/// Every national count, in two statements: one over the covering index of the status columns
/// (`tie_assessments_figures_idx`), one over the index of the signed year.
pub fn national(conn: &mut Conn) -> QueryResult<National> {
    type Group = (String, String, String, String, bool, bool, bool, i64);
    let groups: Vec<Group> = ta::table
        .group_by((
            ta::agreement_status,
            ta::activity_status,
            ta::grade,
            ta::reported_status,
            ta::roadmap,
            ta::recent_evaluation,
            ta::ceremonial,
        ))
        .select((
            ta::agreement_status,
            ta::activity_status,
            ta::grade,
            ta::reported_status,
            ta::roadmap,
            ta::recent_evaluation,
            ta::ceremonial,
            count_star(),
        ))
        .load(conn)?;
    let mut all = National::default();
    for (status, activity, grade, reported, roadmap, recent, ceremonial, n) in groups {
        all.ties += n;
        *all.by_status.entry(status).or_default() += n;
        *all.by_activity.entry(activity).or_default() += n;
        *all.by_grade.entry(grade).or_default() += n;
        let reported = if reported.is_empty() {
            "unknown".to_string()
        } else {
            reported
        };
        *all.by_reported.entry(reported).or_default() += n;
        if roadmap {
            all.with_roadmap += n;
        }
        if recent {
            all.with_recent_evaluation += n;
        }
        if ceremonial {
            all.ceremonial += n;
        }
    }
    all.by_year = ta::table
        .filter(ta::signed_year.is_not_null())
        .group_by(ta::signed_year)
        .select((ta::signed_year, count_star()))
        .order_by(ta::signed_year)
        .load::<(Option<i32>, i64)>(conn)?
        .into_iter()
        .filter_map(|(y, n)| Some((y?, n)))
        .collect();
    Ok(all)
}

/// The ids of the first `n` ties with this agreement status, by slug.
pub fn first_with_status(conn: &mut Conn, status: &str, n: i64) -> QueryResult<Vec<i32>> {
    ta::table
        .filter(ta::agreement_status.eq(status.to_string()))
        .order_by(ta::tie_slug)
        .select(ta::tie_id)
        .limit(n)
        .load(conn)
}

/// The ids of the `n` ceremonial ties with the most recently signed agreement (undated last).
pub fn latest_ceremonial(conn: &mut Conn, n: i64) -> QueryResult<Vec<i32>> {
    ta::table
        .filter(ta::ceremonial.eq(true))
        .order_by((
            ta::last_signed_on.is_null(),
            ta::last_signed_on.desc(),
            ta::tie_slug,
        ))
        .select(ta::tie_id)
        .limit(n)
        .load(conn)
}

/// Each place's ties on its own side (`ties.place_id`): their number and total score, as
/// `assessment::place_figures` averages them.
pub fn place_scores(conn: &mut Conn) -> QueryResult<HashMap<i32, (i64, i64)>> {
    let rows: Vec<(i32, i64, Option<i64>)> = ta::table
        .group_by(ta::place_id)
        .select((ta::place_id, count_star(), diesel::dsl::sum(ta::score)))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, n, sum)| (id, (n, sum.unwrap_or(0))))
        .collect())
}

/// The average grade of `n` ties scoring `sum` in all (as `assessment::place_figures`).
pub fn average_grade(n: i64, sum: i64) -> Option<char> {
    (n > 0).then(|| crate::assessment::grade(((sum + n / 2) / n) as u32))
}

/// Every place's figures over its ties on either side, as `assessment::place_figures` makes them
/// from the ties' assessments (their number, average score and grade, how many are ceremonial),
/// in four grouped statements over the stored assessments; a place without ties has no entry.
pub fn places_figures(conn: &mut Conn) -> QueryResult<HashMap<i32, PlaceFigures>> {
    // Per place: ties, total score, ceremonial ties.
    let mut sums: HashMap<i32, (i64, i64, i64)> = HashMap::new();
    for ceremonial in [false, true] {
        let own: Vec<(i32, i64, Option<i64>)> = ta::table
            .filter(ta::ceremonial.eq(ceremonial))
            .group_by(ta::place_id)
            .select((ta::place_id, count_star(), diesel::dsl::sum(ta::score)))
            .load(conn)?;
        // The partner's side (a tie of a place with itself counts once, as in memory).
        let partner: Vec<(i32, i64, Option<i64>)> = ta::table
            .inner_join(ties::table)
            .filter(ta::ceremonial.eq(ceremonial))
            .filter(ties::partner_id.ne(ties::place_id))
            .group_by(ties::partner_id)
            .select((ties::partner_id, count_star(), diesel::dsl::sum(ta::score)))
            .load(conn)?;
        for (id, n, sum) in own.into_iter().chain(partner) {
            let entry = sums.entry(id).or_default();
            entry.0 += n;
            entry.1 += sum.unwrap_or(0);
            if ceremonial {
                entry.2 += n;
            }
        }
    }
    Ok(sums
        .into_iter()
        .map(|(id, (n, sum, ceremonial))| {
            let average = (n > 0).then(|| ((sum + n / 2) / n) as u32);
            let figures = PlaceFigures {
                ties: n as usize,
                average_score: average,
                average_grade: average.map(crate::assessment::grade),
                ceremonial: ceremonial as usize,
            };
            (id, figures)
        })
        .collect())
}
