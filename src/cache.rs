//! The page cache: rendered public responses, kept by the canonical request (the path and only the
//! query parameters its route knows, in a fixed order, defaults removed), the data's version (see
//! `models::revision::data_version`) and the day statuses are judged on. Bounded by total bytes
//! (moka, with a weigher; rarely used entries go first, nothing is ever cleared at once);
//! concurrent misses for one key make one render, and while it runs the other requests for that
//! page get the entry kept under the previous version (a change shows as soon as the render is
//! done, and no request queues behind it). Each entry keeps its gzip bytes, compressed once
//! when stored. Signed-in requests and non-public responses are never cached.
//!
//! The same middleware checks the Host header (see `valid_host`) and rewrites an anonymous
//! request's query to its canonical form before the handler sees it, so a page never shows a
//! parameter that is not part of its key.

use std::collections::HashSet;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, StatusCode, Uri, header};
use actix_web::middleware::Next;
use actix_web::web::{self, Bytes};
use actix_web::{Error, HttpMessage, HttpResponse};

pub use crate::config::{
    DEFAULT_CACHE_BYTES as DEFAULT_BYTES, DEFAULT_CACHE_VERSION_CHECK as DEFAULT_VERSION_CHECK,
    valid_host,
};
use crate::routes::cache_policy::{CachePolicy, Cached, etag_of, policy_of};
use crate::startup::AppState;

mod version;

/// Responses larger than this are not kept (bulk exports).
const MAX_BODY: usize = 2 * 1024 * 1024;

/// One kept response.
pub struct Entry {
    headers: Vec<(header::HeaderName, header::HeaderValue)>,
    body: Bytes,
    /// The body gzipped once, when stored; `None` when not worth it (small or not text).
    gzip: Option<Bytes>,
    etag: String,
    /// The handler's cache policy, given back with every answer (see `routes::cache_policy`).
    policy: CachePolicy,
}

impl Entry {
    /// What the entry costs in the byte budget.
    fn weight(key: &str, e: &Entry) -> u32 {
        let headers: usize = e
            .headers
            .iter()
            .map(|(n, v)| n.as_str().len() + v.len() + 16)
            .sum();
        let total = key.len() + e.body.len() + e.gzip.as_ref().map_or(0, Bytes::len) + headers + 64;
        u32::try_from(total).unwrap_or(u32::MAX)
    }
}

/// The cache and the last data version seen.
pub struct PageCache {
    entries: moka::future::Cache<String, Arc<Entry>>,
    /// The data version last read and when (see `version::Known`).
    version: Mutex<Option<version::Known>>,
    /// Held by the one request asking the database for the version: the others answer from
    /// the version last read meanwhile instead of all queueing for a pooled connection behind
    /// the pages being rendered.
    asking: tokio::sync::Mutex<()>,
    /// How many times this process wrote: a question asked before a write is not believed after.
    writes: std::sync::atomic::AtomicU64,
    version_check: Duration,
    budget: u64,
    /// For each request (without the data version), the key of its newest kept entry: while the
    /// page is rendered again after a change, other requests for it get that entry.
    latest: moka::future::Cache<String, Latest>,
    /// The keys being rendered now.
    rendering: Mutex<HashSet<String>>,
    /// Anonymous page requests being answered now (see `Busy`).
    in_flight: std::sync::atomic::AtomicUsize,
    /// Turns for renders in the background (see `BACKGROUND_RENDERS`).
    turns: crate::cache_turns::Turns,
}

/// The newest kept entry of a request, and how long its render took.
#[derive(Clone)]
struct Latest {
    key: String,
    /// The data version the entry was rendered for.
    version: i64,
    took: Duration,
}

/// After a change every page in demand is rendered again; all at once, their queries and
/// templates would take the cores from the requests answered from the cache meanwhile, so
/// renders in the background take turns, two at a time, the page that rendered fastest last
/// time first (`cache_turns`).
const BACKGROUND_RENDERS: usize = 2;

/// How many requests `latest` remembers.
const LATEST_KEYS: u64 = 20_000;

