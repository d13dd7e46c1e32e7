//! Unit tests of the assessment rules (methodology v2): statuses, checks, grades.

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
        open_ended: false,
        document_size: None,
    }
}

fn open_ended(kind: &str, signed: &str) -> Agreement {
    Agreement {
        open_ended: true,
        ..agreement(kind, signed, None)
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
    assert_eq!(GRADES.len(), GRADE_MINIMUMS.len());
    for (g, min) in GRADES.iter().zip(GRADE_MINIMUMS) {
        assert_eq!(grade(min), *g);
    }
}

#[test]
fn grades_at_their_boundaries() {
    for (score, g) in [
        (100, 'A'),
        (90, 'A'),
        (89, 'B'),
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
            AgreementStatus::TermNotRecorded,
            "reason-term-not-recorded",
        ),
        (
            vec![open_ended("mou", "2023-07-03")],
            AgreementStatus::InForce,
            "reason-in-force-open-ended",
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
                open_ended("mou", "2022-01-01"),
            ],
            AgreementStatus::InForce,
            "reason-in-force-open-ended",
        ),
        // A lapsed MoU followed by an MoU without a term: the latest says nothing of its term.
        (
            vec![
                agreement("mou", "2010-01-01", Some("2015-01-01")),
                agreement("mou", "2018-01-01", None),
            ],
            AgreementStatus::TermNotRecorded,
            "reason-term-not-recorded",
        ),
        // Signed in the future: not yet in force.
        (
            vec![agreement("mou", "2027-01-01", None)],
            AgreementStatus::Proposed,
            "reason-not-yet-in-force",
        ),
    ];
    for (agreements, status, key) in cases {
        let (got, reason, _) = agreement_status(&agreements, None, today);
        assert_eq!((got, reason.key.as_ref()), (status, key), "{agreements:?}");
    }
    let mut undated = agreement("mou", "2020", None);
    undated.signed_on = None;
    assert_eq!(
        agreement_status(&[undated], None, today).0,
        AgreementStatus::Unknown
    );
}

#[test]
fn reasons_read_as_sentences() {
    let (_, reason, _) = agreement_status(
        &[agreement("mou", "2023-07-03", None)],
        None,
        d("2026-11-23"),
    );
    assert_eq!(
        reason.text(Lang::En),
        "MoU signed 3 July 2023: neither an end date nor an open-ended term is recorded"
    );
    assert_eq!(
        reason.text(Lang::Id),
        "MoU ditandatangani 3 Juli 2023: tanggal berakhir maupun jangka waktu tanpa batas tidak tercatat"
    );
    let (_, reason, _) = agreement_status(
        &[agreement("mou", "2016-03-01", Some("2021-03-01"))],
        None,
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
    // A report is evidence of evaluation, not of activity.
    let e = Evidence {
        reports: vec![ReportEvidence {
            published_on: d("2026-01-01"),
            period_end: Some(d("2025-12-31")),
            independent: true,
        }],
        ..Default::default()
    };
    assert_eq!(activity_status(&e, today).0, ActivityStatus::Silent);
}

#[test]
fn ikn_astana_is_ceremonial_with_grade_e() {
    let e = evidence(vec![agreement("mou", "2023-07-03", None)]);
    let a = assess(&e, d("2026-11-23"));
    assert!(a.ceremonial);
    assert_eq!(a.activity_status, ActivityStatus::Silent);
    assert_eq!(a.agreement_status, AgreementStatus::TermNotRecorded);
    assert_eq!(a.score, 0, "no term recorded: not in force");
    assert_eq!(a.grade, 'E');
    assert_eq!(a.checks.len(), CHECKS.len());
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
        period_end: None,
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
        activities: vec![ActivityEvidence {
            cost_disclosed: true,
            ..activity("2026-06-01", true)
        }],
        reports: vec![
            ReportEvidence {
                published_on: d("2026-02-01"),
                period_end: Some(d("2025-12-31")),
                independent: true,
            },
            ReportEvidence {
                published_on: d("2026-03-01"),
                period_end: Some(d("2026-02-28")),
                independent: false,
            },
        ],
        steps: vec!["dprd-approval".into(), "full-powers".into()],
        reported: None,
    };
    let result = assess(&e, today);
    assert_eq!(result.score, 100, "{:?}", result.checks);
    assert_eq!(result.grade, 'A');
    assert!(!result.ceremonial);
    // Non-government participation counts for 24 months; a recent activity for 12.
    let mut older = e.clone();
    older.activities = vec![activity("2025-01-01", true)];
    let r = assess(&older, today);
    assert_eq!(r.score, 85, "{:?}", r.checks);
}

