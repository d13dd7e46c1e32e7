//! Tie pages: the list of ties and each tie with its agreements, procedure, roadmap, activities and reports.

use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::view::{CitationView, citation, country, tie_title};
use super::{Ctx, html_page, lang, with_db};
use crate::assessment::{Assessment, SCORE_VERSION, assess_ties};
use crate::drawings::{self, TimelineEvent};
use crate::error::AppError;
use crate::i18n::{Lang, PartialDate};
use crate::models::activity::Activity;
use crate::models::place::Place;
use crate::models::procedure::{self, ProcedureStep};
use crate::models::report::{Report, ReportWithFactors};
use crate::models::revision::Revision;
use crate::models::roadmap::{Roadmap, RoadmapWithMilestones};
use crate::models::tie::Tie;
use crate::startup::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/{lang}/ties/{id}", web::get().to(show));
}

pub struct PlaceView {
    pub name: String,
    pub href: String,
    pub kind: String,
    pub country: String,
}

impl PlaceView {
    fn new(lang: Lang, p: &Place) -> PlaceView {
        PlaceView {
            name: p.name_in(lang).to_string(),
            href: format!("/{}/places/{}", lang.code(), p.slug),
            kind: lang.vocab("place-kind", &p.kind),
            country: country(lang, &p.country_code),
        }
    }
}

pub struct AgreementView {
    /// The agreement's title, or its kind when it has none.
    pub title: String,
    pub kind: String,
    pub open_ended: bool,
    /// The stored document: where it opens, and "PDF, 120 KB".
    pub document: Option<(String, String)>,
    pub signed: String,
    pub in_force_from: String,
    pub expires_on: String,
    pub signatories: String,
    pub link: Option<String>,
    pub sha256: Option<String>,
    pub note: String,
}

pub struct StepView {
    pub label: String,
    pub document: String,
    pub on_record: bool,
    pub date: String,
    pub link: Option<String>,
    pub note: String,
}

pub struct ReportedView {
    pub status: String,
    pub label: String,
    /// The note in the page's language (Indonesian text on /id/ pages when one is given).
    pub note: String,
    /// The source's own words, when `note` is a text written for this site.
    pub original: String,
    /// The language of `note` (`en` when no Indonesian text is given).
    pub note_lang: &'static str,
    pub as_of: String,
    pub factors: Vec<String>,
    pub citations: Vec<CitationView>,
}

pub struct MilestoneView {
    pub title: String,
    pub target: String,
    pub due: String,
    pub status: String,
    pub status_label: String,
    pub evidence: String,
}

pub struct RoadmapView {
    pub title: String,
    pub period: String,
    pub body_html: String,
    pub budget: String,
    pub milestones: Vec<MilestoneView>,
}

pub struct ActivityView {
    pub date: String,
    pub kind: String,
    pub title: String,
    pub description: String,
    pub participants: String,
    pub cost: String,
    pub evidence: Option<String>,
}

pub struct ReportView {
    pub href: String,
    pub title: String,
    pub author: String,
    pub independent: bool,
    pub published: String,
    pub period: String,
    pub body_html: String,
    pub ratings: Vec<(String, String, String)>,
    pub factors: Vec<String>,
}

pub struct CheckView {
    pub title: String,
    pub points: u32,
    pub earned: u32,
    pub met: bool,
    pub reason: String,
}

/// Everything Pantau derives about a tie, ready to show.
pub struct DerivedView {
    pub agreement_status: String,
    pub agreement_label: String,
    pub agreement_reason: String,
    pub activity_status: String,
    pub activity_label: String,
    pub activity_reason: String,
    pub score: u32,
    pub grade: char,
    pub ceremonial: bool,
    pub checks: Vec<CheckView>,
    pub version: String,
    pub explainer: String,
    /// "Sources disagree: …", or empty.
    pub disagreement: String,
}

