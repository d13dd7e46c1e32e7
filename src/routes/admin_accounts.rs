//! An administrator's page of one account: give and take its role and places, disable or enable
//! it, and issue a one-time password reset link (valid 24 hours, shown once to the admin to pass
//! on; no e-mail is sent).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::form::Form;
use super::publish::{FieldView, OptionView};
use super::session::{
    Me, check_csrf, client_ip, flash, origin, private_cookie, private_html, removal_cookie,
    require_user, see_other,
};
use super::{Ctx, lang, with_db};
use crate::auth::{CurrentUser, Role};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::models::audit;
use crate::models::password_reset;
use crate::models::place::Place;
use crate::models::session::Session;
use crate::models::user::User;
use crate::startup::AppState;

/// Carries a new reset link from the POST that made it to the page that shows it, once.
pub const RESET_LINK_COOKIE: &str = "pantau_reset_link";

pub fn configure(cfg: &mut web::ServiceConfig) {
    let small = || web::PayloadConfig::new(super::guard::SMALL_FORM_BYTES);
    let signed_in = || actix_web::middleware::from_fn(super::guard::signed_in);
    cfg.route("/{lang}/admin/users/{id}", web::get().to(account_page))
        .service(
            web::resource("/{lang}/admin/users/{id}/access")
                .app_data(small())
                .wrap(signed_in())
                .route(web::post().to(set_access)),
        )
        .service(
            web::resource("/{lang}/admin/users/{id}/enable")
                .app_data(small())
                .wrap(signed_in())
                .route(web::post().to(enable)),
        )
        .service(
            web::resource("/{lang}/admin/users/{id}/reset-link")
                .app_data(small())
                .wrap(signed_in())
                .route(web::post().to(reset_link)),
        );
}

async fn require_admin(
    req: &HttpRequest,
    state: &web::Data<AppState>,
    lang: Lang,
) -> Result<CurrentUser, AppError> {
    let user = require_user(req, state, lang).await?;
    if user.is_admin() {
        Ok(user)
    } else {
        Err(AppError::Forbidden("account-admin-only"))
    }
}

#[derive(Template)]
#[template(path = "account/user.html")]
struct AccountPage {
    c: Ctx,
    me: Option<Me>,
    flash: Option<String>,
    csrf: String,
    id: i32,
    email: String,
    name: String,
    disabled: bool,
    /// The admin's own account: it is not disabled from here (someone must be left to enable it).
    own: bool,
    version: i32,
    sessions: i64,
    role: FieldView,
    places: FieldView,
    /// The reset link just issued (shown once).
    reset_link: Option<String>,
    error: Option<String>,
}

#[allow(clippy::too_many_arguments)]
async fn render(
    req: &HttpRequest,
    state: &web::Data<AppState>,
    lang: Lang,
    admin: &CurrentUser,
    id: i32,
    form: Option<(&str, &str)>,
    errors: (Option<String>, Option<String>),
    error: Option<String>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let (user, slugs, sessions) = with_db(state, move |conn| {
        let user = User::by_id(conn, id)?.ok_or(AppError::NotFound)?;
        let ids = User::place_ids(conn, id)?;
        let slugs: Vec<String> = Place::by_ids(conn, &ids)?
            .into_iter()
            .map(|p| p.slug)
            .collect();
        let sessions = Session::count_for_user(conn, id)?;
        Ok((user, slugs, sessions))
    })
    .await?;
    let (role_value, places_value) = match form {
        Some((r, p)) => (r.to_string(), p.to_string()),
        None => (user.role.clone(), slugs.join(", ")),
    };
    let mut role = FieldView::simple(
        "role",
        lang.t("users-role"),
        "select",
        &role_value,
        errors.0,
        true,
    );
    role.options = crate::models::user::ROLES
        .iter()
        .map(|r| OptionView {
            value: r.to_string(),
            label: lang.t(&format!("role-{r}")),
            selected: role_value == *r,
        })
        .collect();
    let mut places = FieldView::simple(
        "places",
        lang.t("users-places"),
        "text",
        &places_value,
        errors.1,
        false,
    );
    places.help = lang.t("users-places-help");
    // A link issued by the POST before this page: shown once, only on this account's page.
    let reset_link = req.cookie(RESET_LINK_COOKIE).and_then(|c| {
        let (uid, token) = c.value().split_once(':')?;
        (uid == id.to_string() && token.len() == 64)
            .then(|| format!("{}/{}/reset/{token}", origin(req), lang.code()))
    });
    let page = AccountPage {
        c: Ctx::new(req, state, lang, ""),
        me: Some(Me::new(lang, admin)),
        flash: flash(req, lang),
        csrf: admin.csrf_token.clone(),
        id,
        email: user.email,
        name: user.display_name,
        disabled: user.disabled,
        own: id == admin.id,
        version: user.version,
        sessions,
        role,
        places,
        reset_link,
        error,
    };
    let mut res = private_html(req, status, page.render()?);
    if req.cookie(RESET_LINK_COOKIE).is_some() {
        res.add_cookie(&removal_cookie(req, RESET_LINK_COOKIE))
            .map_err(|e| AppError::internal("cookie", e))?;
    }
    Ok(res)
}

