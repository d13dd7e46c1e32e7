//! Suggestions from the public, without an account or JavaScript: the form (on every tie, and
//! for a tie we do not have), its private status page, and the editors' moderation queue.

use std::collections::BTreeMap;

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::cache_policy::{CachePolicy, Cached};
use super::extract::{CsrfForm, Editor, SignedIn};
use super::form::{Form, MAX_BODY_BYTES};
use super::session::{
    Me, check_origin, client_ip, current_user, flash, private_cookie, private_html, see_other,
};
use super::{Ctx, lang, with_db};
use crate::auth;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::models::place::Place;
use crate::models::suggestion::{self, NewSuggestion, Refusal, Suggestion};
use crate::models::tie::Tie;
use crate::publishing;
use crate::startup::AppState;

/// The double-submit cookie of the public suggestion form (a reader has no session).
pub const SUGGEST_CSRF_COOKIE: &str = "pantau_suggest_csrf";

pub fn configure(cfg: &mut web::ServiceConfig) {
    let payload = || web::PayloadConfig::new(MAX_BODY_BYTES);
    // Moderation decisions need an account, checked before the body is read (see `guard`).
    let signed_in = || actix_web::middleware::from_fn(super::guard::signed_in);
    let small = || web::PayloadConfig::new(super::guard::SMALL_FORM_BYTES);
    cfg.service(
        web::resource("/{lang}/ties/{slug}/suggest")
            .app_data(payload())
            .route(web::get().to(tie_form))
            .route(web::post().to(tie_submit)),
    )
    .service(
        web::resource("/{lang}/suggest")
            .app_data(payload())
            .route(web::get().to(missing_form))
            .route(web::post().to(missing_submit)),
    )
    .route("/{lang}/suggestions/{token}", web::get().to(status_page))
    .route("/{lang}/moderation", web::get().to(queue))
    .route(
        "/{lang}/moderation/{id}/document",
        web::get().to(queue_document),
    )
    .service(
        web::resource("/{lang}/moderation/{id}/accept")
            .wrap(signed_in())
            .app_data(small())
            .route(web::post().to(accept)),
    )
    .service(
        web::resource("/{lang}/moderation/{id}/reject")
            .wrap(signed_in())
            .app_data(small())
            .route(web::post().to(reject)),
    )
    .service(
        web::resource("/{lang}/moderation/{id}/spam")
            .wrap(signed_in())
            .app_data(small())
            .route(web::post().to(spam)),
    );
}

/// What the form is about: a tie (a correction or evidence) or a tie we do not have.
struct Subject {
    tie_id: Option<i32>,
    place_id: Option<i32>,
    title: Option<String>,
    action: String,
    back: String,
}

#[derive(Template)]
#[template(path = "suggestions/form.html")]
struct FormPage {
    c: Ctx,
    me: Option<Me>,
    flash: Option<String>,
    csrf: String,
    stamp: String,
    about_tie: bool,
    subject: Option<String>,
    action: String,
    back: String,
    values: FormText,
    errors: FormText,
    refusal: Option<String>,
    max_body: usize,
}

impl FormPage {
    fn value(&self, name: &str) -> &str {
        self.values.get(name).map(String::as_str).unwrap_or("")
    }
    fn error(&self, name: &str) -> Option<&String> {
        self.errors.get(name)
    }
}

#[allow(clippy::too_many_arguments)]
async fn render_form(
    req: &HttpRequest,
    state: &web::Data<AppState>,
    lang: Lang,
    subject: Subject,
    values: FormText,
    errors: FormText,
    refusal: Option<String>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let me = current_user(req, state).await?.map(|u| Me::new(lang, &u));
    let secret = with_db(state, |conn| Ok(suggestion::form_secret(conn)?)).await?;
    let csrf = auth::random_token();
    let page = FormPage {
        c: Ctx::new(req, state, lang, ""),
        me,
        flash: flash(req, lang),
        csrf: csrf.clone(),
        stamp: suggestion::stamp(&secret, crate::db::now()),
        about_tie: subject.tie_id.is_some(),
        subject: subject.title,
        action: subject.action,
        back: subject.back,
        values,
        errors,
        refusal,
        max_body: suggestion::MAX_BODY_CHARS,
    };
    let mut res = private_html(req, status, page.render()?);
    res.add_cookie(&private_cookie(req, SUGGEST_CSRF_COOKIE, csrf))
        .map_err(|e| AppError::internal("cookie", e))?;
    Ok(res)
}

