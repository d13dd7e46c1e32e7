//! Loading what the assessment looks at for many ties in a fixed number of queries, and the
//! figures of a place (the average of its ties): the database side of `assessment`.

use chrono::NaiveDate;
use serde::Serialize;

use super::{Assessment, Evidence, ReportedEvidence, assess, grade};
use crate::i18n::{PartialDate, Precision};
use crate::models::activity::ActivityEvidence;
use crate::models::report::ReportEvidence;
use crate::models::roadmap::RoadmapEvidence;

/// The latest reported status of a tie as evidence: its date is the status's own date, else the
/// year of the first dated source that reports it.
pub fn reported_evidence(reported: &[crate::models::tie::Reported]) -> Option<ReportedEvidence> {
    let latest = reported.last()?;
    let dated = latest
        .citations
        .iter()
        .find_map(|c| c.source.year_number().map(|y| (y, c)));
    let first = latest.citations.first();
    let date = latest.status.as_of().or_else(|| {
        dated.and_then(|(y, _)| {
            NaiveDate::from_ymd_opt(y, 1, 1).map(|date| PartialDate {
                date,
                precision: Precision::Year,
            })
        })
    });
    let source = dated
        .map(|(_, c)| c)
        .or(first)
        .map(|c| c.source.short_label())
        .unwrap_or_default();
    Some(ReportedEvidence {
        status: latest.status.status.clone(),
        date,
        source,
    })
}

/// Load the evidence of many ties (four narrow queries) and assess each on `today`.
pub fn assess_many(
    conn: &mut crate::db::AnyConnection,
    summaries: &[crate::models::tie::TieSummary],
    today: NaiveDate,
) -> diesel::QueryResult<std::collections::HashMap<i32, Assessment>> {
    let ids: Vec<i32> = summaries.iter().map(|s| s.tie.id).collect();
    let mut roadmaps = RoadmapEvidence::for_ties(conn, &ids)?;
    let mut activities = ActivityEvidence::for_ties(conn, &ids)?;
    let mut reports = ReportEvidence::for_ties(conn, &ids)?;
    let mut steps = crate::models::procedure::ProcedureStep::published_steps_for_ties(conn, &ids)?;
    Ok(summaries
        .iter()
        .map(|s| {
            let e = Evidence {
                agreements: s.agreements.clone(),
                roadmaps: roadmaps.remove(&s.tie.id).unwrap_or_default(),
                activities: activities.remove(&s.tie.id).unwrap_or_default(),
                reports: reports.remove(&s.tie.id).unwrap_or_default(),
                steps: steps.remove(&s.tie.id).unwrap_or_default(),
                reported: reported_evidence(&s.reported),
            };
            (s.tie.id, assess(&e, today))
        })
        .collect())
}

/// A place's figures: the average score of its ties and how many are ceremonial.
#[derive(Clone, Debug, Serialize)]
pub struct PlaceFigures {
    pub ties: usize,
    pub average_score: Option<u32>,
    pub average_grade: Option<char>,
    pub ceremonial: usize,
}

pub fn place_figures<'a>(assessments: impl Iterator<Item = &'a Assessment>) -> PlaceFigures {
    let (mut n, mut total, mut ceremonial) = (0u32, 0u32, 0usize);
    for a in assessments {
        n += 1;
        total += a.score;
        ceremonial += usize::from(a.ceremonial);
    }
    let average = (n > 0).then(|| (total + n / 2) / n);
    PlaceFigures {
        ties: n as usize,
        average_score: average,
        average_grade: average.map(grade),
        ceremonial,
    }
}

/// A tie's summary with its assessment.
#[derive(Clone, Debug)]
pub struct Assessed {
    pub summary: crate::models::tie::TieSummary,
    pub assessment: Assessment,
}

/// Summaries and assessments of these ties, in a fixed number of queries whatever their number.
pub fn assess_ties(
    conn: &mut crate::db::AnyConnection,
    ties: Vec<crate::models::tie::Tie>,
    today: NaiveDate,
) -> diesel::QueryResult<Vec<Assessed>> {
    let summaries = crate::models::tie::Tie::summaries(conn, ties)?;
    let mut assessments = assess_many(conn, &summaries, today)?;
    Ok(summaries
        .into_iter()
        .filter_map(|summary| {
            let assessment = assessments.remove(&summary.tie.id)?;
            Some(Assessed {
                summary,
                assessment,
            })
        })
        .collect())
}
