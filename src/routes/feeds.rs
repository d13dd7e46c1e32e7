//! Atom feeds (RFC 4287) of new and changed agreements, roadmaps, activities and reports: for
//! everything, for one place and for one tie. Only published records appear.

use std::fmt::Write;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::NaiveDateTime;

use super::{lang, with_db};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::models::place::Place;
use crate::models::tie::Tie;
use crate::models::{activity, agreement, report, roadmap};
use crate::startup::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/{lang}/feed.atom", web::get().to(all))
        .route("/{lang}/places/{slug}/feed.atom", web::get().to(of_place))
        .route("/{lang}/ties/{id}/feed.atom", web::get().to(of_tie));
}

/// Escaped text for the feed, without the characters XML 1.0 forbids even as references (C0
/// controls other than tab, newline and carriage return; U+FFFE, U+FFFF): one of them in a
/// record's title made the whole feed unreadable for every reader.
fn esc(s: &str) -> String {
    let allowed: String = s
        .chars()
        .filter(|c| {
            matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
                || *c >= '\u{10000}'
        })
        .collect();
    crate::drawings::esc(&allowed)
}

/// How many entries a feed carries.
const ENTRIES: i64 = 50;

struct Entry {
    id: String,
    title: String,
    link: String,
    updated: NaiveDateTime,
}

/// The newest published records of these ties (or all ties), newest first.
fn entries(
    conn: &mut crate::db::AnyConnection,
    lang: Lang,
    ties: Option<Vec<i32>>,
) -> Result<Vec<Entry>, AppError> {
    let ids = ties.as_deref();
    let mut raw: Vec<(&'static str, i32, i32, String, NaiveDateTime)> = Vec::new();
    for (kind, rows) in [
        (
            "agreement",
            agreement::recent_published(conn, ids, ENTRIES)?,
        ),
        ("roadmap", roadmap::recent_published(conn, ids, ENTRIES)?),
        ("activity", activity::recent_published(conn, ids, ENTRIES)?),
        ("report", report::recent_published(conn, ids, ENTRIES)?),
    ] {
        raw.extend(
            rows.into_iter()
                .map(|(id, tie, title, at)| (kind, id, tie, title, at)),
        );
    }
    raw.sort_by(|a, b| b.4.cmp(&a.4).then_with(|| b.1.cmp(&a.1)));
    raw.truncate(ENTRIES as usize);
    let mut tie_ids: Vec<i32> = raw.iter().map(|r| r.2).collect();
    tie_ids.sort_unstable();
    tie_ids.dedup();
    let ties = Tie::by_ids(conn, &tie_ids)?;
    let summaries = Tie::summaries(conn, ties)?;
    Ok(raw
        .into_iter()
        .filter_map(|(kind, id, tie, title, updated)| {
            let s = summaries.iter().find(|s| s.tie.id == tie)?;
            let what = match kind {
                "agreement" => lang.vocab("agreement-kind", &title),
                _ => title,
            };
            Some(Entry {
                id: format!("tag:pantau-kota-kembar,2026:{kind}/{id}"),
                title: format!(
                    "{} — {}: {what}",
                    super::view::tie_title(lang, s),
                    lang.t(&format!("feed-kind-{kind}"))
                ),
                link: format!("/{}/ties/{}", lang.code(), s.tie.slug),
                updated,
            })
        })
        .collect())
}

fn rfc3339(t: NaiveDateTime) -> String {
    t.and_utc()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// An Atom document; `self_path` and `page_path` are site paths, made absolute with the request's origin.
fn atom(
    req: &HttpRequest,
    lang: Lang,
    title: &str,
    self_path: &str,
    page_path: &str,
    entries: &[Entry],
) -> HttpResponse {
    let origin = super::session::origin(req);
    let updated = entries.iter().map(|e| e.updated).max().unwrap_or_default();
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = write!(
        xml,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\"><title>{}</title><id>{}</id><updated>{}</updated><link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/><link rel=\"alternate\" type=\"text/html\" href=\"{}\"/><author><name>Pantau Kota Kembar</name></author><generator>pantau</generator>",
        lang.code(),
        esc(title),
        esc(&format!("{origin}{self_path}")),
        rfc3339(updated),
        esc(&format!("{origin}{self_path}")),
        esc(&format!("{origin}{page_path}")),
    );
    for e in entries {
        let _ = write!(
            xml,
            "<entry><title>{}</title><id>{}</id><updated>{}</updated><link rel=\"alternate\" type=\"text/html\" href=\"{}\"/><summary>{}</summary></entry>",
            esc(&e.title),
            esc(&e.id),
            rfc3339(e.updated),
            esc(&format!("{origin}{}", e.link)),
            esc(&e.title),
        );
    }
    xml.push_str("</feed>\n");
    HttpResponse::Ok()
        .content_type("application/atom+xml; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=300"))
        .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"))
        .body(xml)
}

async fn all(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let lang = lang(&path)?;
    let list = with_db(&state, move |conn| entries(conn, lang, None)).await?;
    let self_path = format!("/{}/feed.atom", lang.code());
    Ok(atom(
        &req,
        lang,
        &lang.t("feed-title-all"),
        &self_path,
        &format!("/{}/", lang.code()),
        &list,
    ))
}

async fn of_place(
    req: HttpRequest,
    path: web::Path<(String, String)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let (code, slug) = path.into_inner();
    let lang = lang(&code)?;
    let (place, list) = with_db(&state, move |conn| {
        let place = Place::by_slug(conn, &slug)?.ok_or(AppError::NotFound)?;
        let ids: Vec<i32> = Tie::of_place(conn, place.id)?
            .iter()
            .map(|t| t.id)
            .collect();
        let list = entries(conn, lang, Some(ids))?;
        Ok((place, list))
    })
    .await?;
    let page = format!("/{}/places/{}", lang.code(), place.slug);
    let title = lang.t_args(
        "feed-title-of",
        &[("name", place.name_in(lang).to_string())],
    );
    Ok(atom(
        &req,
        lang,
        &title,
        &format!("{page}/feed.atom"),
        &page,
        &list,
    ))
}

async fn of_tie(
    req: HttpRequest,
    path: web::Path<(String, String)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let (code, id) = path.into_inner();
    let lang = lang(&code)?;
    let (summary, list) = with_db(&state, move |conn| {
        let tie = Tie::by_slug(conn, &id)?.ok_or(AppError::NotFound)?;
        let tie_id = tie.id;
        let summary = Tie::summaries(conn, vec![tie])?
            .pop()
            .ok_or(AppError::NotFound)?;
        Ok((summary, entries(conn, lang, Some(vec![tie_id]))?))
    })
    .await?;
    let page = format!("/{}/ties/{}", lang.code(), summary.tie.slug);
    let title = lang.t_args(
        "feed-title-of",
        &[("name", super::view::tie_title(lang, &summary))],
    );
    Ok(atom(
        &req,
        lang,
        &title,
        &format!("{page}/feed.atom"),
        &page,
        &list,
    ))
}

#[cfg(test)]
mod tests {
    use super::esc;

    #[test]
    fn feed_text_is_escaped_and_xml_safe() {
        assert_eq!(
            esc("a\u{c}b\u{1}\u{fffe}\u{ffff}<script>&\"'\t\u{1f600}"),
            "ab&lt;script&gt;&amp;&quot;&#39;\t\u{1f600}"
        );
    }
}
