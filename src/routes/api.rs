//! The read-only JSON API `/api/v1/...` (stable English field names, ISO dates, pagination with
//! `next` links, RFC 9457 problem documents) and its OpenAPI 3.1 document, generated from this code.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};

use super::tie_list::ExportRow;
use super::with_db;
use crate::assessment::{Assessed, assess_ties, place_figures};
use crate::error::{AppError, OwnBody};
use crate::i18n::Lang;
use crate::models::activity::Activity;
use crate::models::place::Place;
use crate::models::procedure::ProcedureStep;
use crate::models::report::{Report, ReportWithFactors};
use crate::models::roadmap::Roadmap;
use crate::models::tie::Tie;
use crate::startup::AppState;
use crate::tie_query::TieQuery;

/// API texts (reasons, country names) are in English.
const LANG: Lang = Lang::En;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/{lang}/api", web::get().to(docs));
    for (path, handler) in [
        ("/api/openapi.json", web::get().to(openapi)),
        ("/api/v1/places", web::get().to(places)),
        ("/api/v1/places/{slug}", web::get().to(place)),
        ("/api/v1/ties", web::get().to(ties)),
        ("/api/v1/ties/{id}", web::get().to(tie)),
        ("/api/v1/reports", web::get().to(reports)),
        ("/api/v1/reports/{id}", web::get().to(report)),
    ] {
        // A resource answers other methods with 405 (as a problem document, with Allow).
        cfg.service(
            web::resource(path)
                .route(handler)
                .default_service(web::to(method_not_allowed)),
        );
    }
    cfg.route("/api/v1/{rest:.*}", web::get().to(unknown));
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Pantau Kota Kembar API",
        description = "Read-only open data on Indonesia's sister-city ties: places, ties with their agreements, roadmaps, activities and evaluation reports, and the statuses and transparency score Pantau derives from them. Reported statuses are historical statements of sources, not today's status."
    ),
    paths(places, place, ties, tie, reports, report),
    components(schemas(
        Problem,
        PlaceOut,
        PlaceList,
        PlaceDetail,
        ExportRow,
        TieList,
        TieDetail,
        AgreementOut,
        StepOut,
        RoadmapOut,
        MilestoneOut,
        ActivityOut,
        ReportOut,
        ReportList,
        ReportedOut,
        SourceOut,
        CheckOut
    ))
)]
pub struct ApiDoc;

/// An RFC 9457 problem document.
#[derive(Serialize, ToSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
}

fn problem(status: StatusCode, detail: &str) -> HttpResponse {
    let mut res = HttpResponse::build(status)
        .content_type("application/problem+json")
        .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"))
        .json(Problem {
            kind: "about:blank".into(),
            title: status.canonical_reason().unwrap_or("Error").into(),
            status: status.as_u16(),
            detail: detail.into(),
        });
    res.extensions_mut().insert(OwnBody);
    res
}

fn ok<T: Serialize>(value: &T) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"))
        .insert_header((header::CACHE_CONTROL, "public, max-age=60"))
        .json(value)
}

/// Turns an internal error into a problem document (details stay in the log).
fn fail(e: AppError) -> HttpResponse {
    match e {
        AppError::NotFound => problem(StatusCode::NOT_FOUND, "No such record."),
        AppError::BadRequest(_) => problem(StatusCode::BAD_REQUEST, "The request is not valid."),
        other => {
            tracing::error!(error = %other, "API request failed");
            problem(
                StatusCode::INTERNAL_SERVER_ERROR,
                "The request could not be answered; the error has been logged.",
            )
        }
    }
}

async fn method_not_allowed() -> HttpResponse {
    let mut res = problem(
        StatusCode::METHOD_NOT_ALLOWED,
        "This API is read-only: only GET is allowed.",
    );
    res.headers_mut()
        .insert(header::ALLOW, header::HeaderValue::from_static("GET"));
    res
}

async fn unknown() -> HttpResponse {
    problem(
        StatusCode::NOT_FOUND,
        "No such API endpoint; see /api/openapi.json.",
    )
}

async fn openapi() -> HttpResponse {
    match ApiDoc::openapi().to_pretty_json() {
        Ok(json) => HttpResponse::Ok()
            .content_type("application/json")
            .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"))
            .body(json),
        Err(e) => fail(AppError::internal("openapi", e)),
    }
}

