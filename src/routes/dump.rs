//! The bulk download of the whole public database, `/data/pantau.jsonl`: JSON lines (one line per
//! row, tagged with its table) after a line of licence and format, published records only (no
//! accounts, sessions, drafts or document bytes). Streamed table by table, `ROWS_PER_PIECE` rows
//! (or the records of that many ties or reports) per piece, each read after the last key seen.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use super::cache_policy::CachePolicy;
use super::export::{self, OpenData};
use super::stream::{self, Pieces, ROWS_PER_PIECE, Sink};
use super::with_db;
use crate::db::AnyConnection;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::models::activity::Activity;
use crate::models::agreement::Agreement;
use crate::models::place::Place;
use crate::models::procedure::ProcedureStep;
use crate::models::report::Report;
use crate::models::revision::{PUBLIC_ACTIONS, Revision};
use crate::models::roadmap::{Milestone, Roadmap};
use crate::models::source::Source;
use crate::models::tie::{ReportedStatus, Tie};
use crate::schema;
use crate::startup::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/data/pantau.jsonl", web::get().to(dump));
}

/// The tables, in the order they are written.
const TABLES: [&str; 14] = [
    "places",
    "ties",
    "tie_fields",
    "agreements",
    "procedure_steps",
    "roadmaps",
    "milestones",
    "activities",
    "reports",
    "report_factors",
    "reported_statuses",
    "sources",
    "citations",
    "revisions",
];

const PAGE: i64 = ROWS_PER_PIECE as i64;

/// One row of the dump, its dates at their precision and its timestamps in UTC (`Z`).
fn line<T: Serialize>(out: &mut Vec<u8>, table: &str, row: &T) {
    let Ok(mut row) = serde_json::to_value(row) else {
        return;
    };
    export::normalise(&mut row);
    if serde_json::to_writer(
        &mut *out,
        &serde_json::json!({ "table": table, "row": row }),
    )
    .is_ok()
    {
        out.push(b'\n');
    }
}

/// Write `rows` of `table`; the key to read the next page after, when this one was full.
fn lines<T: Serialize>(
    out: &mut Vec<u8>,
    table: &str,
    rows: &[T],
    key: impl Fn(&T) -> i32,
) -> Option<i32> {
    for row in rows {
        line(out, table, row);
    }
    rows.last().filter(|_| rows.len() as i64 == PAGE).map(key)
}

/// The dump's pieces: the licence line, then a page of one table at a time.
struct Dump {
    meta: Option<Vec<u8>>,
    /// The table being written (an index into `TABLES`) and the key its next page starts after.
    table: usize,
    after: i32,
}

impl Dump {
    fn new(changed: Option<NaiveDateTime>) -> Dump {
        let meta = serde_json::json!({
            "table": "_meta",
            "row": {
                "title": "Pantau Kota Kembar — public data",
                "licence": export::licence_json(),
                "attribution": Lang::En.t("export-licence"),
                "updated_at": changed.map(export::utc),
                "format": "JSON lines: one object per line, {\"table\": name, \"row\": {...}}; a date is written at its precision (YYYY, YYYY-MM or YYYY-MM-DD) and its *_precision field says which; timestamps are ISO 8601 in UTC (Z)",
                "tables": TABLES,
            }
        });
        Dump {
            meta: Some(format!("{meta}\n").into_bytes()),
            table: 0,
            after: i32::MIN,
        }
    }
}

impl Pieces for Dump {
    /// A piece is the lines of a page of one table.
    type Piece = Vec<u8>;

    fn write(&mut self, lines: Vec<u8>, out: &mut Sink) -> Result<(), AppError> {
        use std::io::Write;
        out.write_all(&lines)
            .map_err(|e| AppError::internal("dump", e))
    }

