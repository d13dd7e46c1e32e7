//! Open data beyond the tie list: the places list as CSV/JSON with each place's figures (the
//! bulk download of the whole public database is `routes::dump`).

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;

use super::cache_policy::{CachePolicy, Cached};
use super::export::{self, OpenData, to_csv};
use super::{lang, with_db};
use crate::assessment::place_figures;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::models::place::Place;
use crate::startup::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/{lang}/places.csv", web::get().to(places_csv))
        .route("/{lang}/places.json", web::get().to(places_json));
}

#[derive(Serialize)]
pub struct PlaceRow {
    pub slug: String,
    /// The name (Indonesian), and in English where it differs.
    pub name: String,
    pub name_en: String,
    pub kind: String,
    pub country: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub ties: usize,
    pub average_score: Option<u32>,
    pub average_grade: Option<String>,
    pub ceremonial_ties: usize,
    /// The place's page, in Indonesian and in English (absolute).
    pub url: String,
    pub url_en: String,
    /// The version of the methodology behind the average score.
    pub methodology_version: &'static str,
}

pub const PLACE_COLUMNS: [&str; 14] = [
    "slug",
    "name",
    "name_en",
    "kind",
    "country",
    "lat",
    "lon",
    "ties",
    "average_score",
    "average_grade",
    "ceremonial_ties",
    "url",
    "url_en",
    "methodology_version",
];

/// Every place with its figures (answered by SQL over the stored assessments); the same rows
/// whatever the page's language (names in both).
pub(crate) async fn place_rows(
    state: &web::Data<AppState>,
    origin: &str,
) -> Result<Vec<PlaceRow>, AppError> {
    let (places, mut figures) = with_db(state, move |conn| {
        Ok((
            Place::all_with_tie_counts(conn)?,
            crate::figures::places_figures(conn)?,
        ))
    })
    .await?;
    Ok(places
        .iter()
        .map(|p| {
            let figures = figures
                .remove(&p.place.id)
                .unwrap_or_else(|| place_figures(std::iter::empty()));
            PlaceRow {
                slug: p.place.slug.clone(),
                name: p.place.name_in(Lang::Id).to_string(),
                name_en: p.place.name_in(Lang::En).to_string(),
                kind: p.place.kind.clone(),
                country: p.place.country_code.clone(),
                lat: p.place.lat,
                lon: p.place.lon,
                ties: figures.ties,
                average_score: figures.average_score,
                average_grade: figures.average_grade.map(|g| g.to_string()),
                ceremonial_ties: figures.ceremonial,
                url: format!("{origin}/id/places/{}", p.place.slug),
                url_en: format!("{origin}/en/places/{}", p.place.slug),
                methodology_version: crate::assessment::METHODOLOGY_VERSION,
            }
        })
        .collect())
}

async fn places_csv(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    lang(&path)?;
    let rows = place_rows(&state, &export::origin(&req)).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"pantau-places.csv\"",
        ))
        .open_data()
        .body(to_csv(&PLACE_COLUMNS, &rows)?)
        .cached(CachePolicy::PAGE))
}

async fn places_json(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let lang = lang(&path)?;
    let rows = place_rows(&state, &export::origin(&req)).await?;
    let doc = serde_json::json!({
        "count": rows.len(),
        "methodology_version": crate::assessment::METHODOLOGY_VERSION,
        "generated_at": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "licence": export::licence_json(),
        "attribution": lang.t("export-licence"),
        "places": rows,
    });
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "inline; filename=\"pantau-places.json\"",
        ))
        .open_data()
        .json(doc)
        .cached(CachePolicy::PAGE))
}
