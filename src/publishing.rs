//! Publishing the records of a tie: the fields of each kind of record, their validation in the
//! page's language, and every write (create, edit, correct, publish) with optimistic locking, a
//! revision (before/after, who, reason) and an audit entry.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::auth::{CurrentUser, Role};
use crate::db::AnyConnection as Conn;
use crate::i18n::{Lang, PartialDate};
use crate::models::revision::NewRevision;
use crate::models::tie::Tie;
use crate::models::{activity, agreement, audit, procedure, report, roadmap, submission};
use crate::schema::{
    activities, agreements, milestones, procedure_steps, report_factors, reports, roadmaps,
};

/// Form values by field name; repeated fields (checkboxes) are joined with newlines.
pub type Values = BTreeMap<String, String>;
/// Error messages (already in the page's language) by field name.
pub type Errors = BTreeMap<String, String>;

/// The kinds of record an official or evaluator writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Agreement,
    Step,
    Roadmap,
    Milestone,
    Activity,
    Report,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Agreement,
        Kind::Step,
        Kind::Roadmap,
        Kind::Milestone,
        Kind::Activity,
        Kind::Report,
    ];

    /// The URL segment (`/id/agreements/3/edit`).
    pub fn segment(self) -> &'static str {
        match self {
            Kind::Agreement => "agreements",
            Kind::Step => "steps",
            Kind::Roadmap => "roadmaps",
            Kind::Milestone => "milestones",
            Kind::Activity => "activities",
            Kind::Report => "reports",
        }
    }

    pub fn from_segment(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.segment() == s)
    }

    /// The name used in revisions and the audit log.
    pub fn subject(self) -> &'static str {
        match self {
            Kind::Agreement => "agreement",
            Kind::Step => "procedure_step",
            Kind::Roadmap => "roadmap",
            Kind::Milestone => "milestone",
            Kind::Activity => "activity",
            Kind::Report => "report",
        }
    }

    pub fn from_subject(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.subject() == s)
    }

    /// Kinds that are published by themselves (milestones go with their roadmap).
    pub fn has_own_publication(self) -> bool {
        self != Kind::Milestone
    }

    pub fn has_document(self) -> bool {
        matches!(self, Kind::Agreement | Kind::Step)
    }
}

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
    /// A PDF document (not part of `Values`; its name and SHA-256 are).
    File,
}

#[derive(Clone, Debug)]
pub struct Field {
    pub name: String,
    pub label: String,
    pub help: String,
    pub widget: Widget,
    pub required: bool,
}

fn field(lang: Lang, name: &str, label_key: &str, widget: Widget, required: bool) -> Field {
    // Dates, amounts and currencies say in their hint which forms are accepted.
    let help = match widget {
        Widget::Date => lang.t("field-date-hint"),
        Widget::PartialDate => lang.t("field-partial-date-hint"),
        Widget::Number => lang.t("field-amount-hint"),
        _ if name.ends_with("_currency") => lang.t("field-currency-hint"),
        _ => String::new(),
    };
    Field {
        name: name.to_string(),
        label: lang.t(label_key),
        help,
        widget,
        required,
    }
}

fn vocab_options(lang: Lang, prefix: &str, tags: &[&str], blank: bool) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if blank {
        out.push((String::new(), "—".to_string()));
    }
    out.extend(tags.iter().map(|t| (t.to_string(), lang.vocab(prefix, t))));
    out
}

/// The failure and success factor tags, read from the vocabulary (`factor-*` keys).
pub fn factors() -> &'static [String] {
    static FACTORS: OnceLock<Vec<String>> = OnceLock::new();
    FACTORS.get_or_init(|| {
        include_str!("../locales/en/vocab.ftl")
            .lines()
            .filter_map(|l| l.strip_prefix("factor-"))
            .filter_map(|l| l.split_once('=').map(|(k, _)| k.trim().to_string()))
            .collect()
    })
}

