//! `/data/datapackage.json`: a Frictionless Data Package (v1) describing every CSV export — its
//! columns (from the same column lists the exports write), their types, allowed values (from the
//! vocabularies the code uses), keys and the data's licence — so that `frictionless validate`
//! checks the exports against it.

use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::{Value, json};

use super::cache_policy::{CachePolicy, Cached};
use super::export::{self, OpenData};
use super::tie_export::ExportRow;
use super::with_db;
use crate::assessment::{ActivityStatus, AgreementStatus, GRADES};
use crate::error::AppError;
use crate::models::{agreement, place, tie};
use crate::startup::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/data/datapackage.json", web::get().to(datapackage));
}

/// A partial date at its precision: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
const PARTIAL_DATE: &str = "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$";

fn strings(v: &[&str]) -> Vec<Value> {
    v.iter().map(|s| json!(s)).collect()
}

/// The Table Schema field of a column of an export.
fn field(name: &str) -> Value {
    let (kind, description, constraints): (&str, &str, Value) = match name {
        "id" | "slug" => (
            "string",
            "Stable identifier",
            json!({ "required": true, "unique": true }),
        ),
        "url" => ("string", "Address of the page", json!({ "required": true })),
        "score" | "ties" | "ceremonial_ties" => ("integer", "", json!({ "minimum": 0 })),
        "average_score" => (
            "integer",
            "Average transparency score of the place's ties (0–100)",
            json!({ "minimum": 0, "maximum": 100 }),
        ),
        "lat" | "lon" => ("number", "Approximate WGS84 coordinate", json!({})),
        "ceremonial" | "independent" => ("boolean", "", json!({})),
        "first_agreement_signed_on" | "started_on" => (
            "string",
            "A date at the precision of its source: YYYY, YYYY-MM or YYYY-MM-DD",
            json!({ "pattern": PARTIAL_DATE }),
        ),
        "published_on" | "period_start" | "period_end" => ("date", "", json!({})),
        "tie_kind" => ("string", "", json!({ "enum": strings(&tie::KINDS) })),
        "first_agreement_type" => ("string", "", json!({ "enum": strings(&agreement::KINDS) })),
        "reported_status" => (
            "string",
            "Latest status reported by sources (historical)",
            json!({ "enum": strings(&tie::REPORTED_STATUSES) }),
        ),
        "agreement_status" => (
            "string",
            "Derived agreement status (methodology)",
            json!({ "enum": AgreementStatus::ALL.iter().map(|s| json!(s.as_str())).collect::<Vec<_>>() }),
        ),
        "activity_status" => (
            "string",
            "Derived activity status",
            json!({ "enum": ActivityStatus::ALL.iter().map(|s| json!(s.as_str())).collect::<Vec<_>>() }),
        ),
        "grade" | "average_grade" => (
            "string",
            "Transparency grade",
            json!({ "enum": GRADES.iter().map(|g| json!(g.to_string())).collect::<Vec<_>>() }),
        ),
        "kind" => ("string", "", json!({ "enum": strings(&place::KINDS) })),
        "country" | "partner_country" => (
            "string",
            "ISO 3166-1 alpha-2",
            json!({ "pattern": "^[A-Z]{2}$" }),
        ),
        "role" => ("string", "", json!({ "enum": ["self", "independent"] })),
        n if n.starts_with("rating_") => (
            "integer",
            "Rating 0–3",
            json!({ "minimum": 0, "maximum": 3 }),
        ),
        "fields" | "factors" => ("string", "Tags separated by ;", json!({})),
        _ => ("string", "", json!({})),
    };
    let mut f = json!({ "name": name, "type": kind });
    if !description.is_empty() {
        f["description"] = json!(description);
    }
    if constraints.as_object().is_some_and(|c| !c.is_empty()) {
        f["constraints"] = constraints;
    }
    f
}

fn resource(origin: &str, name: &str, path: &str, columns: &[&str], key: &str) -> Value {
    json!({
        "name": name,
        "path": format!("{origin}{path}"),
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "licenses": [export::licence_json()],
        "schema": {
            "fields": columns.iter().map(|c| field(c)).collect::<Vec<_>>(),
            "primaryKey": [key],
        },
    })
}

/// The package for this site (absolute paths to its English exports).
pub fn package(origin: &str, updated: Option<String>) -> Value {
    let mut ties = resource(origin, "ties", "/en/ties.csv", &ExportRow::COLUMNS, "id");
    ties["title"] = json!("Sister-city ties with their statuses and transparency score");
    ties["schema"]["foreignKeys"] = json!([
        { "fields": "indonesian_place_slug", "reference": { "resource": "places", "fields": "slug" } },
        { "fields": "partner_slug", "reference": { "resource": "places", "fields": "slug" } },
    ]);
    let mut places = resource(
        origin,
        "places",
        "/en/places.csv",
        &super::open_data::PLACE_COLUMNS,
        "slug",
    );
    places["title"] = json!("Places (Indonesian regions and partner places abroad)");
    let mut reports = resource(
        origin,
        "reports",
        "/en/reports.csv",
        &super::reports::COLUMNS,
        "id",
    );
    reports["title"] = json!("Published evaluation reports with ratings and comments");
    reports["schema"]["foreignKeys"] = json!([
        { "fields": "tie", "reference": { "resource": "ties", "fields": "id" } },
    ]);
    reports["schema"]["fields"][0]["type"] = json!("integer");
    json!({
        "profile": "tabular-data-package",
        "name": "pantau-kota-kembar",
        "title": "Pantau Kota Kembar: Indonesia's sister-city ties",
        "description": "Places, sister-city ties and evaluation reports, with the statuses and transparency score Pantau derives from the sources it cites. Reported statuses are historical statements of sources. Also as JSON lines (all tables): /data/pantau.jsonl; API: /api/v1.",
        "homepage": format!("{origin}/id/"),
        "version": crate::assessment::METHODOLOGY_VERSION,
        "updated": updated,
        "licenses": [export::licence_json()],
        "sources": [{ "title": "Sources cited on each page", "path": format!("{origin}/en/sources") }],
        "resources": [places, ties, reports],
    })
}

async fn datapackage(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let changed = with_db(&state, |conn| {
        Ok(crate::models::revision::Revision::last_change(conn)?)
    })
    .await?;
    let doc = package(&export::origin(&req), changed.map(export::utc));
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .open_data()
        .body(serde_json::to_string_pretty(&doc).map_err(|e| AppError::internal("json", e))?)
        .cached(CachePolicy::PAGE.modified(changed)))
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_export_column_is_described() {
        let doc = super::package("https://x", None);
        for (i, columns) in [
            &super::super::open_data::PLACE_COLUMNS[..],
            &super::ExportRow::COLUMNS[..],
            &super::super::reports::COLUMNS[..],
        ]
        .iter()
        .enumerate()
        {
            let names: Vec<&str> = doc["resources"][i]["schema"]["fields"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["name"].as_str().unwrap())
                .collect();
            assert_eq!(&names[..], *columns);
        }
        assert_eq!(doc["licenses"][0]["name"], "CC-BY-4.0");
    }
}
