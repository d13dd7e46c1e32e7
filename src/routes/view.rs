//! Turning model rows into what pages show: titles, labels, dates and readable citations.

use serde::Serialize;

use crate::assessment::Assessment;
use crate::i18n::{Lang, PartialDate};
use crate::models::agreement::Agreement;
use crate::models::place::Place;
use crate::models::source::{Citation, Source};
use crate::models::tie::TieSummary;

/// "Surabaya – Liverpool".
pub fn tie_title(lang: Lang, s: &TieSummary) -> String {
    format!("{} – {}", s.place.name_in(lang), s.partner.name_in(lang))
}

/// The kind of a tie in words; a sister-city tie of a regency is a "Kabupaten/kota kembar",
/// as the regional regulations call it.
pub fn tie_kind_label(lang: Lang, s: &TieSummary) -> String {
    let regency = s.place.kind == "regency" || s.partner.kind == "regency";
    if s.tie.kind == "sister-city" && regency {
        lang.t("tie-kind-sister-regency")
    } else {
        lang.vocab("tie-kind", &s.tie.kind)
    }
}

pub fn country(lang: Lang, code: &str) -> String {
    lang.vocab("country", code)
}

/// "MoU, 3 Juli 2023" / "LoI, date not recorded".
pub fn agreement_label(lang: Lang, a: &Agreement) -> String {
    agreement_label_of(lang, &a.kind, a.signed())
}

/// `agreement_label` of an agreement's kind and signing date.
pub fn agreement_label_of(lang: Lang, kind: &str, signed: Option<PartialDate>) -> String {
    let kind = lang.vocab("agreement-kind-short", kind);
    match signed {
        Some(d) => format!("{kind}, {}", d.show(lang)),
        None => format!("{kind}, {}", lang.t("date-not-recorded")),
    }
}

