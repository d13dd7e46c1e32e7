//! One cache policy per response. A handler attaches a [`CachePolicy`] to what it answers (public
//! for N seconds, never stored, or an immutable asset); the one middleware here turns it into
//! `Cache-Control`, adds the validators (`ETag` of the body unless the handler or the page cache
//! gave one, `Last-Modified` when the policy names the data's last change) and answers `304 Not
//! Modified` to a matching conditional request — for pages, the API, exports, feeds and the dump
//! alike. A streamed answer brings its own ETag and is answered 304 before its body is made
//! (`precondition`). The page cache (`crate::cache`) sits inside it and keeps the policy with
//! each entry.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderMap, HeaderValue, HttpDate};
use actix_web::middleware::Next;
use actix_web::{Error, HttpRequest, HttpResponse};
use chrono::NaiveDateTime;

/// Bodies up to this size get an ETag of their bytes (larger ones go out without a validator).
const MAX_HASHED: usize = 64 * 1024 * 1024;

/// How a response may be kept by browsers, caches and CDNs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CachePolicy {
    /// Anyone may keep it for `max_age` seconds, then revalidate (ETag, `Last-Modified`, 304).
    Public {
        max_age: u32,
        /// When the data behind the answer last changed, for `Last-Modified`.
        last_modified: Option<NaiveDateTime>,
    },
    /// Never stored: signed-in pages, forms, redirects after a POST, errors, private documents.
    NoStore,
    /// A content-hashed asset: kept for a year and never revalidated.
    Immutable,
}

impl CachePolicy {
    /// A public page or answer: one minute.
    pub const PAGE: CachePolicy = CachePolicy::Public {
        max_age: 60,
        last_modified: None,
    };
    /// Feeds: five minutes (feed readers poll).
    pub const FEED: CachePolicy = CachePolicy::Public {
        max_age: 300,
        last_modified: None,
    };
    /// Published documents and the sitemap: an hour.
    pub const HOUR: CachePolicy = CachePolicy::Public {
        max_age: 3600,
        last_modified: None,
    };
    /// `robots.txt`: a day.
    pub const DAY: CachePolicy = CachePolicy::Public {
        max_age: 86_400,
        last_modified: None,
    };

    /// The same policy with the time the data last changed (public policies only).
    pub fn modified(self, at: Option<NaiveDateTime>) -> CachePolicy {
        match self {
            CachePolicy::Public { max_age, .. } => CachePolicy::Public {
                max_age,
                last_modified: at,
            },
            other => other,
        }
    }

    /// The `Cache-Control` value.
    pub fn header_value(&self) -> HeaderValue {
        match self {
            CachePolicy::Public { max_age, .. } => {
                HeaderValue::from_str(&format!("public, max-age={max_age}"))
                    .unwrap_or(HeaderValue::from_static("public, max-age=60"))
            }
            CachePolicy::NoStore => HeaderValue::from_static("no-store"),
            CachePolicy::Immutable => {
                HeaderValue::from_static("public, max-age=31536000, immutable")
            }
        }
    }

    /// Write `Cache-Control` now, for answers made outside the middleware (error pages, the
    /// privacy headers of signed-in responses); a no-store answer loses its validators.
    pub fn write(&self, headers: &mut HeaderMap) {
        headers.insert(header::CACHE_CONTROL, self.header_value());
        if *self == CachePolicy::NoStore {
            headers.remove(header::ETAG);
            headers.remove(header::LAST_MODIFIED);
        }
    }

    pub fn is_public(&self) -> bool {
        !matches!(self, CachePolicy::NoStore)
    }
}

/// Attaching a policy to a response.
pub trait Cached {
    fn cached(self, policy: CachePolicy) -> Self;
}

impl<B> Cached for HttpResponse<B> {
    fn cached(mut self, policy: CachePolicy) -> Self {
        self.extensions_mut().insert(policy);
        self
    }
}

/// The policy a response carries, if any.
pub fn policy_of<B>(res: &HttpResponse<B>) -> Option<CachePolicy> {
    res.extensions().get::<CachePolicy>().copied()
}

/// A weak ETag of these bytes.
pub fn etag_of(body: &[u8]) -> String {
    format!("W/\"{}\"", crate::startup::short_hash(body))
}

fn http_date(t: NaiveDateTime) -> HttpDate {
    let secs = t.and_utc().timestamp().max(0) as u64;
    HttpDate::from(std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs))
}

/// Whether a conditional request is answered by what the response says: `If-None-Match` decides
/// when present (weak comparison, `*` matches), else `If-Modified-Since` against `Last-Modified`.
pub fn not_modified(request: &HeaderMap, response: &HeaderMap) -> bool {
    if let Some(list) = request
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
    {
        let Some(etag) = response.get(header::ETAG).and_then(|v| v.to_str().ok()) else {
            return false;
        };
        return list.split(',').map(str::trim).any(|tag| {
            tag == "*" || tag.trim_start_matches("W/") == etag.trim_start_matches("W/")
        });
    }
    let date = |map: &HeaderMap, name| {
        map.get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
            .and_then(|v| v.parse::<HttpDate>().ok())
    };
    match (
        date(request, header::IF_MODIFIED_SINCE),
        date(response, header::LAST_MODIFIED),
    ) {
        (Some(since), Some(modified)) => {
            std::time::SystemTime::from(modified) <= std::time::SystemTime::from(since)
        }
        _ => false,
    }
}

