//! How a record's values read to the public: the preview of every form, the confirmation step
//! before publishing (what becomes public), and the readable fields of the history pages.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::publish::view::{Field, Widget, fields, record_label};
use super::session::{Me, flash, private_html, require_user};
use super::{Ctx, lang};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::markdown::to_safe_html;
use crate::publishing::{self, Kind, Texts};
use crate::startup::AppState;

/// One value as a reader sees it.
pub enum Shown {
    Text(String),
    /// Checkbox choices, one item each.
    List(Vec<String>),
    /// Markdown rendered to safe HTML.
    Html(String),
}

/// A filled field: its plain label and its value as shown.
pub struct ShownField {
    pub label: String,
    pub value: Shown,
}

impl ShownField {
    pub fn text(&self) -> &str {
        match &self.value {
            Shown::Text(t) => t,
            _ => "",
        }
    }
    pub fn items(&self) -> &[String] {
        match &self.value {
            Shown::List(l) => l,
            _ => &[],
        }
    }
    pub fn html(&self) -> &str {
        match &self.value {
            Shown::Html(h) => h,
            _ => "",
        }
    }
    pub fn is_list(&self) -> bool {
        matches!(self.value, Shown::List(_))
    }
    pub fn is_html(&self) -> bool {
        matches!(self.value, Shown::Html(_))
    }
}

/// A choice's name (a vocabulary label) for its stored key; the key itself when unknown.
fn option_label(opts: &[(String, String)], key: &str) -> String {
    opts.iter()
        .find(|(k, _)| k == key)
        .map(|(_, l)| l.clone())
        .unwrap_or_else(|| key.to_string())
}

/// A stored or typed value as the public pages write it: dates and numbers in the page's
/// language, vocabulary names instead of keys, checkbox choices as a list.
pub fn shown_text(lang: Lang, f: &Field, raw: &str) -> Shown {
    match &f.widget {
        Widget::Select(opts) => Shown::Text(option_label(opts, raw)),
        Widget::Checkboxes(opts) => Shown::List(
            raw.lines()
                .filter(|l| !l.is_empty())
                .map(|l| option_label(opts, l))
                .collect(),
        ),
        Widget::Date | Widget::PartialDate => Shown::Text(
            crate::input::partial_date(raw)
                .map(|d| lang.date(d.date, d.precision))
                .unwrap_or_else(|| raw.to_string()),
        ),
        Widget::Number => Shown::Text(match crate::input::amount(raw, Lang::En) {
            Some(_) => crate::input::show_amount(raw, lang),
            None => raw.to_string(),
        }),
        Widget::Integer => Shown::Text(match raw.parse::<i64>() {
            Ok(n) => lang.number(n),
            Err(_) => raw.to_string(),
        }),
        _ => Shown::Text(raw.to_string()),
    }
}

/// The filled fields of a record in form order, as the public will read them.
pub fn shown_fields(kind: Kind, lang: Lang, values: &Texts) -> Vec<ShownField> {
    fields(kind, lang)
        .iter()
        .filter_map(|f| {
            let raw = values
                .get(f.name.as_str())
                .map(String::as_str)
                .unwrap_or("");
            if raw.is_empty() {
                return None;
            }
            let value = match f.widget {
                // Refused bodies (too long, nested too deeply) are never rendered.
                Widget::Markdown if crate::markdown::check(raw).is_ok() => {
                    Shown::Html(to_safe_html(raw))
                }
                Widget::Markdown => Shown::Text(raw.to_string()),
                _ => shown_text(lang, f, raw),
            };
            Some(ShownField {
                label: f.label.clone(),
                value,
            })
        })
        .collect()
}

#[derive(Template)]
#[template(path = "publish/confirm.html")]
struct ConfirmPage {
    c: Ctx,
    me: Option<Me>,
    flash: Option<String>,
    heading: String,
    what: String,
    tie_title: String,
    tie_href: String,
    edit_href: String,
    action: String,
    csrf: String,
    version: i32,
    shown: Vec<ShownField>,
    document: Option<String>,
    /// Milestones that go public with a roadmap.
    milestones: Vec<String>,
}

