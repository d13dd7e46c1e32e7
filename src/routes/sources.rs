//! The bibliography: every source behind the data, with the ties it supports.

use std::collections::HashMap;

use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::view::{source_full, tie_title};
use super::{Ctx, html_page, lang, with_db};
use crate::error::AppError;
use crate::models::revision::Revision;
use crate::models::source::Source;
use crate::models::tie::{Tie, TieSummary};
use crate::startup::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/{lang}/sources", web::get().to(index));
}

pub struct TieLink {
    pub title: String,
    pub href: String,
}

pub struct SourceEntry {
    pub reference: String,
    pub url: Option<String>,
    pub ties: Vec<TieLink>,
    /// How many more ties it supports than are linked.
    pub more: usize,
}

/// Sources per page.
const PER_PAGE: usize = 25;
/// Ties linked under one source: every one for the starter data's sources (25 at most), the
/// first of the 700 a source of the generated national data supports, with how many more.
/// 25 sources of 25 links keep a page under 100 KB.
const TIES_PER_SOURCE: usize = 25;

#[derive(Template)]
#[template(path = "sources/index.html")]
struct SourcesPage {
    c: Ctx,
    /// The number the page's first source has in the whole list.
    start: usize,
    documents: Vec<SourceEntry>,
    web: Vec<SourceEntry>,
    other: Vec<SourceEntry>,
    prev: Option<String>,
    next: Option<String>,
}

/// `?page=N` (1 when absent); `None` for anything else.
fn page_of(query: &str) -> Option<usize> {
    let pairs = crate::routes::form::decode_pairs(query)?;
    match pairs
        .iter()
        .find(|(k, _)| k == "page")
        .map(|(_, v)| v.trim())
    {
        None | Some("") => Some(1),
        Some(p) => p.parse().ok().filter(|p| (1..=100_000).contains(p)),
    }
}

async fn index(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let lang = lang(&path)?;
    let page = page_of(req.query_string()).ok_or(AppError::NotFound)?;
    let offset = (page - 1) * PER_PAGE;
    let (total, sources, supported, summaries, changed) = with_db(&state, move |conn| {
        let total = usize::try_from(Source::count(conn)?).unwrap_or(0);
        let sources = Source::page(conn, offset as i64, PER_PAGE as i64)?;
        let ids: Vec<i32> = sources.iter().map(|s| s.id).collect();
        // The ties of each source in slug order; only the first few of each are linked.
        let mut supported: HashMap<i32, Vec<i32>> = HashMap::new();
        for (source, tie, _) in Source::supported_ties(conn, &ids)? {
            supported.entry(source).or_default().push(tie);
        }
        let mut shown: Vec<i32> = supported
            .values()
            .flat_map(|ties| ties.iter().take(TIES_PER_SOURCE).copied())
            .collect();
        shown.sort_unstable();
        shown.dedup();
        let ties = Tie::by_ids(conn, &shown)?;
        Ok((
            total,
            sources,
            supported,
            Tie::summaries_uncited(conn, ties)?,
            Revision::last_change(conn)?,
        ))
    })
    .await?;
    let pages = total.div_ceil(PER_PAGE).max(1);
    if page > pages {
        return Err(AppError::NotFound);
    }
    let summaries: HashMap<i32, &TieSummary> = summaries.iter().map(|s| (s.tie.id, s)).collect();
    let (mut documents, mut web, mut other) = (Vec::new(), Vec::new(), Vec::new());
    for source in sources {
        let of_source = supported.get(&source.id).map_or(&[][..], Vec::as_slice);
        let mut ties: Vec<TieLink> = of_source
            .iter()
            .take(TIES_PER_SOURCE)
            .filter_map(|id| summaries.get(id))
            .map(|s| TieLink {
                title: tie_title(lang, s),
                href: format!("/{}/ties/{}", lang.code(), s.tie.slug),
            })
            .collect();
        ties.sort_by(|a, b| a.title.cmp(&b.title));
        let entry = SourceEntry {
            reference: source_full(lang, &source),
            url: source.url.clone(),
            more: of_source.len().saturating_sub(ties.len()),
            ties,
        };
        match source.kind.as_str() {
            "document" => documents.push(entry),
            "web" => web.push(entry),
            _ => other.push(entry),
        }
    }
    let href = |n: usize| {
        if n == 1 {
            format!("/{}/sources", lang.code())
        } else {
            format!("/{}/sources?page={n}", lang.code())
        }
    };
    let page_view = SourcesPage {
        c: Ctx::new(&req, &state, lang, "sources"),
        start: offset + 1,
        documents,
        web,
        other,
        prev: (page > 1).then(|| href(page - 1)),
        next: (page < pages).then(|| href(page + 1)),
    };
    Ok(html_page(
        &req,
        page_view.render()?,
        super::freshness(&state, changed),
    ))
}
