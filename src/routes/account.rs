//! Signing in and out, the dashboard of what a place still owes, and the admin pages (accounts, audit log).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::extract::{Admin, CsrfForm, SignedIn};
use super::form::Form;
use super::publish::FieldView;
use super::session::{
    Me, SIGN_IN_CSRF_COOKIE, check_origin, client_ip, flash, private_cookie, private_html,
    removal_cookie, safe_next, see_other,
};
use super::{Ctx, lang, with_db};
use crate::assessment::{AgreementStatus, assess_ties};
use crate::auth::{self, CurrentUser, Role, SESSION_COOKIE, SignIn};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::models::audit;
use crate::models::place::Place;
use crate::models::session::Session;
use crate::models::suggestion::Suggestion;
use crate::models::tie::Tie;
use crate::models::user::User;
use crate::startup::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    // Short forms: kilobytes, not the 20 MB a document's form may take.
    let small = || web::PayloadConfig::new(super::guard::SMALL_FORM_BYTES);
    let signed_in = || actix_web::middleware::from_fn(super::guard::signed_in);
    cfg.service(
        web::resource("/{lang}/sign-in")
            .app_data(small())
            .route(web::get().to(sign_in_form))
            .route(web::post().to(sign_in)),
    )
    .service(
        web::resource("/{lang}/sign-out")
            .app_data(small())
            .wrap(signed_in())
            .route(web::post().to(sign_out)),
    )
    .route("/{lang}/dashboard", web::get().to(dashboard))
    .route("/{lang}/admin/audit", web::get().to(audit_page))
    .service(
        web::resource("/{lang}/admin/users")
            .app_data(small())
            .wrap(signed_in())
            .route(web::get().to(users_page))
            .route(web::post().to(add_user)),
    )
    .service(
        web::resource("/{lang}/admin/users/{id}/disable")
            .app_data(small())
            .wrap(signed_in())
            .route(web::post().to(disable_user)),
    );
}

#[derive(Template)]
#[template(path = "account/sign_in.html")]
struct SignInPage {
    c: Ctx,
    me: Option<Me>,
    flash: Option<String>,
    csrf: String,
    next: String,
    email: String,
    error: Option<String>,
}

#[derive(serde::Deserialize)]
struct NextQuery {
    next: Option<String>,
}

fn render_sign_in(
    req: &HttpRequest,
    state: &AppState,
    lang: Lang,
    next: String,
    email: String,
    error: Option<String>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let csrf = auth::random_token();
    let page = SignInPage {
        c: Ctx::new(req, state, lang, ""),
        me: None,
        flash: flash(req, lang),
        csrf: csrf.clone(),
        next,
        email,
        error,
    };
    let mut res = private_html(req, status, page.render()?);
    res.add_cookie(&private_cookie(req, SIGN_IN_CSRF_COOKIE, csrf))
        .map_err(|e| AppError::internal("cookie", e))?;
    Ok(res)
}

async fn sign_in_form(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
    query: web::Query<NextQuery>,
) -> Result<HttpResponse, AppError> {
    let lang = lang(&path)?;
    let next = safe_next(lang, query.next.as_deref().unwrap_or(""));
    render_sign_in(
        &req,
        &state,
        lang,
        next,
        String::new(),
        None,
        StatusCode::OK,
    )
}

