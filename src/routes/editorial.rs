//! The editorial pages of editors and admins: their routes, the start page, and adding and
//! editing a place (merging places and adding ties: `editorial_ties`; a place's history:
//! `place_history`). The checks and writes are in `crate::editorial`; these modules read forms
//! and render pages.

use crate::routes::cache_policy::{CachePolicy, Cached};
use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::form::Form;
use super::publish::{FieldView, OptionView};
use super::session::{Me, check_csrf, client_ip, flash, private_html, require_user, see_other};
use super::{Ctx, lang, with_db};
use crate::auth::CurrentUser;
use crate::editorial::{self, Contact, Errors, Values};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::models::place::{self, Place};
use crate::models::region::{self, Region};
use crate::startup::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    let small = || web::PayloadConfig::new(super::guard::SMALL_FORM_BYTES);
    let signed_in = || actix_web::middleware::from_fn(super::guard::signed_in);
    cfg.route("/{lang}/editorial", web::get().to(index))
        .service(
            web::resource("/{lang}/editorial/places/new")
                .app_data(small())
                .wrap(signed_in())
                .route(web::get().to(new_place_form))
                .route(web::post().to(new_place)),
        )
        .service(
            web::resource("/{lang}/editorial/places/{id}/edit")
                .app_data(small())
                .wrap(signed_in())
                .route(web::get().to(edit_place_form))
                .route(web::post().to(edit_place)),
        )
        .configure(super::editorial_ties::configure)
        .configure(super::place_history::configure);
}

/// Editors and admins only.
pub(super) async fn require_editor(
    req: &HttpRequest,
    state: &web::Data<AppState>,
    lang: Lang,
) -> Result<CurrentUser, AppError> {
    let user = require_user(req, state, lang).await?;
    if user.is_editor() {
        Ok(user)
    } else {
        Err(AppError::Forbidden("forbidden-editorial"))
    }
}

