//! Open data beyond the tie list: the places list as CSV/JSON, and the bulk download of the whole
//! public database as JSON lines (one line per row, tagged with its table), with a licence line.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use diesel::prelude::*;
use serde::Serialize;

use super::cache_policy::{CachePolicy, Cached};
use super::export::{self, OpenData};
use super::tie_list::to_csv;
use super::{lang, with_db};
use crate::assessment::{assess_ties, place_figures};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::models::activity::Activity;
use crate::models::place::Place;
use crate::models::procedure::ProcedureStep;
use crate::models::report::Report;
use crate::models::roadmap::{Milestone, Roadmap};
use crate::models::source::Source;
use crate::models::tie::{ReportedStatus, Tie};
use crate::schema;
use crate::startup::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/{lang}/places.csv", web::get().to(places_csv))
        .route("/{lang}/places.json", web::get().to(places_json))
        .route("/data/pantau.jsonl", web::get().to(dump));
}

#[derive(Serialize)]
pub struct PlaceRow {
    pub slug: String,
    /// The name (Indonesian), and in English where it differs.
    pub name: String,
    pub name_en: String,
    pub kind: String,
    pub country: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub ties: usize,
    pub average_score: Option<u32>,
    pub average_grade: Option<String>,
    pub ceremonial_ties: usize,
    /// The place's page, in Indonesian and in English (absolute).
    pub url: String,
    pub url_en: String,
    /// The version of the methodology behind the average score.
    pub methodology_version: &'static str,
}

pub const PLACE_COLUMNS: [&str; 14] = [
    "slug",
    "name",
    "name_en",
    "kind",
    "country",
    "lat",
    "lon",
    "ties",
    "average_score",
    "average_grade",
    "ceremonial_ties",
    "url",
    "url_en",
    "methodology_version",
];

/// Every place with its figures; the same rows whatever the page's language (names in both).
pub(crate) async fn place_rows(
    state: &web::Data<AppState>,
    origin: &str,
) -> Result<Vec<PlaceRow>, AppError> {
    let today = state.today();
    let (places, assessed) = with_db(state, move |conn| {
        let places = Place::all_with_tie_counts(conn)?;
        let ties = Tie::all(conn)?;
        Ok((places, assess_ties(conn, ties, today)?))
    })
    .await?;
    Ok(places
        .iter()
        .map(|p| {
            let mine = assessed
                .iter()
                .filter(|a| a.summary.place.id == p.place.id || a.summary.partner.id == p.place.id);
            let figures = place_figures(mine.map(|a| &a.assessment));
            PlaceRow {
                slug: p.place.slug.clone(),
                name: p.place.name_in(Lang::Id).to_string(),
                name_en: p.place.name_in(Lang::En).to_string(),
                kind: p.place.kind.clone(),
                country: p.place.country_code.clone(),
                lat: p.place.lat,
                lon: p.place.lon,
                ties: figures.ties,
                average_score: figures.average_score,
                average_grade: figures.average_grade.map(|g| g.to_string()),
                ceremonial_ties: figures.ceremonial,
                url: format!("{origin}/id/places/{}", p.place.slug),
                url_en: format!("{origin}/en/places/{}", p.place.slug),
                methodology_version: crate::assessment::METHODOLOGY_VERSION,
            }
        })
        .collect())
}

async fn places_csv(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    lang(&path)?;
    let rows = place_rows(&state, &export::origin(&req)).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"pantau-places.csv\"",
        ))
        .open_data()
        .body(to_csv(&PLACE_COLUMNS, &rows)?)
        .cached(CachePolicy::PAGE))
}

async fn places_json(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let lang = lang(&path)?;
    let rows = place_rows(&state, &export::origin(&req)).await?;
    let doc = serde_json::json!({
        "count": rows.len(),
        "methodology_version": crate::assessment::METHODOLOGY_VERSION,
        "generated_at": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "licence": export::licence_json(),
        "attribution": lang.t("export-licence"),
        "places": rows,
    });
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "inline; filename=\"pantau-places.json\"",
        ))
        .open_data()
        .json(doc)
        .cached(CachePolicy::PAGE))
}

/// One row of the dump, its dates at their precision and its timestamps in UTC (`Z`).
fn line<T: Serialize>(out: &mut String, table: &str, row: &T) {
    let Ok(mut row) = serde_json::to_value(row) else {
        return;
    };
    export::normalise(&mut row);
    if let Ok(json) = serde_json::to_string(&serde_json::json!({ "table": table, "row": row })) {
        out.push_str(&json);
        out.push('\n');
    }
}