async fn sign_in(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let lang = lang(&path)?;
    let form = Form::parse(&req, &body)?;
    check_origin(&req)?;
    // Login CSRF: the form's token must match the cookie set with the form.
    let cookie = req
        .cookie(SIGN_IN_CSRF_COOKIE)
        .map(|c| c.value().to_string())
        .unwrap_or_default();
    if cookie.is_empty() || cookie != form.get("csrf") {
        return Err(AppError::Forbidden("account-csrf-failed"));
    }
    let email = form.get("email").to_string();
    let password = form
        .fields
        .iter()
        .find(|(k, _)| k == "password")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let next = safe_next(lang, form.get("next"));
    let ip = client_ip(&req);
    let old = req.cookie(SESSION_COOKIE).map(|c| c.value().to_string());
    let e = email.clone();
    let outcome = with_db(&state, move |conn| {
        // A new session id at every sign-in: whatever session the browser had ends.
        if let Some(old) = old {
            Session::delete(conn, &auth::sha256_hex(old.as_bytes()))?;
        }
        auth::sign_in(conn, &e, &password, ip.as_deref())
            .map_err(|e| AppError::internal("sign-in", e))
    })
    .await?;
    match outcome {
        SignIn::Ok { token, .. } => {
            let mut res = see_other(&req, &next, "flash-signed-in");
            res.add_cookie(&private_cookie(&req, SESSION_COOKIE, token))
                .map_err(|e| AppError::internal("cookie", e))?;
            res.add_cookie(&removal_cookie(&req, SIGN_IN_CSRF_COOKIE))
                .map_err(|e| AppError::internal("cookie", e))?;
            Ok(res)
        }
        SignIn::Wrong => render_sign_in(
            &req,
            &state,
            lang,
            next,
            email,
            Some(lang.t("sign-in-wrong")),
            StatusCode::UNAUTHORIZED,
        ),
        SignIn::Throttled => Err(AppError::TooManyRequests("sign-in-throttled")),
    }
}

async fn sign_out(
    req: HttpRequest,
    lang: Lang,
    state: web::Data<AppState>,
    CsrfForm { user, .. }: CsrfForm,
) -> Result<HttpResponse, AppError> {
    let ip = client_ip(&req);
    let u = user.clone();
    with_db(&state, move |conn| {
        Session::delete(conn, &u.session_id)?;
        audit::record(conn, Some(u.id), ip.as_deref(), "sign-out", &u.email, "")?;
        Ok(())
    })
    .await?;
    let mut res = see_other(
        &req,
        &format!("/{}/sign-in", lang.code()),
        "flash-signed-out",
    );
    res.add_cookie(&removal_cookie(&req, SESSION_COOKIE))
        .map_err(|e| AppError::internal("cookie", e))?;
    Ok(res)
}

/// Something a tie still owes, with the button that fixes it.
struct Owed {
    text: String,
    button: String,
    href: String,
}

struct OwedTie {
    title: String,
    public_href: String,
    manage_href: String,
    grade: char,
    drafts: i64,
    drafts_label: String,
    owes: Vec<Owed>,
}

#[derive(Template)]
#[template(path = "account/dashboard.html")]
struct DashboardPage {
    c: Ctx,
    me: Option<Me>,
    flash: Option<String>,
    intro: String,
    ties: Vec<OwedTie>,
    /// title, edit link, state
    reports: Vec<(String, String, String)>,
    evaluator: bool,
    /// Pending public suggestions about an official's places: heading, subject link, text.
    suggestions: Vec<(String, Option<String>, String)>,
}

