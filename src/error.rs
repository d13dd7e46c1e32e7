//! The one error type of the web layer: visitors see a friendly page in their language, details go to the log.

use actix_web::dev::ServiceResponse;
use actix_web::http::{StatusCode, header};
use actix_web::middleware::ErrorHandlerResponse;
use actix_web::{HttpResponse, ResponseError, web};
use askama::Template;

use crate::i18n::Lang;
use crate::routes::Ctx;
use crate::routes::cache_policy::CachePolicy;
use crate::startup::AppState;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The page or record does not exist (or is not public).
    #[error("not found")]
    NotFound,
    /// The request was wrong; the message key says why, in the visitor's language.
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    /// Signed in but not allowed, or a form failed its CSRF/origin check; the key says why.
    #[error("forbidden: {0}")]
    Forbidden(&'static str),
    /// Too many attempts (sign-in throttling); the key says what to do.
    #[error("too many requests: {0}")]
    TooManyRequests(&'static str),
    /// The page needs a signed-in user: a 303 to this sign-in URL.
    #[error("sign-in required")]
    SignInRequired(String),
    /// Anything else: logged with its detail, shown as a generic 500 page.
    #[error("internal error: {0}")]
    Internal(String),
}

/// Marks a 4xx response whose own page must be kept (a form with its errors, a conflict page).
#[derive(Clone, Copy, Debug)]
pub struct OwnBody;

/// What the error page should say, carried from `AppError` to the page renderer.
#[derive(Clone, Copy, Debug)]
pub struct ErrorMessage(pub &'static str);

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        match e {
            diesel::result::Error::NotFound => AppError::NotFound,
            other => AppError::Internal(format!("database: {other}")),
        }
    }
}

impl From<diesel::r2d2::PoolError> for AppError {
    fn from(e: diesel::r2d2::PoolError) -> Self {
        AppError::Internal(format!("database pool: {e}"))
    }
}

impl From<actix_web::error::BlockingError> for AppError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        AppError::Internal(format!("blocking task: {e}"))
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> Self {
        AppError::Internal(format!("template: {e}"))
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::SignInRequired(_) => StatusCode::SEE_OTHER,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let AppError::Internal(detail) = self {
            tracing::error!(%detail, "request failed");
        }
        if let AppError::SignInRequired(to) = self {
            return HttpResponse::SeeOther()
                .insert_header((header::LOCATION, to.as_str()))
                .insert_header((header::CACHE_CONTROL, CachePolicy::NoStore.header_value()))
                .finish();
        }
        let mut res = HttpResponse::new(self.status_code());
        if let AppError::TooManyRequests(_) = self {
            res.headers_mut()
                .insert(header::RETRY_AFTER, header::HeaderValue::from_static("900"));
        }
        if let AppError::BadRequest(key)
        | AppError::Forbidden(key)
        | AppError::TooManyRequests(key) = self
        {
            res.extensions_mut().insert(ErrorMessage(key));
        }
        res
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    c: Ctx,
    status: u16,
    title: String,
    message: String,
    /// On a 403 to a signed-in account: what that account may do.
    access: Option<AccessView>,
}

/// What a signed-in account may do, for the 403 page.
pub struct AccessView {
    pub role: String,
    /// What the role lets the account do.
    pub role_explained: String,
    /// The account's regions: name and public page.
    pub places: Vec<(String, String)>,
    /// Whom to ask: the active administrators (name, e-mail).
    pub admins: Vec<(String, String)>,
}

/// The regions of a signed-in account, read for its 403 page.
async fn access_view(
    state: web::Data<AppState>,
    lang: Lang,
    user: crate::auth::CurrentUser,
) -> Option<AccessView> {
    let ids = user.place_ids.clone();
    let (places, admins) = crate::routes::with_db(&state, move |conn| {
        Ok((
            crate::models::place::Place::by_ids(conn, &ids)?,
            crate::models::user::User::active_admins(conn)?,
        ))
    })
    .await
    .ok()?;
    let role = user.role.as_str();
    Some(AccessView {
        role: lang.t(&format!("role-{role}")),
        role_explained: lang.t(&format!("forbidden-role-{role}")),
        places: places
            .into_iter()
            .map(|p| (p.name, format!("/{}/places/{}", lang.code(), p.slug)))
            .collect(),
        admins,
    })
}