async fn tie_subject(
    state: &web::Data<AppState>,
    lang: Lang,
    slug: String,
) -> Result<Subject, AppError> {
    let code = lang.code();
    with_db(state, move |conn| {
        let tie = Tie::by_slug(conn, &slug)?.ok_or(AppError::NotFound)?;
        let places = Place::by_ids(conn, &[tie.place_id, tie.partner_id])?;
        let name = |id: i32| {
            places
                .iter()
                .find(|p| p.id == id)
                .map(|p| p.name.clone())
                .unwrap_or_default()
        };
        Ok(Subject {
            tie_id: Some(tie.id),
            place_id: None,
            title: Some(format!("{} – {}", name(tie.place_id), name(tie.partner_id))),
            action: format!("/{code}/ties/{}/suggest", tie.slug),
            back: format!("/{code}/ties/{}", tie.slug),
        })
    })
    .await
}

async fn missing_subject(
    state: &web::Data<AppState>,
    lang: Lang,
    place: Option<String>,
) -> Result<Subject, AppError> {
    let code = lang.code();
    with_db(state, move |conn| {
        let place = match place.filter(|p| !p.is_empty()) {
            Some(slug) => Place::by_slug(conn, &slug)?,
            None => None,
        };
        Ok(match place {
            Some(p) => Subject {
                tie_id: None,
                place_id: Some(p.id),
                title: Some(p.name.clone()),
                action: format!("/{code}/suggest?place={}", p.slug),
                back: format!("/{code}/places/{}", p.slug),
            },
            None => Subject {
                tie_id: None,
                place_id: None,
                title: None,
                action: format!("/{code}/suggest"),
                back: format!("/{code}/ties"),
            },
        })
    })
    .await
}

/// `?place=` of the general form: the place the reader came from.
#[derive(serde::Deserialize)]
struct PlaceParam {
    place: Option<String>,
}

fn place_query(req: &HttpRequest) -> Option<String> {
    web::Query::<PlaceParam>::from_query(req.query_string())
        .ok()
        .and_then(|q| q.into_inner().place)
}

async fn tie_form(
    req: HttpRequest,
    path: web::Path<(String, String)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let (code, slug) = path.into_inner();
    let lang = lang(&code)?;
    let subject = tie_subject(&state, lang, slug).await?;
    let values = BTreeMap::new();
    render_form(
        &req,
        &state,
        lang,
        subject,
        values,
        BTreeMap::new(),
        None,
        StatusCode::OK,
    )
    .await
}

async fn missing_form(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let lang = lang(&path)?;
    let subject = missing_subject(&state, lang, place_query(&req)).await?;
    let values = BTreeMap::new();
    render_form(
        &req,
        &state,
        lang,
        subject,
        values,
        BTreeMap::new(),
        None,
        StatusCode::OK,
    )
    .await
}

async fn tie_submit(
    req: HttpRequest,
    path: web::Path<(String, String)>,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let (code, slug) = path.into_inner();
    let lang = lang(&code)?;
    let subject = tie_subject(&state, lang, slug).await?;
    submit(req, state, lang, subject, body).await
}

async fn missing_submit(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let lang = lang(&path)?;
    let subject = missing_subject(&state, lang, place_query(&req)).await?;
    submit(req, state, lang, subject, body).await
}

/// The fields the form keeps when it comes back with errors (never the file).
/// What a form sent or what is wrong with it, by the form's own field names (`KEPT`).
type FormText = BTreeMap<&'static str, String>;

const KEPT: [&str; 5] = [
    "body",
    "source_url",
    "contact_name",
    "contact_email",
    "consent",
];

