//! Streamed answers (the bulk exports and the dump): the database work runs on a blocking thread,
//! one piece at a time with a pooled connection taken for that piece only, and what it writes goes
//! in blocks of 64 KiB through a small bounded channel to the response body, so that a slow client
//! holds the producer back and memory holds one piece's rows and a few blocks whatever the size of
//! the export. Such a body cannot be hashed for its ETag: its validator is made from what
//! determines it (`validator`).

use std::io::Write;
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

/// The body goes out in blocks of at most this many bytes.
const BLOCK: usize = 64 * 1024;

/// Blocks made ahead of the client (besides the one being filled and the one being sent).
const WAITING: usize = 4;

/// Streamed answers made at once; the others wait their turn before their first byte. Each
/// holds a thread, its blocks and (with gzip) a compressor, and is bound by the cores anyway:
/// 64 exports at once took 55 MB more than one at a time, and no less time in all.
pub const AT_ONCE: usize = 4;
static TURNS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(AT_ONCE);

/// A client that takes no block for this long loses its answer (and gives its turn back).
const STALL: std::time::Duration = std::time::Duration::from_secs(30);

/// The source of a streamed body: its pieces in order, each read with a connection of its own
/// and written once the connection is back in the pool.
pub trait Pieces: Send + 'static {
    type Piece: Send;
    /// Read the next piece from the database, or `None` after the last.
    fn read(&mut self, conn: &mut AnyConnection) -> Result<Option<Self::Piece>, AppError>;
    /// Write a piece read.
    fn write(&mut self, piece: Self::Piece, out: &mut Sink) -> Result<(), AppError>;
}

/// Where pieces are written: bytes gathered into blocks, each sent to the body when full (or at
/// the end of a piece), waiting while the client is `WAITING` blocks behind.
pub struct Sink {
    block: Vec<u8>,
    tx: mpsc::Sender<Result<Bytes, AppError>>,
    /// Whether a block went out (the answer has begun).
    sent: bool,
    /// Whether the client went away (the body was dropped).
    gone: bool,
}

impl Sink {
    fn send(&mut self) -> std::io::Result<()> {
        let block = std::mem::replace(&mut self.block, Vec::with_capacity(BLOCK));
        // On the producer's blocking thread, which knows the runtime that started it.
        let sent = tokio::runtime::Handle::current().block_on(tokio::time::timeout(
            STALL,
            self.tx.send(Ok(Bytes::from(block))),
        ));
        if !matches!(sent, Ok(Ok(()))) {
            self.gone = true;
            return Err(std::io::ErrorKind::BrokenPipe.into());
        }
        self.sent = true;
        Ok(())
    }
}

impl std::io::Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = buf.len().min(BLOCK - self.block.len());
        self.block.extend_from_slice(&buf[..n]);
        if self.block.len() == BLOCK {
            self.send()?;
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.block.is_empty() {
            Ok(())
        } else {
            self.send()
        }
    }
}

/// What a streamed export lists: the ids of its rows in order (read first, one statement), and
/// the rows of some of them (a fixed number of statements whatever their number).
pub trait Rows: Send + 'static {
    type Row: serde::Serialize + Send;
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

/// The pieces of an export: the CSV header or the JSON document's start (once the ids are read
/// and counted), the rows `ROWS_PER_PIECE` at a time, then the JSON document's end.
pub struct Listing<R: Rows> {
    rows: R,
    encoding: Encoding,
    json: Option<JsonList>,
    ids: Option<Vec<i32>>,
    next: usize,
    ended: bool,
}

/// A piece of an export: its start (with the number of rows), some rows, or its end.
pub enum Part<Row> {
    Head(usize),
    Rows(Vec<Row>),
    Tail,
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
    type Piece = Part<R::Row>;

    fn read(&mut self, conn: &mut AnyConnection) -> Result<Option<Part<R::Row>>, AppError> {
        let Some(ids) = &self.ids else {
            let ids = self.rows.ids(conn)?;
            let count = ids.len();
            self.ids = Some(ids);
            return Ok(Some(Part::Head(count)));
        };
        if self.next < ids.len() {
            let end = (self.next + ROWS_PER_PIECE).min(ids.len());
            let rows = self.rows.rows(conn, &ids[self.next..end])?;
            self.next = end;
            return Ok(Some(Part::Rows(rows)));
        }
        if self.ended {
            return Ok(None);
        }
        self.ended = true;
        Ok(Some(Part::Tail))
    }

    fn write(&mut self, piece: Part<R::Row>, out: &mut Sink) -> Result<(), AppError> {
        let failed = |e: std::io::Error| AppError::internal("export", e);
        match piece {
            Part::Head(count) => match self.encoding {
                Encoding::Json { key, pretty } => {
                    let list = JsonList::new(self.rows.envelope(count), key, pretty)?;
                    out.write_all(&list.head()).map_err(failed)?;
                    self.json = Some(list);
                }
                Encoding::Csv => out
                    .write_all(&export::csv_header(R::COLUMNS)?)
                    .map_err(failed)?,
            },
            Part::Rows(rows) => match &mut self.json {
                Some(list) => list.write_rows(out, &rows)?,
                None => export::write_csv_rows(out, R::COLUMNS, &rows)?,
            },
            Part::Tail => {
                if let Some(list) = &self.json {
                    out.write_all(&list.tail()).map_err(failed)?;
                }
            }
        }
        Ok(())
    }
}

/// The body: the first block (already made), then the others as the producer sends them.
struct Body {
    first: Option<Bytes>,
    blocks: mpsc::Receiver<Result<Bytes, AppError>>,
}

impl futures_core::Stream for Body {
    type Item = Result<Bytes, AppError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if let Some(first) = self.first.take() {
            return Poll::Ready(Some(Ok(first)));
        }
        self.blocks.poll_recv(cx)
    }
}

/// Read and write one piece; `Ok(false)` after the last.
fn step<P: Pieces>(
    pool: &crate::db::Pool,
    pieces: &mut P,
    sink: &mut Sink,
) -> Result<bool, AppError> {
    // The connection goes back to the pool before the piece is written (and the client waited for).
    let piece = {
        let mut conn = pool.get()?;
        pieces.read(&mut conn)?
    };
    let Some(piece) = piece else {
        return Ok(false);
    };
    pieces.write(piece, sink)?;
    sink.flush().map_err(|e| AppError::internal("export", e))?;
    Ok(true)
}

/// Start making the body and wait for its first block: an error before it is the usual error
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
    let turn = TURNS
        .acquire()
        .await
        .map_err(|e| AppError::internal(what, e))?;
    actix_web::rt::task::spawn_blocking(move || {
        let _turn = turn;
        let mut sink = Sink {
            block: Vec::with_capacity(BLOCK),
            tx,
            sent: false,
            gone: false,
        };
        loop {
            match step(&pool, &mut pieces, &mut sink) {
                Ok(true) => {}
                Ok(false) => return,
                Err(_) if sink.gone => return,
                Err(e) => {
                    if sink.sent {
                        tracing::error!(error = %e.chain(), "{what}: the streamed answer is cut short");
                    }
                    // Waits as a block does: the error is what cuts the body short.
                    let _ = tokio::runtime::Handle::current()
                        .block_on(tokio::time::timeout(STALL, sink.tx.send(Err(e))));
                    return;
                }
            }
        }
    });
    match rx.recv().await {
        Some(Ok(first)) => Ok(Body {
            first: Some(first),
            blocks: rx,
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
