//! The database: one `AnyConnection` over SQLite or PostgreSQL, its r2d2 pool, and the embedded migrations.

use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::r2d2::{self, CustomizeConnection, ManageConnection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

pub const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
pub const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// One connection type for both backends; the URL decides which.
#[derive(diesel::MultiConnection)]
pub enum AnyConnection {
    Postgresql(diesel::PgConnection),
    Sqlite(diesel::SqliteConnection),
}

pub type Pool = r2d2::Pool<ConnectionManager>;
pub type PooledConn = r2d2::PooledConnection<ConnectionManager>;

/// Which backend a database URL names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Postgres,
    Sqlite,
}

/// A database URL, checked and normalised: `postgres://…`, `sqlite://path` or a bare file path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DatabaseUrl {
    pub backend: Backend,
    /// What the driver receives: the PostgreSQL URL, or the SQLite file path.
    pub target: String,
}

impl DatabaseUrl {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err("the database URL is empty".into());
        }
        if raw.starts_with("postgres://") || raw.starts_with("postgresql://") {
            return Ok(Self {
                backend: Backend::Postgres,
                target: raw.to_string(),
            });
        }
        let path = raw
            .strip_prefix("sqlite://")
            .or_else(|| raw.strip_prefix("sqlite:"))
            .unwrap_or(raw);
        if path.is_empty() {
            return Err(format!("'{raw}' names no SQLite file"));
        }
        if let Some((scheme, _)) = path.split_once("://") {
            return Err(format!(
                "unsupported database URL scheme '{scheme}://' (use postgres://…, sqlite://path or a file path)"
            ));
        }
        if path == ":memory:" {
            return Err(
                "':memory:' gives every pooled connection its own empty database; use a file path"
                    .into(),
            );
        }
        Ok(Self {
            backend: Backend::Sqlite,
            target: path.to_string(),
        })
    }

    /// A form that is safe to print: the password of a PostgreSQL URL is hidden.
    pub fn redacted(&self) -> String {
        match self.backend {
            Backend::Sqlite => format!("sqlite://{}", self.target),
            Backend::Postgres => match (self.target.find("://"), self.target.rfind('@')) {
                (Some(s), Some(at)) if at > s => {
                    let userinfo = &self.target[s + 3..at];
                    match userinfo.split_once(':') {
                        Some((user, _)) => {
                            format!("{}{user}:***{}", &self.target[..s + 3], &self.target[at..])
                        }
                        None => self.target.clone(),
                    }
                }
                _ => self.target.clone(),
            },
        }
    }

    /// Open one connection, returning the driver's own error text when it fails.
    pub fn connect(&self) -> Result<AnyConnection, ConnectionError> {
        let mut conn = match self.backend {
            Backend::Postgres => {
                AnyConnection::Postgresql(diesel::PgConnection::establish(&self.target)?)
            }
            Backend::Sqlite => {
                AnyConnection::Sqlite(diesel::SqliteConnection::establish(&self.target)?)
            }
        };
        configure(&mut conn).map_err(|e| ConnectionError::BadConnection(e.to_string()))?;
        Ok(conn)
    }
}

/// Per-connection settings: WAL, foreign keys and a busy timeout on SQLite; UTC on PostgreSQL.
fn configure(conn: &mut AnyConnection) -> QueryResult<()> {
    match conn {
        AnyConnection::Sqlite(c) => c.batch_execute(
            "PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;",
        ),
        AnyConnection::Postgresql(c) => c.batch_execute("SET TIME ZONE 'UTC'"),
    }
}

/// An r2d2 manager that picks the backend by URL and keeps the driver's real error.
#[derive(Clone, Debug)]
pub struct ConnectionManager {
    url: DatabaseUrl,
}

impl ManageConnection for ConnectionManager {
    type Connection = AnyConnection;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<AnyConnection, r2d2::Error> {
        self.url.connect().map_err(r2d2::Error::ConnectionError)
    }

    fn is_valid(&self, conn: &mut AnyConnection) -> Result<(), r2d2::Error> {
        conn.batch_execute("SELECT 1")
            .map_err(r2d2::Error::QueryError)
    }

    fn has_broken(&self, _conn: &mut AnyConnection) -> bool {
        false
    }
}