impl DerivedView {
    pub fn new(lang: Lang, a: &Assessment) -> DerivedView {
        DerivedView {
            agreement_status: a.agreement_status.as_str().into(),
            agreement_label: lang.vocab("agreement-status", a.agreement_status.as_str()),
            agreement_reason: a.agreement_reason.text(lang),
            activity_status: a.activity_status.as_str().into(),
            activity_label: lang.vocab("activity-status", a.activity_status.as_str()),
            activity_reason: a.activity_reason.text(lang),
            score: a.score,
            grade: a.grade,
            ceremonial: a.ceremonial,
            checks: a
                .checks
                .iter()
                .map(|c| CheckView {
                    title: lang.t(&format!("check-{}-title", c.key)),
                    points: c.points,
                    earned: c.earned,
                    met: c.met,
                    reason: c.reason.text(lang),
                })
                .collect(),
            version: lang.t_args(
                "score-version",
                &[("version", super::view::rules_version(lang, SCORE_VERSION))],
            ),
            explainer: lang.t_args("derived-explainer", &[("date", lang.day(a.today))]),
            disagreement: a
                .disagreement
                .as_ref()
                .map(|r| r.text(lang))
                .unwrap_or_default(),
        }
    }
}

#[derive(Template)]
#[template(path = "ties/show.html")]
struct ShowPage {
    c: Ctx,
    derived: DerivedView,
    slug: String,
    title: String,
    kind: String,
    place: PlaceView,
    partner: PlaceView,
    fields: Vec<String>,
    started: String,
    agreements: Vec<AgreementView>,
    steps: Vec<StepView>,
    steps_on_record: usize,
    reported: Vec<ReportedView>,
    roadmaps: Vec<RoadmapView>,
    activities: Vec<ActivityView>,
    reports: Vec<ReportView>,
    last_changed: String,
    today: String,
    chain: String,
    timeline: String,
    events: Vec<(String, String, String)>,
    /// Documents, corrections and history links from the publishing side.
    publishing: super::tie_extras::TieExtras,
}

fn period(lang: Lang, start: Option<chrono::NaiveDate>, end: Option<chrono::NaiveDate>) -> String {
    match (start, end) {
        (Some(s), Some(e)) => format!("{} – {}", lang.day(s), lang.day(e)),
        (Some(s), None) => lang.t_args("period-from", &[("date", lang.day(s))]),
        (None, Some(e)) => lang.t_args("period-until", &[("date", lang.day(e))]),
        (None, None) => String::new(),
    }
}

/// A document's size for people: "830 B", "120 KB", "2,4 MB" (Indonesian decimal comma).
pub fn size_label(lang: Lang, bytes: i32) -> String {
    let bytes = i64::from(bytes.max(0));
    if bytes < 1024 {
        return format!("{} B", lang.number(bytes));
    }
    if bytes < 1024 * 1024 {
        return format!("{} KB", lang.number((bytes + 1023) / 1024));
    }
    let tenths = (bytes * 10 + 1024 * 1024 / 2) / (1024 * 1024);
    let sep = if lang == Lang::Id { ',' } else { '.' };
    format!("{}{sep}{} MB", lang.number(tenths / 10), tenths % 10)
}

/// "Rp1.500.000" on Indonesian pages, "IDR 1,500,000" on English ones.
fn money(lang: Lang, amount: Option<f64>, currency: Option<&str>) -> String {
    match amount {
        Some(a) => lang.money(a, currency.unwrap_or("")).trim().to_string(),
        None => String::new(),
    }
}

fn roadmap_view(lang: Lang, r: &RoadmapWithMilestones) -> RoadmapView {
    let Roadmap {
        title,
        period_start,
        period_end,
        body_html,
        budget_amount,
        budget_currency,
        ..
    } = &r.roadmap;
    RoadmapView {
        title: title.clone(),
        period: period(lang, *period_start, *period_end),
        body_html: body_html.clone().unwrap_or_default(),
        budget: money(lang, *budget_amount, budget_currency.as_deref()),
        milestones: r
            .milestones
            .iter()
            .map(|m| MilestoneView {
                title: m.title.clone(),
                target: m.target.clone(),
                due: m.due_on.map(|d| lang.day(d)).unwrap_or_default(),
                status_label: lang.vocab("milestone-status", &m.status),
                status: m.status.clone(),
                evidence: m.evidence.clone(),
            })
            .collect(),
    }
}

