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
use crate::models::region::{self, Region};
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

/// The Indonesian places of one province (the province itself first), or of none.
pub struct ProvinceGroup {
    pub id: String,
    pub name: String,
    pub with_ties: usize,
    /// "38 regions, 3 with ties" in the page's language.
    pub counts: String,
    /// On the first page: the link to the province's page with all its places, and its text.
    pub all_href: Option<String>,
    pub all_label: String,
    pub rows: Vec<PlaceRow>,
}

/// A partner country on the place list's first page, linking to its places.
pub struct CountryRow {
    pub name: String,
    pub href: String,
    pub places: usize,
}

#[derive(Template)]
#[template(path = "places/list.html")]
struct ListPage {
    c: Ctx,
    /// Set on the page of one province or country: the link back to the whole list.
    back: Option<String>,
    provinces: Vec<ProvinceGroup>,
    countries: Vec<CountryRow>,
    partners: Vec<PlaceRow>,
    prev: Option<String>,
    next: Option<String>,
}

/// Places per page of one province or country.
const PER_PAGE: usize = 100;
/// The most places with ties a province shows on the list's first page.
const FIRST_PAGE_PER_GROUP: usize = 8;

/// What the place list shows: the first page (every province with its places that have ties,
/// and the partner countries), one province's places, or one country's partner places.
enum View {
    Index,
    Province(String),
    Country(String),
}

/// The view and page a query asks for; `None` for a value that is not valid.
fn view_of(query: &str) -> Option<(View, usize)> {
    let pairs = crate::routes::form::decode_pairs(query)?;
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let page = match get("page") {
        None => 1,
        Some(p) => p
            .parse::<usize>()
            .ok()
            .filter(|p| (1..=100_000).contains(p))?,
    };
    let view = match (get("province"), get("country")) {
        (Some(p), None)
            if p == "other" || (p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit())) =>
        {
            View::Province(p)
        }
        (None, Some(c)) if c.len() == 2 && c.bytes().all(|b| b.is_ascii_alphabetic()) => {
            View::Country(c.to_ascii_uppercase())
        }
        (None, None) => View::Index,
        _ => return None,
    };
    Some((view, page))
}

/// The rows of one page, and the links to the pages before and after it.
fn paged<T>(
    rows: Vec<T>,
    page: usize,
    href: &dyn Fn(usize) -> String,
) -> (Vec<T>, Option<String>, Option<String>) {
    let pages = rows.len().div_ceil(PER_PAGE).max(1);
    let page = page.min(pages);
    let prev = (page > 1).then(|| href(page - 1));
    let next = (page < pages).then(|| href(page + 1));
    let rows = rows
        .into_iter()
        .skip((page - 1) * PER_PAGE)
        .take(PER_PAGE)
        .collect();
    (rows, prev, next)
}

