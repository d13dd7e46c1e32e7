//! Static assets (stylesheet, icon, world outline), made or embedded in the binary and cached for a year behind content-hashed URLs.

use actix_web::http::header;
use actix_web::{HttpResponse, web};

use super::cache_policy::{CachePolicy, Cached};
use crate::error::AppError;
use crate::startup::{AppState, FAVICON_SVG};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/static/{file}", web::get().to(asset));
}

async fn asset(
    file: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let (body, kind) = match file.as_str() {
        "style.css" => (state.style_css.as_str(), "text/css; charset=utf-8"),
        "favicon.svg" => (FAVICON_SVG, "image/svg+xml"),
        "world.svg" => (state.world_svg.as_str(), "image/svg+xml"),
        _ => return Err(AppError::NotFound),
    };
    Ok(HttpResponse::Ok()
        .content_type(kind)
        .insert_header((
            header::ETAG,
            format!("\"{}\"", crate::startup::short_hash(body.as_bytes())),
        ))
        .body(body.to_string())
        .cached(CachePolicy::Immutable))
}
