//! How the publishing forms look: each kind's fields with their labels, hints and widgets in the
//! page's language, the form field view models of `publish/field.html`, a record's short name,
//! and the problems of a form put into words.

use std::collections::BTreeMap;

use crate::i18n::Lang;
use crate::publishing::fields::specs;
use crate::publishing::{FieldType, Fields, Kind, Problem, Problems, Record, Texts, Vocab};

/// Error messages (already in the page's language) by field name.
pub type Errors = BTreeMap<&'static str, String>;

/// How a field is entered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Widget {
    Text,
    Textarea,
    /// Markdown with a preview button.
    Markdown,
    /// YYYY-MM-DD.
    Date,
    /// YYYY, YYYY-MM or YYYY-MM-DD.
    PartialDate,
    /// A decimal amount ≥ 0.
    Number,
    /// A whole number ≥ 0.
    Integer,
    /// An http(s) address.
    Url,
    Select(Vec<(String, String)>),
    Checkboxes(Vec<(String, String)>),
    /// A PDF document (not part of the texts; its name and SHA-256 are).
    File,
}

/// A field of a form, in the page's language.
#[derive(Clone, Debug)]
pub struct Field {
    pub name: String,
    pub label: String,
    pub help: String,
    pub widget: Widget,
    pub required: bool,
}

/// The message prefix of a vocabulary's names (`agreement-kind-mou`).
fn vocab_prefix(v: Vocab) -> &'static str {
    match v {
        Vocab::AgreementKind => "agreement-kind",
        Vocab::Yes => "field-open-ended",
        Vocab::Step => "step",
        Vocab::MilestoneStatus => "milestone-status",
        Vocab::ActivityKind => "activity-kind",
        Vocab::Rating => "rating",
        Vocab::Factor => "factor",
    }
}

fn options(lang: Lang, v: Vocab) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if v == Vocab::Rating {
        out.push((String::new(), "—".to_string()));
    }
    out.extend(v.tags().into_iter().map(|t| {
        let label = match v {
            Vocab::Yes => lang.t("field-open-ended-yes"),
            _ => lang.vocab(vocab_prefix(v), t),
        };
        (t.to_string(), label)
    }));
    out
}

fn widget(lang: Lang, ty: FieldType) -> Widget {
    match ty {
        FieldType::Text => Widget::Text,
        FieldType::Textarea => Widget::Textarea,
        FieldType::Markdown => Widget::Markdown,
        FieldType::Date => Widget::Date,
        FieldType::PartialDate => Widget::PartialDate,
        FieldType::Amount => Widget::Number,
        FieldType::Count => Widget::Integer,
        FieldType::Url => Widget::Url,
        FieldType::Choice(v) => Widget::Select(options(lang, v)),
        FieldType::Choices(v) => Widget::Checkboxes(options(lang, v)),
        FieldType::File => Widget::File,
    }
}