/// The fields of a kind of record, in form order.
pub fn fields(kind: Kind, lang: Lang) -> Vec<Field> {
    use Widget::*;
    match kind {
        Kind::Agreement => vec![
            field(
                lang,
                "kind",
                "field-agreement-kind",
                Select(vocab_options(
                    lang,
                    "agreement-kind",
                    &agreement::KINDS,
                    false,
                )),
                true,
            ),
            field(lang, "title", "field-title", Text, false),
            field(lang, "signed_on", "field-signed-on", PartialDate, false),
            field(lang, "in_force_from", "label-in-force-from", Date, false),
            field(lang, "expires_on", "label-expires-on", Date, false),
            Field {
                help: lang.t("field-open-ended-help"),
                ..field(
                    lang,
                    "open_ended",
                    "field-open-ended",
                    Checkboxes(vec![("yes".into(), lang.t("field-open-ended-yes"))]),
                    false,
                )
            },
            field(lang, "signatories", "field-signatories", Text, false),
            field(lang, "link", "field-link", Url, false),
            Field {
                help: lang.t("field-document-help"),
                ..field(lang, "document", "field-document", File, false)
            },
            field(lang, "note", "field-note", Textarea, false),
        ],
        Kind::Step => vec![
            field(
                lang,
                "step",
                "field-step",
                Select(vocab_options(lang, "step", &procedure::STEPS, false)),
                true,
            ),
            field(lang, "occurred_on", "field-occurred-on", PartialDate, false),
            field(lang, "link", "field-link", Url, false),
            Field {
                help: lang.t("field-document-help"),
                ..field(lang, "document", "field-document", File, false)
            },
            field(lang, "note", "field-note", Textarea, false),
        ],
        Kind::Roadmap => vec![
            field(lang, "title", "field-title", Text, true),
            field(lang, "period_start", "label-period-start", Date, false),
            field(lang, "period_end", "label-period-end", Date, false),
            Field {
                help: lang.t("field-markdown-help"),
                ..field(lang, "body_md", "field-roadmap-body", Markdown, false)
            },
            field(lang, "budget_amount", "field-budget-amount", Number, false),
            field(lang, "budget_currency", "label-currency", Text, false),
        ],
        Kind::Milestone => vec![
            field(lang, "title", "field-title", Text, true),
            Field {
                help: lang.t("field-target-help"),
                ..field(lang, "target", "field-target", Text, true)
            },
            field(lang, "due_on", "label-due-on", Date, true),
            field(
                lang,
                "status",
                "field-milestone-status",
                Select(vocab_options(
                    lang,
                    "milestone-status",
                    &roadmap::MILESTONE_STATUSES,
                    false,
                )),
                true,
            ),
            field(lang, "evidence", "field-evidence", Textarea, false),
        ],
        Kind::Activity => {
            let mut v = vec![
                field(lang, "occurred_on", "label-activity-date", Date, true),
                field(
                    lang,
                    "kind",
                    "field-activity-kind",
                    Select(vocab_options(
                        lang,
                        "activity-kind",
                        &activity::KINDS,
                        false,
                    )),
                    true,
                ),
                field(lang, "title", "field-title", Text, true),
                field(lang, "description", "field-description", Textarea, false),
            ];
            for sector in activity::SECTORS {
                v.push(Field {
                    name: format!("participants_{sector}"),
                    label: lang.t_args(
                        "field-participants-count",
                        &[("sector", lang.vocab("sector", sector))],
                    ),
                    help: lang.t("field-participants-hint"),
                    widget: Integer,
                    required: false,
                });
            }
            v.push(field(
                lang,
                "cost_amount",
                "field-cost-amount",
                Number,
                false,
            ));
            v.push(field(lang, "cost_currency", "label-currency", Text, false));
            v.push(field(
                lang,
                "evidence_link",
                "field-evidence-link",
                Url,
                false,
            ));
            v
        }
        Kind::Report => {
            let mut v = vec![
                field(lang, "title", "field-title", Text, true),
                field(lang, "period_start", "label-period-start", Date, false),
                field(lang, "period_end", "label-period-end", Date, false),
                Field {
                    help: lang.t("field-markdown-help"),
                    ..field(lang, "body_md", "field-report-body", Markdown, true)
                },
            ];
            let ratings = vocab_options(lang, "rating", &["0", "1", "2", "3"], true);
            for ind in report::INDICATORS {
                let name = lang.vocab("indicator", ind);
                v.push(Field {
                    name: format!("rating_{ind}"),
                    label: lang.t_args("field-rating", &[("indicator", name.clone())]),
                    help: lang.vocab("indicator", &format!("{ind}-help")),
                    widget: Select(ratings.clone()),
                    required: false,
                });
                v.push(Field {
                    name: format!("comment_{ind}"),
                    label: lang.t_args("field-rating-comment", &[("indicator", name)]),
                    help: String::new(),
                    widget: Textarea,
                    required: false,
                });
            }
            let tags: Vec<&str> = factors().iter().map(String::as_str).collect();
            v.push(field(
                lang,
                "factors",
                "field-factors",
                Checkboxes(vocab_options(lang, "factor", &tags, false)),
                false,
            ));
            v
        }
    }
}