/// Marks a key as being rendered while it lives (owned, so that a render in the background
/// can hold it).
struct Rendering {
    state: web::Data<AppState>,
    key: String,
}

impl Rendering {
    fn new(state: &web::Data<AppState>, key: &str) -> Rendering {
        state
            .cache
            .rendering
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key.to_string());
        Rendering {
            state: state.clone(),
            key: key.to_string(),
        }
    }
}

impl Drop for Rendering {
    fn drop(&mut self) {
        self.state
            .cache
            .rendering
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&self.key);
    }
}

/// Counts an anonymous page request as being answered while it lives.
pub struct Busy<'a>(&'a PageCache);

impl Busy<'_> {
    fn new(cache: &PageCache) -> Busy<'_> {
        cache
            .in_flight
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Busy(cache)
    }

    /// Whether other page requests are being answered at the same time as this one.
    fn shared(&self) -> bool {
        self.0.in_flight.load(std::sync::atomic::Ordering::SeqCst) > 1
    }
}

impl Drop for Busy<'_> {
    fn drop(&mut self) {
        self.0
            .in_flight
            .fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
    }
}

impl PageCache {
    /// A cache of at most `budget` bytes whose data version is read every `version_check` (by
    /// the thread `startup::version_watcher` starts) and after every write this process answers.
    pub fn new(budget: u64, version_check: Duration) -> PageCache {
        PageCache {
            entries: moka::future::Cache::builder()
                .max_capacity(budget)
                .weigher(|k: &String, v: &Arc<Entry>| Entry::weight(k, v))
                .build(),
            version: Mutex::new(None),
            asking: tokio::sync::Mutex::new(()),
            writes: std::sync::atomic::AtomicU64::new(0),
            version_check,
            budget,
            latest: moka::future::Cache::new(LATEST_KEYS),
            rendering: Mutex::new(HashSet::new()),
            in_flight: std::sync::atomic::AtomicUsize::new(0),
            turns: crate::cache_turns::Turns::new(BACKGROUND_RENDERS),
        }
    }

    /// The entry kept for this request under an older data version, if `key` (the same request
    /// under the current version) is being rendered by another request right now: the others
    /// are answered at once with the page as it was a moment ago instead of queueing behind it.
    async fn previous(&self, base: &str, key: &str) -> Option<Arc<Entry>> {
        if !self
            .rendering
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .contains(key)
        {
            return None;
        }
        self.older(base, key).await
    }

    /// The entry kept for this request under an older data version, if any.
    async fn older(&self, base: &str, key: &str) -> Option<Arc<Entry>> {
        self.older_and_took(base, key).await.map(|(entry, _)| entry)
    }

    /// `older`, and how long that entry took to render.
    async fn older_and_took(&self, base: &str, key: &str) -> Option<(Arc<Entry>, Duration)> {
        let old = self.latest.get(base).await.filter(|old| old.key != key)?;
        Some((self.entries.get(&old.key).await?, old.took))
    }

    /// `key`, rendered for `version`, is now the newest entry of the request `base`: the entry it
    /// replaces is dropped (a page kept under an older version is never answered again once a
    /// newer one is kept). A render that ends after the render for a newer version replaces
    /// nothing.
    async fn replace_latest(&self, base: &str, key: &str, version: i64, took: Duration) {
        if let Some(old) = self.latest.get(base).await
            && old.key != key
        {
            if old.version > version {
                return;
            }
            self.entries.invalidate(&old.key).await;
        }
        let latest = Latest {
            key: key.to_string(),
            version,
            took,
        };
        self.latest.insert(base.to_string(), latest).await;
    }

    /// The bytes the kept entries weigh (after pending bookkeeping is done).
    pub async fn weighted_size(&self) -> u64 {
        self.entries.run_pending_tasks().await;
        self.entries.weighted_size()
    }

