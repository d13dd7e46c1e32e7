//! Tie pages: the list of ties and each tie with its agreements, procedure, roadmap, activities and reports.

use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::view::{CitationView, TieRow, citation, country, tie_title};
use super::{Ctx, html_page, lang, with_db};
use crate::assessment::{Assessment, SCORE_VERSION, assess_ties};
use crate::error::AppError;
use crate::i18n::{Lang, PartialDate};
use crate::markdown::to_safe_html;
use crate::models::activity::Activity;
use crate::models::place::Place;
use crate::models::procedure::{self, ProcedureStep};
use crate::models::report::{Report, ReportWithFactors};
use crate::models::revision::Revision;
use crate::models::roadmap::{Roadmap, RoadmapWithMilestones};
use crate::models::tie::Tie;
use crate::startup::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/{lang}/ties", web::get().to(list))
        .route("/{lang}/ties/{id}", web::get().to(show));
}

#[derive(Template)]
#[template(path = "ties/list.html")]
struct ListPage {
    c: Ctx,
    count: String,
    rows: Vec<TieRow>,
}

async fn list(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let lang = lang(&path)?;
    let today = state.today();
    let (assessed, changed) = with_db(&state, move |conn| {
        let ties = Tie::all(conn)?;
        Ok((
            assess_ties(conn, ties, today)?,
            Revision::last_change(conn)?,
        ))
    })
    .await?;
    let rows: Vec<TieRow> = assessed
        .iter()
        .map(|a| TieRow::new(lang, &a.summary, &a.assessment, None))
        .collect();
    let page = ListPage {
        c: Ctx::new(&req, &state, lang, "ties"),
        count: lang.number(rows.len() as i64),
        rows,
    };
    Ok(html_page(&req, page.render()?, super::freshness(changed)))
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
            name: p.name.clone(),
            href: format!("/{}/places/{}", lang.code(), p.slug),
            kind: lang.vocab("place-kind", &p.kind),
            country: country(lang, &p.country_code),
        }
    }
}

pub struct AgreementView {
    pub kind: String,
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
    pub note: String,
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
    pub title: String,
    pub author: String,
    pub independent: bool,
    pub published: String,
    pub period: String,
    pub body_html: String,
    pub ratings: Vec<(String, String)>,
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
            version: lang.t_args("score-version", &[("version", SCORE_VERSION.to_string())]),
            explainer: lang.t_args("derived-explainer", &[("date", lang.day(a.today))]),
        }
    }
}

#[derive(Template)]
#[template(path = "ties/show.html")]
struct ShowPage {
    c: Ctx,
    derived: DerivedView,
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
}

fn period(lang: Lang, start: Option<chrono::NaiveDate>, end: Option<chrono::NaiveDate>) -> String {
    match (start, end) {
        (Some(s), Some(e)) => format!("{} – {}", lang.day(s), lang.day(e)),
        (Some(s), None) => lang.t_args("period-from", &[("date", lang.day(s))]),
        (None, Some(e)) => lang.t_args("period-until", &[("date", lang.day(e))]),
        (None, None) => String::new(),
    }
}

fn money(lang: Lang, amount: Option<f64>, currency: Option<&str>) -> String {
    match amount {
        Some(a) => format!(
            "{} {}",
            currency.unwrap_or(""),
            lang.number(a.round() as i64)
        )
        .trim()
        .to_string(),
        None => String::new(),
    }
}

fn roadmap_view(lang: Lang, r: &RoadmapWithMilestones) -> RoadmapView {
    let Roadmap {
        title,
        period_start,
        period_end,
        body_md,
        budget_amount,
        budget_currency,
        ..
    } = &r.roadmap;
    RoadmapView {
        title: title.clone(),
        period: period(lang, *period_start, *period_end),
        body_html: to_safe_html(body_md),
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

fn report_view(lang: Lang, r: &ReportWithFactors) -> ReportView {
    let rep: &Report = &r.report;
    ReportView {
        title: rep.title.clone(),
        author: rep.author_name.clone(),
        independent: rep.independent,
        published: rep
            .published_at
            .map(|d| lang.day(d.date()))
            .unwrap_or_default(),
        period: period(lang, rep.period_start, rep.period_end),
        body_html: to_safe_html(&rep.body_md),
        ratings: rep
            .ratings()
            .iter()
            .filter_map(|(ind, rating, _)| {
                rating.map(|v| {
                    (
                        lang.vocab("indicator", ind),
                        lang.vocab("rating", &v.to_string()),
                    )
                })
            })
            .collect(),
        factors: r.factors.iter().map(|f| lang.vocab("factor", f)).collect(),
    }
}

fn steps_view(lang: Lang, steps: &[ProcedureStep]) -> Vec<StepView> {
    let mut out: Vec<StepView> = procedure::STEPS
        .iter()
        .map(|step| {
            let recorded = steps.iter().find(|s| s.step == *step);
            StepView {
                label: lang.vocab("step", step),
                document: lang.vocab("step", &format!("{step}-doc")),
                on_record: recorded.is_some(),
                date: recorded
                    .and_then(|s| s.occurred())
                    .map(|d| d.show(lang))
                    .unwrap_or_default(),
                link: recorded.and_then(|s| s.link.clone()),
                note: recorded.map(|s| s.note.clone()).unwrap_or_default(),
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
            kind: lang.vocab("agreement-kind", &a.kind),
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
            note: r.status.note.clone(),
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
    let steps_view = steps_view(lang, &steps);
    let page = ShowPage {
        c: Ctx::new(&req, &state, lang, "ties"),
        title: tie_title(summary),
        derived,
        kind: lang.vocab("tie-kind", &summary.tie.kind),
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
    };
    Ok(html_page(&req, page.render()?, super::freshness(changed)))
}
