//! Derived state, computed here and nowhere else: a tie's agreement status and activity status,
//! its transparency score with a reason for every point, its grade, the ceremonial flag and the
//! sentence saying where a source disagrees. Everything is a pure function of the tie's records
//! and a date passed in (methodology v2; the methodology page lists the versions).

use std::borrow::Cow;

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::i18n::{Lang, PartialDate, Precision, Value};
use crate::models::activity::ActivityEvidence;
use crate::models::agreement::Agreement;
use crate::models::report::ReportEvidence;
use crate::models::roadmap::RoadmapEvidence;

/// The version of the rules below, carried by every page, export and API answer that shows a
/// judgement. Changing a rule means a new version and a line in `VERSIONS`.
pub const METHODOLOGY_VERSION: &str = "2";
/// The version with its date, as shown beside a score.
pub const SCORE_VERSION: &str = "2 (2026-12-07)";

/// Every version of the rules, newest first: (version, date, changelog key in the locales).
pub const VERSIONS: [(&str, &str, &str); 2] = [
    ("2", "2026-12-07", "changelog-v2"),
    ("1", "2026-11", "changelog-v1"),
];

/// Days before its end within which an agreement counts as expiring.
pub const EXPIRING_DAYS: i64 = 90;

/// The latest status a source reported for a tie: what it said, when, and who said it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportedEvidence {
    /// `active`, `dormant`, `expired`, `terminated`, `proposed` or `unknown`.
    pub status: String,
    /// The date of the report (the status's own date, or the year of the dated source).
    pub date: Option<PartialDate>,
    /// The source as a short reference ("Safitri et al. (c. 2022)").
    pub source: String,
}

impl ReportedEvidence {
    /// Whether the source reports the tie as no longer running.
    fn reports_an_end(&self) -> bool {
        matches!(self.status.as_str(), "terminated" | "expired" | "dormant")
    }
}

/// Everything the rules look at for one tie (published records only).
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    pub agreements: Vec<Agreement>,
    pub roadmaps: Vec<RoadmapEvidence>,
    pub activities: Vec<ActivityEvidence>,
    pub reports: Vec<ReportEvidence>,
    /// The published procedure steps on record (their step names).
    pub steps: Vec<String>,
    /// The latest reported status, if a source reported one.
    pub reported: Option<ReportedEvidence>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AgreementStatus {
    Proposed,
    InForce,
    Expiring,
    Lapsed,
    Terminated,
    EndedReported,
    TermNotRecorded,
    Unknown,
}

