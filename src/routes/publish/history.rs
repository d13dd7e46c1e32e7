//! The history of a tie's records and of a report: every public revision with who made it,
//! why, and what changed, line by line.

use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::NaiveDateTime;

use super::super::{Ctx, html_page, lang, with_db};
use super::tie_title;
use super::view::{Field, Widget};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::models::revision::Revision;
use crate::models::tie::Tie;
use crate::publishing::{self, Kind};
use crate::startup::AppState;

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

/// A revision's record as text, by field name in name order. Any names: a revision of a tie or
/// an older import records its own.
struct Snapshot(Vec<(String, String)>);

impl Snapshot {
    /// The value of a field ("" when the revision does not record it).
    fn value(&self, k: &str) -> String {
        self.0
            .iter()
            .find(|(name, _)| name == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    fn names(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(k, _)| k)
    }

    fn values(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(_, v)| v.as_str())
    }
}

fn json_map(s: Option<&str>) -> Snapshot {
    let Some(v) = s.and_then(|s| serde_json::from_str::<serde_json::Value>(s).ok()) else {
        return Snapshot(Vec::new());
    };
    let mut fields: Vec<(String, String)> = v
        .as_object()
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
        .unwrap_or_default();
    fields.sort_by(|a, b| a.0.cmp(&b.0));
    Snapshot(fields)
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
fn field_change(lang: Lang, f: &Field, b: &str, a: &str) -> ChangeView {
    use super::super::preview::{Shown, shown_text};
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
    let fields = super::super::preview::subject_fields(
        &r.subject_kind,
        lang,
        before.values().chain(after.values()),
    );
    let value = |m: &Snapshot, k: &str| m.value(k);
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
        .names()
        .chain(after.names())
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

pub(super) async fn tie_history(
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
    Ok(html_page(
        &req,
        page.render()?,
        super::super::freshness(&state, changed),
    ))
}

pub(super) async fn report_history(
    req: HttpRequest,
    path: web::Path<(String, i32)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let (code, id) = path.into_inner();
    let lang = lang(&code)?;
    let (rec, revisions, authors) = with_db(&state, move |conn| {
        let rec = publishing::load(conn, Kind::Report, id)?.ok_or(AppError::NotFound)?;
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
        title: super::view::record_label(lang, &rec),
        entries: revisions
            .iter()
            .map(|r| history_entry(lang, r, &authors))
            .collect(),
        suggestions: Vec::new(),
    };
    Ok(html_page(
        &req,
        page.render()?,
        super::super::freshness(&state, changed),
    ))
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