async fn submit(
    req: HttpRequest,
    state: web::Data<AppState>,
    lang: Lang,
    subject: Subject,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let form = Form::parse(&req, &body)?;
    check_origin(&req)?;
    let cookie = req
        .cookie(SUGGEST_CSRF_COOKIE)
        .map(|c| c.value().to_string())
        .unwrap_or_default();
    if cookie.is_empty() || cookie != form.get("csrf") {
        return Err(AppError::Forbidden("account-csrf-failed"));
    }
    let values: FormText = KEPT
        .iter()
        .map(|&k| (k, suggestion::clean_text(form.get(k))))
        .collect();
    // A person never sees the honeypot; a robot fills every field it finds.
    let secret = with_db(&state, |conn| Ok(suggestion::form_secret(conn)?)).await?;
    let refusal = if !form.get("website").is_empty() {
        Some(Refusal::Form("suggest-error-honeypot"))
    } else {
        suggestion::check_stamp(&secret, form.get("stamp"), crate::db::now()).err()
    };
    if let Some(r) = refusal {
        return refused(&req, &state, lang, subject, values, r).await;
    }
    let mut errors = BTreeMap::new();
    let text = values["body"].clone();
    if text.is_empty() {
        errors.insert("body", lang.t("error-required"));
    } else if text.chars().count() > suggestion::MAX_BODY_CHARS {
        errors.insert("body", lang.t("error-too-long"));
    }
    let url = values["source_url"].clone();
    if !url.is_empty() && !publishing::is_url(&url) {
        errors.insert("source_url", lang.t("error-url"));
    }
    let document = match form.file("document") {
        Some(f) => match publishing::check_document(&f.filename, f.bytes.clone()) {
            Ok(d) => Some(d),
            Err(key) => {
                errors.insert("document", lang.t(key));
                None
            }
        },
        None => None,
    };
    if url.is_empty() && document.is_none() && !errors.contains_key("document") {
        errors.insert("source_url", lang.t("suggest-error-source"));
    }
    let name = values["contact_name"].clone();
    let email = values["contact_email"].clone();
    if name.chars().count() > suggestion::MAX_CONTACT_CHARS {
        errors.insert("contact_name", lang.t("error-too-long"));
    }
    if !email.is_empty()
        && (email.chars().count() > suggestion::MAX_CONTACT_CHARS
            || !email.contains('@')
            || email.chars().any(char::is_whitespace))
    {
        errors.insert("contact_email", lang.t("suggest-error-email"));
    }
    if values["consent"].is_empty() {
        errors.insert("consent", lang.t("suggest-error-consent"));
    }
    if !errors.is_empty() {
        return render_form(
            &req,
            &state,
            lang,
            subject,
            values,
            errors,
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let new = NewSuggestion {
        tie_id: subject.tie_id,
        place_id: subject.place_id,
        body: text,
        source_url: (!url.is_empty()).then_some(url),
        document,
        contact_name: (!name.is_empty()).then_some(name),
        contact_email: (!email.is_empty()).then(|| email.to_lowercase()),
        lang: lang.code(),
    };
    let token = auth::random_token();
    let ip = client_ip(&req);
    let t = token.clone();
    let outcome = with_db(&state, move |conn| {
        Ok(suggestion::submit(conn, &new, ip.as_deref(), &t)?)
    })
    .await?;
    match outcome {
        Ok(_) => Ok(see_other(
            &req,
            &format!("/{}/suggestions/{token}", lang.code()),
            "flash-suggestion-sent",
        )),
        Err(r) => refused(&req, &state, lang, subject, values, r).await,
    }
}

/// The form again, with what the reader wrote and why it was not taken (400, or 429 for limits).
async fn refused(
    req: &HttpRequest,
    state: &web::Data<AppState>,
    lang: Lang,
    subject: Subject,
    values: FormText,
    refusal: Refusal,
) -> Result<HttpResponse, AppError> {
    let (key, status) = match refusal {
        Refusal::Form(k) => (k, StatusCode::BAD_REQUEST),
        Refusal::Limit(k) => (k, StatusCode::TOO_MANY_REQUESTS),
    };
    let mut res = render_form(
        req,
        state,
        lang,
        subject,
        values,
        BTreeMap::new(),
        Some(lang.t(key)),
        status,
    )
    .await?;
    if status == StatusCode::TOO_MANY_REQUESTS {
        res.headers_mut().insert(
            header::RETRY_AFTER,
            header::HeaderValue::from_static("3600"),
        );
    }
    Ok(res)
}

/// A suggestion as its sender or an editor sees it.
pub struct SuggestionView {
    pub id: i32,
    pub version: i32,
    pub status_label: String,
    pub status: String,
    pub subject_href: Option<String>,
    pub subject_title: String,
    pub body: String,
    pub source_url: Option<String>,
    pub document_href: Option<String>,
    pub contact: String,
    pub created: String,
    pub decision: String,
    pub duplicates: Vec<i32>,
}

fn view(
    conn: &mut crate::db::AnyConnection,
    lang: Lang,
    s: &Suggestion,
    all: &[Suggestion],
    for_editor: bool,
) -> Result<SuggestionView, AppError> {
    let subject = s.subject(conn)?;
    // The sender is not told their suggestion was marked spam: to them it was declined.
    let shown_status = if s.status == "spam" && !for_editor {
        "rejected"
    } else {
        s.status.as_str()
    };
    let decision = match (shown_status, s.reject_reason.as_deref()) {
        ("rejected", Some(r)) if for_editor || s.status == "rejected" => {
            let label = lang.t(&format!("reject-reason-{r}"));
            if s.decision_note.is_empty() {
                label
            } else {
                format!("{label}: {}", s.decision_note)
            }
        }
        ("accepted", _) => lang.t("suggestion-accepted-note"),
        _ => String::new(),
    };
    Ok(SuggestionView {
        id: s.id,
        version: s.version,
        status_label: lang.t(&format!("suggestion-status-{shown_status}")),
        status: shown_status.to_string(),
        subject_href: subject
            .as_ref()
            .map(|(href, _)| format!("/{}{href}", lang.code())),
        subject_title: subject
            .map(|(_, t)| t)
            .unwrap_or_else(|| lang.t("suggestion-new-tie")),
        body: s.body.clone(),
        source_url: s.source_url.clone(),
        document_href: (for_editor && s.document_sha256.is_some())
            .then(|| format!("/{}/moderation/{}/document", lang.code(), s.id)),
        contact: if for_editor {
            match (&s.contact_name, &s.contact_email) {
                (Some(n), Some(e)) => format!("{n} <{e}>"),
                (Some(n), None) => n.clone(),
                (None, Some(e)) => e.clone(),
                (None, None) => String::new(),
            }
        } else {
            String::new()
        },
        created: lang.day(s.created_at.date()),
        decision,
        duplicates: if for_editor {
            s.same_tie_ids(all)
        } else {
            Vec::new()
        },
    })
}

#[derive(Template)]
#[template(path = "suggestions/status.html")]
struct StatusPage {
    c: Ctx,
    me: Option<Me>,
    flash: Option<String>,
    s: SuggestionView,
}

async fn status_page(
    req: HttpRequest,
    path: web::Path<(String, String)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let (code, token) = path.into_inner();
    let lang = lang(&code)?;
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(AppError::NotFound);
    }
    let s = with_db(&state, move |conn| {
        let s = Suggestion::by_token(conn, &token)?.ok_or(AppError::NotFound)?;
        view(conn, lang, &s, &[], false)
    })
    .await?;
    let me = current_user(&req, &state).await?.map(|u| Me::new(lang, &u));
    let page = StatusPage {
        c: Ctx::new(&req, &state, lang, ""),
        me,
        flash: flash(&req, lang),
        s,
    };
    let mut res = private_html(&req, StatusCode::OK, page.render()?);
    res.headers_mut().insert(
        header::HeaderName::from_static("x-robots-tag"),
        header::HeaderValue::from_static("noindex"),
    );
    res.headers_mut().insert(
        header::REFERRER_POLICY,
        header::HeaderValue::from_static("no-referrer"),
    );
    Ok(res)
}

/// One reject reason for the queue's select.
pub struct ReasonOption {
    pub value: &'static str,
    pub label: String,
}

#[derive(Template)]
#[template(path = "suggestions/queue.html")]
struct QueuePage {
    c: Ctx,
    me: Option<Me>,
    flash: Option<String>,
    csrf: String,
    items: Vec<SuggestionView>,
    reasons: Vec<ReasonOption>,
}

async fn queue(
    req: HttpRequest,
    lang: Lang,
    state: web::Data<AppState>,
    SignedIn { user, .. }: SignedIn<Editor>,
) -> Result<HttpResponse, AppError> {
    let items = with_db(&state, move |conn| {
        let all = Suggestion::pending(conn)?;
        all.iter()
            .map(|s| view(conn, lang, s, &all, true))
            .collect::<Result<Vec<_>, _>>()
    })
    .await?;
    let page = QueuePage {
        c: Ctx::new(&req, &state, lang, ""),
        me: Some(Me::new(lang, &user)),
        flash: flash(&req, lang),
        csrf: user.csrf_token.clone(),
        items,
        reasons: suggestion::REJECT_REASONS
            .iter()
            .map(|r| ReasonOption {
                value: r,
                label: lang.t(&format!("reject-reason-{r}")),
            })
            .collect(),
    };
    Ok(private_html(&req, StatusCode::OK, page.render()?))
}

async fn queue_document(
    _: Lang,
    path: web::Path<(String, i32)>,
    state: web::Data<AppState>,
    _: SignedIn<Editor>,
) -> Result<HttpResponse, AppError> {
    let (_, id) = path.into_inner();
    let (_, bytes) = with_db(&state, move |conn| {
        Suggestion::document(conn, id)?.ok_or(AppError::NotFound)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"usulan.pdf\"",
        ))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .body(bytes)
        .cached(CachePolicy::NoStore))
}

