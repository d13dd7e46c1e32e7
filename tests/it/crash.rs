//! Crashes and stops: `pantau serve` runs as a child process; a SIGKILL in the middle of a write
//! load loses no acknowledged write and leaves a consistent database, and a SIGTERM lets the
//! requests in flight finish, refuses new connections and exits with status 0.
//!
//! Both tests run on SQLite, or on PostgreSQL when TEST_DATABASE_URL is set. Their figures are
//! printed (`cargo test --test it crash:: -- --nocapture`) and repeated in the assertion messages.

use crate::common;

use std::collections::HashMap;
use std::fs::OpenOptions;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::browser::{Browser, TIE, add_user, urlencode};
use common::{TestApp, TestDb};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Text};
use pantau::db::{AnyConnection, Backend};
use pantau::schema::activities;

const OFFICIAL: &str = "pejabat@surabaya.go.id";

// ---------------------------------------------------------------------------------------------
// The server as a child process.

/// A `pantau serve` child process; killed (SIGKILL) when dropped still running, e.g. on a failed
/// assertion.
struct Server {
    child: Child,
    port: u16,
    log: PathBuf,
    /// From spawning the process to the first `ok` from /healthz.
    ready_in: Duration,
}

impl Server {
    fn start(db: &TestDb, log: &Path) -> Server {
        let started = Instant::now();
        let stderr = OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
            .expect("log file");
        let mut child = Command::new(env!("CARGO_BIN_EXE_pantau"))
            .args([
                "serve",
                "--database-url",
                &db.cli_url(),
                "--bind",
                "127.0.0.1:0",
                "--workers",
                "2",
            ])
            .env_remove("DATABASE_URL")
            .env_remove("PANTAU_DATA_DIR")
            .env_remove("PANTAU_BIND")
            .env_remove("PANTAU_WORKERS")
            .env_remove("PANTAU_POOL_SIZE")
            .env_remove("PANTAU_TODAY")
            .env_remove("PANTAU_NO_STARTER_DATA")
            .env("RUST_LOG", "info")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::from(stderr))
            .spawn()
            .expect("start pantau serve");
        // The first line names the URL; the rest of standard output is drained so the pipe
        // never fills.
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(stdout).lines();
            let first = lines.next().and_then(|l| l.ok()).unwrap_or_default();
            let _ = tx.send(first);
            for _ in lines {}
        });
        let line = rx.recv_timeout(Duration::from_secs(60)).unwrap_or_default();
        let Some(url) = line.split_whitespace().find(|w| w.starts_with("http://")) else {
            let _ = child.kill();
            panic!(
                "pantau serve printed no URL ({line:?}); its log:\n{}",
                std::fs::read_to_string(log).unwrap_or_default()
            );
        };
        let port: u16 = url
            .trim_end_matches('/')
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no port in {url}"));
        let mut server = Server {
            child,
            port,
            log: log.to_path_buf(),
            ready_in: Duration::ZERO,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(r) = raw_get(port, "/healthz", true)
                && r.status == 200
                && r.body.trim_ascii() == b"ok"
            {
                break;
            }
            assert!(
                Instant::now() < deadline && server.child.try_wait().unwrap().is_none(),
                "/healthz never answered ok; log:\n{}",
                server.log_text()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        server.ready_in = started.elapsed();
        server
    }

    fn address(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Wait for the process to end by itself, at most `limit`.
    fn wait_exit(&mut self, limit: Duration) -> Option<std::process::ExitStatus> {
        let deadline = Instant::now() + limit;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status);
            }
            if Instant::now() >= deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Send a signal with the `kill` command (no libc needed).
fn send_signal(pid: u32, signal: &str) {
    let status = Command::new("kill")
        .args([format!("-{signal}"), pid.to_string()])
        .status()
        .expect("run kill");
    assert!(status.success(), "kill -{signal} {pid}: {status}");
}

/// A `TestApp` for the child process, so the browser and account helpers of `common` work.
fn test_app(db: &Arc<TestDb>, server: &Server) -> TestApp {
    TestApp {
        queries: Default::default(),
        address: server.address(),
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(20))
            .build()
            .unwrap(),
        db: db.clone(),
        state: None,
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

// ---------------------------------------------------------------------------------------------
// Raw HTTP/1.1 over a TcpStream, to control exactly what is on the wire.

struct RawResponse {
    status: u16,
    headers: HashMap<String, String>,
    body: Vec<u8>,
}

fn connect(port: u16) -> std::io::Result<TcpStream> {
    let s = TcpStream::connect(("127.0.0.1", port))?;
    s.set_read_timeout(Some(Duration::from_secs(15)))?;
    s.set_nodelay(true)?;
    Ok(s)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Read more bytes into `buf`; the end of the stream before a complete response is an error.
fn fill(s: &mut TcpStream, buf: &mut Vec<u8>) -> std::io::Result<()> {
    let mut chunk = [0u8; 65536];
    let n = s.read(&mut chunk)?;
    if n == 0 {
        return Err(std::io::Error::new(
            std::io::ErrorKind::UnexpectedEof,
            format!("connection closed after {} bytes of a response", buf.len()),
        ));
    }
    buf.extend_from_slice(&chunk[..n]);
    Ok(())
}

/// Read one complete response: the head, then a body framed by Content-Length or chunked
/// encoding (a truncated body is an error).
fn read_response(s: &mut TcpStream) -> std::io::Result<RawResponse> {
    let mut buf = Vec::new();
    let head_end = loop {
        if let Some(i) = find(&buf, b"\r\n\r\n") {
            break i + 4;
        }
        fill(s, &mut buf)?;
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let status: u16 = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("bad status line {status_line:?}")))?;
    let headers: HashMap<String, String> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut rest = buf[head_end..].to_vec();
    let body = if headers
        .get("transfer-encoding")
        .is_some_and(|t| t.eq_ignore_ascii_case("chunked"))
    {
        let mut body = Vec::new();
        let mut pos = 0;
        loop {
            let line_end = loop {
                if let Some(i) = find(&rest[pos..], b"\r\n") {
                    break pos + i;
                }
                fill(s, &mut rest)?;
            };
            let size_text = String::from_utf8_lossy(&rest[pos..line_end]).to_string();
            let size = usize::from_str_radix(size_text.split(';').next().unwrap().trim(), 16)
                .map_err(|_| std::io::Error::other(format!("bad chunk size {size_text:?}")))?;
            pos = line_end + 2;
            while rest.len() < pos + size + 2 {
                fill(s, &mut rest)?;
            }
            if size == 0 {
                break;
            }
            body.extend_from_slice(&rest[pos..pos + size]);
            pos += size + 2;
        }
        body
    } else if let Some(len) = headers.get("content-length") {
        let len: usize = len
            .parse()
            .map_err(|_| std::io::Error::other("bad content-length"))?;
        while rest.len() < len {
            fill(s, &mut rest)?;
        }
        rest.truncate(len);
        rest
    } else {
        loop {
            match fill(s, &mut rest) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => break,
                Err(e) => return Err(e),
            }
        }
        rest
    };
    Ok(RawResponse {
        status,
        headers,
        body,
    })
}

fn get_request(port: u16, path: &str, close: bool) -> String {
    format!(
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{}\r\n",
        if close { "Connection: close\r\n" } else { "" }
    )
}

fn raw_get(port: u16, path: &str, close: bool) -> std::io::Result<RawResponse> {
    let mut s = connect(port)?;
    s.write_all(get_request(port, path, close).as_bytes())?;
    read_response(&mut s)
}

/// Whether the server closes the connection (end of stream, or a reset) within `limit`.
fn closed_within(s: &mut TcpStream, limit: Duration) -> bool {
    s.set_read_timeout(Some(limit)).unwrap();
    let mut byte = [0u8; 1];
    match s.read(&mut byte) {
        Ok(0) => true,
        Ok(_) => false,
        Err(e) => !matches!(
            e.kind(),
            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
        ),
    }
}

// ---------------------------------------------------------------------------------------------
// Database checks that work on both backends.

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[derive(QueryableByName)]
struct IntegrityLine {
    #[diesel(sql_type = Text)]
    integrity_check: String,
}

#[derive(QueryableByName)]
struct Checkpoint {
    #[diesel(sql_type = Integer)]
    busy: i32,
    #[diesel(sql_type = Integer)]
    log: i32,
    #[diesel(sql_type = Integer)]
    checkpointed: i32,
}

fn count(conn: &mut AnyConnection, sql: &str) -> i64 {
    let r = match conn {
        AnyConnection::Sqlite(c) => diesel::sql_query(sql).get_result::<Count>(c),
        AnyConnection::Postgresql(c) => diesel::sql_query(sql).get_result::<Count>(c),
    };
    r.unwrap_or_else(|e| panic!("{sql}: {e}")).n
}

/// Rows that point at nothing, for every foreign key the write load touches (and the ones a
/// torn transaction could break): zero everywhere on a consistent database.
fn orphans(conn: &mut AnyConnection, user_id: i32) -> Vec<(&'static str, i64)> {
    let checks: Vec<(&'static str, String)> = vec![
        (
            "activities without their tie",
            "SELECT count(*) AS n FROM activities a WHERE NOT EXISTS (SELECT 1 FROM ties t WHERE t.id = a.tie_id)".into(),
        ),
        (
            "activities without their author",
            "SELECT count(*) AS n FROM activities a WHERE a.created_by IS NOT NULL AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = a.created_by)".into(),
        ),
        (
            "revisions without their tie",
            "SELECT count(*) AS n FROM revisions r WHERE r.tie_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ties t WHERE t.id = r.tie_id)".into(),
        ),
        (
            "revisions without their author",
            "SELECT count(*) AS n FROM revisions r WHERE r.changed_by IS NOT NULL AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = r.changed_by)".into(),
        ),
        (
            "audit rows without their user",
            "SELECT count(*) AS n FROM audit_log l WHERE l.user_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = l.user_id)".into(),
        ),
        (
            "sessions without their user",
            "SELECT count(*) AS n FROM sessions s WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = s.user_id)".into(),
        ),
        (
            "activity revisions without their activity",
            "SELECT count(*) AS n FROM revisions r WHERE r.subject_kind = 'activity' AND NOT EXISTS (SELECT 1 FROM activities a WHERE a.id = r.subject_id)".into(),
        ),
        (
            "activities of the load without their 'create' revision",
            format!("SELECT count(*) AS n FROM activities a WHERE a.created_by = {user_id} AND NOT EXISTS (SELECT 1 FROM revisions r WHERE r.subject_kind = 'activity' AND r.subject_id = a.id AND r.action = 'create')"),
        ),
        (
            "activities of the load without their audit row",
            format!("SELECT count(*) AS n FROM activities a WHERE a.created_by = {user_id} AND NOT EXISTS (SELECT 1 FROM audit_log l WHERE l.user_id = {user_id} AND l.action = 'create' AND l.subject = 'activity ' || CAST(a.id AS TEXT))"),
        ),
        (
            "published activities without their 'publish' revision",
            format!("SELECT count(*) AS n FROM activities a WHERE a.created_by = {user_id} AND a.published_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM revisions r WHERE r.subject_kind = 'activity' AND r.subject_id = a.id AND r.action = 'publish')"),
        ),
        (
            "'publish' revisions of still-draft activities",
            format!("SELECT count(*) AS n FROM activities a WHERE a.created_by = {user_id} AND a.published_at IS NULL AND EXISTS (SELECT 1 FROM revisions r WHERE r.subject_kind = 'activity' AND r.subject_id = a.id AND r.action = 'publish')"),
        ),
    ];
    checks
        .into_iter()
        .map(|(name, sql)| (name, count(conn, &sql)))
        .filter(|(_, n)| *n != 0)
        .collect()
}

/// The backend's own integrity check: "ok", or what it found, and what was checked.
///
/// SQLite: `PRAGMA integrity_check` and `PRAGMA foreign_key_check`. PostgreSQL (where a killed
/// client cannot corrupt anything; its server recovers from its own WAL): amcheck's
/// `verify_heapam` on every table and `bt_index_check(…, heapallindexed)` on every index, when
/// the extension is available.
fn integrity(conn: &mut AnyConnection) -> (String, String) {
    match conn {
        AnyConnection::Sqlite(c) => {
            let lines: Vec<String> = diesel::sql_query("PRAGMA integrity_check")
                .load::<IntegrityLine>(c)
                .expect("integrity_check")
                .into_iter()
                .map(|l| l.integrity_check)
                .collect();
            let fk = diesel::sql_query("SELECT count(*) AS n FROM pragma_foreign_key_check")
                .get_result::<Count>(c)
                .expect("foreign_key_check")
                .n;
            let mut text = lines.join("; ");
            if fk != 0 {
                text.push_str(&format!("; foreign_key_check: {fk} rows"));
            }
            (text, "PRAGMA integrity_check + foreign_key_check".into())
        }
        AnyConnection::Postgresql(c) => {
            use diesel::connection::SimpleConnection;
            if let Err(e) = c.batch_execute("CREATE EXTENSION IF NOT EXISTS amcheck") {
                return ("ok".into(), format!("amcheck unavailable ({e})"));
            }
            let heap = diesel::sql_query(
                "SELECT count(*) AS n FROM pg_class c, verify_heapam(c.oid::regclass) \
                 WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace",
            )
            .get_result::<Count>(c);
            let indexes = diesel::sql_query(
                "SELECT count(bt_index_check(c.oid::regclass, true)) AS n FROM pg_index i \
                 JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam \
                 WHERE a.amname = 'btree' AND c.relnamespace = 'public'::regnamespace",
            )
            .get_result::<Count>(c);
            let text = match (&heap, &indexes) {
                (Ok(h), Ok(_)) if h.n == 0 => "ok".to_string(),
                _ => format!(
                    "verify_heapam: {:?}; bt_index_check: {:?}",
                    heap.as_ref().map(|h| h.n),
                    indexes.as_ref().map(|i| i.n)
                ),
            };
            let checked = format!(
                "amcheck verify_heapam on every table, bt_index_check(heapallindexed) on {} indexes",
                indexes.map(|i| i.n).unwrap_or(0)
            );
            (text, checked)
        }
    }
}

/// What the load wrote, as the database has it: id → (title, description, youth, published).
fn load_records(
    conn: &mut AnyConnection,
    user_id: i32,
) -> HashMap<i32, (String, String, i32, bool)> {
    activities::table
        .filter(activities::created_by.eq(user_id))
        .select((
            activities::id,
            activities::title,
            activities::description,
            activities::participants_youth,
            activities::published_at.is_not_null(),
        ))
        .load::<(i32, String, String, i32, bool)>(conn)
        .expect("load the activities")
        .into_iter()
        .map(|(id, t, d, y, p)| (id, (t, d, y, p)))
        .collect()
}

/// The acknowledged writes the database does not hold as they were acknowledged.
fn missing(found: &HashMap<i32, (String, String, i32, bool)>, acks: &[Ack]) -> Vec<String> {
    let mut lost = Vec::new();
    for a in acks {
        match found.get(&a.id) {
            None => lost.push(format!("#{} {} is missing", a.id, a.title)),
            Some((t, d, y, p)) => {
                if (t, d, *y) != (&a.title, &a.description, a.youth) {
                    lost.push(format!(
                        "#{} {} has other content: {t:?} {d:?} {y}",
                        a.id, a.title
                    ));
                }
                if a.published && !p {
                    lost.push(format!("#{} {} lost its publication", a.id, a.title));
                }
            }
        }
    }
    lost
}

// ---------------------------------------------------------------------------------------------
// The write load.

/// One write the server acknowledged with its 303.
#[derive(Clone, Debug)]
struct Ack {
    id: i32,
    title: String,
    description: String,
    youth: i32,
    /// The publication of the draft was acknowledged too.
    published: bool,
}

#[derive(Default)]
struct WriterReport {
    acks: Vec<Ack>,
    /// Requests sent on an open connection that got no complete answer (killed mid-request).
    in_flight: Vec<String>,
    /// Requests that could not even connect (the process was gone).
    refused: Vec<String>,
    /// Answers other than the expected 303.
    unexpected: Vec<String>,
}

fn activity_fields(title: &str, description: &str, youth: i32) -> Vec<(String, String)> {
    vec![
        ("occurred_on".into(), "2026-02-10".into()),
        ("kind".into(), "visit".into()),
        ("title".into(), title.into()),
        ("description".into(), description.into()),
        ("participants_government".into(), "3".into()),
        ("participants_youth".into(), youth.to_string()),
        ("cost_amount".into(), "15000000".into()),
        ("cost_currency".into(), "IDR".into()),
        ("action".into(), "save".into()),
    ]
}

fn form_body(fields: &[(String, String)], csrf: &str) -> String {
    let mut parts: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v)))
        .collect();
    parts.push(format!("csrf={}", urlencode(csrf)));
    parts.join("&")
}