async fn list(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let lang = lang(&path)?;
    let (view, page) = view_of(req.query_string()).ok_or(AppError::NotFound)?;
    let (all, regions, changed) = with_db(&state, |conn| {
        Ok((
            Place::all_with_tie_counts(conn)?,
            Region::all(conn)?,
            Revision::last_change(conn)?,
        ))
    })
    .await?;
    let base = format!("/{}/places", lang.code());
    // Province code → (province place's name, its places as (is the province, name, row)).
    type Members = Vec<(bool, String, PlaceRow)>;
    let mut groups: std::collections::BTreeMap<String, (String, Members)> = Default::default();
    let mut partners = Vec::new();
    for p in all {
        let row = PlaceRow {
            name: p.place.name_in(lang).to_string(),
            href: format!("/{}/places/{}", lang.code(), p.place.slug),
            kind: lang.vocab("place-kind", &p.place.kind),
            country: country(lang, &p.place.country_code),
            ties: p.ties,
        };
        if !p.place.is_indonesian() {
            partners.push((p.place.country_code.clone(), row));
            continue;
        }
        // Places without an official code (the capital region Nusantara) come last.
        let (key, is_province) = match regions.get(&p.place.id) {
            Some(r) => (r.province_code.clone(), r.is_province()),
            None => ("~".to_string(), false),
        };
        let group = groups.entry(key).or_default();
        if is_province {
            group.0 = p.place.name_in(lang).to_string();
        }
        // By the name shown, which differs between the languages ("Moskwa" / "Moscow").
        group.1.push((is_province, row.name.clone(), row));
    }
    let index = matches!(view, View::Index);
    let wanted = match &view {
        View::Province(p) => Some(if p == "other" {
            "~".to_string()
        } else {
            p.clone()
        }),
        View::Country(_) => Some(String::new()),
        View::Index => None,
    };
    let (mut prev, mut next) = (None, None);
    let mut provinces = Vec::new();
    for (code, (name, mut members)) in groups {
        if wanted.as_ref().is_some_and(|w| *w != code) {
            continue;
        }
        members.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        let with_ties = members.iter().filter(|m| m.2.ties > 0).count();
        let regions = members.len();
        let key = if code == "~" { "other" } else { code.as_str() };
        let name = if name.is_empty() {
            lang.t("places-no-province")
        } else {
            name
        };
        let mut rows: Vec<PlaceRow> = members.into_iter().map(|m| m.2).collect();
        if index {
            // The first page names the places with ties (at most `FIRST_PAGE_PER_GROUP`, those
            // with the most ties, in the group's order); the province's page has them all.
            rows.retain(|r| r.ties > 0);
            if rows.len() > FIRST_PAGE_PER_GROUP {
                let mut order: Vec<usize> = (0..rows.len()).collect();
                order.sort_by_key(|i| (std::cmp::Reverse(rows[*i].ties), *i));
                let mut keep = vec![false; rows.len()];
                for i in order.into_iter().take(FIRST_PAGE_PER_GROUP) {
                    keep[i] = true;
                }
                let mut i = 0;
                rows.retain(|_| {
                    i += 1;
                    keep[i - 1]
                });
            }
        } else {
            let href = |n: usize| format!("{base}?province={key}&page={n}");
            (rows, prev, next) = paged(rows, page, &href);
        }
        provinces.push(ProvinceGroup {
            counts: lang.t_values(
                "places-province-counts",
                &[
                    ("regions", Value::Int(regions as i64)),
                    ("with", Value::Int(with_ties as i64)),
                ],
            ),
            all_href: index.then(|| format!("{base}?province={key}")),
            all_label: lang.t_values(
                "places-province-all",
                &[
                    ("count", Value::Int(regions as i64)),
                    ("province", Value::Text(name.clone())),
                ],
            ),
            id: format!("prov-{key}"),
            name,
            with_ties,
            rows,
        });
    }
    partners.sort_by(|a, b| {
        a.1.country
            .cmp(&b.1.country)
            .then_with(|| a.1.name.cmp(&b.1.name))
    });
    let mut countries: Vec<CountryRow> = Vec::new();
    let partners = match &view {
        View::Index => {
            for (code, row) in &partners {
                match countries.last_mut() {
                    Some(c) if c.name == row.country => c.places += 1,
                    _ => countries.push(CountryRow {
                        name: row.country.clone(),
                        href: format!("{base}?country={code}"),
                        places: 1,
                    }),
                }
            }
            Vec::new()
        }
        View::Country(cc) => {
            let rows: Vec<PlaceRow> = partners
                .into_iter()
                .filter(|(code, _)| code == cc)
                .map(|(_, row)| row)
                .collect();
            let href = |n: usize| format!("{base}?country={cc}&page={n}");
            let (rows, p, n) = paged(rows, page, &href);
            (prev, next) = (p, n);
            rows
        }
        View::Province(_) => Vec::new(),
    };
    if !index && provinces.is_empty() && partners.is_empty() {
        return Err(AppError::NotFound);
    }
    let page = ListPage {
        c: Ctx::new(&req, &state, lang, "places"),
        back: (!index).then(|| base.clone()),
        provinces,
        countries,
        partners,
        prev,
        next,
    };
    Ok(html_page(
        &req,
        page.render()?,
        super::freshness(&state, changed),
    ))
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
    /// The official Kemendagri code, empty when the place has none.
    code: String,
    /// The province of a regency or city: (name, href).
    province: Option<(String, String)>,
    alt_names: Vec<String>,
    indonesian: bool,
    /// The region's information officer (PPID), when recorded.
    ppid: crate::editorial::Contact,
    /// For the editors' links.
    id: i32,
}

async fn show(
    req: HttpRequest,
    path: web::Path<(String, String)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let (code, slug) = path.into_inner();
    let lang = lang(&code)?;
    let today = state.today();
    let merged = slug.clone();
    let found = with_db(&state, move |conn| {
        let place = Place::by_slug(conn, &slug)?.ok_or(AppError::NotFound)?;
        let ties = Tie::of_place(conn, place.id)?;
        let assessed = assess_ties(conn, ties, today)?;
        let region = Region::of_place(conn, place.id)?;
        let province = match &region {
            Some(r) if !r.is_province() => match Region::by_code(conn, &r.province_code)? {
                Some(p) => Place::by_ids(conn, &[p.place_id])?.into_iter().next(),
                None => None,
            },
            _ => None,
        };
        let extra = (
            region.map(|r| r.code).unwrap_or_default(),
            province,
            region::alt_names_of(conn, place.id)?,
            crate::editorial::Contact::of_place(conn, place.id)?,
        );
        Ok((place, assessed, Revision::last_change(conn)?, extra))
    })
    .await;
    // A place merged into another answers with a 301 to the kept one.
    if let Err(AppError::NotFound) = found
        && let Some(res) =
            super::place_history::merged_place_redirect(&state, lang, merged, "").await?
    {
        return Ok(res);
    }
    let (place, assessed, changed, (code, province, alt_names, ppid)) = found?;
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
        code,
        province: province.map(|p| {
            let href = format!("/{}/places/{}", lang.code(), p.slug);
            (p.name_in(lang).to_string(), href)
        }),
        alt_names,
        indonesian: place.country_code == "ID",
        ppid,
        id: place.id,
    };
    Ok(html_page(
        &req,
        page.render()?,
        super::freshness(&state, changed),
    ))
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
