//! The one-time password reset link an administrator passed on (`/{lang}/reset/{token}`): the
//! account holder chooses a new password; the link then stops working, as it does after 24
//! hours. Every session of the account ends.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::form::Form;
use super::session::{
    Me, check_origin, client_ip, current_user, private_cookie, private_html, removal_cookie,
    see_other,
};
use super::{Ctx, lang, with_db};
use crate::auth;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::models::password_reset;
use crate::startup::AppState;

/// The double-submit cookie of the reset form (its visitor has no session).
pub const RESET_CSRF_COOKIE: &str = "pantau_reset_csrf";

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/{lang}/reset/{token}")
            .app_data(web::PayloadConfig::new(super::guard::SMALL_FORM_BYTES))
            .route(web::get().to(form))
            .route(web::post().to(reset)),
    );
}

#[derive(Template)]
#[template(path = "account/reset.html")]
struct ResetPage {
    c: Ctx,
    me: Option<Me>,
    flash: Option<String>,
    csrf: String,
    /// The account's e-mail, or `None` when the link is used, expired or unknown.
    email: Option<String>,
    action: String,
    error: Option<String>,
}

fn is_token(t: &str) -> bool {
    t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit())
}

async fn render(
    req: &HttpRequest,
    state: &web::Data<AppState>,
    lang: Lang,
    token: String,
    error: Option<String>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let me = current_user(req, state).await?.map(|u| Me::new(lang, &u));
    let t = token.clone();
    let email = if is_token(&token) {
        with_db(state, move |conn| {
            Ok(password_reset::valid_for(conn, &t, crate::db::now())?.map(|u| u.email))
        })
        .await?
    } else {
        None
    };
    let status = if email.is_none() {
        StatusCode::GONE
    } else {
        status
    };
    let csrf = auth::random_token();
    let page = ResetPage {
        c: Ctx::new(req, state, lang, ""),
        me,
        flash: None,
        csrf: csrf.clone(),
        email,
        action: format!("/{}/reset/{token}", lang.code()),
        error,
    };
    let shows_form = page.email.is_some();
    let mut res = private_html(req, status, page.render()?);
    if shows_form {
        res.add_cookie(&private_cookie(req, RESET_CSRF_COOKIE, csrf))
            .map_err(|e| AppError::internal("cookie", e))?;
    }
    // The token is in the address: never send it on to another site.
    res.headers_mut().insert(
        header::REFERRER_POLICY,
        header::HeaderValue::from_static("no-referrer"),
    );
    res.headers_mut().insert(
        header::HeaderName::from_static("x-robots-tag"),
        header::HeaderValue::from_static("noindex"),
    );
    Ok(res)
}

async fn form(
    req: HttpRequest,
    path: web::Path<(String, String)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let (code, token) = path.into_inner();
    let lang = lang(&code)?;
    render(&req, &state, lang, token, None, StatusCode::OK).await
}

/// The raw value of a password field (never trimmed).
fn raw<'a>(form: &'a Form, name: &str) -> &'a str {
    form.fields
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or("")
}

async fn reset(
    req: HttpRequest,
    path: web::Path<(String, String)>,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let (code, token) = path.into_inner();
    let lang = lang(&code)?;
    let form = Form::parse(&req, &body)?;
    check_origin(&req)?;
    let cookie = req
        .cookie(RESET_CSRF_COOKIE)
        .map(|c| c.value().to_string())
        .unwrap_or_default();
    if cookie.is_empty() || cookie != form.get("csrf") {
        return Err(AppError::Forbidden("account-csrf-failed"));
    }
    if !is_token(&token) {
        return render(&req, &state, lang, token, None, StatusCode::GONE).await;
    }
    let t = token.clone();
    let Some(user) = with_db(&state, move |conn| {
        Ok(password_reset::valid_for(conn, &t, crate::db::now())?)
    })
    .await?
    else {
        return render(&req, &state, lang, token, None, StatusCode::GONE).await;
    };
    let new = raw(&form, "new").to_string();
    if new != raw(&form, "again") {
        let e = lang.t("password-mismatch");
        return render(
            &req,
            &state,
            lang,
            token,
            Some(e),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    if let Err(key) = auth::check_password_policy(&new, &user.email) {
        let e = lang.t(key);
        return render(
            &req,
            &state,
            lang,
            token,
            Some(e),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let hash = web::block(move || auth::hash_password(&new))
        .await
        .map_err(|e| AppError::internal("blocking pool", e))?
        .map_err(|e| AppError::internal("password hash", e))?;
    let ip = client_ip(&req);
    let t = token.clone();
    let done = with_db(&state, move |conn| {
        Ok(password_reset::redeem(
            conn,
            &t,
            &hash,
            ip.as_deref(),
            crate::db::now(),
        )?)
    })
    .await?;
    if done.is_none() {
        // Used in the meantime by another request.
        return render(&req, &state, lang, token, None, StatusCode::GONE).await;
    }
    let mut res = see_other(
        &req,
        &format!("/{}/sign-in", lang.code()),
        "flash-password-reset",
    );
    res.add_cookie(&removal_cookie(&req, RESET_CSRF_COOKIE))
        .map_err(|e| AppError::internal("cookie", e))?;
    Ok(res)
}