    /// Counts as one more page request being answered while the guard lives: what a busy site
    /// looks like to a request that finds its page changed (tests stand for other readers so).
    pub fn serving(&self) -> Busy<'_> {
        Busy::new(self)
    }

    pub async fn entry_count(&self) -> u64 {
        self.entries.run_pending_tasks().await;
        self.entries.entry_count()
    }

    pub fn budget(&self) -> u64 {
        self.budget
    }
}

impl Default for PageCache {
    fn default() -> PageCache {
        PageCache::new(DEFAULT_BYTES, DEFAULT_VERSION_CHECK)
    }
}

/// Routes that are not public pages: their queries are left alone and they are never cached.
fn private_route(path: &str) -> bool {
    path.starts_with("/static/")
        || path.starts_with("/data/")
        || path == "/healthz"
        || path.contains("/admin/")
        || path.contains("/moderation")
        || path.contains("/suggestions/")
        || path.contains("/account/")
        || [
            "/sign-in",
            "/sign-out",
            "/dashboard",
            "/new",
            "/edit",
            "/publish",
            "/manage",
            "/suggest",
        ]
        .iter()
        .any(|end| path.ends_with(end))
}

/// The parameters a public route knows, in the order the canonical query lists them, with the
/// value each takes when absent (dropped from the canonical query).
fn known_params(path: &str) -> &'static [(&'static str, &'static str)] {
    let rest = path.get(3..).unwrap_or("");
    if rest == "/search" {
        &[("q", "")]
    } else if rest == "/sources" {
        &[("page", "1")]
    } else if rest == "/places" {
        // The place list's groups (`routes::places`): one province or country, and its page.
        &[("province", ""), ("country", ""), ("page", "1")]
    } else if path.ends_with("/document") {
        // `?download=1`: the same document as an attachment instead of inline.
        &[("download", "")]
    } else {
        &[]
    }
}

/// Whether a public route takes the tie list's filters (see `tie_query::TieQuery`).
fn takes_tie_filters(path: &str) -> bool {
    matches!(
        path.get(3..),
        Some("/ties" | "/ties.csv" | "/ties.json" | "/ties.xlsx")
    )
}

/// The canonical query of a public route, or `None` to keep the query as sent (one a handler
/// will refuse: the refusal names the parameter, and errors are not cached).
pub fn canonical_query(path: &str, query: &str) -> Option<String> {
    if let Some(known) = crate::routes::api::params::known(path) {
        return api_query(&known, query);
    }
    if takes_tie_filters(path) {
        return crate::tie_query::TieQuery::parse(query)
            .ok()
            .map(|q| q.to_query(true));
    }
    let pairs = crate::text::decode_pairs(query)?;
    let kept: Vec<(&str, String)> = known_params(path)
        .iter()
        .filter_map(|(name, default)| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.trim().to_string())
                .filter(|v| !v.is_empty() && v != default)
                .map(|v| (*name, v))
        })
        .collect();
    serde_urlencoded::to_string(&kept).ok()
}

/// An API request's canonical query: its known parameters in a fixed order, empty values and
/// defaults dropped; `None` (keep it as sent, for the handler to refuse) with an unknown one.
fn api_query(known: &[&str], query: &str) -> Option<String> {
    use crate::routes::api::params;
    let pairs = params::pairs(query).ok()?;
    params::only_known(&pairs, known).ok()?;
    let default = |k: &str, v: &str| (k == "page" && v == "1") || (k == "per_page" && v == "100");
    let kept: Vec<(&str, &str)> = known
        .iter()
        .flat_map(|name| {
            pairs
                .iter()
                .filter(move |(k, _)| k == name)
                .map(|(k, v)| (k.as_str(), v.as_str()))
        })
        .filter(|(k, v)| !default(k, v))
        .collect();
    serde_urlencoded::to_string(&kept).ok()
}

/// The clean address of a tie list asked for with empty parameters (the filter form sends every
/// field): a list's URL, cited or bookmarked, carries only the filters in force.
fn clean_list_url(req: &ServiceRequest) -> Option<String> {
    let path = req.path();
    if req.method() != Method::GET || path.get(3..) != Some("/ties") {
        return None;
    }
    let pairs = crate::text::decode_pairs(req.query_string())?;
    if !pairs.iter().any(|(_, v)| v.trim().is_empty()) {
        return None;
    }
    let clean = canonical_query(path, req.query_string())?;
    Some(if clean.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{clean}")
    })
}

