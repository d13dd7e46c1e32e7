//! The signed-in side of every request: the session cookie and `CurrentUser`, CSRF and origin
//! checks for POSTs, flash messages after a redirect, and private (`no-store`) responses.

use actix_web::HttpMessage;
use actix_web::cookie::{Cookie, SameSite, time};
use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};

use super::form::Form;
use super::with_db;
use crate::auth::{self, CurrentUser, SESSION_COOKIE};
use crate::error::{AppError, OwnBody};
use crate::i18n::Lang;
use crate::startup::AppState;

/// The cookie carrying a flash message key to the page after a redirect.
pub const FLASH_COOKIE: &str = "pantau_flash";
/// The double-submit cookie of the sign-in form (there is no session yet to hold a token).
pub const SIGN_IN_CSRF_COOKIE: &str = "pantau_signin_csrf";

/// The flash messages a redirect may carry (anything else in the cookie is ignored).
pub const FLASH_KEYS: [&str; 12] = [
    "flash-password-changed",
    "flash-suggestion-sent",
    "flash-suggestion-accepted",
    "flash-suggestion-decided",
    "flash-suggestion-stale",
    "flash-signed-in",
    "flash-signed-out",
    "flash-saved",
    "flash-published",
    "flash-corrected",
    "flash-user-added",
    "flash-user-disabled",
];

/// Whether the request came through one of the reverse proxies the server was told to trust
/// (`--trusted-proxies`): only then do its X-Forwarded-* / Forwarded headers count.
fn via_trusted_proxy(req: &HttpRequest) -> bool {
    let Some(peer) = req.peer_addr().map(|a| a.ip()) else {
        return false;
    };
    req.app_data::<web::Data<AppState>>()
        .is_some_and(|s| s.trusted_proxies.contains(&peer))
}

/// Whether the request reached us over HTTPS, as a trusted proxy's X-Forwarded-Proto says (the
/// server itself speaks plain HTTP behind the proxy).
pub fn is_https(req: &HttpRequest) -> bool {
    via_trusted_proxy(req) && req.connection_info().scheme() == "https"
}

/// The scheme the site was asked for: `https` or `http`.
pub fn scheme(req: &HttpRequest) -> &'static str {
    if is_https(req) { "https" } else { "http" }
}

/// The site's origin for absolute links: the configured public origin, else the scheme and the
/// Host the site was asked for (checked to be a valid host by `cache::middleware` before any
/// handler runs; checked again here, so that nothing else is ever reflected).
pub fn origin(req: &HttpRequest) -> String {
    let state = req.app_data::<actix_web::web::Data<crate::startup::AppState>>();
    if let Some(o) = state.and_then(|s| s.public_origin.clone()) {
        return o;
    }
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_string)
        .or_else(|| req.uri().authority().map(|a| a.to_string()))
        .filter(|h| crate::config::valid_host(h))
        .unwrap_or_else(|| "localhost".to_string());
    format!("{}://{}", scheme(req), host.to_ascii_lowercase())
}

/// The client's address for the audit log and throttling: a trusted proxy's X-Forwarded-For,
/// else the peer address (a client cannot choose its address by sending the header itself).
pub fn client_ip(req: &HttpRequest) -> Option<String> {
    let peer = req.peer_addr().map(|a| a.ip().to_string());
    if !via_trusted_proxy(req) {
        return peer;
    }
    // The last X-Forwarded-For entry is the one our proxy added (it saw the client connect);
    // earlier entries came from the client and prove nothing.
    let forwarded = req
        .headers()
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .last()
        .and_then(|s| s.parse::<std::net::IpAddr>().ok())
        .map(|ip| ip.to_string());
    forwarded.or(peer)
}

/// The signed-in user, if the session cookie names a live session.
pub async fn current_user(
    req: &HttpRequest,
    state: &web::Data<AppState>,
) -> Result<Option<CurrentUser>, AppError> {
    // Checked already, before the body was read (see `routes::guard`).
    if let Some(user) = req.extensions().get::<CurrentUser>() {
        return Ok(Some(user.clone()));
    }
    if let Some(found) = super::account_bar::looked_up(req) {
        return Ok(found);
    }
    let Some(token) = req.cookie(SESSION_COOKIE).map(|c| c.value().to_string()) else {
        return Ok(None);
    };
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    with_db(state, move |conn| Ok(auth::session_user(conn, &token)?)).await
}

