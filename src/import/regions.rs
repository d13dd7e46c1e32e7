//! Import of regions.csv (every Indonesian province, regency and city with its official
//! Kemendagri code, from idn-area-data) and alt-names.csv (alternative names of places).

use std::collections::{HashMap, HashSet};

use diesel::prelude::*;

use super::{Error, ImportError, ImportReport, is_slug, records};
use crate::db::AnyConnection;
use crate::models::revision::NewRevision;
use crate::schema::{data_version, place_alt_names, places, regions, revisions};

/// The kinds a region can be in regions.csv.
pub const REGION_KINDS: [&str; 3] = ["province", "regency", "city"];

#[derive(Debug, Clone)]
pub(super) struct RegionRow {
    line: u64,
    code: String,
    slug: String,
    name: String,
    kind: String,
    province_code: String,
    lat: Option<f64>,
    lon: Option<f64>,
}

#[derive(Debug, Clone)]
pub(super) struct AltNameRow {
    line: u64,
    slug: String,
    name: String,
}

impl RegionRow {
    pub(super) fn slug(&self) -> &str {
        &self.slug
    }
}

/// `11` (province) or `11.01` (regency or city): the official code's shape.
fn is_code(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    (1..=2).contains(&parts.len())
        && parts
            .iter()
            .all(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()))
}

pub(super) fn parse_regions(text: &str) -> Result<Vec<RegionRow>, ImportError> {
    const FILE: &str = "regions.csv";
    let cols = [
        "code",
        "slug",
        "name",
        "kind",
        "province_code",
        "lat",
        "lon",
    ];
    let rows = records(FILE, text, &cols)?;
    let (mut codes, mut slugs) = (HashSet::new(), HashSet::new());
    let mut out = Vec::new();
    for (line, r) in rows {
        let err = |reason: String| ImportError {
            file: FILE.into(),
            line,
            reason,
        };
        let code = r["code"].clone();
        if !is_code(&code) {
            return Err(err(format!("code '{code}' is not like 11 or 11.01")));
        }
        if !codes.insert(code.clone()) {
            return Err(err(format!("code '{code}' appears twice")));
        }
        let slug = r["slug"].clone();
        if !is_slug(&slug) {
            return Err(err(format!(
                "slug '{slug}' must be lowercase ASCII letters, digits and hyphens"
            )));
        }
        if !slugs.insert(slug.clone()) {
            return Err(err(format!("slug '{slug}' appears twice")));
        }
        let name = r["name"].clone();
        if name.is_empty() {
            return Err(err("the name is empty".into()));
        }
        let kind = r["kind"].clone();
        if !REGION_KINDS.contains(&kind.as_str()) {
            return Err(err(format!(
                "kind '{kind}' is not one of {}",
                REGION_KINDS.join(", ")
            )));
        }
        let province_code = r["province_code"].clone();
        let expected = code.split('.').next().unwrap_or_default();
        if province_code != expected {
            return Err(err(format!(
                "province_code '{province_code}' does not start code '{code}'"
            )));
        }
        if (kind == "province") == code.contains('.') {
            return Err(err(format!(
                "a province has a two-digit code, a regency or city a dotted one ('{code}')"
            )));
        }
        let coord = |col: &str, limit: f64| -> Result<Option<f64>, ImportError> {
            match r[col].as_str() {
                "" => Ok(None),
                v => match v.parse::<f64>() {
                    Ok(x) if x.is_finite() && x.abs() <= limit => Ok(Some(x)),
                    _ => Err(err(format!("{col} '{v}' is not a number within ±{limit}"))),
                },
            }
        };
        let (lat, lon) = (coord("lat", 90.0)?, coord("lon", 180.0)?);
        if lat.is_some() != lon.is_some() {
            return Err(err("lat and lon must both be given or both be empty".into()));
        }
        out.push(RegionRow {
            line,
            code,
            slug,
            name,
            kind,
            province_code,
            lat,
            lon,
        });
    }
    for r in &out {
        if !codes.contains(&r.province_code) {
            return Err(ImportError {
                file: FILE.into(),
                line: r.line,
                reason: format!("province '{}' is not in the file", r.province_code),
            });
        }
    }
    Ok(out)
}

