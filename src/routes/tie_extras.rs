//! What the publishing side adds to the public tie page: the stored documents with their
//! SHA-256, the corrections with their reasons, and links to the history.

use actix_web::{HttpRequest, web};

use super::with_db;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::models::revision::Revision;
use crate::models::tie::Tie;
use crate::publishing::{self, Kind};
use crate::startup::AppState;

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
