//! The tie list with filters, sort and pagination, and its CSV and JSON exports of exactly the
//! same rows (all pages), at `/{lang}/ties`, `/{lang}/ties.csv` and `/{lang}/ties.json`.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Serialize;

use super::cache_policy::{CachePolicy, Cached};
use super::export::{self, OpenData};
use super::view::{TieRow, country};
use super::{Ctx, html_page, lang, with_db};
use crate::assessment::{ActivityStatus, AgreementStatus, Assessed, GRADES};
use crate::error::{AppError, OwnBody};
use crate::i18n::Lang;
use crate::models::revision::Revision;
use crate::models::tie::REPORTED_STATUSES;
use crate::models::{agreement, place};
use crate::startup::AppState;
use crate::tie_query::{PER_PAGE, SORTS, TieQuery};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/{lang}/ties", web::get().to(list))
        .route("/{lang}/ties.csv", web::get().to(csv_export))
        .route("/{lang}/ties.json", web::get().to(json_export));
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

/// All ties matching a query, sorted (not paginated), from SQL over the stored assessments.
async fn matching(
    state: &web::Data<AppState>,
    lang: Lang,
    query: &TieQuery,
) -> Result<Vec<Assessed>, AppError> {
    let today = state.today();
    let query = query.clone();
    with_db(state, move |conn| Ok(query.rows(conn, lang, today)?)).await
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
    let (changed, place_names) = with_db(&state, move |conn| {
        // At national scale the suggestions are the places with the most ties (the filter
        // still takes any name).
        let with_ties = crate::models::place::Place::most_tied(conn, PLACE_SUGGESTIONS, false)?.top;
        let mut names: Vec<String> = with_ties
            .into_iter()
            .map(|p| p.place.name_in(lang).to_string())
            .collect();
        names.sort();
        names.dedup();
        Ok((Revision::last_change(conn)?, names))
    })
    .await?;
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

/// One tie as exported (CSV row, JSON object, xlsx row), with stable English field names, ISO
/// dates at their precision and codes for every vocabulary; the same file whatever the URL's
/// language: names and texts come as Indonesian and English columns, URLs are absolute.
#[derive(Serialize)]
pub struct ExportRow {
    pub id: String,
    /// The tie's page, in Indonesian (`url_en`: in English).
    pub url: String,
    pub url_en: String,
    /// The Indonesian place's name (`_en`: its English name, where it differs).
    pub indonesian_place: String,
    pub indonesian_place_en: String,
    pub indonesian_place_slug: String,
    pub partner: String,
    pub partner_en: String,
    pub partner_slug: String,
    pub partner_country: String,
    pub tie_kind: String,
    pub first_agreement_type: String,
    /// When the first agreement on record was signed, at its precision (`1993`, `1989-11`).
    pub first_agreement_signed_on: String,
    /// When sources date the tie's start, at its precision (also without an agreement on record).
    pub started_on: String,
    pub fields: String,
    pub reported_status: String,
    pub agreement_status: String,
    /// Why the agreement has its status, in Indonesian and in English.
    pub agreement_status_reason_id: String,
    pub agreement_status_reason_en: String,
    pub activity_status: String,
    pub score: u32,
    pub grade: String,
    pub ceremonial: bool,
    /// "Sources disagree: …" when a reported status contradicts the derived one, else empty.
    pub disagreement_id: String,
    pub disagreement_en: String,
    /// The version of the methodology that produced the statuses and the score.
    pub methodology_version: String,
}

impl ExportRow {
    /// The CSV columns, in order (the struct's field names).
    pub const COLUMNS: [&'static str; 26] = [
        "id",
        "url",
        "url_en",
        "indonesian_place",
        "indonesian_place_en",
        "indonesian_place_slug",
        "partner",
        "partner_en",
        "partner_slug",
        "partner_country",
        "tie_kind",
        "first_agreement_type",
        "first_agreement_signed_on",
        "started_on",
        "fields",
        "reported_status",
        "agreement_status",
        "agreement_status_reason_id",
        "agreement_status_reason_en",
        "activity_status",
        "score",
        "grade",
        "ceremonial",
        "disagreement_id",
        "disagreement_en",
        "methodology_version",
    ];

    /// The row, with absolute URLs under `origin` (`https://pantau.example`).
    pub fn new(origin: &str, a: &Assessed) -> ExportRow {
        let s = &a.summary;
        let first = s.first_agreement();
        let disagreement = |lang| {
            a.assessment
                .disagreement
                .as_ref()
                .map(|r| r.text(lang))
                .unwrap_or_default()
        };
        ExportRow {
            id: s.tie.slug.clone(),
            url: format!("{origin}/id/ties/{}", s.tie.slug),
            url_en: format!("{origin}/en/ties/{}", s.tie.slug),
            indonesian_place: s.place.name_in(Lang::Id).to_string(),
            indonesian_place_en: s.place.name_in(Lang::En).to_string(),
            indonesian_place_slug: s.place.slug.clone(),
            partner: s.partner.name_in(Lang::Id).to_string(),
            partner_en: s.partner.name_in(Lang::En).to_string(),
            partner_slug: s.partner.slug.clone(),
            partner_country: s.partner.country_code.clone(),
            tie_kind: s.tie.kind.clone(),
            first_agreement_type: first.map(|ag| ag.kind.clone()).unwrap_or_default(),
            first_agreement_signed_on: first
                .and_then(|ag| ag.signed())
                .map(|d| d.iso())
                .unwrap_or_default(),
            started_on: s.started().map(|d| d.iso()).unwrap_or_default(),
            fields: s.fields.join(";"),
            reported_status: s
                .latest_reported()
                .map(|r| r.status.status.clone())
                .unwrap_or_else(|| "unknown".into()),
            agreement_status: a.assessment.agreement_status.as_str().into(),
            agreement_status_reason_id: a.assessment.agreement_reason.text(Lang::Id),
            agreement_status_reason_en: a.assessment.agreement_reason.text(Lang::En),
            activity_status: a.assessment.activity_status.as_str().into(),
            score: a.assessment.score,
            grade: a.assessment.grade.to_string(),
            ceremonial: a.assessment.ceremonial,
            disagreement_id: disagreement(Lang::Id),
            disagreement_en: disagreement(Lang::En),
            methodology_version: a.assessment.methodology_version.into(),
        }
    }
}

/// A cell that a spreadsheet would run as a formula gets a leading apostrophe.
pub fn neutralise(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

/// Rows as RFC 4180 CSV with a header (also when there is no row), columns in the given order,
/// every text cell neutralised against formula injection.
pub fn to_csv<T: Serialize>(columns: &[&str], rows: &[T]) -> Result<String, AppError> {
    fn fail(e: impl Into<crate::error::BoxError>) -> AppError {
        AppError::internal("csv export", e)
    }
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    out.write_record(columns).map_err(fail)?;
    for row in rows {
        let value = serde_json::to_value(row).map_err(fail)?;
        let cells: Vec<String> = columns
            .iter()
            .map(|c| match value.get(*c) {
                Some(serde_json::Value::String(s)) => neutralise(s),
                Some(serde_json::Value::Null) | None => String::new(),
                Some(other) => other.to_string(),
            })
            .collect();
        out.write_record(&cells).map_err(fail)?;
    }
    let bytes = out.into_inner().map_err(fail)?;
    String::from_utf8(bytes).map_err(fail)
}

fn bad_filter(lang: Lang, e: crate::tie_query::InvalidParam) -> HttpResponse {
    let mut res = HttpResponse::BadRequest()
        .content_type("application/problem+json")
        .json(serde_json::json!({
            "type": "about:blank",
            "title": lang.t("error-400-title"),
            "status": 400,
            "detail": e.message(lang),
            "parameter": e.name,
        }));
    res.extensions_mut().insert(OwnBody);
    res
}

/// The query of an export and every row it matches, or the 400 problem document for a bad value.
pub(crate) async fn export_rows(
    req: &HttpRequest,
    state: &web::Data<AppState>,
    lang: Lang,
) -> Result<Result<(TieQuery, Vec<ExportRow>), HttpResponse>, AppError> {
    let query = match TieQuery::parse(req.query_string()) {
        Ok(q) => q,
        Err(e) => return Ok(Err(bad_filter(lang, e))),
    };
    let origin = super::session::origin(req);
    let rows = matching(state, lang, &query)
        .await?
        .iter()
        .map(|a| ExportRow::new(&origin, a))
        .collect();
    Ok(Ok((query, rows)))
}

async fn csv_export(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let lang = lang(&path)?;
    let (query, rows) = match export_rows(&req, &state, lang).await? {
        Ok(found) => found,
        Err(bad) => return Ok(bad),
    };
    let body = to_csv(&ExportRow::COLUMNS, &rows)?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{}.csv\"", query.file_stem()),
        ))
        .open_data()
        .body(body)
        .cached(CachePolicy::PAGE))
}

async fn json_export(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let lang = lang(&path)?;
    let (query, rows) = match export_rows(&req, &state, lang).await? {
        Ok(found) => found,
        Err(bad) => return Ok(bad),
    };
    let doc = serde_json::json!({
        "filters": query.filters(),
        "sort": format!("{}{}", if query.descending { "-" } else { "" }, query.sort),
        "count": rows.len(),
        "generated_at": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "as_of": state.today().to_string(),
        "methodology_version": crate::assessment::METHODOLOGY_VERSION,
        "licence": export::licence_json(),
        "attribution": lang.t("export-licence"),
        "ties": rows,
    });
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("inline; filename=\"{}.json\"", query.file_stem()),
        ))
        .open_data()
        .body(serde_json::to_string_pretty(&doc).map_err(|e| AppError::internal("json", e))?)
        .cached(CachePolicy::PAGE))
}