pub(super) fn values_of(form: &Form, names: &[&'static str]) -> Values {
    names
        .iter()
        .map(|&n| (n, form.get(n).to_string()))
        .collect()
}

pub(super) fn field(
    lang: Lang,
    name: &str,
    label: &str,
    widget: &'static str,
    values: &Values,
    errors: &Errors,
    required: bool,
) -> FieldView {
    let mut f = FieldView::simple(
        name,
        lang.t(label),
        widget,
        values.get(name).map(String::as_str).unwrap_or(""),
        errors.get(name).cloned(),
        required,
    );
    if widget == "url" {
        f.input_type = "url";
    }
    f
}

pub(super) fn with_help(mut f: FieldView, help: String) -> FieldView {
    f.help = help;
    f
}

pub(super) fn select(mut f: FieldView, options: Vec<(String, String)>) -> FieldView {
    f.options = options
        .into_iter()
        .map(|(value, label)| OptionView {
            selected: value == f.value,
            value,
            label,
        })
        .collect();
    f
}

/// The provinces (code, name) for the province select.
fn provinces(conn: &mut crate::db::AnyConnection) -> Result<Vec<(String, String)>, AppError> {
    let regions = Region::all(conn)?;
    let ids: Vec<i32> = regions
        .values()
        .filter(|r| r.is_province())
        .map(|r| r.place_id)
        .collect();
    let mut out: Vec<(String, String)> = Place::by_ids(conn, &ids)?
        .into_iter()
        .filter_map(|p| regions.get(&p.id).map(|r| (r.code.clone(), p.name)))
        .collect();
    out.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(out)
}

#[derive(Template)]
#[template(path = "editorial/place_form.html")]
struct PlaceFormPage {
    c: Ctx,
    me: Option<Me>,
    flash: Option<String>,
    csrf: String,
    title: String,
    action: String,
    back: String,
    version: i32,
    place_fields: Vec<FieldView>,
    contact_fields: Vec<FieldView>,
    reason: FieldView,
    has_errors: bool,
}

#[allow(clippy::too_many_arguments)]
fn render_place_form(
    req: &HttpRequest,
    state: &AppState,
    lang: Lang,
    user: &CurrentUser,
    provinces: Vec<(String, String)>,
    existing: Option<(&Place, i32)>,
    values: &Values,
    errors: &Errors,
) -> Result<HttpResponse, AppError> {
    let code = lang.code();
    let f =
        |name, label, widget, required| field(lang, name, label, widget, values, errors, required);
    let kinds = place::KINDS
        .iter()
        .map(|k| (k.to_string(), lang.vocab("place-kind", k)))
        .collect();
    let mut province_options = vec![(String::new(), lang.t("editorial-province-none"))];
    province_options.extend(
        provinces
            .into_iter()
            .map(|(c, n)| (c.clone(), format!("{n} ({c})"))),
    );
    let place_fields = vec![
        f("name", "editorial-name", "text", true),
        with_help(
            f("name_en", "editorial-name-en", "text", false),
            lang.t("editorial-name-en-help"),
        ),
        select(f("kind", "editorial-kind", "select", true), kinds),
        with_help(
            f("country_code", "editorial-country", "text", true),
            lang.t("editorial-country-help"),
        ),
        with_help(
            select(
                f("province", "editorial-province", "select", false),
                province_options,
            ),
            lang.t("editorial-province-help"),
        ),
        with_help(
            f("code", "editorial-code", "text", false),
            lang.t("editorial-code-help"),
        ),
        with_help(
            f("lat", "editorial-lat", "text", false),
            lang.t("editorial-lat-help"),
        ),
        with_help(
            f("lon", "editorial-lon", "text", false),
            lang.t("editorial-lon-help"),
        ),
        with_help(
            f("alt_names", "editorial-alt-names", "textarea", false),
            lang.t("editorial-alt-names-help"),
        ),
    ];
    let contact_fields = vec![
        f("ppid_name", "editorial-ppid-name", "text", false),
        f("ppid_email", "editorial-ppid-email", "email", false),
        f("ppid_phone", "editorial-ppid-phone", "text", false),
        f("ppid_url", "editorial-ppid-url", "url", false),
    ];
    let reason = with_help(
        f("reason", "editorial-reason", "textarea", true),
        lang.t("editorial-reason-help"),
    );
    let (title, action, back, version) = match existing {
        Some((p, v)) => (
            lang.t_args(
                "editorial-edit-place-title",
                &[("name", p.name_in(lang).to_string())],
            ),
            format!("/{code}/editorial/places/{}/edit", p.id),
            format!("/{code}/places/{}", p.slug),
            v,
        ),
        None => (
            lang.t("editorial-new-place-title"),
            format!("/{code}/editorial/places/new"),
            format!("/{code}/editorial"),
            0,
        ),
    };
    let page = PlaceFormPage {
        c: Ctx::new(req, state, lang, ""),
        me: Some(Me::new(lang, user)),
        flash: flash(req, lang),
        csrf: user.csrf_token.clone(),
        title,
        action,
        back,
        version,
        place_fields,
        contact_fields,
        reason,
        has_errors: !errors.is_empty(),
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(private_html(req, status, page.render()?))
}

#[derive(Template)]
#[template(path = "editorial/index.html")]
struct IndexPage {
    c: Ctx,
    me: Option<Me>,
    flash: Option<String>,
    q: String,
    error: Option<String>,
}

#[derive(serde::Deserialize)]
struct FindQuery {
    q: Option<String>,
}

/// The editorial start page: add a place or a tie, or find a place to edit or merge.
async fn index(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
    query: web::Query<FindQuery>,
) -> Result<HttpResponse, AppError> {
    let lang = lang(&path)?;
    let user = require_editor(&req, &state, lang).await?;
    let q = query.into_inner().q.unwrap_or_default();
    let mut error = None;
    if !q.trim().is_empty() {
        let s = q.clone();
        match with_db(&state, move |conn| Ok(editorial::find_place(conn, &s)?)).await? {
            Some(p) => {
                return Ok(HttpResponse::SeeOther()
                    .insert_header((
                        header::LOCATION,
                        format!("/{}/editorial/places/{}/edit", lang.code(), p.id),
                    ))
                    .finish()
                    .cached(CachePolicy::NoStore));
            }
            None => error = Some(lang.t("editorial-error-place")),
        }
    }
    let status = if error.is_some() {
        StatusCode::NOT_FOUND
    } else {
        StatusCode::OK
    };
    let page = IndexPage {
        c: Ctx::new(&req, &state, lang, ""),
        me: Some(Me::new(lang, &user)),
        flash: flash(&req, lang),
        q,
        error,
    };
    Ok(private_html(&req, status, page.render()?))
}

async fn new_place_form(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let lang = lang(&path)?;
    let user = require_editor(&req, &state, lang).await?;
    let provinces = with_db(&state, provinces).await?;
    let mut values = Values::new();
    values.insert("country_code", "ID".into());
    values.insert("kind", "regency".into());
    render_place_form(
        &req,
        &state,
        lang,
        &user,
        provinces,
        None,
        &values,
        &Errors::new(),
    )
}

async fn new_place(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let lang = lang(&path)?;
    let user = require_editor(&req, &state, lang).await?;
    let form = Form::parse(&req, &body)?;
    check_csrf(&req, &user, &form)?;
    let values = values_of(&form, &editorial::PLACE_FIELDS);
    let ip = client_ip(&req);
    let u = user.clone();
    let v = values.clone();
    let outcome = with_db(&state, move |conn| {
        let checked = editorial::check_place(conn, lang, &v, None)?;
        let mut errors = checked.as_ref().err().cloned().unwrap_or_default();
        let reason = editorial::check_reason(lang, &v, &mut errors);
        match checked {
            Ok(input) if errors.is_empty() => Ok(Ok(editorial::create_place(
                conn,
                &input,
                &reason,
                &u,
                ip.as_deref(),
            )?)),
            _ => Ok(Err((errors, provinces(conn)?))),
        }
    })
    .await?;
    match outcome {
        Ok(slug) => Ok(see_other(
            &req,
            &format!("/{}/places/{slug}", lang.code()),
            "flash-place-added",
        )),
        Err((errors, provinces)) => {
            render_place_form(&req, &state, lang, &user, provinces, None, &values, &errors)
        }
    }
}

/// A place's stored values as its form shows them.
fn place_values(
    conn: &mut crate::db::AnyConnection,
    lang: Lang,
    p: &Place,
) -> Result<Values, AppError> {
    let region = Region::of_place(conn, p.id)?;
    let contact = Contact::of_place(conn, p.id)?;
    let decimal = |v: Option<f64>| {
        v.map(|v| {
            let s = format!("{v}");
            match lang {
                Lang::Id => s.replace('.', ","),
                Lang::En => s,
            }
        })
        .unwrap_or_default()
    };
    let mut v = Values::new();
    v.insert("name", p.name.clone());
    v.insert("name_en", p.name_en.clone());
    v.insert("kind", p.kind.clone());
    v.insert("country_code", p.country_code.clone());
    if let Some(r) = &region {
        v.insert("code", r.code.clone());
        if !r.is_province() {
            v.insert("province", r.province_code.clone());
        }
    }
    v.insert("lat", decimal(p.lat));
    v.insert("lon", decimal(p.lon));
    v.insert("alt_names", region::alt_names_of(conn, p.id)?.join("\n"));
    v.insert("ppid_name", contact.name);
    v.insert("ppid_email", contact.email);
    v.insert("ppid_phone", contact.phone);
    v.insert("ppid_url", contact.url);
    Ok(v)
}

pub(super) fn place_by_id(conn: &mut crate::db::AnyConnection, id: i32) -> Result<Place, AppError> {
    Place::by_ids(conn, &[id])?
        .into_iter()
        .next()
        .ok_or(AppError::NotFound)
}

async fn edit_place_form(
    req: HttpRequest,
    path: web::Path<(String, i32)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let (code, id) = path.into_inner();
    let lang = lang(&code)?;
    let user = require_editor(&req, &state, lang).await?;
    let (p, values, provinces) = with_db(&state, move |conn| {
        let p = place_by_id(conn, id)?;
        let values = place_values(conn, lang, &p)?;
        Ok((p, values, provinces(conn)?))
    })
    .await?;
    render_place_form(
        &req,
        &state,
        lang,
        &user,
        provinces,
        Some((&p, p.version)),
        &values,
        &Errors::new(),
    )
}

async fn edit_place(
    req: HttpRequest,
    path: web::Path<(String, i32)>,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let (code, id) = path.into_inner();
    let lang = lang(&code)?;
    let user = require_editor(&req, &state, lang).await?;
    let form = Form::parse(&req, &body)?;
    check_csrf(&req, &user, &form)?;
    let version: i32 = form
        .get("version")
        .parse()
        .map_err(|_| AppError::BadRequest("error-400-message"))?;
    let values = values_of(&form, &editorial::PLACE_FIELDS);
    let ip = client_ip(&req);
    let u = user.clone();
    let v = values.clone();
    let outcome = with_db(&state, move |conn| {
        let p = place_by_id(conn, id)?;
        let checked = editorial::check_place(conn, lang, &v, Some(id))?;
        let mut errors = checked.as_ref().err().cloned().unwrap_or_default();
        let reason = editorial::check_reason(lang, &v, &mut errors);
        if let (Ok(input), true) = (&checked, errors.is_empty()) {
            if editorial::update_place(conn, id, version, input, &reason, &u, ip.as_deref())? {
                return Ok(Ok(p.slug));
            }
            errors.insert("version", lang.t("editorial-error-stale"));
        }
        Ok(Err((p, errors, provinces(conn)?)))
    })
    .await?;
    match outcome {
        Ok(slug) => Ok(see_other(
            &req,
            &format!("/{}/places/{slug}", lang.code()),
            "flash-place-saved",
        )),
        Err((p, mut errors, provinces)) => {
            // A stale version: the form says so at the top (409) and keeps what was written.
            if let Some(msg) = errors.remove("version") {
                errors.insert("reason", msg);
                let mut res = render_place_form(
                    &req,
                    &state,
                    lang,
                    &user,
                    provinces,
                    Some((&p, p.version)),
                    &values,
                    &errors,
                )?;
                *res.status_mut() = StatusCode::CONFLICT;
                return Ok(res);
            }
            render_place_form(
                &req,
                &state,
                lang,
                &user,
                provinces,
                Some((&p, version)),
                &values,
                &errors,
            )
        }
    }
}
