//! The publishing forms: new, edit, preview, correct and publish every record of a tie; documents; history.

use std::collections::BTreeMap;

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::NaiveDateTime;

use super::cache_policy::{CachePolicy, Cached};
use super::form::{Form, MAX_BODY_BYTES};
use super::preview::ShownField;
use super::session::{Me, check_csrf, client_ip, flash, private_html, require_user, see_other};
use super::{Ctx, html_page, lang, with_db};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::models::revision::Revision;
use crate::models::tie::Tie;
use crate::publishing::{
    self, Document, Errors, Field, Kind, Parent, Record, Saved, Values, Widget,
};
use crate::startup::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    let signed_in = || actix_web::middleware::from_fn(super::guard::signed_in);
    // A document's form takes up to 20 MB; other forms only their text.
    let payload = |kind: Kind| {
        web::PayloadConfig::new(if kind.has_document() {
            MAX_BODY_BYTES
        } else {
            super::guard::FORM_BYTES
        })
    };
    for kind in [
        Kind::Agreement,
        Kind::Step,
        Kind::Roadmap,
        Kind::Activity,
        Kind::Report,
    ] {
        cfg.service(
            web::resource(format!("/{{lang}}/ties/{{slug}}/{}/new", kind.segment()))
                .wrap(signed_in())
                .app_data(payload(kind))
                .route(web::get().to(
                    move |req: HttpRequest,
                          p: web::Path<(String, String)>,
                          s: web::Data<AppState>| { new_form(kind, req, p, s) },
                ))
                .route(web::post().to(
                    move |req: HttpRequest,
                          p: web::Path<(String, String)>,
                          s: web::Data<AppState>,
                          body: web::Bytes| { create(kind, req, p, s, body) },
                )),
        );
    }
    cfg.service(
        web::resource("/{lang}/roadmaps/{id}/milestones/new")
            .wrap(signed_in())
            .app_data(payload(Kind::Milestone))
            .route(web::get().to(new_milestone_form))
            .route(web::post().to(create_milestone)),
    );
    for kind in Kind::ALL {
        cfg.service(
            web::resource(format!("/{{lang}}/{}/{{id}}/edit", kind.segment()))
                .wrap(signed_in())
                .app_data(payload(kind))
                .route(web::get().to(
                    move |req: HttpRequest, p: web::Path<(String, i32)>, s: web::Data<AppState>| {
                        edit_form(kind, req, p, s)
                    },
                ))
                .route(web::post().to(
                    move |req: HttpRequest,
                          p: web::Path<(String, i32)>,
                          s: web::Data<AppState>,
                          body: web::Bytes| { update(kind, req, p, s, body) },
                )),
        );
        if kind.has_own_publication() {
            cfg.service(
                web::resource(format!("/{{lang}}/{}/{{id}}/publish", kind.segment()))
                    .wrap(signed_in())
                    .app_data(web::PayloadConfig::new(super::guard::SMALL_FORM_BYTES))
                    .route(web::get().to(
                        move |req: HttpRequest,
                              p: web::Path<(String, i32)>,
                              s: web::Data<AppState>| {
                            super::preview::confirm_publish(kind, req, p, s)
                        },
                    ))
                    .route(web::post().to(
                        move |req: HttpRequest,
                              p: web::Path<(String, i32)>,
                              s: web::Data<AppState>,
                              body: web::Bytes| {
                            publish(kind, req, p, s, body)
                        },
                    )),
            );
        }
        if kind.has_document() {
            cfg.route(
                &format!("/{{lang}}/{}/{{id}}/document", kind.segment()),
                web::get().to(
                    move |req: HttpRequest, p: web::Path<(String, i32)>, s: web::Data<AppState>| {
                        document(kind, req, p, s)
                    },
                ),
            );
        }
    }
    cfg.route("/{lang}/ties/{slug}/manage", web::get().to(manage))
        .route("/{lang}/ties/{slug}/history", web::get().to(tie_history))
        .route(
            "/{lang}/reports/{id}/history",
            web::get().to(report_history),
        );
}

/// One option of a select or a checkbox group.
pub struct OptionView {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// A form field ready for `publish/field.html`.
pub struct FieldView {
    pub name: String,
    pub id: String,
    pub label: String,
    pub help: String,
    /// text, textarea, markdown, date, partial-date, number, integer, url, select, checkboxes, file, email, password.
    pub widget: &'static str,
    pub input_type: &'static str,
    pub placeholder: &'static str,
    pub value: String,
    pub options: Vec<OptionView>,
    pub error: Option<String>,
    /// A note at the field that is not an error (e.g. "attach the file again").
    pub notice: Option<String>,
    /// The heading of the form section this field opens, with its anchor.
    pub section: Option<(String, String)>,
    pub required: bool,
}

impl FieldView {
    /// A plain input outside the kinds' field tables (sign-in, reasons, accounts).
    pub fn simple(
        name: &str,
        label: String,
        widget: &'static str,
        value: &str,
        error: Option<String>,
        required: bool,
    ) -> FieldView {
        FieldView {
            name: name.to_string(),
            id: format!("f-{name}"),
            label,
            help: String::new(),
            widget,
            input_type: match widget {
                "email" => "email",
                "password" => "password",
                _ => "text",
            },
            placeholder: "",
            value: value.to_string(),
            options: Vec::new(),
            error,
            notice: None,
            section: None,
            required,
        }
    }
}

pub fn field_views(
    lang: Lang,
    fields: &[Field],
    values: &Values,
    errors: &Errors,
) -> Vec<FieldView> {
    // The date pattern a placeholder shows: day first in Indonesian, ISO in English (both
    // languages read both; the hint lists every accepted form).
    let day = match lang {
        Lang::Id => "HH-BB-TTTT",
        Lang::En => "YYYY-MM-DD",
    };
    fields
        .iter()
        .map(|f| {
            let value = values.get(&f.name).cloned().unwrap_or_default();
            let (widget, input_type, placeholder, options) = match &f.widget {
                Widget::Text => ("text", "text", "", vec![]),
                Widget::Textarea => ("textarea", "text", "", vec![]),
                Widget::Markdown => ("markdown", "text", "", vec![]),
                Widget::Date => ("date", "text", day, vec![]),
                Widget::PartialDate => ("partial-date", "text", day, vec![]),
                Widget::Number => ("number", "text", "", vec![]),
                Widget::Integer => ("integer", "text", "", vec![]),
                Widget::Url => ("url", "url", "", vec![]),
                Widget::File => ("file", "file", "", vec![]),
                Widget::Select(opts) | Widget::Checkboxes(opts) => {
                    let chosen: Vec<&str> = value.lines().collect();
                    let is_select = matches!(f.widget, Widget::Select(_));
                    (
                        if is_select { "select" } else { "checkboxes" },
                        "text",
                        "",
                        opts.iter()
                            .map(|(v, l)| OptionView {
                                selected: if is_select {
                                    *v == value
                                } else {
                                    chosen.contains(&v.as_str())
                                },
                                value: v.clone(),
                                label: l.clone(),
                            })
                            .collect(),
                    )
                }
            };
            FieldView {
                name: f.name.clone(),
                id: format!("f-{}", f.name),
                label: f.label.clone(),
                help: f.help.clone(),
                widget,
                input_type,
                placeholder,
                value,
                options,
                error: errors.get(&f.name).cloned(),
                notice: None,
                section: section_of(f.name.as_str()).map(|key| (format!("s-{key}"), lang.t(key))),
                required: f.required,
            }
        })
        .collect()
}

/// The section a field opens on the long forms (reports, activities, roadmaps): a message key.
fn section_of(field: &str) -> Option<&'static str> {
    match field {
        "body_md" => Some("form-section-text"),
        "rating_commitment" => Some("form-section-ratings"),
        "factors" => Some("form-section-factors"),
        "participants_government" => Some("form-section-participants"),
        "cost_amount" => Some("form-section-cost"),
        "budget_amount" => Some("form-section-budget"),
        _ => None,
    }
}

