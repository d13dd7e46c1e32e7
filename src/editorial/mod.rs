//! Editorial changes to places and ties (editors and admins): add a place, edit it, merge two
//! places that are the same, add a tie between two places. Every change is checked here, carries
//! a reason, and writes a revision (subject `place` or `tie`, the same `revisions` table and data
//! version as every other record) and an audit entry in the same transaction.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::json;

use crate::auth::CurrentUser;
use crate::db::AnyConnection as Conn;
use crate::i18n::Lang;
use crate::models::audit;
use crate::models::place::{self, Place};
use crate::models::region::{self, Region};
use crate::models::revision::NewRevision;
use crate::schema::{place_alt_names, place_contacts, place_redirects, places, regions};

mod merge;
mod ties;

pub use merge::{MergeRefusal, merge_places, redirect_of};
pub use ties::{TieInput, check_tie, create_tie, find_place};

/// Field name → message, in the page's language.
pub type Errors = BTreeMap<&'static str, String>;
/// The text a form sent, by field name: the names are the form's own (`PLACE_FIELDS` and the tie
/// and merge forms' lists), never a key the request made up; checking turns it into a typed input.
pub type Values = BTreeMap<&'static str, String>;

/// The longest name, alternative name or contact field accepted.
pub const MAX_NAME_CHARS: usize = 200;
/// The longest reason accepted.
pub const MAX_REASON_CHARS: usize = 2000;
/// The most alternative names one place may have.
pub const MAX_ALT_NAMES: usize = 30;

/// The fields of the place form, in form order.
pub const PLACE_FIELDS: [&str; 15] = [
    "name",
    "name_en",
    "kind",
    "country_code",
    "province",
    "code",
    "lat",
    "lon",
    "alt_names",
    "ppid_name",
    "ppid_email",
    "ppid_phone",
    "ppid_url",
    "reason",
    "version",
];

/// The information officer (PPID) of a region, as the public may contact them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Contact {
    pub name: String,
    pub email: String,
    pub phone: String,
    pub url: String,
}

impl Contact {
    pub fn is_empty(&self) -> bool {
        self.name.is_empty()
            && self.email.is_empty()
            && self.phone.is_empty()
            && self.url.is_empty()
    }

    pub fn of_place(conn: &mut Conn, place_id: i32) -> QueryResult<Contact> {
        let row: Option<(String, String, String, String)> = place_contacts::table
            .find(place_id)
            .select((
                place_contacts::ppid_name,
                place_contacts::ppid_email,
                place_contacts::ppid_phone,
                place_contacts::ppid_url,
            ))
            .first(conn)
            .optional()?;
        Ok(row
            .map(|(name, email, phone, url)| Contact {
                name,
                email,
                phone,
                url,
            })
            .unwrap_or_default())
    }
}

/// A checked place form.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceInput {
    pub name: String,
    pub name_en: String,
    pub kind: String,
    pub country_code: String,
    /// The Kemendagri code of an Indonesian region (`35.78`, a province `35`).
    pub code: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub alt_names: Vec<String>,
    pub contact: Contact,
}

/// One line of text as names are stored: no control or format characters, spaces trimmed.
pub fn one_line(s: &str) -> String {
    crate::models::visible_name(s).trim().to_string()
}

/// A coordinate written the page's way (`-7,25` on /id/, `-7.25` on /en/; a plain `-7.25` is
/// read on both).
pub fn coordinate(s: &str, lang: Lang, limit: f64) -> Option<f64> {
    let s = s.trim().replace('\u{2212}', "-");
    let (negative, digits) = match s.strip_prefix('-') {
        Some(rest) => (true, rest.trim()),
        None => (false, s.as_str()),
    };
    let v = crate::input::amount(digits, lang)
        .filter(|v| *v <= limit)
        .or_else(|| digits.parse::<f64>().ok())?;
    let v = if negative { -v } else { v };
    (v.is_finite() && v.abs() <= limit).then_some(v)
}

/// The slug a new place gets: its name in lower-case ASCII words joined by hyphens, with the
/// country code after it for a place abroad (`liverpool-gb`), as in the starter data.
pub fn slug_for(name: &str, country_code: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        let c = match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'Á' | 'À' | 'Â' | 'Ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'Ö' | 'Ó' => 'o',
            'ú' | 'ù' | 'û' | 'ü' | 'Ü' => 'u',
            'ç' => 'c',
            'ñ' => 'n',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let mut out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        out.push_str("tempat");
    }
    if country_code != "ID" {
        out.push('-');
        out.push_str(&country_code.to_ascii_lowercase());
    }
    out
}

