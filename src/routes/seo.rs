//! `robots.txt` and `sitemap.xml`: every public page in both languages, for search engines.

use std::fmt::Write;

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::cache_policy::{CachePolicy, Cached};
use super::with_db;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::models::revision::Revision;
use crate::schema::{places, reports, ties};
use crate::startup::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/robots.txt", web::get().to(robots))
        .route("/sitemap.xml", web::get().to(sitemap));
}

fn origin(req: &HttpRequest) -> String {
    super::session::origin(req)
}

async fn robots(req: HttpRequest) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .body(format!("User-agent: *\nDisallow: /id/sign-in\nDisallow: /en/sign-in\nDisallow: /id/dashboard\nDisallow: /en/dashboard\n\nSitemap: {}/sitemap.xml\n", origin(&req)))
        .cached(CachePolicy::DAY)
}

/// Every public page in both languages with its `lastmod` (the record's last change; the data's
/// last change for lists and fixed pages): places, ties, published reports, and the fixed pages.
async fn sitemap(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let (place_rows, tie_rows, report_rows, changed) = with_db(&state, |conn| {
        let p: Vec<(String, NaiveDateTime)> = places::table
            .select((places::slug, places::updated_at))
            .order(places::slug)
            .load(conn)?;
        let t: Vec<(String, NaiveDateTime)> = ties::table
            .select((ties::slug, ties::updated_at))
            .order(ties::slug)
            .load(conn)?;
        let r: Vec<(i32, NaiveDateTime)> = reports::table
            .filter(reports::published_at.is_not_null())
            .select((reports::id, reports::updated_at))
            .order(reports::id)
            .load(conn)?;
        Ok((p, t, r, Revision::last_change(conn)?))
    })
    .await?;
    let base = origin(&req);
    let day = |t: Option<NaiveDateTime>| t.map(|t| t.date().to_string());
    let mut paths: Vec<(String, Option<String>)> = [
        "/",
        "/places",
        "/ties",
        "/reports",
        "/methodology",
        "/sources",
        "/api",
    ]
    .iter()
    .map(|s| (s.to_string(), day(changed)))
    .collect();
    paths.extend(
        place_rows
            .iter()
            .map(|(s, at)| (format!("/places/{s}"), day(Some(*at)))),
    );
    paths.extend(
        tie_rows
            .iter()
            .map(|(s, at)| (format!("/ties/{s}"), day(Some(*at)))),
    );
    paths.extend(
        report_rows
            .iter()
            .map(|(id, at)| (format!("/reports/{id}"), day(Some(*at)))),
    );
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for (path, lastmod) in &paths {
        for lang in Lang::ALL {
            let _ = write!(xml, "<url><loc>{base}/{}{path}</loc>", lang.code());
            if let Some(d) = lastmod {
                let _ = write!(xml, "<lastmod>{d}</lastmod>");
            }
            for alt in Lang::ALL {
                let _ = write!(
                    xml,
                    "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{base}/{}{path}\"/>",
                    alt.code(),
                    alt.code()
                );
            }
            xml.push_str("</url>\n");
        }
    }
    xml.push_str("</urlset>\n");
    Ok(HttpResponse::Ok()
        .content_type("application/xml; charset=utf-8")
        .body(xml)
        .cached(CachePolicy::HOUR.modified(changed)))
}
