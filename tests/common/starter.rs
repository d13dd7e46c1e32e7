//! The starter database, built once per test run (migrations run, starter data imported, as a
//! first start does) and copied for every test that wants it: a template file on SQLite, a
//! template database (`CREATE DATABASE … TEMPLATE …`) on PostgreSQL. Each test process builds
//! its own under a name of its own, so concurrent runs never share or remove one in use;
//! leftovers of earlier runs (whose process has ended, or older than six hours) are removed when
//! the next run builds its template.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use pantau::db::{AnyConnection, DatabaseUrl};

use super::postgres_url;

/// Templates of runs older than this are someone's leftovers (no run takes this long).
const STALE: Duration = Duration::from_secs(6 * 3600);
/// A template whose test process has ended (on this machine) is removed after this long.
const ENDED: Duration = Duration::from_secs(5 * 60);

/// Migrate and import exactly as the server's first start does.
fn prepare(conn: &mut AnyConnection) {
    let today = chrono::Utc::now().date_naive();
    pantau::startup::migrate_and_import(conn, true, today).expect("build the starter database");
}

/// The SQLite template file of this run (built on first use).
pub fn sqlite_template() -> &'static Path {
    static TEMPLATE: OnceLock<PathBuf> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"));
        std::fs::create_dir_all(dir).expect("the target's tmp directory");
        remove_stale_files(dir);
        let path = dir.join(format!("starter-{}.db", std::process::id()));
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
        let url = DatabaseUrl::parse(&path.to_string_lossy()).expect("template path");
        let mut conn = url.connect().expect("open the template file");
        prepare(&mut conn);
        // Everything into the main file, so that copying that one file copies the database.
        conn.batch_execute("PRAGMA wal_checkpoint(TRUNCATE)")
            .expect("checkpoint the template");
        drop(conn);
        path
    })
}

/// Remove the template files of test processes that have ended.
fn remove_stale_files(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        let Some(pid) = name
            .strip_prefix("starter-")
            .and_then(|rest| rest.split('.').next())
        else {
            continue;
        };
        if pid.parse::<u32>().is_ok() && !Path::new("/proc").join(pid).exists() {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The name of this run's PostgreSQL template database (built on first use).
pub fn postgres_template(admin: &str) -> &'static str {
    static TEMPLATE: OnceLock<String> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let mut conn = PgConnection::establish(admin).expect("connect to TEST_DATABASE_URL");
        remove_stale_databases(&mut conn);
        let secs = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .expect("a clock after 1970")
            .as_secs();
        let name = super::unique_name(&format!("pantau_starter_{secs}"));
        conn.batch_execute(&format!("CREATE DATABASE {name}"))
            .expect("create the template database");
        let url = DatabaseUrl::parse(&postgres_url(admin, &name)).expect("template URL");
        let mut template = url.connect().expect("connect to the template database");
        prepare(&mut template);
        // No session may stay connected to a template while it is copied.
        drop(template);
        name
    })
}

#[derive(QueryableByName)]
struct Database {
    #[diesel(sql_type = diesel::sql_types::Text)]
    datname: String,
}

/// Drop the templates that earlier runs left behind (named with the time they were made and the
/// process that made them).
fn remove_stale_databases(conn: &mut PgConnection) {
    let Ok(found) = diesel::sql_query(
        "SELECT datname FROM pg_database WHERE datname LIKE 'pantau\\_starter\\_%'",
    )
    .load::<Database>(conn) else {
        return;
    };
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs();
    for db in found {
        let mut parts = db
            .datname
            .strip_prefix("pantau_starter_")
            .unwrap_or_default()
            .split('_');
        let made = parts.next().and_then(|secs| secs.parse::<u64>().ok());
        let pid = parts.next().unwrap_or_default();
        let age = made.map(|made| now.saturating_sub(made));
        // Its run has ended (the process is gone from this machine) or it is simply old.
        let ended = Path::new("/proc/self").exists()
            && !pid.is_empty()
            && !Path::new("/proc").join(pid).exists();
        if age.is_some_and(|age| age > STALE.as_secs() || (ended && age > ENDED.as_secs())) {
            let _ = conn.batch_execute(&format!("DROP DATABASE IF EXISTS {}", db.datname));
        }
    }
}
