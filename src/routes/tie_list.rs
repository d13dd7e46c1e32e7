//! The tie list with filters, sort and pagination at `/{lang}/ties` (its exports of exactly the
//! same rows, all pages, are `routes::tie_export`).

use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::view::{TieRow, country};
use super::{Ctx, html_page, lang, with_db};
use crate::assessment::{ActivityStatus, AgreementStatus, GRADES};
use crate::error::{AppError, OwnBody};
use crate::models::revision::Revision;
use crate::models::tie::REPORTED_STATUSES;
use crate::models::{agreement, place};
use crate::startup::AppState;
use crate::tie_query::{PER_PAGE, SORTS, TieQuery};

// Where the exports' CSV helpers were first published.
pub use super::export::{neutralise, to_csv};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/{lang}/ties", web::get().to(list));
}

/// The query's pairs and its `place` value when that is a name ("Bandung") rather than a slug.
fn place_name(query: &str) -> Option<(Vec<(String, String)>, String)> {
    let pairs = super::form::decode_pairs(query)?;
    let value = pairs
        .iter()
        .find(|(k, _)| k == "place")?
        .1
        .trim()
        .to_string();
    let is_slug = value
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    (!value.is_empty() && !is_slug && value.chars().count() <= 80).then_some((pairs, value))
}

/// The query without a `place` name that matched no place (its error is shown instead).
fn without_place_name(query: &str) -> String {
    match place_name(query) {
        Some((pairs, _)) => {
            let rest: Vec<(String, String)> =
                pairs.into_iter().filter(|(k, _)| k != "place").collect();
            serde_urlencoded::to_string(&rest).unwrap_or_default()
        }
        None => query.to_string(),
    }
}

/// The most place names the place filter's `<datalist>` offers.
const PLACE_SUGGESTIONS: usize = 100;

pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

fn choices(
    current: Option<&str>,
    items: impl IntoIterator<Item = (String, String)>,
) -> Vec<Choice> {
    items
        .into_iter()
        .map(|(value, label)| Choice {
            selected: current == Some(value.as_str()),
            value,
            label,
        })
        .collect()
}

pub struct SortLink {
    pub label: String,
    pub href: String,
    /// `ascending`, `descending` or empty, for `aria-sort`.
    pub state: &'static str,
}

pub struct PageLink {
    pub number: usize,
    pub href: String,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "ties/list.html")]
struct ListPage {
    c: Ctx,
    /// "All ties", or the filters in words (heading, title, caption, citation).
    title: String,
    /// The date statuses are judged on, for the citation.
    today: String,
    error: String,
    count: String,
    rows: Vec<TieRow>,
    q: String,
    place: String,
    /// Names offered by the place filter's `<datalist>` (the places with ties).
    place_names: Vec<String>,
    signed_from: String,
    signed_to: String,
    countries: Vec<Choice>,
    kinds: Vec<Choice>,
    fields: Vec<Choice>,
    types: Vec<Choice>,
    reported: Vec<Choice>,
    statuses: Vec<Choice>,
    activities: Vec<Choice>,
    grades: Vec<Choice>,
    roadmap: Vec<Choice>,
    report: Vec<Choice>,
    ceremonial: Vec<Choice>,
    per_page: Vec<Choice>,
    sorts: Vec<SortLink>,
    pages: Vec<PageLink>,
    prev: Option<String>,
    next: Option<String>,
    csv_href: String,
    json_href: String,
    active_filters: usize,
}