/// What an editor decided.
#[derive(Clone, Copy)]
enum Decision {
    Accept,
    Reject,
    Spam,
}

/// A moderation form: sent by an editor, its Origin and CSRF token checked.
type ModerationForm = CsrfForm<Editor>;

async fn decide(
    decision: Decision,
    req: HttpRequest,
    lang: Lang,
    path: web::Path<(String, i32)>,
    state: web::Data<AppState>,
    CsrfForm { user, form, .. }: ModerationForm,
) -> Result<HttpResponse, AppError> {
    let (_, id) = path.into_inner();
    let version: i32 = form
        .get("version")
        .parse()
        .map_err(|_| AppError::BadRequest("error-400-message"))?;
    let (status, reason) = match decision {
        Decision::Accept => ("accepted", None),
        Decision::Spam => ("spam", None),
        Decision::Reject => {
            let r = form.get("reason");
            let r = suggestion::REJECT_REASONS
                .iter()
                .find(|x| **x == r)
                .copied()
                .ok_or(AppError::BadRequest("suggest-error-reason"))?;
            ("rejected", Some(r))
        }
    };
    let note = suggestion::clean_text(form.get("note"));
    if note.chars().count() > 2000 {
        return Err(AppError::BadRequest("error-too-long"));
    }
    let ip = client_ip(&req);
    let uid = user.id;
    let (written, tie_slug) = with_db(&state, move |conn| {
        let s = Suggestion::by_id(conn, id)?.ok_or(AppError::NotFound)?;
        let written =
            suggestion::decide(conn, id, version, status, reason, &note, uid, ip.as_deref())?;
        let slug = match s.tie_id {
            Some(t) => Tie::by_ids(conn, &[t])?.into_iter().next().map(|t| t.slug),
            None => None,
        };
        Ok((written, slug))
    })
    .await?;
    let code = lang.code();
    if !written {
        return Ok(see_other(
            &req,
            &format!("/{code}/moderation"),
            "flash-suggestion-stale",
        ));
    }
    Ok(match (decision, tie_slug) {
        // The editor goes on to make the change through the tie's publishing forms.
        (Decision::Accept, Some(slug)) => see_other(
            &req,
            &format!("/{code}/ties/{slug}/manage?suggestion={id}"),
            "flash-suggestion-accepted",
        ),
        // A tie we did not have: the editor goes on to add it, the reason citing the suggestion.
        (Decision::Accept, None) => see_other(
            &req,
            &format!("/{code}/editorial/ties/new?suggestion={id}"),
            "flash-suggestion-accepted-tie",
        ),
        _ => see_other(
            &req,
            &format!("/{code}/moderation"),
            "flash-suggestion-decided",
        ),
    })
}

