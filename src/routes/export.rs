//! What every open-data answer shares (API, CSV/JSON/xlsx exports, the dump, `datapackage.json`):
//! the data licence (CC BY 4.0, distinct from the code's MIT), one way of writing dates (a partial
//! date as what it is: `1993`, `1989-11`; timestamps in UTC with `Z`), absolute URLs, and the
//! headers (CORS, `Link: rel="license"`, the exposed validators, the cache policy), and the
//! encodings of exported rows, a few at a time so that an export can be streamed: CSV
//! (`csv_header`, `write_csv_rows`) and a JSON document with one list of rows (`JsonList`).

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, HttpResponseBuilder};
use chrono::NaiveDateTime;
use serde::Serialize;

use super::cache_policy::{CachePolicy, Cached};
use crate::error::AppError;

/// The data's licence, as an SPDX identifier.
pub const LICENCE_ID: &str = "CC-BY-4.0";
pub const LICENCE_TITLE: &str = "Creative Commons Attribution 4.0 International";
pub const LICENCE_URL: &str = "https://creativecommons.org/licenses/by/4.0/";
/// Headers a browser script may read on a cross-origin answer.
pub const EXPOSED: &str = "ETag, Last-Modified, Link, Content-Disposition";

/// A timestamp as ISO 8601 in UTC with `Z` (stored timestamps are UTC).
pub fn utc(t: NaiveDateTime) -> String {
    t.and_utc()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// The site's origin for absolute URLs (the configured public origin, else the checked Host).
pub fn origin(req: &HttpRequest) -> String {
    super::session::origin(req)
}

/// The licence as a JSON object (for the dump, the exports and `datapackage.json`).
pub fn licence_json() -> serde_json::Value {
    serde_json::json!({ "name": LICENCE_ID, "title": LICENCE_TITLE, "path": LICENCE_URL })
}

/// The headers of every open-data answer: CORS and the licence link.
pub fn open(builder: &mut HttpResponseBuilder) -> &mut HttpResponseBuilder {
    builder
        .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"))
        .insert_header((header::ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED))
        .append_header((header::LINK, format!("<{LICENCE_URL}>; rel=\"license\"")))
}

/// [`open`] as a method of the response builder.
pub trait OpenData {
    fn open_data(&mut self) -> &mut Self;
}

impl OpenData for HttpResponseBuilder {
    fn open_data(&mut self) -> &mut Self {
        open(self)
    }
}

/// A public open-data answer, valid until the data changes.
pub fn public(res: HttpResponse, changed: Option<NaiveDateTime>) -> HttpResponse {
    res.cached(CachePolicy::PAGE.modified(changed))
}

/// Rewrites a stored row for publication: a date with a `*_precision` sibling is written at its
/// precision (`signed_on: "1993"` for a year) and its precision kept; timestamps get their `Z`.
pub fn normalise(value: &mut serde_json::Value) {
    let serde_json::Value::Object(map) = value else {
        return;
    };
    let keys: Vec<String> = map.keys().cloned().collect();
    for key in keys {
        let precision_key = match key.strip_suffix("_on") {
            Some(stem) => format!("{stem}_precision"),
            None => format!("{key}_precision"),
        };
        let precision = map
            .get(&precision_key)
            .and_then(|v| v.as_str())
            .map(str::to_string);
        let Some(serde_json::Value::String(s)) = map.get_mut(&key) else {
            continue;
        };
        if let Some(p) = precision
            && s.len() == 10
        {
            match p.as_str() {
                "year" => s.truncate(4),
                "month" => s.truncate(7),
                _ => {}
            }
        } else if is_naive_timestamp(s) {
            // Drop fractions of a second, then mark as UTC.
            s.truncate(19);
            s.push('Z');
        }
    }
}

fn is_naive_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 19
        && b[4] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && (s.len() == 19
            || (b[19] == b'.' && b.len() > 20 && b[20..].iter().all(u8::is_ascii_digit)))
        && chrono::NaiveDateTime::parse_from_str(&s[..19], "%Y-%m-%dT%H:%M:%S").is_ok()
}

/// A cell that a spreadsheet would run as a formula gets a leading apostrophe.
pub fn neutralise(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

fn csv_failed(e: impl Into<crate::error::BoxError>) -> AppError {
    AppError::internal("csv export", e)
}

fn csv_writer<W: std::io::Write>(out: W) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out)
}

/// The header line of a CSV export (RFC 4180, CRLF).
pub fn csv_header(columns: &[&str]) -> Result<Vec<u8>, AppError> {
    let mut out = csv_writer(Vec::new());
    out.write_record(columns).map_err(csv_failed)?;
    out.into_inner().map_err(csv_failed)
}