fn is_region_code(code: &str) -> bool {
    let b = code.as_bytes();
    match b.len() {
        2 => b.iter().all(u8::is_ascii_digit),
        5 => {
            b[..2].iter().all(u8::is_ascii_digit)
                && b[2] == b'.'
                && b[3..].iter().all(u8::is_ascii_digit)
        }
        _ => false,
    }
}

/// Check a place form: every field's format, and against the database the province, the code's
/// uniqueness and (`existing`: the place being edited) nothing else. Errors name their field.
pub fn check_place(
    conn: &mut Conn,
    lang: Lang,
    v: &Values,
    existing: Option<i32>,
) -> QueryResult<Result<PlaceInput, Errors>> {
    let get = |k: &str| v.get(k).map(|s| one_line(s)).unwrap_or_default();
    let mut errors = Errors::new();
    let name = get("name");
    if name.is_empty() {
        errors.insert("name", lang.t("error-required"));
    } else if name.chars().count() > MAX_NAME_CHARS {
        errors.insert("name", lang.t("error-too-long"));
    }
    let name_en = get("name_en");
    if name_en.chars().count() > MAX_NAME_CHARS {
        errors.insert("name_en", lang.t("error-too-long"));
    }
    let kind = get("kind");
    if !place::KINDS.contains(&kind.as_str()) {
        errors.insert("kind", lang.t("error-choice"));
    }
    let country_code = get("country_code").to_ascii_uppercase();
    if country_code.len() != 2 || !country_code.bytes().all(|b| b.is_ascii_uppercase()) {
        errors.insert("country_code", lang.t("editorial-error-country"));
    }
    let indonesian_region =
        country_code == "ID" && matches!(kind.as_str(), "city" | "regency" | "province");
    let province = get("province");
    let code = get("code");
    let mut region_code = None;
    if indonesian_region {
        if !is_region_code(&code) {
            errors.insert("code", lang.t("editorial-error-code"));
        } else if kind == "province" {
            if code.len() != 2 {
                errors.insert("code", lang.t("editorial-error-code"));
            } else {
                region_code = Some(code.clone());
            }
        } else if province.is_empty() {
            errors.insert("province", lang.t("editorial-error-province"));
        } else if code.len() != 5 || !code.starts_with(&province) {
            errors.insert(
                "code",
                lang.t_args(
                    "editorial-error-code-province",
                    &[("province", province.clone())],
                ),
            );
        } else if Region::by_code(conn, &province)?.is_none() {
            errors.insert("province", lang.t("editorial-error-province"));
        } else {
            region_code = Some(code.clone());
        }
        if let Some(c) = &region_code
            && let Some(r) = Region::by_code(conn, c)?
            && Some(r.place_id) != existing
        {
            errors.insert("code", lang.t("editorial-error-code-taken"));
        }
    } else if !code.is_empty() {
        errors.insert("code", lang.t("editorial-error-code-not-region"));
    }
    let lat_raw = get("lat");
    let lon_raw = get("lon");
    let lat = coordinate(&lat_raw, lang, 90.0);
    let lon = coordinate(&lon_raw, lang, 180.0);
    if !lat_raw.is_empty() && lat.is_none() {
        errors.insert("lat", lang.t("editorial-error-lat"));
    }
    if !lon_raw.is_empty() && lon.is_none() {
        errors.insert("lon", lang.t("editorial-error-lon"));
    }
    if lat_raw.is_empty() != lon_raw.is_empty() {
        errors.insert("lon", lang.t("editorial-error-both-coordinates"));
    }
    let mut alt_names: Vec<String> = Vec::new();
    for line in v.get("alt_names").map(String::as_str).unwrap_or("").lines() {
        let n = one_line(line);
        if n.is_empty() || n == name || alt_names.contains(&n) {
            continue;
        }
        if n.chars().count() > MAX_NAME_CHARS {
            errors.insert("alt_names", lang.t("error-too-long"));
        }
        alt_names.push(n);
    }
    if alt_names.len() > MAX_ALT_NAMES {
        errors.insert("alt_names", lang.t("editorial-error-alt-names"));
    }
    let contact = Contact {
        name: get("ppid_name"),
        email: get("ppid_email").to_lowercase(),
        phone: get("ppid_phone"),
        url: get("ppid_url"),
    };
    for (k, val) in [
        ("ppid_name", &contact.name),
        ("ppid_email", &contact.email),
        ("ppid_phone", &contact.phone),
    ] {
        if val.chars().count() > MAX_NAME_CHARS {
            errors.insert(k, lang.t("error-too-long"));
        }
    }
    if !contact.email.is_empty()
        && (!contact.email.contains('@') || contact.email.contains(char::is_whitespace))
    {
        errors.insert("ppid_email", lang.t("error-email"));
    }
    if !contact.phone.is_empty()
        && !contact
            .phone
            .chars()
            .all(|c| c.is_ascii_digit() || " +-().".contains(c))
    {
        errors.insert("ppid_phone", lang.t("editorial-error-phone"));
    }
    if !contact.url.is_empty() && !crate::publishing::is_url(&contact.url) {
        errors.insert("ppid_url", lang.t("error-url"));
    }
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    Ok(Ok(PlaceInput {
        name,
        name_en,
        kind,
        country_code,
        code: region_code,
        lat,
        lon,
        alt_names,
        contact,
    }))
}

