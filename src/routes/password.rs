//! Every account changes its own password: the current one is required, the new one meets the
//! policy, and the account's other sessions end.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::extract::{CsrfForm, SignedIn};
use super::form::Form;
use super::session::{Me, client_ip, flash, private_html, see_other};
use super::{Ctx, with_db};
use crate::auth::{self, CurrentUser};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::models::audit;
use crate::models::user::User;
use crate::startup::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/{lang}/account/password")
            .wrap(actix_web::middleware::from_fn(super::guard::signed_in))
            .app_data(web::PayloadConfig::new(super::guard::SMALL_FORM_BYTES))
            .route(web::get().to(form))
            .route(web::post().to(change)),
    );
}

#[derive(Template)]
#[template(path = "account/password.html")]
struct PasswordPage {
    c: Ctx,
    me: Option<Me>,
    flash: Option<String>,
    csrf: String,
    error: Option<String>,
}

fn render(
    req: &HttpRequest,
    state: &AppState,
    lang: Lang,
    user: &CurrentUser,
    error: Option<String>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let page = PasswordPage {
        c: Ctx::new(req, state, lang, ""),
        me: Some(Me::new(lang, user)),
        flash: flash(req, lang),
        csrf: user.csrf_token.clone(),
        error,
    };
    Ok(private_html(req, status, page.render()?))
}

async fn form(
    req: HttpRequest,
    lang: Lang,
    state: web::Data<AppState>,
    SignedIn { user, .. }: SignedIn,
) -> Result<HttpResponse, AppError> {
    render(&req, &state, lang, &user, None, StatusCode::OK)
}

/// The raw value of a password field (never trimmed).
fn raw<'a>(form: &'a Form, name: &str) -> &'a str {
    form.fields
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or("")
}

async fn change(
    req: HttpRequest,
    lang: Lang,
    state: web::Data<AppState>,
    CsrfForm { user, form, .. }: CsrfForm,
) -> Result<HttpResponse, AppError> {
    let (current, new, again) = (
        raw(&form, "current").to_string(),
        raw(&form, "new").to_string(),
        raw(&form, "again").to_string(),
    );
    if new != again {
        let e = Some(lang.t("password-mismatch"));
        return render(
            &req,
            &state,
            lang,
            &user,
            e,
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    }
    if let Err(key) = auth::check_password_policy(&new, &user.email) {
        let e = Some(lang.t(key));
        return render(
            &req,
            &state,
            lang,
            &user,
            e,
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    }
    let ip = client_ip(&req);
    let u = user.clone();
    let changed = with_db(&state, move |conn| {
        let stored = User::by_id(conn, u.id)?.ok_or(AppError::NotFound)?;
        if !auth::verify_password(&current, &stored.password_hash) {
            audit::record(
                conn,
                Some(u.id),
                ip.as_deref(),
                "password-change-failed",
                &u.email,
                "",
            )?;
            return Ok(false);
        }
        let hash = auth::hash_password(&new).map_err(|e| AppError::internal("password hash", e))?;
        User::change_own_password(conn, u.id, &hash, &u.session_id)?;
        audit::record(
            conn,
            Some(u.id),
            ip.as_deref(),
            "password-changed",
            &u.email,
            "",
        )?;
        Ok(true)
    })
    .await?;
    if !changed {
        let e = Some(lang.t("password-wrong-current"));
        return render(
            &req,
            &state,
            lang,
            &user,
            e,
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    }
    Ok(see_other(
        &req,
        &format!("/{}/dashboard", lang.code()),
        "flash-password-changed",
    ))
}
