//! Building the application: database preparation, the actix-web server and its middleware.

use std::net::TcpListener;

use actix_web::dev::Server;
use actix_web::middleware::{
    Compress, DefaultHeaders, ErrorHandlers, NormalizePath, TrailingSlash,
};
use actix_web::{App, HttpServer, web};
use anyhow::Context;
use sha2::{Digest, Sha256};

use crate::config::Settings;
use crate::db::{self, Pool};
use crate::import;

/// What every handler shares: the pool and the addresses of the static assets.
pub struct AppState {
    pub pool: Pool,
    /// The stylesheet (`routes::stylesheet::build`, made once at start) and its URL with a
    /// content hash, so it can be cached for a year.
    pub style_css: String,
    pub css_href: String,
    /// The world outline drawn under every map, made once at start, and its content-hashed URL.
    pub world_svg: String,
    /// Rendered public pages, valid while the data's version is unchanged.
    pub cache: crate::cache::PageCache,
    /// What pages of one data version share (`routes::shared`).
    pub shared: crate::routes::shared::Memo,
    pub world_href: String,
    /// A fixed date for derived statuses (tests, reproducing a past view); `None` means today.
    pub fixed_today: Option<chrono::NaiveDate>,
    /// Reverse proxies whose forwarding headers count (see `routes::session::is_https`).
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// The editors' e-mail address (empty: none configured).
    pub contact_email: String,
    /// The configured public origin, used for absolute links instead of the Host header.
    pub public_origin: Option<String>,
}

impl AppState {
    /// The date statuses and scores are judged on.
    pub fn today(&self) -> chrono::NaiveDate {
        self.fixed_today
            .unwrap_or_else(|| chrono::Utc::now().date_naive())
    }
}

/// A request that takes this long is logged as a warning (the level production runs at), so an
/// operator sees stalls without logging every request.
const SLOW_REQUEST_MS: f64 = 500.0;

pub const FAVICON_SVG: &str = include_str!("../static/favicon.svg");

/// The short content hash used in asset URLs and ETags.
pub fn short_hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// Run the migrations and, on the very first start, import the starter data. Processes started
/// at the same time on one PostgreSQL database take turns (a session-level advisory lock): the
/// first migrates and imports, the others wait, then find nothing left to do.
pub fn prepare_database(
    pool: &Pool,
    starter_data: bool,
    today: chrono::NaiveDate,
) -> anyhow::Result<()> {
    use diesel::connection::SimpleConnection;
    let mut conn = pool.get().context("cannot get a database connection")?;
    let postgres = matches!(*conn, db::AnyConnection::Postgresql(_));
    if postgres {
        conn.batch_execute("SELECT pg_advisory_lock(7061746175000)")
            .context("cannot take the database set-up lock")?;
    }
    let prepared = migrate_and_import(&mut conn, starter_data, today);
    if postgres {
        let unlocked = conn.batch_execute("SELECT pg_advisory_unlock(7061746175000)");
        if prepared.is_ok() {
            unlocked.context("cannot release the database set-up lock")?;
        }
    }
    prepared
}

/// What a first start does to the database (the tests build their starter template with it):
/// run the pending migrations, store missing HTML of Markdown, bring the stored assessments to
/// `today`, import the starter data once.
pub fn migrate_and_import(
    conn: &mut db::AnyConnection,
    starter_data: bool,
    today: chrono::NaiveDate,
) -> anyhow::Result<()> {
    let ran = db::run_migrations(conn).map_err(|e| anyhow::anyhow!("migrations failed: {e}"))?;
    if ran > 0 {
        tracing::info!(migrations = ran, "database migrated");
    }
    let rendered = crate::publishing::render_missing_html(conn)
        .context("cannot store the HTML of existing Markdown")?;
    if rendered > 0 {
        tracing::info!(rendered, "stored the HTML of existing Markdown");
    }
    // Suggestions' contact details are kept 90 days after the decision (also on every decision).
    let forgotten = crate::models::suggestion::forget_old_contacts(conn, db::now())
        .context("cannot remove old contact details of suggestions")?;
    if forgotten > 0 {
        tracing::info!(forgotten, "removed old contact details of suggestions");
    }
    // The stored assessments are brought to today (all of them after a methodology change or
    // a restore) before anything else writes.
    let changed = crate::assessment_store::at_start(conn, today)
        .context("cannot refresh the stored assessments")?;
    if changed > 0 {
        tracing::info!(changed, %today, "stored assessments refreshed");
    }
    if starter_data {
        match import::import_starter_once(conn).context("starter data import failed")? {
            Some(report) => tracing::info!(%report, "starter data imported"),
            None => tracing::debug!("starter data already imported"),
        }
    }
    if let Some(entries) =
        crate::search::index::ensure_built(conn).context("cannot build the search index")?
    {
        tracing::info!(entries, "search index built");
    }
    Ok(())
}