async fn account_page(
    req: HttpRequest,
    path: web::Path<(String, i32)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let (code, id) = path.into_inner();
    let lang = lang(&code)?;
    let admin = require_admin(&req, &state, lang).await?;
    render(
        &req,
        &state,
        lang,
        &admin,
        id,
        None,
        (None, None),
        None,
        StatusCode::OK,
    )
    .await
}

fn back(lang: Lang, id: i32) -> String {
    format!("/{}/admin/users/{id}", lang.code())
}

async fn set_access(
    req: HttpRequest,
    path: web::Path<(String, i32)>,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let (code, id) = path.into_inner();
    let lang = lang(&code)?;
    let admin = require_admin(&req, &state, lang).await?;
    let form = Form::parse(&req, &body)?;
    check_csrf(&req, &admin, &form)?;
    let version: i32 = form
        .get("version")
        .parse()
        .map_err(|_| AppError::BadRequest("error-400-message"))?;
    let role = Role::parse(form.get("role"));
    let slugs: Vec<String> = form
        .get("places")
        .split([',', ' ', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_lowercase)
        .collect();
    let mut role_error = None;
    let mut places_error = None;
    if role.is_none() {
        role_error = Some(lang.t("error-choice"));
    }
    if role == Some(Role::Official) && slugs.is_empty() {
        places_error = Some(lang.t("error-official-needs-place"));
    }
    // An admin cannot take their own admin role: someone must be left to give it back.
    if id == admin.id && role != Some(Role::Admin) {
        role_error = Some(lang.t("users-error-own-role"));
    }
    let s = slugs.clone();
    let (place_ids, unknown) = with_db(&state, move |conn| {
        let mut ids = Vec::new();
        let mut unknown = Vec::new();
        for slug in &s {
            match Place::by_slug(conn, slug)? {
                Some(p) => ids.push(p.id),
                None => unknown.push(slug.clone()),
            }
        }
        Ok((ids, unknown))
    })
    .await?;
    if !unknown.is_empty() {
        places_error = Some(lang.t_args("error-unknown-places", &[("places", unknown.join(", "))]));
    }
    let (Some(role), None, None) = (role, &role_error, &places_error) else {
        return render(
            &req,
            &state,
            lang,
            &admin,
            id,
            Some((form.get("role"), form.get("places"))),
            (role_error, places_error),
            Some(lang.t("error-form")),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    let ip = client_ip(&req);
    let admin_id = admin.id;
    let written = with_db(&state, move |conn| {
        User::by_id(conn, id)?.ok_or(AppError::NotFound)?;
        let written = User::set_role_and_places(conn, id, version, role.as_str(), &place_ids)?;
        if written {
            let slugs = if role == Role::Official {
                slugs.join(",")
            } else {
                String::new()
            };
            audit::record(
                conn,
                Some(admin_id),
                ip.as_deref(),
                "user-access",
                &format!("user {id}"),
                &format!("{} {slugs}", role.as_str()),
            )?;
        }
        Ok(written)
    })
    .await?;
    if !written {
        return render(
            &req,
            &state,
            lang,
            &admin,
            id,
            Some((form.get("role"), form.get("places"))),
            (None, None),
            Some(lang.t("editorial-error-stale")),
            StatusCode::CONFLICT,
        )
        .await;
    }
    Ok(see_other(&req, &back(lang, id), "flash-user-saved"))
}

async fn enable(
    req: HttpRequest,
    path: web::Path<(String, i32)>,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let (code, id) = path.into_inner();
    let lang = lang(&code)?;
    let admin = require_admin(&req, &state, lang).await?;
    let form = Form::parse(&req, &body)?;
    check_csrf(&req, &admin, &form)?;
    let ip = client_ip(&req);
    let admin_id = admin.id;
    with_db(&state, move |conn| {
        if !User::set_disabled(conn, id, false)? {
            return Err(AppError::NotFound);
        }
        audit::record(
            conn,
            Some(admin_id),
            ip.as_deref(),
            "user-enable",
            &format!("user {id}"),
            "",
        )?;
        Ok(())
    })
    .await?;
    Ok(see_other(&req, &back(lang, id), "flash-user-enabled"))
}

async fn reset_link(
    req: HttpRequest,
    path: web::Path<(String, i32)>,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let (code, id) = path.into_inner();
    let lang = lang(&code)?;
    let admin = require_admin(&req, &state, lang).await?;
    let form = Form::parse(&req, &body)?;
    check_csrf(&req, &admin, &form)?;
    let ip = client_ip(&req);
    let admin_id = admin.id;
    let token = with_db(&state, move |conn| {
        User::by_id(conn, id)?.ok_or(AppError::NotFound)?;
        Ok(password_reset::issue(
            conn,
            id,
            admin_id,
            ip.as_deref(),
            crate::db::now(),
        )?)
    })
    .await?;
    let mut res = see_other(&req, &back(lang, id), "flash-reset-link");
    let mut cookie = private_cookie(&req, RESET_LINK_COOKIE, format!("{id}:{token}"));
    cookie.set_max_age(actix_web::cookie::time::Duration::seconds(60));
    res.add_cookie(&cookie)
        .map_err(|e| AppError::internal("cookie", e))?;
    Ok(res)
}