async fn list(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let lang = lang(&path)?;
    let mut place_unknown = None;
    if let Some((pairs, name)) = place_name(req.query_string()) {
        let lookup = name.clone();
        let slug = with_db(&state, move |conn| {
            let best = crate::search::place_match::find(conn, &lookup, 1)?;
            Ok(best.into_iter().find(|p| !p.how.is_near()).map(|p| p.slug))
        })
        .await?;
        match slug {
            // The list's address keeps the place's slug: a name is looked up once and replaced.
            Some(slug) => {
                let pairs: Vec<(String, String)> = pairs
                    .into_iter()
                    .map(|(k, v)| {
                        if k == "place" {
                            (k, slug.clone())
                        } else {
                            (k, v)
                        }
                    })
                    .collect();
                let qs = serde_urlencoded::to_string(&pairs).unwrap_or_default();
                return Ok(HttpResponse::SeeOther()
                    .insert_header(("Location", format!("/{}/ties?{qs}", lang.code())))
                    .finish());
            }
            None => place_unknown = Some(lang.t_args("filter-place-unknown", &[("name", name)])),
        }
    }
    let (query, error) = match TieQuery::parse(&without_place_name(req.query_string())) {
        Ok(q) => (q, None),
        Err(e) => (
            TieQuery::parse("").unwrap_or_default(),
            Some(e.message(lang)),
        ),
    };
    let error = error.or(place_unknown);
    let found = if error.is_some() {
        crate::tie_query::Page {
            rows: Vec::new(),
            total: 0,
            page: 1,
        }
    } else {
        let today = state.today();
        let query = query.clone();
        with_db(&state, move |conn| Ok(query.page(conn, lang, today, true)?)).await?
    };
    // At national scale the suggestions are the places with the most ties (the filter still
    // takes any name); every list of one data version offers the same (`routes::shared`).
    let with_ties = super::shared::for_version(&req, &state, "place-suggestions", |conn| {
        Ok(crate::models::place::Place::most_tied(conn, PLACE_SUGGESTIONS, false)?.top)
    })
    .await?;
    let mut place_names: Vec<String> = with_ties
        .iter()
        .map(|p| p.place.name_in(lang).to_string())
        .collect();
    place_names.sort();
    place_names.dedup();
    let changed = with_db(&state, move |conn| Ok(Revision::last_change(conn)?)).await?;
    let total = found.total;
    let pages = query.pages(total);
    let page = found.page;
    let base = format!("/{}/ties", lang.code());
    let link = |q: &TieQuery| {
        let qs = q.to_query(true);
        if qs.is_empty() {
            base.clone()
        } else {
            format!("{base}?{qs}")
        }
    };
    let page_href = |n: usize| {
        link(&TieQuery {
            page: n,
            ..query.clone()
        })
    };
    let filters = query.filters();
    let f = |k: &str| filters.get(k).map(String::as_str);
    let yes_no = |k: &str| {
        choices(
            f(k),
            [
                ("yes".to_string(), lang.t("filter-yes")),
                ("no".to_string(), lang.t("filter-no")),
            ],
        )
    };
    let export_qs = query.to_query(false);
    let export = |ext: &str| {
        if export_qs.is_empty() {
            format!("{base}.{ext}")
        } else {
            format!("{base}.{ext}?{export_qs}")
        }
    };

    // Countries that occur as partners, named in the page's language.
    let mut country_codes: Vec<String> = crate::routes::view::PARTNER_COUNTRIES
        .iter()
        .map(|c| c.to_string())
        .collect();
    country_codes.sort_by_key(|c| country(lang, c));

    let page_rows: Vec<TieRow> = found
        .rows
        .iter()
        .map(|a| TieRow::new(lang, &a.summary, &a.assessment, None))
        .collect();
    let mut c = Ctx::new(&req, &state, lang, "ties");
    c.keep_query = true;
    let page_view = ListPage {
        c,
        title: super::list_words::list_title(lang, &filters),
        today: lang.day(state.today()),
        error: error.clone().unwrap_or_default(),
        count: lang.number(total as i64),
        rows: page_rows,
        q: query.q.clone().unwrap_or_default(),
        place: query.place.clone().unwrap_or_default(),
        place_names,
        signed_from: query.signed_from.map(|y| y.to_string()).unwrap_or_default(),
        signed_to: query.signed_to.map(|y| y.to_string()).unwrap_or_default(),
        countries: choices(
            f("country"),
            country_codes
                .into_iter()
                .map(|c| (c.clone(), country(lang, &c))),
        ),
        kinds: choices(
            f("kind"),
            place::KINDS
                .iter()
                .map(|k| (k.to_string(), lang.vocab("place-kind", k))),
        ),
        fields: choices(
            f("field"),
            crate::routes::view::FIELDS
                .iter()
                .map(|k| (k.to_string(), lang.vocab("field", k))),
        ),
        types: choices(
            f("type"),
            agreement::KINDS
                .iter()
                .map(|k| (k.to_string(), lang.vocab("agreement-kind", k))),
        ),
        reported: choices(
            f("reported"),
            REPORTED_STATUSES
                .iter()
                .map(|k| (k.to_string(), lang.vocab("reported-status", k))),
        ),
        statuses: choices(
            f("status"),
            AgreementStatus::ALL.iter().map(|s| {
                (
                    s.as_str().to_string(),
                    lang.vocab("agreement-status", s.as_str()),
                )
            }),
        ),
        activities: choices(
            f("activity"),
            ActivityStatus::ALL.iter().map(|s| {
                (
                    s.as_str().to_string(),
                    lang.vocab("activity-status", s.as_str()),
                )
            }),
        ),
        grades: choices(
            f("grade"),
            GRADES.iter().map(|g| (g.to_string(), g.to_string())),
        ),
        roadmap: yes_no("roadmap"),
        report: yes_no("report"),
        ceremonial: yes_no("ceremonial"),
        per_page: PER_PAGE
            .iter()
            .map(|n| Choice {
                value: n.to_string(),
                label: n.to_string(),
                selected: *n == query.per_page,
            })
            .collect(),
        sorts: SORTS
            .iter()
            .map(|key| {
                let current = query.sort == *key;
                let descending = current && !query.descending;
                let href = link(&TieQuery {
                    sort: key.to_string(),
                    descending,
                    page: 1,
                    ..query.clone()
                });
                let state = match (current, query.descending) {
                    (false, _) => "",
                    (true, false) => "ascending",
                    (true, true) => "descending",
                };
                SortLink {
                    label: lang.t(&format!("sort-{key}")),
                    href,
                    state,
                }
            })
            .collect(),
        pages: page_numbers(page, pages)
            .into_iter()
            .map(|n| PageLink {
                number: n,
                href: page_href(n),
                current: n == page,
            })
            .collect(),
        prev: (page > 1).then(|| page_href(page - 1)),
        next: (page < pages).then(|| page_href(page + 1)),
        csv_href: export("csv"),
        json_href: export("json"),
        active_filters: filters.len(),
    };
    let body = page_view.render()?;
    if error.is_some() {
        let mut res = HttpResponse::BadRequest()
            .content_type("text/html; charset=utf-8")
            .body(body);
        res.extensions_mut().insert(OwnBody);
        return Ok(res);
    }
    Ok(html_page(&req, body, super::freshness(&state, changed)))
}

/// Page numbers to link: the first, the last and two either side of the current one.
fn page_numbers(current: usize, pages: usize) -> Vec<usize> {
    let mut out: Vec<usize> = (1..=pages)
        .filter(|n| *n == 1 || *n == pages || n.abs_diff(current) <= 2)
        .collect();
    out.dedup();
    out
}
