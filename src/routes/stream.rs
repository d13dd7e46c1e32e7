//! Streamed answers (the bulk exports and the dump): the database work runs on a blocking thread,
//! one piece at a time with a pooled connection taken for that piece only, and sends each piece
//! through a small bounded channel to the response body, so that a slow client holds the
//! producer back and memory holds a few pieces whatever the size of the export. Such a body
//! cannot be hashed for its ETag: its validator is made from what determines it (`validator`).

use std::pin::Pin;
use std::task::{Context, Poll};

use actix_web::web::{self, Bytes};
use actix_web::{HttpRequest, HttpResponse, HttpResponseBuilder};
use tokio::sync::mpsc;

use super::cache_policy::{self, CachePolicy, Cached};
use super::export::{self, JsonList};
use super::with_db;
use crate::db::AnyConnection;
use crate::error::AppError;
use crate::startup::AppState;

/// Rows read and written per piece: a constant number of statements for each.
pub const ROWS_PER_PIECE: usize = 1000;

/// Pieces made ahead of the client (besides the one being made and the one being sent).
const WAITING: usize = 2;

/// The source of a streamed body: its pieces in order, each made with a connection of its own.
pub trait Pieces: Send + 'static {
    /// The next piece of the body, or `None` after the last.
    fn next(&mut self, conn: &mut AnyConnection) -> Result<Option<Vec<u8>>, AppError>;
}

/// What a streamed export lists: the ids of its rows in order (read first, one statement), and
/// the rows of some of them (a fixed number of statements whatever their number).
pub trait Rows: Send + 'static {
    type Row: serde::Serialize;
    /// The CSV columns, in order.
    const COLUMNS: &'static [&'static str];
    fn ids(&mut self, conn: &mut AnyConnection) -> Result<Vec<i32>, AppError>;
    fn rows(&mut self, conn: &mut AnyConnection, ids: &[i32]) -> Result<Vec<Self::Row>, AppError>;
    /// The JSON document around `count` rows, without its list (see `JsonList`).
    fn envelope(&self, count: usize) -> serde_json::Value;
}

/// How an export is written.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Encoding {
    Csv,
    /// One JSON document with the rows listed under `key`.
    Json {
        key: &'static str,
        pretty: bool,
    },
}

/// The pieces of an export: the CSV header or the JSON document's start (once the ids are read),
/// the rows `ROWS_PER_PIECE` at a time, then the JSON document's end.
pub struct Listing<R: Rows> {
    rows: R,
    encoding: Encoding,
    json: Option<JsonList>,
    ids: Option<Vec<i32>>,
    next: usize,
    ended: bool,
}

impl<R: Rows> Listing<R> {
    pub fn new(rows: R, encoding: Encoding) -> Listing<R> {
        Listing {
            rows,
            encoding,
            json: None,
            ids: None,
            next: 0,
            ended: false,
        }
    }
}

impl<R: Rows> Pieces for Listing<R> {
    fn next(&mut self, conn: &mut AnyConnection) -> Result<Option<Vec<u8>>, AppError> {
        let Some(ids) = &self.ids else {
            let ids = self.rows.ids(conn)?;
            let head = match self.encoding {
                Encoding::Json { key, pretty } => {
                    let list = JsonList::new(self.rows.envelope(ids.len()), key, pretty)?;
                    let head = list.head();
                    self.json = Some(list);
                    head
                }
                Encoding::Csv => export::csv_header(R::COLUMNS)?,
            };
            self.ids = Some(ids);
            return Ok(Some(head));
        };
        if self.next < ids.len() {
            let end = (self.next + ROWS_PER_PIECE).min(ids.len());
            let rows = self.rows.rows(conn, &ids[self.next..end])?;
            self.next = end;
            return Ok(Some(match &mut self.json {
                Some(list) => list.rows(&rows)?,
                None => export::csv_rows(R::COLUMNS, &rows)?,
            }));
        }
        if self.ended {
            return Ok(None);
        }
        self.ended = true;
        Ok(self.json.as_ref().map(JsonList::tail))
    }
}

/// The body: the first piece (already made), then the others as the producer sends them.
struct Body {
    first: Option<Bytes>,
    pieces: mpsc::Receiver<Result<Bytes, AppError>>,
}

impl futures_core::Stream for Body {
    type Item = Result<Bytes, AppError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if let Some(first) = self.first.take() {
            return Poll::Ready(Some(Ok(first)));
        }
        self.pieces.poll_recv(cx)
    }
}

