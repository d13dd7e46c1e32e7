//! The publishing pages: the route table of the forms that write every record of a tie (new,
//! edit, preview, correct, publish), their documents, the manage page and the history; and what
//! these pages share. The forms themselves are in `editor`, their look in `view`.

mod documents;
mod editor;
mod history;
mod manage;
pub mod view;

use actix_web::{HttpRequest, web};

use super::form::{Form, MAX_BODY_BYTES};
use super::with_db;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::models::tie::Tie;
use crate::publishing::{self, Kind, PublishError, Record};
use crate::startup::AppState;

pub use documents::content_disposition;
pub use history::{ChangeView, HistoryEntry, line_diff};
pub use view::{FieldView, OptionView};

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
                          s: web::Data<AppState>| {
                        editor::new_form(kind, req, p, s)
                    },
                ))
                .route(web::post().to(
                    move |req: HttpRequest,
                          p: web::Path<(String, String)>,
                          s: web::Data<AppState>,
                          body: web::Bytes| {
                        editor::create(kind, req, p, s, body)
                    },
                )),
        );
    }
    cfg.service(
        web::resource("/{lang}/roadmaps/{id}/milestones/new")
            .wrap(signed_in())
            .app_data(payload(Kind::Milestone))
            .route(web::get().to(editor::new_milestone_form))
            .route(web::post().to(editor::create_milestone)),
    );
    for kind in Kind::ALL {
        cfg.service(
            web::resource(format!("/{{lang}}/{}/{{id}}/edit", kind.segment()))
                .wrap(signed_in())
                .app_data(payload(kind))
                .route(web::get().to(
                    move |req: HttpRequest, p: web::Path<(String, i32)>, s: web::Data<AppState>| {
                        editor::edit_form(kind, req, p, s)
                    },
                ))
                .route(web::post().to(
                    move |req: HttpRequest,
                          p: web::Path<(String, i32)>,
                          s: web::Data<AppState>,
                          body: web::Bytes| {
                        editor::update(kind, req, p, s, body)
                    },
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
                            editor::publish(kind, req, p, s, body)
                        },
                    )),
            );
        }
        if kind.has_document() {
            cfg.route(
                &format!("/{{lang}}/{}/{{id}}/document", kind.segment()),
                web::get().to(
                    move |req: HttpRequest, p: web::Path<(String, i32)>, s: web::Data<AppState>| {
                        documents::document(kind, req, p, s)
                    },
                ),
            );
        }
    }
    cfg.route("/{lang}/ties/{slug}/manage", web::get().to(manage::manage))
        .route(
            "/{lang}/ties/{slug}/history",
            web::get().to(history::tie_history),
        )
        .route(
            "/{lang}/reports/{id}/history",
            web::get().to(history::report_history),
        );
}

impl From<PublishError> for AppError {
    fn from(e: PublishError) -> Self {
        match e {
            PublishError::Database(e) => e.into(),
            PublishError::SubmissionTaken => AppError::BadRequest("error-submission-taken"),
        }
    }
}

/// "Surabaya – Liverpool" for a tie.
pub(super) fn tie_title(
    conn: &mut crate::db::AnyConnection,
    tie: &Tie,
) -> Result<String, AppError> {
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

/// A record the user may edit: 404 when they may not even see it, 403 when they may only read it.
pub(in crate::routes) async fn editable_record(
    state: &web::Data<AppState>,
    user: &CurrentUser,
    kind: Kind,
    id: i32,
) -> Result<(Record, String), AppError> {
    let u = user.clone();
    with_db(state, move |conn| {
        let rec = publishing::load(conn, kind, id)?.ok_or(AppError::NotFound)?;
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

/// The public suggestion an editor is acting on (`?suggestion=N`), if any.
fn suggestion_query(req: &HttpRequest) -> Option<i32> {
    web::Query::<SuggestionQuery>::from_query(req.query_string())
        .ok()?
        .into_inner()
        .suggestion?
        .parse()
        .ok()
}

/// What an edit or manage page's address may carry.
#[derive(serde::Deserialize)]
struct SuggestionQuery {
    suggestion: Option<String>,
}

fn form_version(form: &Form) -> Result<i32, AppError> {
    form.get("version")
        .parse()
        .map_err(|_| AppError::BadRequest("error-400-message"))
}
