//! The `pantau` command line: serve, migrate, import, generate, reindex, backup, restore and user.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use pantau::config::{DatabaseArgs, ServeArgs, Settings};
use pantau::{db, import, startup};

/// At most two malloc arenas: glibc's malloc otherwise keeps freed memory in an arena per
/// thread (up to eight per core), and the server's blocking threads each grew their own under
/// writes at national scale (peak RSS 158 MB with the default, 95 MB with two; mimalloc 0.1.52
/// was worse still, 360 MB). And fixed thresholds of 128 KiB for mmap and trimming: by default
/// glibc raises both as large blocks are freed, after which an export's rows stay in the heap,
/// fragmented (starter scale, 64 exports asked at once: peak RSS 79 MB by default, 58 MB so).
/// The only `unsafe` in the crate.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
fn limit_malloc_arenas() {
    const THRESHOLD: libc::c_int = 128 * 1024;
    // SAFETY: mallopt only sets parameters of the allocator; it is called first thing in
    // `main`, before any other thread exists.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
        libc::mallopt(libc::M_MMAP_THRESHOLD, THRESHOLD);
        libc::mallopt(libc::M_TRIM_THRESHOLD, THRESHOLD);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn limit_malloc_arenas() {}

/// Pantau Kota Kembar: Indonesia's sister-city ties, their agreements, roadmaps, activities and evaluations.
#[derive(Parser, Debug)]
#[command(name = "pantau", version, about, long_about = None)]
struct Cli {
    #[command(flatten)]
    database: DatabaseArgs,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run the web server (creates and migrates the database, imports the starter data on first start).
    Serve(ServeArgs),
    /// Run the database migrations (or revert them all with --revert-all).
    Migrate {
        /// Revert every migration instead (this deletes all data).
        #[arg(long)]
        revert_all: bool,
    },
    /// Import places.csv, regions.csv, alt-names.csv and ties.csv from a directory (the starter
    /// data's format), in one transaction.
    Import {
        /// Directory holding any of places.csv, regions.csv, alt-names.csv and ties.csv.
        dir: PathBuf,
    },
    /// Write synthetic data (places, ties with agreements, roadmaps, activities, reports) for benchmarks.
    Generate(pantau::generate::GenerateArgs),
    /// Rebuild the whole search index from the records (writes keep it up to date per record;
    /// this is for after a migration or a change made outside the application).
    Reindex,
    /// Copy the whole database, documents included, into FILE (SQLite: VACUUM INTO; PostgreSQL:
    /// pg_dump in plain SQL) and write FILE.sha256 beside it. Safe while the server runs.
    Backup {
        /// The file to write; it must not exist yet (unless --force).
        file: PathBuf,
        /// Replace FILE if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Replace the database with a backup made by `pantau backup` (its .sha256 must match when
    /// present). Stop `pantau serve` first. A database that holds data is only replaced with
    /// --force, and is then backed up first next to FILE.
    Restore {
        /// The backup file.
        file: PathBuf,
        /// Replace a database that already holds data (after backing it up).
        #[arg(long)]
        force: bool,
    },
    /// Recompute the stored assessment of every tie (after a methodology change or a restore)
    /// and print how many changed.
    Reassess {
        /// The date to judge on (YYYY-MM-DD; default today, UTC).
        #[arg(long, env = "PANTAU_TODAY")]
        today: Option<chrono::NaiveDate>,
        /// Only check: print the ties whose stored assessment is wrong, change nothing, and fail
        /// if there is any.
        #[arg(long)]
        check: bool,
    },
    /// Manage accounts: add, list, disable, enable, reset-password.
    User {
        #[command(subcommand)]
        action: pantau::user_cli::UserCommand,
    },
}

fn main() -> ExitCode {
    limit_malloc_arenas();
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("pantau: error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve(serve) => {
            let settings =
                Settings::from_args(&cli.database, &serve).map_err(anyhow::Error::msg)?;
            let workers = settings.workers;
            actix_web::rt::System::new().block_on(async move {
                let app = startup::Application::build(&settings)?;
                let url = format!("http://{}:{}/", settings.bind.ip(), app.port());
                println!(
                    "Pantau Kota Kembar is serving {url} (database {}, {workers} workers)",
                    settings.database.redacted()
                );
                app.run_until_stopped().await?;
                Ok(())
            })
        }
        Command::Migrate { revert_all } => {
            let url = cli.database.url().map_err(anyhow::Error::msg)?;
            let mut conn = url
                .connect()
                .map_err(|e| anyhow::anyhow!("cannot connect to {}: {e}", url.redacted()))?;
            if revert_all {
                let n = db::revert_all_migrations(&mut conn)
                    .map_err(|e| anyhow::anyhow!("revert failed: {e}"))?;
                println!("reverted {n} migrations on {}", url.redacted());
            } else {
                let n = db::run_migrations(&mut conn)
                    .map_err(|e| anyhow::anyhow!("migrations failed: {e}"))?;
                println!("ran {n} migrations on {}", url.redacted());
            }
            Ok(())
        }
        Command::Import { dir } => {
            let url = cli.database.url().map_err(anyhow::Error::msg)?;
            let mut conn = url
                .connect()
                .map_err(|e| anyhow::anyhow!("cannot connect to {}: {e}", url.redacted()))?;
            db::run_migrations(&mut conn).map_err(|e| anyhow::anyhow!("migrations failed: {e}"))?;
            let report = import::import_dir(&mut conn, &dir)?;
            println!("imported from {}: {report}", dir.display());
            Ok(())
        }
        Command::Generate(args) => {
            let url = cli.database.url().map_err(anyhow::Error::msg)?;
            pantau::generate::run(&url, &args)
        }
        Command::Reindex => {
            let url = cli.database.url().map_err(anyhow::Error::msg)?;
            let mut conn = url
                .connect()
                .map_err(|e| anyhow::anyhow!("cannot connect to {}: {e}", url.redacted()))?;
            db::run_migrations(&mut conn).map_err(|e| anyhow::anyhow!("migrations failed: {e}"))?;
            let started = std::time::Instant::now();
            let entries = pantau::search::index::reindex(&mut conn)?;
            println!(
                "search index rebuilt on {}: {entries} entries in {:.1} s",
                url.redacted(),
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Command::Backup { file, force } => {
            let url = cli.database.url().map_err(anyhow::Error::msg)?;
            let done = pantau::backup::backup(&url, &file, force)?;
            println!("backed up {} to {done}", url.redacted());
            Ok(())
        }
        Command::Restore { file, force } => {
            let url = cli.database.url().map_err(anyhow::Error::msg)?;
            let done = pantau::backup::restore(&url, &file, force)?;
            println!("restored {} from {done}", url.redacted());
            Ok(())
        }
        Command::Reassess { today, check } => {
            let url = cli.database.url().map_err(anyhow::Error::msg)?;
            let mut conn = url
                .connect()
                .map_err(|e| anyhow::anyhow!("cannot connect to {}: {e}", url.redacted()))?;
            db::run_migrations(&mut conn).map_err(|e| anyhow::anyhow!("migrations failed: {e}"))?;
            if check {
                let wrong = pantau::assessment_store::mismatches(&mut conn)?;
                if wrong.is_empty() {
                    println!("every stored assessment is right");
                    return Ok(());
                }
                anyhow::bail!(
                    "{} stored assessments are wrong (ties {wrong:?})",
                    wrong.len()
                );
            }
            let today = today.unwrap_or_else(|| chrono::Utc::now().date_naive());
            let changed = pantau::assessment_store::reassess(&mut conn, today)?;
            println!("reassessed every tie on {today}: {changed} changed");
            Ok(())
        }
        Command::User { action } => {
            let url = cli.database.url().map_err(anyhow::Error::msg)?;
            let mut conn = url
                .connect()
                .map_err(|e| anyhow::anyhow!("cannot connect to {}: {e}", url.redacted()))?;
            db::run_migrations(&mut conn).map_err(|e| anyhow::anyhow!("migrations failed: {e}"))?;
            pantau::user_cli::run(&mut conn, action)
        }
    }
}