/// Start making the body and wait for its first piece: an error before it is the usual error
/// page; a later one is logged and cuts the body short (an error ends a chunked answer without
/// its last chunk, so the client sees a truncated file rather than a hang). The producer stops
/// when the client goes away (the body, and with it the channel, is dropped).
async fn start(
    state: &web::Data<AppState>,
    what: &'static str,
    mut pieces: impl Pieces,
) -> Result<Body, AppError> {
    let (tx, mut rx) = mpsc::channel::<Result<Bytes, AppError>>(WAITING);
    let pool = state.pool.clone();
    actix_web::rt::task::spawn_blocking(move || {
        let mut first = true;
        loop {
            let piece = pool
                .get()
                .map_err(AppError::from)
                .and_then(|mut conn| pieces.next(&mut conn));
            let sent = match piece {
                Ok(Some(bytes)) => tx.blocking_send(Ok(Bytes::from(bytes))),
                Ok(None) => return,
                Err(e) => {
                    if !first {
                        tracing::error!(error = %e.chain(), "{what}: the streamed answer is cut short");
                    }
                    let _ = tx.blocking_send(Err(e));
                    return;
                }
            };
            if sent.is_err() {
                // The client went away.
                return;
            }
            first = false;
        }
    });
    match rx.recv().await {
        Some(Ok(first)) => Ok(Body {
            first: Some(first),
            pieces: rx,
        }),
        Some(Err(e)) => Err(e),
        None => Err(AppError::internal(what, "the producer stopped")),
    }
}

/// A streamed answer: `builder`'s headers with the validator `etag`, and the body of `pieces`;
/// or the `304 Not Modified` to a matching conditional request, before any piece is made.
pub async fn answer(
    req: &HttpRequest,
    state: &web::Data<AppState>,
    mut builder: HttpResponseBuilder,
    etag: String,
    policy: CachePolicy,
    what: &'static str,
    pieces: impl Pieces,
) -> Result<HttpResponse, AppError> {
    if let Some(not_modified) = cache_policy::precondition(req, &etag, policy) {
        return Ok(not_modified);
    }
    let body = start(state, what, pieces).await?;
    Ok(builder
        .insert_header((actix_web::http::header::ETAG, etag))
        .streaming(body)
        .cached(policy))
}

/// A streamed export of `rows` (open data, public for a minute): CSV as an attachment, JSON
/// inline, under the file name `stem`; its validator is made from `canonical_query`.
pub async fn export<R: Rows>(
    req: &HttpRequest,
    state: &web::Data<AppState>,
    canonical_query: &str,
    stem: &str,
    encoding: Encoding,
    rows: R,
) -> Result<HttpResponse, AppError> {
    use super::export::OpenData;
    let etag = validator(req, state, canonical_query).await?;
    let mut builder = HttpResponse::Ok();
    let (media_type, disposition) = match encoding {
        Encoding::Csv => (
            "text/csv; charset=utf-8",
            format!("attachment; filename=\"{stem}.csv\""),
        ),
        Encoding::Json { .. } => (
            "application/json",
            format!("inline; filename=\"{stem}.json\""),
        ),
    };
    builder
        .content_type(media_type)
        .insert_header((actix_web::http::header::CONTENT_DISPOSITION, disposition))
        .open_data();
    let pieces = Listing::new(rows, encoding);
    answer(
        req,
        state,
        builder,
        etag,
        CachePolicy::PAGE,
        "export",
        pieces,
    )
    .await
}

/// The weak validator of a streamed answer, from what determines its bytes: the data's version,
/// the day statuses are judged on, the origin its links use, the path, its canonical query, the
/// methodology and this program's version.
pub async fn validator(
    req: &HttpRequest,
    state: &web::Data<AppState>,
    canonical_query: &str,
) -> Result<String, AppError> {
    let version = with_db(state, |conn| {
        Ok(crate::models::revision::data_version(conn)?)
    })
    .await?;
    let determined_by = format!(
        "{version}|{}|{}{}?{canonical_query}|{}|{}",
        state.today(),
        super::export::origin(req),
        req.path(),
        crate::assessment::METHODOLOGY_VERSION,
        env!("CARGO_PKG_VERSION"),
    );
    Ok(cache_policy::etag_of(determined_by.as_bytes()))
}