#[derive(Serialize, ToSchema)]
pub struct PlaceOut {
    pub slug: String,
    /// The Indonesian name.
    pub name: String,
    /// The English name where it differs from `name`, otherwise the same as `name`.
    pub name_en: String,
    /// city, regency, province, capital-region or organisation.
    pub kind: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    /// Approximate WGS84 latitude.
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub ties: i64,
    pub url: String,
}

impl PlaceOut {
    fn new(p: &Place, ties: i64) -> PlaceOut {
        PlaceOut {
            slug: p.slug.clone(),
            name: p.name.clone(),
            name_en: p.name_in(crate::i18n::Lang::En).to_string(),
            kind: p.kind.clone(),
            country: p.country_code.clone(),
            lat: p.lat,
            lon: p.lon,
            ties,
            url: format!("/api/v1/places/{}", p.slug),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct PlaceList {
    pub count: usize,
    pub page: usize,
    pub per_page: usize,
    pub next: Option<String>,
    pub places: Vec<PlaceOut>,
}

/// Page and page size from a query string: `page` ≥ 1, `per_page` 1–500 (default 100).
fn paging(req: &HttpRequest) -> Result<(usize, usize), String> {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(req.query_string()).unwrap_or_default();
    let get = |name: &str, default: usize, max: usize| -> Result<usize, String> {
        match pairs.iter().find(|(k, _)| k == name) {
            None => Ok(default),
            Some((_, v)) => match v.parse::<usize>() {
                Ok(n) if n >= 1 && n <= max => Ok(n),
                _ => Err(format!("'{name}' must be a whole number from 1 to {max}")),
            },
        }
    };
    Ok((get("page", 1, 100_000)?, get("per_page", 100, 500)?))
}

fn next_link(
    path: &str,
    query: &str,
    page: usize,
    per_page: usize,
    total: usize,
) -> Option<String> {
    (page * per_page < total).then(|| {
        let mut pairs: Vec<(String, String)> =
            serde_urlencoded::from_str::<Vec<(String, String)>>(query)
                .unwrap_or_default()
                .into_iter()
                .filter(|(k, _)| k != "page")
                .collect();
        pairs.push(("page".into(), (page + 1).to_string()));
        format!(
            "{path}?{}",
            serde_urlencoded::to_string(&pairs).unwrap_or_default()
        )
    })
}

/// All places, Indonesian first, with their number of ties.
#[utoipa::path(
    get,
    path = "/api/v1/places",
    params(
        ("page" = Option<usize>, Query, minimum = 1, maximum = 100000, description = "Page, from 1"),
        ("per_page" = Option<usize>, Query, minimum = 1, maximum = 500, description = "Places per page, 1–500 (default 100)")
    ),
    responses((status = 200, description = "The records asked for", body = PlaceList), (status = 400, description = "A parameter is not valid", body = Problem, content_type = "application/problem+json"))
)]
async fn places(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let (page, per_page) = match paging(&req) {
        Ok(p) => p,
        Err(detail) => return problem(StatusCode::BAD_REQUEST, &detail),
    };
    match with_db(&state, |conn| Ok(Place::all_with_tie_counts(conn)?)).await {
        Ok(all) => {
            let total = all.len();
            let list = all
                .iter()
                .skip((page - 1) * per_page)
                .take(per_page)
                .map(|p| PlaceOut::new(&p.place, p.ties))
                .collect();
            ok(&PlaceList {
                count: total,
                page,
                per_page,
                next: next_link("/api/v1/places", req.query_string(), page, per_page, total),
                places: list,
            })
        }
        Err(e) => fail(e),
    }
}

#[derive(Serialize, ToSchema)]
pub struct PlaceDetail {
    pub place: PlaceOut,
    /// The average transparency score of the place's ties.
    pub average_score: Option<u32>,
    pub average_grade: Option<String>,
    pub ceremonial_ties: usize,
    pub ties: Vec<ExportRow>,
}

/// One place with its ties and figures.
#[utoipa::path(
    get,
    path = "/api/v1/places/{slug}",
    params(("slug" = String, Path, description = "Place slug, e.g. bandung")),
    responses((status = 200, description = "The records asked for", body = PlaceDetail), (status = 404, description = "No such record", body = Problem, content_type = "application/problem+json"))
)]
async fn place(path: web::Path<String>, state: web::Data<AppState>) -> HttpResponse {
    let slug = path.into_inner();
    let today = state.today();
    let result = with_db(&state, move |conn| {
        let place = Place::by_slug(conn, &slug)?.ok_or(AppError::NotFound)?;
        let ties = Tie::of_place(conn, place.id)?;
        Ok((place, assess_ties(conn, ties, today)?))
    })
    .await;
    match result {
        Ok((place, assessed)) => {
            let figures = place_figures(assessed.iter().map(|a| &a.assessment));
            ok(&PlaceDetail {
                place: PlaceOut::new(&place, assessed.len() as i64),
                average_score: figures.average_score,
                average_grade: figures.average_grade.map(|g| g.to_string()),
                ceremonial_ties: figures.ceremonial,
                ties: assessed.iter().map(api_row).collect(),
            })
        }
        Err(e) => fail(e),
    }
}