pub(super) fn parse_alt_names(text: &str) -> Result<Vec<AltNameRow>, ImportError> {
    const FILE: &str = "alt-names.csv";
    let rows = records(FILE, text, &["slug", "name"])?;
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (line, r) in rows {
        let err = |reason: String| ImportError {
            file: FILE.into(),
            line,
            reason,
        };
        let (slug, name) = (r["slug"].clone(), r["name"].clone());
        if !is_slug(&slug) {
            return Err(err(format!("slug '{slug}' is not a place slug")));
        }
        if name.is_empty() || name.chars().count() > 100 {
            return Err(err("the name must have 1 to 100 characters".into()));
        }
        if !seen.insert((slug.clone(), name.clone())) {
            return Err(err(format!("'{name}' for '{slug}' appears twice")));
        }
        out.push(AltNameRow { line, slug, name });
    }
    Ok(out)
}

/// Places for the regions not yet on record; the official code and province of each.
pub(super) fn write_regions(
    conn: &mut AnyConnection,
    rows: &[RegionRow],
    place_ids: &mut HashMap<String, (i32, String)>,
    at: chrono::NaiveDateTime,
    report: &mut ImportReport,
) -> Result<(), Error> {
    if rows.is_empty() {
        return Ok(());
    }
    let on_record: HashMap<i32, (String, String)> = regions::table
        .select((regions::place_id, regions::code, regions::province_code))
        .load::<(i32, String, String)>(conn)?
        .into_iter()
        .map(|(id, c, p)| (id, (c, p)))
        .collect();
    // New places in a few multi-row statements (hundreds of regions: one by one was too slow).
    let new_rows: Vec<&RegionRow> = rows
        .iter()
        .filter(|r| !place_ids.contains_key(&r.slug))
        .collect();
    for chunk in new_rows.chunks(100) {
        let values: Vec<_> = chunk
            .iter()
            .map(|row| {
                (
                    places::slug.eq(&row.slug),
                    places::name.eq(&row.name),
                    places::kind.eq(&row.kind),
                    places::country_code.eq("ID"),
                    places::lat.eq(row.lat),
                    places::lon.eq(row.lon),
                    places::created_at.eq(at),
                    places::updated_at.eq(at),
                )
            })
            .collect();
        batch!(
            conn,
            diesel::insert_into(places::table).values(values.clone())
        )?;
        let slugs: Vec<&str> = chunk.iter().map(|r| r.slug.as_str()).collect();
        let ids: Vec<(String, i32)> = places::table
            .filter(places::slug.eq_any(&slugs))
            .select((places::slug, places::id))
            .load(conn)?;
        let revisions: Vec<NewRevision> = ids
            .iter()
            .filter_map(|(slug, id)| {
                let row = chunk.iter().find(|r| &r.slug == slug)?;
                let after = serde_json::json!({
                    "slug": row.slug, "name": row.name, "kind": row.kind,
                    "country_code": "ID", "lat": row.lat, "lon": row.lon,
                });
                Some(NewRevision {
                    subject_kind: "place",
                    subject_id: *id,
                    tie_id: None,
                    version: 1,
                    action: "import",
                    changed_by: None,
                    changed_at: at,
                    reason: "",
                    before_json: None,
                    after_json: after.to_string(),
                })
            })
            .collect();
        batch!(
            conn,
            diesel::insert_into(revisions::table).values(&revisions)
        )?;
        for (slug, id) in ids {
            let kind = chunk
                .iter()
                .find(|r| r.slug == slug)
                .map(|r| r.kind.clone())
                .unwrap_or_default();
            place_ids.insert(slug, (id, kind));
            report.places_added += 1;
        }
    }
    let mut inserts = Vec::new();
    for row in rows {
        let Some((id, _)) = place_ids.get(&row.slug).cloned() else {
            continue;
        };
        let wanted = (row.code.clone(), row.province_code.clone());
        match on_record.get(&id) {
            Some(have) if *have == wanted => continue,
            Some(_) => {
                diesel::update(regions::table.find(id))
                    .set((
                        regions::code.eq(&row.code),
                        regions::province_code.eq(&row.province_code),
                    ))
                    .execute(conn)?;
            }
            None => inserts.push((
                regions::place_id.eq(id),
                regions::code.eq(&row.code),
                regions::province_code.eq(&row.province_code),
            )),
        }
        report.regions_coded += 1;
    }
    for chunk in inserts.chunks(200) {
        batch!(
            conn,
            diesel::insert_into(regions::table).values(chunk.to_vec())
        )?;
    }
    if report.regions_coded > 0 || !new_rows.is_empty() {
        bump_data_version(conn)?;
    }
    Ok(())
}