/// A field's label and hint: (message key of the label, or the label itself; hint).
fn label_and_help(lang: Lang, kind: Kind, name: &str, w: &Widget) -> (String, String) {
    // Dates, amounts and currencies say in their hint which forms are accepted.
    let hint = |key: &str| lang.t(key);
    let default_help = match w {
        Widget::Date => hint("field-date-hint"),
        Widget::PartialDate => hint("field-partial-date-hint"),
        Widget::Number => hint("field-amount-hint"),
        _ if name.ends_with("_currency") => hint("field-currency-hint"),
        _ => String::new(),
    };
    if let Some(sector) = name.strip_prefix("participants_") {
        return (
            lang.t_args(
                "field-participants-count",
                &[("sector", lang.vocab("sector", sector))],
            ),
            hint("field-participants-hint"),
        );
    }
    if let Some(ind) = name.strip_prefix("rating_") {
        let indicator = lang.vocab("indicator", ind);
        return (
            lang.t_args("field-rating", &[("indicator", indicator)]),
            lang.vocab("indicator", &format!("{ind}-help")),
        );
    }
    if let Some(ind) = name.strip_prefix("comment_") {
        let indicator = lang.vocab("indicator", ind);
        return (
            lang.t_args("field-rating-comment", &[("indicator", indicator)]),
            String::new(),
        );
    }
    let (label, help) = match (kind, name) {
        (Kind::Agreement, "kind") => ("field-agreement-kind", None),
        (Kind::Activity, "kind") => ("field-activity-kind", None),
        (Kind::Activity, "occurred_on") => ("label-activity-date", None),
        (_, "occurred_on") => ("field-occurred-on", None),
        (Kind::Roadmap, "body_md") => ("field-roadmap-body", Some("field-markdown-help")),
        (_, "body_md") => ("field-report-body", Some("field-markdown-help")),
        (_, "title") => ("field-title", None),
        (_, "signed_on") => ("field-signed-on", None),
        (_, "in_force_from") => ("label-in-force-from", None),
        (_, "expires_on") => ("label-expires-on", None),
        (_, "open_ended") => ("field-open-ended", Some("field-open-ended-help")),
        (_, "signatories") => ("field-signatories", None),
        (_, "link") => ("field-link", None),
        (_, "document") => ("field-document", Some("field-document-help")),
        (_, "note") => ("field-note", None),
        (_, "step") => ("field-step", None),
        (_, "period_start") => ("label-period-start", None),
        (_, "period_end") => ("label-period-end", None),
        (_, "budget_amount") => ("field-budget-amount", None),
        (_, "budget_currency" | "cost_currency") => ("label-currency", None),
        (_, "target") => ("field-target", Some("field-target-help")),
        (_, "due_on") => ("label-due-on", None),
        (_, "status") => ("field-milestone-status", None),
        (_, "evidence") => ("field-evidence", None),
        (_, "description") => ("field-description", None),
        (_, "cost_amount") => ("field-cost-amount", None),
        (_, "evidence_link") => ("field-evidence-link", None),
        (_, "factors") => ("field-factors", None),
        _ => ("", None),
    };
    (
        lang.t(label),
        help.map(|h| lang.t(h)).unwrap_or(default_help),
    )
}

/// The fields of a kind of record, in form order, in the page's language.
pub fn fields(kind: Kind, lang: Lang) -> Vec<Field> {
    specs(kind)
        .iter()
        .map(|spec| {
            let widget = widget(lang, spec.ty);
            let (label, help) = label_and_help(lang, kind, spec.name, &widget);
            Field {
                name: spec.name.to_string(),
                label,
                help,
                widget,
                required: spec.required,
            }
        })
        .collect()
}

/// The problems of a form, in the page's language.
pub fn errors(lang: Lang, problems: &Problems) -> Errors {
    problems
        .iter()
        .map(|(name, p)| {
            let text = match p {
                Problem::Markdown(_) => lang.t_args(
                    p.message_key(),
                    &[("max", crate::markdown::MAX_NESTING.to_string())],
                ),
                _ => lang.t(p.message_key()),
            };
            (*name, text)
        })
        .collect()
}

/// A short name for lists ("MoU, 2023", a title).
pub fn record_label(lang: Lang, rec: &Record) -> String {
    match &rec.fields {
        Fields::Agreement(a) => super::super::view::agreement_label_of(lang, &a.kind, a.signed_on),
        Fields::Step(s) => lang.vocab("step", &s.step),
        Fields::Roadmap(r) => r.title.clone(),
        Fields::Milestone(m) => m.title.clone(),
        Fields::Activity(a) => a.title.clone(),
        Fields::Report(r) => r.title.clone(),
    }
}

/// "New agreement" / "Edit agreement".
pub fn heading(lang: Lang, kind: Kind, new: bool) -> String {
    let what = lang.t(&format!("kind-{}", kind.segment()));
    if new {
        lang.t_args("editor-new", &[("what", what)])
    } else {
        lang.t_args("editor-edit", &[("what", what)])
    }
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
    values: &Texts,
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
            let value = values.get(f.name.as_str()).cloned().unwrap_or_default();
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
                error: errors.get(f.name.as_str()).cloned(),
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
