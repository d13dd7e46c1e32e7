//! Import of places.csv and ties.csv (the starter data's format): validated first, then written
//! in one transaction, idempotently (keys are the place slugs and tie ids).

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt;
use std::path::Path;

use diesel::prelude::*;

use crate::db::{AnyConnection, now};
use crate::i18n::PartialDate;
use crate::models::agreement::{self, NewAgreement};
use crate::models::place::{self, NewPlace, Place};
use crate::models::revision::NewRevision;
use crate::models::source::{DOCUMENTS, NewCitation, NewSource, Source};
use crate::models::tie::{self, NewReportedStatus, NewTie, ReportedStatus};
use crate::schema::{agreements, places, reported_statuses, settings, tie_fields, ties};

mod regions;
pub use regions::REGION_KINDS;

pub const STARTER_PLACES: &str = include_str!("../data/places.csv");
pub const STARTER_TIES: &str = include_str!("../data/ties.csv");
pub const STARTER_REGIONS: &str = include_str!("../data/regions.csv");
pub const STARTER_ALT_NAMES: &str = include_str!("../data/alt-names.csv");
const STARTER_KEY: &str = "starter_data_imported_at";

/// Why an import was refused: the file, the line and the reason. Nothing was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    pub file: String,
    pub line: u64,
    pub reason: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "{}, line {}: {}", self.file, self.line, self.reason)
        } else {
            write!(f, "{}: {}", self.file, self.reason)
        }
    }
}

impl std::error::Error for ImportError {}

/// What an import changed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ImportReport {
    pub places_added: usize,
    pub places_updated: usize,
    pub ties_added: usize,
    pub ties_updated: usize,
    pub sources_added: usize,
    /// Regions whose official code was added or changed (regions.csv).
    pub regions_coded: usize,
    pub alt_names_added: usize,
}

impl ImportReport {
    pub fn is_empty(&self) -> bool {
        *self == ImportReport::default()
    }
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} places added, {} updated; {} ties added, {} updated; {} sources added; {} region codes, {} alternative names added",
            self.places_added,
            self.places_updated,
            self.ties_added,
            self.ties_updated,
            self.sources_added,
            self.regions_coded,
            self.alt_names_added
        )
    }
}

/// A failure of the import: the input was refused, or the database failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Input(#[from] ImportError),
    #[error("database error during import: {0}")]
    Database(#[from] diesel::result::Error),
    #[error("cannot read {0}: {1}")]
    Io(String, std::io::Error),
}

#[derive(Debug, Clone)]
struct PlaceRow {
    slug: String,
    name: String,
    kind: String,
    country_code: String,
    lat: Option<f64>,
    lon: Option<f64>,
    /// The English name where it differs ('' = not given; the column itself is optional).
    name_en: String,
}

#[derive(Debug, Clone)]
struct TieRow {
    line: u64,
    id: String,
    place: String,
    partner: String,
    agreement_type: String,
    signed_on: Option<PartialDate>,
    fields: BTreeSet<String>,
    reported_status: String,
    status_note: String,
    /// The note's Indonesian text ('' = not given; the column itself is optional).
    status_note_id: String,
    factors: String,
    sources: Vec<SourceRef>,
}

#[derive(Debug, Clone)]
struct SourceRef {
    key: String,
    kind: &'static str,
    detail: String,
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

fn is_tag(s: &str) -> bool {
    is_slug(s)
}

/// CSV records keyed by header, each with its line number.
type Records = Vec<(u64, HashMap<String, String>)>;

/// Reads a CSV text into records keyed by header, with their line numbers; checks required columns.
fn records(file: &str, text: &str, required: &[&str]) -> Result<Records, ImportError> {
    let err = |line: u64, reason: String| ImportError {
        file: file.to_string(),
        line,
        reason,
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| err(1, format!("cannot read the header row: {e}")))?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_string())
        .collect();
    for col in required {
        if !headers.iter().any(|h| h == col) {
            return Err(err(1, format!("the header has no column '{col}'")));
        }
    }
    let mut out = Vec::new();
    for rec in reader.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map(|p| p.line()).unwrap_or(0);
            err(line, format!("not a valid CSV row: {e}"))
        })?;
        let line = rec.position().map(|p| p.line()).unwrap_or(0);
        if rec.len() != headers.len() {
            return Err(err(
                line,
                format!("expected {} columns, found {}", headers.len(), rec.len()),
            ));
        }
        let map = headers
            .iter()
            .cloned()
            .zip(rec.iter().map(|v| v.trim().to_string()))
            .collect();
        out.push((line, map));
    }
    Ok(out)
}

