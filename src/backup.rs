//! `pantau backup` and `pantau restore`: a whole-database copy (documents included, since they live
//! in the database) with a SHA-256 beside it; SQLite through `VACUUM INTO`, PostgreSQL through
//! `pg_dump`/`psql` in plain SQL so that a round trip gives the same bytes.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, anyhow, bail};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

use crate::auth::sha256_hex;
use crate::db::{AnyConnection, Backend, DatabaseUrl};

/// The first bytes of every SQLite database file.
const SQLITE_MAGIC: &[u8] = b"SQLite format 3\0";
/// The first line pg_dump writes in plain format.
const PG_DUMP_MAGIC: &str = "--\n-- PostgreSQL database dump";

/// What a backup or a restore did, for the command's output.
#[derive(Debug)]
pub struct Outcome {
    pub file: PathBuf,
    pub bytes: u64,
    pub sha256: String,
    /// Rows per table that the backed-up or restored database holds (a few telling tables).
    pub counts: Vec<(&'static str, i64)>,
    /// Where the database that a forced restore replaced was saved first.
    pub saved_previous: Option<PathBuf>,
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} ({} bytes, sha256 {})",
            self.file.display(),
            self.bytes,
            self.sha256
        )?;
        let counts: Vec<String> = self
            .counts
            .iter()
            .map(|(t, n)| format!("{t} {n}"))
            .collect();
        if !counts.is_empty() {
            write!(f, "; rows: {}", counts.join(", "))?;
        }
        if let Some(p) = &self.saved_previous {
            write!(f, "; the database it replaced was saved to {}", p.display())?;
        }
        Ok(())
    }
}

/// The tables whose row counts a backup reports (documents are counted separately).
const COUNTED: [&str; 7] = [
    "places",
    "ties",
    "agreements",
    "roadmaps",
    "activities",
    "reports",
    "revisions",
];

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

fn count_rows(conn: &mut AnyConnection) -> anyhow::Result<Vec<(&'static str, i64)>> {
    let mut out = Vec::new();
    for table in COUNTED {
        let c: Count = diesel::sql_query(format!("SELECT COUNT(*) AS n FROM {table}"))
            .get_result(conn)
            .with_context(|| format!("counting {table}"))?;
        out.push((table, c.n));
    }
    let docs: Count = diesel::sql_query(
        "SELECT (SELECT COUNT(*) FROM agreements WHERE document IS NOT NULL) \
         + (SELECT COUNT(*) FROM procedure_steps WHERE document IS NOT NULL) AS n",
    )
    .get_result(conn)
    .context("counting documents")?;
    out.push(("documents", docs.n));
    Ok(out)
}

/// The names of the tables the database holds (empty for a new database).
fn table_names(conn: &mut AnyConnection, backend: Backend) -> anyhow::Result<Vec<String>> {
    let sql = match backend {
        Backend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        }
        Backend::Postgres => {
            "SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()"
        }
    };
    Ok(diesel::sql_query(sql)
        .load::<Name>(conn)?
        .into_iter()
        .map(|n| n.name)
        .collect())
}

fn schema_version(conn: &mut AnyConnection) -> anyhow::Result<i64> {
    let c: Count = diesel::sql_query("SELECT schema_version AS n FROM pragma_schema_version")
        .get_result(conn)?;
    Ok(c.n)
}

fn connect(url: &DatabaseUrl) -> anyhow::Result<AnyConnection> {
    url.connect()
        .map_err(|e| anyhow!("cannot connect to {}: {e}", url.redacted()))
}

fn sha256_file(path: &Path) -> anyhow::Result<(u64, String)> {
    let bytes = fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok((bytes.len() as u64, sha256_hex(&bytes)))
}

/// `<file>.sha256`, in the format `sha256sum -c` reads.
fn checksum_path(file: &Path) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".sha256");
    PathBuf::from(name)
}

fn write_checksum(file: &Path, sha: &str) -> anyhow::Result<()> {
    let base = file
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let path = checksum_path(file);
    let mut f =
        fs::File::create(&path).with_context(|| format!("cannot write {}", path.display()))?;
    writeln!(f, "{sha}  {base}")?;
    f.sync_all()?;
    Ok(())
}

/// A file next to `file` that the work goes to first, renamed into place when complete.
fn partial_path(file: &Path) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".partial");
    PathBuf::from(name)
}

