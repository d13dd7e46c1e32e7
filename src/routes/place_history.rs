//! A place's public history (every import, addition, edit and merge, with who and why), and the
//! 301 that a merged place's old address answers with.

use crate::routes::cache_policy::{CachePolicy, Cached};
use std::collections::BTreeMap;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::{Ctx, html_page, lang, with_db};
use crate::editorial;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::models::place::Place;
use crate::models::revision::Revision;
use crate::startup::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/{lang}/places/{slug}/history",
        web::get().to(place_history),
    );
}

/// The answer to a place slug that was merged into another place: 301 to the kept place's page.
pub async fn merged_place_redirect(
    state: &web::Data<AppState>,
    lang: Lang,
    slug: String,
    rest: &str,
) -> Result<Option<HttpResponse>, AppError> {
    let to = with_db(state, move |conn| Ok(editorial::redirect_of(conn, &slug)?)).await?;
    Ok(to.map(|to| {
        HttpResponse::MovedPermanently()
            .insert_header((
                header::LOCATION,
                format!("/{}/places/{to}{rest}", lang.code()),
            ))
            .finish()
            .cached(CachePolicy::PAGE)
    }))
}

/// One change in a place's history.
struct PlaceChange {
    id: i32,
    date: String,
    action: String,
    author: String,
    reason: String,
    /// field label, before, after
    changes: Vec<(String, Vec<(&'static str, String)>)>,
}

#[derive(Template)]
#[template(path = "editorial/place_history.html")]
struct PlaceHistoryPage {
    c: Ctx,
    title: String,
    back_href: String,
    entries: Vec<PlaceChange>,
}

fn json_map(s: Option<&str>) -> BTreeMap<String, String> {
    let Some(serde_json::Value::Object(m)) = s.and_then(|s| serde_json::from_str(s).ok()) else {
        return BTreeMap::new();
    };
    m.into_iter()
        .map(|(k, v)| {
            let text = match v {
                serde_json::Value::String(s) => s,
                serde_json::Value::Null => String::new(),
                other => other.to_string(),
            };
            (k, text)
        })
        .collect()
}

/// The label of a field a place's revision records.
fn place_field_label(lang: Lang, key: &str) -> String {
    let label = match key {
        "slug" => "editorial-slug",
        "name" => "editorial-name",
        "name_en" => "editorial-name-en",
        "kind" => "editorial-kind",
        "country_code" => "editorial-country",
        "code" => "editorial-code",
        "lat" => "editorial-lat",
        "lon" => "editorial-lon",
        "alt_names" => "editorial-alt-names",
        "ppid_name" => "editorial-ppid-name",
        "ppid_email" => "editorial-ppid-email",
        "ppid_phone" => "editorial-ppid-phone",
        "ppid_url" => "editorial-ppid-url",
        "merged" => "editorial-merged",
        _ => return key.to_string(),
    };
    lang.t(label)
}

/// Every change to a place (imports, additions, edits, merges), newest first, with reasons.
async fn place_history(
    req: HttpRequest,
    path: web::Path<(String, String)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    use crate::schema::revisions;
    use diesel::prelude::*;
    let (code, slug) = path.into_inner();
    let lang = lang(&code)?;
    let s = slug.clone();
    let found = with_db(&state, move |conn| {
        let Some(place) = Place::by_slug(conn, &s)? else {
            return Ok(None);
        };
        let revs: Vec<Revision> = revisions::table
            .filter(revisions::subject_kind.eq("place"))
            .filter(revisions::subject_id.eq(place.id))
            .order((revisions::changed_at.desc(), revisions::id.desc()))
            .load(conn)?;
        let mut ids: Vec<i32> = revs.iter().filter_map(|r| r.changed_by).collect();
        ids.sort_unstable();
        ids.dedup();
        let authors = crate::models::user::User::names_and_roles(conn, &ids)?;
        Ok(Some((place, revs, authors)))
    })
    .await?;
    let Some((place, revs, authors)) = found else {
        return match merged_place_redirect(&state, lang, slug, "/history").await? {
            Some(res) => Ok(res),
            None => Err(AppError::NotFound),
        };
    };
    let changed = revs.iter().map(|r| r.changed_at).max();
    let entries = revs
        .iter()
        .map(|r| {
            let before = json_map(r.before_json.as_deref());
            let after = json_map(Some(&r.after_json));
            let keys: std::collections::BTreeSet<&String> =
                before.keys().chain(after.keys()).collect();
            let order = |k: &str| {
                editorial::PLACE_FIELDS
                    .iter()
                    .position(|f| *f == k)
                    .unwrap_or(usize::MAX)
            };
            let mut keys: Vec<&String> = keys.into_iter().collect();
            keys.sort_by_key(|k| (order(k), k.to_string()));
            let changes = keys
                .into_iter()
                .filter_map(|k| {
                    let b = before.get(k).cloned().unwrap_or_default();
                    let a = after.get(k).cloned().unwrap_or_default();
                    (a != b).then(|| {
                        let show = |v: String| match k.as_str() {
                            "kind" if !v.is_empty() => lang.vocab("place-kind", &v),
                            _ => v,
                        };
                        (
                            place_field_label(lang, k),
                            super::publish::line_diff(&show(b), &show(a)),
                        )
                    })
                })
                .collect();
            let author = match r
                .changed_by
                .and_then(|id| authors.iter().find(|a| a.0 == id))
            {
                Some((_, name, role)) => format!("{name} ({})", lang.t(&format!("role-{role}"))),
                None => lang.t("history-author-import"),
            };
            PlaceChange {
                id: r.id,
                date: format!(
                    "{} {}",
                    lang.day(r.changed_at.date()),
                    r.changed_at.format("%H:%M UTC")
                ),
                action: lang.vocab("revision-action", &r.action),
                author,
                reason: r.reason.clone(),
                changes,
            }
        })
        .collect();
    let page = PlaceHistoryPage {
        c: Ctx::new(&req, &state, lang, "places"),
        title: place.name_in(lang).to_string(),
        back_href: format!("/{}/places/{}", lang.code(), place.slug),
        entries,
    };
    Ok(html_page(
        &req,
        page.render()?,
        super::freshness(&state, changed),
    ))
}