/// Create activities through the real form, one after another, and publish every fourth one,
/// until the server stops answering.
async fn writer(
    task: usize,
    client: reqwest::Client,
    base: String,
    cookie: String,
    csrf: String,
    acknowledged: Arc<AtomicUsize>,
) -> WriterReport {
    let mut report = WriterReport::default();
    let post = |path: String, body: String| {
        client
            .post(format!("{base}{path}"))
            .header("cookie", &cookie)
            .header("origin", &base)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
    };
    let fail = |report: &mut WriterReport, what: String, e: reqwest::Error| {
        if e.is_connect() {
            report.refused.push(format!("{what}: {e}"));
        } else {
            report.in_flight.push(format!("{what}: {e}"));
        }
    };
    for n in 1.. {
        let title = format!("Crash load t{task} n{n}");
        let description = format!("Written by task {task} as number {n}; it must survive a crash.");
        let youth = ((task * 1000 + n) % 5000) as i32;
        let body = form_body(&activity_fields(&title, &description, youth), &csrf);
        let what = format!("create {title}");
        let res = match post(format!("/en/ties/{TIE}/activities/new"), body).await {
            Ok(res) => res,
            Err(e) => {
                fail(&mut report, what, e);
                break;
            }
        };
        let status = res.status().as_u16();
        let location = res
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
            .unwrap_or_default()
            .to_string();
        // The head is the acknowledgement; the (empty) body may be cut by the kill.
        let _ = res.bytes().await;
        if status != 303 || !location.ends_with("/edit") {
            report
                .unexpected
                .push(format!("{what}: {status} {location}"));
            continue;
        }
        let id: i32 = location.split('/').nth(3).unwrap().parse().unwrap();
        report.acks.push(Ack {
            id,
            title: title.clone(),
            description,
            youth,
            published: false,
        });
        acknowledged.fetch_add(1, Ordering::SeqCst);
        if n % 4 == 0 {
            let what = format!("publish {title} (#{id})");
            let body = format!("version=1&csrf={}", urlencode(&csrf));
            match post(format!("/en/activities/{id}/publish"), body).await {
                Ok(res) => {
                    let status = res.status().as_u16();
                    let _ = res.bytes().await;
                    if status == 303 {
                        report.acks.last_mut().unwrap().published = true;
                        acknowledged.fetch_add(1, Ordering::SeqCst);
                    } else {
                        report.unexpected.push(format!("{what}: {status}"));
                    }
                }
                Err(e) => {
                    fail(&mut report, what, e);
                    break;
                }
            }
        }
    }
    report
}

