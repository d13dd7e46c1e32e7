//! The home page: the national overview of ties.

use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::view::tie_title;
use super::{Ctx, html_page, lang, with_db};
use crate::error::AppError;
use crate::models::place::Place;
use crate::models::revision::Revision;
use crate::models::tie::Tie;
use crate::startup::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/{lang}", web::get().to(home));
}

pub struct StatusCount {
    pub status: String,
    pub label: String,
    pub count: i64,
    /// Share of all ties, in whole percent (for the bar width).
    pub percent: i64,
}

pub struct PlaceLink {
    pub name: String,
    pub href: String,
    pub ties: i64,
}

pub struct Change {
    pub date: String,
    pub title: String,
    pub href: String,
    pub action: String,
}

#[derive(Template)]
#[template(path = "home/index.html")]
struct HomePage {
    c: Ctx,
    places: String,
    ties: String,
    countries: String,
    indonesian_places: String,
    statuses: Vec<StatusCount>,
    changes: Vec<Change>,
    indonesian: Vec<PlaceLink>,
}

async fn home(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let lang = lang(&path)?;
    let (places, ties, countries, indonesian, by_status, latest, last_change) =
        with_db(&state, move |conn| {
            let places = Place::count(conn)?;
            let ties = Tie::count(conn)?;
            let countries = Place::partner_country_count(conn)?;
            let mut indonesian: Vec<_> = Place::all_with_tie_counts(conn)?
                .into_iter()
                .filter(|p| p.place.is_indonesian())
                .collect();
            indonesian.sort_by(|a, b| {
                b.ties
                    .cmp(&a.ties)
                    .then_with(|| a.place.name.cmp(&b.place.name))
            });
            let by_status = Tie::count_by_reported_status(conn)?;
            let revisions = Revision::latest_on_ties(conn, 12)?;
            let ids: Vec<i32> = revisions.iter().filter_map(|r| r.tie_id).collect();
            let changed_ties = Tie::by_ids(conn, &ids)?;
            let summaries = Tie::summaries(conn, changed_ties)?;
            let latest: Vec<_> = revisions
                .into_iter()
                .filter_map(|r| {
                    summaries
                        .iter()
                        .find(|s| Some(s.tie.id) == r.tie_id)
                        .map(|s| (r, s.clone()))
                })
                .collect();
            Ok((
                places,
                ties,
                countries,
                indonesian,
                by_status,
                latest,
                Revision::last_change(conn)?,
            ))
        })
        .await?;
    let statuses = by_status
        .into_iter()
        .map(|(status, count)| StatusCount {
            label: lang.vocab("reported-status", &status),
            percent: if ties > 0 {
                (count * 100 + ties / 2) / ties
            } else {
                0
            },
            status,
            count,
        })
        .collect();
    let changes = latest
        .iter()
        .map(|(r, s)| Change {
            date: lang.day(r.changed_at.date()),
            title: tie_title(s),
            href: format!("/{}/ties/{}", lang.code(), s.tie.slug),
            action: lang.vocab("revision-action", &r.action),
        })
        .collect();
    let page = HomePage {
        c: Ctx::new(&req, &state, lang, "home"),
        places: lang.number(places),
        ties: lang.number(ties),
        countries: lang.number(countries),
        indonesian_places: lang.number(indonesian.len() as i64),
        statuses,
        changes,
        indonesian: indonesian
            .iter()
            .map(|p| PlaceLink {
                name: p.place.name.clone(),
                href: format!("/{}/places/{}", lang.code(), p.place.slug),
                ties: p.ties,
            })
            .collect(),
    };
    Ok(html_page(
        &req,
        page.render()?,
        super::freshness(last_change),
    ))
}
