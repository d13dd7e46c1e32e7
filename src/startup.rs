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
    /// The stylesheet's URL with a content hash, so it can be cached for a year.
    pub css_href: String,
    /// The world outline drawn under every map, made once at start, and its content-hashed URL.
    pub world_svg: String,
    /// Rendered public pages, valid while the data's version is unchanged.
    pub cache: crate::cache::PageCache,
    pub world_href: String,
    /// A fixed date for derived statuses (tests, reproducing a past view); `None` means today.
    pub fixed_today: Option<chrono::NaiveDate>,
}

impl AppState {
    /// The date statuses and scores are judged on.
    pub fn today(&self) -> chrono::NaiveDate {
        self.fixed_today
            .unwrap_or_else(|| chrono::Utc::now().date_naive())
    }
}

pub const STYLE_CSS: &str = include_str!("../static/style.css");
pub const FAVICON_SVG: &str = include_str!("../static/favicon.svg");

/// The short content hash used in asset URLs and ETags.
pub fn short_hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// Run the migrations and, on the very first start, import the starter data.
pub fn prepare_database(pool: &Pool, starter_data: bool) -> anyhow::Result<()> {
    let mut conn = pool.get().context("cannot get a database connection")?;
    let ran =
        db::run_migrations(&mut conn).map_err(|e| anyhow::anyhow!("migrations failed: {e}"))?;
    if ran > 0 {
        tracing::info!(migrations = ran, "database migrated");
    }
    if starter_data {
        match import::import_starter_once(&mut conn).context("starter data import failed")? {
            Some(report) => tracing::info!(%report, "starter data imported"),
            None => tracing::debug!("starter data already imported"),
        }
    }
    Ok(())
}

pub struct Application {
    port: u16,
    server: Server,
    queries: db::QueryCounter,
}

impl Application {
    /// Connect, migrate, import on first start, and bind the listener (port 0 picks a free port).
    pub fn build(settings: &Settings) -> anyhow::Result<Application> {
        let queries = db::QueryCounter::default();
        let pool = db::connect_pool(&settings.database, settings.pool_size, queries.clone())?;
        prepare_database(&pool, settings.starter_data)?;
        let listener = TcpListener::bind(settings.bind)
            .with_context(|| format!("cannot listen on {}", settings.bind))?;
        let port = listener.local_addr()?.port();
        let world_svg = crate::drawings::world_svg();
        let world_href = format!("/static/world.svg?v={}", short_hash(world_svg.as_bytes()));
        let state = web::Data::new(AppState {
            world_svg,
            world_href,
            cache: crate::cache::PageCache::default(),
            pool,
            css_href: format!("/static/style.css?v={}", short_hash(STYLE_CSS.as_bytes())),
            fixed_today: settings.today,
        });
        let server = HttpServer::new(move || {
            App::new()
                .app_data(state.clone())
                .wrap(actix_web::middleware::from_fn(crate::cache::middleware))
                .wrap(ErrorHandlers::new().default_handler(crate::error::render_error_page))
                .wrap(Compress::default())
                .wrap(security_headers())
                .wrap(NormalizePath::new(TrailingSlash::Trim))
                .wrap_fn(|req, srv| {
                    use actix_web::dev::Service;
                    let started = std::time::Instant::now();
                    let (method, path) = (req.method().clone(), req.path().to_string());
                    let fut = srv.call(req);
                    async move {
                        let res = fut.await?;
                        let ms = started.elapsed().as_secs_f64() * 1000.0;
                        tracing::info!(target: "pantau::http", %method, %path, status = res.status().as_u16(), ms, "request");
                        Ok(res)
                    }
                })
                .configure(crate::routes::configure)
        })
        .workers(settings.workers)
        .listen(listener)?
        .run();
        Ok(Application {
            port,
            server,
            queries,
        })
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
