//! The bibliography: every source behind the data, with the ties it supports.

use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::view::{source_full, tie_title};
use super::{Ctx, html_page, lang, with_db};
use crate::error::AppError;
use crate::models::revision::Revision;
use crate::models::source::Source;
use crate::models::tie::{ReportedStatus, Tie};
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
}

#[derive(Template)]
#[template(path = "sources/index.html")]
struct SourcesPage {
    c: Ctx,
    documents: Vec<SourceEntry>,
    web: Vec<SourceEntry>,
    other: Vec<SourceEntry>,
}

async fn index(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    use diesel::prelude::*;
    let lang = lang(&path)?;
    let (sources, cited, statuses, summaries, changed) = with_db(&state, |conn| {
        let sources = Source::all_with_counts(conn)?;
        let cited = Source::cited_subjects(conn, "reported_status")?;
        let statuses: Vec<ReportedStatus> = crate::schema::reported_statuses::table.load(conn)?;
        let ties = Tie::all(conn)?;
        let summaries = Tie::summaries(conn, ties)?;
        Ok((
            sources,
            cited,
            statuses,
            summaries,
            Revision::last_change(conn)?,
        ))
    })
    .await?;
    let (mut documents, mut web, mut other) = (Vec::new(), Vec::new(), Vec::new());
    for (source, _) in sources {
        let mut ties: Vec<TieLink> = cited
            .get(&source.id)
            .into_iter()
            .flatten()
            .filter_map(|status_id| statuses.iter().find(|s| s.id == *status_id))
            .filter_map(|status| summaries.iter().find(|s| s.tie.id == status.tie_id))
            .map(|s| TieLink {
                title: tie_title(lang, s),
                href: format!("/{}/ties/{}", lang.code(), s.tie.slug),
            })
            .collect();
        ties.sort_by(|a, b| a.title.cmp(&b.title));
        ties.dedup_by(|a, b| a.href == b.href);
        let entry = SourceEntry {
            reference: source_full(lang, &source),
            url: source.url.clone(),
            ties,
        };
        match source.kind.as_str() {
            "document" => documents.push(entry),
            "web" => web.push(entry),
            _ => other.push(entry),
        }
    }
    let page = SourcesPage {
        c: Ctx::new(&req, &state, lang, "sources"),
        documents,
        web,
        other,
    };
    Ok(html_page(
        &req,
        page.render()?,
        super::freshness(&state, changed),
    ))
}
