//! A cache of rendered public responses, keyed by request and by the data's version (the newest
//! revision) and the day statuses are judged on: any write creates a revision, so a cached page
//! never outlives the data it shows. Signed-in requests and non-public responses are never cached.

use std::collections::HashMap;
use std::sync::Mutex;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, StatusCode, header};
use actix_web::middleware::Next;
use actix_web::web::{self, Bytes};
use actix_web::{Error, HttpResponse};
use diesel::prelude::*;

use crate::startup::AppState;

/// How many responses are kept before the cache starts afresh.
const CAPACITY: usize = 2000;
/// Responses larger than this are not kept (bulk exports).
const MAX_BODY: usize = 2 * 1024 * 1024;

struct Entry {
    version: String,
    body: Bytes,
    headers: Vec<(header::HeaderName, header::HeaderValue)>,
    etag: Option<String>,
}

#[derive(Default)]
pub struct PageCache {
    entries: Mutex<HashMap<String, Entry>>,
}

/// The data's version (see `models::revision::data_version`): one primary-key lookup.
fn data_version(conn: &mut crate::db::AnyConnection) -> QueryResult<String> {
    crate::models::revision::data_version(conn).map(|v| v.to_string())
}

fn cacheable_request(req: &ServiceRequest) -> bool {
    let path = req.path();
    req.method() == Method::GET
        && req.cookie("pantau_session").is_none()
        && !path.starts_with("/static/")
        && path != "/healthz"
        && !path.starts_with("/data/")
}

/// Whether a conditional request can be answered 304: `If-None-Match` decides when present,
/// else `If-Modified-Since` against the stored `Last-Modified`.
fn not_modified(req: &ServiceRequest, entry: &Entry) -> bool {
    if let Some(list) = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
    {
        return entry.etag.as_deref().is_some_and(|etag| {
            list.split(',')
                .map(str::trim)
                .any(|t| t == "*" || t.trim_start_matches("W/") == etag.trim_start_matches("W/"))
        });
    }
    let since = req
        .headers()
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<header::HttpDate>().ok());
    let modified = entry
        .headers
        .iter()
        .find(|(n, _)| n == header::LAST_MODIFIED)
        .and_then(|(_, v)| v.to_str().ok())
        .and_then(|v| v.parse::<header::HttpDate>().ok());
    match (since, modified) {
        (Some(since), Some(modified)) => {
            std::time::SystemTime::from(modified) <= std::time::SystemTime::from(since)
        }
        _ => false,
    }
}

/// The middleware: answer from the cache when the data has not changed, else render and keep.
pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let (Some(state), true) = (state, cacheable_request(&req)) else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let pool = state.pool.clone();
    let version = match web::block(move || -> Result<String, String> {
        let mut conn = pool.get().map_err(|e| e.to_string())?;
        data_version(&mut conn).map_err(|e| e.to_string())
    })
    .await
    {
        Ok(Ok(v)) => format!("{v}@{}", state.today()),
        _ => return Ok(next.call(req).await?.map_into_boxed_body()),
    };
    // Pages carry absolute links made from the request's scheme and host: both are part of the key.
    let key = {
        let req = req.request();
        format!(
            "{}{}?{}",
            crate::routes::session::origin(req),
            req.path(),
            req.query_string()
        )
    };
    {
        let entries = state
            .cache
            .entries
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if let Some(hit) = entries.get(&key).filter(|e| e.version == version) {
            if not_modified(&req, hit) {
                let mut res = HttpResponse::NotModified();
                for (name, value) in &hit.headers {
                    if name != header::CONTENT_TYPE && name != header::CONTENT_DISPOSITION {
                        res.insert_header((name.clone(), value.clone()));
                    }
                }
                return Ok(req.into_response(res.finish()));
            }
            let mut res = HttpResponse::Ok();
            for (name, value) in &hit.headers {
                res.insert_header((name.clone(), value.clone()));
            }
            return Ok(req.into_response(res.body(hit.body.clone())));
        }
    }
    let res = next.call(req).await?;
    let small = matches!(res.response().body().size(), actix_web::body::BodySize::Sized(n) if n as usize <= MAX_BODY);
    let public = small
        && res.status() == StatusCode::OK
        && !res.headers().contains_key(header::SET_COOKIE)
        && res
            .headers()
            .get(header::CACHE_CONTROL)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("public"));
    if !public {
        return Ok(res.map_into_boxed_body());
    }
    let (req, res) = res.into_parts();
    let headers: Vec<(header::HeaderName, header::HeaderValue)> = res
        .headers()
        .iter()
        .map(|(n, v)| (n.clone(), v.clone()))
        .collect();
    let status = res.status();
    let body = match actix_web::body::to_bytes_limited(res.into_body(), MAX_BODY).await {
        Ok(Ok(bytes)) => bytes,
        // The size was checked above, so this does not happen; answer with an error rather than panic.
        _ => {
            return Ok(ServiceResponse::new(
                req,
                HttpResponse::InternalServerError().finish(),
            ));
        }
    };
    let etag = headers
        .iter()
        .find(|(n, _)| n == header::ETAG)
        .and_then(|(_, v)| v.to_str().ok())
        .map(str::to_string);
    {
        let mut entries = state
            .cache
            .entries
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if entries.len() >= CAPACITY {
            entries.clear();
        }
        entries.insert(
            key,
            Entry {
                version,
                body: body.clone(),
                headers: headers.clone(),
                etag,
            },
        );
    }
    let mut out = HttpResponse::build(status);
    for (name, value) in headers {
        out.insert_header((name, value));
    }
    Ok(ServiceResponse::new(req, out.body(body)))
}