pub struct Application {
    state: web::Data<AppState>,
    port: u16,
    server: Server,
    queries: db::QueryCounter,
}

impl Application {
    /// Connect, migrate, import on first start, and bind the listener (port 0 picks a free port).
    pub fn build(settings: &Settings) -> anyhow::Result<Application> {
        let queries = db::QueryCounter::default();
        let pool = db::connect_pool(&settings.database, settings.pool_size, queries.clone())?;
        let today = settings
            .today
            .unwrap_or_else(|| chrono::Utc::now().date_naive());
        prepare_database(&pool, settings.starter_data, today)?;
        let listener = TcpListener::bind(settings.bind)
            .with_context(|| format!("cannot listen on {}", settings.bind))?;
        let port = listener.local_addr()?.port();
        let world_svg = crate::drawings::world_svg();
        let world_href = format!("/static/world.svg?v={}", short_hash(world_svg.as_bytes()));
        let style_css = crate::routes::stylesheet::build();
        let css_href = format!("/static/style.css?v={}", short_hash(style_css.as_bytes()));
        let state = web::Data::new(AppState {
            world_svg,
            world_href,
            cache: crate::cache::PageCache::new(settings.cache_bytes, settings.cache_version_check),
            shared: Default::default(),
            public_origin: settings.public_origin.clone(),
            pool,
            style_css,
            css_href,
            fixed_today: settings.today,
            trusted_proxies: settings.trusted_proxies.clone(),
            contact_email: settings.contact_email.clone(),
        });
        day_ticker(&state);
        version_watcher(&state, settings.database.clone())
            .context("cannot start the data version watcher")?;
        let app_state = state.clone();
        let server = HttpServer::new(move || {
            App::new()
                .app_data(state.clone())
                .wrap(actix_web::middleware::from_fn(crate::routes::guard::deadline))
                .wrap(actix_web::middleware::from_fn(crate::cache::middleware))
                .wrap(actix_web::middleware::from_fn(crate::routes::cache_policy::middleware))
                .wrap(ErrorHandlers::new().default_handler(crate::routes::error_page::render_error_page))
                .wrap(Compress::default())
                .wrap(security_headers())
                .wrap(actix_web::middleware::from_fn(transport_and_privacy_headers))
                .wrap(actix_web::middleware::from_fn(crate::routes::account_bar::middleware))
                .wrap(NormalizePath::new(TrailingSlash::Trim))
                .wrap_fn(|mut req, srv| {
                    use actix_web::dev::Service;
                    // HEAD is answered like GET; the HTTP layer sends the headers without the body.
                    if req.method() == actix_web::http::Method::HEAD {
                        req.head_mut().method = actix_web::http::Method::GET;
                    }
                    let started = std::time::Instant::now();
                    let (method, path) = (req.method().clone(), req.path().to_string());
                    let fut = srv.call(req);
                    async move {
                        let res = fut.await?;
                        let ms = started.elapsed().as_secs_f64() * 1000.0;
                        if ms >= SLOW_REQUEST_MS {
                            tracing::warn!(target: "pantau::http", %method, %path, status = res.status().as_u16(), ms, "slow request");
                        } else {
                            tracing::info!(target: "pantau::http", %method, %path, status = res.status().as_u16(), ms, "request");
                        }
                        Ok(res)
                    }
                })
                .configure(crate::routes::configure)
        })
        // Small answers (a 304, a gzipped page) go out at once rather than waiting for the
        // client's delayed ACK (Nagle's algorithm).
        .on_connect(|conn, _ext| {
            if let Some(tcp) = conn.downcast_ref::<actix_web::rt::net::TcpStream>()
                && let Err(e) = tcp.set_nodelay(true)
            {
                tracing::debug!("cannot set TCP_NODELAY: {e}");
            }
        })
        .workers(settings.workers)
        // Database work runs on each worker's blocking threads and needs a pooled connection;
        // a streamed answer holds a thread while it lasts, and only `AT_ONCE` are made at once.
        // More threads would only wait for a connection, each with memory of its own (64 at
        // once, as 64 exports asked together made, took 25 MB).
        .worker_max_blocking_threads(
            settings.pool_size as usize + crate::routes::stream::AT_ONCE + 2,
        )
        .listen(listener)?
        .run();
        Ok(Application {
            state: app_state,
            port,
            server,
            queries,
        })
    }