/// Copy the whole database at `url` into `file` (which must not exist unless `overwrite`), then
/// write `<file>.sha256`.
pub fn backup(url: &DatabaseUrl, file: &Path, overwrite: bool) -> anyhow::Result<Outcome> {
    if file.exists() && !overwrite {
        bail!(
            "{} exists already; choose another file or pass --force to replace it",
            file.display()
        );
    }
    let mut conn = connect(url)?;
    if table_names(&mut conn, url.backend)?.is_empty() {
        bail!("{} holds no tables: nothing to back up", url.redacted());
    }
    let counts = count_rows(&mut conn)?;
    let partial = partial_path(file);
    let _ = fs::remove_file(&partial);
    match url.backend {
        Backend::Sqlite => {
            // VACUUM INTO writes a consistent, compacted copy while others keep reading and writing.
            let target = partial.to_string_lossy().replace('\'', "''");
            let cookie = schema_version(&mut conn)?;
            conn.batch_execute(&format!("VACUUM INTO '{target}'"))
                .with_context(|| format!("VACUUM INTO {} failed", partial.display()))?;
            // VACUUM INTO counts itself as a schema change; give the copy the source's schema
            // cookie so that backing up a restored database gives the same bytes again. Nobody
            // else has the new file open, so no cached schema can be confused by it.
            let mut copy = diesel::SqliteConnection::establish(&partial.to_string_lossy())
                .with_context(|| format!("cannot open {}", partial.display()))?;
            let copied: Count =
                diesel::sql_query("SELECT schema_version AS n FROM pragma_schema_version")
                    .get_result(&mut copy)?;
            if copied.n != cookie {
                copy.batch_execute(&format!("PRAGMA schema_version = {cookie}"))?;
            }
        }
        Backend::Postgres => {
            drop(conn);
            let pg_dump = pg_tool("PANTAU_PG_DUMP", "pg_dump");
            let mut cmd = Command::new(&pg_dump);
            cmd.args([
                "--format=plain",
                "--no-owner",
                "--no-privileges",
                "--quote-all-identifiers",
            ]);
            // pg_dump 15.14 and later fence the dump with a random `\restrict` key, which would make
            // every dump of the same data differ. The dump comes from the site's own database, so a
            // fixed key loses nothing and keeps the round trip checkable by SHA-256.
            if pg_dump_knows_restrict_key(&pg_dump) {
                cmd.arg(format!("--restrict-key={RESTRICT_KEY}"));
            }
            let out = cmd
                .arg("--file")
                .arg(&partial)
                .arg(&url.target)
                .output()
                .map_err(|e| tool_missing("pg_dump", e))?;
            if !out.status.success() {
                let _ = fs::remove_file(&partial);
                bail!(
                    "pg_dump failed: {}",
                    String::from_utf8_lossy(&out.stderr).trim()
                );
            }
        }
    }
    fs::File::open(&partial)?.sync_all()?;
    fs::rename(&partial, file)
        .with_context(|| format!("cannot move the backup into {}", file.display()))?;
    let (bytes, sha256) = sha256_file(file)?;
    write_checksum(file, &sha256)?;
    Ok(Outcome {
        file: file.to_path_buf(),
        bytes,
        sha256,
        counts,
        saved_previous: None,
    })
}

/// Replace the database at `url` with the backup in `file`. The file's `.sha256`, when present,
/// must match. A database that already holds tables is only replaced with `force`, and then it is
/// backed up first next to `file` (nothing is lost). Stop `pantau serve` on a SQLite file first.
pub fn restore(url: &DatabaseUrl, file: &Path, force: bool) -> anyhow::Result<Outcome> {
    let (bytes, sha256) = sha256_file(file)?;
    let sums = checksum_path(file);
    if sums.exists() {
        let expected = fs::read_to_string(&sums)?;
        let expected = expected.split_whitespace().next().unwrap_or("");
        if expected != sha256 {
            bail!(
                "{} does not match {}: the backup is damaged (sha256 {sha256}, expected {expected})",
                file.display(),
                sums.display()
            );
        }
    }
    let head = fs::read(file)?.into_iter().take(64).collect::<Vec<u8>>();
    let kind = if head.starts_with(SQLITE_MAGIC) {
        Backend::Sqlite
    } else if String::from_utf8_lossy(&head).starts_with(PG_DUMP_MAGIC) {
        Backend::Postgres
    } else {
        bail!(
            "{} is neither a SQLite database nor a pg_dump file",
            file.display()
        );
    };
    if kind != url.backend {
        bail!(
            "{} is a {} backup but {} is a {} database; restore into the same kind (use `pantau import` to move data between them)",
            file.display(),
            backend_name(kind),
            url.redacted(),
            backend_name(url.backend)
        );
    }
    let mut saved_previous = None;
    // An existing SQLite file that cannot be opened is not ours to replace without --force either.
    let occupied = match url.backend {
        Backend::Sqlite if !Path::new(&url.target).exists() => false,
        _ => !table_names(&mut connect(url)?, url.backend)?.is_empty(),
    };
    if occupied {
        if !force {
            bail!(
                "{} already holds a database; pass --force to replace it (it is backed up first)",
                url.redacted()
            );
        }
        let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
        let ext = match url.backend {
            Backend::Sqlite => "db",
            Backend::Postgres => "sql",
        };
        let dir = file.parent().unwrap_or(Path::new("."));
        let keep = dir.join(format!("pantau-before-restore-{stamp}.{ext}"));
        backup(url, &keep, false)
            .context("could not back up the database before replacing it; nothing was changed")?;
        saved_previous = Some(keep);
    }
    match url.backend {
        Backend::Sqlite => restore_sqlite(url, file)?,
        Backend::Postgres => restore_postgres(url, file, occupied)?,
    }
    let counts = count_rows(&mut connect(url)?)?;
    Ok(Outcome {
        file: file.to_path_buf(),
        bytes,
        sha256,
        counts,
        saved_previous,
    })
}