fn api_row(a: &Assessed) -> ExportRow {
    let mut row = ExportRow::new(LANG, a);
    row.url = format!("/api/v1/ties/{}", a.summary.tie.slug);
    row
}

#[derive(Serialize, ToSchema)]
pub struct TieList {
    /// The filters in force, echoed.
    pub filters: std::collections::BTreeMap<String, String>,
    pub count: usize,
    pub page: usize,
    pub per_page: usize,
    pub next: Option<String>,
    pub ties: Vec<ExportRow>,
}

/// Ties, with the same filters, sort and pagination as the tie list page (`/{lang}/ties`).
#[utoipa::path(
    get,
    path = "/api/v1/ties",
    params(
        ("place" = Option<String>, Query, pattern = "^[a-z0-9-]{0,80}$", description = "Place slug (either side)"),
        ("country" = Option<String>, Query, pattern = "^([A-Za-z]{2})?$", description = "Partner's ISO 3166-1 alpha-2 code"),
        ("kind" = Option<String>, Query, pattern = "^(|city|regency|province|capital-region|organisation)$", description = "Kind of the Indonesian place: city, regency, province, capital-region, organisation"),
        ("field" = Option<String>, Query, pattern = "^[a-z0-9-]{0,80}$", description = "Field of cooperation tag, e.g. education"),
        ("type" = Option<String>, Query, pattern = "^(|loi|mou|implementing|renewal|amendment|termination|other)$", description = "Agreement type on record: loi, mou, implementing, renewal, amendment, termination, other"),
        ("signed_from" = Option<String>, Query, pattern = "^(|1[89][0-9]{2}|2[01][0-9]{2}|2200)$", description = "First agreement from this year"),
        ("signed_to" = Option<String>, Query, pattern = "^(|1[89][0-9]{2}|2[01][0-9]{2}|2200)$", description = "First agreement until this year"),
        ("reported" = Option<String>, Query, pattern = "^(|active|dormant|expired|terminated|proposed|unknown)$", description = "Latest reported status: active, dormant, expired, terminated, proposed, unknown"),
        ("status" = Option<String>, Query, pattern = "^(|in-force|expiring|term-not-recorded|lapsed|ended-reported|terminated|proposed|unknown)$", description = "Derived agreement status (methodology v2): in-force, expiring, term-not-recorded, lapsed, ended-reported, terminated, proposed, unknown"),
        ("activity" = Option<String>, Query, pattern = "^(|active|dormant|silent)$", description = "Derived activity status: active, dormant, silent"),
        ("grade" = Option<String>, Query, pattern = "^[A-Ea-e]?$", description = "Transparency grade A–E"),
        ("roadmap" = Option<String>, Query, pattern = "^(|yes|no)$", description = "yes or no: a roadmap is published"),
        ("report" = Option<String>, Query, pattern = "^(|yes|no)$", description = "yes or no: an evaluation report is published"),
        ("ceremonial" = Option<String>, Query, pattern = "^(|yes|no)$", description = "yes or no: flagged ceremonial"),
        ("q" = Option<String>, Query, max_length = 200, pattern = "^[^\\x00]*$", description = "Free text (case and accents folded); a NUL character is refused with 400"),
        ("sort" = Option<String>, Query, pattern = "^(|-?(place|partner|country|signed|status|activity|score|grade|reported))$", description = "place, partner, country, signed, status, activity, score, grade, reported; prefix - for descending"),
        ("page" = Option<String>, Query, pattern = "^(|[1-9][0-9]{0,4}|100000)$", description = "Page, from 1"),
        ("per_page" = Option<String>, Query, pattern = "^(|10|25|50|100)$", description = "10, 25, 50 or 100")
    ),
    responses((status = 200, description = "The records asked for", body = TieList), (status = 400, description = "A parameter is not valid", body = Problem, content_type = "application/problem+json"))
)]
async fn ties(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let query = match TieQuery::parse(req.query_string()) {
        Ok(q) => q,
        Err(e) => return problem(StatusCode::BAD_REQUEST, &e.message(LANG)),
    };
    let today = state.today();
    let sql_query = query.clone();
    let found = match with_db(&state, move |conn| {
        Ok(sql_query.page(conn, LANG, today, false)?)
    })
    .await
    {
        Ok(a) => a,
        Err(e) => return fail(e),
    };
    let total = found.total;
    ok(&TieList {
        filters: query
            .filters()
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
        count: total,
        page: query.page,
        per_page: query.per_page,
        next: next_link(
            "/api/v1/ties",
            req.query_string(),
            query.page,
            query.per_page,
            total,
        ),
        ties: found.rows.iter().map(api_row).collect(),
    })
}