#[derive(Template)]
#[template(path = "publish/editor.html")]
struct EditorPage {
    c: Ctx,
    me: Option<Me>,
    flash: Option<String>,
    heading: String,
    status_line: String,
    tie_title: String,
    tie_href: String,
    manage_href: String,
    action: String,
    multipart: bool,
    csrf: String,
    version: Option<i32>,
    submission: Option<String>,
    fields: Vec<FieldView>,
    /// The form's sections (anchor, heading), for the jump links at its top.
    sections: Vec<(String, String)>,
    reason: Option<FieldView>,
    /// The record as the public will read it, after "Preview".
    shown: Vec<ShownField>,
    previewing: bool,
    /// The file chosen in the submission that came back: it must be attached again.
    reattach: Option<String>,
    form_error: String,
    save_label: String,
    publish_action: Option<String>,
    document_href: Option<String>,
    history_href: String,
}

/// What an editor page shows besides its fields.
struct EditorState<'a> {
    kind: Kind,
    tie: &'a Tie,
    tie_title: String,
    action: String,
    record: Option<&'a Record>,
    values: Values,
    errors: Errors,
    /// The record as the public will read it, when a preview was asked for (see `preview_of`).
    preview: Option<Vec<ShownField>>,
    reason: Option<String>,
    version: Option<i32>,
    /// The submission key a new-record form carries (see `models::submission`).
    submission: Option<String>,
    /// A new milestone of a published roadmap: public as soon as it is saved.
    public_on_save: bool,
    /// The name of a valid file the returned submission carried (not kept: attach it again).
    reattach: Option<String>,
}

fn heading(lang: Lang, kind: Kind, new: bool) -> String {
    let what = lang.t(&format!("kind-{}", kind.segment()));
    if new {
        lang.t_args("editor-new", &[("what", what)])
    } else {
        lang.t_args("editor-edit", &[("what", what)])
    }
}

fn render_editor(
    req: &HttpRequest,
    state: &AppState,
    lang: Lang,
    user: &CurrentUser,
    s: EditorState<'_>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let fields = publishing::fields(s.kind, lang);
    let mut values = s.values.clone();
    if let Some(r) = s.record
        && let Some(name) = r.values.get("document_name").filter(|n| !n.is_empty())
    {
        let sha = r.values.get("document_sha256").cloned().unwrap_or_default();
        values.insert(
            "document".into(),
            lang.t_args(
                "editor-current-document",
                &[("name", name.clone()), ("sha", sha)],
            ),
        );
    }
    let shown = s.preview.unwrap_or_default();
    let previewing = !shown.is_empty();
    let published = s.record.is_some_and(|r| r.is_published());
    let form_error = if s.errors.is_empty() {
        String::new()
    } else {
        lang.t("error-form")
    };
    let reason = s.reason.map(|r| {
        FieldView::simple(
            "reason",
            lang.t("field-reason"),
            "textarea",
            &r,
            s.errors.get("reason").cloned(),
            true,
        )
    });
    let mut field_views = field_views(lang, &fields, &values, &s.errors);
    if let Some(name) = &s.reattach
        && let Some(f) = field_views.iter_mut().find(|f| f.widget == "file")
    {
        f.notice = Some(lang.t_args("reattach-field", &[("name", name.clone())]));
    }
    let sections: Vec<(String, String)> = field_views
        .iter()
        .filter_map(|f| f.section.clone())
        .collect();
    let code = lang.code();
    let status_line = match s.record {
        None if s.public_on_save => lang.t("editor-new-milestone-public"),
        None => lang.t("editor-new-draft"),
        Some(r) if r.kind == Kind::Milestone && r.is_published() => {
            lang.t("editor-milestone-public")
        }
        Some(r) if r.kind == Kind::Milestone => lang.t("editor-milestone-draft"),
        Some(r) => match r.published_at {
            Some(at) => lang.t_args("editor-published-on", &[("date", lang.day(at.date()))]),
            None => lang.t("editor-is-draft"),
        },
    };
    let page = EditorPage {
        c: Ctx::new(req, state, lang, ""),
        me: Some(Me::new(lang, user)),
        flash: flash(req, lang),
        heading: heading(lang, s.kind, s.record.is_none()),
        status_line,
        tie_title: s.tie_title,
        tie_href: format!("/{code}/ties/{}", s.tie.slug),
        manage_href: format!("/{code}/ties/{}/manage", s.tie.slug),
        action: s.action,
        multipart: s.kind.has_document(),
        csrf: user.csrf_token.clone(),
        version: s.version,
        submission: s.submission,
        fields: field_views,
        sections,
        reason,
        shown,
        previewing,
        reattach: s.reattach,
        form_error,
        save_label: if published {
            lang.t("editor-save-correction")
        } else {
            lang.t("editor-save-draft")
        },
        publish_action: s
            .record
            .filter(|r| !r.is_published() && r.kind.has_own_publication())
            .map(|r| format!("/{code}/{}/{}/publish", r.kind.segment(), r.id)),
        document_href: s
            .record
            .filter(|r| {
                r.kind.has_document()
                    && r.values
                        .get("document_sha256")
                        .is_some_and(|v| !v.is_empty())
            })
            .map(|r| format!("/{code}/{}/{}/document", r.kind.segment(), r.id)),
        history_href: match s.record {
            Some(r) if r.kind == Kind::Report && r.is_published() => {
                format!("/{code}/reports/{}/history", r.id)
            }
            _ => format!("/{code}/ties/{}/history", s.tie.slug),
        },
    };
    Ok(private_html(req, status, page.render()?))
}