/// Replace a request's query (its path and routing stay).
fn set_query(req: &mut ServiceRequest, query: &str) {
    let path = req.path().to_string();
    let pq = if query.is_empty() {
        path
    } else {
        format!("{path}?{query}")
    };
    if let Ok(uri) = pq.parse::<Uri>() {
        req.match_info_mut().get_mut().update(&uri);
        req.head_mut().uri = uri;
    }
}

/// Whether the client takes gzip (`Accept-Encoding: gzip`, not with `q=0`).
fn accepts_gzip(req: &ServiceRequest) -> bool {
    req.headers()
        .get_all(header::ACCEPT_ENCODING)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|part| {
            let mut it = part.split(';').map(str::trim);
            let coding = it.next().unwrap_or("");
            let q_zero = it.any(|p| {
                p.strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            (coding.eq_ignore_ascii_case("gzip") || coding == "*") && !q_zero
        })
}

fn compressible(headers: &[(header::HeaderName, header::HeaderValue)]) -> bool {
    headers
        .iter()
        .find(|(n, _)| n == header::CONTENT_TYPE)
        .and_then(|(_, v)| v.to_str().ok())
        .is_some_and(|t| {
            t.starts_with("text/")
                || t.contains("json")
                || (t.contains("xml") && !t.contains("spreadsheetml"))
                || t.contains("csv")
                || t.contains("javascript")
        })
}

fn gzip(body: &[u8]) -> Option<Bytes> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(body).ok()?;
    enc.finish().ok().map(Bytes::from)
}

/// The answer to `req` from a kept entry (the cache-policy middleware outside answers 304).
fn answer(req: ServiceRequest, entry: &Entry) -> ServiceResponse<BoxBody> {
    let mut res = HttpResponse::Ok();
    for (name, value) in &entry.headers {
        // Appended: a header may come more than once (`Link`).
        res.append_header((name.clone(), value.clone()));
    }
    res.insert_header((header::ETAG, entry.etag.clone()));
    res.insert_header((header::VARY, "Accept-Encoding"));
    let res = match entry.gzip.as_ref().filter(|_| accepts_gzip(&req)) {
        Some(gz) => {
            res.insert_header((header::CONTENT_ENCODING, "gzip"));
            res.body(gz.clone())
        }
        None => res.body(entry.body.clone()),
    };
    req.into_response(res.cached(entry.policy))
}

/// Turn a rendered response into an entry, if it may be kept; else give it back.
async fn keep(
    res: ServiceResponse<impl MessageBody + 'static>,
) -> Result<(actix_web::HttpRequest, Arc<Entry>), ServiceResponse<BoxBody>> {
    let small = matches!(res.response().body().size(), actix_web::body::BodySize::Sized(n) if n as usize <= MAX_BODY);
    let policy = policy_of(res.response()).filter(CachePolicy::is_public);
    let public = small
        && res.status() == StatusCode::OK
        && !res.headers().contains_key(header::SET_COOKIE)
        && !res.headers().contains_key(header::CONTENT_ENCODING);
    let Some(policy) = policy.filter(|_| public) else {
        return Err(res.map_into_boxed_body());
    };
    let (req, res) = res.into_parts();
    let headers: Vec<(header::HeaderName, header::HeaderValue)> = res
        .headers()
        .iter()
        .map(|(n, v)| (n.clone(), v.clone()))
        .collect();
    let body = match actix_web::body::to_bytes_limited(res.into_body(), MAX_BODY).await {
        Ok(Ok(bytes)) => bytes,
        // The size was checked above, so this does not happen; answer with an error rather than panic.
        _ => {
            return Err(ServiceResponse::new(
                req,
                HttpResponse::InternalServerError().finish(),
            ));
        }
    };
    let etag = headers
        .iter()
        .find(|(n, _)| n == header::ETAG)
        .and_then(|(_, v)| v.to_str().ok())
        .map(str::to_string)
        .unwrap_or_else(|| etag_of(&body));
    // Compressed on the blocking pool, not on the worker thread that answers kept pages.
    let gzip = if body.len() >= 256 && compressible(&headers) {
        let raw = body.clone();
        web::block(move || gzip(&raw)).await.ok().flatten()
    } else {
        None
    };
    Ok((
        req,
        Arc::new(Entry {
            headers,
            body,
            gzip,
            etag,
            policy,
        }),
    ))
}

