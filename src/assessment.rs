//! Derived state, computed here and nowhere else: a tie's agreement status and activity status,
//! its transparency score with a reason for every point, its grade and the ceremonial flag.
//! Everything is a pure function of the tie's records and a date passed in.

use chrono::{Months, NaiveDate};
use serde::Serialize;

use crate::i18n::{Lang, PartialDate, Value};
use crate::models::activity::ActivityEvidence;
use crate::models::agreement::Agreement;
use crate::models::report::ReportEvidence;
use crate::models::roadmap::RoadmapEvidence;

/// The version of the rules below. Changing a rule means a new version, shown on every page.
pub const SCORE_VERSION: &str = "1 (2026-11)";

/// Days before its end within which an agreement counts as expiring.
pub const EXPIRING_DAYS: i64 = 90;

/// Everything the rules look at for one tie (published records only).
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    pub agreements: Vec<Agreement>,
    pub roadmaps: Vec<RoadmapEvidence>,
    pub activities: Vec<ActivityEvidence>,
    pub reports: Vec<ReportEvidence>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AgreementStatus {
    Proposed,
    InForce,
    Expiring,
    Lapsed,
    Terminated,
    Unknown,
}

impl AgreementStatus {
    pub const ALL: [AgreementStatus; 6] = [
        AgreementStatus::InForce,
        AgreementStatus::Expiring,
        AgreementStatus::Lapsed,
        AgreementStatus::Proposed,
        AgreementStatus::Terminated,
        AgreementStatus::Unknown,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AgreementStatus::Proposed => "proposed",
            AgreementStatus::InForce => "in-force",
            AgreementStatus::Expiring => "expiring",
            AgreementStatus::Lapsed => "lapsed",
            AgreementStatus::Terminated => "terminated",
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

/// A value inside a reason sentence, shown in the page's language.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Arg {
    Date(PartialDate),
    /// An agreement kind (`mou`), shown by its short label.
    Kind(String),
    Number(i64),
}

/// A sentence explaining a judgement: a message key and its arguments.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Reason {
    pub key: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

impl Reason {
    fn new(key: &'static str) -> Reason {
        Reason {
            key,
            args: Vec::new(),
        }
    }

    fn with(mut self, name: &'static str, arg: Arg) -> Reason {
        self.args.push((name, arg));
        self
    }