fn reported(status: &str, year: i32, source: &str) -> ReportedEvidence {
    ReportedEvidence {
        status: status.into(),
        date: Some(PartialDate {
            date: NaiveDate::from_ymd_opt(year, 1, 1).unwrap(),
            precision: Precision::Year,
        }),
        source: source.into(),
    }
}

#[test]
fn a_later_reported_end_wins_until_a_later_agreement() {
    let today = d("2026-12-07");
    let safitri = reported("terminated", 2022, "Safitri et al. (c. 2022)");
    let mou = agreement("mou", "2017-04-17", None);
    let (status, reason, _) = agreement_status(std::slice::from_ref(&mou), Some(&safitri), today);
    assert_eq!(status, AgreementStatus::EndedReported);
    assert_eq!(
        reason.text(Lang::En),
        "Safitri et al. (c. 2022) reports the tie as terminated, after the latest agreement on record"
    );
    // A source of the agreement's own year is not "after" it.
    let same_year = reported("terminated", 2017, "X (2017)");
    assert_eq!(
        agreement_status(std::slice::from_ref(&mou), Some(&same_year), today).0,
        AgreementStatus::TermNotRecorded
    );
    // A renewal signed after the source puts the tie back in force.
    let renewal = agreement("renewal", "2023-05-01", Some("2028-05-01"));
    let (status, _, _) = agreement_status(&[mou.clone(), renewal.clone()], Some(&safitri), today);
    assert_eq!(status, AgreementStatus::InForce);
    // ...and the reported status then disagrees with the derived one, in words.
    let e = Evidence {
        agreements: vec![mou.clone(), renewal],
        reported: Some(safitri.clone()),
        ..Default::default()
    };
    let a = assess(&e, today);
    let sentence = a.disagreement.expect("a disagreement").text(Lang::En);
    assert!(sentence.contains("Safitri et al. (c. 2022)"), "{sentence}");
    assert!(
        sentence.contains("Terminated") && sentence.contains("In force"),
        "{sentence}"
    );
    // No disagreement when both say the same.
    let e = Evidence {
        agreements: vec![mou],
        reported: Some(safitri),
        ..Default::default()
    };
    assert!(assess(&e, today).disagreement.is_none());
    // An active report is no end; an undated one cannot be placed after anything.
    let undated = ReportedEvidence {
        date: None,
        ..reported("terminated", 2022, "n.d.")
    };
    assert_eq!(
        agreement_status(&[], Some(&undated), today).0,
        AgreementStatus::Unknown
    );
    assert_eq!(
        agreement_status(&[], Some(&reported("active", 2022, "s")), today).0,
        AgreementStatus::Unknown
    );
}

#[test]
fn an_evaluation_counts_from_the_end_of_its_period() {
    let today = d("2026-12-07");
    let report = |published: &str, end: Option<&str>, independent: bool| ReportEvidence {
        published_on: d(published),
        period_end: end.map(d),
        independent,
    };
    let check = |reports: Vec<ReportEvidence>, key: &str| {
        let e = Evidence {
            reports,
            ..Default::default()
        };
        let a = assess(&e, today);
        let c = a.checks.iter().find(|c| c.key == key).unwrap().clone();
        (c.met, c.reason.key)
    };
    // Published today about 2024: not recent.
    assert_eq!(
        check(
            vec![report("2026-12-07", Some("2024-12-31"), false)],
            "self-evaluation"
        ),
        (false, "check-evaluation-old".into())
    );
    assert_eq!(
        check(
            vec![report("2026-12-07", Some("2025-12-31"), false)],
            "self-evaluation"
        ),
        (true, "check-evaluation-met".into())
    );
    // No covered period: does not count.
    assert_eq!(
        check(vec![report("2026-12-07", None, false)], "self-evaluation"),
        (false, "check-evaluation-no-period".into())
    );
    // An official's report does not meet the independent check.
    assert_eq!(
        check(
            vec![report("2026-12-07", Some("2026-06-30"), false)],
            "independent-evaluation"
        ),
        (false, "check-evaluation-none".into())
    );
    // A period ending after publication counts from the publication.
    assert_eq!(
        evaluated_until(&report("2026-03-01", Some("2026-12-31"), true)),
        Some(d("2026-03-01"))
    );
}