/// Replaces the body of every 4xx/5xx response with the error page in the language of the URL.
pub fn render_error_page<B: 'static>(
    res: ServiceResponse<B>,
) -> actix_web::Result<ErrorHandlerResponse<B>> {
    if res.response().extensions().get::<OwnBody>().is_some() {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    }
    let status = res.status();
    let (req, res) = res.into_parts();
    if req.path().starts_with("/api/") {
        // The API answers errors as RFC 9457 problem documents, never as HTML.
        let body = serde_json::json!({
            "type": "about:blank",
            "title": status.canonical_reason().unwrap_or("Error"),
            "status": status.as_u16(),
            "detail": status.canonical_reason().unwrap_or("Error"),
        });
        let new = HttpResponse::build(status)
            .content_type("application/problem+json")
            .body(body.to_string());
        return Ok(ErrorHandlerResponse::Response(
            ServiceResponse::new(req, new).map_into_right_body(),
        ));
    }
    let lang = Lang::from_path(req.path());
    let message_key = res.extensions().get::<ErrorMessage>().map(|m| m.0);
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let user = crate::routes::account_bar::looked_up(&req).flatten();
    if status == StatusCode::FORBIDDEN
        && let (Some(state), Some(user)) = (state.clone(), user)
    {
        return Ok(ErrorHandlerResponse::Future(Box::pin(async move {
            let access = access_view(state, lang, user).await;
            Ok(error_response(req, res, status, lang, message_key, access))
        })));
    }
    Ok(ErrorHandlerResponse::Response(error_response(
        req,
        res,
        status,
        lang,
        message_key,
        None,
    )))
}

/// The error page in the site's layout, with the account bar for a signed-in account.
fn error_response<B>(
    req: actix_web::HttpRequest,
    res: HttpResponse<B>,
    status: StatusCode,
    lang: Lang,
    message_key: Option<&'static str>,
    access: Option<AccessView>,
) -> ServiceResponse<actix_web::body::EitherBody<B>> {
    let state = req.app_data::<web::Data<AppState>>();
    let css = state
        .map(|s| s.css_href.clone())
        .unwrap_or_else(|| "/static/style.css".into());
    let (title_key, default_message) = match status.as_u16() {
        400 => ("error-400-title", "error-400-message"),
        403 => ("error-403-title", "error-403-message"),
        404 => ("error-404-title", "error-404-message"),
        405 => ("error-405-title", "error-405-message"),
        413 => ("error-413-title", "error-413-message"),
        429 => ("error-429-title", "error-429-message"),
        s if s < 500 => ("error-400-title", "error-400-message"),
        _ => ("error-500-title", "error-500-message"),
    };
    let mut c = Ctx::for_error(lang, req.path(), css);
    c.contact_email = state.map(|s| s.contact_email.clone()).unwrap_or_default();
    c.me = crate::routes::account_bar::looked_up(&req)
        .flatten()
        .map(|u| crate::routes::session::Me::new(lang, &u));
    let page = ErrorPage {
        access,
        status: status.as_u16(),
        title: lang.t(title_key),
        message: lang.t(message_key.unwrap_or(default_message)),
        c,
    };
    let body = page.render().unwrap_or_else(|e| {
        tracing::error!(error = %e, "error page failed to render");
        format!(
            "{} {}",
            status.as_u16(),
            status.canonical_reason().unwrap_or("")
        )
    });
    let mut new = HttpResponse::build(status);
    new.insert_header((header::CONTENT_TYPE, "text/html; charset=utf-8"));
    new.insert_header((header::CACHE_CONTROL, CachePolicy::NoStore.header_value()));
    for (name, value) in res.headers() {
        if name == header::ALLOW || name == header::RETRY_AFTER {
            new.insert_header((name.clone(), value.clone()));
        }
    }
    ServiceResponse::new(req, new.body(body)).map_into_right_body()
}