fn parse_places(text: &str) -> Result<Vec<PlaceRow>, ImportError> {
    const FILE: &str = "places.csv";
    let rows = records(
        FILE,
        text,
        &["slug", "name", "kind", "country_code", "lat", "lon"],
    )?;
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (line, r) in rows {
        let err = |reason: String| ImportError {
            file: FILE.into(),
            line,
            reason,
        };
        let slug = r["slug"].clone();
        if !is_slug(&slug) {
            return Err(err(format!(
                "slug '{slug}' must be lowercase ASCII letters, digits and hyphens"
            )));
        }
        if !seen.insert(slug.clone()) {
            return Err(err(format!("slug '{slug}' appears twice")));
        }
        let name = r["name"].clone();
        if name.is_empty() {
            return Err(err("the name is empty".into()));
        }
        let kind = r["kind"].clone();
        if !place::KINDS.contains(&kind.as_str()) {
            return Err(err(format!(
                "kind '{kind}' is not one of {}",
                place::KINDS.join(", ")
            )));
        }
        let country_code = r["country_code"].clone();
        if country_code.len() != 2 || !country_code.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(err(format!(
                "country_code '{country_code}' is not an ISO 3166-1 alpha-2 code"
            )));
        }
        let coord = |col: &str, limit: f64| -> Result<Option<f64>, ImportError> {
            let v = &r[col];
            if v.is_empty() {
                return Ok(None);
            }
            match v.parse::<f64>() {
                Ok(x) if x.is_finite() && x.abs() <= limit => Ok(Some(x)),
                _ => Err(err(format!(
                    "{col} '{v}' is not a number between -{limit} and {limit}"
                ))),
            }
        };
        let lat = coord("lat", 90.0)?;
        let lon = coord("lon", 180.0)?;
        if lat.is_some() != lon.is_some() {
            return Err(err("lat and lon must both be given or both be empty".into()));
        }
        let name_en = r.get("name_en").cloned().unwrap_or_default();
        out.push(PlaceRow {
            slug,
            name,
            kind,
            country_code,
            lat,
            lon,
            name_en,
        });
    }
    Ok(out)
}

fn parse_sources(text: &str) -> Vec<SourceRef> {
    text.split(" | ")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            if s.starts_with("http://") || s.starts_with("https://") {
                return SourceRef {
                    key: s.to_string(),
                    kind: "web",
                    detail: String::new(),
                };
            }
            if let Some(doc) = DOCUMENTS.iter().find(|d| s.starts_with(d.key)) {
                let rest = s[doc.key.len()..].trim();
                // "(Chandra, n.d.)" repeats the bibliography; "citing X 2017" says which study is used.
                let detail = if rest.starts_with('(') {
                    ""
                } else {
                    rest.strip_prefix("citing ").unwrap_or(rest)
                };
                return SourceRef {
                    key: doc.key.to_string(),
                    kind: "document",
                    detail: detail.to_string(),
                };
            }
            SourceRef {
                key: s.to_string(),
                kind: "other",
                detail: String::new(),
            }
        })
        .collect()
}

