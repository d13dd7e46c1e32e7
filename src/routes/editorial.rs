//! The editorial pages of editors and admins: add a place, edit it, merge two places that are the
//! same, add a tie between two places; and every place's public history. The checks and writes
//! are in `crate::editorial`; this module reads forms and renders pages.

use std::collections::BTreeMap;

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::form::Form;
use super::publish::{FieldView, OptionView};
use super::session::{Me, check_csrf, client_ip, flash, private_html, require_user, see_other};
use super::{Ctx, html_page, lang, with_db};
use crate::auth::CurrentUser;
use crate::editorial::{self, Contact, Errors, MergeRefusal, Values};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::models::place::{self, Place};
use crate::models::region::{self, Region};
use crate::models::revision::Revision;
use crate::startup::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    let small = || web::PayloadConfig::new(super::guard::SMALL_FORM_BYTES);
    let signed_in = || actix_web::middleware::from_fn(super::guard::signed_in);
    cfg.route("/{lang}/editorial", web::get().to(index))
        .route(
            "/{lang}/places/{slug}/history",
            web::get().to(place_history),
        )
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
        .service(
            web::resource("/{lang}/editorial/places/{id}/merge")
                .app_data(small())
                .wrap(signed_in())
                .route(web::get().to(merge_form))
                .route(web::post().to(merge)),
        )
        .service(
            web::resource("/{lang}/editorial/ties/new")
                .app_data(small())
                .wrap(signed_in())
                .route(web::get().to(new_tie_form))
                .route(web::post().to(new_tie)),
        );
}