/// Every public row (published records only; no accounts, sessions, drafts or document bytes).
async fn dump(_req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let (body, changed) = with_db(&state, |conn| {
        let mut out = String::new();
        let changed = crate::models::revision::Revision::last_change(conn)?;
        let places: Vec<Place> = schema::places::table.order(schema::places::id).load(conn)?;
        let ties: Vec<Tie> = schema::ties::table.order(schema::ties::id).load(conn)?;
        let ids: Vec<i32> = ties.iter().map(|t| t.id).collect();
        let meta = serde_json::json!({
            "table": "_meta",
            "row": {
                "title": "Pantau Kota Kembar — public data",
                "licence": export::licence_json(),
                "attribution": Lang::En.t("export-licence"),
                "updated_at": changed.map(export::utc),
                "format": "JSON lines: one object per line, {\"table\": name, \"row\": {...}}; a date is written at its precision (YYYY, YYYY-MM or YYYY-MM-DD) and its *_precision field says which; timestamps are ISO 8601 in UTC (Z)",
                "tables": ["places", "ties", "tie_fields", "agreements", "procedure_steps", "roadmaps", "milestones", "activities", "reports", "report_factors", "reported_statuses", "sources", "citations", "revisions"],
            }
        });
        out.push_str(&meta.to_string());
        out.push('\n');
        for p in &places {
            line(&mut out, "places", p);
        }
        for t in &ties {
            line(&mut out, "ties", t);
        }
        let fields: Vec<(i32, String)> = schema::tie_fields::table.order((schema::tie_fields::tie_id, schema::tie_fields::field)).load(conn)?;
        for (tie_id, field) in fields {
            line(&mut out, "tie_fields", &serde_json::json!({ "tie_id": tie_id, "field": field }));
        }
        let mut agreements: Vec<_> = crate::models::agreement::Agreement::published_for_ties(conn, &ids)?.into_values().flatten().collect();
        agreements.sort_by_key(|a| a.id);
        for a in &agreements {
            line(&mut out, "agreements", a);
        }
        for t in &ties {
            for s in ProcedureStep::published_for_tie(conn, t.id)? {
                line(&mut out, "procedure_steps", &s);
            }
        }
        let roadmaps: Vec<Roadmap> = schema::roadmaps::table.filter(schema::roadmaps::published_at.is_not_null()).order(schema::roadmaps::id).load(conn)?;
        let roadmap_ids: Vec<i32> = roadmaps.iter().map(|r| r.id).collect();
        for r in &roadmaps {
            line(&mut out, "roadmaps", r);
        }
        let milestones: Vec<Milestone> = schema::milestones::table.filter(schema::milestones::roadmap_id.eq_any(&roadmap_ids)).order(schema::milestones::id).load(conn)?;
        for m in &milestones {
            line(&mut out, "milestones", m);
        }
        let activities: Vec<Activity> = schema::activities::table.filter(schema::activities::published_at.is_not_null()).order(schema::activities::id).load(conn)?;
        for a in &activities {
            line(&mut out, "activities", a);
        }
        let reports: Vec<Report> = schema::reports::table.filter(schema::reports::published_at.is_not_null()).order(schema::reports::id).load(conn)?;
        let report_ids: Vec<i32> = reports.iter().map(|r| r.id).collect();
        for r in &reports {
            line(&mut out, "reports", r);
        }
        let factors: Vec<(i32, String)> = schema::report_factors::table.filter(schema::report_factors::report_id.eq_any(&report_ids)).load(conn)?;
        for (report_id, factor) in factors {
            line(&mut out, "report_factors", &serde_json::json!({ "report_id": report_id, "factor": factor }));
        }
        let statuses: Vec<ReportedStatus> = schema::reported_statuses::table.order(schema::reported_statuses::id).load(conn)?;
        for s in &statuses {
            line(&mut out, "reported_statuses", s);
        }
        let sources: Vec<Source> = schema::sources::table.order(schema::sources::id).load(conn)?;
        for s in &sources {
            line(&mut out, "sources", s);
        }
        let citations: Vec<(i32, i32, String, i32, String, i32)> = schema::citations::table.order(schema::citations::id).load(conn)?;
        for (id, source_id, subject_kind, subject_id, detail, position) in citations {
            line(
                &mut out,
                "citations",
                &serde_json::json!({ "id": id, "source_id": source_id, "subject_kind": subject_kind, "subject_id": subject_id, "detail": detail, "position": position }),
            );
        }
        // Public changes only (imports, publications, corrections), without who made them.
        let revisions: Vec<crate::models::revision::Revision> = schema::revisions::table
            .filter(schema::revisions::action.eq_any(crate::models::revision::PUBLIC_ACTIONS))
            .order(schema::revisions::id)
            .load(conn)?;
        for r in &revisions {
            let parse = |s: &str| serde_json::from_str::<serde_json::Value>(s).unwrap_or_default();
            line(
                &mut out,
                "revisions",
                &serde_json::json!({ "id": r.id, "subject_kind": r.subject_kind, "subject_id": r.subject_id, "tie_id": r.tie_id, "action": r.action, "changed_at": export::utc(r.changed_at), "reason": r.reason, "before": r.before_json.as_deref().map(parse), "after": parse(&r.after_json) }),
            );
        }
        Ok((out, changed))
    })
    .await?;
    Ok(HttpResponse::Ok()
        .content_type("application/x-ndjson; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"pantau.jsonl\"",
        ))
        .open_data()
        .body(body)
        .cached(CachePolicy::PAGE.modified(changed)))
}
