//! The error page: every 4xx/5xx response's body replaced with a page in the language of the
//! URL (with the account bar, and on a 403 what the signed-in account may do), or an RFC 9457
//! problem document under /api/.

use actix_web::dev::ServiceResponse;
use actix_web::http::{StatusCode, header};
use actix_web::middleware::ErrorHandlerResponse;
use actix_web::{HttpResponse, web};
use askama::Template;

use crate::error::{ErrorMessage, OwnBody};
use crate::i18n::Lang;
use crate::routes::Ctx;
use crate::startup::AppState;

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
    new.insert_header((header::CACHE_CONTROL, "no-store"));
    for (name, value) in res.headers() {
        if name == header::ALLOW || name == header::RETRY_AFTER {
            new.insert_header((name.clone(), value.clone()));
        }
    }
    ServiceResponse::new(req, new.body(body)).map_into_right_body()
}