/// "Surabaya – Liverpool" for a tie.
fn tie_title(conn: &mut crate::db::AnyConnection, tie: &Tie) -> Result<String, AppError> {
    let places = crate::models::place::Place::by_ids(conn, &[tie.place_id, tie.partner_id])?;
    let name = |id: i32| {
        places
            .iter()
            .find(|p| p.id == id)
            .map(|p| p.name.clone())
            .unwrap_or_default()
    };
    Ok(format!("{} – {}", name(tie.place_id), name(tie.partner_id)))
}

/// May the user add a record of this kind to the tie?
fn may_add(user: &CurrentUser, kind: Kind, tie: &Tie) -> bool {
    if kind == Kind::Report {
        user.can_report_on(tie.place_id, tie.partner_id)
    } else {
        user.can_edit_tie(tie.place_id, tie.partner_id)
    }
}

async fn load_tie_for(
    state: &web::Data<AppState>,
    slug: String,
) -> Result<(Tie, String), AppError> {
    with_db(state, move |conn| {
        let tie = Tie::by_slug(conn, &slug)?.ok_or(AppError::NotFound)?;
        let title = tie_title(conn, &tie)?;
        Ok((tie, title))
    })
    .await
}

async fn new_form(
    kind: Kind,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let (code, slug) = path.into_inner();
    let lang = lang(&code)?;
    let user = require_user(&req, &state, lang).await?;
    let (tie, title) = load_tie_for(&state, slug).await?;
    if !may_add(&user, kind, &tie) {
        return Err(AppError::Forbidden("account-not-your-place"));
    }
    let mut values = Values::new();
    // A dashboard button may pre-select the agreement kind (e.g. a renewal).
    if let Some(k) = web::Query::<BTreeMap<String, String>>::from_query(req.query_string())
        .ok()
        .and_then(|q| q.get("kind").cloned())
        && kind == Kind::Agreement
        && crate::models::agreement::KINDS.contains(&k.as_str())
    {
        values.insert("kind".into(), k);
    }
    if kind == Kind::Milestone {
        values.insert("status".into(), "planned".into());
    }
    let action = format!("/{}/ties/{}/{}/new", lang.code(), tie.slug, kind.segment());
    render_editor(
        &req,
        &state,
        lang,
        &user,
        EditorState {
            kind,
            tie: &tie,
            tie_title: title,
            action,
            record: None,
            values,
            errors: Errors::new(),
            preview: None,
            reason: None,
            version: None,
            submission: Some(crate::auth::random_token()),
            public_on_save: false,
            reattach: None,
        },
        StatusCode::OK,
    )
}

/// The public suggestion an editor is acting on (`?suggestion=N`), if any.
fn suggestion_query(req: &HttpRequest) -> Option<i32> {
    web::Query::<BTreeMap<String, String>>::from_query(req.query_string())
        .ok()?
        .get("suggestion")?
        .parse()
        .ok()
}

/// The well-formed submission key a form carried, if any.
fn submitted_key(form: &Form) -> Option<String> {
    let key = form.get("submission");
    crate::models::submission::is_well_formed(key).then(|| key.to_string())
}

/// The submission key a new-record form came with, or a fresh one when it had none.
fn submission_key(form: &Form) -> String {
    submitted_key(form).unwrap_or_else(crate::auth::random_token)
}

/// The values, the checked upload and any errors of a submitted form.
fn read_submission(
    kind: Kind,
    lang: Lang,
    form: &Form,
) -> (Values, Option<Document>, Result<Values, Errors>) {
    let values = publishing::values_from_form(kind, |n| form.all(n));
    let mut doc = None;
    let mut doc_error = None;
    if kind.has_document()
        && let Some(upload) = form.file("document")
    {
        match publishing::check_document(&upload.filename, upload.bytes.clone()) {
            Ok(d) => doc = Some(d),
            Err(key) => doc_error = Some(lang.t(key)),
        }
    }
    let mut checked = publishing::validate(kind, lang, &values);
    if let Some(e) = doc_error {
        match &mut checked {
            Ok(_) => {
                let mut errors = Errors::new();
                errors.insert("document".into(), e);
                checked = Err(errors);
            }
            Err(errors) => {
                errors.insert("document".into(), e);
            }
        }
    }
    (values, doc, checked)
}

/// The preview of a form: every filled field as the public will read it, built on the blocking
/// pool (a Markdown body is rendered there, and only when `markdown::check` accepts it); none
/// when no preview was asked for or when the body itself was refused (too long, nested too deeply).
async fn preview_of(
    wanted: bool,
    kind: Kind,
    lang: Lang,
    values: &Values,
    errors: &Errors,
) -> Result<Option<Vec<ShownField>>, AppError> {
    if !wanted || errors.contains_key("body_md") {
        return Ok(None);
    }
    let shown_values = publishing::validate(kind, lang, values).unwrap_or_else(|_| values.clone());
    Ok(Some(
        web::block(move || super::preview::shown_fields(kind, lang, &shown_values)).await?,
    ))
}

