//! The API's answers (stable English field names): what each record looks like, built from the
//! models. Missing values are `null` (never `""`), lists are arrays, partial dates are written at
//! their precision (`1993`, `1989-11`) with a `*_precision` field, timestamps in UTC with `Z`, and
//! every `url` is absolute.

use std::collections::BTreeMap;

use serde::Serialize;
use utoipa::ToSchema;

use super::LANG;
use crate::assessment::Assessed;
use crate::i18n::PartialDate;
use crate::models::activity::Activity;
use crate::models::place::Place;
use crate::models::procedure::ProcedureStep;
use crate::models::report::ReportWithFactors;
use crate::models::revision::Revision;
use crate::models::roadmap::RoadmapWithMilestones;
use crate::models::source::{Citation, Source};
use crate::models::tie::Reported;
use crate::routes::export::utc;

/// `None` for an empty text.
pub fn text(s: &str) -> Option<String> {
    (!s.trim().is_empty()).then(|| s.to_string())
}

/// The precision of a partial date: `year`, `month` or `day`.
pub fn precision(d: &PartialDate) -> String {
    match d.iso().len() {
        4 => "year",
        7 => "month",
        _ => "day",
    }
    .into()
}

/// An RFC 9457 problem document.
#[derive(Serialize, ToSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// The parameters refused, when a parameter is the problem.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub invalid_params: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct PlaceOut {
    #[schema(example = "bandung")]
    pub slug: String,
    /// The Indonesian name.
    #[schema(example = "Bandung")]
    pub name: String,
    /// The English name where it differs from `name`, otherwise the same as `name`.
    pub name_en: String,
    /// city, regency, province, capital-region or organisation.
    #[schema(example = "city")]
    pub kind: String,
    /// ISO 3166-1 alpha-2.
    #[schema(example = "ID")]
    pub country: String,
    /// Approximate WGS84 latitude.
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub ties: i64,
    /// When the record last changed (UTC).
    pub updated_at: String,
    pub url: String,
    /// The page for people, in Indonesian.
    pub page: String,
}

