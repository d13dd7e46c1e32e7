//! The methodology page: every rule behind the derived statuses, the score and the ceremonial flag.

use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::{Ctx, html_page, lang};
use crate::assessment::{
    AgreementStatus, CHECKS, EXPIRING_DAYS, GRADE_MINIMUMS, GRADES, MAX_POINTS_PER_FORM,
    SCORE_VERSION, VERSIONS,
};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::startup::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/{lang}/methodology", web::get().to(page));
}

pub struct CheckRow {
    pub title: String,
    pub points: u32,
    pub why: String,
}

pub struct StatusRow {
    pub label: String,
    pub class: String,
    pub rule: String,
}

#[derive(Template)]
#[template(path = "methodology/index.html")]
struct MethodologyPage {
    c: Ctx,
    version: String,
    checks: Vec<CheckRow>,
    agreement_rules: Vec<StatusRow>,
    activity_rules: Vec<StatusRow>,
    grades: Vec<(char, String)>,
    /// (version, date as shown, what changed and why), newest first.
    /// (version, ISO date, the date as the page writes it, what changed).
    versions: Vec<(String, String, String, String)>,
    single_form: String,
}

fn rows(lang: Lang, prefix: &str, class: &str, statuses: &[&str]) -> Vec<StatusRow> {
    statuses
        .iter()
        .map(|s| StatusRow {
            label: lang.vocab(prefix, s),
            class: format!("{class}-{s}"),
            rule: lang.t_args(
                &format!("rule-{prefix}-{s}"),
                &[("days", EXPIRING_DAYS.to_string())],
            ),
        })
        .collect()
}

async fn page(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let lang = lang(&path)?;
    let thresholds = GRADE_MINIMUMS.map(|m| m.to_string());
    let page = MethodologyPage {
        c: Ctx::new(&req, &state, lang, "methodology"),
        version: super::view::rules_version(lang, SCORE_VERSION),
        versions: VERSIONS
            .iter()
            .map(|(v, date, key)| {
                let shown = crate::i18n::PartialDate::parse(date)
                    .map(|d| d.show(lang))
                    .unwrap_or_else(|_| date.to_string());
                (v.to_string(), date.to_string(), shown, lang.t(key))
            })
            .collect(),
        single_form: lang.t_args(
            "methodology-single-form",
            &[("points", MAX_POINTS_PER_FORM.to_string())],
        ),
        checks: CHECKS
            .iter()
            .map(|c| CheckRow {
                title: lang.t(&format!("check-{}-title", c.key)),
                points: c.points,
                why: lang.t(&format!("check-{}-why", c.key)),
            })
            .collect(),
        agreement_rules: rows(
            lang,
            "agreement-status",
            "as",
            &AgreementStatus::ALL.map(AgreementStatus::as_str),
        ),
        activity_rules: rows(
            lang,
            "activity-status",
            "ac",
            &["active", "dormant", "silent"],
        ),
        grades: GRADES
            .iter()
            .zip(thresholds.iter())
            .map(|(g, t)| {
                (
                    *g,
                    lang.t_args(&format!("rule-grade-{g}"), &[("min", t.clone())]),
                )
            })
            .collect(),
    };
    // The page changes only with the code: its ETag is enough.
    Ok(html_page(&req, page.render()?, None))
}
