//! Adding a tie between two places: finding the places a form names, checking the pair, and
//! writing the tie with its revision.

use diesel::prelude::*;
use serde_json::json;

use super::{Errors, Values, one_line, revision};
use crate::auth::CurrentUser;
use crate::db::AnyConnection as Conn;
use crate::i18n::Lang;
use crate::models::audit;
use crate::models::place::Place;
use crate::models::tie::{self, Tie};
use crate::schema::{places, ties};

/// A place named in a form: its slug, or its name or English name exactly (case folded).
pub fn find_place(conn: &mut Conn, s: &str) -> QueryResult<Option<Place>> {
    let s = one_line(s);
    if s.is_empty() {
        return Ok(None);
    }
    if let Some(p) = Place::by_slug(conn, &s.to_lowercase())? {
        return Ok(Some(p));
    }
    let folded = s.to_lowercase();
    let all: Vec<Place> = places::table.order(places::id).load(conn)?;
    let mut found = all.into_iter().filter(|p| {
        p.name.to_lowercase() == folded
            || (!p.name_en.is_empty() && p.name_en.to_lowercase() == folded)
    });
    match (found.next(), found.next()) {
        (Some(p), None) => Ok(Some(p)),
        _ => Ok(None),
    }
}

/// A checked new tie.
#[derive(Debug, Clone)]
pub struct TieInput {
    pub place: Place,
    pub partner: Place,
    pub kind: String,
    pub started: Option<crate::i18n::PartialDate>,
}

/// Check the tie form: the Indonesian place, the partner, the type, when it started.
pub fn check_tie(conn: &mut Conn, lang: Lang, v: &Values) -> QueryResult<Result<TieInput, Errors>> {
    let get = |k: &str| v.get(k).map(|s| one_line(s)).unwrap_or_default();
    let mut errors = Errors::new();
    let place = find_place(conn, &get("place"))?;
    let partner = find_place(conn, &get("partner"))?;
    match &place {
        None => {
            errors.insert("place", lang.t("editorial-error-place"));
        }
        Some(p) if !p.is_indonesian() => {
            errors.insert("place", lang.t("editorial-error-place-indonesian"));
        }
        _ => {}
    }
    match (&place, &partner) {
        (_, None) => {
            errors.insert("partner", lang.t("editorial-error-place"));
        }
        (Some(a), Some(b)) if a.id == b.id => {
            errors.insert("partner", lang.t("editorial-error-same-place"));
        }
        (Some(a), Some(b)) => {
            let exists: i64 = ties::table
                .filter(
                    (ties::place_id.eq(a.id).and(ties::partner_id.eq(b.id)))
                        .or(ties::place_id.eq(b.id).and(ties::partner_id.eq(a.id))),
                )
                .count()
                .get_result(conn)?;
            if exists > 0 {
                errors.insert("partner", lang.t("editorial-error-tie-exists"));
            }
        }
        _ => {}
    }
    let kind = get("kind");
    if !tie::KINDS.contains(&kind.as_str()) {
        errors.insert("kind", lang.t("error-choice"));
    }
    let started_raw = get("started_on");
    let started = crate::input::partial_date(&started_raw);
    if !started_raw.is_empty() && started.is_none() {
        errors.insert("started_on", lang.t("error-partial-date"));
    }
    match (place, partner) {
        (Some(place), Some(partner)) if errors.is_empty() => Ok(Ok(TieInput {
            place,
            partner,
            kind,
            started,
        })),
        _ => Ok(Err(errors)),
    }
}

/// Add a tie (public at once, like an imported one); returns its slug.
pub fn create_tie(
    conn: &mut Conn,
    input: &TieInput,
    reason: &str,
    user: &CurrentUser,
    ip: Option<&str>,
) -> QueryResult<String> {
    let now = crate::db::now();
    conn.transaction(|conn| {
        let base = format!("{}--{}", input.place.slug, input.partner.slug);
        let mut slug = base.clone();
        let mut n = 2;
        while Tie::by_slug(conn, &slug)?.is_some() {
            slug = format!("{base}-{n}");
            n += 1;
        }
        let (started_on, precision) = match &input.started {
            Some(d) => (Some(d.date), Some(d.precision.as_str())),
            None => (None, None),
        };
        let id: i32 = diesel::insert_into(ties::table)
            .values((
                ties::slug.eq(&slug),
                ties::place_id.eq(input.place.id),
                ties::partner_id.eq(input.partner.id),
                ties::kind.eq(&input.kind),
                ties::started_on.eq(started_on),
                ties::started_precision.eq(precision),
                ties::version.eq(1),
                ties::created_at.eq(now),
                ties::updated_at.eq(now),
            ))
            .returning(ties::id)
            .get_result(conn)?;
        let after = json!({
            "id": slug,
            "kind": input.kind,
            "place": input.place.name,
            "partner": input.partner.name,
            "started_on": input.started.as_ref().map(|d| d.iso()),
        });
        revision(
            conn,
            "tie",
            id,
            Some(id),
            1,
            "publish",
            user,
            reason,
            None,
            after,
            now,
        )?;
        audit::record(
            conn,
            Some(user.id),
            ip,
            "tie-add",
            &format!("tie {id}"),
            reason,
        )?;
        Ok(slug)
    })
}