impl PlaceOut {
    pub fn new(origin: &str, p: &Place, ties: i64) -> PlaceOut {
        PlaceOut {
            slug: p.slug.clone(),
            name: p.name.clone(),
            name_en: p.name_in(crate::i18n::Lang::En).to_string(),
            kind: p.kind.clone(),
            country: p.country_code.clone(),
            lat: p.lat,
            lon: p.lon,
            ties,
            updated_at: utc(p.updated_at),
            url: format!("{origin}/api/v1/places/{}", p.slug),
            page: format!("{origin}/id/places/{}", p.slug),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct PlaceList {
    pub count: usize,
    pub page: usize,
    pub per_page: usize,
    /// The next page's absolute URL (also in the `Link` header, with first, prev and last).
    pub next: Option<String>,
    pub places: Vec<PlaceOut>,
}

/// A tie in a list: its places, first agreement, statuses and score.
#[derive(Serialize, ToSchema)]
pub struct TieOut {
    #[schema(example = "surabaya--liverpool-gb")]
    pub id: String,
    pub url: String,
    /// The page for people, in Indonesian (`/en/…` in English).
    pub page: String,
    pub indonesian_place: String,
    pub indonesian_place_slug: String,
    pub partner: String,
    pub partner_slug: String,
    pub partner_country: String,
    pub tie_kind: String,
    /// The type of the first agreement on record (null when none is).
    pub first_agreement_type: Option<String>,
    /// When the first agreement on record was signed, at its precision (YYYY, YYYY-MM or YYYY-MM-DD).
    pub first_agreement_signed_on: Option<String>,
    pub first_agreement_signed_precision: Option<String>,
    /// When sources date the tie's start (without an agreement on record, too), at its precision.
    pub started_on: Option<String>,
    pub started_precision: Option<String>,
    pub fields: Vec<String>,
    pub reported_status: String,
    /// The date of the latest reported status, at its precision.
    pub reported_status_as_of: Option<String>,
    pub agreement_status: String,
    pub agreement_status_reason: String,
    pub activity_status: String,
    pub score: u32,
    pub grade: String,
    pub ceremonial: bool,
    /// "Sources disagree: …" when a reported status contradicts the derived one.
    pub disagreement: Option<String>,
    pub methodology_version: String,
    /// When the tie's own record last changed (UTC).
    pub updated_at: String,
}

impl TieOut {
    pub fn new(origin: &str, a: &Assessed) -> TieOut {
        let s = &a.summary;
        let first = s.first_agreement();
        let signed = first.and_then(|ag| ag.signed());
        let started = s.started();
        let latest = s.latest_reported();
        TieOut {
            id: s.tie.slug.clone(),
            url: format!("{origin}/api/v1/ties/{}", s.tie.slug),
            page: format!("{origin}/id/ties/{}", s.tie.slug),
            indonesian_place: s.place.name_in(LANG).to_string(),
            indonesian_place_slug: s.place.slug.clone(),
            partner: s.partner.name_in(LANG).to_string(),
            partner_slug: s.partner.slug.clone(),
            partner_country: s.partner.country_code.clone(),
            tie_kind: s.tie.kind.clone(),
            first_agreement_type: first.map(|ag| ag.kind.clone()),
            first_agreement_signed_on: signed.map(|d| d.iso()),
            first_agreement_signed_precision: signed.as_ref().map(precision),
            started_on: started.map(|d| d.iso()),
            started_precision: started.as_ref().map(precision),
            fields: s.fields.clone(),
            reported_status: latest
                .map(|r| r.status.status.clone())
                .unwrap_or_else(|| "unknown".into()),
            reported_status_as_of: latest.and_then(|r| r.status.as_of()).map(|d| d.iso()),
            agreement_status: a.assessment.agreement_status.as_str().into(),
            agreement_status_reason: a.assessment.agreement_reason.text(LANG),
            activity_status: a.assessment.activity_status.as_str().into(),
            score: a.assessment.score,
            grade: a.assessment.grade.to_string(),
            ceremonial: a.assessment.ceremonial,
            disagreement: a.assessment.disagreement.as_ref().map(|r| r.text(LANG)),
            methodology_version: a.assessment.methodology_version.into(),
            updated_at: utc(s.tie.updated_at),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct PlaceDetail {
    pub place: PlaceOut,
    /// The average transparency score of the place's ties.
    pub average_score: Option<u32>,
    pub average_grade: Option<String>,
    pub ceremonial_ties: usize,
    pub ties: Vec<TieOut>,
}

#[derive(Serialize, ToSchema)]
pub struct TieList {
    /// The filters in force, echoed.
    pub filters: BTreeMap<String, String>,
    pub count: usize,
    pub page: usize,
    pub per_page: usize,
    /// The next page's absolute URL (also in the `Link` header, with first, prev and last).
    pub next: Option<String>,
    pub ties: Vec<TieOut>,
}

#[derive(Serialize, ToSchema)]
pub struct SourceOut {
    pub id: i32,
    /// document, web or other.
    pub kind: String,
    pub author: Option<String>,
    pub year: Option<String>,
    /// The title (null for a web page recorded by its address only).
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub url: Option<String>,
    /// When the source was recorded (UTC).
    pub created_at: String,
}

impl SourceOut {
    pub fn new(s: &Source) -> SourceOut {
        SourceOut {
            id: s.id,
            kind: s.kind.clone(),
            author: text(&s.author),
            year: text(&s.year),
            title: text(&s.title),
            publisher: text(&if s.is_web() {
                s.site()
            } else {
                s.publisher.clone()
            }),
            url: s.url.clone(),
            created_at: utc(s.created_at),
        }
    }
}

/// A source as cited by a record, with what the record takes from it.
#[derive(Serialize, ToSchema)]
pub struct CitationOut {
    pub source: SourceOut,
    /// What the row takes from the source, e.g. the study it cites.
    pub detail: Option<String>,
}

impl CitationOut {
    pub fn new(c: &Citation) -> CitationOut {
        CitationOut {
            source: SourceOut::new(&c.source),
            detail: text(&c.detail),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct SourceList {
    pub count: usize,
    pub page: usize,
    pub per_page: usize,
    pub next: Option<String>,
    pub sources: Vec<SourceOut>,
}

/// A status reported by sources: a historical statement dated by them, not today's status.
#[derive(Serialize, ToSchema)]
pub struct ReportedOut {
    pub status: String,
    /// The date the sources give the status, at its precision (the page's "Expired (December 2022)").
    pub as_of: Option<String>,
    pub as_of_precision: Option<String>,
    pub note: Option<String>,
    /// The note in Indonesian, written for this site.
    pub note_id: Option<String>,
    pub factors: Vec<String>,
    pub sources: Vec<CitationOut>,
    /// When the statement was recorded here (UTC).
    pub created_at: String,
}

impl ReportedOut {
    pub fn new(r: &Reported) -> ReportedOut {
        let as_of = r.status.as_of();
        ReportedOut {
            status: r.status.status.clone(),
            as_of: as_of.map(|d| d.iso()),
            as_of_precision: as_of.as_ref().map(precision),
            note: text(&r.status.note),
            note_id: text(&r.status.note_id),
            factors: r
                .status
                .factor_tags()
                .iter()
                .map(|f| f.to_string())
                .collect(),
            sources: r.citations.iter().map(CitationOut::new).collect(),
            created_at: utc(r.status.created_at),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct AgreementOut {
    pub id: i32,
    pub kind: String,
    pub title: Option<String>,
    /// The official recorded from the document's text that it has no end date.
    pub open_ended: bool,
    /// ISO 8601 at the precision of the source: YYYY, YYYY-MM or YYYY-MM-DD.
    #[schema(example = "1993")]
    pub signed_on: Option<String>,
    pub signed_precision: Option<String>,
    pub in_force_from: Option<chrono::NaiveDate>,
    pub expires_on: Option<chrono::NaiveDate>,
    pub signatories: Option<String>,
    pub link: Option<String>,
    pub document_sha256: Option<String>,
    /// Where the stored document opens, and its size in bytes.
    pub document_url: Option<String>,
    pub document_size: Option<i32>,
    pub note: Option<String>,
    pub published_at: Option<String>,
    pub updated_at: String,
}

impl AgreementOut {
    pub fn new(origin: &str, ag: &crate::models::agreement::Agreement) -> AgreementOut {
        let signed = ag.signed();
        AgreementOut {
            id: ag.id,
            kind: ag.kind.clone(),
            title: text(&ag.title),
            open_ended: ag.open_ended,
            document_url: ag
                .document_sha256
                .as_ref()
                .map(|_| format!("{origin}/en/agreements/{}/document", ag.id)),
            document_size: ag.document_size,
            signed_on: signed.map(|d| d.iso()),
            signed_precision: signed.as_ref().map(precision),
            in_force_from: ag.in_force_from,
            expires_on: ag.expires_on,
            signatories: text(&ag.signatories),
            link: ag.link.clone(),
            document_sha256: ag.document_sha256.clone(),
            note: text(&ag.note),
            published_at: ag.published_at.map(utc),
            updated_at: utc(ag.updated_at),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct StepOut {
    pub id: i32,
    pub step: String,
    pub occurred_on: Option<String>,
    pub occurred_precision: Option<String>,
    pub link: Option<String>,
    pub note: Option<String>,
    pub updated_at: String,
}

impl StepOut {
    pub fn new(st: &ProcedureStep) -> StepOut {
        let occurred = st.occurred();
        StepOut {
            id: st.id,
            step: st.step.clone(),
            occurred_on: occurred.map(|d| d.iso()),
            occurred_precision: occurred.as_ref().map(precision),
            link: st.link.clone(),
            note: text(&st.note),
            updated_at: utc(st.updated_at),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct MilestoneOut {
    pub title: String,
    pub target: Option<String>,
    pub due_on: Option<chrono::NaiveDate>,
    /// planned, in-progress, done or missed.
    pub status: String,
    pub evidence: Option<String>,
    pub updated_at: String,
}

#[derive(Serialize, ToSchema)]
pub struct RoadmapOut {
    pub id: i32,
    pub title: String,
    pub period_start: Option<chrono::NaiveDate>,
    pub period_end: Option<chrono::NaiveDate>,
    pub body_markdown: Option<String>,
    pub budget_amount: Option<f64>,
    pub budget_currency: Option<String>,
    pub milestones: Vec<MilestoneOut>,
    pub published_at: Option<String>,
    pub updated_at: String,
}

impl RoadmapOut {
    pub fn new(r: &RoadmapWithMilestones) -> RoadmapOut {
        RoadmapOut {
            id: r.roadmap.id,
            title: r.roadmap.title.clone(),
            period_start: r.roadmap.period_start,
            period_end: r.roadmap.period_end,
            body_markdown: text(&r.roadmap.body_md),
            budget_amount: r.roadmap.budget_amount,
            budget_currency: r.roadmap.budget_currency.clone(),
            milestones: r
                .milestones
                .iter()
                .map(|m| MilestoneOut {
                    title: m.title.clone(),
                    target: text(&m.target),
                    due_on: m.due_on,
                    status: m.status.clone(),
                    evidence: text(&m.evidence),
                    updated_at: utc(m.updated_at),
                })
                .collect(),
            published_at: r.roadmap.published_at.map(utc),
            updated_at: utc(r.roadmap.updated_at),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ActivityOut {
    pub id: i32,
    pub occurred_on: chrono::NaiveDate,
    pub kind: String,
    pub title: String,
    pub description: Option<String>,
    pub participants_government: i32,
    pub participants_business: i32,
    pub participants_academia: i32,
    pub participants_community: i32,
    pub participants_youth: i32,
    pub cost_amount: Option<f64>,
    pub cost_currency: Option<String>,
    pub evidence_link: Option<String>,
    pub published_at: Option<String>,
    pub updated_at: String,
}

impl ActivityOut {
    pub fn new(x: &Activity) -> ActivityOut {
        ActivityOut {
            id: x.id,
            occurred_on: x.occurred_on,
            kind: x.kind.clone(),
            title: x.title.clone(),
            description: text(&x.description),
            participants_government: x.participants_government,
            participants_business: x.participants_business,
            participants_academia: x.participants_academia,
            participants_community: x.participants_community,
            participants_youth: x.participants_youth,
            cost_amount: x.cost_amount,
            cost_currency: x.cost_currency.clone(),
            evidence_link: x.evidence_link.clone(),
            published_at: x.published_at.map(utc),
            updated_at: utc(x.updated_at),
        }
    }
}

/// One success indicator of a report: its rating 0–3 and the author's comment.
#[derive(Serialize, ToSchema)]
pub struct IndicatorOut {
    pub rating: Option<i32>,
    pub comment: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ReportOut {
    pub id: i32,
    pub tie: String,
    pub title: String,
    pub author: String,
    pub independent: bool,
    /// `self` (a self-evaluation by the region's official) or `independent`.
    pub role: String,
    pub period_start: Option<chrono::NaiveDate>,
    pub period_end: Option<chrono::NaiveDate>,
    pub published_on: Option<chrono::NaiveDate>,
    pub body_markdown: Option<String>,
    /// The body as sanitised HTML.
    pub body_html: Option<String>,
    /// Ratings 0–3 on the five success indicators.
    pub ratings: BTreeMap<String, Option<i32>>,
    /// The five indicators with their rating and the author's comment on each.
    pub indicators: BTreeMap<String, IndicatorOut>,
    pub factors: Vec<String>,
    pub url: String,
    pub page: String,
    pub updated_at: String,
}

impl ReportOut {
    pub fn new(origin: &str, r: &ReportWithFactors, tie_slug: &str) -> ReportOut {
        let rep = &r.report;
        ReportOut {
            id: rep.id,
            tie: tie_slug.to_string(),
            title: rep.title.clone(),
            author: rep.author_name.clone(),
            independent: rep.independent,
            role: crate::routes::reports::report_role(rep.independent).into(),
            period_start: rep.period_start,
            period_end: rep.period_end,
            published_on: rep.published_at.map(|d| d.date()),
            body_markdown: text(&rep.body_md),
            body_html: rep.body_html.as_deref().and_then(text),
            ratings: rep
                .ratings()
                .iter()
                .map(|(k, v, _)| (k.to_string(), *v))
                .collect(),
            indicators: rep
                .ratings()
                .iter()
                .map(|(k, v, c)| {
                    (
                        k.to_string(),
                        IndicatorOut {
                            rating: *v,
                            comment: text(c),
                        },
                    )
                })
                .collect(),
            factors: r.factors.clone(),
            url: format!("{origin}/api/v1/reports/{}", rep.id),
            page: format!("{origin}/id/reports/{}", rep.id),
            updated_at: utc(rep.updated_at),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ReportList {
    pub count: usize,
    pub page: usize,
    pub per_page: usize,
    pub next: Option<String>,
    pub reports: Vec<ReportOut>,
}

#[derive(Serialize, ToSchema)]
pub struct CheckOut {
    pub check: String,
    pub points: u32,
    pub met: bool,
    pub earned: u32,
    pub reason: String,
}

/// A public change of a record: its import, publication or correction, with the state before
/// and after (edits of drafts are never public, nor who made a change).
#[derive(Serialize, ToSchema)]
pub struct RevisionOut {
    #[schema(example = 4711)]
    pub id: i32,
    /// The kind of record changed: tie, agreement, procedure_step, roadmap, milestone, activity
    /// or report (a tie's reported statuses come with its import).
    #[schema(example = "agreement")]
    pub subject_kind: String,
    #[schema(example = 12)]
    pub subject_id: i32,
    /// The id of the tie the record belongs to.
    #[schema(example = "surabaya--liverpool-gb")]
    pub tie: Option<String>,
    /// import, publish or correct.
    #[schema(example = "correct")]
    pub action: String,
    /// When the change was made (UTC).
    #[schema(example = "2026-03-02T08:15:00Z")]
    pub changed_at: String,
    /// The reason given for a correction.
    #[schema(example = "The signature date was misread from the scan.")]
    pub reason: Option<String>,
    /// The record's fields before the change (null for a first publication).
    #[schema(value_type = Option<Object>, example = json!({"kind": "mou", "signed_on": "1997-10-21"}))]
    pub before: Option<serde_json::Value>,
    /// The record's fields after the change.
    #[schema(value_type = Object, example = json!({"kind": "mou", "signed_on": "1997-10-12"}))]
    pub after: serde_json::Value,
}

impl RevisionOut {
    /// A revision of the tie `tie` (its id).
    pub fn new(r: &Revision, tie: Option<&str>) -> RevisionOut {
        let parse = |s: &str| {
            let mut v = serde_json::from_str(s).unwrap_or(serde_json::Value::Null);
            crate::routes::export::normalise(&mut v);
            v
        };
        RevisionOut {
            id: r.id,
            subject_kind: r.subject_kind.clone(),
            subject_id: r.subject_id,
            tie: tie.map(str::to_string),
            action: r.action.clone(),
            changed_at: utc(r.changed_at),
            reason: text(&r.reason),
            before: r.before_json.as_deref().map(parse),
            after: parse(&r.after_json),
        }
    }
}

/// A page of public changes, newest first.
#[derive(Serialize, ToSchema)]
pub struct RevisionList {
    pub count: usize,
    pub page: usize,
    pub per_page: usize,
    /// The next page's absolute URL (also in the `Link` header, with first, prev and last).
    pub next: Option<String>,
    pub revisions: Vec<RevisionOut>,
}

#[derive(Serialize, ToSchema)]
pub struct TieDetail {
    pub tie: TieOut,
    pub activity_status_reason: String,
    /// The rules version with its date; `tie.methodology_version` is the bare version.
    pub score_version: String,
    pub score_checks: Vec<CheckOut>,
    pub agreements: Vec<AgreementOut>,
    pub procedure_steps: Vec<StepOut>,
    pub reported_statuses: Vec<ReportedOut>,
    pub roadmaps: Vec<RoadmapOut>,
    pub activities: Vec<ActivityOut>,
    pub reports: Vec<ReportOut>,
    /// The public changes of the tie and its records, newest first (the page's history).
    pub revisions: Vec<RevisionOut>,
}

/// The API's entry point: what it offers and under which licence.
#[derive(Serialize, ToSchema)]
pub struct IndexOut {
    pub title: String,
    pub licence: LicenceOut,
    pub openapi: String,
    pub documentation: String,
    pub datapackage: String,
    /// The lists, by name, as absolute URLs (`{id}` stands for a tie's id, `{subject_kind}` and
    /// `{subject_id}` for a record as revisions name it).
    pub endpoints: BTreeMap<String, String>,
}

#[derive(Serialize, ToSchema)]
pub struct LicenceOut {
    #[schema(example = "CC-BY-4.0")]
    pub id: String,
    pub title: String,
    pub url: String,
}