impl AgreementStatus {
    pub const ALL: [AgreementStatus; 8] = [
        AgreementStatus::InForce,
        AgreementStatus::Expiring,
        AgreementStatus::TermNotRecorded,
        AgreementStatus::Lapsed,
        AgreementStatus::EndedReported,
        AgreementStatus::Terminated,
        AgreementStatus::Proposed,
        AgreementStatus::Unknown,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AgreementStatus::Proposed => "proposed",
            AgreementStatus::InForce => "in-force",
            AgreementStatus::Expiring => "expiring",
            AgreementStatus::Lapsed => "lapsed",
            AgreementStatus::Terminated => "terminated",
            AgreementStatus::EndedReported => "ended-reported",
            AgreementStatus::TermNotRecorded => "term-not-recorded",
            AgreementStatus::Unknown => "unknown",
        }
    }

    pub fn parse(s: &str) -> Option<AgreementStatus> {
        AgreementStatus::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ActivityStatus {
    Active,
    Dormant,
    Silent,
}

impl ActivityStatus {
    pub const ALL: [ActivityStatus; 3] = [
        ActivityStatus::Active,
        ActivityStatus::Dormant,
        ActivityStatus::Silent,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ActivityStatus::Active => "active",
            ActivityStatus::Dormant => "dormant",
            ActivityStatus::Silent => "silent",
        }
    }

    pub fn parse(s: &str) -> Option<ActivityStatus> {
        ActivityStatus::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

/// A value inside a reason sentence, shown in the page's language. Reasons are stored with each
/// tie's assessment (`assessment_store`) and read back from there, hence `Deserialize`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Arg {
    Date(PartialDate),
    /// An agreement kind (`mou`), shown by its short label.
    Kind(String),
    Number(i64),
    /// A word of the vocabulary: (prefix, tag), e.g. ("reported-status", "terminated").
    Vocab(Cow<'static, str>, String),
    /// The same word in lower case, for the middle of a sentence ("… as terminated").
    VocabLower(Cow<'static, str>, String),
    /// A source's short reference ("Safitri et al. (c. 2022)"), its citation words in the
    /// page's language ("Safitri dkk. (sekitar 2022)", see `models::source::cite_words`).
    Citation(String),
}

/// A sentence explaining a judgement: a message key and its arguments (owned when read back
/// from the store).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reason {
    pub key: Cow<'static, str>,
    pub args: Vec<(Cow<'static, str>, Arg)>,
}

impl Reason {
    fn new(key: &'static str) -> Reason {
        Reason {
            key: Cow::Borrowed(key),
            args: Vec::new(),
        }
    }

    fn with(mut self, name: &'static str, arg: Arg) -> Reason {
        self.args.push((Cow::Borrowed(name), arg));
        self
    }

    /// The sentence in a language.
    pub fn text(&self, lang: Lang) -> String {
        let args: Vec<(Cow<'static, str>, Value)> = self
            .args
            .iter()
            .map(|(name, arg)| {
                let value = match arg {
                    Arg::Date(d) => Value::Text(d.show(lang)),
                    Arg::Kind(k) => Value::Text(lang.vocab("agreement-kind-short", k)),
                    // A number selects the plural form and is written the language's way.
                    Arg::Number(n) => Value::Int(*n),
                    Arg::Vocab(prefix, tag) => Value::Text(lang.vocab(prefix, tag)),
                    Arg::VocabLower(prefix, tag) => {
                        Value::Text(lang.vocab(prefix, tag).to_lowercase())
                    }
                    Arg::Citation(t) => Value::Text(crate::models::source::cite_words(lang, t)),
                };
                (name.clone(), value)
            })
            .collect();
        lang.t_values(&self.key, &args)
    }
}

/// One rule of the transparency score (the methodology page's table).
pub struct Check {
    pub key: &'static str,
    pub points: u32,
}

/// The checks of methodology v2, their points adding up to 100. They are grouped by the form
/// that can meet them, and no form can meet more than 20 points' worth: agreement (text, in
/// force), procedure step (one of the two approvals), roadmap with its milestones (roadmap,
/// milestone), activity (activity, participation, cost), report (self-evaluation or independent
/// evaluation). With grade bands at least 20 points wide (A from 90), one saved form moves a tie
/// by one grade at most.
pub const CHECKS: [Check; 11] = [
    Check {
        key: "agreement-text",
        points: 10,
    },
    Check {
        key: "agreement-in-force",
        points: 10,
    },
    Check {
        key: "dprd-approval",
        points: 10,
    },
    Check {
        key: "central-approval",
        points: 10,
    },
    Check {
        key: "roadmap",
        points: 10,
    },
    Check {
        key: "milestone",
        points: 10,
    },
    Check {
        key: "self-evaluation",
        points: 10,
    },
    Check {
        key: "independent-evaluation",
        points: 10,
    },
    Check {
        key: "recent-activity",
        points: 10,
    },
    Check {
        key: "participation",
        points: 5,
    },
    Check {
        key: "cost",
        points: 5,
    },
];

/// The most points a single saved form can add (see `CHECKS`); tested.
pub const MAX_POINTS_PER_FORM: u32 = 20;

/// One check applied to one tie.
#[derive(Clone, Debug, Serialize)]
pub struct CheckResult {
    /// The check's key in `CHECKS` (a stored one is read back as that key).
    pub key: &'static str,
    pub points: u32,
    pub met: bool,
    pub earned: u32,
    pub reason: Reason,
}

/// Everything derived about one tie on one day.
#[derive(Clone, Debug, Serialize)]
pub struct Assessment {
    pub today: NaiveDate,
    /// The methodology version that produced this assessment.
    pub methodology_version: &'static str,
    pub agreement_status: AgreementStatus,
    pub agreement_reason: Reason,
    pub activity_status: ActivityStatus,
    pub activity_reason: Reason,
    pub score: u32,
    pub grade: char,
    pub checks: Vec<CheckResult>,
    pub ceremonial: bool,
    /// The end date of the agreement that ends soonest among those in force, if any.
    pub expires_on: Option<NaiveDate>,
    /// "Sources disagree: …" when the reported status contradicts the derived one.
    pub disagreement: Option<Reason>,
    /// Whether any evaluation report is published (however old).
    pub has_report: bool,
    /// Whether an evaluation covering a period that ended in the last 12 months is published.
    pub recent_evaluation: bool,
}

pub fn grade(score: u32) -> char {
    match score {
        90.. => 'A',
        70.. => 'B',
        50.. => 'C',
        30.. => 'D',
        _ => 'E',
    }
}

pub const GRADES: [char; 5] = ['A', 'B', 'C', 'D', 'E'];
/// The lowest score of each grade, in the order of `GRADES`.
pub const GRADE_MINIMUMS: [u32; 5] = [90, 70, 50, 30, 0];

/// `date` minus whole months (31 March minus one month is 28 or 29 February).
fn months_before(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_sub_months(Months::new(months))
        .unwrap_or(NaiveDate::MIN)
}

fn binding(kind: &str) -> bool {
    matches!(
        kind,
        "mou" | "implementing" | "renewal" | "amendment" | "other"
    )
}

fn day(d: NaiveDate) -> PartialDate {
    PartialDate {
        date: d,
        precision: Precision::Day,
    }
}

/// The first day an agreement can mean: signed, else in force from.
fn start(a: &Agreement) -> NaiveDate {
    a.signed()
        .map(|d| d.date)
        .or(a.in_force_from)
        .unwrap_or(NaiveDate::MIN)
}

/// The last day an agreement's date can mean (a year-only date counts to 31 December).
fn start_last_day(a: &Agreement) -> NaiveDate {
    a.signed()
        .map(|d| d.last_day())
        .or(a.in_force_from)
        .unwrap_or(NaiveDate::MIN)
}

/// The agreement status of a tie from its agreements, the latest reported status and today's
/// date, with its reason and the end date of the agreement in force.
pub fn agreement_status(
    agreements: &[Agreement],
    reported: Option<&ReportedEvidence>,
    today: NaiveDate,
) -> (AgreementStatus, Reason, Option<NaiveDate>) {
    let dated: Vec<&Agreement> = agreements
        .iter()
        .filter(|a| a.signed_on.is_some() || a.in_force_from.is_some())
        .filter(|a| start(a) <= today || a.kind == "termination")
        .collect();
    // A termination ends everything signed before it.
    let termination = dated
        .iter()
        .filter(|a| a.kind == "termination" && start(a) <= today)
        .max_by_key(|a| start(a));
    let after_termination: Vec<&Agreement> = dated
        .iter()
        .copied()
        .filter(|a| a.kind != "termination" && termination.is_none_or(|t| start(a) > start(t)))
        .collect();
    if let Some(t) = termination
        && !after_termination.iter().any(|a| binding(&a.kind))
    {
        let reason = Reason::new("reason-terminated")
            .with("date", Arg::Date(t.signed().unwrap_or(day(start(t)))));
        return (AgreementStatus::Terminated, reason, None);
    }
    // A source dated after the latest agreement that reports the tie ended (unless a later
    // agreement exists, which the comparison already covers).
    if let Some(r) = reported
        && r.reports_an_end()
        && let Some(when) = r.date
    {
        let latest = agreements
            .iter()
            .filter(|a| a.kind != "termination")
            .map(start_last_day)
            .max();
        if latest.is_none_or(|l| when.date > l) && when.date <= today {
            let reason = Reason::new("reason-ended-reported")
                .with(
                    "status",
                    Arg::VocabLower("reported-status".into(), r.status.clone()),
                )
                .with("source", Arg::Citation(r.source.clone()));
            return (AgreementStatus::EndedReported, reason, None);
        }
    }
    let binding_ones: Vec<&Agreement> = after_termination
        .iter()
        .copied()
        .filter(|a| binding(&a.kind))
        .collect();
    if binding_ones.is_empty() {
        // Signed but not in force yet.
        let future = agreements
            .iter()
            .filter(|a| binding(&a.kind))
            .map(|a| a.in_force_from.unwrap_or(start(a)))
            .filter(|d| *d > today && *d != NaiveDate::MIN)
            .min();
        if let Some(next) = future {
            return (
                AgreementStatus::Proposed,
                Reason::new("reason-not-yet-in-force").with("date", Arg::Date(day(next))),
                None,
            );
        }
        if let Some(loi) = after_termination
            .iter()
            .filter(|a| a.kind == "loi")
            .max_by_key(|a| start(a))
            && let Some(d) = loi.signed()
        {
            return (
                AgreementStatus::Proposed,
                Reason::new("reason-proposed").with("date", Arg::Date(d)),
                None,
            );
        }
        let reason = if agreements.is_empty() {
            "reason-no-agreement"
        } else {
            "reason-undated"
        };
        return (AgreementStatus::Unknown, Reason::new(reason), None);
    }
    // Agreements already in force (not starting in the future).
    let started: Vec<&Agreement> = binding_ones
        .iter()
        .copied()
        .filter(|a| a.in_force_from.unwrap_or(start(a)) <= today)
        .collect();
    if started.is_empty() {
        let next = binding_ones
            .iter()
            .map(|a| a.in_force_from.unwrap_or(start(a)))
            .min()
            .unwrap_or(today);
        return (
            AgreementStatus::Proposed,
            Reason::new("reason-not-yet-in-force").with("date", Arg::Date(day(next))),
            None,
        );
    }
    let latest = started
        .iter()
        .max_by_key(|a| start(a))
        .copied()
        .expect("non-empty");
    let signed_of = |a: &Agreement| a.signed().unwrap_or(day(start(a)));
    // A recorded end date not yet past (the latest one, so a renewal covers a lapse).
    let end = started.iter().filter_map(|a| a.expires_on).max();
    if let Some(end) = end
        && end >= today
    {
        let with_end = started
            .iter()
            .filter(|a| a.expires_on == Some(end))
            .max_by_key(|a| start(a))
            .copied()
            .unwrap_or(latest);
        let days = (end - today).num_days();
        if days <= EXPIRING_DAYS {
            let reason = Reason::new("reason-expiring")
                .with("date", Arg::Date(day(end)))
                .with("days", Arg::Number(days));
            return (AgreementStatus::Expiring, reason, Some(end));
        }
        let reason = Reason::new("reason-in-force-until")
            .with("kind", Arg::Kind(with_end.kind.clone()))
            .with("date", Arg::Date(signed_of(with_end)))
            .with("end", Arg::Date(day(end)));
        return (AgreementStatus::InForce, reason, Some(end));
    }
    // An open-ended term the official took from the document's text.
    if let Some(open) = started
        .iter()
        .filter(|a| a.open_ended && a.expires_on.is_none())
        .max_by_key(|a| start(a))
    {
        let reason = Reason::new("reason-in-force-open-ended")
            .with("kind", Arg::Kind(open.kind.clone()))
            .with("date", Arg::Date(signed_of(open)));
        return (AgreementStatus::InForce, reason, None);
    }
    // The latest agreement records neither an end date nor an open-ended term.
    if latest.expires_on.is_none() {
        let reason = Reason::new("reason-term-not-recorded")
            .with("kind", Arg::Kind(latest.kind.clone()))
            .with("date", Arg::Date(signed_of(latest)));
        return (AgreementStatus::TermNotRecorded, reason, None);
    }
    let end = end.expect("the latest has an end");
    (
        AgreementStatus::Lapsed,
        Reason::new("reason-lapsed").with("date", Arg::Date(day(end))),
        None,
    )
}

/// The activity status from dated activities and milestones met only: a report is evidence of
/// evaluation, not of activity.
pub fn activity_status(e: &Evidence, today: NaiveDate) -> (ActivityStatus, Reason) {
    let signs = e
        .activities
        .iter()
        .map(|a| a.occurred_on)
        .chain(e.roadmaps.iter().flat_map(|r| r.done_on.iter().copied()))
        .filter(|d| *d <= today);
    match signs.max() {
        None => (ActivityStatus::Silent, Reason::new("reason-never-active")),
        Some(last) => {
            let d = day(last);
            if last >= months_before(today, 12) {
                (
                    ActivityStatus::Active,
                    Reason::new("reason-active").with("date", Arg::Date(d)),
                )
            } else if last >= months_before(today, 36) {
                (
                    ActivityStatus::Dormant,
                    Reason::new("reason-dormant").with("date", Arg::Date(d)),
                )
            } else {
                (
                    ActivityStatus::Silent,
                    Reason::new("reason-silent").with("date", Arg::Date(d)),
                )
            }
        }
    }
}

/// The day an evaluation counts from: the end of the period it covers, never later than its
/// publication (a report cannot have evaluated what had not happened yet). `None` when the
/// report records no covered period.
pub fn evaluated_until(r: &ReportEvidence) -> Option<NaiveDate> {
    r.period_end.map(|end| end.min(r.published_on))
}

/// "Sources disagree: …" when the latest reported status contradicts a derived status.
fn disagreement(
    reported: Option<&ReportedEvidence>,
    agreement: AgreementStatus,
    activity: ActivityStatus,
) -> Option<Reason> {
    use AgreementStatus as A;
    let r = reported?;
    let (prefix, derived) = match r.status.as_str() {
        "terminated" | "expired"
            if matches!(agreement, A::InForce | A::Expiring | A::TermNotRecorded) =>
        {
            ("agreement-status", agreement.as_str())
        }
        "dormant" if activity == ActivityStatus::Active => ("activity-status", activity.as_str()),
        "active" if matches!(agreement, A::Lapsed | A::Terminated) => {
            ("agreement-status", agreement.as_str())
        }
        "proposed" if matches!(agreement, A::InForce | A::Expiring) => {
            ("agreement-status", agreement.as_str())
        }
        _ => return None,
    };
    Some(
        Reason::new("disagreement")
            .with("source", Arg::Citation(r.source.clone()))
            .with(
                "reported",
                Arg::Vocab("reported-status".into(), r.status.clone()),
            )
            .with("derived", Arg::Vocab(prefix.into(), derived.to_string())),
    )
}

/// An evaluation check (self or independent) on the reports of one kind.
fn evaluation_check(
    reports: &[&ReportEvidence],
    year_ago: NaiveDate,
    today: NaiveDate,
) -> (bool, Reason) {
    let recent = reports
        .iter()
        .filter_map(|r| evaluated_until(r))
        .filter(|d| *d >= year_ago && *d <= today)
        .max();
    if let Some(d) = recent {
        return (
            true,
            Reason::new("check-evaluation-met").with("date", Arg::Date(day(d))),
        );
    }
    if let Some(d) = reports.iter().filter_map(|r| evaluated_until(r)).max() {
        return (
            false,
            Reason::new("check-evaluation-old").with("date", Arg::Date(day(d))),
        );
    }
    if let Some(r) = reports.iter().max_by_key(|r| r.published_on) {
        return (
            false,
            Reason::new("check-evaluation-no-period").with("date", Arg::Date(day(r.published_on))),
        );
    }
    (false, Reason::new("check-evaluation-none"))
}

/// Assess one tie on one day.
pub fn assess(e: &Evidence, today: NaiveDate) -> Assessment {
    let (agreement_status, agreement_reason, expires_on) =
        agreement_status(&e.agreements, e.reported.as_ref(), today);
    let (activity_status, activity_reason) = activity_status(e, today);
    let year_ago = months_before(today, 12);
    let two_years_ago = months_before(today, 24);
    let own: Vec<&ReportEvidence> = e.reports.iter().filter(|r| !r.independent).collect();
    let independent: Vec<&ReportEvidence> = e.reports.iter().filter(|r| r.independent).collect();

    let mut checks = Vec::with_capacity(CHECKS.len());
    for check in CHECKS.iter() {
        let (met, reason) = match check.key {
            "agreement-text" => match e.agreements.iter().find(|a| a.text_is_public()) {
                Some(a) => (
                    true,
                    Reason::new("check-agreement-text-met").with("kind", Arg::Kind(a.kind.clone())),
                ),
                None if e.agreements.is_empty() => {
                    (false, Reason::new("check-agreement-text-none"))
                }
                None => (false, Reason::new("check-agreement-text-not-met")),
            },
            "agreement-in-force" => (
                matches!(
                    agreement_status,
                    AgreementStatus::InForce | AgreementStatus::Expiring
                ),
                agreement_reason.clone(),
            ),
            "dprd-approval" => {
                let met = e.steps.iter().any(|s| s == "dprd-approval");
                (
                    met,
                    Reason::new(if met {
                        "check-dprd-approval-met"
                    } else {
                        "check-dprd-approval-not-met"
                    }),
                )
            }
            "central-approval" => {
                let met = e
                    .steps
                    .iter()
                    .any(|s| s == "central-verification" || s == "full-powers");
                (
                    met,
                    Reason::new(if met {
                        "check-central-approval-met"
                    } else {
                        "check-central-approval-not-met"
                    }),
                )
            }
            "roadmap" => match e.roadmaps.len() {
                0 => (false, Reason::new("check-roadmap-not-met")),
                n => (
                    true,
                    Reason::new("check-roadmap-met").with("count", Arg::Number(n as i64)),
                ),
            },
            "milestone" => match e
                .roadmaps
                .iter()
                .map(|r| r.measurable_milestones)
                .sum::<usize>()
            {
                0 => (false, Reason::new("check-milestone-not-met")),
                n => (
                    true,
                    Reason::new("check-milestone-met").with("count", Arg::Number(n as i64)),
                ),
            },
            "self-evaluation" => evaluation_check(&own, year_ago, today),
            "independent-evaluation" => evaluation_check(&independent, year_ago, today),
            "recent-activity" => {
                match e
                    .activities
                    .iter()
                    .map(|a| a.occurred_on)
                    .filter(|d| *d >= year_ago && *d <= today)
                    .max()
                {
                    Some(d) => (
                        true,
                        Reason::new("check-recent-activity-met").with("date", Arg::Date(day(d))),
                    ),
                    None => (false, Reason::new("check-recent-activity-not-met")),
                }
            }
            "participation" => {
                let n = e
                    .activities
                    .iter()
                    .filter(|a| {
                        a.non_government && a.occurred_on >= two_years_ago && a.occurred_on <= today
                    })
                    .count();
                if n > 0 {
                    (
                        true,
                        Reason::new("check-participation-met").with("count", Arg::Number(n as i64)),
                    )
                } else {
                    (false, Reason::new("check-participation-not-met"))
                }
            }
            "cost" => {
                let met = e.activities.iter().any(|a| a.cost_disclosed);
                (
                    met,
                    Reason::new(if met {
                        "check-cost-met"
                    } else {
                        "check-cost-not-met"
                    }),
                )
            }
            other => unreachable!("unknown check {other}"),
        };
        checks.push(CheckResult {
            key: check.key,
            points: check.points,
            met,
            earned: if met { check.points } else { 0 },
            reason,
        });
    }
    let score: u32 = checks.iter().map(|c| c.earned).sum();
    let recent_evaluation = checks
        .iter()
        .any(|c| c.met && matches!(c.key, "self-evaluation" | "independent-evaluation"));

    // Ceremonial: an MoU signed more than 12 months ago (counting from the last day its date can
    // mean), and still no roadmap and no report.
    let old_mou = e
        .agreements
        .iter()
        .filter(|a| a.kind == "mou")
        .filter_map(|a| a.signed())
        .any(|d| d.last_day() < year_ago);
    let ceremonial = old_mou && e.roadmaps.is_empty() && e.reports.is_empty();

    Assessment {
        today,
        methodology_version: METHODOLOGY_VERSION,
        disagreement: disagreement(e.reported.as_ref(), agreement_status, activity_status),
        agreement_status,
        agreement_reason,
        activity_status,
        activity_reason,
        score,
        grade: grade(score),
        checks,
        ceremonial,
        expires_on,
        has_report: !e.reports.is_empty(),
        recent_evaluation,
    }
}

#[cfg(test)]
#[path = "assessment_tests.rs"]
mod tests;

#[path = "assessment_load.rs"]
mod load;
pub use load::{
    Assessed, PlaceFigures, assess_many, assess_ties, place_figures, reported_evidence,
};