/// The records one saved form can add, on the tie's own: each kind of form once.
type Form = (&'static str, Box<dyn Fn(&mut Evidence)>);

fn single_forms(today: NaiveDate) -> Vec<Form> {
    let recent = today - chrono::Duration::days(30);
    vec![
        (
            "agreement with a link and an end date",
            Box::new(move |e: &mut Evidence| {
                let mut a = agreement("mou", "2026-01-05", Some("2031-01-05"));
                a.link = Some("https://example.org/mou.pdf".into());
                e.agreements.push(a);
            }),
        ),
        (
            "open-ended agreement with a document",
            Box::new(move |e: &mut Evidence| {
                let mut a = open_ended("renewal", "2026-01-05");
                a.document_sha256 = Some("ab".repeat(32));
                e.agreements.push(a);
            }),
        ),
        (
            "termination",
            Box::new(move |e: &mut Evidence| {
                e.agreements
                    .push(agreement("termination", "2026-01-05", None));
            }),
        ),
        (
            "procedure step (DPRD approval)",
            Box::new(move |e: &mut Evidence| e.steps.push("dprd-approval".into())),
        ),
        (
            "procedure step (full powers)",
            Box::new(move |e: &mut Evidence| e.steps.push("full-powers".into())),
        ),
        (
            "roadmap with budget and milestones met",
            Box::new(move |e: &mut Evidence| {
                e.roadmaps.push(RoadmapEvidence {
                    roadmap_id: 9,
                    published_at: NaiveDateTime::default(),
                    budget_disclosed: true,
                    measurable_milestones: 3,
                    done_on: vec![recent],
                })
            }),
        ),
        (
            "activity with every sector and its cost",
            Box::new(move |e: &mut Evidence| {
                e.activities.push(ActivityEvidence {
                    occurred_on: recent,
                    non_government: true,
                    cost_disclosed: true,
                })
            }),
        ),
        (
            "self-evaluation report",
            Box::new(move |e: &mut Evidence| {
                e.reports.push(ReportEvidence {
                    published_on: today,
                    period_end: Some(recent),
                    independent: false,
                })
            }),
        ),
        (
            "independent evaluation report",
            Box::new(move |e: &mut Evidence| {
                e.reports.push(ReportEvidence {
                    published_on: today,
                    period_end: Some(recent),
                    independent: true,
                })
            }),
        ),
    ]
}

#[test]
fn no_single_form_moves_a_tie_by_more_than_one_grade() {
    let today = d("2026-12-07");
    let forms = single_forms(today);
    // Every combination of the forms is a starting tie (2^9 of them); each single form is then
    // tried on it. Ties at grade E are the ones the acceptance names; the rule holds for all.
    let mut e_ties = 0;
    for mask in 0u32..(1 << forms.len()) {
        let mut base = evidence(vec![agreement("mou", "2015-03-01", None)]);
        for (i, (_, add)) in forms.iter().enumerate() {
            if mask & (1 << i) != 0 {
                add(&mut base);
            }
        }
        let before = assess(&base, today);
        e_ties += usize::from(before.grade == 'E');
        for (name, add) in &forms {
            let mut after = base.clone();
            add(&mut after);
            let a = assess(&after, today);
            let step = |g: char| GRADES.iter().position(|x| *x == g).unwrap() as i32;
            assert!(
                (step(before.grade) - step(a.grade)).abs() <= 1,
                "{name} moved a tie from {} ({}) to {} ({})",
                before.grade,
                before.score,
                a.grade,
                a.score
            );
            assert!(
                a.score.abs_diff(before.score) <= MAX_POINTS_PER_FORM,
                "{name}"
            );
            if name.contains("report") {
                assert_eq!(a.activity_status, before.activity_status, "{name}");
            }
        }
    }
    assert!(e_ties > 30, "{e_ties} grade-E starting ties tried");
}