fn parse_ties(text: &str) -> Result<Vec<TieRow>, ImportError> {
    const FILE: &str = "ties.csv";
    let cols = [
        "id",
        "indonesian_slug",
        "partner_slug",
        "agreement_type",
        "signed_on",
        "fields",
        "reported_status",
        "status_note",
        "factors",
        "source",
    ];
    let rows = records(FILE, text, &cols)?;
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (line, r) in rows {
        let err = |reason: String| ImportError {
            file: FILE.into(),
            line,
            reason,
        };
        let id = r["id"].clone();
        let (place, partner) = (r["indonesian_slug"].clone(), r["partner_slug"].clone());
        if !is_slug(&place) || !is_slug(&partner) {
            return Err(err(
                "indonesian_slug and partner_slug must be place slugs".into()
            ));
        }
        if place == partner {
            return Err(err(format!("a place cannot be tied to itself ('{place}')")));
        }
        if id != format!("{place}--{partner}") {
            return Err(err(format!("id '{id}' must be '{place}--{partner}'")));
        }
        if !seen.insert(id.clone()) {
            return Err(err(format!("tie '{id}' appears twice")));
        }
        let agreement_type = r["agreement_type"].clone();
        if !agreement_type.is_empty() && !agreement::KINDS.contains(&agreement_type.as_str()) {
            return Err(err(format!(
                "agreement_type '{agreement_type}' is not one of {}",
                agreement::KINDS.join(", ")
            )));
        }
        let signed_on = match r["signed_on"].as_str() {
            "" => None,
            s => Some(PartialDate::parse(s).map_err(|e| err(format!("signed_on: {e}")))?),
        };
        let mut fields = BTreeSet::new();
        for f in r["fields"]
            .split(';')
            .map(str::trim)
            .filter(|f| !f.is_empty())
        {
            if !is_tag(f) {
                return Err(err(format!("field '{f}' must be a lowercase tag")));
            }
            fields.insert(f.to_string());
        }
        let reported_status = r["reported_status"].clone();
        if !tie::REPORTED_STATUSES.contains(&reported_status.as_str()) {
            return Err(err(format!(
                "reported_status '{reported_status}' is not one of {}",
                tie::REPORTED_STATUSES.join(", ")
            )));
        }
        let factors: Vec<&str> = r["factors"]
            .split(';')
            .map(str::trim)
            .filter(|f| !f.is_empty())
            .collect();
        if let Some(bad) = factors.iter().find(|f| !is_tag(f)) {
            return Err(err(format!("factor '{bad}' must be a lowercase tag")));
        }
        out.push(TieRow {
            line,
            id,
            place,
            partner,
            agreement_type,
            signed_on,
            fields,
            reported_status,
            status_note: r["status_note"].clone(),
            status_note_id: r.get("status_note_id").cloned().unwrap_or_default(),
            factors: factors.join(";"),
            sources: parse_sources(&r["source"]),
        });
    }
    Ok(out)
}

/// The four files of an import; an empty text is a file not given.
#[derive(Debug, Clone, Copy, Default)]
pub struct Files<'a> {
    pub places: &'a str,
    pub regions: &'a str,
    pub alt_names: &'a str,
    pub ties: &'a str,
}

impl Files<'static> {
    /// The data bundled with the binary (data/*.csv).
    pub fn starter() -> Self {
        Files {
            places: STARTER_PLACES,
            regions: STARTER_REGIONS,
            alt_names: STARTER_ALT_NAMES,
            ties: STARTER_TIES,
        }
    }
}

/// Import from a directory holding `places.csv`, `regions.csv`, `alt-names.csv` and/or `ties.csv`.
pub fn import_dir(conn: &mut AnyConnection, dir: &Path) -> Result<ImportReport, Error> {
    let read = |name: &str| -> Result<Option<String>, Error> {
        let path = dir.join(name);
        match std::fs::read(&path) {
            Ok(bytes) => String::from_utf8(bytes).map(Some).map_err(|_| {
                Error::Input(ImportError {
                    file: name.into(),
                    line: 0,
                    reason: "the file is not valid UTF-8".into(),
                })
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Error::Io(path.display().to_string(), e)),
        }
    };
    let (places_csv, ties_csv) = (read("places.csv")?, read("ties.csv")?);
    let (regions_csv, alt_csv) = (read("regions.csv")?, read("alt-names.csv")?);
    if places_csv.is_none() && ties_csv.is_none() && regions_csv.is_none() && alt_csv.is_none() {
        return Err(Error::Io(
            dir.display().to_string(),
            std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "none of places.csv, regions.csv, alt-names.csv and ties.csv is there",
            ),
        ));
    }
    import_files(
        conn,
        Files {
            places: places_csv.as_deref().unwrap_or(""),
            regions: regions_csv.as_deref().unwrap_or(""),
            alt_names: alt_csv.as_deref().unwrap_or(""),
            ties: ties_csv.as_deref().unwrap_or(""),
        },
    )
}