#[derive(Serialize, ToSchema)]
pub struct SourceOut {
    /// document, web or other.
    pub kind: String,
    pub author: String,
    pub year: String,
    pub title: String,
    pub publisher: String,
    pub url: Option<String>,
    /// What the row takes from the source, e.g. the study it cites.
    pub detail: String,
}

#[derive(Serialize, ToSchema)]
pub struct ReportedOut {
    pub status: String,
    pub note: String,
    /// The note in Indonesian, written for this site (empty when not given).
    pub note_id: String,
    pub factors: Vec<String>,
    pub sources: Vec<SourceOut>,
}

#[derive(Serialize, ToSchema)]
pub struct AgreementOut {
    pub kind: String,
    pub title: String,
    /// The official recorded from the document's text that it has no end date.
    pub open_ended: bool,
    /// ISO 8601 at the precision of the source: YYYY, YYYY-MM or YYYY-MM-DD.
    pub signed_on: Option<String>,
    pub in_force_from: Option<chrono::NaiveDate>,
    pub expires_on: Option<chrono::NaiveDate>,
    pub signatories: String,
    pub link: Option<String>,
    pub document_sha256: Option<String>,
    /// Where the stored document opens, and its size in bytes.
    pub document_url: Option<String>,
    pub document_size: Option<i32>,
    pub note: String,
}

#[derive(Serialize, ToSchema)]
pub struct StepOut {
    pub step: String,
    pub occurred_on: Option<String>,
    pub link: Option<String>,
    pub note: String,
}

#[derive(Serialize, ToSchema)]
pub struct MilestoneOut {
    pub title: String,
    pub target: String,
    pub due_on: Option<chrono::NaiveDate>,
    /// planned, in-progress, done or missed.
    pub status: String,
    pub evidence: String,
}

#[derive(Serialize, ToSchema)]
pub struct RoadmapOut {
    pub title: String,
    pub period_start: Option<chrono::NaiveDate>,
    pub period_end: Option<chrono::NaiveDate>,
    pub body_markdown: String,
    pub budget_amount: Option<f64>,
    pub budget_currency: Option<String>,
    pub milestones: Vec<MilestoneOut>,
}