fn activity_view(lang: Lang, a: &Activity) -> ActivityView {
    let participants = a
        .participants()
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(sector, n)| {
            format!(
                "{} {}",
                lang.vocab("sector", sector),
                lang.number(*n as i64)
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    ActivityView {
        date: lang.day(a.occurred_on),
        kind: lang.vocab("activity-kind", &a.kind),
        title: a.title.clone(),
        description: a.description.clone(),
        participants,
        cost: money(lang, a.cost_amount, a.cost_currency.as_deref()),
        evidence: a.evidence_link.clone(),
    }
}

pub(crate) fn report_view(lang: Lang, r: &ReportWithFactors) -> ReportView {
    let rep: &Report = &r.report;
    ReportView {
        href: format!("/{}/reports/{}", lang.code(), rep.id),
        title: rep.title.clone(),
        author: rep.author_name.clone(),
        independent: rep.independent,
        published: rep
            .published_at
            .map(|d| lang.day(d.date()))
            .unwrap_or_default(),
        period: period(lang, rep.period_start, rep.period_end),
        body_html: rep.body_html.clone().unwrap_or_default(),
        ratings: rep
            .ratings()
            .iter()
            .filter_map(|(ind, rating, comment)| {
                rating.map(|v| {
                    (
                        lang.vocab("indicator", ind),
                        lang.vocab("rating", &v.to_string()),
                        comment.to_string(),
                    )
                })
            })
            .collect(),
        factors: r.factors.iter().map(|f| lang.vocab("factor", f)).collect(),
    }
}

fn steps_view(
    lang: Lang,
    steps: &[ProcedureStep],
    agreements: &[crate::models::agreement::Agreement],
) -> Vec<StepView> {
    let mut out: Vec<StepView> = procedure::STEPS
        .iter()
        .map(|step| {
            let recorded = steps.iter().find(|s| s.step == *step);
            // A signed LoI or MoU on record is evidence of those two steps even without a step record.
            let from_agreement = match (*step, recorded) {
                ("loi", None) => agreements.iter().find(|a| a.kind == "loi"),
                ("signing", None) => agreements
                    .iter()
                    .find(|a| matches!(a.kind.as_str(), "mou" | "implementing" | "other")),
                _ => None,
            };
            let note = match (recorded, from_agreement) {
                (Some(s), _) => s.note.clone(),
                (None, Some(a)) => lang.t_args(
                    "step-from-agreement",
                    &[("kind", lang.vocab("agreement-kind-short", &a.kind))],
                ),
                (None, None) => String::new(),
            };
            StepView {
                label: lang.vocab("step", step),
                document: lang.vocab("step", &format!("{step}-doc")),
                on_record: recorded.is_some() || from_agreement.is_some(),
                date: recorded
                    .and_then(|s| s.occurred())
                    .or_else(|| from_agreement.and_then(|a| a.signed()))
                    .map(|d| d.show(lang))
                    .unwrap_or_default(),
                link: recorded
                    .and_then(|s| s.link.clone())
                    .or_else(|| from_agreement.and_then(|a| a.link.clone())),
                note,
            }
        })
        .collect();
    // Steps outside the usual list are still shown.
    for s in steps
        .iter()
        .filter(|s| !procedure::STEPS.contains(&s.step.as_str()))
    {
        out.push(StepView {
            label: lang.vocab("step", &s.step),
            document: String::new(),
            on_record: true,
            date: s.occurred().map(|d| d.show(lang)).unwrap_or_default(),
            link: s.link.clone(),
            note: s.note.clone(),
        });
    }
    out
}

async fn show(
    req: HttpRequest,
    path: web::Path<(String, String)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let (code, slug) = path.into_inner();
    let lang = lang(&code)?;
    let today = state.today();
    let (assessed, steps, roadmaps, activities, reports, changed) = with_db(&state, move |conn| {
        let tie = Tie::by_slug(conn, &slug)?.ok_or(AppError::NotFound)?;
        let id = tie.id;
        let assessed = assess_ties(conn, vec![tie], today)?
            .pop()
            .ok_or(AppError::NotFound)?;
        Ok((
            assessed,
            ProcedureStep::published_for_tie(conn, id)?,
            Roadmap::published_for_tie(conn, id)?,
            Activity::published_for_tie(conn, id)?,
            Report::published_for_tie(conn, id)?,
            Revision::last_change_of_tie(conn, id)?,
        ))
    })
    .await?;
    let summary = &assessed.summary;
    let derived = DerivedView::new(lang, &assessed.assessment);
    let agreements = summary
        .agreements
        .iter()
        .map(|a| AgreementView {
            title: if a.title.trim().is_empty() {
                lang.vocab("agreement-kind", &a.kind)
            } else {
                a.title.clone()
            },
            kind: lang.vocab("agreement-kind", &a.kind),
            open_ended: a.open_ended,
            document: a.document_sha256.as_ref().map(|_| {
                (
                    format!("/{}/agreements/{}/document", lang.code(), a.id),
                    lang.t_args(
                        "agreement-document-meta",
                        &[("size", size_label(lang, a.document_size.unwrap_or(0)))],
                    ),
                )
            }),
            signed: a
                .signed()
                .map(|d| d.show(lang))
                .unwrap_or_else(|| lang.t("date-not-recorded")),
            in_force_from: a.in_force_from.map(|d| lang.day(d)).unwrap_or_default(),
            expires_on: a.expires_on.map(|d| lang.day(d)).unwrap_or_default(),
            signatories: a.signatories.clone(),
            link: a.link.clone(),
            sha256: a.document_sha256.clone(),
            note: a.note.clone(),
        })
        .collect();
    let reported = summary
        .reported
        .iter()
        .rev()
        .map(|r| ReportedView {
            label: lang.vocab("reported-status", &r.status.status),
            status: r.status.status.clone(),
            note: match lang {
                Lang::Id if !r.status.note_id.is_empty() => r.status.note_id.clone(),
                _ => r.status.note.clone(),
            },
            original: match lang {
                Lang::Id if !r.status.note_id.is_empty() => r.status.note.clone(),
                _ => String::new(),
            },
            note_lang: match lang {
                Lang::Id if !r.status.note_id.is_empty() => "id",
                _ => "en",
            },
            as_of: r
                .status
                .as_of()
                .map(|d: PartialDate| d.show(lang))
                .unwrap_or_default(),
            factors: r
                .status
                .factor_tags()
                .iter()
                .map(|f| lang.vocab("factor", f))
                .collect(),
            citations: r.citations.iter().map(|c| citation(lang, c)).collect(),
        })
        .collect();
    let steps_view = steps_view(lang, &steps, &summary.agreements);
    let chain = drawings::procedure_chain(
        "procedure-chain",
        &lang.t("tie-procedure"),
        &lang.t_args(
            "procedure-chain-desc",
            &[
                (
                    "on",
                    steps_view
                        .iter()
                        .filter(|s| s.on_record)
                        .count()
                        .to_string(),
                ),
                ("all", steps_view.len().to_string()),
            ],
        ),
        &steps_view
            .iter()
            .map(|s| {
                let state = if s.on_record {
                    lang.t("step-on-record")
                } else {
                    lang.t("step-not-on-record")
                };
                (format!("{}: {state}", s.label), s.on_record)
            })
            .collect::<Vec<_>>(),
    );
    let events = timeline_events(lang, summary, &steps, &roadmaps, &activities, &reports);
    let lanes: Vec<String> = TIMELINE_LANES.iter().map(|l| lang.t(l)).collect();
    let timeline = drawings::timeline(
        "tie-timeline",
        &lang.t("timeline-title"),
        &lang.t_count("timeline-desc", events.len() as i64),
        &lanes,
        &events,
        today,
        &lang.t_args("timeline-today", &[("date", lang.day(today))]),
    );
    let mut event_rows: Vec<(chrono::NaiveDate, String, String, String)> = events
        .iter()
        .map(|e| {
            (
                e.date,
                e.when.clone(),
                lanes[e.lane].clone(),
                e.label.clone(),
            )
        })
        .collect();
    event_rows.sort_by_key(|r| r.0);
    let page = ShowPage {
        c: Ctx::new(&req, &state, lang, "ties"),
        title: tie_title(lang, summary),
        slug: summary.tie.slug.clone(),
        derived,
        kind: super::view::tie_kind_label(lang, summary),
        place: PlaceView::new(lang, &summary.place),
        partner: PlaceView::new(lang, &summary.partner),
        fields: summary
            .fields
            .iter()
            .map(|f| lang.vocab("field", f))
            .collect(),
        started: summary.started().map(|d| d.show(lang)).unwrap_or_default(),
        agreements,
        steps_on_record: steps_view.iter().filter(|s| s.on_record).count(),
        steps: steps_view,
        reported,
        roadmaps: roadmaps.iter().map(|r| roadmap_view(lang, r)).collect(),
        activities: activities.iter().map(|a| activity_view(lang, a)).collect(),
        reports: reports.iter().map(|r| report_view(lang, r)).collect(),
        last_changed: changed.map(|d| lang.day(d.date())).unwrap_or_default(),
        today: lang.day(today),
        chain,
        timeline,
        events: event_rows
            .into_iter()
            .map(|(_, d, lane, label)| (d, lane, label))
            .collect(),
        publishing: super::tie_extras::tie_extras(&req, &state, lang, &assessed.summary.tie)
            .await?,
    };
    Ok(html_page(
        &req,
        page.render()?,
        super::freshness(&state, changed),
    ))
}

/// The lanes of a tie's timeline, top to bottom (message keys).
const TIMELINE_LANES: [&str; 5] = [
    "timeline-lane-procedure",
    "timeline-lane-agreements",
    "timeline-lane-milestones",
    "timeline-lane-activities",
    "timeline-lane-reports",
];

/// Everything dated about a tie, for its timeline. Labels keep each date's own precision.
fn timeline_events(
    lang: Lang,
    summary: &crate::models::tie::TieSummary,
    steps: &[ProcedureStep],
    roadmaps: &[RoadmapWithMilestones],
    activities: &[Activity],
    reports: &[ReportWithFactors],
) -> Vec<TimelineEvent> {
    let mut out = Vec::new();
    for s in steps {
        if let Some(d) = s.occurred() {
            out.push(TimelineEvent {
                date: d.date,
                when: d.show(lang),
                lane: 0,
                label: format!("{} — {}", lang.vocab("step", &s.step), d.show(lang)),
                class: "ev-step".into(),
            });
        }
    }
    if let Some(d) = summary.started() {
        out.push(TimelineEvent {
            date: d.date,
            when: d.show(lang),
            lane: 1,
            label: lang.t_args("tie-started", &[("date", d.show(lang))]),
            class: "ev-start".into(),
        });
    }
    for a in &summary.agreements {
        let kind = lang.vocab("agreement-kind-short", &a.kind);
        if let Some(d) = a.signed() {
            out.push(TimelineEvent {
                date: d.date,
                when: d.show(lang),
                lane: 1,
                label: lang.t_args(
                    "timeline-signed",
                    &[("kind", kind.clone()), ("date", d.show(lang))],
                ),
                class: format!("ev-agreement ev-{}", a.kind),
            });
        }
        if let Some(end) = a.expires_on {
            out.push(TimelineEvent {
                date: end,
                when: lang.day(end),
                lane: 1,
                label: lang.t_args("timeline-ends", &[("kind", kind), ("date", lang.day(end))]),
                class: "ev-expiry".into(),
            });
        }
    }
    for r in roadmaps {
        for m in &r.milestones {
            if let Some(due) = m.due_on {
                out.push(TimelineEvent {
                    date: due,
                    when: lang.day(due),
                    lane: 2,
                    label: format!(
                        "{} — {} ({})",
                        m.title,
                        lang.day(due),
                        lang.vocab("milestone-status", &m.status)
                    ),
                    class: format!("ev-ms-{}", m.status),
                });
            }
        }
    }
    for a in activities {
        out.push(TimelineEvent {
            date: a.occurred_on,
            when: lang.day(a.occurred_on),
            lane: 3,
            label: format!("{} — {}", a.title, lang.day(a.occurred_on)),
            class: "ev-activity".into(),
        });
    }
    for r in reports {
        if let Some(at) = r.report.published_at {
            out.push(TimelineEvent {
                date: at.date(),
                when: lang.day(at.date()),
                lane: 4,
                label: format!("{} — {}", r.report.title, lang.day(at.date())),
                class: if r.report.independent {
                    "ev-report ev-independent".into()
                } else {
                    "ev-report".into()
                },
            });
        }
    }
    out
}
