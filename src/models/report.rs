//! Evaluation reports on a tie: Markdown body, ratings on the five success indicators, factors observed.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use super::Conn;
use crate::schema::{report_factors, reports};

#[derive(Queryable, Identifiable, Debug, Clone, Serialize)]
#[diesel(table_name = reports)]
pub struct Report {
    pub id: i32,
    pub tie_id: i32,
    pub title: String,
    pub period_start: Option<NaiveDate>,
    pub period_end: Option<NaiveDate>,
    pub body_md: String,
    pub author_id: Option<i32>,
    pub author_name: String,
    /// Written by an independent evaluator rather than the place's official.
    pub independent: bool,
    pub rating_commitment: Option<i32>,
    pub rating_participation: Option<i32>,
    pub rating_mou: Option<i32>,
    pub rating_benefit: Option<i32>,
    pub rating_results: Option<i32>,
    pub comment_commitment: String,
    pub comment_participation: String,
    pub comment_mou: String,
    pub comment_benefit: String,
    pub comment_results: String,
    pub published_at: Option<NaiveDateTime>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// `body_md` rendered and sanitised when saved (see `markdown::to_safe_html`).
    pub body_html: Option<String>,
}

/// The five success indicators (Tjandradewi & Marcotullio 2009), in display order.
pub const INDICATORS: [&str; 5] = ["commitment", "participation", "mou", "benefit", "results"];

/// The failure and success factor tags, read from the vocabulary (`factor-*` keys).
pub fn factors() -> &'static [String] {
    static FACTORS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    FACTORS.get_or_init(|| {
        include_str!("../../locales/en/vocab.ftl")
            .lines()
            .filter_map(|l| l.strip_prefix("factor-"))
            .filter_map(|l| l.split_once('=').map(|(k, _)| k.trim().to_string()))
            .collect()
    })
}

/// A report with the failure factors it observed.
#[derive(Debug, Clone, Serialize)]
pub struct ReportWithFactors {
    pub report: Report,
    pub factors: Vec<String>,
}

impl Report {
    /// Ratings in the order of `INDICATORS`.
    pub fn ratings(&self) -> [(&'static str, Option<i32>, &str); 5] {
        [
            (
                "commitment",
                self.rating_commitment,
                &self.comment_commitment,
            ),
            (
                "participation",
                self.rating_participation,
                &self.comment_participation,
            ),
            ("mou", self.rating_mou, &self.comment_mou),
            ("benefit", self.rating_benefit, &self.comment_benefit),
            ("results", self.rating_results, &self.comment_results),
        ]
    }

    /// The published reports of a tie, newest first, with their factors (2 queries).
    pub fn published_for_tie(conn: &mut Conn, tie_id: i32) -> QueryResult<Vec<ReportWithFactors>> {
        let list: Vec<Report> = reports::table
            .filter(reports::tie_id.eq(tie_id))
            .filter(reports::published_at.is_not_null())
            .order((reports::published_at.desc(), reports::id.desc()))
            .load(conn)?;
        with_factors(conn, list)
    }
}

/// What the assessment needs to know about a published report.
#[derive(Debug, Clone, Serialize)]
pub struct ReportEvidence {
    pub published_on: NaiveDate,
    /// The end of the period the report covers, if recorded.
    pub period_end: Option<NaiveDate>,
    pub independent: bool,
}

impl ReportEvidence {
    /// The evidence of many ties' published reports, in one narrow query.
    pub fn for_ties(
        conn: &mut Conn,
        tie_ids: &[i32],
    ) -> QueryResult<std::collections::HashMap<i32, Vec<ReportEvidence>>> {
        type Row = (i32, Option<NaiveDateTime>, Option<NaiveDate>, bool);
        let rows: Vec<Row> = reports::table
            .filter(reports::tie_id.eq_any(tie_ids))
            .filter(reports::published_at.is_not_null())
            .select((
                reports::tie_id,
                reports::published_at,
                reports::period_end,
                reports::independent,
            ))
            .load(conn)?;
        let mut out: std::collections::HashMap<i32, Vec<ReportEvidence>> =
            std::collections::HashMap::new();
        for (tie, published_at, period_end, independent) in rows {
            if let Some(at) = published_at {
                out.entry(tie).or_default().push(ReportEvidence {
                    published_on: at.date(),
                    period_end,
                    independent,
                });
            }
        }
        Ok(out)
    }
}

impl Report {
    /// The most recently published reports, newest first.
    pub fn latest_published(conn: &mut Conn, limit: i64) -> QueryResult<Vec<Report>> {
        reports::table
            .filter(reports::published_at.is_not_null())
            .order((reports::published_at.desc(), reports::id.desc()))
            .limit(limit)
            .load(conn)
    }
}

super::recent_published!(reports, title);

impl Report {
    pub fn count_published(conn: &mut Conn) -> QueryResult<i64> {
        reports::table
            .filter(reports::published_at.is_not_null())
            .count()
            .get_result(conn)
    }

    /// A page of published reports with their factors, newest first.
    pub fn published_page(
        conn: &mut Conn,
        offset: i64,
        limit: i64,
    ) -> QueryResult<Vec<ReportWithFactors>> {
        let list: Vec<Report> = reports::table
            .filter(reports::published_at.is_not_null())
            .order((reports::published_at.desc(), reports::id.desc()))
            .offset(offset)
            .limit(limit)
            .load(conn)?;
        with_factors(conn, list)
    }

    /// The ids of every published report, newest first (the order of `published_page`), for an
    /// export that reads them a piece at a time (`published_by_ids`).
    pub fn published_ids(conn: &mut Conn) -> QueryResult<Vec<i32>> {
        reports::table
            .filter(reports::published_at.is_not_null())
            .order((reports::published_at.desc(), reports::id.desc()))
            .select(reports::id)
            .load(conn)
    }

    /// These published reports with their factors, in the order of `ids` (2 queries); drafts
    /// and reports that are gone are left out.
    pub fn published_by_ids(conn: &mut Conn, ids: &[i32]) -> QueryResult<Vec<ReportWithFactors>> {
        let mut found: std::collections::HashMap<i32, Report> = reports::table
            .filter(reports::id.eq_any(ids))
            .filter(reports::published_at.is_not_null())
            .load::<Report>(conn)?
            .into_iter()
            .map(|r| (r.id, r))
            .collect();
        let list = ids.iter().filter_map(|id| found.remove(id)).collect();
        with_factors(conn, list)
    }

    /// A published report by id; drafts are `None`.
    pub fn published_by_id(conn: &mut Conn, id: i32) -> QueryResult<Option<ReportWithFactors>> {
        let list: Vec<Report> = reports::table
            .filter(reports::id.eq(id))
            .filter(reports::published_at.is_not_null())
            .load(conn)?;
        Ok(with_factors(conn, list)?.pop())
    }
}

/// Attach each report's factors (one query).
fn with_factors(conn: &mut Conn, list: Vec<Report>) -> QueryResult<Vec<ReportWithFactors>> {
    let ids: Vec<i32> = list.iter().map(|r| r.id).collect();
    let factors: Vec<(i32, String)> = report_factors::table
        .filter(report_factors::report_id.eq_any(&ids))
        .order((report_factors::report_id, report_factors::factor))
        .load(conn)?;
    let mut by_report: std::collections::HashMap<i32, Vec<String>> =
        std::collections::HashMap::new();
    for (id, factor) in factors {
        by_report.entry(id).or_default().push(factor);
    }
    Ok(list
        .into_iter()
        .map(|report| ReportWithFactors {
            factors: by_report.remove(&report.id).unwrap_or_default(),
            report,
        })
        .collect())
}