#[derive(Serialize, ToSchema)]
pub struct ActivityOut {
    pub occurred_on: chrono::NaiveDate,
    pub kind: String,
    pub title: String,
    pub description: String,
    pub participants_government: i32,
    pub participants_business: i32,
    pub participants_academia: i32,
    pub participants_community: i32,
    pub participants_youth: i32,
    pub cost_amount: Option<f64>,
    pub cost_currency: Option<String>,
    pub evidence_link: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ReportOut {
    pub id: i32,
    pub tie: String,
    pub title: String,
    pub author: String,
    pub independent: bool,
    /// `self` (a self-evaluation by the region's official) or `independent`.
    pub role: String,
    pub period_start: Option<chrono::NaiveDate>,
    pub period_end: Option<chrono::NaiveDate>,
    pub published_on: Option<chrono::NaiveDate>,
    pub body_markdown: String,
    /// The body as sanitised HTML.
    pub body_html: String,
    /// Ratings 0–3 on the five success indicators.
    pub ratings: std::collections::BTreeMap<String, Option<i32>>,
    pub factors: Vec<String>,
    pub url: String,
}

impl ReportOut {
    fn new(r: &ReportWithFactors, tie_slug: &str) -> ReportOut {
        let rep: &Report = &r.report;
        ReportOut {
            id: rep.id,
            tie: tie_slug.to_string(),
            title: rep.title.clone(),
            author: rep.author_name.clone(),
            independent: rep.independent,
            role: super::reports::report_role(rep.independent).into(),
            period_start: rep.period_start,
            period_end: rep.period_end,
            published_on: rep.published_at.map(|d| d.date()),
            body_markdown: rep.body_md.clone(),
            body_html: rep.body_html.clone().unwrap_or_default(),
            ratings: rep
                .ratings()
                .iter()
                .map(|(k, v, _)| (k.to_string(), *v))
                .collect(),
            factors: r.factors.clone(),
            url: format!("/api/v1/reports/{}", rep.id),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct CheckOut {
    pub check: String,
    pub points: u32,
    pub met: bool,
    pub earned: u32,
    pub reason: String,
}

#[derive(Serialize, ToSchema)]
pub struct TieDetail {
    pub tie: ExportRow,
    pub fields: Vec<String>,
    pub activity_status_reason: String,
    /// The rules version with its date; `tie.methodology_version` is the bare version.
    pub score_version: String,
    pub score_checks: Vec<CheckOut>,
    pub agreements: Vec<AgreementOut>,
    pub procedure_steps: Vec<StepOut>,
    pub reported_statuses: Vec<ReportedOut>,
    pub roadmaps: Vec<RoadmapOut>,
    pub activities: Vec<ActivityOut>,
    pub reports: Vec<ReportOut>,
}

/// One tie with everything on record about it.
#[utoipa::path(
    get,
    path = "/api/v1/ties/{id}",
    params(("id" = String, Path, description = "Tie id, e.g. ikn-nusantara--astana-kz")),
    responses((status = 200, description = "The records asked for", body = TieDetail), (status = 404, description = "No such record", body = Problem, content_type = "application/problem+json"))
)]
async fn tie(path: web::Path<String>, state: web::Data<AppState>) -> HttpResponse {
    let slug = path.into_inner();
    let today = state.today();
    let result = with_db(&state, move |conn| {
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
        ))
    })
    .await;
    let (a, steps, roadmaps, activities, reports) = match result {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    let s = &a.summary;
    ok(&TieDetail {
        tie: api_row(&a),
        fields: s.fields.clone(),
        activity_status_reason: a.assessment.activity_reason.text(LANG),
        score_version: crate::assessment::SCORE_VERSION.into(),
        score_checks: a
            .assessment
            .checks
            .iter()
            .map(|c| CheckOut {
                check: c.key.into(),
                points: c.points,
                met: c.met,
                earned: c.earned,
                reason: c.reason.text(LANG),
            })
            .collect(),
        agreements: s
            .agreements
            .iter()
            .map(|ag| AgreementOut {
                kind: ag.kind.clone(),
                title: ag.title.clone(),
                open_ended: ag.open_ended,
                document_url: ag
                    .document_sha256
                    .as_ref()
                    .map(|_| format!("/en/agreements/{}/document", ag.id)),
                document_size: ag.document_size,
                signed_on: ag.signed().map(|d| d.iso()),
                in_force_from: ag.in_force_from,
                expires_on: ag.expires_on,
                signatories: ag.signatories.clone(),
                link: ag.link.clone(),
                document_sha256: ag.document_sha256.clone(),
                note: ag.note.clone(),
            })
            .collect(),
        procedure_steps: steps
            .iter()
            .map(|st| StepOut {
                step: st.step.clone(),
                occurred_on: st.occurred().map(|d| d.iso()),
                link: st.link.clone(),
                note: st.note.clone(),
            })
            .collect(),
        reported_statuses: s
            .reported
            .iter()
            .map(|r| ReportedOut {
                status: r.status.status.clone(),
                note: r.status.note.clone(),
                note_id: r.status.note_id.clone(),
                factors: r
                    .status
                    .factor_tags()
                    .iter()
                    .map(|f| f.to_string())
                    .collect(),
                sources: r
                    .citations
                    .iter()
                    .map(|c| SourceOut {
                        kind: c.source.kind.clone(),
                        author: c.source.author.clone(),
                        year: c.source.year.clone(),
                        title: c.source.title.clone(),
                        publisher: if c.source.is_web() {
                            c.source.site()
                        } else {
                            c.source.publisher.clone()
                        },
                        url: c.source.url.clone(),
                        detail: c.detail.clone(),
                    })
                    .collect(),
            })
            .collect(),
        roadmaps: roadmaps
            .iter()
            .map(|r| RoadmapOut {
                title: r.roadmap.title.clone(),
                period_start: r.roadmap.period_start,
                period_end: r.roadmap.period_end,
                body_markdown: r.roadmap.body_md.clone(),
                budget_amount: r.roadmap.budget_amount,
                budget_currency: r.roadmap.budget_currency.clone(),
                milestones: r
                    .milestones
                    .iter()
                    .map(|m| MilestoneOut {
                        title: m.title.clone(),
                        target: m.target.clone(),
                        due_on: m.due_on,
                        status: m.status.clone(),
                        evidence: m.evidence.clone(),
                    })
                    .collect(),
            })
            .collect(),
        activities: activities
            .iter()
            .map(|x| ActivityOut {
                occurred_on: x.occurred_on,
                kind: x.kind.clone(),
                title: x.title.clone(),
                description: x.description.clone(),
                participants_government: x.participants_government,
                participants_business: x.participants_business,
                participants_academia: x.participants_academia,
                participants_community: x.participants_community,
                participants_youth: x.participants_youth,
                cost_amount: x.cost_amount,
                cost_currency: x.cost_currency.clone(),
                evidence_link: x.evidence_link.clone(),
            })
            .collect(),
        reports: reports
            .iter()
            .map(|r| ReportOut::new(r, &s.tie.slug))
            .collect(),
    })
}

#[derive(Serialize, ToSchema)]
pub struct ReportList {
    pub count: usize,
    pub page: usize,
    pub per_page: usize,
    pub next: Option<String>,
    pub reports: Vec<ReportOut>,
}

/// Published evaluation reports, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/reports",
    params(
        ("page" = Option<usize>, Query, minimum = 1, maximum = 100000, description = "Page, from 1"),
        ("per_page" = Option<usize>, Query, minimum = 1, maximum = 500, description = "Reports per page, 1–500 (default 100)")
    ),
    responses((status = 200, description = "The records asked for", body = ReportList), (status = 400, description = "A parameter is not valid", body = Problem, content_type = "application/problem+json"))
)]
async fn reports(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let (page, per_page) = match paging(&req) {
        Ok(p) => p,
        Err(detail) => return problem(StatusCode::BAD_REQUEST, &detail),
    };
    let result = with_db(&state, move |conn| {
        let total = Report::count_published(conn)?;
        let list = Report::published_page(conn, ((page - 1) * per_page) as i64, per_page as i64)?;
        let ids: Vec<i32> = list.iter().map(|r| r.report.tie_id).collect();
        let ties = Tie::by_ids(conn, &ids)?;
        Ok((total, list, ties))
    })
    .await;
    match result {
        Ok((total, list, ties)) => {
            let slug = |id: i32| {
                ties.iter()
                    .find(|t| t.id == id)
                    .map(|t| t.slug.clone())
                    .unwrap_or_default()
            };
            ok(&ReportList {
                count: total as usize,
                page,
                per_page,
                next: next_link(
                    "/api/v1/reports",
                    req.query_string(),
                    page,
                    per_page,
                    total as usize,
                ),
                reports: list
                    .iter()
                    .map(|r| ReportOut::new(r, &slug(r.report.tie_id)))
                    .collect(),
            })
        }
        Err(e) => fail(e),
    }
}

