//! Evaluation reports: the list of published reports, its CSV/JSON exports (streamed a piece of
//! `stream::ROWS_PER_PIECE` reports at a time) and each report's page.

use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Serialize;

use super::export;
use super::stream::{self, Encoding, Rows};
use super::ties::{ReportView, report_view};
use super::view::tie_title;
use super::{Ctx, html_page, lang, with_db};
use crate::db::AnyConnection;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::models::report::{Report, ReportWithFactors};
use crate::models::revision::Revision;
use crate::models::tie::{Tie, TieSummary};
use crate::startup::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/{lang}/reports", web::get().to(list))
        .route(
            "/{lang}/reports.csv",
            web::get().to(|req, path, state| export(req, path, state, Encoding::Csv)),
        )
        .route(
            "/{lang}/reports.json",
            web::get().to(|req, path, state| export(req, path, state, REPORTS_JSON)),
        )
        .route("/{lang}/reports/{id}", web::get().to(show));
}

/// Every published report with its tie, newest first.
pub(crate) async fn load(
    state: &web::Data<AppState>,
) -> Result<Vec<(ReportWithFactors, TieSummary)>, AppError> {
    with_db(state, |conn| {
        let total = Report::count_published(conn)?;
        let reports = Report::published_page(conn, 0, total.max(1))?;
        Ok(with_ties(conn, reports)?)
    })
    .await
}

/// Reports with their ties' summaries (without the sources of reported statuses, which no
/// report list shows; a fixed number of statements), in their order.
fn with_ties(
    conn: &mut AnyConnection,
    reports: Vec<ReportWithFactors>,
) -> diesel::QueryResult<Vec<(ReportWithFactors, TieSummary)>> {
    let mut ids: Vec<i32> = reports.iter().map(|r| r.report.tie_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let ties = Tie::by_ids(conn, &ids)?;
    let summaries: std::collections::HashMap<i32, TieSummary> = Tie::summaries_uncited(conn, ties)?
        .into_iter()
        .map(|s| (s.tie.id, s))
        .collect();
    Ok(reports
        .into_iter()
        .filter_map(|r| {
            let s = summaries.get(&r.report.tie_id)?.clone();
            Some((r, s))
        })
        .collect())
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
pub(crate) struct ExportReport {
    id: i32,
    /// The report's page, in Indonesian and in English (absolute).
    url: String,
    url_en: String,
    tie: String,
    tie_title: String,
    tie_title_en: String,
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
    comment_commitment: String,
    comment_participation: String,
    comment_mou: String,
    comment_benefit: String,
    comment_results: String,
    factors: String,
}

pub const COLUMNS: [&str; 24] = [
    "id",
    "url",
    "url_en",
    "tie",
    "tie_title",
    "tie_title_en",
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
    "comment_commitment",
    "comment_participation",
    "comment_mou",
    "comment_benefit",
    "comment_results",
    "factors",
];

/// The reports as exported: the same rows whatever the page's language (titles in both).
pub(crate) fn export_rows(
    origin: &str,
    all: &[(ReportWithFactors, TieSummary)],
) -> Vec<ExportReport> {
    let opt = |v: Option<i32>| v.map(|v| v.to_string()).unwrap_or_default();
    all.iter()
        .map(|(r, s)| {
            let rep = &r.report;
            ExportReport {
                id: rep.id,
                url: format!("{origin}/id/reports/{}", rep.id),
                url_en: format!("{origin}/en/reports/{}", rep.id),
                tie: s.tie.slug.clone(),
                tie_title: tie_title(crate::i18n::Lang::Id, s),
                tie_title_en: tie_title(crate::i18n::Lang::En, s),
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
                comment_commitment: rep.comment_commitment.clone(),
                comment_participation: rep.comment_participation.clone(),
                comment_mou: rep.comment_mou.clone(),
                comment_benefit: rep.comment_benefit.clone(),
                comment_results: rep.comment_results.clone(),
                factors: r.factors.join(";"),
            }
        })
        .collect()
}

/// The rows of a report export: every published report, newest first. `lang` is the JSON
/// envelope's.
struct ReportRows {
    origin: String,
    lang: Lang,
}

impl Rows for ReportRows {
    type Row = ExportReport;
    const COLUMNS: &'static [&'static str] = &COLUMNS;

    fn ids(&mut self, conn: &mut AnyConnection) -> Result<Vec<i32>, AppError> {
        Ok(Report::published_ids(conn)?)
    }

    fn rows(
        &mut self,
        conn: &mut AnyConnection,
        ids: &[i32],
    ) -> Result<Vec<ExportReport>, AppError> {
        let reports = Report::published_by_ids(conn, ids)?;
        Ok(export_rows(&self.origin, &with_ties(conn, reports)?))
    }

    fn envelope(&self, count: usize) -> serde_json::Value {
        serde_json::json!({
            "count": count,
            "generated_at": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            "licence": export::licence_json(),
            "attribution": self.lang.t("export-licence"),
            "methodology_version": crate::assessment::METHODOLOGY_VERSION,
        })
    }
}

/// The JSON export: compact, its reports under `reports`.
const REPORTS_JSON: Encoding = Encoding::Json {
    key: "reports",
    pretty: false,
};

/// Stream the report export, or answer 304.
async fn export(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
    encoding: Encoding,
) -> Result<HttpResponse, AppError> {
    let lang = lang(&path)?;
    let rows = ReportRows {
        origin: export::origin(&req),
        lang,
    };
    stream::export(&req, &state, "", "pantau-reports", encoding, rows).await
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