/// Import the bundled starter data on the first start only; later starts import nothing.
pub fn import_starter_once(conn: &mut AnyConnection) -> Result<Option<ImportReport>, Error> {
    let done: Option<String> = settings::table
        .filter(settings::key.eq(STARTER_KEY))
        .select(settings::value)
        .first(conn)
        .optional()?;
    if done.is_some() {
        return Ok(None);
    }
    conn.transaction(|conn| {
        let report = import_files(conn, Files::starter())?;
        let at = now();
        diesel::insert_into(settings::table)
            .values((
                settings::key.eq(STARTER_KEY),
                settings::value.eq(at.to_string()),
                settings::updated_at.eq(at),
            ))
            .execute(conn)?;
        Ok(Some(report))
    })
}

/// Validate both files completely, then write everything in one transaction.
pub fn import(
    conn: &mut AnyConnection,
    places_csv: &str,
    ties_csv: &str,
) -> Result<ImportReport, Error> {
    import_files(
        conn,
        Files {
            places: places_csv,
            ties: ties_csv,
            ..Files::default()
        },
    )
}

/// Validate every file completely, then write everything in one transaction: places, then the
/// regions (adding the places not yet on record), their alternative names, and the ties.
pub fn import_files(conn: &mut AnyConnection, files: Files) -> Result<ImportReport, Error> {
    let (place_rows, tie_rows) = parse_both(files.places, files.ties)?;
    let region_rows = if files.regions.trim().is_empty() {
        Vec::new()
    } else {
        regions::parse_regions(files.regions)?
    };
    let alt_rows = if files.alt_names.trim().is_empty() {
        Vec::new()
    } else {
        regions::parse_alt_names(files.alt_names)?
    };
    conn.transaction(|conn| {
        let at = now();
        let mut report = ImportReport::default();
        let mut place_ids = write_places(conn, &place_rows, at, &mut report)?;
        regions::write_regions(conn, &region_rows, &mut place_ids, at, &mut report)?;
        regions::write_alt_names(conn, &alt_rows, &place_ids, &mut report)?;
        write_ties(conn, &tie_rows, &place_ids, at, &mut report)?;
        // Once for all the import touched (places' names are in their ties' rows too).
        crate::assessment_store::refresh_all(conn)?;
        Ok(report)
    })
}

fn parse_both(
    places_csv: &str,
    ties_csv: &str,
) -> Result<(Vec<PlaceRow>, Vec<TieRow>), ImportError> {
    let place_rows = if places_csv.trim().is_empty() {
        Vec::new()
    } else {
        parse_places(places_csv)?
    };
    let tie_rows = if ties_csv.trim().is_empty() {
        Vec::new()
    } else {
        parse_ties(ties_csv)?
    };
    Ok((place_rows, tie_rows))
}

/// How many places and ties a fresh database holds after the starter import (places.csv and
/// the regions not in it; ties.csv), for figures and tests that must follow the data.
pub fn starter_counts() -> (usize, usize) {
    let places = parse_places(STARTER_PLACES).unwrap_or_default();
    let slugs: HashSet<&str> = places.iter().map(|p| p.slug.as_str()).collect();
    let regions = regions::parse_regions(STARTER_REGIONS).unwrap_or_default();
    let new_regions = regions.iter().filter(|r| !slugs.contains(r.slug())).count();
    let ties = parse_ties(STARTER_TIES).map(|t| t.len()).unwrap_or(0);
    (places.len() + new_regions, ties)
}

/// Check both files as `import` does before writing, without a database: how many places and
/// ties they hold, or the first line refused.
pub fn validate(places_csv: &str, ties_csv: &str) -> Result<(usize, usize), ImportError> {
    parse_both(places_csv, ties_csv).map(|(p, t)| (p.len(), t.len()))
}

/// Place slug → (id, kind) for every place on record.
type PlaceIds = HashMap<String, (i32, String)>;