/// Alternative names not yet on record (names on record and not in the file are kept).
pub(super) fn write_alt_names(
    conn: &mut AnyConnection,
    rows: &[AltNameRow],
    place_ids: &HashMap<String, (i32, String)>,
    report: &mut ImportReport,
) -> Result<(), Error> {
    if rows.is_empty() {
        return Ok(());
    }
    let on_record: HashSet<(i32, String)> = place_alt_names::table
        .select((place_alt_names::place_id, place_alt_names::name))
        .load::<(i32, String)>(conn)?
        .into_iter()
        .collect();
    let mut changed = false;
    for row in rows {
        let (id, _) = place_ids.get(&row.slug).ok_or_else(|| ImportError {
            file: "alt-names.csv".into(),
            line: row.line,
            reason: format!("place '{}' is not on record", row.slug),
        })?;
        if on_record.contains(&(*id, row.name.clone())) {
            continue;
        }
        diesel::insert_into(place_alt_names::table)
            .values((
                place_alt_names::place_id.eq(*id),
                place_alt_names::name.eq(&row.name),
            ))
            .execute(conn)?;
        report.alt_names_added += 1;
        changed = true;
    }
    if changed {
        bump_data_version(conn)?;
    }
    Ok(())
}

/// Runs a multi-row insert on the concrete connection (the multi-backend one has no batch insert).
macro_rules! batch {
    ($conn:expr, $insert:expr) => {
        match $conn {
            AnyConnection::Sqlite(c) => $insert.execute(c),
            AnyConnection::Postgresql(c) => $insert.execute(c),
        }
    };
}
use batch;

/// Pages and the search index follow the data's version; a change here must move it.
fn bump_data_version(conn: &mut AnyConnection) -> QueryResult<()> {
    diesel::update(data_version::table.find(1))
        .set(data_version::version.eq(data_version::version + 1))
        .execute(conn)
        .map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_regions_parse() {
        let rows = parse_regions(super::super::STARTER_REGIONS).unwrap();
        let provinces = rows.iter().filter(|r| r.kind == "province").count();
        assert_eq!(provinces, 38);
        assert_eq!(rows.len() - provinces, 514);
        parse_alt_names(super::super::STARTER_ALT_NAMES).unwrap();
    }

    #[test]
    fn bad_region_rows_name_their_line() {
        let head = "code,slug,name,kind,province_code,lat,lon\n";
        let e = parse_regions(&format!(
            "{head}11,aceh,Aceh,province,11,,\n11.01,x,X,village,11,,\n"
        ))
        .unwrap_err();
        assert_eq!(e.line, 3);
        let e = parse_regions(&format!("{head}11.01,x,X,city,11,,\n")).unwrap_err();
        assert!(e.reason.contains("province '11'"), "{}", e.reason);
        let e = parse_regions(&format!("{head}11,aceh,Aceh,province,12,,\n")).unwrap_err();
        assert!(e.reason.contains("does not start"));
    }
}
