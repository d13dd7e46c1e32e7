//! Reading the CSV files: rows checked field by field, every refusal naming its file, line and
//! column.

use super::*;

#[derive(Debug, Clone)]
pub(super) struct PlaceRow {
    pub(super) slug: String,
    pub(super) name: String,
    pub(super) kind: String,
    pub(super) country_code: String,
    pub(super) lat: Option<f64>,
    pub(super) lon: Option<f64>,
    /// The English name where it differs ('' = not given; the column itself is optional).
    pub(super) name_en: String,
}

#[derive(Debug, Clone)]
pub(super) struct TieRow {
    pub(super) line: u64,
    pub(super) id: String,
    pub(super) place: String,
    pub(super) partner: String,
    pub(super) agreement_type: String,
    pub(super) signed_on: Option<PartialDate>,
    pub(super) fields: BTreeSet<String>,
    pub(super) reported_status: String,
    pub(super) status_note: String,
    /// The note's Indonesian text ('' = not given; the column itself is optional).
    pub(super) status_note_id: String,
    pub(super) factors: String,
    pub(super) sources: Vec<SourceRef>,
}

#[derive(Debug, Clone)]
pub(super) struct SourceRef {
    pub(super) key: String,
    pub(super) kind: &'static str,
    pub(super) detail: String,
}

pub(super) fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

pub(super) fn is_tag(s: &str) -> bool {
    is_slug(s)
}

/// CSV records keyed by header, each with its line number.
pub(super) type Records = Vec<(u64, HashMap<String, String>)>;

/// Reads a CSV text into records keyed by header, with their line numbers; checks required columns.
pub(super) fn records(file: &str, text: &str, required: &[&str]) -> Result<Records, ImportError> {
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

pub(super) fn parse_places(text: &str) -> Result<Vec<PlaceRow>, ImportError> {
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

pub(super) fn parse_sources(text: &str) -> Vec<SourceRef> {
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

pub(super) fn parse_ties(text: &str) -> Result<Vec<TieRow>, ImportError> {
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