async fn accept(
    req: HttpRequest,
    lang: Lang,
    path: web::Path<(String, i32)>,
    state: web::Data<AppState>,
    form: ModerationForm,
) -> Result<HttpResponse, AppError> {
    decide(Decision::Accept, req, lang, path, state, form).await
}

async fn reject(
    req: HttpRequest,
    lang: Lang,
    path: web::Path<(String, i32)>,
    state: web::Data<AppState>,
    form: ModerationForm,
) -> Result<HttpResponse, AppError> {
    decide(Decision::Reject, req, lang, path, state, form).await
}

async fn spam(
    req: HttpRequest,
    lang: Lang,
    path: web::Path<(String, i32)>,
    state: web::Data<AppState>,
    form: ModerationForm,
) -> Result<HttpResponse, AppError> {
    decide(Decision::Spam, req, lang, path, state, form).await
}

/// The reason a correction made after accepting a suggestion starts with: "public suggestion #N"
/// and its source.
pub fn reason_for(conn: &mut crate::db::AnyConnection, lang: Lang, id: i32) -> Option<String> {
    let s = Suggestion::by_id(conn, id).ok()??;
    if s.status != "accepted" {
        return None;
    }
    let source = s
        .source_url
        .or(s.document_name.map(|n| format!("PDF {n}")))
        .unwrap_or_default();
    Some(lang.t_args(
        "suggestion-reason",
        &[("id", id.to_string()), ("source", source)],
    ))
}
