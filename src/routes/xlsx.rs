//! The `.xlsx` twin of every CSV export (`/{lang}/ties.xlsx`, `places.xlsx`, `reports.xlsx`):
//! the same columns and rows, written row by row in rust_xlsxwriter's constant-memory mode (rows
//! go to a temporary file as they come, not into memory). Text is stored as text, so "Pécs" stays
//! "Pécs" and nothing is read as a formula; a full date (YYYY-MM-DD) is a real date cell; a
//! partial one (`1993`, `1989-11`) stays text; numbers and booleans are typed; the header is
//! frozen and filterable.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Datelike;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};
use serde::Serialize;

use super::cache_policy::{CachePolicy, Cached};
use super::export::OpenData;
use super::lang;
use super::tie_export::ExportRow;
use crate::error::AppError;
use crate::startup::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/{lang}/ties.xlsx", web::get().to(ties))
        .route("/{lang}/places.xlsx", web::get().to(places))
        .route("/{lang}/reports.xlsx", web::get().to(reports));
}

pub const MEDIA_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn full_date(s: &str) -> Option<chrono::NaiveDate> {
    (s.len() == 10)
        .then(|| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
        .flatten()
}

/// A workbook of one sheet: the header, then one row per item, in the columns' order.
pub fn workbook<T: Serialize>(
    as_of: chrono::NaiveDate,
    sheet: &str,
    columns: &[&str],
    rows: impl IntoIterator<Item = T>,
) -> Result<Vec<u8>, AppError> {
    let fail = |e: XlsxError| AppError::internal("xlsx export", e);
    let mut book = Workbook::new();
    // The same rows make the same bytes (so the same ETag): the file is dated by the day its
    // statuses are judged on, not by the moment it was written.
    let created =
        ExcelDateTime::from_ymd(as_of.year() as u16, as_of.month() as u8, as_of.day() as u8)
            .map_err(fail)?;
    let properties = DocProperties::new()
        .set_title("Pantau Kota Kembar")
        .set_creation_datetime(&created);
    book.set_properties(&properties);
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let text = Format::new().set_num_format("@");
    let n_rows;
    {
        let ws = book.add_worksheet_with_constant_memory().map_err(fail)?;
        ws.set_name(sheet).map_err(fail)?;
        ws.set_freeze_panes(1, 0).map_err(fail)?;
        for (c, name) in columns.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *name, &bold)
                .map_err(fail)?;
        }
        let mut r: u32 = 0;
        for row in rows {
            r += 1;
            let value =
                serde_json::to_value(&row).map_err(|e| AppError::internal("xlsx export", e))?;
            for (c, name) in columns.iter().enumerate() {
                let col = c as u16;
                match value.get(*name) {
                    Some(serde_json::Value::String(s)) => match full_date(s) {
                        Some(d) => ws.write_datetime_with_format(r, col, d, &date),
                        None if s.is_empty() => continue,
                        None => ws.write_string_with_format(r, col, s, &text),
                    },
                    Some(serde_json::Value::Number(n)) => match n.as_f64() {
                        Some(x) => ws.write_number(r, col, x),
                        None => continue,
                    },
                    Some(serde_json::Value::Bool(b)) => ws.write_boolean(r, col, *b),
                    _ => continue,
                }
                .map_err(fail)?;
            }
        }
        n_rows = r;
        ws.autofilter(0, 0, n_rows, columns.len().saturating_sub(1) as u16)
            .map_err(fail)?;
    }
    book.save_to_buffer().map_err(fail)
}

fn answer(body: Vec<u8>, file: &str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(MEDIA_TYPE)
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{file}.xlsx\""),
        ))
        .open_data()
        .body(body)
        .cached(CachePolicy::PAGE)
}

async fn ties(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let lang = lang(&path)?;
    let (query, rows) = match super::tie_export::export_rows(&req, &state, lang).await? {
        Ok(found) => found,
        Err(bad) => return Ok(bad),
    };
    let today = state.today();
    let body = web::block(move || workbook(today, "ties", &ExportRow::COLUMNS, rows)).await??;
    Ok(answer(body, &query.file_stem()))
}

async fn places(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    lang(&path)?;
    let rows = super::open_data::place_rows(&state, &super::export::origin(&req)).await?;
    let today = state.today();
    let body =
        web::block(move || workbook(today, "places", &super::open_data::PLACE_COLUMNS, rows))
            .await??;
    Ok(answer(body, "pantau-places"))
}

async fn reports(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    lang(&path)?;
    let rows = super::reports::export_rows(
        &super::export::origin(&req),
        &super::reports::load(&state).await?,
    );
    let today = state.today();
    let body =
        web::block(move || workbook(today, "reports", &super::reports::COLUMNS, rows)).await??;
    Ok(answer(body, "pantau-reports"))
}
