//! The officials' page of a tie: every record with its state, and what they may add.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::super::session::{Me, flash, private_html, require_user};
use super::super::{Ctx, lang, with_db};
use super::view::{heading, record_label};
use super::{may_add, suggestion_query, tie_title};
use crate::error::AppError;
use crate::models::tie::Tie;
use crate::publishing::{self, Kind};
use crate::startup::AppState;

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

pub(super) async fn manage(
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
        let records = publishing::records_of_tie(conn, tie.id)?;
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
            label: record_label(lang, r),
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