/// Values read from a submitted form: only the kind's own fields (no ids, no author, no
/// publication date — nothing else can be assigned through a form).
pub fn values_from_form(kind: Kind, form_get_all: impl Fn(&str) -> Vec<String>) -> Values {
    let mut out = Values::new();
    for f in fields(kind, Lang::En) {
        if f.widget == Widget::File {
            continue;
        }
        let all = form_get_all(&f.name);
        let value = match f.widget {
            Widget::Checkboxes(_) => {
                let mut v: Vec<String> = all.into_iter().filter(|s| !s.is_empty()).collect();
                v.sort();
                v.dedup();
                v.join("\n")
            }
            // A one-line text is a name (a title, signatories): no bidi or format characters.
            Widget::Text => {
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

fn parse_day(s: &str) -> Option<NaiveDate> {
    crate::input::day(s)
}

/// Check values against the kind's fields; messages are in `lang`. Values come back normalised.
pub fn validate(kind: Kind, lang: Lang, values: &Values) -> Result<Values, Errors> {
    let mut errors = Errors::new();
    let mut out = values.clone();
    for f in fields(kind, lang) {
        let v = values.get(&f.name).map(String::as_str).unwrap_or("");
        if f.widget == Widget::File {
            continue;
        }
        if v.is_empty() {
            if f.required {
                errors.insert(f.name.clone(), lang.t("error-required"));
            }
            continue;
        }
        let max = if matches!(f.widget, Widget::Markdown | Widget::Textarea) {
            100_000
        } else {
            2_000
        };
        if v.chars().count() > max {
            errors.insert(f.name.clone(), lang.t("error-too-long"));
            continue;
        }
        // Markdown is rendered when saved and for a preview: refuse what would take long first.
        if f.widget == Widget::Markdown
            && let Err(refusal) = crate::markdown::check(v)
        {
            errors.insert(
                f.name.clone(),
                lang.t_args(
                    refusal.message_key(),
                    &[("max", crate::markdown::MAX_NESTING.to_string())],
                ),
            );
            continue;
        }
        let bad = match &f.widget {
            Widget::Date => match parse_day(v) {
                Some(d) => {
                    out.insert(f.name.clone(), d.format("%Y-%m-%d").to_string());
                    None
                }
                None => Some(lang.t("input-error-date")),
            },
            Widget::PartialDate => match crate::input::partial_date(v) {
                Some(d) => {
                    out.insert(f.name.clone(), d.iso());
                    None
                }
                None => Some(lang.t("input-error-partial-date")),
            },
            Widget::Number => match crate::input::amount(v, lang) {
                Some(a) => {
                    out.insert(f.name.clone(), a.to_string());
                    None
                }
                None => Some(lang.t("input-error-amount")),
            },
            Widget::Integer => match crate::input::count(v, lang) {
                Some(n) if n <= 1_000_000 => {
                    out.insert(f.name.clone(), n.to_string());
                    None
                }
                _ => Some(lang.t("input-error-count")),
            },
            Widget::Url => (!is_url(v)).then(|| lang.t("error-url")),
            Widget::Select(opts) => {
                (!opts.iter().any(|(k, _)| k == v)).then(|| lang.t("error-choice"))
            }
            Widget::Checkboxes(opts) => v
                .lines()
                .any(|x| !opts.iter().any(|(k, _)| k == x))
                .then(|| lang.t("error-choice")),
            Widget::Text | Widget::Textarea | Widget::Markdown | Widget::File => None,
        };
        if let Some(msg) = bad {
            errors.insert(f.name.clone(), msg);
        }
    }
    // Cross-field checks.
    let pairs: &[(&str, &str)] = match kind {
        Kind::Agreement => &[("in_force_from", "expires_on")],
        Kind::Roadmap | Kind::Report => &[("period_start", "period_end")],
        _ => &[],
    };
    for (from, to) in pairs {
        if let (Some(a), Some(b)) = (
            out.get(*from).and_then(|s| parse_day(s)),
            out.get(*to).and_then(|s| parse_day(s)),
        ) && b < a
            && !errors.contains_key(*to)
        {
            errors.insert(to.to_string(), lang.t("error-end-before-start"));
        }
    }
    // An open-ended term and an end date contradict each other.
    if kind == Kind::Agreement
        && out.get("open_ended").is_some_and(|v| v == "yes")
        && out.get("expires_on").is_some_and(|v| !v.is_empty())
        && !errors.contains_key("open_ended")
    {
        errors.insert(
            "open_ended".to_string(),
            lang.t("error-open-ended-with-end"),
        );
    }
    for cur in ["budget_currency", "cost_currency"] {
        if let Some(c) = out.get(cur).filter(|c| !c.is_empty()) {
            let up = c.to_uppercase();
            if up.len() == 3 && up.bytes().all(|b| b.is_ascii_uppercase()) {
                out.insert(cur.to_string(), up);
            } else {
                errors.insert(cur.to_string(), lang.t("error-currency"));
            }
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// An uploaded document, checked to be a PDF.
#[derive(Clone, Debug)]
pub struct Document {
    pub name: String,
    pub bytes: Vec<u8>,
    pub sha256: String,
}

/// Accept a PDF of at most 20 MB, by its magic bytes (`%PDF-`), whatever its name says.
pub fn check_document(filename: &str, bytes: Vec<u8>) -> Result<Document, &'static str> {
    if bytes.len() > crate::routes::form::MAX_DOCUMENT_BYTES {
        return Err("error-document-too-large");
    }
    if !bytes.starts_with(b"%PDF-") {
        return Err("error-document-not-pdf");
    }
    let name: String = filename
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| !crate::models::is_control_or_format(*c) && *c != '"')
        .take(200)
        .collect();
    let name = if name.is_empty() {
        "document.pdf".to_string()
    } else {
        name
    };
    Ok(Document {
        sha256: crate::auth::sha256_hex(&bytes),
        name,
        bytes,
    })
}

/// A record as loaded for editing: its tie, its values, and what decides who may touch it.
#[derive(Clone, Debug)]
pub struct Record {
    pub kind: Kind,
    pub id: i32,
    pub tie: Tie,
    /// The roadmap of a milestone.
    pub roadmap_id: Option<i32>,
    pub values: Values,
    /// For a milestone: when its roadmap was published.
    pub published_at: Option<NaiveDateTime>,
    pub version: i32,
    pub author_id: Option<i32>,
    pub independent: bool,
    /// A short name for lists ("MoU, 2023", a title).
    pub label: String,
}

impl Record {
    pub fn is_published(&self) -> bool {
        self.published_at.is_some()
    }

    /// May this user see the record (drafts: only those who may edit it)?
    pub fn visible_to(&self, user: Option<&CurrentUser>) -> bool {
        self.is_published() || user.is_some_and(|u| self.editable_by(u))
    }

    /// May this user edit (and publish) the record?
    pub fn editable_by(&self, u: &CurrentUser) -> bool {
        if self.kind == Kind::Report {
            u.can_edit_report(
                self.author_id,
                self.independent,
                self.tie.place_id,
                self.tie.partner_id,
            )
        } else {
            u.can_edit_tie(self.tie.place_id, self.tie.partner_id)
        }
    }
}

fn s(v: impl ToString) -> String {
    v.to_string()
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(|x| x.to_string()).unwrap_or_default()
}

fn values(pairs: Vec<(&str, String)>) -> Values {
    pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

fn tie_by_id(conn: &mut Conn, id: i32) -> QueryResult<Tie> {
    crate::schema::ties::table.find(id).first(conn)
}

/// Load one record with its tie.
pub fn load(conn: &mut Conn, lang: Lang, kind: Kind, id: i32) -> QueryResult<Option<Record>> {
    let rec = match kind {
        Kind::Agreement => {
            let Some(a) = agreement::Agreement::by_id(conn, id)? else {
                return Ok(None);
            };
            let label = crate::routes::view::agreement_label(lang, &a);
            Record {
                kind,
                id,
                tie: tie_by_id(conn, a.tie_id)?,
                roadmap_id: None,
                values: values(vec![
                    ("kind", s(&a.kind)),
                    ("title", s(&a.title)),
                    ("signed_on", a.signed().map(|d| d.iso()).unwrap_or_default()),
                    ("in_force_from", opt(&a.in_force_from)),
                    ("expires_on", opt(&a.expires_on)),
                    ("open_ended", s(if a.open_ended { "yes" } else { "" })),
                    ("signatories", s(&a.signatories)),
                    ("link", opt(&a.link)),
                    ("note", s(&a.note)),
                    ("document_name", opt(&a.document_name)),
                    ("document_sha256", opt(&a.document_sha256)),
                ]),
                published_at: a.published_at,
                version: a.version,
                author_id: None,
                independent: false,
                label,
            }
        }
        Kind::Step => {
            let Some(procedure::StepForEditing {
                step: p,
                document_name,
            }) = procedure::ProcedureStep::by_id(conn, id)?
            else {
                return Ok(None);
            };
            Record {
                kind,
                id,
                tie: tie_by_id(conn, p.tie_id)?,
                roadmap_id: None,
                label: lang.vocab("step", &p.step),
                values: values(vec![
                    ("step", s(&p.step)),
                    (
                        "occurred_on",
                        p.occurred().map(|d| d.iso()).unwrap_or_default(),
                    ),
                    ("link", opt(&p.link)),
                    ("note", s(&p.note)),
                    ("document_name", opt(&document_name)),
                    ("document_sha256", opt(&p.document_sha256)),
                ]),
                published_at: p.published_at,
                version: p.version,
                author_id: None,
                independent: false,
            }
        }
        Kind::Roadmap => {
            let Some(r) = roadmaps::table
                .find(id)
                .first::<roadmap::Roadmap>(conn)
                .optional()?
            else {
                return Ok(None);
            };
            Record {
                kind,
                id,
                tie: tie_by_id(conn, r.tie_id)?,
                roadmap_id: Some(r.id),
                label: r.title.clone(),
                values: values(vec![
                    ("title", s(&r.title)),
                    ("period_start", opt(&r.period_start)),
                    ("period_end", opt(&r.period_end)),
                    ("body_md", s(&r.body_md)),
                    ("budget_amount", opt(&r.budget_amount)),
                    ("budget_currency", opt(&r.budget_currency)),
                ]),
                published_at: r.published_at,
                version: r.version,
                author_id: r.created_by,
                independent: false,
            }
        }
        Kind::Milestone => {
            let Some(m) = milestones::table
                .find(id)
                .first::<roadmap::Milestone>(conn)
                .optional()?
            else {
                return Ok(None);
            };
            let r: roadmap::Roadmap = roadmaps::table.find(m.roadmap_id).first(conn)?;
            Record {
                kind,
                id,
                tie: tie_by_id(conn, r.tie_id)?,
                roadmap_id: Some(r.id),
                label: m.title.clone(),
                values: values(vec![
                    ("title", s(&m.title)),
                    ("target", s(&m.target)),
                    ("due_on", opt(&m.due_on)),
                    ("status", s(&m.status)),
                    ("evidence", s(&m.evidence)),
                ]),
                published_at: r.published_at,
                version: m.version,
                author_id: None,
                independent: false,
            }
        }
        Kind::Activity => {
            let Some(a) = activities::table
                .find(id)
                .first::<activity::Activity>(conn)
                .optional()?
            else {
                return Ok(None);
            };
            Record {
                kind,
                id,
                tie: tie_by_id(conn, a.tie_id)?,
                roadmap_id: None,
                label: a.title.clone(),
                values: values(vec![
                    ("occurred_on", s(a.occurred_on)),
                    ("kind", s(&a.kind)),
                    ("title", s(&a.title)),
                    ("description", s(&a.description)),
                    ("participants_government", s(a.participants_government)),
                    ("participants_business", s(a.participants_business)),
                    ("participants_academia", s(a.participants_academia)),
                    ("participants_community", s(a.participants_community)),
                    ("participants_youth", s(a.participants_youth)),
                    ("cost_amount", opt(&a.cost_amount)),
                    ("cost_currency", opt(&a.cost_currency)),
                    ("evidence_link", opt(&a.evidence_link)),
                ]),
                published_at: a.published_at,
                version: a.version,
                author_id: a.created_by,
                independent: false,
            }
        }
        Kind::Report => {
            let Some(r) = reports::table
                .find(id)
                .first::<report::Report>(conn)
                .optional()?
            else {
                return Ok(None);
            };
            let factors: Vec<String> = report_factors::table
                .filter(report_factors::report_id.eq(id))
                .select(report_factors::factor)
                .order(report_factors::factor)
                .load(conn)?;
            let mut v = values(vec![
                ("title", s(&r.title)),
                ("period_start", opt(&r.period_start)),
                ("period_end", opt(&r.period_end)),
                ("body_md", s(&r.body_md)),
                ("factors", factors.join("\n")),
            ]);
            for (ind, rating, comment) in r.ratings() {
                v.insert(format!("rating_{ind}"), opt(&rating));
                v.insert(format!("comment_{ind}"), comment.to_string());
            }
            Record {
                kind,
                id,
                tie: tie_by_id(conn, r.tie_id)?,
                roadmap_id: None,
                label: r.title.clone(),
                values: v,
                published_at: r.published_at,
                version: r.version,
                author_id: r.author_id,
                independent: r.independent,
            }
        }
    };
    Ok(Some(rec))
}

fn get<'a>(v: &'a Values, k: &str) -> &'a str {
    v.get(k).map(String::as_str).unwrap_or("")
}

fn opt_str(v: &Values, k: &str) -> Option<String> {
    Some(get(v, k).to_string()).filter(|s| !s.is_empty())
}

fn opt_day(v: &Values, k: &str) -> Option<NaiveDate> {
    parse_day(get(v, k))
}

fn opt_amount(v: &Values, k: &str) -> Option<f64> {
    // Validated values are in the machine form (`1500.5`), which every language reads.
    crate::input::amount(get(v, k), Lang::En)
}

fn count(v: &Values, k: &str) -> i32 {
    get(v, k).parse().unwrap_or(0)
}

fn opt_rating(v: &Values, k: &str) -> Option<i32> {
    get(v, k).parse().ok().filter(|r| (0..=3).contains(r))
}

fn partial(v: &Values, k: &str) -> (Option<NaiveDate>, Option<&'static str>) {
    match PartialDate::parse(get(v, k)) {
        Ok(d) => (Some(d.date), Some(d.precision.as_str())),
        Err(_) => (None, None),
    }
}

/// Where a new record goes.
#[derive(Clone, Copy, Debug)]
pub enum Parent<'a> {
    Tie(&'a Tie),
    /// A milestone's roadmap (and its tie).
    Roadmap(i32, &'a Tie),
}

/// What a save came to.
#[derive(Debug)]
pub enum Saved {
    Ok(i32),
    /// The record changed since the form was loaded; nothing was written.
    Conflict,
}

/// Write the values of a kind: a new row (`id` None) or an update of `id` at `version`.
/// Returns the row's id, or None when the version did not match.
fn write(
    conn: &mut Conn,
    kind: Kind,
    target: Result<Parent<'_>, (i32, i32)>,
    v: &Values,
    user: &CurrentUser,
) -> QueryResult<Option<i32>> {
    let now = crate::db::now();
    macro_rules! save {
        ($table:ident, $changes:expr, $insert_extra:expr) => {
            match target {
                Ok(_) => diesel::insert_into($table::table)
                    .values((
                        $changes,
                        $insert_extra,
                        $table::created_at.eq(now),
                        $table::updated_at.eq(now),
                    ))
                    .returning($table::id)
                    .get_result::<i32>(conn)
                    .map(Some),
                Err((id, version)) => diesel::update(
                    $table::table
                        .filter($table::id.eq(id))
                        .filter($table::version.eq(version)),
                )
                .set((
                    $changes,
                    $table::version.eq(version + 1),
                    $table::updated_at.eq(now),
                ))
                .execute(conn)
                .map(|n| (n == 1).then_some(id)),
            }
        };
    }
    let tie_id = match target {
        Ok(Parent::Tie(t)) | Ok(Parent::Roadmap(_, t)) => t.id,
        Err(_) => 0,
    };
    match kind {
        Kind::Agreement => {
            let (signed_on, precision) = partial(v, "signed_on");
            let changes = (
                agreements::kind.eq(get(v, "kind").to_string()),
                agreements::title.eq(get(v, "title").to_string()),
                agreements::signed_on.eq(signed_on),
                agreements::signed_precision.eq(precision),
                agreements::in_force_from.eq(opt_day(v, "in_force_from")),
                agreements::expires_on.eq(opt_day(v, "expires_on")),
                agreements::open_ended.eq(get(v, "open_ended") == "yes"),
                agreements::signatories.eq(get(v, "signatories").to_string()),
                agreements::link.eq(opt_str(v, "link")),
                agreements::note.eq(get(v, "note").to_string()),
            );
            save!(
                agreements,
                changes,
                (
                    agreements::tie_id.eq(tie_id),
                    agreements::created_by.eq(Some(user.id))
                )
            )
        }
        Kind::Step => {
            let (occurred_on, precision) = partial(v, "occurred_on");
            let changes = (
                procedure_steps::step.eq(get(v, "step").to_string()),
                procedure_steps::occurred_on.eq(occurred_on),
                procedure_steps::occurred_precision.eq(precision),
                procedure_steps::link.eq(opt_str(v, "link")),
                procedure_steps::note.eq(get(v, "note").to_string()),
            );
            save!(
                procedure_steps,
                changes,
                (
                    procedure_steps::tie_id.eq(tie_id),
                    procedure_steps::created_by.eq(Some(user.id))
                )
            )
        }
        Kind::Roadmap => {
            let changes = (
                roadmaps::title.eq(get(v, "title").to_string()),
                roadmaps::period_start.eq(opt_day(v, "period_start")),
                roadmaps::period_end.eq(opt_day(v, "period_end")),
                roadmaps::body_md.eq(get(v, "body_md").to_string()),
                roadmaps::body_html.eq(Some(to_safe_html(get(v, "body_md")))),
                roadmaps::budget_amount.eq(opt_amount(v, "budget_amount")),
                roadmaps::budget_currency.eq(opt_str(v, "budget_currency")),
            );
            save!(
                roadmaps,
                changes,
                (
                    roadmaps::tie_id.eq(tie_id),
                    roadmaps::created_by.eq(Some(user.id))
                )
            )
        }
        Kind::Milestone => {
            let roadmap_id = match target {
                Ok(Parent::Roadmap(r, _)) => r,
                _ => 0,
            };
            let changes = (
                milestones::title.eq(get(v, "title").to_string()),
                milestones::target.eq(get(v, "target").to_string()),
                milestones::due_on.eq(opt_day(v, "due_on")),
                milestones::status.eq(get(v, "status").to_string()),
                milestones::evidence.eq(get(v, "evidence").to_string()),
            );
            save!(milestones, changes, milestones::roadmap_id.eq(roadmap_id))
        }
        Kind::Activity => {
            let changes = (
                activities::occurred_on.eq(opt_day(v, "occurred_on").unwrap_or_default()),
                activities::kind.eq(get(v, "kind").to_string()),
                activities::title.eq(get(v, "title").to_string()),
                activities::description.eq(get(v, "description").to_string()),
                activities::participants_government.eq(count(v, "participants_government")),
                activities::participants_business.eq(count(v, "participants_business")),
                activities::participants_academia.eq(count(v, "participants_academia")),
                activities::participants_community.eq(count(v, "participants_community")),
                activities::participants_youth.eq(count(v, "participants_youth")),
                activities::cost_amount.eq(opt_amount(v, "cost_amount")),
                activities::cost_currency.eq(opt_str(v, "cost_currency")),
                activities::evidence_link.eq(opt_str(v, "evidence_link")),
            );
            save!(
                activities,
                changes,
                (
                    activities::tie_id.eq(tie_id),
                    activities::created_by.eq(Some(user.id))
                )
            )
        }
        Kind::Report => {
            let changes = (
                reports::title.eq(get(v, "title").to_string()),
                reports::period_start.eq(opt_day(v, "period_start")),
                reports::period_end.eq(opt_day(v, "period_end")),
                reports::body_md.eq(get(v, "body_md").to_string()),
                reports::body_html.eq(Some(to_safe_html(get(v, "body_md")))),
                reports::rating_commitment.eq(opt_rating(v, "rating_commitment")),
                reports::rating_participation.eq(opt_rating(v, "rating_participation")),
                reports::rating_mou.eq(opt_rating(v, "rating_mou")),
                reports::rating_benefit.eq(opt_rating(v, "rating_benefit")),
                reports::rating_results.eq(opt_rating(v, "rating_results")),
                (
                    reports::comment_commitment.eq(get(v, "comment_commitment").to_string()),
                    reports::comment_participation.eq(get(v, "comment_participation").to_string()),
                    reports::comment_mou.eq(get(v, "comment_mou").to_string()),
                    reports::comment_benefit.eq(get(v, "comment_benefit").to_string()),
                    reports::comment_results.eq(get(v, "comment_results").to_string()),
                ),
            );
            // The author and whether the report is independent come from the account, never the form.
            let id = save!(
                reports,
                changes,
                (
                    reports::tie_id.eq(tie_id),
                    reports::author_id.eq(Some(user.id)),
                    reports::author_name.eq(user.display_name.clone()),
                    reports::independent.eq(user.role == Role::Evaluator),
                )
            )?;
            if let Some(id) = id {
                diesel::delete(report_factors::table.filter(report_factors::report_id.eq(id)))
                    .execute(conn)?;
                for f in get(v, "factors").lines().filter(|f| !f.is_empty()) {
                    diesel::insert_into(report_factors::table)
                        .values((
                            report_factors::report_id.eq(id),
                            report_factors::factor.eq(f),
                        ))
                        .execute(conn)?;
                }
            }
            Ok(id)
        }
    }
}

/// The stored HTML of a checked Markdown body (rendered on the blocking pool, inside the save).
fn to_safe_html(markdown: &str) -> String {
    crate::markdown::to_safe_html(markdown)
}

/// Render the Markdown of rows saved before HTML was stored (after the migration that added
/// `body_html`, or rows written by an older version); returns how many. Run at start.
pub fn render_missing_html(conn: &mut Conn) -> QueryResult<usize> {
    let maps: Vec<(i32, String)> = roadmaps::table
        .filter(roadmaps::body_html.is_null())
        .select((roadmaps::id, roadmaps::body_md))
        .load(conn)?;
    let reps: Vec<(i32, String)> = reports::table
        .filter(reports::body_html.is_null())
        .select((reports::id, reports::body_md))
        .load(conn)?;
    let n = maps.len() + reps.len();
    conn.transaction(|conn| {
        for (id, md) in maps {
            diesel::update(roadmaps::table.find(id))
                .set(roadmaps::body_html.eq(Some(to_safe_html(&md))))
                .execute(conn)?;
        }
        for (id, md) in reps {
            diesel::update(reports::table.find(id))
                .set(reports::body_html.eq(Some(to_safe_html(&md))))
                .execute(conn)?;
        }
        QueryResult::Ok(())
    })?;
    Ok(n)
}

fn store_document(conn: &mut Conn, kind: Kind, id: i32, doc: &Document) -> QueryResult<()> {
    match kind {
        Kind::Agreement => diesel::update(agreements::table.find(id))
            .set((
                agreements::document.eq(Some(doc.bytes.as_slice())),
                agreements::document_media_type.eq(Some("application/pdf")),
                agreements::document_name.eq(Some(doc.name.as_str())),
                agreements::document_sha256.eq(Some(doc.sha256.as_str())),
                agreements::document_size.eq(i32::try_from(doc.bytes.len()).ok()),
            ))
            .execute(conn)
            .map(|_| ()),
        Kind::Step => diesel::update(procedure_steps::table.find(id))
            .set((
                procedure_steps::document.eq(Some(doc.bytes.as_slice())),
                procedure_steps::document_media_type.eq(Some("application/pdf")),
                procedure_steps::document_name.eq(Some(doc.name.as_str())),
                procedure_steps::document_sha256.eq(Some(doc.sha256.as_str())),
            ))
            .execute(conn)
            .map(|_| ()),
        _ => Ok(()),
    }
}

/// A stored document: its name, media type and bytes.
pub fn document(conn: &mut Conn, kind: Kind, id: i32) -> QueryResult<Option<(String, Vec<u8>)>> {
    let row: Option<(Option<String>, Option<Vec<u8>>)> = match kind {
        Kind::Agreement => agreements::table
            .find(id)
            .select((agreements::document_name, agreements::document))
            .first(conn)
            .optional()?,
        Kind::Step => procedure_steps::table
            .find(id)
            .select((procedure_steps::document_name, procedure_steps::document))
            .first(conn)
            .optional()?,
        _ => None,
    };
    Ok(row.and_then(|(name, bytes)| Some((name.unwrap_or_default(), bytes?))))
}

fn json(values: &Values, published_at: Option<NaiveDateTime>) -> String {
    let mut v = serde_json::to_value(values).unwrap_or_default();
    if let (Some(obj), Some(at)) = (v.as_object_mut(), published_at) {
        obj.insert("published_at".into(), at.to_string().into());
    }
    v.to_string()
}

#[allow(clippy::too_many_arguments)]
fn revision(
    conn: &mut Conn,
    kind: Kind,
    id: i32,
    tie_id: i32,
    action: &str,
    user: &CurrentUser,
    reason: &str,
    before: Option<&Record>,
    ip: Option<&str>,
) -> QueryResult<()> {
    let after = load(conn, Lang::Id, kind, id)?.ok_or(diesel::result::Error::NotFound)?;
    NewRevision {
        subject_kind: kind.subject(),
        subject_id: id,
        tie_id: Some(tie_id),
        version: after.version,
        action,
        changed_by: Some(user.id),
        changed_at: crate::db::now(),
        reason,
        before_json: before.map(|b| json(&b.values, b.published_at)),
        after_json: json(&after.values, after.published_at),
    }
    .insert(conn)?;
    audit::record(
        conn,
        Some(user.id),
        ip,
        action,
        &format!("{} {id}", kind.subject()),
        reason,
    )
}

#[allow(clippy::too_many_arguments)]
/// Record a new draft (a milestone of a published roadmap is public at once, so it is
/// recorded as published).
pub fn create(
    conn: &mut Conn,
    kind: Kind,
    parent: Parent<'_>,
    values: &Values,
    doc: Option<&Document>,
    parent_published: bool,
    user: &CurrentUser,
    ip: Option<&str>,
) -> QueryResult<i32> {
    conn.transaction(|conn| {
        let id =
            write(conn, kind, Ok(parent), values, user)?.ok_or(diesel::result::Error::NotFound)?;
        if let Some(doc) = doc {
            store_document(conn, kind, id, doc)?;
        }
        let tie_id = match parent {
            Parent::Tie(t) | Parent::Roadmap(_, t) => t.id,
        };
        let action = if kind == Kind::Milestone && parent_published {
            "publish"
        } else {
            "create"
        };
        revision(conn, kind, id, tie_id, action, user, "", None, ip)?;
        Ok(id)
    })
}

/// What saving a new-record form did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Created {
    /// A record was made.
    New(i32),
    /// The same form was saved before (its submission key was claimed): this is that record.
    Earlier(i32),
    /// The key was claimed by another account or for another kind of record: nothing was made.
    KeyTaken,
}

impl Created {
    /// The record's id; `KeyTaken` is a request to refuse.
    pub fn id(self) -> Result<i32, crate::error::AppError> {
        match self {
            Created::New(id) | Created::Earlier(id) => Ok(id),
            Created::KeyTaken => Err(crate::error::AppError::BadRequest("error-submission-taken")),
        }
    }
}

#[allow(clippy::too_many_arguments)]
/// `create`, at most once per submission key: the key is claimed in the same transaction, so
/// that of any number of identical submissions (sequential or parallel) exactly one makes a
/// record and the others are told which. Without a key, a plain `create`.
pub fn create_once(
    conn: &mut Conn,
    key: Option<&str>,
    kind: Kind,
    parent: Parent<'_>,
    values: &Values,
    doc: Option<&Document>,
    parent_published: bool,
    user: &CurrentUser,
    ip: Option<&str>,
) -> QueryResult<Created> {
    let attempt = conn.transaction(|conn| {
        if let Some(key) = key {
            submission::claim(conn, key, user.id, kind.subject())?;
        }
        let id = create(conn, kind, parent, values, doc, parent_published, user, ip)?;
        if let Some(key) = key {
            submission::complete(conn, key, id)?;
        }
        Ok(id)
    });
    match (attempt, key) {
        (Ok(id), _) => Ok(Created::New(id)),
        (
            Err(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                info,
            )),
            Some(key),
        ) => match submission::made_by(conn, key, user.id)? {
            Some((k, id)) if k == kind.subject() && id != 0 => Ok(Created::Earlier(id)),
            // Another account's key, or another kind of record's: not this form's to reuse.
            _ => {
                tracing::warn!(
                    user = user.id,
                    "a submission key was reused: {}",
                    info.message()
                );
                Ok(Created::KeyTaken)
            }
        },
        (Err(e), _) => Err(e),
    }
}

#[allow(clippy::too_many_arguments)]
/// Save an edit made on `before` (loaded at the version the form carried). A published record's
/// edit is a correction and needs a reason. Nothing is written when the version moved on.
pub fn update(
    conn: &mut Conn,
    before: &Record,
    form_version: i32,
    values: &Values,
    doc: Option<&Document>,
    reason: &str,
    user: &CurrentUser,
    ip: Option<&str>,
) -> QueryResult<Saved> {
    conn.transaction(|conn| {
        let Some(id) = write(
            conn,
            before.kind,
            Err((before.id, form_version)),
            values,
            user,
        )?
        else {
            return Ok(Saved::Conflict);
        };
        if let Some(doc) = doc {
            store_document(conn, before.kind, id, doc)?;
        }
        let action = if before.is_published() {
            "correct"
        } else {
            "update"
        };
        revision(
            conn,
            before.kind,
            id,
            before.tie.id,
            action,
            user,
            reason,
            Some(before),
            ip,
        )?;
        Ok(Saved::Ok(id))
    })
}

/// Publish a draft now.
pub fn publish(
    conn: &mut Conn,
    rec: &Record,
    form_version: i32,
    user: &CurrentUser,
    ip: Option<&str>,
) -> QueryResult<Saved> {
    let now = crate::db::now();
    macro_rules! set_published {
        ($conn:ident, $table:ident) => {
            diesel::update(
                $table::table
                    .filter($table::id.eq(rec.id))
                    .filter($table::version.eq(form_version))
                    .filter($table::published_at.is_null()),
            )
            .set((
                $table::published_at.eq(Some(now)),
                $table::version.eq(form_version + 1),
                $table::updated_at.eq(now),
            ))
            .execute($conn)?
        };
    }
    conn.transaction(|conn| {
        let n = match rec.kind {
            Kind::Agreement => set_published!(conn, agreements),
            Kind::Step => set_published!(conn, procedure_steps),
            Kind::Roadmap => set_published!(conn, roadmaps),
            Kind::Activity => set_published!(conn, activities),
            Kind::Report => set_published!(conn, reports),
            Kind::Milestone => 0,
        };
        if n != 1 {
            return Ok(Saved::Conflict);
        }
        revision(
            conn, rec.kind, rec.id, rec.tie.id, "publish", user, "", None, ip,
        )?;
        Ok(Saved::Ok(rec.id))
    })
}

/// Every record of a tie (drafts included), for its manage page: kind, id, label, published.
pub fn records_of_tie(conn: &mut Conn, lang: Lang, tie_id: i32) -> QueryResult<Vec<Record>> {
    let mut ids: Vec<(Kind, i32)> = Vec::new();
    let agreement_ids: Vec<i32> = agreements::table
        .filter(agreements::tie_id.eq(tie_id))
        .select(agreements::id)
        .order(agreements::id)
        .load(conn)?;
    ids.extend(agreement_ids.into_iter().map(|i| (Kind::Agreement, i)));
    let step_ids: Vec<i32> = procedure_steps::table
        .filter(procedure_steps::tie_id.eq(tie_id))
        .select(procedure_steps::id)
        .order(procedure_steps::id)
        .load(conn)?;
    ids.extend(step_ids.into_iter().map(|i| (Kind::Step, i)));
    let roadmap_ids: Vec<i32> = roadmaps::table
        .filter(roadmaps::tie_id.eq(tie_id))
        .select(roadmaps::id)
        .order(roadmaps::id)
        .load(conn)?;
    let milestone_ids: Vec<i32> = milestones::table
        .filter(milestones::roadmap_id.eq_any(&roadmap_ids))
        .select(milestones::id)
        .order(milestones::id)
        .load(conn)?;
    ids.extend(roadmap_ids.into_iter().map(|i| (Kind::Roadmap, i)));
    ids.extend(milestone_ids.into_iter().map(|i| (Kind::Milestone, i)));
    let activity_ids: Vec<i32> = activities::table
        .filter(activities::tie_id.eq(tie_id))
        .select(activities::id)
        .order(activities::id)
        .load(conn)?;
    ids.extend(activity_ids.into_iter().map(|i| (Kind::Activity, i)));
    let report_ids: Vec<i32> = reports::table
        .filter(reports::tie_id.eq(tie_id))
        .select(reports::id)
        .order(reports::id)
        .load(conn)?;
    ids.extend(report_ids.into_iter().map(|i| (Kind::Report, i)));
    let mut out = Vec::with_capacity(ids.len());
    for (kind, id) in ids {
        if let Some(r) = load(conn, lang, kind, id)? {
            out.push(r);
        }
    }
    Ok(out)
}

/// The reports written by a user, newest first: (id, title, published).
pub fn reports_by_author(conn: &mut Conn, user_id: i32) -> QueryResult<Vec<(i32, String, bool)>> {
    let rows: Vec<(i32, String, Option<NaiveDateTime>)> = reports::table
        .filter(reports::author_id.eq(user_id))
        .order(reports::id.desc())
        .select((reports::id, reports::title, reports::published_at))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, t, p)| (id, t, p.is_some()))
        .collect())
}

