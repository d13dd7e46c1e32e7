//! The editor of every kind of record: the new and edit forms, their preview, saving a draft or
//! a correction, publishing, and the conflict page when the record moved on meanwhile.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::super::form::Form;
use super::super::preview::ShownField;
use super::super::session::{
    Me, check_csrf, client_ip, flash, private_html, require_user, see_other,
};
use super::super::{Ctx, lang, with_db};
use super::view::{Errors, FieldView, Widget, field_views, heading};
use super::{editable_record, form_version, load_tie_for, may_add, suggestion_query};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::models::tie::Tie;
use crate::publishing::{self, Document, Fields, Kind, Parent, Record, Saved, Texts};
use crate::startup::AppState;

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
    values: Texts,
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

fn render_editor(
    req: &HttpRequest,
    state: &AppState,
    lang: Lang,
    user: &CurrentUser,
    s: EditorState<'_>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let fields = super::view::fields(s.kind, lang);
    let mut values = s.values.clone();
    if let Some(doc) = s.record.and_then(|r| r.fields.document())
        && let Some(name) = doc.name()
    {
        values.insert(
            "document",
            lang.t_args(
                "editor-current-document",
                &[
                    ("name", name.to_string()),
                    ("sha", doc.sha256().to_string()),
                ],
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
                r.kind.has_document() && r.fields.document().is_some_and(|d| !d.sha256().is_empty())
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

pub(super) async fn new_form(
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
    let mut values = Texts::new();
    // A dashboard button may pre-select the agreement kind (e.g. a renewal).
    if let Some(k) = web::Query::<NewQuery>::from_query(req.query_string())
        .ok()
        .and_then(|q| q.into_inner().kind)
        && kind == Kind::Agreement
        && crate::models::agreement::KINDS.contains(&k.as_str())
    {
        values.insert("kind", k);
    }
    if kind == Kind::Milestone {
        values.insert("status", "planned".into());
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
) -> (Texts, Option<Document>, Result<Fields, Errors>) {
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
    let mut checked =
        publishing::validate(kind, lang, &values).map_err(|p| super::view::errors(lang, &p));
    if let Some(e) = doc_error {
        match &mut checked {
            Ok(_) => {
                let mut errors = Errors::new();
                errors.insert("document", e);
                checked = Err(errors);
            }
            Err(errors) => {
                errors.insert("document", e);
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
    values: &Texts,
    errors: &Errors,
) -> Result<Option<Vec<ShownField>>, AppError> {
    if !wanted || errors.contains_key("body_md") {
        return Ok(None);
    }
    let shown_values =
        publishing::fields::normalise(kind, lang, values).unwrap_or_else(|_| values.clone());
    Ok(Some(
        web::block(move || super::super::preview::shown_fields(kind, lang, &shown_values)).await?,
    ))
}

pub(super) async fn create(
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

pub(super) async fn new_milestone_form(
    req: HttpRequest,
    path: web::Path<(String, i32)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let (code, id) = path.into_inner();
    let lang = lang(&code)?;
    let user = require_user(&req, &state, lang).await?;
    let (roadmap, title) = editable_record(&state, &user, Kind::Roadmap, id).await?;
    let mut values = Texts::new();
    values.insert("status", "planned".into());
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

pub(super) async fn create_milestone(
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
    let (roadmap, title) = editable_record(&state, &user, Kind::Roadmap, id).await?;
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

pub(super) async fn edit_form(
    kind: Kind,
    req: HttpRequest,
    path: web::Path<(String, i32)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let (code, id) = path.into_inner();
    let lang = lang(&code)?;
    let user = require_user(&req, &state, lang).await?;
    let (rec, title) = editable_record(&state, &user, kind, id).await?;
    // An editor coming from an accepted public suggestion: the reason cites it and its source.
    let cited = match suggestion_query(&req).filter(|_| user.is_editor()) {
        Some(n) => with_db(&state, move |conn| {
            Ok(super::super::suggestions::reason_for(conn, lang, n))
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
            values: stored_for_form(kind, lang, &rec.texts()),
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
fn stored_for_form(kind: Kind, lang: Lang, stored: &Texts) -> Texts {
    let mut values = stored.clone();
    for f in super::view::fields(kind, lang) {
        if f.widget == Widget::Number
            && let Some(v) = values.get_mut(f.name.as_str())
        {
            *v = crate::input::show_amount(v, lang);
        }
    }
    values
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
    yours: &Texts,
    saved: &Record,
) -> Result<HttpResponse, AppError> {
    let stored = saved.texts();
    let rows = super::view::fields(kind, lang)
        .into_iter()
        .filter(|f| f.widget != Widget::File)
        .map(|f| {
            let a = yours.get(f.name.as_str()).cloned().unwrap_or_default();
            let b = stored.get(f.name.as_str()).cloned().unwrap_or_default();
            let differs = a != b;
            (f.label, a, b, differs)
        })
        .collect();
    let page = ConflictPage {
        c: Ctx::new(req, state, lang, ""),
        me: Some(Me::new(lang, user)),
        flash: None,
        label: super::view::record_label(lang, saved),
        rows,
        edit_href: format!("/{}/{}/{}/edit", lang.code(), kind.segment(), saved.id),
    };
    Ok(private_html(req, StatusCode::CONFLICT, page.render()?))
}

pub(super) async fn update(
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
    let (rec, title) = editable_record(&state, &user, kind, id).await?;
    let (values, doc, checked) = read_submission(kind, lang, &form);
    let reason = form.get("reason").to_string();
    let preview = form.get("action") == "preview";
    let checked = match checked {
        Ok(v) if rec.is_published() && reason.is_empty() && !preview => {
            let mut errors = Errors::new();
            errors.insert("reason", lang.t("error-reason-required"));
            let _ = v;
            Err(errors)
        }
        Ok(v) if reason.chars().count() > 2000 => {
            let mut errors = Errors::new();
            errors.insert("reason", lang.t("error-too-long"));
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
            Saved::Conflict => publishing::load(conn, kind, id)?,
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

pub(super) async fn publish(
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
    let (rec, _) = editable_record(&state, &user, kind, id).await?;
    let ip = client_ip(&req);
    let u = user.clone();
    let (saved, current) = with_db(&state, move |conn| {
        let saved = publishing::publish(conn, &rec, version, &u, ip.as_deref())?;
        let current = publishing::load(conn, kind, id)?;
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
            let yours = current.texts();
            conflict_page(&req, &state, lang, &user, kind, &yours, &current)
        }
        (Saved::Conflict, None) => Err(AppError::NotFound),
    }
}

/// What a new-record form's address may carry.
#[derive(serde::Deserialize)]
struct NewQuery {
    /// A dashboard button may pre-select the agreement kind (e.g. a renewal).
    kind: Option<String>,
}
