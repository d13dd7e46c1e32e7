//! `robots.txt` and `sitemap.xml`: every public page in both languages, for search engines.

use std::fmt::Write;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use diesel::prelude::*;

use super::cache_policy::{CachePolicy, Cached};
use super::with_db;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::schema::{places, ties};
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

async fn sitemap(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let (place_slugs, tie_slugs) = with_db(&state, |conn| {
        let p: Vec<String> = places::table
            .select(places::slug)
            .order(places::slug)
            .load(conn)?;
        let t: Vec<String> = ties::table
            .select(ties::slug)
            .order(ties::slug)
            .load(conn)?;
        Ok((p, t))
    })
    .await?;
    let base = origin(&req);
    let mut paths: Vec<String> = ["/", "/places", "/ties", "/methodology", "/sources"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    paths.extend(place_slugs.iter().map(|s| format!("/places/{s}")));
    paths.extend(tie_slugs.iter().map(|s| format!("/ties/{s}")));
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for path in &paths {
        for lang in Lang::ALL {
            let _ = write!(xml, "<url><loc>{base}/{}{path}</loc>", lang.code());
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
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(xml))
}