fn write_places(
    conn: &mut AnyConnection,
    place_rows: &[PlaceRow],
    at: chrono::NaiveDateTime,
    report: &mut ImportReport,
) -> Result<PlaceIds, Error> {
    let mut place_ids: HashMap<String, (i32, String)> = places::table
        .select((places::slug, places::id, places::kind))
        .load::<(String, i32, String)>(conn)?
        .into_iter()
        .map(|(s, id, k)| (s, (id, k)))
        .collect();

    for row in place_rows {
        let new = NewPlace {
            slug: &row.slug,
            name: &row.name,
            kind: &row.kind,
            country_code: &row.country_code,
            lat: row.lat,
            lon: row.lon,
            name_en: &row.name_en,
        };
        match Place::by_slug(conn, &row.slug)? {
            None => {
                let id: i32 = diesel::insert_into(places::table)
                    .values((&new, places::created_at.eq(at), places::updated_at.eq(at)))
                    .returning(places::id)
                    .get_result(conn)?;
                place_revision(conn, id, 1, "import", None, &new, at)?;
                place_ids.insert(row.slug.clone(), (id, row.kind.clone()));
                report.places_added += 1;
            }
            Some(old) => {
                let same = old.name == row.name
                    && old.kind == row.kind
                    && old.country_code == row.country_code
                    && old.lat == row.lat
                    && old.lon == row.lon
                    && old.name_en == row.name_en;
                if !same {
                    diesel::update(places::table.find(old.id))
                        .set((
                            &new,
                            places::version.eq(old.version + 1),
                            places::updated_at.eq(at),
                        ))
                        .execute(conn)?;
                    let before = serde_json::to_string(&old).ok();
                    place_revision(conn, old.id, old.version + 1, "import", before, &new, at)?;
                    place_ids.insert(row.slug.clone(), (old.id, row.kind.clone()));
                    report.places_updated += 1;
                }
            }
        }
    }

    Ok(place_ids)
}