async fn dashboard(
    req: HttpRequest,
    lang: Lang,
    state: web::Data<AppState>,
    SignedIn { user, .. }: SignedIn,
) -> Result<HttpResponse, AppError> {
    let today = state.today();
    let u = user.clone();
    let (assessed, drafts, overdue, reports, suggestions) = with_db(&state, move |conn| {
        let ties: Vec<Tie> = match u.role {
            Role::Admin | Role::Editor => Tie::all(conn)?,
            Role::Official => {
                let mut all = Vec::new();
                for p in &u.place_ids {
                    for t in Tie::of_place(conn, *p)? {
                        if !all.iter().any(|x: &Tie| x.id == t.id) {
                            all.push(t);
                        }
                    }
                }
                all
            }
            Role::Evaluator => Vec::new(),
        };
        let ids: Vec<i32> = ties.iter().map(|t| t.id).collect();
        let assessed = assess_ties(conn, ties, today)?;
        let drafts = crate::models::dashboard::draft_counts(conn, &ids)?;
        let overdue = crate::models::dashboard::overdue_milestones(conn, &ids, today)?;
        let reports = crate::models::dashboard::reports_by_author(conn, u.id)?;
        let pending = if u.role == Role::Official {
            Suggestion::pending_for_places(conn, &u.place_ids)?
        } else {
            Vec::new()
        };
        let mut suggestions = Vec::new();
        for s in pending {
            let subject = s.subject(conn)?;
            suggestions.push((
                format!(
                    "{} · {}",
                    lang.t_args("suggestion-title", &[("id", s.id.to_string())]),
                    subject
                        .as_ref()
                        .map(|(_, t)| t.clone())
                        .unwrap_or_else(|| lang.t("suggestion-new-tie"))
                ),
                subject.map(|(h, _)| format!("/{}{h}", lang.code())),
                s.body,
            ));
        }
        Ok((assessed, drafts, overdue, reports, suggestions))
    })
    .await?;
    let code = lang.code();
    let mut ties: Vec<OwedTie> = assessed
        .iter()
        .map(|a| {
            let slug = &a.summary.tie.slug;
            let mut owes = Vec::new();
            let met = |key: &str| a.assessment.checks.iter().any(|c| c.key == key && c.met);
            if !met("roadmap") {
                owes.push(Owed {
                    text: lang.t("owes-roadmap"),
                    button: lang.t("owes-roadmap-button"),
                    href: format!("/{code}/ties/{slug}/roadmaps/new"),
                });
            }
            for (_, mid, title, due) in overdue.iter().filter(|o| o.0 == a.summary.tie.id) {
                owes.push(Owed {
                    text: lang.t_args(
                        "owes-milestone",
                        &[("title", title.clone()), ("date", lang.day(*due))],
                    ),
                    button: lang.t("owes-milestone-button"),
                    href: format!("/{code}/milestones/{mid}/edit"),
                });
            }
            if !a.assessment.recent_evaluation {
                owes.push(Owed {
                    text: lang.t("owes-report"),
                    button: lang.t("owes-report-button"),
                    href: format!("/{code}/ties/{slug}/reports/new"),
                });
            }
            match a.assessment.agreement_status {
                AgreementStatus::Expiring => owes.push(Owed {
                    text: lang.t_args(
                        "owes-expiring",
                        &[(
                            "date",
                            a.assessment
                                .expires_on
                                .map(|d| lang.day(d))
                                .unwrap_or_default(),
                        )],
                    ),
                    button: lang.t("owes-renewal-button"),
                    href: format!("/{code}/ties/{slug}/agreements/new?kind=renewal"),
                }),
                AgreementStatus::Lapsed => owes.push(Owed {
                    text: lang.t("owes-lapsed"),
                    button: lang.t("owes-renewal-button"),
                    href: format!("/{code}/ties/{slug}/agreements/new?kind=renewal"),
                }),
                // Methodology v2: the latest agreement needs its end date or open-ended term.
                AgreementStatus::TermNotRecorded => {
                    if let Some(latest) = a
                        .summary
                        .agreements
                        .iter()
                        .filter(|ag| ag.kind != "loi" && ag.kind != "termination")
                        .max_by_key(|ag| ag.signed_on)
                    {
                        owes.push(Owed {
                            text: lang.t("owes-term"),
                            button: lang.t("owes-term-button"),
                            href: format!("/{code}/agreements/{}/edit", latest.id),
                        });
                    }
                }
                _ => {}
            }
            let n = drafts.get(&a.summary.tie.id).copied().unwrap_or(0);
            OwedTie {
                title: super::view::tie_title(lang, &a.summary),
                public_href: format!("/{code}/ties/{slug}"),
                manage_href: format!("/{code}/ties/{slug}/manage"),
                grade: a.assessment.grade,
                drafts: n,
                drafts_label: lang.t_args("dashboard-drafts", &[("count", n.to_string())]),
                owes,
            }
        })
        .collect();
    // What owes most comes first.
    ties.sort_by_key(|t| std::cmp::Reverse(t.owes.len()));
    let intro = match user.role {
        Role::Official => lang.t("dashboard-intro-official"),
        Role::Admin => lang.t("dashboard-intro-admin"),
        Role::Editor => lang.t("dashboard-intro-editor"),
        Role::Evaluator => lang.t("dashboard-intro-evaluator"),
    };
    let page = DashboardPage {
        c: Ctx::new(&req, &state, lang, ""),
        me: Some(Me::new(lang, &user)),
        flash: flash(&req, lang),
        intro,
        ties,
        reports: reports
            .into_iter()
            .map(|(id, title, published)| {
                (
                    title,
                    format!("/{code}/reports/{id}/edit"),
                    if published {
                        lang.t("state-published")
                    } else {
                        lang.t("state-draft")
                    },
                )
            })
            .collect(),
        evaluator: user.role == Role::Evaluator,
        suggestions,
    };
    Ok(private_html(&req, StatusCode::OK, page.render()?))
}