/// The middleware: check the Host, make an anonymous GET's query canonical, answer it from the
/// cache when the data has not changed, else render once (concurrent misses wait) and keep it.
pub async fn middleware(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let host = req
        .headers()
        .get(header::HOST)
        .map(|h| h.to_str().unwrap_or("\u{0}"));
    if host.is_some_and(|h| !valid_host(h)) {
        // An answer, not an error, so that the error page and the security headers apply.
        let refusal = crate::error::AppError::BadRequest("error-400-message");
        return Ok(req.error_response(refusal).map_into_boxed_body());
    }
    if let Some(location) = clean_list_url(&req) {
        let moved = HttpResponse::MovedPermanently()
            .insert_header((header::LOCATION, location))
            .finish();
        return Ok(req.into_response(moved));
    }
    let writes = !matches!(*req.method(), Method::GET | Method::HEAD);
    let anonymous_get = req.method() == Method::GET
        && req.cookie(crate::auth::SESSION_COOKIE).is_none()
        && !private_route(req.path());
    if !anonymous_get {
        let res = next.call(req).await?.map_into_boxed_body();
        if writes {
            state.cache.after_write(&state.pool).await;
        }
        return Ok(res);
    }
    let busy = Busy::new(&state.cache);
    if let Some(q) = canonical_query(req.path(), req.query_string())
        && q != req.query_string()
    {
        set_query(&mut req, &q);
    }
    let Some(version) = state.cache.data_version(&state.pool).await else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    // Absolute links are made from the scheme and host (or the configured public origin).
    let origin = crate::routes::session::origin(req.request());
    let base = format!(
        "{}|{origin}{}?{}",
        state.today(),
        req.path(),
        req.query_string()
    );
    let key = format!("{version}@{base}");
    req.extensions_mut()
        .insert(crate::routes::shared::RenderVersion(version));
    if let Some(entry) = state.cache.entries.get(&key).await {
        return Ok(answer(req, &entry));
    }
    if let Some(entry) = state.cache.previous(&base, &key).await {
        return Ok(answer(req, &entry));
    }
    let rendering = Rendering::new(&state, &key);
    if busy.shared()
        && let Some((old, took)) = state.cache.older_and_took(&base, &key).await
    {
        // Other requests are being answered: rather than keep this one waiting for the render
        // (and, behind it, everything its connection would ask next), answer the page as it was
        // a moment ago and render in the background; the change shows as soon as the render is
        // done. Alone, a request waits for the render, so a request made after a change sees it.
        let (request, payload) = req.into_parts();
        let background = ServiceRequest::from_parts(request.clone(), payload);
        let state = state.clone();
        let turns = state.cache.turns.clone();
        actix_web::rt::spawn(async move {
            let _rendering = rendering;
            let _turn = turns.take(took).await;
            // The data changed again while this render waited for its turn: the page is asked
            // for under the newer version, whose render makes this one useless.
            if state.cache.newer_than(version) {
                return;
            }
            if let Err(e) = render(&state, &key, version, &base, background, next).await {
                tracing::debug!("background render of {base}: {e}");
            }
        });
        return Ok(answer(ServiceRequest::from_request(request), &old));
    }
    let _rendering = rendering;
    render(&state, &key, version, &base, req, next).await
}