/// Rows as CSV lines after the header, columns in the given order, every text cell neutralised
/// against formula injection; the lines of consecutive calls make one file.
pub fn write_csv_rows<T: Serialize>(
    to: impl std::io::Write,
    columns: &[&str],
    rows: &[T],
) -> Result<(), AppError> {
    let mut out = csv_writer(to);
    for row in rows {
        let value = serde_json::to_value(row).map_err(csv_failed)?;
        let cells: Vec<String> = columns
            .iter()
            .map(|c| match value.get(*c) {
                Some(serde_json::Value::String(s)) => neutralise(s),
                Some(serde_json::Value::Null) | None => String::new(),
                Some(other) => other.to_string(),
            })
            .collect();
        out.write_record(&cells).map_err(csv_failed)?;
    }
    out.flush().map_err(csv_failed)
}

/// Rows as RFC 4180 CSV with a header (also when there is no row): `csv_header`, then
/// `write_csv_rows`.
pub fn to_csv<T: Serialize>(columns: &[&str], rows: &[T]) -> Result<String, AppError> {
    let mut bytes = csv_header(columns)?;
    write_csv_rows(&mut bytes, columns, rows)?;
    String::from_utf8(bytes).map_err(csv_failed)
}

/// A JSON document of an envelope (count, licence, …) and one list of rows, written in pieces
/// (`head`, `write_rows` as often as needed, `tail`) that make the same bytes `serde_json` writes for
/// the whole document: the envelope's keys in serde_json's order, the list's key last, compact
/// or pretty.
pub struct JsonList {
    head: Vec<u8>,
    tail: Vec<u8>,
    pretty: bool,
    written: usize,
}

impl JsonList {
    /// The document `envelope` (an object) with its list under `key`.
    pub fn new(mut envelope: serde_json::Value, key: &str, pretty: bool) -> Result<Self, AppError> {
        let failed = |e: &str| AppError::internal("json export", e.to_string());
        envelope
            .as_object_mut()
            .ok_or_else(|| failed("the envelope is not an object"))?
            .insert(key.to_string(), serde_json::json!([]));
        let (text, marker, end) = if pretty {
            let text = serde_json::to_string_pretty(&envelope);
            (text, format!("\"{key}\": []"), "\n}")
        } else {
            let text = serde_json::to_string(&envelope);
            (text, format!("\"{key}\":[]"), "}")
        };
        let text = text.map_err(|e| AppError::internal("json export", e))?;
        // The list must come last, so that rows are followed by the envelope's end alone.
        if !text.ends_with(&format!("{marker}{end}")) {
            return Err(failed("the list's key is not the envelope's last"));
        }
        let split = text.len() - end.len() - 1;
        Ok(JsonList {
            head: text.as_bytes()[..split].to_vec(),
            tail: text.as_bytes()[split..].to_vec(),
            pretty,
            written: 0,
        })
    }

    /// The document up to the list's `[`.
    pub fn head(&self) -> Vec<u8> {
        self.head.clone()
    }

    /// The next rows of the list, each as `serde_json` writes a value inside the document.
    pub fn write_rows<T: Serialize>(
        &mut self,
        mut out: impl std::io::Write,
        rows: &[T],
    ) -> Result<(), AppError> {
        fn failed(e: impl Into<crate::error::BoxError>) -> AppError {
            AppError::internal("json export", e)
        }
        for row in rows {
            // Through a `Value`, as `serde_json::json!` does, so that keys come in the same order.
            let value = serde_json::to_value(row).map_err(failed)?;
            if self.written > 0 {
                out.write_all(b",").map_err(failed)?;
            }
            if self.pretty {
                let text = serde_json::to_string_pretty(&value).map_err(failed)?;
                for line in text.lines() {
                    out.write_all(b"\n    ").map_err(failed)?;
                    out.write_all(line.as_bytes()).map_err(failed)?;
                }
            } else {
                serde_json::to_writer(&mut out, &value).map_err(failed)?;
            }
            self.written += 1;
        }
        Ok(())
    }

    /// The rest of the document after the last row.
    pub fn tail(&self) -> Vec<u8> {
        let mut out = Vec::new();
        if self.pretty && self.written > 0 {
            out.extend_from_slice(b"\n  ");
        }
        out.extend_from_slice(&self.tail);
        out
    }
}