/// Check the reason every editorial change needs.
pub fn check_reason(lang: Lang, v: &Values, errors: &mut Errors) -> String {
    let reason = v
        .get("reason")
        .map(|s| crate::models::suggestion::clean_text(s))
        .unwrap_or_default();
    if reason.is_empty() {
        errors.insert("reason", lang.t("editorial-error-reason"));
    } else if reason.chars().count() > MAX_REASON_CHARS {
        errors.insert("reason", lang.t("error-too-long"));
    }
    reason
}

/// What a revision of a place records.
fn place_json(conn: &mut Conn, id: i32) -> QueryResult<serde_json::Value> {
    let p: Place = places::table.find(id).first(conn)?;
    let region = Region::of_place(conn, id)?;
    let contact = Contact::of_place(conn, id)?;
    Ok(json!({
        "slug": p.slug,
        "name": p.name,
        "name_en": p.name_en,
        "kind": p.kind,
        "country_code": p.country_code,
        "code": region.map(|r| r.code).unwrap_or_default(),
        "lat": p.lat,
        "lon": p.lon,
        "alt_names": region::alt_names_of(conn, id)?.join("\n"),
        "ppid_name": contact.name,
        "ppid_email": contact.email,
        "ppid_phone": contact.phone,
        "ppid_url": contact.url,
    }))
}

#[allow(clippy::too_many_arguments)]
fn revision(
    conn: &mut Conn,
    subject_kind: &str,
    subject_id: i32,
    tie_id: Option<i32>,
    version: i32,
    action: &str,
    user: &CurrentUser,
    reason: &str,
    before: Option<serde_json::Value>,
    after: serde_json::Value,
    now: NaiveDateTime,
) -> QueryResult<()> {
    NewRevision {
        subject_kind,
        subject_id,
        tie_id,
        version,
        action,
        changed_by: Some(user.id),
        changed_at: now,
        reason,
        before_json: before.map(|b| b.to_string()),
        after_json: after.to_string(),
    }
    .insert(conn)
}

