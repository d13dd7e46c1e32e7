//! The data version a process's page cache believes: read by a watcher thread every
//! `version_check` on a connection of its own (`startup::version_watcher`), by the request that
//! wrote (before it is answered), and by a request only when both have fallen behind, so a page
//! answered from the cache does not wait for the database.

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use actix_web::web;
use diesel::QueryResult;

use super::PageCache;
use crate::db::{AnyConnection, Pool};

/// The data version last read: `at` is when it was asked, `None` once this process wrote (it
/// is then no longer believed, only used while the writer asks again).
#[derive(Clone, Copy)]
pub(super) struct Known {
    pub(super) at: Option<Instant>,
    pub(super) version: i64,
}

/// A version read is believed for this many `version_check`s: the watcher renews it every
/// `version_check`, so a request asks only when the watcher has fallen this far behind (the
/// database answers slowly, or the watcher's connection is being made again).
const BELIEVED_FOR: u32 = 3;

impl PageCache {
    fn known_version(&self) -> Option<Known> {
        *self.version.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether a version newer than `version` has been read.
    pub(super) fn newer_than(&self, version: i64) -> bool {
        self.known_version().is_some_and(|k| k.version > version)
    }

    /// The version, if read recently enough to be believed.
    fn fresh_version(&self) -> Option<i64> {
        self.known_version()
            .filter(|k| {
                k.at.is_some_and(|at| at.elapsed() < self.version_check * BELIEVED_FOR)
            })
            .map(|k| k.version)
    }

    /// Keep a version read at `asked`, when this process had made `writes` writes. An answer
    /// that may predate a write of this process (one was made since) is not believed: it is kept
    /// only when nothing else is known (the writer asks again itself).
    fn store_version(&self, writes: u64, asked: Instant, version: i64) {
        let unchanged = self.writes.load(Ordering::SeqCst) == writes;
        let mut known = self.version.lock().unwrap_or_else(|e| e.into_inner());
        if unchanged {
            *known = Some(Known {
                at: Some(asked),
                version,
            });
        } else if known.is_none() {
            *known = Some(Known { at: None, version });
        }
    }

    /// The data's version for a request: the one believed; else, while another request asks,
    /// the one last read (a change shows at most one question later); else this request asks.
    pub(super) async fn data_version(&self, pool: &Pool) -> Option<i64> {
        if let Some(v) = self.fresh_version() {
            return Some(v);
        }
        let asking = match self.asking.try_lock() {
            Ok(guard) => guard,
            Err(_) => {
                if let Some(known) = self.known_version() {
                    return Some(known.version);
                }
                let guard = self.asking.lock().await;
                if let Some(v) = self.fresh_version() {
                    return Some(v);
                }
                guard
            }
        };
        let v = self.ask(pool).await;
        drop(asking);
        v
    }

    /// Read the version on a pooled connection (the caller holds `asking`) and keep it.
    async fn ask(&self, pool: &Pool) -> Option<i64> {
        let writes = self.writes.load(Ordering::SeqCst);
        let pool = pool.clone();
        let (asked, v) = web::block(move || -> Result<(Instant, i64), String> {
            let mut conn = pool.get().map_err(|e| e.to_string())?;
            read(&mut conn).map_err(|e| e.to_string())
        })
        .await
        .ok()?
        .ok()?;
        self.store_version(writes, asked, v);
        Some(v)
    }

    /// After a write this process answered, before the answer goes out: the version is read
    /// again, so the writer's next page and every page asked after it show the change, and no
    /// reader waits for the question (while it is asked they get the version last read).
    pub(super) async fn after_write(&self, pool: &Pool) {
        self.writes.fetch_add(1, Ordering::SeqCst);
        if let Some(known) = self
            .version
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_mut()
        {
            known.at = None;
        }
        let asking = self.asking.lock().await;
        self.ask(pool).await;
        drop(asking);
    }

    /// How often the watcher reads the version; zero when every request asks (tests).
    pub fn version_check(&self) -> Duration {
        self.version_check
    }

    /// One reading of the watcher, on its own connection.
    pub fn read_version(&self, conn: &mut AnyConnection) -> QueryResult<()> {
        let writes = self.writes.load(Ordering::SeqCst);
        let (asked, v) = read(conn)?;
        self.store_version(writes, asked, v);
        Ok(())
    }
}

/// The version, and when it was asked for (believed from then, not from when a connection was
/// free).
fn read(conn: &mut AnyConnection) -> QueryResult<(Instant, i64)> {
    let asked = Instant::now();
    crate::models::revision::data_version(conn).map(|v| (asked, v))
}