/// A header value with the RFC 8288 links of a paginated answer (first, prev, next, last).
pub fn pagination_links(
    base: &str,
    pairs: &[(String, String)],
    page: usize,
    per_page: usize,
    total: usize,
) -> Vec<(&'static str, String)> {
    let last = total.div_ceil(per_page).max(1);
    let href = |n: usize| {
        let mut q: Vec<(String, String)> = pairs
            .iter()
            .filter(|(k, v)| k != "page" && !v.is_empty())
            .cloned()
            .collect();
        if n != 1 {
            q.push(("page".into(), n.to_string()));
        }
        let qs = serde_urlencoded::to_string(&q).unwrap_or_default();
        if qs.is_empty() {
            base.to_string()
        } else {
            format!("{base}?{qs}")
        }
    };
    let mut out = vec![("first", href(1))];
    if page > 1 {
        out.push(("prev", href((page - 1).min(last))));
    }
    if page < last {
        out.push(("next", href(page + 1)));
    }
    out.push(("last", href(last)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_keep_their_precision_and_timestamps_their_zone() {
        let mut row = serde_json::json!({
            "signed_on": "1993-01-01", "signed_precision": "year",
            "started_on": "1989-11-01", "started_precision": "month",
            "occurred_on": "2020-05-17", "occurred_precision": "day",
            "as_of": "2022-12-01", "as_of_precision": "month",
            "expires_on": "2030-01-01",
            "created_at": "2026-11-23T10:00:00.123456",
            "title": "2026-11-23T10:00:00 is a title",
        });
        normalise(&mut row);
        assert_eq!(row["signed_on"], "1993");
        assert_eq!(row["started_on"], "1989-11");
        assert_eq!(row["occurred_on"], "2020-05-17");
        assert_eq!(row["as_of"], "2022-12");
        assert_eq!(row["expires_on"], "2030-01-01");
        assert_eq!(row["created_at"], "2026-11-23T10:00:00Z");
        assert_eq!(row["title"], "2026-11-23T10:00:00 is a title");
    }

    #[test]
    fn json_lists_in_pieces_make_the_whole_document() {
        #[derive(Serialize)]
        struct Row {
            z: u32,
            a: String,
        }
        for pretty in [true, false] {
            for n in [0, 1, 3] {
                let rows: Vec<Row> = (0..n)
                    .map(|i| Row {
                        z: i,
                        a: format!("line\nbreak {i}"),
                    })
                    .collect();
                let whole = serde_json::json!({ "count": n, "b": [1, 2], "ties": rows });
                let whole = if pretty {
                    serde_json::to_string_pretty(&whole).unwrap()
                } else {
                    serde_json::to_string(&whole).unwrap()
                };
                let mut list = JsonList::new(
                    serde_json::json!({ "count": n, "b": [1, 2] }),
                    "ties",
                    pretty,
                )
                .unwrap();
                let mut pieces = list.head();
                for chunk in rows.chunks(2) {
                    list.write_rows(&mut pieces, chunk).unwrap();
                }
                pieces.extend(list.tail());
                assert_eq!(String::from_utf8(pieces).unwrap(), whole, "{pretty} {n}");
            }
        }
    }

    #[test]
    fn csv_in_pieces_is_one_file() {
        #[derive(Serialize)]
        struct Row {
            a: String,
            n: Option<u32>,
        }
        let rows: Vec<Row> = ["x", "=1", "a,b"]
            .iter()
            .map(|a| Row {
                a: a.to_string(),
                n: Some(1),
            })
            .collect();
        let mut pieces = csv_header(&["a", "n"]).unwrap();
        for chunk in rows.chunks(2) {
            write_csv_rows(&mut pieces, &["a", "n"], chunk).unwrap();
        }
        assert_eq!(
            String::from_utf8(pieces).unwrap(),
            to_csv(&["a", "n"], &rows).unwrap()
        );
        assert_eq!(
            to_csv(&["a", "n"], &rows).unwrap(),
            "a,n\r\nx,1\r\n'=1,1\r\n\"a,b\",1\r\n"
        );
    }

    #[test]
    fn links() {
        let pairs = vec![("country".to_string(), "JP".to_string())];
        let l = pagination_links("https://x/api/v1/ties", &pairs, 2, 10, 35);
        assert_eq!(
            l,
            vec![
                ("first", "https://x/api/v1/ties?country=JP".to_string()),
                ("prev", "https://x/api/v1/ties?country=JP".to_string()),
                (
                    "next",
                    "https://x/api/v1/ties?country=JP&page=3".to_string()
                ),
                (
                    "last",
                    "https://x/api/v1/ties?country=JP&page=4".to_string()
                ),
            ]
        );
    }
}