fn write_ties(
    conn: &mut AnyConnection,
    tie_rows: &[TieRow],
    place_ids: &PlaceIds,
    at: chrono::NaiveDateTime,
    report: &mut ImportReport,
) -> Result<(), Error> {
    let mut source_ids: HashMap<String, i32> = crate::schema::sources::table
        .select((crate::schema::sources::key, crate::schema::sources::id))
        .load::<(String, i32)>(conn)?
        .into_iter()
        .collect();
    // What is on record, read once (hundreds of ties: a query per tie and table was too slow).
    let known_ties: HashMap<String, (i32, i32)> = ties::table
        .select((ties::slug, ties::id, ties::version))
        .load::<(String, i32, i32)>(conn)?
        .into_iter()
        .map(|(slug, id, version)| (slug, (id, version)))
        .collect();
    let mut fields_on_record: HashMap<i32, BTreeSet<String>> = HashMap::new();
    for (tie_id, field) in tie_fields::table
        .select((tie_fields::tie_id, tie_fields::field))
        .load::<(i32, String)>(conn)?
    {
        fields_on_record.entry(tie_id).or_default().insert(field);
    }
    let mut agreements_on_record: HashMap<i32, Vec<(String, Option<chrono::NaiveDate>)>> =
        HashMap::new();
    for (tie_id, kind, signed_on) in agreements::table
        .select((agreements::tie_id, agreements::kind, agreements::signed_on))
        .load::<(i32, String, Option<chrono::NaiveDate>)>(conn)?
    {
        agreements_on_record
            .entry(tie_id)
            .or_default()
            .push((kind, signed_on));
    }
    let mut latest_statuses: HashMap<i32, ReportedStatus> = HashMap::new();
    for status in reported_statuses::table
        .order(reported_statuses::id.asc())
        .load::<ReportedStatus>(conn)?
    {
        latest_statuses.insert(status.tie_id, status);
    }
    for row in tie_rows {
        let lookup = |slug: &str| {
            place_ids.get(slug).cloned().ok_or_else(|| ImportError {
                file: "ties.csv".into(),
                line: row.line,
                reason: format!("place '{slug}' is neither in places.csv nor in the database"),
            })
        };
        let (place_id, place_kind) = lookup(&row.place)?;
        let (partner_id, partner_kind) = lookup(&row.partner)?;
        let kind = if partner_kind == "organisation" || place_kind == "organisation" {
            "other"
        } else if place_kind == "province" && partner_kind == "province" {
            "sister-province"
        } else {
            "sister-city"
        };
        let started = if row.agreement_type.is_empty() {
            row.signed_on
        } else {
            None
        };
        let (tie_id, version, is_new) = match known_ties.get(&row.id) {
            None => {
                let id: i32 = diesel::insert_into(ties::table)
                    .values(NewTie {
                        slug: &row.id,
                        place_id,
                        partner_id,
                        kind,
                        started_on: started.map(|d| d.date),
                        started_precision: started.map(|d| d.precision.as_str()),
                        created_at: at,
                        updated_at: at,
                    })
                    .returning(ties::id)
                    .get_result(conn)?;
                report.ties_added += 1;
                (id, 1, true)
            }
            Some(&(id, version)) => (id, version, false),
        };
        let mut changed = false;

        // Fields of cooperation: replaced when they differ.
        let no_fields = BTreeSet::new();
        let old_fields = fields_on_record.get(&tie_id).unwrap_or(&no_fields);
        if *old_fields != row.fields {
            diesel::delete(tie_fields::table.filter(tie_fields::tie_id.eq(tie_id)))
                .execute(conn)?;
            for f in &row.fields {
                diesel::insert_into(tie_fields::table)
                    .values((tie_fields::tie_id.eq(tie_id), tie_fields::field.eq(f)))
                    .execute(conn)?;
            }
            changed = true;
        }

        // The agreement the row dates, unless one of that kind and date is on record.
        if !row.agreement_type.is_empty() {
            let on_record = agreements_on_record
                .get(&tie_id)
                .cloned()
                .unwrap_or_default();
            let wanted = (row.agreement_type.clone(), row.signed_on.map(|d| d.date));
            let exists = on_record.contains(&wanted);
            if !exists {
                diesel::insert_into(agreements::table)
                    .values(NewAgreement {
                        tie_id,
                        kind: &row.agreement_type,
                        signed_on: row.signed_on.map(|d| d.date),
                        signed_precision: row.signed_on.map(|d| d.precision.as_str()),
                        note: "",
                        published_at: Some(at),
                        created_at: at,
                        updated_at: at,
                    })
                    .execute(conn)?;
                changed = true;
            }
        }

        // The reported status: a new one is added when it differs from the latest (history is kept).
        let latest = latest_statuses.get(&tie_id);
        let same_status = latest.is_some_and(|s| {
            s.status == row.reported_status && s.note == row.status_note && s.factors == row.factors
        });
        // The same report with a new Indonesian text: the text is the site's, not a new report.
        if let Some(s) = latest
            .as_ref()
            .filter(|s| same_status && s.note_id != row.status_note_id)
        {
            diesel::update(reported_statuses::table.find(s.id))
                .set(reported_statuses::note_id.eq(&row.status_note_id))
                .execute(conn)?;
            changed = true;
        }
        if !same_status {
            let status_id: i32 = diesel::insert_into(reported_statuses::table)
                .values(NewReportedStatus {
                    tie_id,
                    status: &row.reported_status,
                    note: &row.status_note,
                    factors: &row.factors,
                    created_at: at,
                    note_id: &row.status_note_id,
                })
                .returning(reported_statuses::id)
                .get_result(conn)?;
            for (position, s) in row.sources.iter().enumerate() {
                let source_id = source_id(conn, &mut source_ids, s, at, report)?;
                diesel::insert_into(crate::schema::citations::table)
                    .values(NewCitation {
                        source_id,
                        subject_kind: "reported_status",
                        subject_id: status_id,
                        detail: &s.detail,
                        position: position as i32,
                    })
                    .execute(conn)?;
            }
            changed = true;
        }

        if is_new || changed {
            let new_version = if is_new { 1 } else { version + 1 };
            if !is_new {
                diesel::update(ties::table.find(tie_id))
                    .set((ties::version.eq(new_version), ties::updated_at.eq(at)))
                    .execute(conn)?;
                report.ties_updated += 1;
            }
            let after = serde_json::json!({
                "id": row.id,
                "kind": kind,
                "agreement_type": row.agreement_type,
                "signed_on": row.signed_on.map(|d| d.iso()),
                "fields": row.fields,
                "reported_status": row.reported_status,
                "status_note": row.status_note,
                "status_note_id": row.status_note_id,
                "factors": row.factors,
            });
            NewRevision {
                subject_kind: "tie",
                subject_id: tie_id,
                tie_id: Some(tie_id),
                version: new_version,
                action: "import",
                changed_by: None,
                changed_at: at,
                reason: "",
                before_json: None,
                after_json: after.to_string(),
            }
            .insert_without_assessment(conn)?;
        }
    }
    Ok(())
}

