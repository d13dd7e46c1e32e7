//! What every open-data answer shares (API, CSV/JSON/xlsx exports, the dump, `datapackage.json`):
//! the data licence (CC BY 4.0, distinct from the code's MIT), one way of writing dates (a partial
//! date as what it is: `1993`, `1989-11`; timestamps in UTC with `Z`), absolute URLs, and the
//! headers (CORS, `Link: rel="license"`, the exposed validators, the cache policy).

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, HttpResponseBuilder};
use chrono::NaiveDateTime;

use super::cache_policy::{CachePolicy, Cached};

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
