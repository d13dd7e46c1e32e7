//! The read-only JSON API `/api/v1/...` (stable English field names, ISO dates at their precision,
//! integer paging with `Link` headers and absolute URLs, RFC 9457 problem documents, CORS with
//! preflight, validators and 304 through the cache policy) and its OpenAPI 3.1 document, generated
//! from this code: the records in `dto`, the parameters in `params`, the endpoints in `handlers`.

pub mod dto;
pub mod handlers;
pub mod params;

use actix_web::http::{Method, StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::NaiveDateTime;
use serde::Serialize;
use utoipa::OpenApi;

use dto::*;
use handlers::*;
use params::BadParam;

use super::cache_policy::{CachePolicy, Cached};
use super::export::{self, LICENCE_ID, LICENCE_TITLE, LICENCE_URL};
use crate::error::{AppError, OwnBody};
use crate::i18n::Lang;
use crate::startup::AppState;

/// API texts (reasons, country names) are in English.
pub const LANG: Lang = Lang::En;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/{lang}/api", web::get().to(docs));
    for (path, handler) in [
        ("/api/openapi.json", web::get().to(openapi)),
        ("/api/v1", web::get().to(index)),
        ("/api/v1/places", web::get().to(places)),
        ("/api/v1/places/{slug}", web::get().to(place)),
        ("/api/v1/ties", web::get().to(ties)),
        ("/api/v1/ties/{id}", web::get().to(tie)),
        ("/api/v1/ties/{id}/revisions", web::get().to(tie_revisions)),
        ("/api/v1/reports", web::get().to(reports)),
        ("/api/v1/reports/{id}", web::get().to(report)),
        ("/api/v1/sources", web::get().to(sources)),
        ("/api/v1/revisions", web::get().to(revisions)),
        (
            "/api/v1/revisions/{subject_kind}/{subject_id}",
            web::get().to(record_revisions),
        ),
    ] {
        // A resource answers a CORS preflight (OPTIONS), and other methods with 405 (a problem
        // document, with Allow).
        cfg.service(
            web::resource(path)
                .route(handler)
                .default_service(web::to(other_method)),
        );
    }
    cfg.route("/api/v1/{rest:.*}", web::get().to(unknown));
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Pantau Kota Kembar API",
        description = "Read-only open data on Indonesia's sister-city ties: places, ties with their agreements, roadmaps, activities and evaluation reports, the sources cited, the public history of changes, and the statuses and transparency score Pantau derives from them. Reported statuses are historical statements of sources, not today's status. Lists take integer `page` (from 1) and `per_page` (1–500, default 100), refuse unknown parameters with 400, and send `Link` headers (first, prev, next, last). Every answer has an ETag and answers 304 to a matching `If-None-Match`. The data is licensed CC BY 4.0 (cite Pantau Kota Kembar and the original sources); the software is MIT.",
        license(name = "CC-BY-4.0", identifier = "CC-BY-4.0")
    ),
    paths(
        places,
        place,
        ties,
        tie,
        tie_revisions,
        reports,
        report,
        sources,
        revisions,
        record_revisions
    ),
    components(schemas(
        Problem,
        PlaceOut,
        PlaceList,
        PlaceDetail,
        TieOut,
        TieList,
        TieDetail,
        AgreementOut,
        StepOut,
        RoadmapOut,
        MilestoneOut,
        ActivityOut,
        IndicatorOut,
        ReportOut,
        ReportList,
        ReportedOut,
        SourceOut,
        SourceList,
        CitationOut,
        RevisionOut,
        RevisionList,
        CheckOut,
        IndexOut,
        LicenceOut
    ))
)]
pub struct ApiDoc;

/// An RFC 9457 problem document.
pub fn problem(status: StatusCode, detail: &str, invalid_params: Vec<String>) -> HttpResponse {
    let mut res = HttpResponse::build(status);
    export::open(&mut res);
    let mut res = res.content_type("application/problem+json").json(Problem {
        kind: "about:blank".into(),
        title: status.canonical_reason().unwrap_or("Error").into(),
        status: status.as_u16(),
        detail: detail.into(),
        invalid_params,
    });
    res.extensions_mut().insert(OwnBody);
    res.cached(CachePolicy::NoStore)
}

/// A 400 for a parameter that is not valid or not known.
pub fn refuse(e: BadParam) -> HttpResponse {
    problem(StatusCode::BAD_REQUEST, &e.detail, e.names)
}

/// A JSON answer, public until the data changes.
pub fn ok<T: Serialize>(value: &T) -> HttpResponse {
    let mut res = HttpResponse::Ok();
    export::open(&mut res);
    res.json(value).cached(CachePolicy::PAGE)
}

/// The answer with the time the data last changed (for `Last-Modified`; see `routes::freshness`).
pub fn changed(res: HttpResponse, at: Option<NaiveDateTime>) -> HttpResponse {
    match super::cache_policy::policy_of(&res) {
        Some(policy @ CachePolicy::Public { .. }) => res.cached(policy.modified(at)),
        _ => res,
    }
}