/// How many SQL statements the pool's connections have run (for tests and diagnostics: a page
/// whose count grows with the number of rows has an N+1 query).
pub type QueryCounter = std::sync::Arc<std::sync::atomic::AtomicU64>;

/// Applies the connection settings to every new pooled connection, and counts its queries.
#[derive(Debug)]
struct Pragmas {
    queries: QueryCounter,
}

impl CustomizeConnection<AnyConnection, r2d2::Error> for Pragmas {
    fn on_acquire(&self, conn: &mut AnyConnection) -> Result<(), r2d2::Error> {
        configure(conn).map_err(r2d2::Error::QueryError)?;
        let queries = self.queries.clone();
        conn.set_instrumentation(move |event: diesel::connection::InstrumentationEvent<'_>| {
            if let diesel::connection::InstrumentationEvent::StartQuery { .. } = event {
                queries.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
        });
        Ok(())
    }
}

/// Open the pool. A first connection is made directly so that a bad URL fails at once with its real error.
pub fn connect_pool(url: &DatabaseUrl, size: u32, queries: QueryCounter) -> anyhow::Result<Pool> {
    let parent = std::path::Path::new(&url.target)
        .parent()
        .filter(|d| !d.as_os_str().is_empty());
    if let (Backend::Sqlite, Some(dir)) = (url.backend, parent)
        && !dir.exists()
    {
        std::fs::create_dir_all(dir).map_err(|e| {
            anyhow::anyhow!("cannot create the data directory {}: {e}", dir.display())
        })?;
    }
    url.connect()
        .map_err(|e| anyhow::anyhow!("cannot connect to {}: {e}", url.redacted()))?;
    let pool = r2d2::Pool::builder()
        .max_size(size.max(1))
        .connection_timeout(Duration::from_secs(10))
        .connection_customizer(Box::new(Pragmas { queries }))
        .build(ConnectionManager { url: url.clone() })
        .map_err(|e| anyhow::anyhow!("cannot open a connection pool on {}: {e}", url.redacted()))?;
    Ok(pool)
}

type MigrationError = Box<dyn std::error::Error + Send + Sync>;

/// Run every pending migration; returns how many ran.
pub fn run_migrations(conn: &mut AnyConnection) -> Result<usize, MigrationError> {
    Ok(match conn {
        AnyConnection::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS)?.len(),
        AnyConnection::Postgresql(c) => c.run_pending_migrations(POSTGRES_MIGRATIONS)?.len(),
    })
}

/// Revert every applied migration (used by `pantau migrate --revert-all` and the tests).
pub fn revert_all_migrations(conn: &mut AnyConnection) -> Result<usize, MigrationError> {
    Ok(match conn {
        AnyConnection::Sqlite(c) => c.revert_all_migrations(SQLITE_MIGRATIONS)?.len(),
        AnyConnection::Postgresql(c) => c.revert_all_migrations(POSTGRES_MIGRATIONS)?.len(),
    })
}

/// The current UTC time, truncated to microseconds so both backends store the same value.
pub fn now() -> chrono::NaiveDateTime {
    use chrono::SubsecRound;
    chrono::Utc::now().naive_utc().trunc_subsecs(6)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_urls() {
        assert_eq!(
            DatabaseUrl::parse("pantau.db").unwrap().backend,
            Backend::Sqlite
        );
        assert_eq!(
            DatabaseUrl::parse("sqlite:///tmp/x.db").unwrap().target,
            "/tmp/x.db"
        );
        assert_eq!(
            DatabaseUrl::parse("sqlite://data/x.db").unwrap().target,
            "data/x.db"
        );
        assert_eq!(
            DatabaseUrl::parse("postgres://u@h/db").unwrap().backend,
            Backend::Postgres
        );
        assert!(
            DatabaseUrl::parse("mysql://x")
                .unwrap_err()
                .contains("mysql")
        );
        assert!(DatabaseUrl::parse("").is_err());
        assert!(DatabaseUrl::parse(":memory:").is_err());
    }

    #[test]
    fn redacts_password() {
        let u = DatabaseUrl::parse("postgres://me:secret@db:5432/p").unwrap();
        assert_eq!(u.redacted(), "postgres://me:***@db:5432/p");
    }
}