fn place_revision(
    conn: &mut AnyConnection,
    id: i32,
    version: i32,
    action: &str,
    before_json: Option<String>,
    new: &NewPlace,
    at: chrono::NaiveDateTime,
) -> QueryResult<()> {
    let after = serde_json::json!({
        "slug": new.slug, "name": new.name, "kind": new.kind,
        "country_code": new.country_code, "lat": new.lat, "lon": new.lon,
        "name_en": new.name_en,
    });
    NewRevision {
        subject_kind: "place",
        subject_id: id,
        tie_id: None,
        version,
        action,
        changed_by: None,
        changed_at: at,
        reason: "",
        before_json,
        after_json: after.to_string(),
    }
    .insert_without_assessment(conn)
}

/// The id of a source, created on first use.
fn source_id(
    conn: &mut AnyConnection,
    cache: &mut HashMap<String, i32>,
    s: &SourceRef,
    at: chrono::NaiveDateTime,
    report: &mut ImportReport,
) -> QueryResult<i32> {
    if let Some(id) = cache.get(&s.key) {
        return Ok(*id);
    }
    let id = match Source::by_key(conn, &s.key)? {
        Some(src) => src.id,
        None => {
            let doc = DOCUMENTS.iter().find(|d| d.key == s.key);
            let new = match (s.kind, doc) {
                ("document", Some(d)) => NewSource {
                    key: d.key,
                    kind: "document",
                    author: d.author,
                    year: d.year,
                    title: d.title,
                    publisher: d.publisher,
                    url: None,
                    created_at: at,
                },
                ("web", _) => NewSource {
                    key: &s.key,
                    kind: "web",
                    author: "",
                    year: "",
                    title: "",
                    publisher: "",
                    url: Some(&s.key),
                    created_at: at,
                },
                _ => NewSource {
                    key: &s.key,
                    kind: "other",
                    author: "",
                    year: "",
                    title: &s.key,
                    publisher: "",
                    url: None,
                    created_at: at,
                },
            };
            report.sources_added += 1;
            diesel::insert_into(crate::schema::sources::table)
                .values(new)
                .returning(crate::schema::sources::id)
                .get_result(conn)?
        }
    };
    cache.insert(s.key.clone(), id);
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starter_files_parse() {
        assert_eq!(parse_places(STARTER_PLACES).unwrap().len(), 208);
        let ties = parse_ties(STARTER_TIES).unwrap();
        assert_eq!(ties.len(), 202);
        assert!(
            ties.iter().all(|t| !t.sources.is_empty()),
            "every tie has a source"
        );
        let ikn = ties
            .iter()
            .find(|t| t.id == "ikn-nusantara--astana-kz")
            .unwrap();
        assert_eq!(ikn.signed_on.unwrap().iso(), "2023-07-03");
        assert_eq!(ikn.sources.len(), 4);
        assert_eq!(ikn.sources[0].kind, "document");
        assert_eq!(ikn.sources[0].detail, "");
    }

    #[test]
    fn citing_detail_is_kept() {
        let s = parse_sources(
            "002_c8e1836a946e3ab8.txt citing Mukti 2015; Hakim & Susilowati 2020 | https://x.org/a",
        );
        assert_eq!(s[0].detail, "Mukti 2015; Hakim & Susilowati 2020");
        assert_eq!(s[1].kind, "web");
    }

    #[test]
    fn bad_rows_name_their_line() {
        let text =
            "slug,name,kind,country_code,lat,lon\nok,Ok,city,ID,1,2\nbad,Bad,village,ID,1,2\n";
        let e = parse_places(text).unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("places.csv", 3));
        assert!(e.reason.contains("village"));
        let text = "slug,name,kind,country_code,lat,lon\nok,Ok,city,ID,91,2\n";
        assert!(parse_places(text).unwrap_err().reason.contains("lat"));
        let head = "id,indonesian_slug,partner_slug,agreement_type,signed_on,fields,reported_status,status_note,factors,source\n";
        let e = parse_ties(&format!("{head}a--b,a,b,mou,2017-13-01,,active,,,\n")).unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.reason.contains("signed_on"));
        let e = parse_ties(&format!("{head}a--c,a,b,mou,,,active,,,\n")).unwrap_err();
        assert!(e.reason.contains("must be 'a--b'"));
        let e = parse_ties(&format!("{head}a--b,a,b,mou,,,alive,,,\n")).unwrap_err();
        assert!(e.reason.contains("alive"));
    }
}