// ---------------------------------------------------------------------------------------------

#[test]
fn acknowledged_writes_survive_sigkill() {
    const WRITERS: usize = 8;
    // The load runs at least MIN_LOAD, then until TARGET writes are acknowledged or MAX_LOAD
    // has passed (a debug build on a busy machine manages a few dozen writes a second; an idle
    // one, hundreds).
    const MIN_LOAD: Duration = Duration::from_millis(1000);
    const MAX_LOAD: Duration = Duration::from_secs(3);
    const TARGET: usize = 300;
    const AT_LEAST: usize = 30;
    let test_started = Instant::now();
    let db = Arc::new(TestDb::new());
    let backend = db.url.backend;
    let logs = tempfile::tempdir().unwrap();
    let rt = runtime();

    let mut server = Server::start(&db, &logs.path().join("first.log"));
    let first_start = server.ready_in;
    let app = test_app(&db, &server);
    let user_id = add_user(&app, OFFICIAL, "official", &["surabaya"]);
    let mut browser = Browser::new(&app);
    rt.block_on(browser.sign_in(OFFICIAL));
    let cookie = browser.cookie_header();
    let csrf = browser.csrf.clone();

    // The load: WRITERS tasks, each creating (and every fourth time publishing) activities.
    let acknowledged = Arc::new(AtomicUsize::new(0));
    let load_started = Instant::now();
    let handles: Vec<_> = (0..WRITERS)
        .map(|task| {
            rt.spawn(writer(
                task,
                app.client.clone(),
                app.address.clone(),
                cookie.clone(),
                csrf.clone(),
                acknowledged.clone(),
            ))
        })
        .collect();
    while load_started.elapsed() < MIN_LOAD
        || (acknowledged.load(Ordering::SeqCst) < TARGET && load_started.elapsed() < MAX_LOAD)
    {
        std::thread::sleep(Duration::from_millis(10));
    }
    // SIGKILL (what `Child::kill` sends on Unix) while the writers are mid-request.
    server.child.kill().expect("SIGKILL");
    let killed_after = load_started.elapsed();
    let status = server.child.wait().unwrap();
    assert_eq!(status.signal(), Some(9), "killed by SIGKILL: {status}");
    let reports: Vec<WriterReport> = rt.block_on(async {
        let mut all = Vec::new();
        for h in handles {
            all.push(h.await.expect("writer task"));
        }
        all
    });

    let acks: Vec<Ack> = reports.iter().flat_map(|r| r.acks.clone()).collect();
    let published_acks = acks.iter().filter(|a| a.published).count();
    let in_flight: Vec<&String> = reports.iter().flat_map(|r| &r.in_flight).collect();
    let refused: Vec<&String> = reports.iter().flat_map(|r| &r.refused).collect();
    let unexpected: Vec<&String> = reports.iter().flat_map(|r| &r.unexpected).collect();
    let figures_load = format!(
        "backend {backend:?}: first start {first_start:?}; {} writes acknowledged ({} creations, {published_acks} publications) in {killed_after:?} ({:.0}/s) by {WRITERS} writers; at the SIGKILL {} requests in flight, {} refused; {} unexpected answers",
        acks.len() + published_acks,
        acks.len(),
        (acks.len() + published_acks) as f64 / killed_after.as_secs_f64(),
        in_flight.len(),
        refused.len(),
        unexpected.len()
    );
    println!("{figures_load}");
    assert!(
        unexpected.is_empty(),
        "{figures_load}\nunexpected answers: {unexpected:#?}\nlog:\n{}",
        server.log_text()
    );
    assert!(
        acks.len() >= AT_LEAST,
        "{figures_load}\nthe load should acknowledge at least {AT_LEAST} writes"
    );
    assert!(
        !in_flight.is_empty(),
        "{figures_load}\nthe kill should catch requests in flight"
    );

    // The database as the kill left it, before anything else opens it.
    let wal = PathBuf::from(format!("{}-wal", db.url.target));
    let wal_bytes = match backend {
        Backend::Sqlite => std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0),
        Backend::Postgres => 0,
    };
    let mut conn = db.connect();
    let (integrity_after_kill, checked) = integrity(&mut conn);
    let found = load_records(&mut conn, user_id);
    let lost = missing(&found, &acks);
    let unacknowledged = found.len() as i64 - acks.len() as i64;
    let broken = orphans(&mut conn, user_id);
    let wal_frames = match &mut conn {
        AnyConnection::Sqlite(c) => {
            // FULL (TRUNCATE would report 0 frames after emptying the WAL).
            let cp = diesel::sql_query("PRAGMA wal_checkpoint(FULL)")
                .get_result::<Checkpoint>(c)
                .expect("wal_checkpoint");
            assert_eq!(cp.busy, 0, "nothing else holds the database");
            assert_eq!(cp.log, cp.checkpointed, "every WAL frame checkpointed");
            cp.log
        }
        AnyConnection::Postgresql(_) => 0,
    };
    let (integrity_after_checkpoint, _) = integrity(&mut conn);
    drop(conn);
    let wal_text = match backend {
        Backend::Sqlite => format!(
            "; the kill left a {wal_bytes}-byte WAL whose {wal_frames} frames were recovered and checkpointed, then: {integrity_after_checkpoint:?}"
        ),
        Backend::Postgres => String::new(),
    };
    let figures_db = format!(
        "after the kill: {checked}: {integrity_after_kill:?}{wal_text}; {} records in the database = {} acknowledged + {unacknowledged} whose answer the kill cut; {} acknowledged writes lost; inconsistencies: {broken:?}",
        found.len(),
        acks.len(),
        lost.len()
    );
    println!("{figures_db}");
    assert_eq!(integrity_after_kill, "ok", "{figures_load}\n{figures_db}");
    assert_eq!(
        integrity_after_checkpoint, "ok",
        "{figures_load}\n{figures_db}"
    );
    assert!(
        lost.is_empty(),
        "{figures_load}\n{figures_db}\nLOST ACKNOWLEDGED WRITES: {lost:#?}"
    );
    assert!(broken.is_empty(), "{figures_load}\n{figures_db}");
    assert!(
        unacknowledged >= 0 && unacknowledged <= in_flight.len() as i64,
        "{figures_load}\n{figures_db}\nonly requests in flight may have left unacknowledged records"
    );
    if backend == Backend::Sqlite {
        assert!(
            wal_bytes > 0,
            "{figures_db}\nthe kill should leave a WAL to recover"
        );
    }

    // Restart on the same database; the session cookie still works (sessions live in the
    // database) and a sample of the records is served.
    let mut server = Server::start(&db, &logs.path().join("restart.log"));
    let restart = server.ready_in;
    let app2 = test_app(&db, &server);
    let mut browser2 = Browser::new(&app2);
    browser2.cookies = browser.cookies.clone();
    let step = (acks.len() / 12).max(1);
    let mut sample: Vec<&Ack> = acks.iter().step_by(step).collect();
    sample.extend(acks.iter().filter(|a| a.published).take(3));
    sample.push(acks.iter().max_by_key(|a| a.id).unwrap());
    let mut served_wrong: Vec<String> = Vec::new();
    rt.block_on(async {
        for a in &sample {
            let page = browser2.get(&format!("/en/activities/{}/edit", a.id)).await;
            let expected_title = format!("value=\"{}\"", a.title);
            if page.status != 200
                || !page.body.contains(&expected_title)
                || !page.body.contains(&a.description)
            {
                served_wrong.push(format!("#{} {}: {}", a.id, a.title, page.status));
            }
        }
    });
    let mut conn = db.connect();
    let after_restart = load_records(&mut conn, user_id);
    let lost_after_restart = missing(&after_restart, &acks);
    let found_after_restart = after_restart.len();
    drop(conn);
    let figures_restart = format!(
        "restart on the same database: ready in {restart:?}; {found_after_restart} records found, {} acknowledged writes missing or changed; {} sampled edit pages served with their content, {} wrong",
        lost_after_restart.len(),
        sample.len() - served_wrong.len(),
        served_wrong.len()
    );
    println!("{figures_restart}");
    assert!(
        served_wrong.is_empty(),
        "{figures_load}\n{figures_db}\n{figures_restart}\n{served_wrong:#?}\nlog:\n{}",
        server.log_text()
    );
    assert!(
        lost_after_restart.is_empty(),
        "{figures_restart}\n{lost_after_restart:#?}"
    );
    assert_eq!(found_after_restart, found.len(), "{figures_restart}");
    send_signal(server.pid(), "TERM");
    let end = server.wait_exit(Duration::from_secs(10));
    assert!(
        end.is_some_and(|s| s.success()),
        "the restarted server stops on SIGTERM: {end:?}"
    );
    println!("whole test: {:?}", test_started.elapsed());
}