/// The signed-in user, or a redirect to the sign-in page that comes back here.
pub async fn require_user(
    req: &HttpRequest,
    state: &web::Data<AppState>,
    lang: Lang,
) -> Result<CurrentUser, AppError> {
    match current_user(req, state).await? {
        Some(u) => Ok(u),
        None if req.method() == actix_web::http::Method::GET => {
            let next = req.path().to_string();
            Err(AppError::SignInRequired(format!(
                "/{}/sign-in?next={}",
                lang.code(),
                encode_path(&next)
            )))
        }
        None => Err(AppError::Forbidden("account-sign-in-needed")),
    }
}

/// Percent-encode a path for a query parameter (only the characters a path here can hold).
fn encode_path(p: &str) -> String {
    p.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A local path to come back to after sign-in (anything else becomes the dashboard).
pub fn safe_next(lang: Lang, next: &str) -> String {
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && next.bytes().all(|b| b.is_ascii_graphic());
    if ok {
        next.to_string()
    } else {
        format!("/{}/dashboard", lang.code())
    }
}

/// The origin the site was asked for, when the request names its host.
fn own_origin(req: &HttpRequest) -> Option<String> {
    req.headers().get(header::HOST)?;
    Some(origin(req))
}

/// A POST must come from one of our own pages: its Origin (or, without one, its Referer) must be
/// this site's.
pub fn check_origin(req: &HttpRequest) -> Result<(), AppError> {
    let own = own_origin(req).ok_or(AppError::Forbidden("account-csrf-failed"))?;
    let header_str = |name| req.headers().get(name).and_then(|v| v.to_str().ok());
    let ok = match (header_str(header::ORIGIN), header_str(header::REFERER)) {
        (Some(origin), _) => origin == own,
        (None, Some(referer)) => referer == own || referer.starts_with(&format!("{own}/")),
        (None, None) => false,
    };
    if ok {
        Ok(())
    } else {
        Err(AppError::Forbidden("account-csrf-failed"))
    }
}

fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The origin check plus the session's CSRF token in the form's `csrf` field.
pub fn check_csrf(req: &HttpRequest, user: &CurrentUser, form: &Form) -> Result<(), AppError> {
    check_origin(req)?;
    if !form.get("csrf").is_empty() && same(form.get("csrf"), &user.csrf_token) {
        Ok(())
    } else {
        Err(AppError::Forbidden("account-csrf-failed"))
    }
}

/// A cookie that lives for the browser session, only over HTTP (and only over HTTPS when the
/// site is served that way), sent on top-level navigation from elsewhere but not on cross-site POSTs.
pub fn private_cookie(req: &HttpRequest, name: &'static str, value: String) -> Cookie<'static> {
    Cookie::build(name, value)
        .path("/")
        .http_only(true)
        .secure(is_https(req))
        .same_site(SameSite::Lax)
        .finish()
}

/// A cookie that removes `name`.
pub fn removal_cookie(req: &HttpRequest, name: &'static str) -> Cookie<'static> {
    let mut c = private_cookie(req, name, String::new());
    c.set_max_age(time::Duration::ZERO);
    c.set_expires(time::OffsetDateTime::UNIX_EPOCH);
    c
}

/// POST → 303 to `location`, carrying a flash message.
pub fn see_other(req: &HttpRequest, location: &str, flash: &'static str) -> HttpResponse {
    let mut flash_cookie = private_cookie(req, FLASH_COOKIE, flash.to_string());
    flash_cookie.set_max_age(time::Duration::seconds(60));
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .cookie(flash_cookie)
        .finish()
}

/// The flash message waiting for this request, in the page's language.
pub fn flash(req: &HttpRequest, lang: Lang) -> Option<String> {
    let key = req.cookie(FLASH_COOKIE)?.value().to_string();
    FLASH_KEYS.iter().find(|k| **k == key).map(|k| lang.t(k))
}

/// A signed-in page: never cached, and the flash message it showed is cleared.
pub fn private_html(req: &HttpRequest, status: StatusCode, body: String) -> HttpResponse {
    let mut res = HttpResponse::build(status);
    res.content_type("text/html; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-store"));
    if req.cookie(FLASH_COOKIE).is_some() {
        res.cookie(removal_cookie(req, FLASH_COOKIE));
    }
    let mut res = res.body(body);
    if status.is_client_error() {
        res.extensions_mut().insert(OwnBody);
    }
    res
}

/// What the account bar of a signed-in page shows.
pub struct Me {
    pub name: String,
    pub role: String,
    pub csrf: String,
    pub is_admin: bool,
    /// Editors and admins see the moderation queue.
    pub is_editor: bool,
}

impl Me {
    pub fn new(lang: Lang, u: &CurrentUser) -> Me {
        Me {
            name: u.display_name.clone(),
            role: lang.t(&format!("role-{}", u.role.as_str())),
            csrf: u.csrf_token.clone(),
            is_admin: u.is_admin(),
            is_editor: u.is_editor(),
        }
    }
}