/// A page of a list: `make` gets the next page's absolute URL; the answer gets the `Link` header.
pub fn list_answer(
    req: &HttpRequest,
    pairs: &[(String, String)],
    page: usize,
    per_page: usize,
    total: usize,
    data_changed: Option<NaiveDateTime>,
    make: impl FnOnce(Option<String>) -> HttpResponse,
) -> HttpResponse {
    let base = format!("{}{}", export::origin(req), req.path());
    let links = export::pagination_links(&base, pairs, page, per_page, total);
    let next = links
        .iter()
        .find(|(rel, _)| *rel == "next")
        .map(|(_, href)| href.clone());
    let mut res = changed(make(next), data_changed);
    let value = links
        .iter()
        .map(|(rel, href)| format!("<{href}>; rel=\"{rel}\""))
        .collect::<Vec<_>>()
        .join(", ");
    if let Ok(v) = header::HeaderValue::from_str(&value) {
        res.headers_mut().append(header::LINK, v);
    }
    res
}

/// Turns an internal error into a problem document (details stay in the log).
pub fn fail(e: AppError) -> HttpResponse {
    match e {
        AppError::NotFound => problem(StatusCode::NOT_FOUND, "No such record.", vec![]),
        AppError::BadRequest(_) => {
            problem(StatusCode::BAD_REQUEST, "The request is not valid.", vec![])
        }
        other => {
            tracing::error!(error = %other, "API request failed");
            problem(
                StatusCode::INTERNAL_SERVER_ERROR,
                "The request could not be answered; the error has been logged.",
                vec![],
            )
        }
    }
}

/// OPTIONS gets the preflight; any other method but GET a 405.
async fn other_method(req: HttpRequest) -> HttpResponse {
    if req.method() == Method::OPTIONS {
        preflight()
    } else {
        method_not_allowed()
    }
}

fn method_not_allowed() -> HttpResponse {
    let mut res = problem(
        StatusCode::METHOD_NOT_ALLOWED,
        "This API is read-only: only GET (and HEAD, OPTIONS) is allowed.",
        vec![],
    );
    res.headers_mut().insert(
        header::ALLOW,
        header::HeaderValue::from_static("GET, HEAD, OPTIONS"),
    );
    res
}

/// A CORS preflight: any origin may read, with the validators in its conditional requests.
fn preflight() -> HttpResponse {
    HttpResponse::NoContent()
        .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"))
        .insert_header((header::ACCESS_CONTROL_ALLOW_METHODS, "GET, HEAD, OPTIONS"))
        .insert_header((
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            "Accept, If-None-Match, If-Modified-Since",
        ))
        .insert_header((header::ACCESS_CONTROL_MAX_AGE, "86400"))
        .insert_header((header::ALLOW, "GET, HEAD, OPTIONS"))
        .finish()
        .cached(CachePolicy::NoStore)
}

async fn unknown() -> HttpResponse {
    problem(
        StatusCode::NOT_FOUND,
        "No such API endpoint; see /api/v1 and /api/openapi.json.",
        vec![],
    )
}

/// The OpenAPI document, with this site as its server and the data's licence.
pub fn document(origin: &str) -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    doc.servers = Some(vec![utoipa::openapi::server::Server::new(origin)]);
    if let Some(licence) = doc.info.license.as_mut() {
        licence.name = LICENCE_TITLE.into();
        licence.url = Some(LICENCE_URL.into());
        licence.identifier = None;
    }
    doc
}

async fn openapi(req: HttpRequest) -> HttpResponse {
    let doc = document(&export::origin(&req));
    match doc.to_pretty_json() {
        Ok(json) => {
            let mut res = HttpResponse::Ok();
            export::open(&mut res);
            res.content_type("application/json")
                .body(json)
                .cached(CachePolicy::PAGE)
        }
        Err(e) => fail(AppError::internal("openapi", e)),
    }
}

/// `/api/v1`: what the API offers.
async fn index(req: HttpRequest) -> HttpResponse {
    let origin = export::origin(&req);
    ok(&IndexOut {
        title: "Pantau Kota Kembar API".into(),
        licence: LicenceOut {
            id: LICENCE_ID.into(),
            title: LICENCE_TITLE.into(),
            url: LICENCE_URL.into(),
        },
        openapi: format!("{origin}/api/openapi.json"),
        documentation: format!("{origin}/en/api"),
        datapackage: format!("{origin}/data/datapackage.json"),
        endpoints: ["places", "ties", "reports", "sources", "revisions"]
            .iter()
            .map(|n| (n.to_string(), format!("{origin}/api/v1/{n}")))
            .chain([
                (
                    "tie_revisions".to_string(),
                    format!("{origin}/api/v1/ties/{{id}}/revisions"),
                ),
                (
                    "record_revisions".to_string(),
                    format!("{origin}/api/v1/revisions/{{subject_kind}}/{{subject_id}}"),
                ),
            ])
            .collect(),
    })
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
