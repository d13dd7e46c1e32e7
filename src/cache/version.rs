//! The data version a process's page cache believes: read by a watcher thread every
//! `version_check` on a connection of its own, by the request that wrote (before it is
//! answered), and by a request only when both have fallen behind, so a page answered from the
//! cache does not wait for the database.

use std::sync::atomic::Ordering;
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

use actix_web::web;

use super::PageCache;
use crate::db::DatabaseUrl;
use crate::startup::AppState;

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
    pub(super) async fn data_version(&self, state: &web::Data<AppState>) -> Option<i64> {
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
        let v = self.ask(state).await;
        drop(asking);
        v
    }

    /// Read the version on a pooled connection (the caller holds `asking`) and keep it.
    async fn ask(&self, state: &web::Data<AppState>) -> Option<i64> {
        let writes = self.writes.load(Ordering::SeqCst);
        let pool = state.pool.clone();
        let (asked, v) = web::block(move || -> Result<(Instant, i64), String> {
            let mut conn = pool.get().map_err(|e| e.to_string())?;
            // Believed from when it is asked, not from when a connection was free.
            let asked = Instant::now();
            crate::models::revision::data_version(&mut conn)
                .map(|v| (asked, v))
                .map_err(|e| e.to_string())
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
    pub(super) async fn after_write(&self, state: &web::Data<AppState>) {
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
        self.ask(state).await;
        drop(asking);
    }
}

/// Start the thread that reads the data's version every `version_check` on a connection of its
/// own (not the pool's, which pages being rendered may all hold), so that a change made by
/// another process shows within about that interval without any request waiting for it. Not
/// started when every request asks (`version_check` zero, as in tests). The thread ends when
/// the application state is gone.
pub fn watch(state: &web::Data<AppState>, url: DatabaseUrl) -> std::io::Result<()> {
    let interval = state.cache.version_check;
    if interval.is_zero() {
        return Ok(());
    }
    let weak: Weak<AppState> = Arc::downgrade(&state.clone().into_inner());
    std::thread::Builder::new()
        .name("pantau-version".into())
        .spawn(move || watch_loop(&weak, &url, interval))
        .map(|_| ())
}

fn watch_loop(weak: &Weak<AppState>, url: &DatabaseUrl, interval: Duration) {
    let mut conn = None;
    let mut failing = false;
    loop {
        std::thread::sleep(interval);
        let Some(state) = weak.upgrade() else { return };
        let cache = &state.cache;
        if conn.is_none() {
            match url.connect() {
                Ok(c) => conn = Some(c),
                Err(e) => {
                    if !failing {
                        tracing::warn!("the data version watcher cannot connect: {e}");
                        failing = true;
                    }
                    continue;
                }
            }
        }
        let Some(c) = conn.as_mut() else { continue };
        let writes = cache.writes.load(Ordering::SeqCst);
        let asked = Instant::now();
        match crate::models::revision::data_version(c) {
            Ok(v) => {
                cache.store_version(writes, asked, v);
                if failing {
                    tracing::info!("the data version watcher reads again");
                    failing = false;
                }
            }
            Err(e) => {
                if !failing {
                    tracing::warn!("the data version watcher cannot read: {e}");
                    failing = true;
                }
                conn = None;
            }
        }
    }
}