#[derive(Template)]
#[template(path = "account/audit.html")]
struct AuditPage {
    c: Ctx,
    me: Option<Me>,
    flash: Option<String>,
    /// when, who, ip, action, subject
    rows: Vec<(String, String, String, String, String)>,
    prev: Option<String>,
    next: Option<String>,
}

#[derive(serde::Deserialize)]
struct PageQuery {
    page: Option<i64>,
}

const AUDIT_PAGE: i64 = 100;

async fn audit_page(
    req: HttpRequest,
    lang: Lang,
    state: web::Data<AppState>,
    query: web::Query<PageQuery>,
    SignedIn { user, .. }: SignedIn<Admin>,
) -> Result<HttpResponse, AppError> {
    let page_no = query.page.unwrap_or(1).clamp(1, 100_000);
    let rows = with_db(&state, move |conn| {
        Ok(audit::latest(
            conn,
            AUDIT_PAGE + 1,
            (page_no - 1) * AUDIT_PAGE,
        )?)
    })
    .await?;
    let more = rows.len() as i64 > AUDIT_PAGE;
    let code = lang.code();
    let page = AuditPage {
        c: Ctx::new(&req, &state, lang, ""),
        me: Some(Me::new(lang, &user)),
        flash: flash(&req, lang),
        rows: rows
            .into_iter()
            .take(AUDIT_PAGE as usize)
            .map(|r| {
                (
                    r.entry.at.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
                    r.email.unwrap_or_else(|| "—".into()),
                    r.entry.ip.unwrap_or_default(),
                    r.entry.action,
                    r.entry.subject,
                )
            })
            .collect(),
        prev: (page_no > 1).then(|| format!("/{code}/admin/audit?page={}", page_no - 1)),
        next: more.then(|| format!("/{code}/admin/audit?page={}", page_no + 1)),
    };
    Ok(private_html(&req, StatusCode::OK, page.render()?))
}

struct UserRow {
    id: i32,
    email: String,
    name: String,
    role: String,
    places: String,
    disabled: bool,
}

#[derive(Template)]
#[template(path = "account/users.html")]
struct UsersPage {
    c: Ctx,
    me: Option<Me>,
    flash: Option<String>,
    csrf: String,
    users: Vec<UserRow>,
    fields: Vec<FieldView>,
}

type FieldErrors = std::collections::BTreeMap<&'static str, String>;