/// The confirmation step before publishing: what becomes public, and the button that does it.
pub async fn confirm_publish(
    kind: Kind,
    req: HttpRequest,
    path: web::Path<(String, i32)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let (code, id) = path.into_inner();
    let lang = lang(&code)?;
    let user = require_user(&req, &state, lang).await?;
    let (rec, title) = super::publish::editable_record(&state, &user, kind, id).await?;
    let code = lang.code();
    let edit_href = format!("/{code}/{}/{id}/edit", kind.segment());
    if rec.is_published() {
        return Ok(super::session::see_other(
            &req,
            &edit_href,
            "flash-published",
        ));
    }
    let tie_id = rec.tie.id;
    let milestones = if kind == Kind::Roadmap {
        web::block({
            let pool = state.pool.clone();
            move || -> Result<Vec<String>, AppError> {
                let mut conn = pool.get()?;
                Ok(publishing::records_of_tie(&mut conn, tie_id)?
                    .into_iter()
                    .filter(|r| r.kind == Kind::Milestone && r.roadmap_id == Some(id))
                    .map(|r| record_label(lang, &r))
                    .collect())
            }
        })
        .await??
    } else {
        Vec::new()
    };
    let what = lang.t(&format!("kind-{}", kind.segment()));
    let document = rec
        .fields
        .document()
        .and_then(|d| d.name().map(|n| format!("{n} (SHA-256 {})", d.sha256())));
    let page = ConfirmPage {
        c: Ctx::new(&req, &state, lang, ""),
        me: Some(Me::new(lang, &user)),
        flash: flash(&req, lang),
        heading: lang.t_args("confirm-heading", &[("what", what.clone())]),
        what,
        tie_title: title,
        tie_href: format!("/{code}/ties/{}", rec.tie.slug),
        edit_href,
        action: format!("/{code}/{}/{id}/publish", kind.segment()),
        csrf: user.csrf_token.clone(),
        version: rec.version,
        shown: shown_fields(kind, lang, &rec.texts()),
        document,
        milestones,
    };
    Ok(private_html(&req, StatusCode::OK, page.render()?))
}

/// The fields a revision of `subject_kind` records, in the order a reader expects: a record
/// kind's form fields, or for a tie (from the starter data) its columns with their page labels
/// and vocabularies. `values` are every value the revision holds (for the list choices).
pub fn subject_fields<'a>(
    subject_kind: &str,
    lang: Lang,
    values: impl Iterator<Item = &'a str>,
) -> Vec<Field> {
    if let Some(kind) = Kind::from_subject(subject_kind) {
        return fields(kind, lang);
    }
    if subject_kind != "tie" {
        return Vec::new();
    }
    let tags: std::collections::BTreeSet<&str> = values.flat_map(str::lines).collect();
    let choices = |prefix: &str| -> Vec<(String, String)> {
        tags.iter()
            .map(|t| (t.to_string(), lang.vocab(prefix, t)))
            .collect()
    };
    let field = |name: &str, label: String, widget: Widget| Field {
        name: name.to_string(),
        label,
        help: String::new(),
        widget,
        required: false,
    };
    vec![
        field(
            "kind",
            lang.t("col-kind"),
            Widget::Select(choices("tie-kind")),
        ),
        field(
            "agreement_type",
            lang.t("field-agreement-kind"),
            Widget::Select(choices("agreement-kind")),
        ),
        field("signed_on", lang.t("col-signed"), Widget::PartialDate),
        field(
            "reported_status",
            lang.t("tie-reported-status"),
            Widget::Select(choices("reported-status")),
        ),
        field(
            "fields",
            lang.t("tie-fields"),
            Widget::Checkboxes(choices("field")),
        ),
        field(
            "factors",
            lang.t("field-factors"),
            Widget::Checkboxes(choices("factor")),
        ),
        field(
            "status_note",
            lang.t("history-status-note"),
            Widget::Textarea,
        ),
        field(
            "status_note_id",
            lang.t("history-status-note-id"),
            Widget::Textarea,
        ),
    ]
}
