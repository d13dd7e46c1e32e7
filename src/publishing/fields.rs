//! The fields of each kind of record as the domain knows them (name, type, required), their text
//! form, and the checks of a submitted form. Labels and widgets are the web layer's.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::{Kind, RecordKind, with_kind};
use crate::i18n::{Lang, PartialDate};
use crate::models::{activity, agreement, procedure, report, roadmap};

/// A record's fields as text, by field name: what a form holds and shows, and what a revision
/// records. Repeated fields (checkboxes) are joined with newlines. Names are the kinds' own
/// (`FieldSpec::name`), so no other key can be set.
pub type Texts = BTreeMap<&'static str, String>;

/// What went wrong with a field, by field name.
pub type Problems = BTreeMap<&'static str, Problem>;

/// A closed list of choices a field takes its values from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Vocab {
    AgreementKind,
    /// A single box to tick ("yes").
    Yes,
    Step,
    MilestoneStatus,
    ActivityKind,
    /// 0 to 3 (the report's ratings).
    Rating,
    Factor,
}

impl Vocab {
    /// The stored keys of the choices, in the order they are offered.
    pub fn tags(self) -> Vec<&'static str> {
        match self {
            Vocab::AgreementKind => agreement::KINDS.to_vec(),
            Vocab::Yes => vec!["yes"],
            Vocab::Step => procedure::STEPS.to_vec(),
            Vocab::MilestoneStatus => roadmap::MILESTONE_STATUSES.to_vec(),
            Vocab::ActivityKind => activity::KINDS.to_vec(),
            Vocab::Rating => vec!["0", "1", "2", "3"],
            Vocab::Factor => report::factors().iter().map(String::as_str).collect(),
        }
    }
}

/// How a field's text is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldType {
    /// One line: a name or title (no bidi or format characters).
    Text,
    Textarea,
    /// Markdown, rendered when saved.
    Markdown,
    /// A day (YYYY-MM-DD, or the forms `input::day` reads).
    Date,
    /// YYYY, YYYY-MM or YYYY-MM-DD.
    PartialDate,
    /// A decimal amount ≥ 0.
    Amount,
    /// A whole number ≥ 0.
    Count,
    /// An http(s) address.
    Url,
    /// One of a vocabulary.
    Choice(Vocab),
    /// Any of a vocabulary.
    Choices(Vocab),
    /// A PDF document (not part of the texts; its name and SHA-256 are).
    File,
}

/// One field of a kind of record.
#[derive(Clone, Copy, Debug)]
pub struct FieldSpec {
    pub name: &'static str,
    pub ty: FieldType,
    pub required: bool,
}

/// A field that may be left empty.
pub const fn optional(name: &'static str, ty: FieldType) -> FieldSpec {
    FieldSpec {
        name,
        ty,
        required: false,
    }
}

/// A field that must be filled.
pub const fn required(name: &'static str, ty: FieldType) -> FieldSpec {
    FieldSpec {
        name,
        ty,
        required: true,
    }
}

/// The fields of a kind, in form order.
pub fn specs(kind: Kind) -> &'static [FieldSpec] {
    with_kind!(kind, K => K::FIELDS)
}

/// Why a field's value was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    Required,
    TooLong,
    /// A Markdown body that would take too long to render.
    Markdown(crate::markdown::Refusal),
    Date,
    PartialDate,
    Amount,
    Count,
    Url,
    Choice,
    EndBeforeStart,
    /// An open-ended term with an end date.
    OpenEndedWithEnd,
    Currency,
}

impl Problem {
    /// The message that says so (`error-*`/`input-error-*`; a Markdown refusal's takes `$max`).
    pub fn message_key(self) -> &'static str {
        match self {
            Problem::Required => "error-required",
            Problem::TooLong => "error-too-long",
            Problem::Markdown(r) => r.message_key(),
            Problem::Date => "input-error-date",
            Problem::PartialDate => "input-error-partial-date",
            Problem::Amount => "input-error-amount",
            Problem::Count => "input-error-count",
            Problem::Url => "error-url",
            Problem::Choice => "error-choice",
            Problem::EndBeforeStart => "error-end-before-start",
            Problem::OpenEndedWithEnd => "error-open-ended-with-end",
            Problem::Currency => "error-currency",
        }
    }
}

/// Texts read from a submitted form: only the kind's own fields (no ids, no author, no
/// publication date — nothing else can be assigned through a form).
pub fn values_from_form(kind: Kind, form_get_all: impl Fn(&str) -> Vec<String>) -> Texts {
    let mut out = Texts::new();
    for f in specs(kind) {
        if f.ty == FieldType::File {
            continue;
        }
        let all = form_get_all(f.name);
        let value = match f.ty {
            FieldType::Choices(_) => {
                let mut v: Vec<String> = all.into_iter().filter(|s| !s.is_empty()).collect();
                v.sort();
                v.dedup();
                v.join("\n")
            }
            // A one-line text is a name (a title, signatories): no bidi or format characters.
            FieldType::Text => {
                crate::models::without_format(&all.into_iter().next().unwrap_or_default())
            }
            _ => all.into_iter().next().unwrap_or_default(),
        };
        out.insert(f.name, value.trim().replace("\r\n", "\n"));
    }
    out
}

