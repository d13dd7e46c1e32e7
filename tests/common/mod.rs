//! Test helpers: start the real server on port 0 against a database of its own (a temporary SQLite
//! file, or a new PostgreSQL database when TEST_DATABASE_URL is set) and talk HTTP to it. The
//! starter database (migrated, starter data imported) is built once per test run and copied for
//! each test: a template file on SQLite, a template database on PostgreSQL.
#![allow(dead_code)]

pub mod browser;
mod starter;
pub mod turns;

pub use turns::{alone, shared};

use std::sync::atomic::{AtomicU32, Ordering};

use diesel::connection::SimpleConnection;
use pantau::config::Settings;
use pantau::db::{AnyConnection, DatabaseUrl};
use pantau::startup::Application;

/// A database that exists for one test and is removed afterwards.
pub struct TestDb {
    pub url: DatabaseUrl,
    _dir: Option<tempfile::TempDir>,
    pg_admin: Option<(String, String)>,
    _turn: turns::Shared,
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// The PostgreSQL server's admin URL, when the tests run on PostgreSQL.
pub(crate) fn postgres_admin() -> Option<String> {
    std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|url| !url.is_empty())
}

/// The URL of database `name` on the server of the admin URL.
pub(crate) fn postgres_url(admin: &str, name: &str) -> String {
    let base = admin
        .rsplit_once('/')
        .map(|(b, _)| b)
        .expect("URL with a database name");
    format!("{base}/{name}")
}

/// A database name no other test (or test process) uses.
pub(crate) fn unique_name(prefix: &str) -> String {
    format!(
        "{prefix}_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst),
        chrono::Utc::now().timestamp_subsec_nanos()
    )
}

impl TestDb {
    /// An empty database (no tables yet): for tests of migrations, imports, restores and first
    /// starts. A server started on it migrates and imports the starter data itself.
    pub fn new() -> TestDb {
        TestDb::create(false)
    }

    /// A database with the migrations run and the starter data imported, copied from the
    /// template built once per test run.
    pub fn starter() -> TestDb {
        TestDb::create(true)
    }

    fn create(with_starter: bool) -> TestDb {
        let turn = turns::shared();
        match postgres_admin() {
            Some(admin) => {
                let name = unique_name("pantau_test");
                let admin_url = DatabaseUrl::parse(&admin).expect("TEST_DATABASE_URL");
                let mut conn = admin_url.connect().expect("connect to TEST_DATABASE_URL");
                let template = if with_starter {
                    format!(" TEMPLATE {}", starter::postgres_template(&admin))
                } else {
                    String::new()
                };
                conn.batch_execute(&format!("CREATE DATABASE {name}{template}"))
                    .expect("create test database");
                let url = DatabaseUrl::parse(&postgres_url(&admin, &name)).unwrap();
                TestDb {
                    url,
                    _dir: None,
                    pg_admin: Some((admin, name)),
                    _turn: turn,
                }
            }
            None => {
                let dir = tempfile::tempdir().expect("temp dir");
                let path = dir.path().join("pantau.db");
                if with_starter {
                    std::fs::copy(starter::sqlite_template(), &path)
                        .expect("copy the starter database");
                }
                let url = DatabaseUrl::parse(&path.to_string_lossy()).unwrap();
                TestDb {
                    url,
                    _dir: Some(dir),
                    pg_admin: None,
                    _turn: turn,
                }
            }
        }
    }

    pub fn connect(&self) -> AnyConnection {
        self.url.connect().expect("connect to the test database")
    }

    /// Run the `pantau` binary on this database with `stdin` as its standard input.
    pub fn cli(&self, args: &[&str], stdin: &str) -> std::process::Output {
        use std::io::Write;
        use std::process::{Command, Stdio};
        let mut child = Command::new(env!("CARGO_BIN_EXE_pantau"))
            .args(["--database-url", &self.cli_url()])
            .args(args)
            .env_remove("DATABASE_URL")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the pantau binary starts");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    }

    /// The URL as given on a command line.
    pub fn cli_url(&self) -> String {
        match &self.pg_admin {
            Some(_) => self.url.target.clone(),
            None => format!("sqlite://{}", self.url.target),
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((admin, name)) = &self.pg_admin
            && let Ok(mut conn) = DatabaseUrl::parse(admin).unwrap().connect()
        {
            let _ = conn.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
}

pub struct TestApp {
    /// How many SQL statements the server has run (for N+1 checks).
    pub queries: pantau::db::QueryCounter,
    pub address: String,
    pub client: reqwest::Client,
    pub db: std::sync::Arc<TestDb>,
    /// What the server's handlers share (its page cache, for tests that look at it); none for a
    /// server in another process.
    #[allow(dead_code)]
    pub state: Option<actix_web::web::Data<pantau::startup::AppState>>,
}

/// Start the server on a fresh copy of the starter database.
pub async fn spawn_app() -> TestApp {
    spawn_app_on(std::sync::Arc::new(TestDb::starter())).await
}

/// Start (another) server on an existing database, as a second start would.
pub async fn spawn_app_on(db: std::sync::Arc<TestDb>) -> TestApp {
    spawn_app_with(db, |_| {}).await
}

/// Start a server on `db` with test settings changed by `change`.
pub async fn spawn_app_with(
    db: std::sync::Arc<TestDb>,
    change: impl FnOnce(&mut Settings),
) -> TestApp {
    let mut settings = Settings::for_tests(db.url.clone());
    change(&mut settings);
    let app = Application::build(&settings).expect("the application builds");
    let address = format!("http://127.0.0.1:{}", app.port());
    let queries = app.query_counter();
    let state = Some(app.state());
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    TestApp {
        state,
        queries,
        address,
        client,
        db,
    }
}

impl TestApp {
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{}", self.address, path))
            .send()
            .await
            .expect("request")
    }

    /// GET a page and return its status and body.
    pub async fn page(&self, path: &str) -> (u16, String) {
        let res = self.get(path).await;
        let status = res.status().as_u16();
        (status, res.text().await.unwrap())
    }
}

impl TestApp {
    /// GET a page and count the SQL statements it took.
    pub async fn queries_for(&self, path: &str) -> u64 {
        use std::sync::atomic::Ordering;
        let before = self.queries.load(Ordering::SeqCst);
        let res = self.get(path).await;
        assert!(res.status().is_success(), "{path}: {}", res.status());
        let _ = res.bytes().await;
        self.queries.load(Ordering::SeqCst) - before
    }
}