/// How many drafts each of these ties has.
pub fn draft_counts(
    conn: &mut Conn,
    tie_ids: &[i32],
) -> QueryResult<std::collections::HashMap<i32, i64>> {
    let mut out = std::collections::HashMap::new();
    macro_rules! add {
        ($table:ident) => {
            let rows: Vec<(i32, i64)> = $table::table
                .filter($table::tie_id.eq_any(tie_ids))
                .filter($table::published_at.is_null())
                .group_by($table::tie_id)
                .select(($table::tie_id, diesel::dsl::count_star()))
                .load(conn)?;
            for (t, n) in rows {
                *out.entry(t).or_insert(0) += n;
            }
        };
    }
    add!(agreements);
    add!(procedure_steps);
    add!(roadmaps);
    add!(activities);
    add!(reports);
    Ok(out)
}

/// Milestones of published roadmaps that are past due and not done or missed:
/// (tie id, milestone id, title, due).
pub fn overdue_milestones(
    conn: &mut Conn,
    tie_ids: &[i32],
    today: NaiveDate,
) -> QueryResult<Vec<(i32, i32, String, NaiveDate)>> {
    let rows: Vec<(i32, i32, String, Option<NaiveDate>)> = milestones::table
        .inner_join(roadmaps::table)
        .filter(roadmaps::tie_id.eq_any(tie_ids))
        .filter(roadmaps::published_at.is_not_null())
        .filter(milestones::due_on.lt(today))
        .filter(milestones::status.eq_any(["planned", "in-progress"]))
        .select((
            roadmaps::tie_id,
            milestones::id,
            milestones::title,
            milestones::due_on,
        ))
        .order(milestones::due_on)
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(t, id, title, due)| Some((t, id, title, due?)))
        .collect())
}

