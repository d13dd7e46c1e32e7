//! Atom feeds (RFC 4287) of new and changed agreements, roadmaps, activities and reports, of
//! statuses reported by sources and of corrections: for everything, for one place and for one
//! tie. Only published records appear. Each entry's `updated` is unique in its feed (the newest
//! change keeps its time; an entry that shares a second with a newer one is dated a second
//! earlier), and an empty feed is dated by the data's last public change, never 1970.

use std::fmt::Write;

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{NaiveDateTime, Timelike};

use super::cache_policy::{CachePolicy, Cached};
use super::export::OpenData;
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
    /// What changed, in words (not the title again).
    content: String,
    link: String,
    updated: NaiveDateTime,
}

/// One feed: its entries and the data's last public change (the date of a feed without entries).
struct Feed {
    entries: Vec<Entry>,
    changed: Option<NaiveDateTime>,
}

/// The newest published records of these ties (or all ties), newest first.
fn entries(
    conn: &mut crate::db::AnyConnection,
    lang: Lang,
    ties: Option<Vec<i32>>,
) -> Result<Feed, AppError> {
    let ids = ties.as_deref();
    let changed = crate::models::revision::Revision::last_change(conn)?;
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
    raw.extend(reported_statuses(conn, lang, ids)?);
    raw.extend(corrections(conn, ids)?);
    raw.sort_by(|a, b| b.4.cmp(&a.4).then_with(|| b.1.cmp(&a.1)));
    raw.truncate(ENTRIES as usize);
    let mut tie_ids: Vec<i32> = raw.iter().map(|r| r.2).collect();
    tie_ids.sort_unstable();
    tie_ids.dedup();
    let ties = Tie::by_ids(conn, &tie_ids)?;
    let summaries = Tie::summaries(conn, ties)?;
    let mut entries: Vec<Entry> = raw
        .into_iter()
        .filter_map(|(kind, id, tie, title, updated)| {
            let s = summaries.iter().find(|s| s.tie.id == tie)?;
            let what = match kind {
                "agreement" => lang.vocab("agreement-kind", &title),
                _ => title,
            };
            let tie_title = super::view::tie_title(lang, s);
            let kind_label = lang.t(&format!("feed-kind-{kind}"));
            let content = lang.t_args(
                &format!("feed-content-{kind}"),
                &[
                    ("tie", tie_title.clone()),
                    ("what", what.clone()),
                    ("date", lang.day(updated.date())),
                ],
            );
            let link = match kind {
                "correction" => format!("/{}/ties/{}/history", lang.code(), s.tie.slug),
                "report" => format!("/{}/reports/{id}", lang.code()),
                _ => format!("/{}/ties/{}", lang.code(), s.tie.slug),
            };
            Some(Entry {
                id: format!("tag:pantau-kota-kembar,2026:{kind}/{id}"),
                title: format!("{tie_title} — {kind_label}: {what}"),
                content,
                link,
                updated,
            })
        })
        .collect();
    // Unique `updated` values, newest first: a tie on the second is moved a second earlier.
    // Feeds write whole seconds, so compare whole seconds.
    for e in entries.iter_mut() {
        e.updated = e.updated.with_nanosecond(0).unwrap_or(e.updated);
    }
    for i in 1..entries.len() {
        let newer = entries[i - 1].updated;
        if entries[i].updated >= newer {
            entries[i].updated = newer - chrono::Duration::seconds(1);
        }
    }
    Ok(Feed { entries, changed })
}

type Raw = (&'static str, i32, i32, String, NaiveDateTime);

/// A reported status: id, tie, status, its date and precision, when it was recorded.
type StatusRow = (
    i32,
    i32,
    String,
    Option<chrono::NaiveDate>,
    Option<String>,
    NaiveDateTime,
);

/// Statuses reported by sources, as recorded (newest first): "expired (December 2022)".
fn reported_statuses(
    conn: &mut crate::db::AnyConnection,
    lang: Lang,
    ties: Option<&[i32]>,
) -> Result<Vec<Raw>, AppError> {
    use crate::schema::reported_statuses as rs;
    use diesel::prelude::*;
    let mut query = rs::table
        .select((
            rs::id,
            rs::tie_id,
            rs::status,
            rs::as_of,
            rs::as_of_precision,
            rs::created_at,
        ))
        .order((rs::created_at.desc(), rs::id.desc()))
        .limit(ENTRIES)
        .into_boxed();
    if let Some(ids) = ties {
        query = query.filter(rs::tie_id.eq_any(ids.to_vec()));
    }
    let rows: Vec<StatusRow> = query.load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, tie, status, as_of, precision, at)| {
            let label = lang.vocab("reported-status", &status);
            let what = match crate::i18n::PartialDate::from_db(as_of, precision.as_deref()) {
                Some(d) => format!("{label} ({})", d.show(lang)),
                None => label,
            };
            ("reported", id, tie, what, at)
        })
        .collect())
}

/// Corrections of published records (newest first), with their reason.
fn corrections(
    conn: &mut crate::db::AnyConnection,
    ties: Option<&[i32]>,
) -> Result<Vec<Raw>, AppError> {
    use crate::schema::revisions as rv;
    use diesel::prelude::*;
    let mut query = rv::table
        .filter(rv::action.eq("correct"))
        .filter(rv::tie_id.is_not_null())
        .select((rv::id, rv::tie_id, rv::reason, rv::changed_at))
        .order((rv::changed_at.desc(), rv::id.desc()))
        .limit(ENTRIES)
        .into_boxed();
    if let Some(ids) = ties {
        query = query.filter(rv::tie_id.eq_any(ids.to_vec()));
    }
    let rows: Vec<(i32, Option<i32>, String, NaiveDateTime)> = query.load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, tie, reason, at)| Some(("correction", id, tie?, reason, at)))
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
    feed: &Feed,
) -> HttpResponse {
    let entries = &feed.entries;
    let origin = super::session::origin(req);
    // Without entries, the data's last public change dates the feed (never the epoch).
    let updated = entries
        .iter()
        .map(|e| e.updated)
        .max()
        .or(feed.changed)
        .unwrap_or_else(|| chrono::Utc::now().naive_utc());
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
            "<entry><title>{}</title><id>{}</id><updated>{}</updated><link rel=\"alternate\" type=\"text/html\" href=\"{}\"/><content type=\"text\">{}</content></entry>",
            esc(&e.title),
            esc(&e.id),
            rfc3339(e.updated),
            esc(&format!("{origin}{}", e.link)),
            esc(&e.content),
        );
    }
    xml.push_str("</feed>\n");
    HttpResponse::Ok()
        .content_type("application/atom+xml; charset=utf-8")
        .open_data()
        .body(xml)
        .cached(CachePolicy::FEED.modified(feed.changed))
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