/// Write a place's region row, alternative names and contact as the form says.
fn write_place_details(conn: &mut Conn, id: i32, input: &PlaceInput) -> QueryResult<()> {
    diesel::delete(regions::table.find(id)).execute(conn)?;
    if let Some(code) = &input.code {
        diesel::insert_into(regions::table)
            .values((
                regions::place_id.eq(id),
                regions::code.eq(code),
                regions::province_code.eq(&code[..2]),
            ))
            .execute(conn)?;
    }
    diesel::delete(place_alt_names::table.filter(place_alt_names::place_id.eq(id)))
        .execute(conn)?;
    for n in &input.alt_names {
        diesel::insert_into(place_alt_names::table)
            .values((
                place_alt_names::place_id.eq(id),
                place_alt_names::name.eq(n),
            ))
            .execute(conn)?;
    }
    diesel::delete(place_contacts::table.find(id)).execute(conn)?;
    if !input.contact.is_empty() {
        diesel::insert_into(place_contacts::table)
            .values((
                place_contacts::place_id.eq(id),
                place_contacts::ppid_name.eq(&input.contact.name),
                place_contacts::ppid_email.eq(&input.contact.email),
                place_contacts::ppid_phone.eq(&input.contact.phone),
                place_contacts::ppid_url.eq(&input.contact.url),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Add a place; its slug is made from its name (a number is added when taken). Returns the slug.
pub fn create_place(
    conn: &mut Conn,
    input: &PlaceInput,
    reason: &str,
    user: &CurrentUser,
    ip: Option<&str>,
) -> QueryResult<String> {
    let now = crate::db::now();
    conn.transaction(|conn| {
        let base = slug_for(&input.name, &input.country_code);
        let mut slug = base.clone();
        let mut n = 2;
        while Place::by_slug(conn, &slug)?.is_some()
            || place_redirects::table
                .find(&slug)
                .count()
                .get_result::<i64>(conn)?
                > 0
        {
            slug = format!("{base}-{n}");
            n += 1;
        }
        let id: i32 = diesel::insert_into(places::table)
            .values((
                places::slug.eq(&slug),
                places::name.eq(&input.name),
                places::kind.eq(&input.kind),
                places::country_code.eq(&input.country_code),
                places::lat.eq(input.lat),
                places::lon.eq(input.lon),
                places::name_en.eq(&input.name_en),
                places::version.eq(1),
                places::created_at.eq(now),
                places::updated_at.eq(now),
            ))
            .returning(places::id)
            .get_result(conn)?;
        write_place_details(conn, id, input)?;
        let after = place_json(conn, id)?;
        revision(
            conn, "place", id, None, 1, "publish", user, reason, None, after, now,
        )?;
        audit::record(
            conn,
            Some(user.id),
            ip,
            "place-add",
            &format!("place {id}"),
            reason,
        )?;
        Ok(slug)
    })
}

/// Edit a place (optimistic: `Ok(false)` and nothing written when its version moved on).
pub fn update_place(
    conn: &mut Conn,
    id: i32,
    version: i32,
    input: &PlaceInput,
    reason: &str,
    user: &CurrentUser,
    ip: Option<&str>,
) -> QueryResult<bool> {
    let now = crate::db::now();
    conn.transaction(|conn| {
        let before = place_json(conn, id)?;
        let n = diesel::update(
            places::table
                .filter(places::id.eq(id))
                .filter(places::version.eq(version)),
        )
        .set((
            places::name.eq(&input.name),
            places::kind.eq(&input.kind),
            places::country_code.eq(&input.country_code),
            places::lat.eq(input.lat),
            places::lon.eq(input.lon),
            places::name_en.eq(&input.name_en),
            places::version.eq(version + 1),
            places::updated_at.eq(now),
        ))
        .execute(conn)?;
        if n != 1 {
            return Ok(false);
        }
        write_place_details(conn, id, input)?;
        let after = place_json(conn, id)?;
        revision(
            conn,
            "place",
            id,
            None,
            version + 1,
            "correct",
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
            "place-edit",
            &format!("place {id}"),
            reason,
        )?;
        Ok(true)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_follow_the_starter_data() {
        assert_eq!(slug_for("Kota Baru Sejahtera", "ID"), "kota-baru-sejahtera");
        assert_eq!(slug_for("Liverpool", "GB"), "liverpool-gb");
        assert_eq!(slug_for("São Paulo", "BR"), "sao-paulo-br");
        assert_eq!(slug_for("  !!", "ID"), "tempat");
    }

    #[test]
    fn coordinates_are_read_per_language() {
        assert_eq!(coordinate("-7,25", Lang::Id, 90.0), Some(-7.25));
        assert_eq!(coordinate("-7.25", Lang::En, 90.0), Some(-7.25));
        assert_eq!(coordinate("-7.25", Lang::Id, 90.0), Some(-7.25));
        assert_eq!(coordinate("112,75", Lang::Id, 180.0), Some(112.75));
        assert_eq!(coordinate("91", Lang::En, 90.0), None);
        assert_eq!(coordinate("abc", Lang::En, 90.0), None);
    }

    #[test]
    fn region_codes() {
        assert!(is_region_code("35"));
        assert!(is_region_code("35.78"));
        assert!(!is_region_code("3578"));
        assert!(!is_region_code("35.7a"));
    }
}
