//! Every account's own sessions: each device signed in (its browser as it named itself, when it
//! started, when it was last seen), with a button to end one, or every other one.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::form::Form;
use super::session::{Me, check_csrf, client_ip, flash, private_html, require_user, see_other};
use super::{Ctx, lang, with_db};
use crate::auth::{CurrentUser, IDLE_TIMEOUT};
use crate::error::AppError;
use crate::models::audit;
use crate::models::session::Session;
use crate::startup::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    let small = || web::PayloadConfig::new(super::guard::SMALL_FORM_BYTES);
    let signed_in = || actix_web::middleware::from_fn(super::guard::signed_in);
    cfg.route("/{lang}/account/sessions", web::get().to(page))
        .service(
            web::resource("/{lang}/account/sessions/end")
                .app_data(small())
                .wrap(signed_in())
                .route(web::post().to(end_one)),
        )
        .service(
            web::resource("/{lang}/account/sessions/end-others")
                .app_data(small())
                .wrap(signed_in())
                .route(web::post().to(end_others)),
        );
}

struct SessionRow {
    handle: String,
    device: String,
    started: String,
    last_seen: String,
    current: bool,
}

#[derive(Template)]
#[template(path = "account/sessions.html")]
struct SessionsPage {
    c: Ctx,
    me: Option<Me>,
    flash: Option<String>,
    csrf: String,
    rows: Vec<SessionRow>,
}

async fn page(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let lang = lang(&path)?;
    let user = require_user(&req, &state, lang).await?;
    let uid = user.id;
    let live = with_db(&state, move |conn| {
        let now = crate::db::now();
        Ok(Session::live_of_user(conn, uid, now, now - IDLE_TIMEOUT)?)
    })
    .await?;
    let when =
        |t: chrono::NaiveDateTime| format!("{} {}", lang.day(t.date()), t.format("%H:%M UTC"));
    let rows = live
        .into_iter()
        .map(|s| SessionRow {
            current: s.id == user.session_id,
            device: if s.user_agent.is_empty() {
                lang.t("sessions-unknown-device")
            } else {
                s.user_agent
            },
            started: when(s.created_at),
            last_seen: when(s.last_seen_at),
            handle: s.handle,
        })
        .collect();
    let page = SessionsPage {
        c: Ctx::new(&req, &state, lang, ""),
        me: Some(Me::new(lang, &user)),
        flash: flash(&req, lang),
        csrf: user.csrf_token.clone(),
        rows,
    };
    Ok(private_html(&req, StatusCode::OK, page.render()?))
}

async fn checked(
    req: &HttpRequest,
    path: web::Path<String>,
    state: &web::Data<AppState>,
    body: &web::Bytes,
) -> Result<(crate::i18n::Lang, CurrentUser, Form), AppError> {
    let lang = lang(&path)?;
    let user = require_user(req, state, lang).await?;
    let form = Form::parse(req, body)?;
    check_csrf(req, &user, &form)?;
    Ok((lang, user, form))
}

async fn end_one(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let (lang, user, form) = checked(&req, path, &state, &body).await?;
    let handle = form.get("session").to_string();
    if handle.len() != 16 || !handle.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(AppError::BadRequest("error-400-message"));
    }
    let ip = client_ip(&req);
    let u = user.clone();
    let ended = with_db(&state, move |conn| {
        let ended = Session::end_by_handle(conn, u.id, &handle)?;
        if ended {
            audit::record(
                conn,
                Some(u.id),
                ip.as_deref(),
                "session-end",
                &u.email,
                &handle,
            )?;
        }
        Ok(ended)
    })
    .await?;
    if !ended {
        return Err(AppError::NotFound);
    }
    Ok(see_other(
        &req,
        &format!("/{}/account/sessions", lang.code()),
        "flash-session-ended",
    ))
}

async fn end_others(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let (lang, user, _) = checked(&req, path, &state, &body).await?;
    let ip = client_ip(&req);
    let u = user.clone();
    with_db(&state, move |conn| {
        let n = Session::end_others(conn, u.id, &u.session_id)?;
        audit::record(
            conn,
            Some(u.id),
            ip.as_deref(),
            "session-end-others",
            &u.email,
            &n.to_string(),
        )?;
        Ok(())
    })
    .await?;
    Ok(see_other(
        &req,
        &format!("/{}/account/sessions", lang.code()),
        "flash-sessions-ended",
    ))
}