    /// What the handlers share (tests look at the page cache through it).
    pub fn state(&self) -> web::Data<AppState> {
        self.state.clone()
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// How many SQL statements the server has run so far.
    pub fn query_counter(&self) -> db::QueryCounter {
        self.queries.clone()
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

/// How often a process checks whether the day the stored assessments hold for has passed.
const DAY_CHECK: std::time::Duration = std::time::Duration::from_secs(30);

/// A thread that brings the stored assessments to each new day (`assessment_store::ensure_day`)
/// soon after midnight, outside any request; it ends with the application's state.
/// Start the thread that reads the data's version every `version_check` on a connection of its
/// own (not the pool's, which pages being rendered may all hold), so that a change made by
/// another process shows within about that interval without any request waiting for it
/// (`cache/version.rs`). Not started when every request asks (a zero interval, as in tests); the
/// thread ends when the application state is gone.
fn version_watcher(state: &web::Data<AppState>, url: db::DatabaseUrl) -> std::io::Result<()> {
    let interval = state.cache.version_check();
    if interval.is_zero() {
        return Ok(());
    }
    let weak = std::sync::Arc::downgrade(&state.clone().into_inner());
    std::thread::Builder::new()
        .name("pantau-version".into())
        .spawn(move || {
            let mut conn = None;
            let mut failing = false;
            loop {
                std::thread::sleep(interval);
                let Some(state) = weak.upgrade() else { return };
                let read = match conn.as_mut() {
                    Some(c) => state.cache.read_version(c).map_err(|e| e.to_string()),
                    None => url
                        .connect()
                        .map(|c| conn = Some(c))
                        .map_err(|e| e.to_string()),
                };
                match read {
                    Ok(()) if failing => {
                        tracing::info!("the data version watcher reads again");
                        failing = false;
                    }
                    Ok(()) => {}
                    Err(e) => {
                        if !failing {
                            tracing::warn!("the data version watcher cannot read: {e}");
                            failing = true;
                        }
                        conn = None;
                    }
                }
            }
        })
        .map(|_| ())
}

fn day_ticker(state: &web::Data<AppState>) {
    let weak = std::sync::Arc::downgrade(&state.clone().into_inner());
    // The start brought them to today (`prepare_database`); the database is asked only when the
    // date moves.
    let mut done_for = state.today();
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(DAY_CHECK);
            let Some(state) = weak.upgrade() else { return };
            let today = state.today();
            if today == done_for {
                continue;
            }
            let done = state
                .pool
                .get()
                .map_err(|e| e.to_string())
                .and_then(|mut conn| {
                    crate::assessment_store::ensure_day(&mut conn, today).map_err(|e| e.to_string())
                });
            if done.is_ok() {
                done_for = today;
            }
            match done {
                Ok(Some(changed)) => {
                    tracing::info!(changed, %today, "stored assessments moved to a new day")
                }
                Ok(None) => {}
                Err(e) => tracing::warn!("cannot move the stored assessments to {today}: {e}"),
            }
        }
    });
}

/// HSTS on every response that came over HTTPS, and `Cache-Control: no-store` on every response
/// to a signed-in browser (but for the content-hashed assets), errors included.
async fn transport_and_privacy_headers(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody + 'static>,
) -> Result<actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    use actix_web::http::header::{self, HeaderValue};
    let https = crate::routes::session::is_https(req.request());
    let signed_in =
        req.cookie(crate::auth::SESSION_COOKIE).is_some() && !req.path().starts_with("/static/");
    let mut res = next.call(req).await?;
    let headers = res.headers_mut();
    if https {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    if signed_in {
        crate::routes::cache_policy::CachePolicy::NoStore.write(headers);
    }
    Ok(res)
}

/// Headers every response carries, errors and assets included.
fn security_headers() -> DefaultHeaders {
    DefaultHeaders::new()
        .add((
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
        ))
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("Referrer-Policy", "strict-origin-when-cross-origin"))
        .add(("X-Frame-Options", "DENY"))
}