/// For an answer whose validator is known before its body is made (a streamed export): the `304
/// Not Modified` to a matching conditional request, with the validators the full answer would
/// carry (this middleware writes its `Cache-Control`), so that the body is never made.
pub fn precondition(req: &HttpRequest, etag: &str, policy: CachePolicy) -> Option<HttpResponse> {
    let mut validators = HeaderMap::new();
    validators.insert(header::ETAG, HeaderValue::from_str(etag).ok()?);
    if let CachePolicy::Public {
        last_modified: Some(at),
        ..
    } = policy
        && let Ok(value) = HeaderValue::from_str(&http_date(at).to_string())
    {
        validators.insert(header::LAST_MODIFIED, value);
    }
    if !not_modified(req.headers(), &validators) {
        return None;
    }
    let mut res = HttpResponse::NotModified();
    for (name, value) in &validators {
        res.insert_header((name.clone(), value.clone()));
    }
    res.insert_header((header::VARY, HeaderValue::from_static("Accept-Encoding")));
    Some(res.finish().cached(policy))
}

/// The middleware: write the attached policy's headers and validators, and answer 304.
pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let res = next.call(req).await?;
    let Some(policy) = policy_of(res.response()) else {
        return Ok(res.map_into_boxed_body());
    };
    let (req, res) = res.into_parts();
    let (mut head, body) = res.into_parts();
    policy.write(head.headers_mut());
    let CachePolicy::Public { last_modified, .. } = policy else {
        return Ok(ServiceResponse::new(
            req,
            head.set_body(body).map_into_boxed_body(),
        ));
    };
    if head.status() != StatusCode::OK {
        return Ok(ServiceResponse::new(
            req,
            head.set_body(body).map_into_boxed_body(),
        ));
    }
    let headers = head.headers_mut();
    headers.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    if let Some(at) = last_modified
        && let Ok(value) = HeaderValue::from_str(&http_date(at).to_string())
    {
        headers.insert(header::LAST_MODIFIED, value);
    }
    let body: BoxBody = if headers.contains_key(header::ETAG) {
        body.boxed()
    } else {
        let sized =
            matches!(body.size(), actix_web::body::BodySize::Sized(n) if n as usize <= MAX_HASHED);
        if sized {
            match actix_web::body::to_bytes_limited(body, MAX_HASHED).await {
                Ok(Ok(bytes)) => {
                    if let Ok(value) = HeaderValue::from_str(&etag_of(&bytes)) {
                        head.headers_mut().insert(header::ETAG, value);
                    }
                    BoxBody::new(bytes)
                }
                _ => {
                    let failed = HttpResponse::InternalServerError().finish();
                    return Ok(ServiceResponse::new(req, failed));
                }
            }
        } else {
            body.boxed()
        }
    };
    if not_modified(req.headers(), head.headers()) {
        let mut res = HttpResponse::NotModified();
        for (name, value) in head.headers() {
            if name != header::CONTENT_TYPE
                && name != header::CONTENT_DISPOSITION
                && name != header::CONTENT_LENGTH
                && name != header::CONTENT_ENCODING
            {
                res.append_header((name.clone(), value.clone()));
            }
        }
        return Ok(ServiceResponse::new(req, res.finish()));
    }
    Ok(ServiceResponse::new(req, head.set_body(body)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        let mut m = HeaderMap::new();
        for (n, v) in pairs {
            m.insert(n.clone(), HeaderValue::from_str(v).unwrap());
        }
        m
    }

    #[test]
    fn conditions() {
        let res = map(&[
            (header::ETAG, "W/\"abc\""),
            (header::LAST_MODIFIED, "Mon, 07 Dec 2026 08:00:00 GMT"),
        ]);
        assert!(not_modified(
            &map(&[(header::IF_NONE_MATCH, "\"abc\"")]),
            &res
        ));
        assert!(not_modified(
            &map(&[(header::IF_NONE_MATCH, "x, W/\"abc\"")]),
            &res
        ));
        assert!(not_modified(&map(&[(header::IF_NONE_MATCH, "*")]), &res));
        assert!(!not_modified(
            &map(&[(header::IF_NONE_MATCH, "W/\"abd\"")]),
            &res
        ));
        // If-None-Match decides when present, whatever the date says.
        assert!(!not_modified(
            &map(&[
                (header::IF_NONE_MATCH, "W/\"old\""),
                (header::IF_MODIFIED_SINCE, "Mon, 07 Dec 2026 09:00:00 GMT")
            ]),
            &res
        ));
        assert!(not_modified(
            &map(&[(header::IF_MODIFIED_SINCE, "Mon, 07 Dec 2026 08:00:00 GMT")]),
            &res
        ));
        assert!(!not_modified(
            &map(&[(header::IF_MODIFIED_SINCE, "Mon, 07 Dec 2026 07:59:59 GMT")]),
            &res
        ));
        assert!(!not_modified(&HeaderMap::new(), &res));
    }

    #[test]
    fn header_values() {
        assert_eq!(CachePolicy::PAGE.header_value(), "public, max-age=60");
        assert_eq!(CachePolicy::NoStore.header_value(), "no-store");
        assert_eq!(
            CachePolicy::Immutable.header_value(),
            "public, max-age=31536000, immutable"
        );
        let mut h = map(&[(header::ETAG, "W/\"x\"")]);
        CachePolicy::NoStore.write(&mut h);
        assert!(h.get(header::ETAG).is_none());
    }
}