    fn read(&mut self, conn: &mut AnyConnection) -> Result<Option<Vec<u8>>, AppError> {
        if let Some(meta) = self.meta.take() {
            return Ok(Some(meta));
        }
        while let Some(table) = TABLES.get(self.table) {
            let mut out = Vec::new();
            match page(conn, table, self.after, &mut out)? {
                Some(after) => self.after = after,
                None => {
                    self.table += 1;
                    self.after = i32::MIN;
                }
            }
            if !out.is_empty() {
                return Ok(Some(out));
            }
        }
        Ok(None)
    }
}

/// The next ids of ties (by id) after `after`: a page of ties whose records are written together.
fn tie_page(conn: &mut AnyConnection, after: i32) -> QueryResult<Vec<i32>> {
    use schema::ties::dsl::*;
    ties.filter(id.gt(after))
        .order(id)
        .select(id)
        .limit(PAGE)
        .load(conn)
}

/// The key after which the next page starts when `ids` was a full page.
fn next_after(ids: &[i32]) -> Option<i32> {
    ids.last().copied().filter(|_| ids.len() as i64 == PAGE)
}

/// Write one page of `table` after the key `after`; the key of the next page, if any.
fn page(
    conn: &mut AnyConnection,
    table: &str,
    after: i32,
    out: &mut Vec<u8>,
) -> QueryResult<Option<i32>> {
    use schema::*;
    Ok(match table {
        "places" => {
            let rows: Vec<Place> = places::table
                .filter(places::id.gt(after))
                .order(places::id)
                .limit(PAGE)
                .load(conn)?;
            lines(out, table, &rows, |r| r.id)
        }
        "ties" => {
            let rows: Vec<Tie> = ties::table
                .filter(ties::id.gt(after))
                .order(ties::id)
                .limit(PAGE)
                .load(conn)?;
            lines(out, table, &rows, |r| r.id)
        }
        "tie_fields" => {
            let ids = tie_page(conn, after)?;
            let fields: Vec<(i32, String)> = tie_fields::table
                .filter(tie_fields::tie_id.eq_any(&ids))
                .order((tie_fields::tie_id, tie_fields::field))
                .load(conn)?;
            for (tie_id, field) in fields {
                line(
                    out,
                    table,
                    &serde_json::json!({ "tie_id": tie_id, "field": field }),
                );
            }
            next_after(&ids)
        }
        "agreements" => {
            let rows: Vec<Agreement> = agreements::table
                .filter(agreements::id.gt(after))
                .filter(agreements::published_at.is_not_null())
                .order(agreements::id)
                .select(Agreement::as_select())
                .limit(PAGE)
                .load(conn)?;
            lines(out, table, &rows, |r| r.id)
        }
        "procedure_steps" => {
            // Each tie's steps in the order of its page: by date, then as recorded.
            let ids = tie_page(conn, after)?;
            let rows: Vec<ProcedureStep> = procedure_steps::table
                .filter(procedure_steps::tie_id.eq_any(&ids))
                .filter(procedure_steps::published_at.is_not_null())
                .order((
                    procedure_steps::tie_id,
                    procedure_steps::occurred_on.asc(),
                    procedure_steps::id,
                ))
                .select(ProcedureStep::as_select())
                .load(conn)?;
            lines(out, table, &rows, |r| r.id);
            next_after(&ids)
        }
        "roadmaps" => {
            let rows: Vec<Roadmap> = roadmaps::table
                .filter(roadmaps::id.gt(after))
                .filter(roadmaps::published_at.is_not_null())
                .order(roadmaps::id)
                .limit(PAGE)
                .load(conn)?;
            lines(out, table, &rows, |r| r.id)
        }
        "milestones" => {
            // The milestones of published roadmaps.
            let rows: Vec<Milestone> = milestones::table
                .inner_join(roadmaps::table)
                .filter(milestones::id.gt(after))
                .filter(roadmaps::published_at.is_not_null())
                .order(milestones::id)
                .select(milestones::all_columns)
                .limit(PAGE)
                .load(conn)?;
            lines(out, table, &rows, |r| r.id)
        }
        "activities" => {
            let rows: Vec<Activity> = activities::table
                .filter(activities::id.gt(after))
                .filter(activities::published_at.is_not_null())
                .order(activities::id)
                .limit(PAGE)
                .load(conn)?;
            lines(out, table, &rows, |r| r.id)
        }
        "reports" => {
            let rows: Vec<Report> = reports::table
                .filter(reports::id.gt(after))
                .filter(reports::published_at.is_not_null())
                .order(reports::id)
                .limit(PAGE)
                .load(conn)?;
            lines(out, table, &rows, |r| r.id)
        }
        "report_factors" => {
            // The factors of a page of published reports.
            let ids: Vec<i32> = reports::table
                .filter(reports::id.gt(after))
                .filter(reports::published_at.is_not_null())
                .order(reports::id)
                .select(reports::id)
                .limit(PAGE)
                .load(conn)?;
            let factors: Vec<(i32, String)> = report_factors::table
                .filter(report_factors::report_id.eq_any(&ids))
                .order((report_factors::report_id, report_factors::factor))
                .load(conn)?;
            for (report_id, factor) in factors {
                line(
                    out,
                    table,
                    &serde_json::json!({ "report_id": report_id, "factor": factor }),
                );
            }
            next_after(&ids)
        }
        "reported_statuses" => {
            let rows: Vec<ReportedStatus> = reported_statuses::table
                .filter(reported_statuses::id.gt(after))
                .order(reported_statuses::id)
                .limit(PAGE)
                .load(conn)?;
            lines(out, table, &rows, |r| r.id)
        }
        "sources" => {
            let rows: Vec<Source> = sources::table
                .filter(sources::id.gt(after))
                .order(sources::id)
                .limit(PAGE)
                .load(conn)?;
            lines(out, table, &rows, |r| r.id)
        }
        "citations" => {
            let rows: Vec<(i32, i32, String, i32, String, i32)> = citations::table
                .filter(citations::id.gt(after))
                .order(citations::id)
                .limit(PAGE)
                .load(conn)?;
            let ids: Vec<i32> = rows.iter().map(|r| r.0).collect();
            for (id, source_id, subject_kind, subject_id, detail, position) in rows {
                line(
                    out,
                    table,
                    &serde_json::json!({ "id": id, "source_id": source_id, "subject_kind": subject_kind, "subject_id": subject_id, "detail": detail, "position": position }),
                );
            }
            next_after(&ids)
        }
        "revisions" => {
            // Public changes only (imports, publications, corrections), without who made them.
            let rows: Vec<Revision> = revisions::table
                .filter(revisions::id.gt(after))
                .filter(revisions::action.eq_any(PUBLIC_ACTIONS))
                .order(revisions::id)
                .limit(PAGE)
                .load(conn)?;
            let parse = |s: &str| serde_json::from_str::<serde_json::Value>(s).unwrap_or_default();
            for r in &rows {
                line(
                    out,
                    table,
                    &serde_json::json!({ "id": r.id, "subject_kind": r.subject_kind, "subject_id": r.subject_id, "tie_id": r.tie_id, "action": r.action, "changed_at": export::utc(r.changed_at), "reason": r.reason, "before": r.before_json.as_deref().map(parse), "after": parse(&r.after_json) }),
                );
            }
            next_after(&rows.iter().map(|r| r.id).collect::<Vec<_>>())
        }
        _ => None,
    })
}

/// Every public row, streamed.
async fn dump(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let changed = with_db(&state, |conn| Ok(Revision::last_change(conn)?)).await?;
    let etag = stream::validator(&req, &state, "").await?;
    let mut builder = HttpResponse::Ok();
    builder
        .content_type("application/x-ndjson; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"pantau.jsonl\"",
        ))
        .open_data();
    let policy = CachePolicy::PAGE.modified(changed);
    stream::answer(
        &req,
        &state,
        builder,
        etag,
        policy,
        "dump",
        Dump::new(changed),
    )
    .await
}
