//! The search page `/{lang}/search?q=`: results grouped by kind, matched words highlighted safely.

use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::{Ctx, lang, with_db};
use crate::error::{AppError, OwnBody};
use crate::search;
use crate::startup::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/{lang}/search", web::get().to(page));
}

/// Most results shown.
const LIMIT: i64 = 200;
/// Most results shown of each kind of record (ties, agreements, roadmaps, reports): a word found
/// in thousands of reports still leaves room for the ties.
const PER_KIND: i64 = 50;

pub struct ResultView {
    pub href: String,
    pub title_html: String,
    pub snippet_html: String,
}

pub struct Group {
    pub heading: String,
    /// Said under the heading when the kind shows only its first results.
    pub note: String,
    pub results: Vec<ResultView>,
}

#[derive(Template)]
#[template(path = "search/index.html")]
struct SearchPage {
    c: Ctx,
    q: String,
    error: String,
    searched: bool,
    total: usize,
    /// Some kind showed only its first results: `total` is a lower bound.
    capped: bool,
    groups: Vec<Group>,
    /// "Did you mean …?": the name of the nearest place and the search for it.
    suggestion: Option<(String, String)>,
}

async fn page(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let lang = lang(&path)?;
    let pairs = super::form::decode_pairs(req.query_string())
        .ok_or(AppError::BadRequest("error-400-message"))?;
    let q = pairs
        .iter()
        .find(|(k, _)| k == "q")
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_default();
    let c = Ctx::new(&req, &state, lang, "search");
    if q.chars().count() > 200 {
        let body = SearchPage {
            c,
            q: q.chars().take(200).collect(),
            error: lang.t("search-too-long"),
            searched: false,
            total: 0,
            capped: false,
            groups: vec![],
            suggestion: None,
        }
        .render()?;
        let mut res = HttpResponse::BadRequest()
            .content_type("text/html; charset=utf-8")
            .body(body);
        res.extensions_mut().insert(OwnBody);
        return Ok(res);
    }
    let words = search::words(&q);
    let query = q.clone();
    let (places, hits, tie_lines) = with_db(&state, move |conn| {
        let places = search::place_match::find(conn, &query, LIMIT as usize)?;
        let hits = search::search(conn, &query, PER_KIND, LIMIT)?;
        let mut tie_slugs: Vec<String> = hits.iter().filter_map(|h| h.tie_slug.clone()).collect();
        tie_slugs.sort_unstable();
        tie_slugs.dedup();
        let tie_lines = search::ties_for_results(conn, &tie_slugs)?;
        Ok((places, hits, tie_lines))
    })
    .await?;
    // A tie's line in the page's language: the latest source note around the matched words
    // (its Indonesian text on the Indonesian pages), else the fields of cooperation.
    let tie_line = |h: &search::Hit| -> String {
        let Some(t) = tie_lines.get(&h.slug) else {
            return String::new();
        };
        let note = match lang {
            crate::i18n::Lang::Id => &t.note_id,
            crate::i18n::Lang::En => &t.note,
        };
        if note.is_empty() {
            let labels: Vec<String> = t.fields.iter().map(|f| lang.vocab("field", f)).collect();
            labels.join(" · ")
        } else {
            search::snippet(note, &words, 180)
        }
    };
    // A title naming a tie, with the places' names in the page's language.
    let title_of = |h: &search::Hit| -> String {
        let Some(t) = h.tie_slug.as_ref().and_then(|s| tie_lines.get(s)) else {
            return h.title.clone();
        };
        let (stored, shown) = (t.title(crate::i18n::Lang::Id), t.title(lang));
        match h.title.strip_suffix(stored.as_str()) {
            Some(head) => format!("{head}{shown}"),
            None => h.title.clone(),
        }
    };
    let mut groups: Vec<Group> = Vec::new();
    // Nothing matches exactly: the nearest names are offered, the first as "Did you mean …?".
    let near = hits.is_empty() && places.first().is_some_and(|p| p.how.is_near());
    let suggestion = places.first().filter(|_| near).map(|p| {
        let name = p
            .via_alt_name
            .clone()
            .unwrap_or_else(|| p.name_in(lang).to_string());
        let query = serde_urlencoded::to_string([("q", name.as_str())]).unwrap_or_default();
        let href = format!("/{}/search?{query}", lang.code());
        (name, href)
    });
    let place_results: Vec<ResultView> = places
        .iter()
        .map(|p| {
            let mut line = vec![
                lang.vocab("place-kind", &p.kind),
                super::view::country(lang, &p.country_code),
            ];
            if let Some(alt) = &p.via_alt_name {
                line.push(format!("{} {alt}", lang.t("search-also-known-as")));
            }
            ResultView {
                href: format!("/{}/places/{}", lang.code(), p.slug),
                title_html: if near {
                    crate::drawings::esc(p.name_in(lang))
                } else {
                    search::highlight(p.name_in(lang), &words)
                },
                snippet_html: search::highlight(&line.join(" · "), &words),
            }
        })
        .collect();
    if !place_results.is_empty() {
        groups.push(Group {
            heading: format!("{} ({})", lang.t("search-kind-place"), place_results.len()),
            note: String::new(),
            results: place_results,
        });
    }
    let mut capped_any = false;
    for kind in ["tie", "agreement", "roadmap", "report"] {
        let results: Vec<ResultView> = hits
            .iter()
            .filter(|h| h.kind == kind)
            .map(|h| ResultView {
                href: match (kind, &h.tie_slug) {
                    ("place", _) => format!("/{}/places/{}", lang.code(), h.slug),
                    ("agreement", Some(t)) => format!("/{}/ties/{t}#h-agreements", lang.code()),
                    ("roadmap", Some(t)) => format!("/{}/ties/{t}#h-roadmap", lang.code()),
                    ("report", Some(t)) => format!("/{}/ties/{t}#h-reports", lang.code()),
                    (_, Some(t)) => format!("/{}/ties/{t}", lang.code()),
                    _ => format!("/{}/ties/{}", lang.code(), h.slug),
                },
                title_html: search::highlight(&title_of(h), &words),
                snippet_html: if kind == "tie" {
                    search::highlight(&tie_line(h), &words)
                } else {
                    search::highlight(&search::snippet(&h.body, &words, 180), &words)
                },
            })
            .collect();
        if !results.is_empty() {
            // A kind with `PER_KIND` results may have more: the page says so, not a count.
            let capped = results.len() as i64 >= PER_KIND;
            capped_any |= capped;
            let count = if capped {
                lang.t_args("search-first", &[("count", results.len().to_string())])
            } else {
                results.len().to_string()
            };
            groups.push(Group {
                heading: format!("{} ({count})", lang.t(&format!("search-kind-{kind}"))),
                note: if capped {
                    lang.t_args("search-narrow", &[("count", results.len().to_string())])
                } else {
                    String::new()
                },
                results,
            });
        }
    }
    let page = SearchPage {
        c,
        searched: !words.is_empty(),
        total: hits.len() + places.len(),
        capped: capped_any,
        suggestion,
        q,
        error: String::new(),
        groups,
    };
    Ok(super::html_page(&req, page.render()?, None))
}