#[test]
fn sigterm_lets_in_flight_requests_finish() {
    let test_started = Instant::now();
    let db = Arc::new(TestDb::new());
    let logs = tempfile::tempdir().unwrap();
    let rt = runtime();
    let mut server = Server::start(&db, &logs.path().join("serve.log"));
    let port = server.port;
    let app = test_app(&db, &server);
    let user_id = add_user(&app, OFFICIAL, "official", &["surabaya"]);
    let mut browser = Browser::new(&app);
    rt.block_on(browser.sign_in(OFFICIAL));

    // 1. A form POST whose head and first half of the body are sent.
    let title = "Sent across a SIGTERM";
    let body = form_body(
        &activity_fields(title, "Half of this form arrived before the SIGTERM.", 7),
        &browser.csrf,
    );
    let head = format!(
        "POST /en/ties/{TIE}/activities/new HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\nCookie: {}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n",
        browser.cookie_header(),
        body.len()
    );
    let (first_half, second_half) = body.as_bytes().split_at(body.len() / 2);
    let mut post = connect(port).unwrap();
    post.write_all(head.as_bytes()).unwrap();
    post.write_all(first_half).unwrap();

    // 2. A big export requested on an accepted keep-alive connection, whose generation takes a
    //    while (the whole data set as JSON lines).
    let mut export = connect(port).unwrap();
    export
        .write_all(get_request(port, "/healthz", false).as_bytes())
        .unwrap();
    assert_eq!(read_response(&mut export).unwrap().status, 200);
    // 3. An idle keep-alive connection.
    let mut idle = connect(port).unwrap();
    idle.write_all(get_request(port, "/healthz", false).as_bytes())
        .unwrap();
    assert_eq!(read_response(&mut idle).unwrap().status, 200);
    std::thread::sleep(Duration::from_millis(100));
    export
        .write_all(get_request(port, "/data/pantau.jsonl", false).as_bytes())
        .unwrap();
    std::thread::sleep(Duration::from_millis(5));
    // Whether the export's answer had started when the SIGTERM was sent (it takes a while to
    // generate in a debug build, so usually not).
    export.set_nonblocking(true).unwrap();
    let export_started = export.peek(&mut [0u8; 1]).is_ok();
    export.set_nonblocking(false).unwrap();

    send_signal(server.pid(), "TERM");
    let sigterm_at = Instant::now();
    std::thread::sleep(Duration::from_millis(300));

    // A new connection is refused while the process still finishes the POST.
    let running_at_300ms = server.child.try_wait().unwrap().is_none();
    let new_connection = TcpStream::connect(("127.0.0.1", port));
    let refused =
        matches!(&new_connection, Err(e) if e.kind() == std::io::ErrorKind::ConnectionRefused);

    post.write_all(second_half).unwrap();
    let post_answer = read_response(&mut post);
    let post_closed = closed_within(&mut post, Duration::from_secs(5));
    let export_answer = read_response(&mut export);
    let export_closed = closed_within(&mut export, Duration::from_secs(5));
    let idle_closed = closed_within(&mut idle, Duration::from_secs(5));
    let exit = server.wait_exit(Duration::from_secs(10));
    let exit_after = sigterm_at.elapsed();

    let post_status = post_answer
        .as_ref()
        .map(|r| r.status)
        .map_err(|e| e.to_string());
    let location = post_answer
        .as_ref()
        .ok()
        .and_then(|r| r.headers.get("location").cloned())
        .unwrap_or_default();
    let (export_status, export_bytes, export_lines, export_bad_lines, export_framing) =
        match &export_answer {
            Ok(r) => {
                let text = String::from_utf8_lossy(&r.body);
                let lines: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();
                let bad = lines
                    .iter()
                    .filter(|l| serde_json::from_str::<serde_json::Value>(l).is_err())
                    .count();
                let framing = match r.headers.get("content-length") {
                    Some(len) => format!("content-length {len}"),
                    None => "chunked".to_string(),
                };
                (Ok(r.status), r.body.len(), lines.len(), bad, framing)
            }
            Err(e) => (Err(e.to_string()), 0, 0, 0, String::new()),
        };
    let figures = format!(
        "backend {:?}: SIGTERM with a half-sent POST, a JSON-lines export requested ({}) and an idle keep-alive connection; 300 ms later the process was {} and a new connection was {}; the POST, completed then, got {post_status:?} → {location:?} (connection then closed: {post_closed}); the export got {export_status:?}, {export_bytes} bytes ({export_framing}), {export_lines} lines, {export_bad_lines} not JSON (connection then closed: {export_closed}); idle connection closed: {idle_closed}; exit {exit:?} {exit_after:?} after the SIGTERM",
        db.url.backend,
        if export_started {
            "its answer already started"
        } else {
            "its answer not started yet"
        },
        if running_at_300ms { "running" } else { "gone" },
        match &new_connection {
            Ok(_) => "ACCEPTED".to_string(),
            Err(e) => format!("refused ({e})"),
        },
    );
    println!("{figures}");
    let log = server.log_text();
    assert!(running_at_300ms, "{figures}\nlog:\n{log}");
    assert!(refused, "{figures}");
    assert_eq!(post_status, Ok(303), "{figures}\nlog:\n{log}");
    assert!(
        location.starts_with("/en/activities/") && location.ends_with("/edit"),
        "{figures}"
    );
    assert_eq!(export_status, Ok(200), "{figures}\nlog:\n{log}");
    assert!(
        export_lines > 100 && export_bad_lines == 0,
        "{figures}\nthe export arrives whole"
    );
    assert!(post_closed && export_closed && idle_closed, "{figures}");
    assert!(
        exit.is_some_and(|s| s.code() == Some(0)),
        "{figures}\nlog:\n{log}"
    );
    // actix-server checks every second whether its workers' connections are done.
    assert!(exit_after < Duration::from_secs(8), "{figures}");

    // The write that straddled the SIGTERM was committed.
    let id: i32 = location.split('/').nth(3).unwrap().parse().unwrap();
    let mut conn = db.connect();
    let records = load_records(&mut conn, user_id);
    assert_eq!(
        records.get(&id).map(|r| r.0.as_str()),
        Some(title),
        "{figures}"
    );
    println!("whole test: {:?}", test_started.elapsed());
}