pub fn fields_label(lang: Lang, fields: &[String]) -> String {
    fields
        .iter()
        .map(|f| lang.vocab("field", f))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A rules version such as `1 (2026-11)` with its month written out: `1 (November 2026)`.
pub fn rules_version(lang: Lang, version: &str) -> String {
    match version.split_once(" (") {
        Some((n, rest)) => match PartialDate::parse(rest.trim_end_matches(')')) {
            Ok(d) => format!("{n} ({})", d.show(lang)),
            Err(_) => version.to_string(),
        },
        None => version.to_string(),
    }
}

pub fn date_opt(lang: Lang, d: Option<PartialDate>) -> String {
    d.map(|d| d.show(lang)).unwrap_or_default()
}

/// A source as a readable reference, never its file name.
#[derive(Debug, Clone, Serialize)]
pub struct CitationView {
    /// Short form for tables: "Safitri dkk. (sekitar 2022)" / "Safitri et al. (c. 2022)" or the web site.
    pub short: String,
    /// The full reference.
    pub full: String,
    /// What the row takes from the source ("citing Mukti 2015").
    pub detail: String,
    pub url: Option<String>,
}

fn first_author(lang: Lang, author: &str) -> String {
    let parts: Vec<&str> = author.split(", ").collect();
    if author.contains('&') || parts.len() > 2 {
        format!("{} {}", parts[0], lang.t("cite-et-al"))
    } else {
        parts[0].to_string()
    }
}

/// A source's year in the page's language: "c. 2022" becomes "sekitar 2022" in Indonesian.
fn source_year(lang: Lang, year: &str) -> String {
    if year.is_empty() {
        return lang.t("source-no-date");
    }
    match year.strip_prefix("c. ") {
        Some(y) => lang.t_args("cite-circa", &[("year", y.to_string())]),
        None => year.to_string(),
    }
}

/// What a row takes from a source, as the data gives it in English ("Purnawan et al. n.d."),
/// with the citation words of the page's language ("Purnawan dkk. t.t.").
pub fn citation_detail(lang: Lang, detail: &str) -> String {
    match lang {
        Lang::En => detail.to_string(),
        Lang::Id => detail
            .replace(" et al.", " dkk.")
            .replace("n.d.", "t.t.")
            .replace(" and ", " dan "),
    }
}

pub fn source_full(lang: Lang, s: &Source) -> String {
    if s.is_web() {
        return s.site();
    }
    let author = if s.author.is_empty() {
        lang.t("source-unsigned")
    } else {
        s.author.clone()
    };
    let year = source_year(lang, &s.year);
    let mut out = format!("{author} ({year}). {}.", s.title.trim_end_matches('.'));
    if !s.publisher.is_empty() {
        out.push(' ');
        out.push_str(&s.publisher);
        out.push('.');
    }
    out
}

pub fn source_short(lang: Lang, s: &Source) -> String {
    if s.is_web() {
        return s.site();
    }
    let year = source_year(lang, &s.year);
    if s.author.is_empty() {
        let what = if s.publisher.is_empty() {
            lang.t("source-unsigned-article")
        } else {
            s.publisher.clone()
        };
        format!("{what} ({year})")
    } else {
        format!("{} ({year})", first_author(lang, &s.author))
    }
}

pub fn citation(lang: Lang, c: &Citation) -> CitationView {
    CitationView {
        short: source_short(lang, &c.source),
        full: source_full(lang, &c.source),
        detail: if c.detail.is_empty() {
            String::new()
        } else {
            lang.t_args(
                "source-citing",
                &[("studies", citation_detail(lang, &c.detail))],
            )
        },
        url: c.source.url.clone(),
    }
}

/// One row of a table of ties.
#[derive(Debug, Clone, Serialize)]
pub struct TieRow {
    pub href: String,
    pub title: String,
    pub place_name: String,
    pub place_href: String,
    pub partner_name: String,
    pub partner_href: String,
    pub country: String,
    pub first_agreement: String,
    pub fields: String,
    pub reported_status: String,
    pub reported_label: String,
    pub reported_by: String,
    pub agreement_status: String,
    pub agreement_label: String,
    pub activity_status: String,
    pub activity_label: String,
    pub score: u32,
    pub grade: char,
    pub ceremonial: bool,
    /// "Sources disagree: …", or empty.
    pub disagreement: String,
}

impl TieRow {
    /// A row as seen from `from` (the other side is the "partner" column).
    pub fn new(lang: Lang, s: &TieSummary, a: &Assessment, from: Option<&Place>) -> TieRow {
        let (near, far) = match from {
            Some(p) if p.id == s.partner.id => (&s.partner, &s.place),
            _ => (&s.place, &s.partner),
        };
        let href = |p: &Place| format!("/{}/places/{}", lang.code(), p.slug);
        let first_agreement = match (s.first_agreement(), s.started()) {
            (Some(a), _) => agreement_label(lang, a),
            (None, Some(d)) => lang.t_args("tie-started", &[("date", d.show(lang))]),
            (None, None) => String::new(),
        };
        let (status, by) = match s.latest_reported() {
            Some(r) => (
                r.status.status.clone(),
                r.citations
                    .iter()
                    .map(|c| source_short(lang, &c.source))
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            None => ("unknown".to_string(), String::new()),
        };
        TieRow {
            href: format!("/{}/ties/{}", lang.code(), s.tie.slug),
            title: tie_title(lang, s),
            place_name: near.name_in(lang).to_string(),
            place_href: href(near),
            partner_name: far.name_in(lang).to_string(),
            partner_href: href(far),
            country: country(lang, &far.country_code),
            first_agreement,
            fields: fields_label(lang, &s.fields),
            reported_label: lang.vocab("reported-status", &status),
            reported_status: status,
            reported_by: by,
            agreement_status: a.agreement_status.as_str().to_string(),
            agreement_label: lang.vocab("agreement-status", a.agreement_status.as_str()),
            activity_status: a.activity_status.as_str().to_string(),
            activity_label: lang.vocab("activity-status", a.activity_status.as_str()),
            score: a.score,
            grade: a.grade,
            ceremonial: a.ceremonial,
            disagreement: a
                .disagreement
                .as_ref()
                .map(|r| r.text(lang))
                .unwrap_or_default(),
        }
    }
}

pub use crate::models::vocabulary::{FIELDS, PARTNER_COUNTRIES};