async fn create(
    kind: Kind,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let (code, slug) = path.into_inner();
    let lang = lang(&code)?;
    let user = require_user(&req, &state, lang).await?;
    let form = Form::parse(&req, &body)?;
    check_csrf(&req, &user, &form)?;
    let (tie, title) = load_tie_for(&state, slug).await?;
    if !may_add(&user, kind, &tie) {
        return Err(AppError::Forbidden("account-not-your-place"));
    }
    let action = format!("/{}/ties/{}/{}/new", lang.code(), tie.slug, kind.segment());
    let (values, doc, checked) = read_submission(kind, lang, &form);
    let preview = form.get("action") == "preview";
    let checked = match checked {
        Ok(v) if !preview => v,
        other => {
            let errors = other.err().unwrap_or_default();
            let status = if errors.is_empty() {
                StatusCode::OK
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            let preview = preview_of(preview, kind, lang, &values, &errors).await?;
            return render_editor(
                &req,
                &state,
                lang,
                &user,
                EditorState {
                    kind,
                    tie: &tie,
                    tie_title: title,
                    action,
                    record: None,
                    values,
                    errors,
                    preview,
                    reason: None,
                    version: None,
                    submission: Some(submission_key(&form)),
                    public_on_save: false,
                    reattach: doc.as_ref().map(|d| d.name.clone()),
                },
                status,
            );
        }
    };
    let ip = client_ip(&req);
    let u = user.clone();
    let key = submitted_key(&form);
    let id = with_db(&state, move |conn| {
        Ok(publishing::create_once(
            conn,
            key.as_deref(),
            kind,
            Parent::Tie(&tie),
            &checked,
            doc.as_ref(),
            false,
            &u,
            ip.as_deref(),
        )?)
    })
    .await?
    .id()?;
    Ok(see_other(
        &req,
        &format!("/{}/{}/{id}/edit", lang.code(), kind.segment()),
        "flash-saved",
    ))
}

async fn new_milestone_form(
    req: HttpRequest,
    path: web::Path<(String, i32)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let (code, id) = path.into_inner();
    let lang = lang(&code)?;
    let user = require_user(&req, &state, lang).await?;
    let (roadmap, title) = editable_record(&state, &user, lang, Kind::Roadmap, id).await?;
    let mut values = Values::new();
    values.insert("status".into(), "planned".into());
    render_editor(
        &req,
        &state,
        lang,
        &user,
        EditorState {
            kind: Kind::Milestone,
            tie: &roadmap.tie,
            tie_title: title,
            action: format!("/{}/roadmaps/{id}/milestones/new", lang.code()),
            record: None,
            values,
            errors: Errors::new(),
            preview: None,
            reason: None,
            version: None,
            submission: Some(crate::auth::random_token()),
            public_on_save: roadmap.is_published(),
            reattach: None,
        },
        StatusCode::OK,
    )
}

async fn create_milestone(
    req: HttpRequest,
    path: web::Path<(String, i32)>,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let (code, id) = path.into_inner();
    let lang = lang(&code)?;
    let user = require_user(&req, &state, lang).await?;
    let form = Form::parse(&req, &body)?;
    check_csrf(&req, &user, &form)?;
    let (roadmap, title) = editable_record(&state, &user, lang, Kind::Roadmap, id).await?;
    let (values, _, checked) = read_submission(Kind::Milestone, lang, &form);
    let preview = form.get("action") == "preview";
    let checked = match checked {
        Ok(v) if !preview => v,
        other => {
            let errors = other.err().unwrap_or_default();
            let status = if errors.is_empty() {
                StatusCode::OK
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            let preview = preview_of(preview, Kind::Milestone, lang, &values, &errors).await?;
            return render_editor(
                &req,
                &state,
                lang,
                &user,
                EditorState {
                    kind: Kind::Milestone,
                    tie: &roadmap.tie,
                    tie_title: title,
                    action: format!("/{}/roadmaps/{id}/milestones/new", lang.code()),
                    record: None,
                    values,
                    errors,
                    preview,
                    reason: None,
                    version: None,
                    submission: Some(submission_key(&form)),
                    public_on_save: roadmap.is_published(),
                    reattach: None,
                },
                status,
            );
        }
    };
    let ip = client_ip(&req);
    let u = user.clone();
    let published = roadmap.is_published();
    let key = submitted_key(&form);
    with_db(&state, move |conn| {
        Ok(publishing::create_once(
            conn,
            key.as_deref(),
            Kind::Milestone,
            Parent::Roadmap(roadmap.id, &roadmap.tie),
            &checked,
            None,
            published,
            &u,
            ip.as_deref(),
        )?)
    })
    .await?
    .id()?;
    Ok(see_other(
        &req,
        &format!("/{}/roadmaps/{id}/edit", lang.code()),
        "flash-saved",
    ))
}

/// A record the user may edit: 404 when they may not even see it, 403 when they may only read it.
pub(super) async fn editable_record(
    state: &web::Data<AppState>,
    user: &CurrentUser,
    lang: Lang,
    kind: Kind,
    id: i32,
) -> Result<(Record, String), AppError> {
    let u = user.clone();
    with_db(state, move |conn| {
        let rec = publishing::load(conn, lang, kind, id)?.ok_or(AppError::NotFound)?;
        if !rec.visible_to(Some(&u)) {
            return Err(AppError::NotFound);
        }
        if !rec.editable_by(&u) {
            return Err(AppError::Forbidden("account-not-your-place"));
        }
        let title = tie_title(conn, &rec.tie)?;
        Ok((rec, title))
    })
    .await
}

async fn edit_form(
    kind: Kind,
    req: HttpRequest,
    path: web::Path<(String, i32)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let (code, id) = path.into_inner();
    let lang = lang(&code)?;
    let user = require_user(&req, &state, lang).await?;
    let (rec, title) = editable_record(&state, &user, lang, kind, id).await?;
    // An editor coming from an accepted public suggestion: the reason cites it and its source.
    let cited = match suggestion_query(&req).filter(|_| user.is_editor()) {
        Some(n) => with_db(&state, move |conn| {
            Ok(super::suggestions::reason_for(conn, lang, n))
        })
        .await?
        .unwrap_or_default(),
        None => String::new(),
    };
    render_editor(
        &req,
        &state,
        lang,
        &user,
        EditorState {
            kind,
            tie: &rec.tie,
            tie_title: title,
            action: format!("/{}/{}/{id}/edit", lang.code(), kind.segment()),
            record: Some(&rec),
            values: stored_for_form(kind, lang, &rec.values),
            errors: Errors::new(),
            preview: None,
            reason: rec.is_published().then_some(cited),
            version: Some(rec.version),
            submission: None,
            public_on_save: false,
            reattach: None,
        },
        StatusCode::OK,
    )
}

/// Stored values as the form shows them: amounts the way the page's language writes numbers.
fn stored_for_form(kind: Kind, lang: Lang, stored: &Values) -> Values {
    let mut values = stored.clone();
    for f in publishing::fields(kind, lang) {
        if f.widget == Widget::Number
            && let Some(v) = values.get_mut(&f.name)
        {
            *v = crate::input::show_amount(v, lang);
        }
    }
    values
}

fn form_version(form: &Form) -> Result<i32, AppError> {
    form.get("version")
        .parse()
        .map_err(|_| AppError::BadRequest("error-400-message"))
}

#[derive(Template)]
#[template(path = "publish/conflict.html")]
struct ConflictPage {
    c: Ctx,
    me: Option<Me>,
    flash: Option<String>,
    label: String,
    /// field, yours, saved, differs
    rows: Vec<(String, String, String, bool)>,
    edit_href: String,
}

fn conflict_page(
    req: &HttpRequest,
    state: &AppState,
    lang: Lang,
    user: &CurrentUser,
    kind: Kind,
    yours: &Values,
    saved: &Record,
) -> Result<HttpResponse, AppError> {
    let rows = publishing::fields(kind, lang)
        .into_iter()
        .filter(|f| f.widget != Widget::File)
        .map(|f| {
            let a = yours.get(&f.name).cloned().unwrap_or_default();
            let b = saved.values.get(&f.name).cloned().unwrap_or_default();
            let differs = a != b;
            (f.label, a, b, differs)
        })
        .collect();
    let page = ConflictPage {
        c: Ctx::new(req, state, lang, ""),
        me: Some(Me::new(lang, user)),
        flash: None,
        label: saved.label.clone(),
        rows,
        edit_href: format!("/{}/{}/{}/edit", lang.code(), kind.segment(), saved.id),
    };
    Ok(private_html(req, StatusCode::CONFLICT, page.render()?))
}

async fn update(
    kind: Kind,
    req: HttpRequest,
    path: web::Path<(String, i32)>,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let (code, id) = path.into_inner();
    let lang = lang(&code)?;
    let user = require_user(&req, &state, lang).await?;
    let form = Form::parse(&req, &body)?;
    check_csrf(&req, &user, &form)?;
    let version = form_version(&form)?;
    let (rec, title) = editable_record(&state, &user, lang, kind, id).await?;
    let (values, doc, checked) = read_submission(kind, lang, &form);
    let reason = form.get("reason").to_string();
    let preview = form.get("action") == "preview";
    let checked = match checked {
        Ok(v) if rec.is_published() && reason.is_empty() && !preview => {
            let mut errors = Errors::new();
            errors.insert("reason".into(), lang.t("error-reason-required"));
            let _ = v;
            Err(errors)
        }
        Ok(v) if reason.chars().count() > 2000 => {
            let mut errors = Errors::new();
            errors.insert("reason".into(), lang.t("error-too-long"));
            let _ = v;
            Err(errors)
        }
        other => other,
    };
    let checked = match checked {
        Ok(v) if !preview => v,
        other => {
            let errors = other.err().unwrap_or_default();
            let status = if errors.is_empty() {
                StatusCode::OK
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            let preview = preview_of(preview, kind, lang, &values, &errors).await?;
            return render_editor(
                &req,
                &state,
                lang,
                &user,
                EditorState {
                    kind,
                    tie: &rec.tie,
                    tie_title: title,
                    action: format!("/{}/{}/{id}/edit", lang.code(), kind.segment()),
                    record: Some(&rec),
                    values,
                    errors,
                    preview,
                    reason: rec.is_published().then_some(reason),
                    version: Some(version),
                    submission: None,
                    public_on_save: false,
                    reattach: doc.as_ref().map(|d| d.name.clone()),
                },
                status,
            );
        }
    };
    let ip = client_ip(&req);
    let u = user.clone();
    let was_published = rec.is_published();
    let (saved, current) = with_db(&state, move |conn| {
        let saved = publishing::update(
            conn,
            &rec,
            version,
            &checked,
            doc.as_ref(),
            &reason,
            &u,
            ip.as_deref(),
        )?;
        let current = match saved {
            Saved::Conflict => publishing::load(conn, lang, kind, id)?,
            Saved::Ok(_) => None,
        };
        Ok((saved, current))
    })
    .await?;
    match (saved, current) {
        (Saved::Conflict, Some(current)) => {
            conflict_page(&req, &state, lang, &user, kind, &values, &current)
        }
        (Saved::Conflict, None) => Err(AppError::NotFound),
        (Saved::Ok(_), _) => Ok(see_other(
            &req,
            &format!("/{}/{}/{id}/edit", lang.code(), kind.segment()),
            if was_published {
                "flash-corrected"
            } else {
                "flash-saved"
            },
        )),
    }
}

async fn publish(
    kind: Kind,
    req: HttpRequest,
    path: web::Path<(String, i32)>,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let (code, id) = path.into_inner();
    let lang = lang(&code)?;
    let user = require_user(&req, &state, lang).await?;
    let form = Form::parse(&req, &body)?;
    check_csrf(&req, &user, &form)?;
    let version = form_version(&form)?;
    let (rec, _) = editable_record(&state, &user, lang, kind, id).await?;
    let ip = client_ip(&req);
    let u = user.clone();
    let (saved, current) = with_db(&state, move |conn| {
        let saved = publishing::publish(conn, &rec, version, &u, ip.as_deref())?;
        let current = publishing::load(conn, lang, kind, id)?;
        Ok((saved, current))
    })
    .await?;
    match (saved, current) {
        (Saved::Ok(_), _) => Ok(see_other(
            &req,
            &format!("/{}/{}/{id}/edit", lang.code(), kind.segment()),
            "flash-published",
        )),
        (Saved::Conflict, Some(current)) => {
            let yours = current.values.clone();
            conflict_page(&req, &state, lang, &user, kind, &yours, &current)
        }
        (Saved::Conflict, None) => Err(AppError::NotFound),
    }
}

/// A stored PDF: public once its record is published, before that only for its editors.
async fn document(
    kind: Kind,
    req: HttpRequest,
    path: web::Path<(String, i32)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let (code, id) = path.into_inner();
    let lang = lang(&code)?;
    let user = super::session::current_user(&req, &state).await?;
    let (published, name, bytes) = with_db(&state, move |conn| {
        let rec = publishing::load(conn, lang, kind, id)?.ok_or(AppError::NotFound)?;
        if !rec.visible_to(user.as_ref()) {
            return Err(AppError::NotFound);
        }
        let (name, bytes) = publishing::document(conn, kind, id)?.ok_or(AppError::NotFound)?;
        Ok((rec.is_published(), name, bytes))
    })
    .await?;
    let download = req.query_string().split('&').any(|p| p == "download=1");
    Ok(HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header((
            header::CONTENT_DISPOSITION,
            content_disposition(&name, download),
        ))
        // The PDF is shown by the browser's own viewer: no scripts, forms or plugins of the
        // document may run with this site's origin.
        .insert_header((
            header::CONTENT_SECURITY_POLICY,
            "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'; frame-ancestors 'none'",
        ))
        .body(bytes)
        .cached(if published {
            CachePolicy::HOUR
        } else {
            CachePolicy::NoStore
        }))
}

/// `inline` (or `attachment` for the download link) with a file name safe in any browser: an
/// ASCII fallback and the original name percent-encoded (RFC 6266 / RFC 8187).
pub fn content_disposition(name: &str, download: bool) -> String {
    let name: String = name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(name)
        .chars()
        .filter(|c| !c.is_control())
        .collect();
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let with_pdf = |s: String| {
        if s.to_lowercase().ends_with(".pdf") {
            s
        } else {
            format!("{s}.pdf")
        }
    };
    let ascii = with_pdf(ascii.trim_start_matches('.').to_string());
    let utf8: String = with_pdf(name)
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_') {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let how = if download { "attachment" } else { "inline" };
    format!("{how}; filename=\"{ascii}\"; filename*=UTF-8''{utf8}")
}

#[derive(Template)]
#[template(path = "publish/manage.html")]
struct ManagePage {
    c: Ctx,
    me: Option<Me>,
    flash: Option<String>,
    tie_title: String,
    tie_href: String,
    history_href: String,
    add: Vec<(String, String)>,
    rows: Vec<RecordRow>,
}

struct RecordRow {
    kind: String,
    label: String,
    state: String,
    published: bool,
    edit_href: Option<String>,
    publish_href: Option<String>,
    add_milestone_href: Option<String>,
}

async fn manage(
    req: HttpRequest,
    path: web::Path<(String, String)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let (code, slug) = path.into_inner();
    let lang = lang(&code)?;
    let user = require_user(&req, &state, lang).await?;
    let u = user.clone();
    let (tie, title, records) = with_db(&state, move |conn| {
        let tie = Tie::by_slug(conn, &slug)?.ok_or(AppError::NotFound)?;
        if !u.can_report_on(tie.place_id, tie.partner_id) {
            return Err(AppError::Forbidden("account-not-your-place"));
        }
        let title = tie_title(conn, &tie)?;
        let records = publishing::records_of_tie(conn, lang, tie.id)?;
        Ok((tie, title, records))
    })
    .await?;
    let code = lang.code();
    // After accepting a public suggestion, the edit links carry it so the reason cites it.
    let carry = suggestion_query(&req)
        .map(|n| format!("?suggestion={n}"))
        .unwrap_or_default();
    let add = [
        Kind::Agreement,
        Kind::Step,
        Kind::Roadmap,
        Kind::Activity,
        Kind::Report,
    ]
    .into_iter()
    .filter(|k| may_add(&user, *k, &tie))
    .map(|k| {
        (
            heading(lang, k, true),
            format!("/{code}/ties/{}/{}/new", tie.slug, k.segment()),
        )
    })
    .collect();
    let rows = records
        .iter()
        .filter(|r| r.editable_by(&user))
        .map(|r| RecordRow {
            kind: lang.t(&format!("kind-{}", r.kind.segment())),
            label: r.label.clone(),
            state: if r.is_published() {
                lang.t("state-published")
            } else {
                lang.t("state-draft")
            },
            published: r.is_published(),
            edit_href: Some(format!("/{code}/{}/{}/edit{carry}", r.kind.segment(), r.id)),
            publish_href: (!r.is_published() && r.kind.has_own_publication())
                .then(|| format!("/{code}/{}/{}/publish", r.kind.segment(), r.id)),
            add_milestone_href: (r.kind == Kind::Roadmap)
                .then(|| format!("/{code}/roadmaps/{}/milestones/new", r.id)),
        })
        .collect();
    let page = ManagePage {
        c: Ctx::new(&req, &state, lang, ""),
        me: Some(Me::new(lang, &user)),
        flash: flash(&req, lang),
        tie_title: title,
        tie_href: format!("/{code}/ties/{}", tie.slug),
        history_href: format!("/{code}/ties/{}/history", tie.slug),
        add,
        rows,
    };
    Ok(private_html(&req, StatusCode::OK, page.render()?))
}

/// One field's change in a revision, line by line.
pub struct ChangeView {
    pub field: String,
    /// ("same" | "del" | "ins", text)
    pub lines: Vec<(&'static str, String)>,
    /// The lines are the items of a list (checkbox choices).
    pub list: bool,
}

pub struct HistoryEntry {
    pub id: i32,
    pub date: String,
    pub action: String,
    pub subject: String,
    /// Who made the revision, and their role.
    pub author: String,
    pub role: String,
    pub reason: String,
    pub changes: Vec<ChangeView>,
}

#[derive(Template)]
#[template(path = "publish/history.html")]
struct HistoryPage {
    c: Ctx,
    title: String,
    back_href: String,
    entries: Vec<HistoryEntry>,
    /// The public part of the accepted suggestions from the public (tie history only).
    suggestions: Vec<PublicSuggestionView>,
}

/// What the history shows of an accepted suggestion: never its sender.
struct PublicSuggestionView {
    id: i32,
    date: String,
    body: String,
    source_url: Option<String>,
}

/// A line diff of two texts (longest common subsequence; whole blocks when they are very long).
pub fn line_diff(before: &str, after: &str) -> Vec<(&'static str, String)> {
    let a: Vec<&str> = if before.is_empty() {
        vec![]
    } else {
        before.lines().collect()
    };
    let b: Vec<&str> = if after.is_empty() {
        vec![]
    } else {
        after.lines().collect()
    };
    if a.len() * b.len() > 250_000 {
        let mut out: Vec<_> = a.iter().map(|l| ("del", l.to_string())).collect();
        out.extend(b.iter().map(|l| ("ins", l.to_string())));
        return out;
    }
    let (n, m) = (a.len(), b.len());
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            out.push(("same", a[i].to_string()));
            i += 1;
            j += 1;
        } else if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
            out.push(("ins", b[j].to_string()));
            j += 1;
        } else {
            out.push(("del", a[i].to_string()));
            i += 1;
        }
    }
    out
}

fn json_map(s: Option<&str>) -> BTreeMap<String, String> {
    let Some(v) = s.and_then(|s| serde_json::from_str::<serde_json::Value>(s).ok()) else {
        return BTreeMap::new();
    };
    v.as_object()
        .map(|o| {
            o.iter()
                .map(|(k, v)| {
                    let text = match v {
                        // Lists (a tie's fields, `;`-separated factors) one item a line.
                        serde_json::Value::String(s) if k == "factors" => s.replace(';', "\n"),
                        serde_json::Value::String(s) => s.clone(),
                        serde_json::Value::Null => String::new(),
                        serde_json::Value::Array(items) => items
                            .iter()
                            .map(|i| match i {
                                serde_json::Value::String(s) => s.clone(),
                                other => other.to_string(),
                            })
                            .collect::<Vec<_>>()
                            .join("\n"),
                        other => other.to_string(),
                    };
                    (k.clone(), text)
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Who made a revision: their display name and role, or the starter data import.
fn revision_author(
    lang: Lang,
    r: &Revision,
    authors: &[(i32, String, String)],
) -> (String, String) {
    match r
        .changed_by
        .and_then(|id| authors.iter().find(|(uid, _, _)| *uid == id))
    {
        Some((_, name, role)) => (name.clone(), lang.t(&format!("role-{role}"))),
        None if r.action == "import" => (lang.t("history-author-import"), String::new()),
        None => (lang.t("history-author-unknown"), String::new()),
    }
}

/// One field's change: line by line for texts, old and new value for the rest, item by item
/// for lists; dates, numbers and choices written as the public pages write them.
fn field_change(lang: Lang, f: &publishing::Field, b: &str, a: &str) -> ChangeView {
    use super::preview::{Shown, shown_text};
    let shown = |raw: &str| shown_text(lang, f, raw);
    let lines = match (&f.widget, shown(b), shown(a)) {
        (Widget::Text | Widget::Textarea | Widget::Markdown | Widget::Url, _, _) => line_diff(b, a),
        (_, Shown::List(before), Shown::List(after)) => {
            let mut out: Vec<(&'static str, String)> = Vec::new();
            for item in &before {
                out.push((
                    if after.contains(item) { "same" } else { "del" },
                    item.clone(),
                ));
            }
            for item in after.iter().filter(|i| !before.contains(i)) {
                out.push(("ins", item.clone()));
            }
            return ChangeView {
                field: f.label.clone(),
                lines: out,
                list: true,
            };
        }
        (_, Shown::Text(before), Shown::Text(after)) => {
            let mut out = Vec::new();
            if !b.is_empty() {
                out.push(("del", before));
            }
            if !a.is_empty() {
                out.push(("ins", after));
            }
            out
        }
        _ => line_diff(b, a),
    };
    ChangeView {
        field: f.label.clone(),
        lines,
        list: false,
    }
}

fn history_entry(lang: Lang, r: &Revision, authors: &[(i32, String, String)]) -> HistoryEntry {
    let kind = Kind::from_subject(&r.subject_kind);
    let before = json_map(r.before_json.as_deref());
    let after = json_map(Some(&r.after_json));
    let fields = super::preview::subject_fields(
        &r.subject_kind,
        lang,
        before.values().chain(after.values()).map(String::as_str),
    );
    let value = |m: &BTreeMap<String, String>, k: &str| m.get(k).cloned().unwrap_or_default();
    let mut changes = Vec::new();
    // The record's own key (a tie's slug) says nothing a reader needs.
    let mut seen: std::collections::BTreeSet<String> =
        ["published_at".to_string(), "id".to_string()].into();
    // The kind's fields in form order, the document where its field is.
    for f in &fields {
        if f.widget == Widget::File {
            for (k, label) in [
                ("document_name", lang.t("field-document")),
                ("document_sha256", "SHA-256".to_string()),
            ] {
                seen.insert(k.to_string());
                let (b, a) = (value(&before, k), value(&after, k));
                if a != b {
                    changes.push(ChangeView {
                        field: label,
                        lines: line_diff(&b, &a),
                        list: false,
                    });
                }
            }
            continue;
        }
        seen.insert(f.name.clone());
        let (b, a) = (value(&before, &f.name), value(&after, &f.name));
        if a != b {
            changes.push(field_change(lang, f, &b, &a));
        }
    }
    // Anything else a revision recorded (older imports), after the form's fields.
    let rest: std::collections::BTreeSet<&String> = before
        .keys()
        .chain(after.keys())
        .filter(|k| !seen.contains(*k))
        .collect();
    for k in rest {
        let (b, a) = (value(&before, k), value(&after, k));
        if a != b {
            changes.push(ChangeView {
                field: k.clone(),
                lines: line_diff(&b, &a),
                list: false,
            });
        }
    }
    let subject = match kind {
        Some(k) => format!(
            "{} #{}",
            lang.t(&format!("kind-{}", k.segment())),
            r.subject_id
        ),
        None if r.subject_kind == "tie" => lang.t("col-tie"),
        None => format!("{} #{}", r.subject_kind, r.subject_id),
    };
    let (author, role) = revision_author(lang, r, authors);
    HistoryEntry {
        id: r.id,
        date: format!(
            "{} {}",
            lang.day(r.changed_at.date()),
            r.changed_at.format("%H:%M UTC")
        ),
        action: lang.vocab("revision-action", &r.action),
        subject,
        author,
        role,
        reason: r.reason.clone(),
        changes,
    }
}

/// The authors of some revisions (one query).
fn authors_of(
    conn: &mut crate::db::AnyConnection,
    revisions: &[Revision],
) -> Result<Vec<(i32, String, String)>, AppError> {
    let mut ids: Vec<i32> = revisions.iter().filter_map(|r| r.changed_by).collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(crate::models::user::User::names_and_roles(conn, &ids)?)
}

async fn tie_history(
    req: HttpRequest,
    path: web::Path<(String, String)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let (code, slug) = path.into_inner();
    let lang = lang(&code)?;
    let (tie, title, revisions, authors, suggestions) = with_db(&state, move |conn| {
        let tie = Tie::by_slug(conn, &slug)?.ok_or(AppError::NotFound)?;
        let title = tie_title(conn, &tie)?;
        let revisions = Revision::public_of_tie(conn, tie.id)?;
        let authors = authors_of(conn, &revisions)?;
        let suggestions = crate::models::suggestion::Suggestion::accepted_of_tie(conn, tie.id)?;
        Ok((tie, title, revisions, authors, suggestions))
    })
    .await?;
    let changed = revisions.iter().map(|r| r.changed_at).max();
    let page = HistoryPage {
        c: Ctx::new(&req, &state, lang, "ties"),
        back_href: format!("/{}/ties/{}", lang.code(), tie.slug),
        title,
        entries: revisions
            .iter()
            .map(|r| history_entry(lang, r, &authors))
            .collect(),
        suggestions: suggestions
            .into_iter()
            .map(|s| PublicSuggestionView {
                id: s.id,
                date: s.decided_at.map(|d| lang.day(d.date())).unwrap_or_default(),
                body: s.body,
                source_url: s.source_url,
            })
            .collect(),
    };
    Ok(html_page(&req, page.render()?, super::freshness(changed)))
}

async fn report_history(
    req: HttpRequest,
    path: web::Path<(String, i32)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let (code, id) = path.into_inner();
    let lang = lang(&code)?;
    let (rec, revisions, authors) = with_db(&state, move |conn| {
        let rec = publishing::load(conn, lang, Kind::Report, id)?.ok_or(AppError::NotFound)?;
        if !rec.is_published() {
            return Err(AppError::NotFound);
        }
        let revisions = Revision::public_of_subject(conn, Kind::Report.subject(), id)?;
        let authors = authors_of(conn, &revisions)?;
        Ok((rec, revisions, authors))
    })
    .await?;
    let changed: Option<NaiveDateTime> = revisions.iter().map(|r| r.changed_at).max();
    let page = HistoryPage {
        c: Ctx::new(&req, &state, lang, "ties"),
        back_href: format!("/{}/ties/{}", lang.code(), rec.tie.slug),
        title: rec.label.clone(),
        entries: revisions
            .iter()
            .map(|r| history_entry(lang, r, &authors))
            .collect(),
        suggestions: Vec::new(),
    };
    Ok(html_page(&req, page.render()?, super::freshness(changed)))
}

/// A correction shown on the public tie page.
pub struct CorrectionView {
    pub text: String,
    pub href: String,
}

/// The published corrections of a tie's records, newest first, for the public tie page.
pub fn corrections_of_tie(
    conn: &mut crate::db::AnyConnection,
    lang: Lang,
    tie: &Tie,
) -> Result<Vec<CorrectionView>, AppError> {
    Ok(Revision::corrections_of_tie(conn, tie.id)?
        .into_iter()
        .map(|r| CorrectionView {
            text: lang.t_args(
                "corrected-on",
                &[
                    ("date", lang.day(r.changed_at.date())),
                    ("reason", r.reason.clone()),
                    (
                        "what",
                        Kind::from_subject(&r.subject_kind)
                            .map(|k| lang.t(&format!("kind-{}", k.segment())))
                            .unwrap_or_default(),
                    ),
                ],
            ),
            href: format!("/{}/ties/{}/history#rev-{}", lang.code(), tie.slug, r.id),
        })
        .collect())
}

/// What the publishing side adds to the public tie page (`publish/corrections.html`): the stored
/// documents with their SHA-256, the corrections with their reasons, and links to the history.
pub struct TieExtras {
    pub slug: String,
    /// label, link (opens in the browser), SHA-256
    pub documents: Vec<(String, String, String)>,
    /// Whether the signed-in account may use the officials' page of this tie.
    pub may_manage: bool,
    pub corrections: Vec<CorrectionView>,
    /// How many suggestions from the public were accepted about this tie.
    pub suggestions: i64,
}

/// Load the `TieExtras` of a tie for the public tie page (published records only).
pub async fn tie_extras(
    req: &HttpRequest,
    state: &web::Data<AppState>,
    lang: Lang,
    tie: &Tie,
) -> Result<TieExtras, AppError> {
    let may_manage = super::account_bar::looked_up(req)
        .flatten()
        .is_some_and(|u| u.can_report_on(tie.place_id, tie.partner_id));
    let tie = tie.clone();
    with_db(state, move |conn| {
        let documents = publishing::published_documents(conn, tie.id)?
            .into_iter()
            .map(|(kind, id, label, sha)| {
                let what = match kind {
                    Kind::Agreement => lang.vocab("agreement-kind", &label),
                    _ => lang.vocab("step", &label),
                };
                (
                    what,
                    format!("/{}/{}/{id}/document", lang.code(), kind.segment()),
                    sha,
                )
            })
            .collect();
        Ok(TieExtras {
            may_manage,
            corrections: corrections_of_tie(conn, lang, &tie)?,
            suggestions: crate::models::suggestion::Suggestion::accepted_count(conn, tie.id)?,
            slug: tie.slug.clone(),
            documents,
        })
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::line_diff;

    #[test]
    fn diffs_lines() {
        let d = line_diff("a\nb\nc", "a\nx\nc");
        assert_eq!(
            d,
            vec![
                ("same", "a".to_string()),
                ("ins", "x".to_string()),
                ("del", "b".to_string()),
                ("same", "c".to_string())
            ]
        );
        assert_eq!(line_diff("", "new"), vec![("ins", "new".to_string())]);
    }
}
