//! Place pages: the list of places and each place with its ties.

use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::view::{TieRow, country};
use super::{Ctx, html_page, lang, with_db};
use crate::assessment::{assess_ties, place_figures};
use crate::drawings::{MapPoint, tie_map};
use crate::error::AppError;
use crate::i18n::Value;
use crate::models::place::Place;
use crate::models::revision::Revision;
use crate::models::tie::Tie;
use crate::startup::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/{lang}/places", web::get().to(list))
        .route("/{lang}/places/{slug}", web::get().to(show));
}

pub struct PlaceRow {
    pub name: String,
    pub href: String,
    pub kind: String,
    pub country: String,
    pub ties: i64,
}

#[derive(Template)]
#[template(path = "places/list.html")]
struct ListPage {
    c: Ctx,
    indonesian: Vec<PlaceRow>,
    partners: Vec<PlaceRow>,
}

async fn list(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let lang = lang(&path)?;
    let (all, changed) = with_db(&state, |conn| {
        Ok((
            Place::all_with_tie_counts(conn)?,
            Revision::last_change(conn)?,
        ))
    })
    .await?;
    let (mut indonesian, mut partners) = (Vec::new(), Vec::new());
    for p in all {
        let row = PlaceRow {
            name: p.place.name_in(lang).to_string(),
            href: format!("/{}/places/{}", lang.code(), p.place.slug),
            kind: lang.vocab("place-kind", &p.place.kind),
            country: country(lang, &p.place.country_code),
            ties: p.ties,
        };
        if p.place.is_indonesian() {
            indonesian.push(row)
        } else {
            partners.push(row)
        }
    }
    // By the name shown, which differs between the languages ("Moskwa" / "Moscow").
    indonesian.sort_by(|a, b| a.name.cmp(&b.name));
    partners.sort_by(|a, b| a.country.cmp(&b.country).then_with(|| a.name.cmp(&b.name)));
    let page = ListPage {
        c: Ctx::new(&req, &state, lang, "places"),
        indonesian,
        partners,
    };
    Ok(html_page(&req, page.render()?, super::freshness(changed)))
}

#[derive(Template)]
#[template(path = "places/show.html")]
struct ShowPage {
    c: Ctx,
    slug: String,
    name: String,
    kind: String,
    country: String,
    coordinates: String,
    tie_count: String,
    rows: Vec<TieRow>,
    map: String,
    last_changed: String,
    today: String,
    average_score: Option<u32>,
    average_grade: Option<char>,
    ceremonial: usize,
}

async fn show(
    req: HttpRequest,
    path: web::Path<(String, String)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let (code, slug) = path.into_inner();
    let lang = lang(&code)?;
    let today = state.today();
    let (place, assessed, changed) = with_db(&state, move |conn| {
        let place = Place::by_slug(conn, &slug)?.ok_or(AppError::NotFound)?;
        let ties = Tie::of_place(conn, place.id)?;
        let assessed = assess_ties(conn, ties, today)?;
        Ok((place, assessed, Revision::last_change(conn)?))
    })
    .await?;
    let figures = place_figures(assessed.iter().map(|a| &a.assessment));
    let map = place_map(lang, &state.world_href, &place, &assessed);
    let mut rows: Vec<TieRow> = assessed
        .iter()
        .map(|a| TieRow::new(lang, &a.summary, &a.assessment, Some(&place)))
        .collect();
    rows.sort_by(|a, b| a.partner_name.cmp(&b.partner_name));
    let coordinates = match (place.lat, place.lon) {
        (Some(lat), Some(lon)) => {
            // "7,25° LS, 112,75° BT": the decimal written the language's way.
            let coordinate = |value: f64, negative: &str, positive: &str| {
                let hemisphere = lang.t(if value < 0.0 { negative } else { positive });
                lang.t_values(
                    "coordinate",
                    &[
                        ("value", Value::Decimal(value.abs(), 2)),
                        ("hemisphere", Value::Text(hemisphere)),
                    ],
                )
            };
            format!(
                "{}, {}",
                coordinate(lat, "coord-south", "coord-north"),
                coordinate(lon, "coord-west", "coord-east")
            )
        }
        _ => String::new(),
    };
    let page = ShowPage {
        c: Ctx::new(&req, &state, lang, "places"),
        kind: lang.vocab("place-kind", &place.kind),
        country: country(lang, &place.country_code),
        slug: place.slug.clone(),
        name: place.name_in(lang).to_string(),
        coordinates,
        tie_count: lang.number(rows.len() as i64),
        map,
        last_changed: changed.map(|d| lang.day(d.date())).unwrap_or_default(),
        today: lang.day(today),
        average_score: figures.average_score,
        average_grade: figures.average_grade,
        ceremonial: figures.ceremonial,
        rows,
    };
    Ok(html_page(&req, page.render()?, super::freshness(changed)))
}

/// The place and its partners on the world outline, lines coloured by agreement status.
fn place_map(
    lang: crate::i18n::Lang,
    world_href: &str,
    place: &Place,
    assessed: &[crate::assessment::Assessed],
) -> String {
    let (Some(lat), Some(lon)) = (place.lat, place.lon) else {
        return String::new();
    };
    let partners: Vec<MapPoint> = assessed
        .iter()
        .filter_map(|a| {
            let other = a.summary.other_side(place.id);
            let status = a.assessment.agreement_status.as_str();
            Some(MapPoint {
                lon: other.lon?,
                lat: other.lat?,
                label: format!(
                    "{} ({}) — {}",
                    other.name,
                    country(lang, &other.country_code),
                    lang.vocab("agreement-status", status)
                ),
                class: format!("as-{status}"),
                size: 1.0,
            })
        })
        .collect();
    if partners.is_empty() {
        return String::new();
    }
    let center = MapPoint {
        lon,
        lat,
        label: place.name_in(lang).to_string(),
        class: "center".into(),
        size: 1.0,
    };
    let title = lang.t_args(
        "map-place-title",
        &[("place", place.name_in(lang).to_string())],
    );
    let names: Vec<String> = assessed
        .iter()
        .map(|a| a.summary.other_side(place.id).name_in(lang).to_string())
        .collect();
    let desc = lang.t_values(
        "map-place-desc",
        &[
            ("count", Value::Int(partners.len() as i64)),
            ("partners", Value::Text(names.join(", "))),
        ],
    );
    tie_map("place-map", &title, &desc, world_href, &center, &partners)
}