/// One published evaluation report.
#[utoipa::path(
    get,
    path = "/api/v1/reports/{id}",
    params(("id" = i32, Path, description = "Report id")),
    responses((status = 200, description = "The records asked for", body = ReportOut), (status = 404, description = "No such record", body = Problem, content_type = "application/problem+json"))
)]
async fn report(path: web::Path<String>, state: web::Data<AppState>) -> HttpResponse {
    let Ok(id) = path.parse::<i32>() else {
        return problem(StatusCode::NOT_FOUND, "No such record.");
    };
    let result = with_db(&state, move |conn| {
        let r = Report::published_by_id(conn, id)?.ok_or(AppError::NotFound)?;
        let tie = Tie::by_ids(conn, &[r.report.tie_id])?
            .pop()
            .ok_or(AppError::NotFound)?;
        Ok((r, tie))
    })
    .await;
    match result {
        Ok((r, tie)) => ok(&ReportOut::new(&r, &tie.slug)),
        Err(e) => fail(e),
    }
}

#[derive(askama::Template)]
#[template(path = "api/index.html")]
struct ApiPage {
    c: super::Ctx,
}

/// The human page documenting the API, in both languages.
pub async fn docs(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    use askama::Template;
    let lang = super::lang(&path)?;
    let page = ApiPage {
        c: super::Ctx::new(&req, &state, lang, "api"),
    };
    Ok(super::html_page(&req, page.render()?, None))
}