async fn render_users(
    req: &HttpRequest,
    state: &web::Data<AppState>,
    lang: Lang,
    user: &CurrentUser,
    form: Option<&Form>,
    errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    let all = with_db(state, |conn| Ok(User::all_with_places(conn)?)).await?;
    let get = |n: &str| form.map(|f| f.get(n).to_string()).unwrap_or_default();
    let err = |n: &str| errors.get(n).cloned();
    let mut role = FieldView::simple(
        "role",
        lang.t("users-role"),
        "select",
        &get("role"),
        err("role"),
        true,
    );
    role.options = crate::models::user::ROLES
        .iter()
        .map(|r| super::publish::OptionView {
            value: r.to_string(),
            label: lang.t(&format!("role-{r}")),
            selected: get("role") == *r,
        })
        .collect();
    let fields = vec![
        FieldView::simple(
            "email",
            lang.t("sign-in-email"),
            "email",
            &get("email"),
            err("email"),
            true,
        ),
        FieldView::simple(
            "name",
            lang.t("users-name"),
            "text",
            &get("name"),
            err("name"),
            false,
        ),
        role,
        FieldView {
            help: lang.t("users-places-help"),
            ..FieldView::simple(
                "places",
                lang.t("users-places"),
                "text",
                &get("places"),
                err("places"),
                false,
            )
        },
        FieldView::simple(
            "password",
            lang.t("sign-in-password"),
            "password",
            "",
            err("password"),
            true,
        ),
    ];
    let page = UsersPage {
        c: Ctx::new(req, state, lang, ""),
        me: Some(Me::new(lang, user)),
        flash: flash(req, lang),
        csrf: user.csrf_token.clone(),
        users: all
            .into_iter()
            .map(|u| UserRow {
                id: u.user.id,
                email: u.user.email,
                name: u.user.display_name,
                role: lang.t(&format!("role-{}", u.user.role)),
                places: u.places.join(", "),
                disabled: u.user.disabled,
            })
            .collect(),
        fields,
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(private_html(req, status, page.render()?))
}

async fn users_page(
    req: HttpRequest,
    lang: Lang,
    state: web::Data<AppState>,
    SignedIn { user, .. }: SignedIn<Admin>,
) -> Result<HttpResponse, AppError> {
    render_users(&req, &state, lang, &user, None, FieldErrors::new()).await
}

async fn add_user(
    req: HttpRequest,
    lang: Lang,
    state: web::Data<AppState>,
    CsrfForm { user, form, .. }: CsrfForm<Admin>,
) -> Result<HttpResponse, AppError> {
    let mut errors = FieldErrors::new();
    let email = crate::models::user::normalise_email(form.get("email"));
    if !email.contains('@') || email.len() > 200 {
        errors.insert("email", lang.t("error-email"));
    }
    let role = Role::parse(form.get("role"));
    if role.is_none() {
        errors.insert("role", lang.t("error-choice"));
    }
    let slugs: Vec<String> = form
        .get("places")
        .split([',', ' '])
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    if role == Some(Role::Official) && slugs.is_empty() {
        errors.insert("places", lang.t("error-official-needs-place"));
    }
    let password = form
        .fields
        .iter()
        .find(|(k, _)| k == "password")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    if let Err(key) = auth::check_password_policy(&password, &email) {
        errors.insert("password", lang.t(key));
    }
    let (e, s) = (email.clone(), slugs.clone());
    let (exists, place_ids, unknown) = with_db(&state, move |conn| {
        let exists = User::by_email(conn, &e)?.is_some();
        let mut ids = Vec::new();
        let mut unknown = Vec::new();
        for slug in &s {
            match Place::by_slug(conn, slug)? {
                Some(p) => ids.push(p.id),
                None => unknown.push(slug.clone()),
            }
        }
        Ok((exists, ids, unknown))
    })
    .await?;
    if exists {
        errors.insert("email", lang.t("error-email-taken"));
    }
    if !unknown.is_empty() {
        errors.insert(
            "places",
            lang.t_args("error-unknown-places", &[("places", unknown.join(", "))]),
        );
    }
    if !errors.is_empty() {
        return render_users(&req, &state, lang, &user, Some(&form), errors).await;
    }
    let role = role.unwrap_or(Role::Evaluator);
    let place_ids = if role == Role::Official {
        place_ids
    } else {
        Vec::new()
    };
    let name = match form.get("name") {
        "" => email.clone(),
        n => n.to_string(),
    };
    let hash =
        auth::hash_password(&password).map_err(|e| AppError::internal("password hash", e))?;
    let ip = client_ip(&req);
    let admin = user.id;
    with_db(&state, move |conn| {
        let id = User::create(conn, &email, &name, &hash, role.as_str(), &place_ids)?;
        audit::record(
            conn,
            Some(admin),
            ip.as_deref(),
            "user-add",
            &format!("user {id}"),
            role.as_str(),
        )?;
        Ok(())
    })
    .await?;
    Ok(see_other(
        &req,
        &format!("/{}/admin/users", lang.code()),
        "flash-user-added",
    ))
}

async fn disable_user(
    req: HttpRequest,
    lang: Lang,
    path: web::Path<(String, i32)>,
    state: web::Data<AppState>,
    CsrfForm { user, .. }: CsrfForm<Admin>,
) -> Result<HttpResponse, AppError> {
    let (_, id) = path.into_inner();
    let ip = client_ip(&req);
    let admin = user.id;
    with_db(&state, move |conn| {
        if !User::set_disabled(conn, id, true)? {
            return Err(AppError::NotFound);
        }
        audit::record(
            conn,
            Some(admin),
            ip.as_deref(),
            "user-disable",
            &format!("user {id}"),
            "",
        )?;
        Ok(())
    })
    .await?;
    Ok(see_other(
        &req,
        &format!("/{}/admin/users", lang.code()),
        "flash-user-disabled",
    ))
}