pub fn is_url(s: &str) -> bool {
    (s.starts_with("https://") || s.starts_with("http://"))
        && s.len() > 10
        && s.len() <= 2000
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// Check a form's texts against the kind's fields; amounts and counts are read the way `lang`
/// writes numbers. The typed fields, or what is wrong by field.
pub fn validate(kind: Kind, lang: Lang, values: &Texts) -> Result<super::Fields, Problems> {
    normalise(kind, lang, values).map(|texts| super::Fields::from_texts(kind, &texts))
}

/// [`validate`]'s checks, answering with the normalised texts (ISO dates, machine numbers,
/// upper-case currencies).
pub fn normalise(kind: Kind, lang: Lang, values: &Texts) -> Result<Texts, Problems> {
    let mut problems = Problems::new();
    let mut out = values.clone();
    for f in specs(kind) {
        let v = values.get(f.name).map(String::as_str).unwrap_or("");
        if f.ty == FieldType::File {
            continue;
        }
        if v.is_empty() {
            if f.required {
                problems.insert(f.name, Problem::Required);
            }
            continue;
        }
        let max = if matches!(f.ty, FieldType::Markdown | FieldType::Textarea) {
            100_000
        } else {
            2_000
        };
        if v.chars().count() > max {
            problems.insert(f.name, Problem::TooLong);
            continue;
        }
        // Markdown is rendered when saved and for a preview: refuse what would take long first.
        if f.ty == FieldType::Markdown
            && let Err(refusal) = crate::markdown::check(v)
        {
            problems.insert(f.name, Problem::Markdown(refusal));
            continue;
        }
        let bad = match f.ty {
            FieldType::Date => match crate::input::day(v) {
                Some(d) => {
                    out.insert(f.name, d.format("%Y-%m-%d").to_string());
                    None
                }
                None => Some(Problem::Date),
            },
            FieldType::PartialDate => match crate::input::partial_date(v) {
                Some(d) => {
                    out.insert(f.name, d.iso());
                    None
                }
                None => Some(Problem::PartialDate),
            },
            FieldType::Amount => match crate::input::amount(v, lang) {
                Some(a) => {
                    out.insert(f.name, a.to_string());
                    None
                }
                None => Some(Problem::Amount),
            },
            FieldType::Count => match crate::input::count(v, lang) {
                Some(n) if n <= 1_000_000 => {
                    out.insert(f.name, n.to_string());
                    None
                }
                _ => Some(Problem::Count),
            },
            FieldType::Url => (!is_url(v)).then_some(Problem::Url),
            FieldType::Choice(vocab) => (!vocab.tags().contains(&v)).then_some(Problem::Choice),
            FieldType::Choices(vocab) => {
                let tags = vocab.tags();
                v.lines()
                    .any(|x| !tags.contains(&x))
                    .then_some(Problem::Choice)
            }
            FieldType::Text | FieldType::Textarea | FieldType::Markdown | FieldType::File => None,
        };
        if let Some(p) = bad {
            problems.insert(f.name, p);
        }
    }
    // Cross-field checks.
    type CrossChecks = (
        &'static [(&'static str, &'static str)],
        fn(&Texts, &mut Problems),
    );
    let (date_order, cross_check): CrossChecks =
        with_kind!(kind, K => (K::DATE_ORDER, K::cross_check));
    for (from, to) in date_order {
        if let (Some(a), Some(b)) = (
            out.get(*from).and_then(|s| crate::input::day(s)),
            out.get(*to).and_then(|s| crate::input::day(s)),
        ) && b < a
            && !problems.contains_key(*to)
        {
            problems.insert(*to, Problem::EndBeforeStart);
        }
    }
    cross_check(&out, &mut problems);
    for cur in ["budget_currency", "cost_currency"] {
        if let Some(c) = out.get(cur).filter(|c| !c.is_empty()) {
            let up = c.to_uppercase();
            if up.len() == 3 && up.bytes().all(|b| b.is_ascii_uppercase()) {
                out.insert(cur, up);
            } else {
                problems.insert(cur, Problem::Currency);
            }
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

// Reading checked texts into typed fields, and writing typed fields as text.

/// A field's text ("" when absent).
pub(super) fn get<'a>(t: &'a Texts, k: &str) -> &'a str {
    t.get(k).map(String::as_str).unwrap_or("")
}

pub(super) fn text(t: &Texts, k: &str) -> String {
    get(t, k).to_string()
}

pub(super) fn opt_text(t: &Texts, k: &str) -> Option<String> {
    Some(text(t, k)).filter(|s| !s.is_empty())
}

pub(super) fn opt_day(t: &Texts, k: &str) -> Option<NaiveDate> {
    crate::input::day(get(t, k))
}

pub(super) fn opt_amount(t: &Texts, k: &str) -> Option<f64> {
    // Checked texts are in the machine form (`1500.5`), which every language reads.
    crate::input::amount(get(t, k), Lang::En)
}

pub(super) fn count(t: &Texts, k: &str) -> i32 {
    get(t, k).parse().unwrap_or(0)
}

pub(super) fn opt_rating(t: &Texts, k: &str) -> Option<i32> {
    get(t, k).parse().ok().filter(|r| (0..=3).contains(r))
}

pub(super) fn opt_partial(t: &Texts, k: &str) -> Option<PartialDate> {
    PartialDate::parse(get(t, k)).ok()
}

/// An optional value as text ("" when absent).
pub(super) fn show<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(|x| x.to_string()).unwrap_or_default()
}

/// The texts of a list of (name, text) pairs.
pub(super) fn texts(pairs: impl IntoIterator<Item = (&'static str, String)>) -> Texts {
    pairs.into_iter().collect()
}