    /// The sentence in a language.
    pub fn text(&self, lang: Lang) -> String {
        let args: Vec<(&'static str, Value)> = self
            .args
            .iter()
            .map(|(name, arg)| {
                let value = match arg {
                    Arg::Date(d) => Value::Text(d.show(lang)),
                    Arg::Kind(k) => Value::Text(lang.vocab("agreement-kind-short", k)),
                    // A number selects the plural form and is written the language's way.
                    Arg::Number(n) => Value::Int(*n),
                };
                (*name, value)
            })
            .collect();
        lang.t_values(self.key, &args)
    }
}

/// One rule of the transparency score (DESIGN.md's table).
pub struct Check {
    pub key: &'static str,
    pub points: u32,
}

/// The eight checks, in the order of DESIGN.md; their points add up to 100.
pub const CHECKS: [Check; 8] = [
    Check {
        key: "agreement-text",
        points: 15,
    },
    Check {
        key: "agreement-in-force",
        points: 10,
    },
    Check {
        key: "roadmap",
        points: 20,
    },
    Check {
        key: "milestone",
        points: 10,
    },
    Check {
        key: "recent-report",
        points: 20,
    },
    Check {
        key: "recent-activity",
        points: 10,
    },
    Check {
        key: "participation",
        points: 10,
    },
    Check {
        key: "cost",
        points: 5,
    },
];

/// One check applied to one tie.
#[derive(Clone, Debug, Serialize)]
pub struct CheckResult {
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
}

pub fn grade(score: u32) -> char {
    match score {
        85.. => 'A',
        70.. => 'B',
        50.. => 'C',
        30.. => 'D',
        _ => 'E',
    }
}

pub const GRADES: [char; 5] = ['A', 'B', 'C', 'D', 'E'];

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

/// The agreement status of a tie from its agreements and today's date, with its reason.
pub fn agreement_status(
    agreements: &[Agreement],
    today: NaiveDate,
) -> (AgreementStatus, Reason, Option<NaiveDate>) {
    let dated: Vec<&Agreement> = agreements
        .iter()
        .filter(|a| a.signed_on.is_some() || a.in_force_from.is_some())
        .collect();
    let start = |a: &Agreement| {
        a.signed()
            .map(|d| d.date)
            .or(a.in_force_from)
            .unwrap_or(NaiveDate::MIN)
    };
    // A termination ends everything signed before it.
    let termination = dated
        .iter()
        .filter(|a| a.kind == "termination" && start(a) <= today)
        .max_by_key(|a| start(a));
    let after_termination: Vec<&&Agreement> = dated
        .iter()
        .filter(|a| a.kind != "termination" && termination.is_none_or(|t| start(a) > start(t)))
        .collect();
    if let Some(t) = termination
        && !after_termination.iter().any(|a| binding(&a.kind))
    {
        let reason = Reason::new("reason-terminated").with(
            "date",
            Arg::Date(t.signed().unwrap_or(PartialDate {
                date: start(t),
                precision: crate::i18n::Precision::Day,
            })),
        );
        return (AgreementStatus::Terminated, reason, None);
    }
    let binding_ones: Vec<&&Agreement> = after_termination
        .iter()
        .copied()
        .filter(|a| binding(&a.kind))
        .collect();
    if binding_ones.is_empty() {
        let lois: Vec<&&Agreement> = after_termination
            .iter()
            .copied()
            .filter(|a| a.kind == "loi")
            .collect();
        if let Some(loi) = lois.iter().max_by_key(|a| start(a))
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
    let started: Vec<&&Agreement> = binding_ones
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
        let d = PartialDate {
            date: next,
            precision: crate::i18n::Precision::Day,
        };
        return (
            AgreementStatus::Proposed,
            Reason::new("reason-not-yet-in-force").with("date", Arg::Date(d)),
            None,
        );
    }
    let latest = started
        .iter()
        .max_by_key(|a| start(a))
        .copied()
        .expect("non-empty");
    let signed = latest.signed().unwrap_or(PartialDate {
        date: start(latest),
        precision: crate::i18n::Precision::Day,
    });
    // An agreement without an end date stays in force: no law sets a maximum term.
    if let Some(open) = started
        .iter()
        .filter(|a| a.expires_on.is_none())
        .max_by_key(|a| start(a))
    {
        let d = open.signed().unwrap_or(signed);
        let reason = Reason::new("reason-in-force-open")
            .with("kind", Arg::Kind(open.kind.clone()))
            .with("date", Arg::Date(d));
        return (AgreementStatus::InForce, reason, None);
    }
    let end = started
        .iter()
        .filter_map(|a| a.expires_on)
        .max()
        .expect("all have an end");
    let end_d = PartialDate {
        date: end,
        precision: crate::i18n::Precision::Day,
    };
    if end < today {
        return (
            AgreementStatus::Lapsed,
            Reason::new("reason-lapsed").with("date", Arg::Date(end_d)),
            None,
        );
    }
    let days = (end - today).num_days();
    if days <= EXPIRING_DAYS {
        let reason = Reason::new("reason-expiring")
            .with("date", Arg::Date(end_d))
            .with("days", Arg::Number(days));
        return (AgreementStatus::Expiring, reason, Some(end));
    }
    let reason = Reason::new("reason-in-force-until")
        .with("kind", Arg::Kind(latest.kind.clone()))
        .with("date", Arg::Date(signed))
        .with("end", Arg::Date(end_d));
    (AgreementStatus::InForce, reason, Some(end))
}

/// The activity status from activities, reports and milestones met.
pub fn activity_status(e: &Evidence, today: NaiveDate) -> (ActivityStatus, Reason) {
    let signs = e
        .activities
        .iter()
        .map(|a| a.occurred_on)
        .chain(e.reports.iter().map(|r| r.published_on))
        .chain(e.roadmaps.iter().flat_map(|r| r.done_on.iter().copied()))
        .filter(|d| *d <= today);
    match signs.max() {
        None => (ActivityStatus::Silent, Reason::new("reason-never-active")),
        Some(last) => {
            let d = PartialDate {
                date: last,
                precision: crate::i18n::Precision::Day,
            };
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

/// Assess one tie on one day.
pub fn assess(e: &Evidence, today: NaiveDate) -> Assessment {
    let (agreement_status, agreement_reason, expires_on) = agreement_status(&e.agreements, today);
    let (activity_status, activity_reason) = activity_status(e, today);
    let year_ago = months_before(today, 12);
    let two_years_ago = months_before(today, 24);

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
            "recent-report" => {
                match e
                    .reports
                    .iter()
                    .map(|r| r.published_on)
                    .filter(|d| *d >= year_ago && *d <= today)
                    .max()
                {
                    Some(d) => (
                        true,
                        Reason::new("check-recent-report-met").with("date", Arg::Date(day(d))),
                    ),
                    None => match e.reports.iter().map(|r| r.published_on).max() {
                        Some(d) => (
                            false,
                            Reason::new("check-recent-report-old").with("date", Arg::Date(day(d))),
                        ),
                        None => (false, Reason::new("check-recent-report-none")),
                    },
                }
            }
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
                let met = e.activities.iter().any(|a| a.cost_disclosed)
                    || e.roadmaps.iter().any(|r| r.budget_disclosed);
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
        agreement_status,
        agreement_reason,
        activity_status,
        activity_reason,
        score,
        grade: grade(score),
        checks,
        ceremonial,
        expires_on,
    }
}

fn day(d: NaiveDate) -> PartialDate {
    PartialDate {
        date: d,
        precision: crate::i18n::Precision::Day,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDateTime;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn agreement(kind: &str, signed: &str, expires: Option<&str>) -> Agreement {
        let p = PartialDate::parse(signed).unwrap();
        Agreement {
            id: 1,
            tie_id: 1,
            kind: kind.into(),
            title: String::new(),
            signed_on: Some(p.date),
            signed_precision: Some(p.precision.as_str().into()),
            in_force_from: None,
            expires_on: expires.map(d),
            signatories: String::new(),
            link: None,
            document_media_type: None,
            document_name: None,
            document_sha256: None,
            note: String::new(),
            published_at: Some(NaiveDateTime::default()),
            version: 1,
            created_at: NaiveDateTime::default(),
            updated_at: NaiveDateTime::default(),
        }
    }

    fn evidence(agreements: Vec<Agreement>) -> Evidence {
        Evidence {
            agreements,
            ..Default::default()
        }
    }

    #[test]
    fn checks_add_up_to_100() {
        assert_eq!(CHECKS.iter().map(|c| c.points).sum::<u32>(), 100);
    }

    #[test]
    fn grades_at_their_boundaries() {
        for (score, g) in [
            (100, 'A'),
            (85, 'A'),
            (84, 'B'),
            (70, 'B'),
            (69, 'C'),
            (50, 'C'),
            (49, 'D'),
            (30, 'D'),
            (29, 'E'),
            (0, 'E'),
        ] {
            assert_eq!(grade(score), g, "{score}");
        }
    }

    #[test]
    fn agreement_status_table() {
        let today = d("2026-11-23");
        let cases: Vec<(Vec<Agreement>, AgreementStatus, &str)> = vec![
            (vec![], AgreementStatus::Unknown, "reason-no-agreement"),
            (
                vec![agreement("loi", "2017-05-17", None)],
                AgreementStatus::Proposed,
                "reason-proposed",
            ),
            (
                vec![agreement("mou", "2023-07-03", None)],
                AgreementStatus::InForce,
                "reason-in-force-open",
            ),
            // 89, 90 days left: expiring; 91: in force.
            (
                vec![agreement("mou", "2020-01-01", Some("2027-02-20"))],
                AgreementStatus::Expiring,
                "reason-expiring",
            ),
            (
                vec![agreement("mou", "2020-01-01", Some("2027-02-21"))],
                AgreementStatus::Expiring,
                "reason-expiring",
            ),
            (
                vec![agreement("mou", "2020-01-01", Some("2027-02-22"))],
                AgreementStatus::InForce,
                "reason-in-force-until",
            ),
            // Ends today: still in force today (expiring); ended yesterday: lapsed.
            (
                vec![agreement("mou", "2020-01-01", Some("2026-11-23"))],
                AgreementStatus::Expiring,
                "reason-expiring",
            ),
            (
                vec![agreement("mou", "2020-01-01", Some("2026-11-22"))],
                AgreementStatus::Lapsed,
                "reason-lapsed",
            ),
            // A renewal after the lapse puts it back in force.
            (
                vec![
                    agreement("mou", "2014-01-01", Some("2019-01-01")),
                    agreement("renewal", "2019", Some("2029-01-01")),
                ],
                AgreementStatus::InForce,
                "reason-in-force-until",
            ),
            (
                vec![
                    agreement("mou", "2014-01-01", None),
                    agreement("termination", "2020-03", None),
                ],
                AgreementStatus::Terminated,
                "reason-terminated",
            ),
            // A new MoU after a termination.
            (
                vec![
                    agreement("mou", "2014-01-01", None),
                    agreement("termination", "2020-03", None),
                    agreement("mou", "2022-01-01", None),
                ],
                AgreementStatus::InForce,
                "reason-in-force-open",
            ),
            // Signed in the future: not yet in force.
            (
                vec![agreement("mou", "2027-01-01", None)],
                AgreementStatus::Proposed,
                "reason-not-yet-in-force",
            ),
        ];
        for (agreements, status, key) in cases {
            let (got, reason, _) = agreement_status(&agreements, today);
            assert_eq!((got, reason.key), (status, key), "{agreements:?}");
        }
        let mut undated = agreement("mou", "2020", None);
        undated.signed_on = None;
        assert_eq!(
            agreement_status(&[undated], today).0,
            AgreementStatus::Unknown
        );
    }

    #[test]
    fn reasons_read_as_sentences() {
        let (_, reason, _) =
            agreement_status(&[agreement("mou", "2023-07-03", None)], d("2026-11-23"));
        assert_eq!(
            reason.text(Lang::En),
            "MoU signed 3 July 2023, no end date recorded"
        );
        assert_eq!(
            reason.text(Lang::Id),
            "MoU ditandatangani 3 Juli 2023, tanpa tanggal berakhir yang tercatat"
        );
        let (_, reason, _) = agreement_status(
            &[agreement("mou", "2016-03-01", Some("2021-03-01"))],
            d("2026-11-23"),
        );
        assert_eq!(
            reason.text(Lang::En),
            "expired 1 March 2021, no renewal on record"
        );
    }

    fn activity(on: &str, non_government: bool) -> ActivityEvidence {
        ActivityEvidence {
            occurred_on: d(on),
            non_government,
            cost_disclosed: false,
        }
    }

    #[test]
    fn activity_status_at_12_and_36_months() {
        let today = d("2026-11-23");
        let at = |on: &str| {
            let e = Evidence {
                activities: vec![activity(on, false)],
                ..Default::default()
            };
            activity_status(&e, today).0
        };
        assert_eq!(
            activity_status(&Evidence::default(), today).0,
            ActivityStatus::Silent
        );
        assert_eq!(
            at("2025-11-23"),
            ActivityStatus::Active,
            "exactly 12 months"
        );
        assert_eq!(
            at("2025-11-22"),
            ActivityStatus::Dormant,
            "12 months and a day"
        );
        assert_eq!(
            at("2023-11-23"),
            ActivityStatus::Dormant,
            "exactly 36 months"
        );
        assert_eq!(
            at("2023-11-22"),
            ActivityStatus::Silent,
            "36 months and a day"
        );
        assert_eq!(
            at("2027-01-01"),
            ActivityStatus::Silent,
            "a future date is no sign of life"
        );
        // Leap day: 12 months before 28 Feb 2025 is 28 Feb 2024; 29 Feb 2024 is inside.
        let e = Evidence {
            activities: vec![activity("2024-02-29", false)],
            ..Default::default()
        };
        assert_eq!(
            activity_status(&e, d("2025-02-28")).0,
            ActivityStatus::Active
        );
        assert_eq!(
            activity_status(&e, d("2025-03-01")).0,
            ActivityStatus::Dormant
        );
        // A report counts as a sign of life.
        let e = Evidence {
            reports: vec![ReportEvidence {
                published_on: d("2026-01-01"),
                independent: true,
            }],
            ..Default::default()
        };
        assert_eq!(activity_status(&e, today).0, ActivityStatus::Active);
    }

    #[test]
    fn ikn_astana_is_ceremonial_with_grade_e() {
        let e = evidence(vec![agreement("mou", "2023-07-03", None)]);
        let a = assess(&e, d("2026-11-23"));
        assert!(a.ceremonial);
        assert_eq!(a.activity_status, ActivityStatus::Silent);
        assert_eq!(a.agreement_status, AgreementStatus::InForce);
        assert_eq!(a.score, 10, "only 'agreement in force'");
        assert_eq!(a.grade, 'E');
        assert_eq!(a.checks.len(), 8);
        assert!(
            a.checks
                .iter()
                .all(|c| c.earned == if c.met { c.points } else { 0 })
        );
    }

    #[test]
    fn ceremonial_counts_from_the_last_day_a_date_can_mean() {
        // Year-only 2025: it may have been signed on 31 Dec 2025, less than 12 months before.
        assert!(
            !assess(
                &evidence(vec![agreement("mou", "2025", None)]),
                d("2026-11-23")
            )
            .ceremonial
        );
        assert!(
            assess(
                &evidence(vec![agreement("mou", "2025", None)]),
                d("2027-01-01")
            )
            .ceremonial
        );
        // Exactly 12 months is not "more than".
        assert!(
            !assess(
                &evidence(vec![agreement("mou", "2025-11-23", None)]),
                d("2026-11-23")
            )
            .ceremonial
        );
        assert!(
            assess(
                &evidence(vec![agreement("mou", "2025-11-22", None)]),
                d("2026-11-23")
            )
            .ceremonial
        );
        // A LoI is not an MoU.
        assert!(
            !assess(
                &evidence(vec![agreement("loi", "2015", None)]),
                d("2026-11-23")
            )
            .ceremonial
        );
        // A report ends it.
        let mut e = evidence(vec![agreement("mou", "2015", None)]);
        e.reports.push(ReportEvidence {
            published_on: d("2016-01-01"),
            independent: false,
        });
        assert!(!assess(&e, d("2026-11-23")).ceremonial);
    }

    #[test]
    fn a_well_documented_tie_scores_100() {
        let today = d("2026-11-23");
        let mut a = agreement("mou", "2024-01-10", Some("2029-01-10"));
        a.link = Some("https://example.org/mou.pdf".into());
        let e = Evidence {
            agreements: vec![a],
            roadmaps: vec![RoadmapEvidence {
                roadmap_id: 1,
                published_at: NaiveDateTime::default(),
                budget_disclosed: true,
                measurable_milestones: 2,
                done_on: vec![],
            }],
            activities: vec![activity("2026-06-01", true)],
            reports: vec![ReportEvidence {
                published_on: d("2026-02-01"),
                independent: true,
            }],
        };
        let result = assess(&e, today);
        assert_eq!(result.score, 100, "{:?}", result.checks);
        assert_eq!(result.grade, 'A');
        assert!(!result.ceremonial);
        // Non-government participation counts for 24 months; a recent activity for 12.
        let mut older = e.clone();
        older.activities = vec![activity("2025-01-01", true)];
        let r = assess(&older, today);
        assert_eq!(r.score, 90, "{:?}", r.checks);
    }
}

/// Load the evidence of many ties (three narrow queries) and assess each on `today`.
pub fn assess_many(
    conn: &mut crate::db::AnyConnection,
    summaries: &[crate::models::tie::TieSummary],
    today: NaiveDate,
) -> diesel::QueryResult<std::collections::HashMap<i32, Assessment>> {
    let ids: Vec<i32> = summaries.iter().map(|s| s.tie.id).collect();
    let mut roadmaps = RoadmapEvidence::for_ties(conn, &ids)?;
    let mut activities = ActivityEvidence::for_ties(conn, &ids)?;
    let mut reports = ReportEvidence::for_ties(conn, &ids)?;
    Ok(summaries
        .iter()
        .map(|s| {
            let e = Evidence {
                agreements: s.agreements.clone(),
                roadmaps: roadmaps.remove(&s.tie.id).unwrap_or_default(),
                activities: activities.remove(&s.tie.id).unwrap_or_default(),
                reports: reports.remove(&s.tie.id).unwrap_or_default(),
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