/// The stored documents of a tie's published agreements and steps: (kind, id, agreement kind or
/// step, SHA-256).
pub fn published_documents(
    conn: &mut Conn,
    tie_id: i32,
) -> QueryResult<Vec<(Kind, i32, String, String)>> {
    let a: Vec<(i32, String, Option<String>)> = agreements::table
        .filter(agreements::tie_id.eq(tie_id))
        .filter(agreements::published_at.is_not_null())
        .filter(agreements::document_sha256.is_not_null())
        .order(agreements::id)
        .select((
            agreements::id,
            agreements::kind,
            agreements::document_sha256,
        ))
        .load(conn)?;
    let s: Vec<(i32, String, Option<String>)> = procedure_steps::table
        .filter(procedure_steps::tie_id.eq(tie_id))
        .filter(procedure_steps::published_at.is_not_null())
        .filter(procedure_steps::document_sha256.is_not_null())
        .order(procedure_steps::id)
        .select((
            procedure_steps::id,
            procedure_steps::step,
            procedure_steps::document_sha256,
        ))
        .load(conn)?;
    Ok(a.into_iter()
        .map(|(id, k, sha)| (Kind::Agreement, id, k, sha.unwrap_or_default()))
        .chain(
            s.into_iter()
                .map(|(id, k, sha)| (Kind::Step, id, k, sha.unwrap_or_default())),
        )
        .collect())
}
