//! Merging a place into another (two records of the same place) and adding a tie between two
//! places: the editors' forms (routes in `editorial::configure`).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::editorial::{field, place_by_id, require_editor, select, values_of, with_help};
use super::form::Form;
use super::publish::FieldView;
use super::session::{Me, check_csrf, client_ip, flash, private_html, see_other};
use super::{Ctx, lang, with_db};
use crate::auth::CurrentUser;
use crate::editorial::{self, Errors, MergeRefusal, Values};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::models::place::Place;
use crate::startup::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    let small = || web::PayloadConfig::new(super::guard::SMALL_FORM_BYTES);
    let signed_in = || actix_web::middleware::from_fn(super::guard::signed_in);
    cfg.service(
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
    values.insert("kind", "sister-city".into());
    if let Some(r) = reason {
        values.insert("reason", r);
    }
    if let Some(p) = named {
        let side = if p.is_indonesian() {
            "place"
        } else {
            "partner"
        };
        values.insert(side, p.slug);
    }
    if let Some(p) = q.place {
        values.insert("place", editorial::one_line(&p));
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
        let mut errors = checked.as_ref().err().cloned().unwrap_or_default();
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
