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

mod parse;
mod regions;
mod write;

use parse::*;
pub use regions::REGION_KINDS;
use write::*;

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
        // One rebuild of the search index at the end rather than an update per record.
        let report = crate::search::index::without_updates(conn, |conn| {
            let at = now();
            let mut report = ImportReport::default();
            let mut place_ids = write_places(conn, &place_rows, at, &mut report)?;
            regions::write_regions(conn, &region_rows, &mut place_ids, at, &mut report)?;
            regions::write_alt_names(conn, &alt_rows, &place_ids, &mut report)?;
            write_ties(conn, &tie_rows, &place_ids, at, &mut report)?;
            Ok::<_, Error>(report)
        })?;
        if !report.is_empty() {
            crate::search::index::rebuild(conn)?;
        }
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
