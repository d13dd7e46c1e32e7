//! Evaluation reports: the list of published reports (with CSV/JSON exports) and each report's page.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Serialize;

use super::tie_list::to_csv;
use super::ties::{ReportView, report_view};
use super::view::tie_title;
use super::{Ctx, html_page, lang, with_db};
use crate::error::AppError;
use crate::models::report::{Report, ReportWithFactors};
use crate::models::revision::Revision;
use crate::models::tie::{Tie, TieSummary};
use crate::startup::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/{lang}/reports", web::get().to(list))
        .route("/{lang}/reports.csv", web::get().to(csv_export))
        .route("/{lang}/reports.json", web::get().to(json_export))
        .route("/{lang}/reports/{id}", web::get().to(show));
}

/// Every published report with its tie, newest first.
async fn load(
    state: &web::Data<AppState>,
) -> Result<Vec<(ReportWithFactors, TieSummary)>, AppError> {
    with_db(state, |conn| {
        let total = Report::count_published(conn)?;
        let reports = Report::published_page(conn, 0, total.max(1))?;
        let mut ids: Vec<i32> = reports.iter().map(|r| r.report.tie_id).collect();
        ids.sort_unstable();
        ids.dedup();
        let ties = Tie::by_ids(conn, &ids)?;
        let summaries = Tie::summaries(conn, ties)?;
        Ok(reports
            .into_iter()
            .filter_map(|r| {
                let s = summaries
                    .iter()
                    .find(|s| s.tie.id == r.report.tie_id)?
                    .clone();
                Some((r, s))
            })
            .collect())
    })
    .await
}

pub struct ListRow {
    pub report: ReportView,
    pub tie_title: String,
    pub tie_href: String,
}

#[derive(Template)]
#[template(path = "reports/list.html")]
struct ListPage {
    c: Ctx,
    rows: Vec<ListRow>,
}

async fn list(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let lang = lang(&path)?;
    let all = load(&state).await?;
    let rows = all
        .iter()
        .map(|(r, s)| ListRow {
            report: report_view(lang, r),
            tie_title: tie_title(lang, s),
            tie_href: format!("/{}/ties/{}", lang.code(), s.tie.slug),
        })
        .collect();
    let page = ListPage {
        c: Ctx::new(&req, &state, lang, "reports"),
        rows,
    };
    let changed = with_db(&state, |conn| Ok(Revision::last_change(conn)?)).await?;
    Ok(html_page(
        &req,
        page.render()?,
        super::freshness(&state, changed),
    ))
}

#[derive(Serialize)]
struct ExportReport {
    id: i32,
    url: String,
    tie: String,
    tie_title: String,
    title: String,
    author: String,
    independent: bool,
    /// `self` or `independent`.
    role: &'static str,
    published_on: String,
    period_start: String,
    period_end: String,
    rating_commitment: String,
    rating_participation: String,
    rating_mou: String,
    rating_benefit: String,
    rating_results: String,
    factors: String,
}

const COLUMNS: [&str; 17] = [
    "id",
    "url",
    "tie",
    "tie_title",
    "title",
    "author",
    "independent",
    "role",
    "published_on",
    "period_start",
    "period_end",
    "rating_commitment",
    "rating_participation",
    "rating_mou",
    "rating_benefit",
    "rating_results",
    "factors",
];

fn export_rows(
    lang: crate::i18n::Lang,
    all: &[(ReportWithFactors, TieSummary)],
) -> Vec<ExportReport> {
    let opt = |v: Option<i32>| v.map(|v| v.to_string()).unwrap_or_default();
    all.iter()
        .map(|(r, s)| {
            let rep = &r.report;
            ExportReport {
                id: rep.id,
                url: format!("/{}/reports/{}", lang.code(), rep.id),
                tie: s.tie.slug.clone(),
                tie_title: tie_title(lang, s),
                title: rep.title.clone(),
                author: rep.author_name.clone(),
                independent: rep.independent,
                role: report_role(rep.independent),
                published_on: rep
                    .published_at
                    .map(|d| d.date().to_string())
                    .unwrap_or_default(),
                period_start: rep.period_start.map(|d| d.to_string()).unwrap_or_default(),
                period_end: rep.period_end.map(|d| d.to_string()).unwrap_or_default(),
                rating_commitment: opt(rep.rating_commitment),
                rating_participation: opt(rep.rating_participation),
                rating_mou: opt(rep.rating_mou),
                rating_benefit: opt(rep.rating_benefit),
                rating_results: opt(rep.rating_results),
                factors: r.factors.join(";"),
            }
        })
        .collect()
}

async fn csv_export(
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let lang = lang(&path)?;
    let rows = export_rows(lang, &load(&state).await?);
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"pantau-reports.csv\"",
        ))
        .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"))
        .body(to_csv(&COLUMNS, &rows)?))
}

async fn json_export(
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let lang = lang(&path)?;
    let rows = export_rows(lang, &load(&state).await?);
    Ok(HttpResponse::Ok()
        .insert_header((
            header::CONTENT_DISPOSITION,
            "inline; filename=\"pantau-reports.json\"",
        ))
        .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"))
        .json(serde_json::json!({
            "count": rows.len(),
            "generated_at": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            "licence": lang.t("export-licence"),
            "methodology_version": crate::assessment::METHODOLOGY_VERSION,
            "reports": rows,
        })))
}

#[derive(Template)]
#[template(path = "reports/show.html")]
struct ShowPage {
    c: Ctx,
    r: ReportView,
    id: i32,
    tie_title: String,
    tie_href: String,
    last_changed: String,
    /// APA with the report's author, year and role.
    citation: String,
}

async fn show(
    req: HttpRequest,
    path: web::Path<(String, String)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let (code, id) = path.into_inner();
    let lang = lang(&code)?;
    let id: i32 = id.parse().map_err(|_| AppError::NotFound)?;
    let (report, summary) = with_db(&state, move |conn| {
        let report = Report::published_by_id(conn, id)?.ok_or(AppError::NotFound)?;
        let ties = Tie::by_ids(conn, &[report.report.tie_id])?;
        let summary = Tie::summaries(conn, ties)?
            .pop()
            .ok_or(AppError::NotFound)?;
        Ok((report, summary))
    })
    .await?;
    let changed = report.report.updated_at;
    let c = Ctx::new(&req, &state, lang, "reports");
    let rep = &report.report;
    let citation = lang.t_args(
        "cite-report",
        &[
            ("author", rep.author_name.trim_end_matches('.').to_string()),
            (
                "year",
                rep.published_at
                    .map(|d| d.format("%Y").to_string())
                    .unwrap_or_else(|| lang.t("source-no-date")),
            ),
            ("title", rep.title.clone()),
            ("role", lang.t(report_role_key(rep.independent))),
            ("url", c.permalink()),
        ],
    );
    let page = ShowPage {
        c,
        r: report_view(lang, &report),
        id,
        tie_title: tie_title(lang, &summary),
        tie_href: format!("/{}/ties/{}", lang.code(), summary.tie.slug),
        last_changed: lang.day(changed.date()),
        citation,
    };
    Ok(html_page(&req, page.render()?, Some(changed)))
}

/// A report's authorship in the export vocabulary: `self` (the region's official) or `independent`.
pub fn report_role(independent: bool) -> &'static str {
    if independent { "independent" } else { "self" }
}

/// The message key of a report's role.
pub fn report_role_key(independent: bool) -> &'static str {
    if independent {
        "report-role-independent"
    } else {
        "report-role-self"
    }
}