/// Editors and admins only.
async fn require_editor(
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

fn values_of(form: &Form, names: &[&str]) -> Values {
    names
        .iter()
        .map(|n| (n.to_string(), form.get(n).to_string()))
        .collect()
}

fn field(
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

fn with_help(mut f: FieldView, help: String) -> FieldView {
    f.help = help;
    f
}

fn select(mut f: FieldView, options: Vec<(String, String)>) -> FieldView {
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
                    .insert_header((header::CACHE_CONTROL, "no-store"))
                    .finish());
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
    values.insert("country_code".into(), "ID".into());
    values.insert("kind".into(), "regency".into());
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
        let mut checked = editorial::check_place(conn, lang, &v, None)?;
        let mut extra = Errors::new();
        let reason = editorial::check_reason(lang, &v, &mut extra);
        if !extra.is_empty() {
            checked = match checked {
                Ok(_) => Err(extra),
                Err(mut e) => {
                    e.extend(extra);
                    Err(e)
                }
            };
        }
        match checked {
            Ok(input) => Ok(Ok(editorial::create_place(
                conn,
                &input,
                &reason,
                &u,
                ip.as_deref(),
            )?)),
            Err(errors) => Ok(Err((errors, provinces(conn)?))),
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
    v.insert("name".into(), p.name.clone());
    v.insert("name_en".into(), p.name_en.clone());
    v.insert("kind".into(), p.kind.clone());
    v.insert("country_code".into(), p.country_code.clone());
    if let Some(r) = &region {
        v.insert("code".into(), r.code.clone());
        if !r.is_province() {
            v.insert("province".into(), r.province_code.clone());
        }
    }
    v.insert("lat".into(), decimal(p.lat));
    v.insert("lon".into(), decimal(p.lon));
    v.insert(
        "alt_names".into(),
        region::alt_names_of(conn, p.id)?.join("\n"),
    );
    v.insert("ppid_name".into(), contact.name);
    v.insert("ppid_email".into(), contact.email);
    v.insert("ppid_phone".into(), contact.phone);
    v.insert("ppid_url".into(), contact.url);
    Ok(v)
}

fn place_by_id(conn: &mut crate::db::AnyConnection, id: i32) -> Result<Place, AppError> {
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
        let mut errors = match editorial::check_place(conn, lang, &v, Some(id))? {
            Ok(_) => Errors::new(),
            Err(e) => e,
        };
        let reason = editorial::check_reason(lang, &v, &mut errors);
        if errors.is_empty() {
            let input = editorial::check_place(conn, lang, &v, Some(id))?
                .map_err(|_| AppError::Internal("place form checked twice".into()))?;
            if editorial::update_place(conn, id, version, &input, &reason, &u, ip.as_deref())? {
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

#[derive(Template)]
#[template(path = "editorial/merge.html")]
struct MergePage {
    c: Ctx,
    me: Option<Me>,
    flash: Option<String>,
    csrf: String,
    keep_name: String,
    keep_href: String,
    action: String,
    version: i32,
    other: FieldView,
    reason: FieldView,
    error: Option<String>,
}

#[allow(clippy::too_many_arguments)]
fn render_merge(
    req: &HttpRequest,
    state: &AppState,
    lang: Lang,
    user: &CurrentUser,
    keep: &Place,
    values: &Values,
    errors: &Errors,
    error: Option<String>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let code = lang.code();
    let page = MergePage {
        c: Ctx::new(req, state, lang, ""),
        me: Some(Me::new(lang, user)),
        flash: flash(req, lang),
        csrf: user.csrf_token.clone(),
        keep_name: keep.name_in(lang).to_string(),
        keep_href: format!("/{code}/places/{}", keep.slug),
        action: format!("/{code}/editorial/places/{}/merge", keep.id),
        version: keep.version,
        other: with_help(
            field(
                lang,
                "other",
                "editorial-merge-other",
                "text",
                values,
                errors,
                true,
            ),
            lang.t("editorial-merge-other-help"),
        ),
        reason: with_help(
            field(
                lang,
                "reason",
                "editorial-reason",
                "textarea",
                values,
                errors,
                true,
            ),
            lang.t("editorial-reason-help"),
        ),
        error,
    };
    Ok(private_html(req, status, page.render()?))
}

async fn merge_form(
    req: HttpRequest,
    path: web::Path<(String, i32)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let (code, id) = path.into_inner();
    let lang = lang(&code)?;
    let user = require_editor(&req, &state, lang).await?;
    let keep = with_db(&state, move |conn| place_by_id(conn, id)).await?;
    render_merge(
        &req,
        &state,
        lang,
        &user,
        &keep,
        &Values::new(),
        &Errors::new(),
        None,
        StatusCode::OK,
    )
}

async fn merge(
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
    let values = values_of(&form, &["other", "reason"]);
    let ip = client_ip(&req);
    let u = user.clone();
    let v = values.clone();
    let outcome = with_db(&state, move |conn| {
        let keep = place_by_id(conn, id)?;
        let mut errors = Errors::new();
        let reason = editorial::check_reason(lang, &v, &mut errors);
        let other = editorial::find_place(conn, v.get("other").map(String::as_str).unwrap_or(""))?;
        match &other {
            None => {
                errors.insert("other", lang.t("editorial-error-place"));
            }
            Some(o) if o.id == keep.id => {
                errors.insert("other", lang.t("editorial-error-same-place"));
            }
            _ => {}
        }
        let (Some(other), true) = (other, errors.is_empty()) else {
            return Ok(Err((keep, errors, None, StatusCode::UNPROCESSABLE_ENTITY)));
        };
        match editorial::merge_places(conn, keep.id, version, other.id, &reason, &u, ip.as_deref())?
        {
            Ok(()) => Ok(Ok(keep.slug)),
            Err(MergeRefusal::Stale) => Ok(Err((
                keep,
                errors,
                Some(lang.t("editorial-error-stale")),
                StatusCode::CONFLICT,
            ))),
            Err(MergeRefusal::Same) => {
                errors.insert("other", lang.t("editorial-error-same-place"));
                Ok(Err((keep, errors, None, StatusCode::UNPROCESSABLE_ENTITY)))
            }
            Err(MergeRefusal::SharedPartner(slug)) => Ok(Err((
                keep,
                errors,
                Some(lang.t_args("editorial-error-shared-partner", &[("partner", slug)])),
                StatusCode::CONFLICT,
            ))),
        }
    })
    .await?;
    match outcome {
        Ok(slug) => Ok(see_other(
            &req,
            &format!("/{}/places/{slug}", lang.code()),
            "flash-places-merged",
        )),
        Err((keep, errors, error, status)) => render_merge(
            &req, &state, lang, &user, &keep, &values, &errors, error, status,
        ),
    }
}

#[derive(Template)]
#[template(path = "editorial/tie_form.html")]
struct TieFormPage {
    c: Ctx,
    me: Option<Me>,
    flash: Option<String>,
    csrf: String,
    /// The Indonesian place and the partner (text inputs with suggestions).
    place_inputs: Vec<FieldView>,
    fields: Vec<FieldView>,
    /// (slug, name) of every place, for the two inputs' suggestions.
    places: Vec<(String, String)>,
    indonesian: Vec<(String, String)>,
    has_errors: bool,
}

fn render_tie_form(
    req: &HttpRequest,
    state: &AppState,
    lang: Lang,
    user: &CurrentUser,
    all: Vec<Place>,
    values: &Values,
    errors: &Errors,
) -> Result<HttpResponse, AppError> {
    let f =
        |name, label, widget, required| field(lang, name, label, widget, values, errors, required);
    let kinds = crate::models::tie::KINDS
        .iter()
        .map(|k| (k.to_string(), lang.vocab("tie-kind", k)))
        .collect();
    let places: Vec<(String, String)> = all
        .iter()
        .map(|p| (p.slug.clone(), p.name_in(lang).to_string()))
        .collect();
    let indonesian = all
        .iter()
        .filter(|p| p.is_indonesian())
        .map(|p| (p.slug.clone(), p.name_in(lang).to_string()))
        .collect();
    let page = TieFormPage {
        c: Ctx::new(req, state, lang, ""),
        me: Some(Me::new(lang, user)),
        flash: flash(req, lang),
        csrf: user.csrf_token.clone(),
        place_inputs: vec![
            with_help(
                f("place", "editorial-tie-place", "text", true),
                lang.t("editorial-tie-place-help"),
            ),
            with_help(
                f("partner", "editorial-tie-partner", "text", true),
                lang.t("editorial-tie-partner-help"),
            ),
        ],
        fields: vec![
            select(f("kind", "editorial-tie-kind", "select", true), kinds),
            with_help(
                f("started_on", "editorial-tie-started", "partial-date", false),
                lang.t("field-partial-date-hint"),
            ),
            with_help(
                f("reason", "editorial-reason", "textarea", true),
                lang.t("editorial-reason-help"),
            ),
        ],
        places,
        indonesian,
        has_errors: !errors.is_empty(),
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(private_html(req, status, page.render()?))
}

fn all_places(conn: &mut crate::db::AnyConnection) -> Result<Vec<Place>, AppError> {
    use crate::schema::places;
    use diesel::prelude::*;
    Ok(places::table.order(places::name).load(conn)?)
}

#[derive(serde::Deserialize)]
struct TieQuery {
    suggestion: Option<i32>,
    place: Option<String>,
}

async fn new_tie_form(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
    query: web::Query<TieQuery>,
) -> Result<HttpResponse, AppError> {
    let lang = lang(&path)?;
    let user = require_editor(&req, &state, lang).await?;
    let q = query.into_inner();
    let (all, reason, named) = with_db(&state, move |conn| {
        let reason = q
            .suggestion
            .and_then(|id| super::suggestions::reason_for(conn, lang, id));
        // The place the suggestion was sent from, on its side of the tie.
        let named = match (&reason, q.suggestion) {
            (Some(_), Some(id)) => crate::models::suggestion::Suggestion::by_id(conn, id)?
                .and_then(|s| s.place_id)
                .map(|p| place_by_id(conn, p))
                .transpose()
                .ok()
                .flatten(),
            _ => None,
        };
        Ok((all_places(conn)?, reason, named))
    })
    .await?;
    let mut values = Values::new();
    values.insert("kind".into(), "sister-city".into());
    if let Some(r) = reason {
        values.insert("reason".into(), r);
    }
    if let Some(p) = named {
        let side = if p.is_indonesian() {
            "place"
        } else {
            "partner"
        };
        values.insert(side.into(), p.slug);
    }
    if let Some(p) = q.place {
        values.insert("place".into(), editorial::one_line(&p));
    }
    render_tie_form(&req, &state, lang, &user, all, &values, &Errors::new())
}

async fn new_tie(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let lang = lang(&path)?;
    let user = require_editor(&req, &state, lang).await?;
    let form = Form::parse(&req, &body)?;
    check_csrf(&req, &user, &form)?;
    let values = values_of(&form, &["place", "partner", "kind", "started_on", "reason"]);
    let ip = client_ip(&req);
    let u = user.clone();
    let v = values.clone();
    let outcome = with_db(&state, move |conn| {
        let checked = editorial::check_tie(conn, lang, &v)?;
        let mut errors = match &checked {
            Ok(_) => Errors::new(),
            Err(e) => e.clone(),
        };
        let reason = editorial::check_reason(lang, &v, &mut errors);
        match checked {
            Ok(input) if errors.is_empty() => Ok(Ok(editorial::create_tie(
                conn,
                &input,
                &reason,
                &u,
                ip.as_deref(),
            )?)),
            _ => Ok(Err((errors, all_places(conn)?))),
        }
    })
    .await?;
    match outcome {
        Ok(slug) => Ok(see_other(
            &req,
            &format!("/{}/ties/{slug}/manage", lang.code()),
            "flash-tie-added",
        )),
        Err((errors, all)) => render_tie_form(&req, &state, lang, &user, all, &values, &errors),
    }
}

/// The answer to a place slug that was merged into another place: 301 to the kept place's page.
pub async fn merged_place_redirect(
    state: &web::Data<AppState>,
    lang: Lang,
    slug: String,
    rest: &str,
) -> Result<Option<HttpResponse>, AppError> {
    let to = with_db(state, move |conn| Ok(editorial::redirect_of(conn, &slug)?)).await?;
    Ok(to.map(|to| {
        HttpResponse::MovedPermanently()
            .insert_header((
                header::LOCATION,
                format!("/{}/places/{to}{rest}", lang.code()),
            ))
            .insert_header((header::CACHE_CONTROL, "public, max-age=60"))
            .finish()
    }))
}

/// One change in a place's history.
struct PlaceChange {
    id: i32,
    date: String,
    action: String,
    author: String,
    reason: String,
    /// field label, before, after
    changes: Vec<(String, Vec<(&'static str, String)>)>,
}

#[derive(Template)]
#[template(path = "editorial/place_history.html")]
struct PlaceHistoryPage {
    c: Ctx,
    title: String,
    back_href: String,
    entries: Vec<PlaceChange>,
}

fn json_map(s: Option<&str>) -> BTreeMap<String, String> {
    let Some(serde_json::Value::Object(m)) = s.and_then(|s| serde_json::from_str(s).ok()) else {
        return BTreeMap::new();
    };
    m.into_iter()
        .map(|(k, v)| {
            let text = match v {
                serde_json::Value::String(s) => s,
                serde_json::Value::Null => String::new(),
                other => other.to_string(),
            };
            (k, text)
        })
        .collect()
}

/// The label of a field a place's revision records.
fn place_field_label(lang: Lang, key: &str) -> String {
    let label = match key {
        "slug" => "editorial-slug",
        "name" => "editorial-name",
        "name_en" => "editorial-name-en",
        "kind" => "editorial-kind",
        "country_code" => "editorial-country",
        "code" => "editorial-code",
        "lat" => "editorial-lat",
        "lon" => "editorial-lon",
        "alt_names" => "editorial-alt-names",
        "ppid_name" => "editorial-ppid-name",
        "ppid_email" => "editorial-ppid-email",
        "ppid_phone" => "editorial-ppid-phone",
        "ppid_url" => "editorial-ppid-url",
        "merged" => "editorial-merged",
        _ => return key.to_string(),
    };
    lang.t(label)
}

/// Every change to a place (imports, additions, edits, merges), newest first, with reasons.
async fn place_history(
    req: HttpRequest,
    path: web::Path<(String, String)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    use crate::schema::revisions;
    use diesel::prelude::*;
    let (code, slug) = path.into_inner();
    let lang = lang(&code)?;
    let s = slug.clone();
    let found = with_db(&state, move |conn| {
        let Some(place) = Place::by_slug(conn, &s)? else {
            return Ok(None);
        };
        let revs: Vec<Revision> = revisions::table
            .filter(revisions::subject_kind.eq("place"))
            .filter(revisions::subject_id.eq(place.id))
            .order((revisions::changed_at.desc(), revisions::id.desc()))
            .load(conn)?;
        let mut ids: Vec<i32> = revs.iter().filter_map(|r| r.changed_by).collect();
        ids.sort_unstable();
        ids.dedup();
        let authors = crate::models::user::User::names_and_roles(conn, &ids)?;
        Ok(Some((place, revs, authors)))
    })
    .await?;
    let Some((place, revs, authors)) = found else {
        return match merged_place_redirect(&state, lang, slug, "/history").await? {
            Some(res) => Ok(res),
            None => Err(AppError::NotFound),
        };
    };
    let changed = revs.iter().map(|r| r.changed_at).max();
    let entries = revs
        .iter()
        .map(|r| {
            let before = json_map(r.before_json.as_deref());
            let after = json_map(Some(&r.after_json));
            let keys: std::collections::BTreeSet<&String> =
                before.keys().chain(after.keys()).collect();
            let order = |k: &str| {
                editorial::PLACE_FIELDS
                    .iter()
                    .position(|f| *f == k)
                    .unwrap_or(usize::MAX)
            };
            let mut keys: Vec<&String> = keys.into_iter().collect();
            keys.sort_by_key(|k| (order(k), k.to_string()));
            let changes = keys
                .into_iter()
                .filter_map(|k| {
                    let b = before.get(k).cloned().unwrap_or_default();
                    let a = after.get(k).cloned().unwrap_or_default();
                    (a != b).then(|| {
                        let show = |v: String| match k.as_str() {
                            "kind" if !v.is_empty() => lang.vocab("place-kind", &v),
                            _ => v,
                        };
                        (
                            place_field_label(lang, k),
                            super::publish::line_diff(&show(b), &show(a)),
                        )
                    })
                })
                .collect();
            let author = match r
                .changed_by
                .and_then(|id| authors.iter().find(|a| a.0 == id))
            {
                Some((_, name, role)) => format!("{name} ({})", lang.t(&format!("role-{role}"))),
                None => lang.t("history-author-import"),
            };
            PlaceChange {
                id: r.id,
                date: format!(
                    "{} {}",
                    lang.day(r.changed_at.date()),
                    r.changed_at.format("%H:%M UTC")
                ),
                action: lang.vocab("revision-action", &r.action),
                author,
                reason: r.reason.clone(),
                changes,
            }
        })
        .collect();
    let page = PlaceHistoryPage {
        c: Ctx::new(&req, &state, lang, "places"),
        title: place.name_in(lang).to_string(),
        back_href: format!("/{}/places/{}", lang.code(), place.slug),
        entries,
    };
    Ok(html_page(&req, page.render()?, super::freshness(changed)))
}
