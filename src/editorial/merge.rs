//! Merging two places that are the same: the ties, officials' places, suggestions and names of
//! one move to the other, and its address answers with a 301 from then on.

use diesel::prelude::*;
use serde_json::json;

use super::{Contact, place_json, revision};
use crate::auth::CurrentUser;
use crate::db::AnyConnection as Conn;
use crate::models::audit;
use crate::models::place::Place;
use crate::models::region::{self, Region};
use crate::models::tie::Tie;
use crate::schema::{
    place_alt_names, place_contacts, place_redirects, places, regions, suggestions, ties,
    user_places,
};

/// Why two places could not be merged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MergeRefusal {
    /// The same place twice.
    Same,
    /// The kept place's version moved on.
    Stale,
    /// Both places have a tie with this partner (slug): merge or remove one tie first.
    SharedPartner(String),
}

/// Merge `gone` into `keep`: its ties, accounts' places, suggestions and alternative names move
/// to `keep` (its name becomes an alternative name), its region row and contact move when `keep`
/// has none, and its slug (and any slug that led to it) answers with a 301 to `keep`. Each moved
/// tie gets a revision; `keep` gets one with the reason. Nothing is written on a refusal.
pub fn merge_places(
    conn: &mut Conn,
    keep: i32,
    keep_version: i32,
    gone: i32,
    reason: &str,
    user: &CurrentUser,
    ip: Option<&str>,
) -> QueryResult<Result<(), MergeRefusal>> {
    if keep == gone {
        return Ok(Err(MergeRefusal::Same));
    }
    let now = crate::db::now();
    conn.transaction(|conn| {
        let kept: Place = places::table.find(keep).first(conn)?;
        let old: Place = places::table.find(gone).first(conn)?;
        if kept.version != keep_version {
            return Ok(Err(MergeRefusal::Stale));
        }
        let partners = |conn: &mut Conn, id: i32| -> QueryResult<Vec<i32>> {
            Ok(Tie::of_place(conn, id)?
                .into_iter()
                .map(|t| {
                    if t.place_id == id {
                        t.partner_id
                    } else {
                        t.place_id
                    }
                })
                .collect())
        };
        let kept_partners = partners(conn, keep)?;
        for p in partners(conn, gone)? {
            if kept_partners.contains(&p) || p == keep {
                let slug = Place::by_ids(conn, &[p])?
                    .into_iter()
                    .next()
                    .map(|p| p.slug)
                    .unwrap_or_default();
                return Ok(Err(MergeRefusal::SharedPartner(slug)));
            }
        }
        let before = place_json(conn, keep)?;
        for t in Tie::of_place(conn, gone)? {
            let (place_id, partner_id) = if t.place_id == gone {
                (keep, t.partner_id)
            } else {
                (t.place_id, keep)
            };
            diesel::update(ties::table.find(t.id))
                .set((
                    ties::place_id.eq(place_id),
                    ties::partner_id.eq(partner_id),
                    ties::version.eq(t.version + 1),
                    ties::updated_at.eq(now),
                ))
                .execute(conn)?;
            // The side of the tie the merged place was on, by name.
            let side = if t.place_id == gone {
                "place"
            } else {
                "partner"
            };
            revision(
                conn,
                "tie",
                t.id,
                Some(t.id),
                t.version + 1,
                "correct",
                user,
                reason,
                Some(json!({ (side.to_string()): old.name })),
                json!({ (side.to_string()): kept.name }),
                now,
            )?;
        }
        // Accounts keep their rights: an official of the old place becomes one of the kept one.
        let holders: Vec<i32> = user_places::table
            .filter(user_places::place_id.eq(gone))
            .select(user_places::user_id)
            .load(conn)?;
        for u in holders {
            let has: i64 = user_places::table
                .filter(user_places::user_id.eq(u))
                .filter(user_places::place_id.eq(keep))
                .count()
                .get_result(conn)?;
            if has == 0 {
                diesel::insert_into(user_places::table)
                    .values((user_places::user_id.eq(u), user_places::place_id.eq(keep)))
                    .execute(conn)?;
            }
        }
        diesel::delete(user_places::table.filter(user_places::place_id.eq(gone))).execute(conn)?;
        diesel::update(suggestions::table.filter(suggestions::place_id.eq(gone)))
            .set(suggestions::place_id.eq(Some(keep)))
            .execute(conn)?;
        let mut names = region::alt_names_of(conn, keep)?;
        for n in region::alt_names_of(conn, gone)?
            .into_iter()
            .chain([old.name.clone()])
            .chain((!old.name_en.is_empty()).then(|| old.name_en.clone()))
        {
            if n != kept.name && !names.contains(&n) {
                diesel::insert_into(place_alt_names::table)
                    .values((
                        place_alt_names::place_id.eq(keep),
                        place_alt_names::name.eq(&n),
                    ))
                    .execute(conn)?;
                names.push(n);
            }
        }
        diesel::delete(place_alt_names::table.filter(place_alt_names::place_id.eq(gone)))
            .execute(conn)?;
        if Region::of_place(conn, keep)?.is_none() {
            diesel::update(regions::table.find(gone))
                .set(regions::place_id.eq(keep))
                .execute(conn)?;
        }
        diesel::delete(regions::table.find(gone)).execute(conn)?;
        if Contact::of_place(conn, keep)?.is_empty() {
            diesel::update(place_contacts::table.find(gone))
                .set(place_contacts::place_id.eq(keep))
                .execute(conn)?;
        }
        diesel::delete(place_contacts::table.find(gone)).execute(conn)?;
        diesel::update(place_redirects::table.filter(place_redirects::place_id.eq(gone)))
            .set(place_redirects::place_id.eq(keep))
            .execute(conn)?;
        diesel::delete(places::table.find(gone)).execute(conn)?;
        diesel::insert_into(place_redirects::table)
            .values((
                place_redirects::slug.eq(&old.slug),
                place_redirects::place_id.eq(keep),
                place_redirects::created_at.eq(now),
            ))
            .execute(conn)?;
        diesel::update(places::table.find(keep))
            .set((
                places::version.eq(keep_version + 1),
                places::updated_at.eq(now),
            ))
            .execute(conn)?;
        let mut after = place_json(conn, keep)?;
        after["merged"] = json!(old.slug);
        revision(
            conn,
            "place",
            keep,
            None,
            keep_version + 1,
            "merge",
            user,
            reason,
            Some(before),
            after,
            now,
        )?;
        audit::record(
            conn,
            Some(user.id),
            ip,
            "place-merge",
            &format!("place {keep}"),
            &format!("{} → {}: {reason}", old.slug, kept.slug),
        )?;
        Ok(Ok(()))
    })
}

/// The place a merged slug now leads to (its slug).
pub fn redirect_of(conn: &mut Conn, slug: &str) -> QueryResult<Option<String>> {
    if slug.contains('\0') {
        return Ok(None);
    }
    place_redirects::table
        .inner_join(places::table)
        .filter(place_redirects::slug.eq(slug))
        .select(places::slug)
        .first(conn)
        .optional()
}