fn restore_sqlite(url: &DatabaseUrl, file: &Path) -> anyhow::Result<()> {
    // Work on a copy next to the target (the backup file itself is never opened as a database,
    // which would change its bytes), check it, then move it into place.
    let target = Path::new(&url.target);
    let partial = partial_path(target);
    remove_with_sidecars(&partial);
    fs::copy(file, &partial).with_context(|| format!("cannot write {}", partial.display()))?;
    let check = DatabaseUrl {
        backend: Backend::Sqlite,
        target: partial.to_string_lossy().to_string(),
    };
    let checked = (|| -> anyhow::Result<()> {
        let mut conn = connect(&check)?;
        let ok: Vec<IntegrityRow> = diesel::sql_query("PRAGMA integrity_check").load(&mut conn)?;
        if ok.len() != 1 || ok[0].integrity_check != "ok" {
            bail!("{} fails PRAGMA integrity_check", file.display());
        }
        if !table_names(&mut conn, Backend::Sqlite)?
            .iter()
            .any(|t| t == "ties")
        {
            bail!("{} is a SQLite database but not Pantau's", file.display());
        }
        conn.batch_execute("PRAGMA wal_checkpoint(TRUNCATE)")?;
        Ok(())
    })();
    if let Err(e) = checked {
        remove_with_sidecars(&partial);
        return Err(e);
    }
    fs::File::open(&partial)?.sync_all()?;
    remove_with_sidecars(target);
    fs::rename(&partial, target)
        .with_context(|| format!("cannot move the restored database to {}", target.display()))?;
    remove_with_sidecars(&partial);
    Ok(())
}

/// Remove a SQLite file's write-ahead log and shared-memory files (and the file itself).
fn remove_with_sidecars(db: &Path) {
    for suffix in ["-wal", "-shm", ""] {
        let mut p = db.as_os_str().to_owned();
        p.push(suffix);
        let _ = fs::remove_file(PathBuf::from(p));
    }
}

#[derive(QueryableByName)]
struct IntegrityRow {
    #[diesel(sql_type = Text)]
    integrity_check: String,
}

fn restore_postgres(url: &DatabaseUrl, file: &Path, occupied: bool) -> anyhow::Result<()> {
    let mut psql = Command::new(pg_tool("PANTAU_PSQL", "psql"));
    psql.args([
        "--no-psqlrc",
        "--quiet",
        "--set",
        "ON_ERROR_STOP=1",
        "--single-transaction",
    ]);
    if occupied {
        // The database was saved above. Its tables (and the sequences they own) go in the same
        // transaction as the restore, so a failed restore leaves it as it was.
        let tables = table_names(&mut connect(url)?, Backend::Postgres)?;
        let list: Vec<String> = tables
            .iter()
            .map(|t| format!("\"{}\"", t.replace('"', "\"\"")))
            .collect();
        psql.arg("--command")
            .arg(format!("DROP TABLE IF EXISTS {} CASCADE", list.join(", ")));
    }
    let out = psql
        .arg("--file")
        .arg(file)
        .arg(&url.target)
        .output()
        .map_err(|e| tool_missing("psql", e))?;
    if !out.status.success() {
        bail!(
            "psql could not restore {}; the database is as it was: {}",
            file.display(),
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(())
}

/// The `\restrict` key of every dump (letters and digits, as pg_dump requires).
const RESTRICT_KEY: &str = "PantauKotaKembarBackup";

fn pg_dump_knows_restrict_key(pg_dump: &str) -> bool {
    Command::new(pg_dump)
        .arg("--help")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).contains("--restrict-key"))
        .unwrap_or(false)
}

fn backend_name(b: Backend) -> &'static str {
    match b {
        Backend::Sqlite => "SQLite",
        Backend::Postgres => "PostgreSQL",
    }
}

/// A PostgreSQL client program: an environment variable may name it, else it is found on PATH.
fn pg_tool(env: &str, name: &str) -> String {
    std::env::var(env)
        .ok()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| name.to_string())
}

fn tool_missing(name: &str, e: std::io::Error) -> anyhow::Error {
    anyhow!(
        "cannot run {name} ({e}): install the PostgreSQL client programs (Debian: postgresql-client, the server's major version or newer)"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksum_file_sits_beside_the_backup() {
        assert_eq!(
            checksum_path(Path::new("/tmp/x/pantau.db")),
            PathBuf::from("/tmp/x/pantau.db.sha256")
        );
    }
}