/// Render the request once into the cache under `key` (the request `base` at data `version`;
/// concurrent callers for the key wait for the one render) and answer it; a response that may
/// not be kept is answered as it is.
async fn render(
    state: &web::Data<AppState>,
    key: &str,
    version: i64,
    base: &str,
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    // The request goes into the render only if this caller renders; else it answers the hit.
    let slot = std::cell::RefCell::new(Some((req, next)));
    let uncached = std::cell::RefCell::new(None);
    let entry = state
        .cache
        .entries
        .optionally_get_with(key.to_string(), async {
            let (req, next) = slot.borrow_mut().take()?;
            let started = Instant::now();
            let res = match next.call(req).await {
                Ok(res) => res,
                Err(e) => {
                    *uncached.borrow_mut() = Some(Err(e));
                    return None;
                }
            };
            match keep(res).await {
                Ok((req, entry)) => {
                    *uncached.borrow_mut() = Some(Ok(answer_for(req, &entry)));
                    state
                        .cache
                        .replace_latest(base, key, version, started.elapsed())
                        .await;
                    Some(entry)
                }
                Err(res) => {
                    *uncached.borrow_mut() = Some(Ok(res));
                    None
                }
            }
        })
        .await;
    if let Some(done) = uncached.into_inner() {
        return done;
    }
    match (entry, slot.into_inner()) {
        (Some(entry), Some((req, _))) => Ok(answer(req, &entry)),
        // Another request's render was not kept: render this one.
        (None, Some((req, next))) => Ok(next.call(req).await?.map_into_boxed_body()),
        // Not reached: without the request, this caller rendered and `uncached` holds its answer.
        (_, None) => Err(crate::error::AppError::NotFound.into()),
    }
}

/// The first answer of a freshly kept entry, to the request that rendered it.
fn answer_for(req: actix_web::HttpRequest, entry: &Entry) -> ServiceResponse<BoxBody> {
    answer(ServiceRequest::from_request(req), entry)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        for ok in [
            "pantau.example",
            "127.0.0.1:8080",
            "[::1]:8080",
            "[::1]",
            "a-b.c",
            "localhost",
        ] {
            assert!(valid_host(ok), "{ok}");
        }
        for bad in [
            "",
            "127.0.0.1:1/en/ties?z=1",
            "x\"><b>",
            "a..b",
            "-a.b",
            "a:99999999",
            "[zz]:1",
            "a b",
            "a:",
        ] {
            assert!(!valid_host(bad), "{bad}");
        }
    }

    #[test]
    fn canonical_queries() {
        assert_eq!(
            canonical_query("/en/ties/x", "b=1&z=2"),
            Some(String::new())
        );
        assert_eq!(
            canonical_query("/en/ties", "junk=1&per_page=25&page=1"),
            Some(String::new())
        );
        assert_eq!(
            canonical_query("/en/ties", "page=2&country=jp&x=1"),
            canonical_query("/en/ties", "country=JP&page=2")
        );
        assert_eq!(
            canonical_query("/en/search", "q=+bandung+&b=1"),
            Some("q=bandung".into())
        );
        assert_eq!(
            canonical_query("/api/v1/reports", "per_page=100&page=2"),
            Some("page=2".into())
        );
        // The API refuses unknown parameters: the query is kept for the handler to name them.
        assert_eq!(
            canonical_query("/api/v1/reports", "per_page=100&page=2&z=1"),
            None
        );
        assert_eq!(
            canonical_query("/api/v1/ties", "page=2&country=JP&per_page=100"),
            Some("country=JP&page=2".into())
        );
        assert_eq!(
            canonical_query("/api/v1/revisions", "page=2&subject_kind=tie&per_page=100"),
            Some("subject_kind=tie&page=2".into())
        );
        assert_eq!(
            canonical_query("/api/v1/ties/a--b/revisions", "per_page=5"),
            Some("per_page=5".into())
        );
        assert_eq!(
            canonical_query("/api/v1/ties/a--b/revisions", "subject_kind=tie"),
            None
        );
        assert_eq!(canonical_query("/en/ties", "status=alive"), None);
    }
}
