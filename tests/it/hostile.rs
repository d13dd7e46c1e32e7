//! Hostile input: oversized bodies and documents, files that are not PDFs, invalid UTF-8, absurd
//! dates and numbers, unknown choices and SQL-looking text in every parameter and form field.
//! Every case gets a clear 4xx in the page's language (form input: the form again, 422, with the
//! field's message), never a 500, and nothing is written. CSV exports neutralise formulas.

use crate::common;

use std::collections::BTreeMap;
use std::io::{Read, Write};

use common::browser::*;
use common::{TestApp, spawn_app};
use diesel::prelude::*;
use pantau::db::AnyConnection;
use pantau::models::user::User;
use pantau::routes::form::{MAX_BODY_BYTES, MAX_DOCUMENT_BYTES};
use pantau::schema;

const SQL: [&str; 3] = [
    "' OR 1=1 --",
    "\"; DROP TABLE ties; --",
    "%' UNION SELECT email, password_hash FROM users --",
];
const DATES: [&str; 4] = ["0000-00-00", "99999-01-01", "2026-02-30", "-1"];
const AMOUNTS: [&str; 6] = [
    "1e309",
    "-5",
    "99999999999999999999999",
    "NaN",
    "inf",
    "0x10",
];
const COUNTS: [&str; 6] = [
    "-1",
    "99999999999999999999999",
    "NaN",
    "1e3",
    "4294967296",
    "2.5",
];

// Indonesian messages (locales/id) the pages must show.
const ID_400: &str = "Permintaan tidak dapat dipahami";
const ID_404: &str = "Halaman tidak ditemukan";
const ID_413: &str = "Terlalu besar";
const ID_FORM: &str = "Beberapa isian perlu diperbaiki";
const ID_REQUIRED: &str = "Isian ini wajib diisi.";
const ID_DATE: &str = "Tulis tanggal lengkap, misalnya 15-03-2024";
const ID_PARTIAL_DATE: &str = "Tulis tanggal setepat yang tertulis di dokumen";
const ID_NUMBER: &str = "Tulis jumlah nol atau lebih";
const ID_INTEGER: &str = "sebagai bilangan bulat nol atau lebih";
const ID_CHOICE: &str = "Pilih salah satu pilihan yang tersedia.";
const ID_URL: &str = "Tulis alamat lengkap yang diawali https://";
const ID_CURRENCY: &str = "Tulis kode mata uang tiga huruf";
const ID_NOT_PDF: &str = "Berkas ini bukan PDF.";
const ID_TOO_LARGE: &str = "Berkas ini lebih besar dari 20 MB.";
const ID_EMAIL: &str = "Tulis alamat surel yang sah.";
const ID_UNKNOWN_PLACES: &str = "Tidak ada daerah dengan slug berikut";
const ID_FILTER: &str = "tidak berlaku untuk";
const ID_WRONG_SIGN_IN: &str = "Alamat surel atau kata sandi salah.";
const ID_CONFLICT: &str = "Data ini telah disimpan lebih dahulu oleh orang lain";

type Snapshot = BTreeMap<String, i64>;

/// Row counts and version sums of every table a request could write, and the ties themselves.
fn snapshot(conn: &mut AnyConnection) -> (Snapshot, Vec<(String, i32, i32, i32)>) {
    let mut s = Snapshot::new();
    macro_rules! rows {
        ($t:ident) => {
            s.insert(
                concat!(stringify!($t), " rows").into(),
                schema::$t::table.count().get_result::<i64>(conn).unwrap(),
            );
        };
    }
    macro_rules! versions {
        ($t:ident) => {
            rows!($t);
            let v: Option<i64> = schema::$t::table
                .select(diesel::dsl::sum(schema::$t::version))
                .get_result(conn)
                .unwrap();
            s.insert(concat!(stringify!($t), " versions").into(), v.unwrap_or(0));
        };
    }
    versions!(agreements);
    versions!(procedure_steps);
    versions!(roadmaps);
    versions!(milestones);
    versions!(activities);
    versions!(reports);
    versions!(users);
    versions!(places);
    versions!(ties);
    rows!(report_factors);
    rows!(revisions);
    rows!(user_places);
    rows!(sessions);
    rows!(tie_fields);
    rows!(sources);
    rows!(reported_statuses);
    let ties: Vec<(String, i32, i32, i32)> = schema::ties::table
        .select((
            schema::ties::slug,
            schema::ties::place_id,
            schema::ties::partner_id,
            schema::ties::version,
        ))
        .order(schema::ties::id)
        .load(conn)
        .unwrap();
    (s, ties)
}

/// A request as sent.
struct Req {
    label: String,
    method: &'static str,
    path: String,
    content_type: Option<String>,
    body: Vec<u8>,
    cookie: String,
}

impl Req {
    fn get(path: impl Into<String>) -> Req {
        let path = path.into();
        Req {
            label: format!("GET {path}"),
            method: "GET",
            path,
            content_type: None,
            body: Vec::new(),
            cookie: String::new(),
        }
    }

    fn form(path: impl Into<String>, cookie: &str, body: impl Into<Vec<u8>>) -> Req {
        let path = path.into();
        Req {
            label: format!("POST {path}"),
            method: "POST",
            path,
            content_type: Some("application/x-www-form-urlencoded".into()),
            body: body.into(),
            cookie: cookie.to_string(),
        }
    }

    fn with_cookie(mut self, cookie: &str) -> Req {
        self.cookie = cookie.to_string();
        self
    }

    fn labelled(mut self, what: &str) -> Req {
        self.label = format!("{} [{what}]", self.label);
        self
    }
}

/// What a case must answer.
struct Expect {
    statuses: &'static [u16],
    /// Text the body must contain (in the page's language).
    phrase: Option<&'static str>,
}

fn expect(statuses: &'static [u16], phrase: &'static str) -> Expect {
    Expect {
        statuses,
        phrase: Some(phrase),
    }
}

struct Run<'a> {
    app: &'a TestApp,
    conn: AnyConnection,
    requests: usize,
    statuses: BTreeMap<u16, usize>,
    server_errors: usize,
    failures: Vec<String>,
}

impl<'a> Run<'a> {
    fn new(app: &'a TestApp) -> Run<'a> {
        Run {
            app,
            conn: app.db.connect(),
            requests: 0,
            statuses: BTreeMap::new(),
            server_errors: 0,
            failures: Vec::new(),
        }
    }

    /// Judge one answer: its status, its language, its form for the API, and that nothing was written.
    #[allow(clippy::too_many_arguments)]
    fn judge(
        &mut self,
        label: &str,
        path: &str,
        status: u16,
        content_type: &str,
        body: &str,
        before: &(Snapshot, Vec<(String, i32, i32, i32)>),
        want: &Expect,
    ) {
        self.requests += 1;
        *self.statuses.entry(status).or_insert(0) += 1;
        let mut wrong = Vec::new();
        if status >= 500 {
            self.server_errors += 1;
            wrong.push("a server error".to_string());
        }
        if !want.statuses.contains(&status) {
            wrong.push(format!("status {status}, expected {:?}", want.statuses));
        }
        if path.starts_with("/api/") && status >= 400 {
            let doc: Option<serde_json::Value> = serde_json::from_str(body).ok();
            if !content_type.starts_with("application/problem+json")
                || doc.as_ref().and_then(|d| d["status"].as_u64()) != Some(status as u64)
            {
                wrong.push(format!("not a problem document: {content_type}"));
            }
        } else if status >= 400 && content_type.starts_with("text/html") {
            let lang = if path.starts_with("/en/") { "en" } else { "id" };
            if !body.contains(&format!("<html lang=\"{lang}\">")) {
                wrong.push(format!("not a page in {lang}"));
            }
        }
        if let Some(p) = want.phrase
            && !body.contains(p)
        {
            wrong.push(format!("without “{p}”"));
        }
        let after = snapshot(&mut self.conn);
        if after != *before {
            let changed: Vec<String> = before
                .0
                .iter()
                .filter(|(k, v)| after.0.get(*k) != Some(v))
                .map(|(k, v)| format!("{k} {v}→{}", after.0[k]))
                .collect();
            wrong.push(format!(
                "wrote: {} ties intact: {}",
                changed.join(", "),
                after.1 == before.1
            ));
        }
        if !wrong.is_empty() {
            self.failures.push(format!(
                "{label}: {} — {}",
                wrong.join("; "),
                body.chars()
                    .take(160)
                    .collect::<String>()
                    .replace('\n', " ")
            ));
        }
    }

    async fn send(&mut self, req: Req, want: Expect) {
        let before = snapshot(&mut self.conn);
        let mut r = match req.method {
            "GET" => self
                .app
                .client
                .get(format!("{}{}", self.app.address, req.path)),
            _ => self
                .app
                .client
                .post(format!("{}{}", self.app.address, req.path))
                .header("origin", &self.app.address)
                .body(req.body.clone()),
        };
        if let Some(ct) = &req.content_type {
            r = r.header("content-type", ct);
        }
        if !req.cookie.is_empty() {
            r = r.header("cookie", &req.cookie);
        }
        let res = r
            .send()
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", req.label));
        let status = res.status().as_u16();
        let ct = res
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        let body = String::from_utf8_lossy(&res.bytes().await.unwrap()).into_owned();
        self.judge(&req.label, &req.path, status, &ct, &body, &before, &want);
    }

    /// A request written byte by byte on a socket (for what an HTTP client refuses to send).
    async fn send_raw(
        &mut self,
        label: &str,
        path_for_lang: &str,
        head: Vec<u8>,
        body: RawBody,
        want: Expect,
    ) {
        let before = snapshot(&mut self.conn);
        let addr = self.app.address.trim_start_matches("http://").to_string();
        let (status, headers, body) =
            tokio::task::spawn_blocking(move || raw_exchange(&addr, head, body))
                .await
                .unwrap();
        let ct = headers
            .lines()
            .find_map(|l| {
                l.to_ascii_lowercase()
                    .strip_prefix("content-type:")
                    .map(|v| v.trim().to_string())
            })
            .unwrap_or_default();
        println!(
            "raw {label}: {status} {ct} {}",
            body.chars()
                .take(120)
                .collect::<String>()
                .replace('\n', " ")
        );
        self.judge(label, path_for_lang, status, &ct, &body, &before, &want);
    }
}

/// The body of a raw request.
enum RawBody {
    None,
    /// Bytes sent as they are (after a head that may announce more).
    Plain(Vec<u8>),
    /// This many bytes of `x` in 64 KiB chunks of chunked transfer coding.
    Chunked(usize),
}

/// Write a request on a fresh connection and read the answer: (status, head, body).
fn raw_exchange(addr: &str, head: Vec<u8>, body: RawBody) -> (u16, String, String) {
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(60)))
        .unwrap();
    s.set_write_timeout(Some(std::time::Duration::from_secs(20)))
        .unwrap();
    let _ = s.write_all(&head);
    match body {
        RawBody::None => {}
        RawBody::Plain(b) => {
            let _ = s.write_all(&b);
        }
        RawBody::Chunked(total) => {
            let chunk = vec![b'x'; 64 * 1024];
            let mut sent = 0;
            while sent < total {
                let mut piece = format!("{:x}\r\n", chunk.len()).into_bytes();
                piece.extend(&chunk);
                piece.extend(b"\r\n");
                if s.write_all(&piece).is_err() {
                    break;
                }
                sent += chunk.len();
            }
            let _ = s.write_all(b"0\r\n\r\n");
        }
    }
    let mut out = Vec::new();
    let mut buf = [0u8; 65536];
    loop {
        match s.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                out.extend(&buf[..n]);
                if response_complete(&out) {
                    break;
                }
            }
            Err(_) => break,
        }
    }
    let text = String::from_utf8_lossy(&out).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no HTTP answer: {text:?}"));
    (status, head.to_string(), body.to_string())
}

fn response_complete(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes);
    let Some((head, body)) = text.split_once("\r\n\r\n") else {
        return false;
    };
    let lower = head.to_ascii_lowercase();
    if let Some(len) = lower
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok())
    {
        return body.len() >= len;
    }
    if lower.contains("transfer-encoding: chunked") {
        return body.ends_with("0\r\n\r\n");
    }
    false
}

fn head(method: &str, target: &[u8], host: &str, extra: &[String]) -> Vec<u8> {
    let mut h = format!("{method} ").into_bytes();
    h.extend(target);
    h.extend(format!(" HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n").bytes());
    for e in extra {
        h.extend(e.bytes());
        h.extend(b"\r\n");
    }
    h.extend(b"\r\n");
    h
}

/// `name=value&…` with the values percent-encoded, plus the CSRF token.
fn body_of(fields: &[(&str, &str)], csrf: &str) -> String {
    let mut parts: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v)))
        .collect();
    parts.push(format!("csrf={csrf}"));
    parts.join("&")
}

/// Valid fields of each form, to spoil one at a time.
fn valid(kind: &str) -> Vec<(&'static str, &'static str)> {
    match kind {
        "agreements" => vec![
            ("kind", "mou"),
            ("title", "Hostile agreement"),
            ("signed_on", "2024-03"),
            ("in_force_from", "2024-03-15"),
            ("expires_on", "2029-03-14"),
            ("signatories", "A; B"),
            ("link", "https://example.org/mou.pdf"),
            ("note", ""),
        ],
        "steps" => vec![
            ("step", "dprd-approval"),
            ("occurred_on", "2023-03"),
            ("link", ""),
            ("note", "Hostile step"),
        ],
        "roadmaps" => vec![
            ("title", "Hostile roadmap"),
            ("period_start", "2026-01-01"),
            ("period_end", "2027-12-31"),
            ("body_md", "Plan"),
            ("budget_amount", "1000"),
            ("budget_currency", "IDR"),
            ("action", "save"),
        ],
        "milestones" => vec![
            ("title", "Hostile milestone"),
            ("target", "10 teachers"),
            ("due_on", "2026-09-30"),
            ("status", "planned"),
            ("evidence", ""),
        ],
        "activities" => vec![
            ("occurred_on", "2026-02-10"),
            ("kind", "visit"),
            ("title", "Hostile activity"),
            ("participants_youth", "12"),
            ("cost_amount", "15000000"),
            ("cost_currency", "IDR"),
            ("evidence_link", ""),
        ],
        "reports" => vec![
            ("title", "Hostile report"),
            ("period_start", "2025-01-01"),
            ("period_end", "2025-12-31"),
            ("body_md", "Findings"),
            ("rating_commitment", "2"),
            ("factors", "covid-19"),
            ("action", "save"),
        ],
        "users" => vec![
            ("email", "new@bandung.go.id"),
            ("name", "New"),
            ("role", "official"),
            ("places", "bandung"),
            ("password", PASSWORD),
        ],
        other => panic!("{other}"),
    }
}

fn spoiled<'a>(
    fields: &[(&'static str, &'a str)],
    name: &str,
    value: &'a str,
) -> Vec<(&'static str, &'a str)> {
    let mut out: Vec<(&'static str, &'a str)> =
        fields.iter().filter(|(k, _)| *k != name).copied().collect();
    let key = fields
        .iter()
        .find(|(k, _)| *k == name)
        .map(|(k, _)| *k)
        .unwrap_or_else(|| panic!("no field {name}"));
    out.push((key, value));
    out
}

/// A multipart body: fields, then a `document` file.
fn multipart(fields: &[(&str, &[u8])], file: Option<(&str, &str, &[u8])>) -> (String, Vec<u8>) {
    let boundary = "HostileBoundary42";
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n").bytes(),
        );
        body.extend(*v);
        body.extend(b"\r\n");
    }
    if let Some((filename, ctype, bytes)) = file {
        body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"document\"; filename=\"{filename}\"\r\nContent-Type: {ctype}\r\n\r\n").bytes());
        body.extend(bytes);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{boundary}--\r\n").bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

fn multipart_req(
    path: &str,
    cookie: &str,
    csrf: &str,
    fields: &[(&str, &str)],
    file: Option<(&str, &str, &[u8])>,
) -> Req {
    let mut all: Vec<(&str, &[u8])> = fields.iter().map(|(k, v)| (*k, v.as_bytes())).collect();
    all.push(("csrf", csrf.as_bytes()));
    let (ct, body) = multipart(&all, file);
    Req {
        label: format!("POST {path} (multipart)"),
        method: "POST",
        path: path.to_string(),
        content_type: Some(ct),
        body,
        cookie: cookie.to_string(),
    }
}

fn pct(s: &str) -> String {
    urlencode(s)
}

#[tokio::test]
async fn hostile_input_gets_a_clear_4xx_in_the_page_language_and_writes_nothing() {
    let app = spawn_app().await;
    add_user(&app, "own@surabaya.go.id", "official", &["surabaya"]);
    add_user(&app, "admin@pantau.id", "admin", &[]);
    let mut own = Browser::new(&app);
    own.sign_in("own@surabaya.go.id").await;
    let mut admin = Browser::new(&app);
    admin.sign_in("admin@pantau.id").await;
    admin.get("/id/admin/users").await;

    // Drafts to aim the edit forms at: an agreement with its PDF, a roadmap, a milestone,
    // an activity and a report.
    let pdf = b"%PDF-1.4\n% hostile\n%%EOF\n";
    let p = own
        .post_multipart(
            &format!("/en/ties/{TIE}/agreements/new"),
            &valid("agreements"),
            pdf,
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let agreement = id_from_edit_location(&p.location);
    let mut ids = BTreeMap::new();
    for kind in ["roadmaps", "activities", "reports"] {
        let p = own
            .post(&format!("/en/ties/{TIE}/{kind}/new"), &valid(kind))
            .await;
        assert_eq!(p.status, 303, "{}", p.body);
        ids.insert(kind, id_from_edit_location(&p.location));
    }
    let roadmap = ids["roadmaps"];
    let p = own
        .post(
            &format!("/en/roadmaps/{roadmap}/milestones/new"),
            &valid("milestones"),
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let milestone = pantau::schema::milestones::table
        .select(diesel::dsl::max(pantau::schema::milestones::id))
        .get_result::<Option<i32>>(&mut app.db.connect())
        .unwrap()
        .unwrap();
    ids.insert("agreements", agreement);
    ids.insert("milestones", milestone);
    let own_cookie = own.cookie_header();
    let csrf = own.csrf.clone();
    let admin_cookie = admin.cookie_header();
    let admin_csrf = admin.csrf.clone();
    let mut run = Run::new(&app);

    // --- Oversized bodies --------------------------------------------------------------------
    let big = format!("email={}&password=x", "a".repeat(300 * 1024));
    run.send(
        Req::form("/id/sign-in", "", big.clone()).labelled("300 KiB"),
        expect(&[413], ID_413),
    )
    .await;
    run.send(
        Req::form("/en/sign-in", "", big.clone()).labelled("300 KiB"),
        expect(&[413], "Too large"),
    )
    .await;
    run.send(
        Req::form("/id/sign-out", &own_cookie, format!("{big}&csrf={csrf}")).labelled("300 KiB"),
        expect(&[413], ID_413),
    )
    .await;
    run.send(
        Req::form(
            "/id/admin/users",
            &admin_cookie,
            format!("{big}&csrf={admin_csrf}"),
        )
        .labelled("300 KiB"),
        expect(&[413], ID_413),
    )
    .await;
    run.send(
        Req::form(
            format!("/id/agreements/{agreement}/publish"),
            &own_cookie,
            format!("version=1&{big}&csrf={csrf}"),
        )
        .labelled("300 KiB"),
        expect(&[413], ID_413),
    )
    .await;
    let host = app.address.trim_start_matches("http://").to_string();
    // Announced larger than the form limit: refused before the body is read.
    for path in [
        format!("/id/ties/{TIE}/roadmaps/new"),
        format!("/id/agreements/{agreement}/edit"),
    ] {
        run.send_raw(
            &format!("POST {path} [Content-Length over the limit]"),
            &path,
            head(
                "POST",
                path.as_bytes(),
                &host,
                &[
                    format!("Cookie: {own_cookie}"),
                    format!("Origin: {}", app.address),
                    "Content-Type: application/x-www-form-urlencoded".into(),
                    format!("Content-Length: {}", MAX_BODY_BYTES + 1),
                ],
            ),
            RawBody::Plain(format!("title=x&csrf={csrf}&").into_bytes()),
            expect(&[413], ID_413),
        )
        .await;
    }
    // Streamed without a length, past the limit.
    run.send_raw(
        "POST /id/sign-in [chunked, 320 KiB]",
        "/id/sign-in",
        head(
            "POST",
            b"/id/sign-in",
            &host,
            &[
                format!("Origin: {}", app.address),
                "Content-Type: application/x-www-form-urlencoded".into(),
                "Transfer-Encoding: chunked".into(),
            ],
        ),
        RawBody::Chunked(320 * 1024),
        expect(&[413], ID_413),
    )
    .await;
    let path = format!("/id/ties/{TIE}/steps/new");
    run.send_raw(
        &format!("POST {path} [chunked, past the form limit]"),
        &path,
        head(
            "POST",
            path.as_bytes(),
            &host,
            &[
                format!("Cookie: {own_cookie}"),
                format!("Origin: {}", app.address),
                "Content-Type: application/x-www-form-urlencoded".into(),
                "Transfer-Encoding: chunked".into(),
            ],
        ),
        RawBody::Chunked(MAX_BODY_BYTES + 128 * 1024),
        expect(&[413], ID_413),
    )
    .await;

    // --- Documents: too large, or not a PDF whatever their name and type say ------------------
    let mut too_large = b"%PDF-1.4\n".to_vec();
    too_large.resize(MAX_DOCUMENT_BYTES + 1, b'x');
    let html = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>";
    let exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00\xb8\x00This program cannot be run in DOS mode.";
    let zip = b"PK\x03\x04\x14\x00\x00\x00\x08\x00";
    let spaced = b" %PDF-1.4\n";
    let version = "1".to_string();
    let agreement_fields = valid("agreements");
    let mut edit_fields = valid("agreements");
    edit_fields.push(("version", &version));
    let step_fields = valid("steps");
    let targets: [(String, &[(&str, &str)]); 3] = [
        (
            format!("/id/ties/{TIE}/agreements/new"),
            agreement_fields.as_slice(),
        ),
        (
            format!("/id/agreements/{agreement}/edit"),
            edit_fields.as_slice(),
        ),
        (format!("/id/ties/{TIE}/steps/new"), step_fields.as_slice()),
    ];
    for (path, fields) in &targets {
        for (what, name, ctype, bytes) in [
            ("HTML as PDF", "x.pdf", "application/pdf", &html[..]),
            ("EXE as PDF", "x.pdf", "application/pdf", &exe[..]),
            ("ZIP as PDF", "x.pdf", "application/pdf", &zip[..]),
            (
                "a space before %PDF-",
                "x.pdf",
                "application/pdf",
                &spaced[..],
            ),
            ("HTML as HTML", "x.html", "text/html", &html[..]),
        ] {
            run.send(
                multipart_req(path, &own_cookie, &csrf, fields, Some((name, ctype, bytes)))
                    .labelled(what),
                expect(&[422], ID_NOT_PDF),
            )
            .await;
        }
        run.send(
            multipart_req(
                path,
                &own_cookie,
                &csrf,
                fields,
                Some(("big.pdf", "application/pdf", &too_large)),
            )
            .labelled("20 MB + 1 byte"),
            expect(&[422], ID_TOO_LARGE),
        )
        .await;
    }
    // Broken multipart bodies.
    let path = format!("/id/ties/{TIE}/agreements/new");
    for (what, ctype, body) in [
        (
            "no boundary",
            "multipart/form-data".to_string(),
            b"--x\r\n".to_vec(),
        ),
        (
            "garbage",
            "multipart/form-data; boundary=HostileBoundary42".to_string(),
            b"this is not multipart at all".to_vec(),
        ),
        (
            "a filename in invalid UTF-8",
            "multipart/form-data; boundary=HostileBoundary42".to_string(),
            {
                let mut b = b"--HostileBoundary42\r\nContent-Disposition: form-data; name=\"document\"; filename=\"\xff\xfe.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\r\n--HostileBoundary42\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n".to_vec();
                b.extend(csrf.as_bytes());
                b.extend(b"\r\n--HostileBoundary42\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nmou\r\n--HostileBoundary42--\r\n");
                b
            },
        ),
        (
            "a field in invalid UTF-8",
            "multipart/form-data; boundary=HostileBoundary42".to_string(),
            {
                let mut all: Vec<(&str, &[u8])> = valid("agreements")
                    .into_iter()
                    .filter(|(k, _)| *k != "title")
                    .map(|(k, v)| (k, v.as_bytes()))
                    .collect();
                all.push(("title", b"Invalid \xff\xfe title"));
                all.push(("csrf", csrf.as_bytes()));
                multipart(&all, None).1
            },
        ),
    ] {
        run.send(
            Req {
                label: format!("POST {path} (multipart) [{what}]"),
                method: "POST",
                path: path.clone(),
                content_type: Some(ctype),
                body,
                cookie: own_cookie.clone(),
            },
            expect(&[400], ID_400),
        )
        .await;
    }

    // --- Invalid UTF-8 in URL-encoded bodies, query strings and paths ------------------------
    for path in [
        format!("/id/ties/{TIE}/roadmaps/new"),
        format!("/id/roadmaps/{roadmap}/edit"),
    ] {
        let mut raw = format!("version=1&csrf={csrf}&").into_bytes();
        raw.extend(b"title=Invalid \xff\xfe&period_start=2026-01-01");
        run.send(
            Req::form(&path, &own_cookie, raw).labelled("raw bytes FF FE"),
            expect(&[400], ID_400),
        )
        .await;
        let mut fields = valid("roadmaps");
        fields.retain(|(k, _)| *k != "title");
        let body = format!("{}&title=Invalid%FF%FE&version=1", body_of(&fields, &csrf));
        run.send(
            Req::form(&path, &own_cookie, body).labelled("percent-encoded FF FE"),
            expect(&[400], ID_400),
        )
        .await;
        let body = format!("{}&title=Nul%00byte&version=1", body_of(&fields, &csrf));
        run.send(
            Req::form(&path, &own_cookie, body).labelled("a NUL byte"),
            expect(&[400], ID_400),
        )
        .await;
    }
    // A browser of its own: a sign-in attempt ends the session the browser had.
    let mut visitor = Browser::new(&app);
    let sign_in = visitor.get("/id/sign-in").await;
    assert_eq!(sign_in.status, 200);
    let sign_in_cookie = visitor.cookie_header();
    let sign_in_csrf = visitor.csrf.clone();
    for email in ["%FF%FE%40surabaya.go.id", "own%00%40surabaya.go.id"] {
        run.send(
            Req::form(
                "/id/sign-in",
                &sign_in_cookie,
                format!("csrf={sign_in_csrf}&email={email}&password=x&next="),
            )
            .labelled(email),
            expect(&[400], ID_400),
        )
        .await;
    }
    for (path, want) in [
        ("/id/ties?q=%FF%FE".to_string(), expect(&[400], ID_FILTER)),
        ("/id/ties?place=%FF".to_string(), expect(&[400], ID_FILTER)),
        ("/id/ties.csv?q=%FF".to_string(), expect(&[400], ID_FILTER)),
        (
            "/id/ties.json?sort=%FF".to_string(),
            expect(&[400], ID_FILTER),
        ),
        ("/id/search?q=%FF%FE".to_string(), expect(&[400], ID_400)),
        (
            "/api/v1/ties?q=%FF".to_string(),
            expect(&[400], "Bad Request"),
        ),
        (
            "/api/v1/places?page=%FF".to_string(),
            expect(&[400], "Bad Request"),
        ),
        ("/id/ties/%FF".to_string(), expect(&[404], ID_404)),
        (
            "/id/ties/%FF%FE/history".to_string(),
            expect(&[404], ID_404),
        ),
        ("/id/ties/%FF/feed.atom".to_string(), expect(&[404], ID_404)),
        ("/id/places/%C0%AF".to_string(), expect(&[404], ID_404)),
        ("/id/reports/%FF".to_string(), expect(&[404], ID_404)),
        (
            "/id/agreements/%FF/document".to_string(),
            expect(&[404], ID_404),
        ),
        ("/api/v1/ties/%FF".to_string(), expect(&[404], "Not Found")),
        (
            "/api/v1/places/%FF".to_string(),
            expect(&[404], "Not Found"),
        ),
        ("/%FF/ties".to_string(), expect(&[404], ID_404)),
        ("/id/ties/a%00b".to_string(), expect(&[404], ID_404)),
        ("/id/places/a%00b".to_string(), expect(&[404], ID_404)),
        (
            "/id/places/a%00b/feed.atom".to_string(),
            expect(&[404], ID_404),
        ),
        (
            "/id/ties/a%00b/feed.atom".to_string(),
            expect(&[404], ID_404),
        ),
        ("/id/ties/a%00b/history".to_string(), expect(&[404], ID_404)),
        (
            "/api/v1/places/a%00b".to_string(),
            expect(&[404], "Not Found"),
        ),
        (
            "/api/v1/ties/a%00b".to_string(),
            expect(&[404], "Not Found"),
        ),
        ("/id/ties?q=a%00b".to_string(), expect(&[400], ID_FILTER)),
        ("/id/search?q=a%00b".to_string(), expect(&[400], ID_400)),
    ] {
        run.send(Req::get(path), want).await;
    }
    for path in [
        "/id/ties/%FF/roadmaps/new",
        "/id/ties/a%00b/roadmaps/new",
        "/id/ties/a%00b/manage",
        "/id/roadmaps/%FF/edit",
        "/id/roadmaps/%FF/milestones/new",
    ] {
        run.send(
            Req::get(path).with_cookie(&own_cookie),
            expect(&[404], ID_404),
        )
        .await;
    }
    // Raw bytes that are not UTF-8 in the request line.
    for target in [
        b"/id/ties?q=\xff\xfe".to_vec(),
        b"/id/ties/\xff\xfe".to_vec(),
        b"/id/search?q=\xc0\xaf".to_vec(),
    ] {
        let label = format!("GET {} [raw bytes]", String::from_utf8_lossy(&target));
        run.send_raw(
            &label,
            "/id/",
            head("GET", &target, &host, &[]),
            RawBody::None,
            Expect {
                statuses: &[400, 404],
                phrase: None,
            },
        )
        .await;
    }

    // --- Absurd dates, numbers, unknown choices and SQL-looking text in every form field ------
    let version_of = |run: &mut Run, kind: &str, id: i32| -> String {
        use pantau::publishing::{Kind, load};
        let k = Kind::from_segment(kind).unwrap();
        load(&mut run.conn, k, id)
            .unwrap()
            .unwrap()
            .version
            .to_string()
    };
    // (form, field, message key text, bad values)
    let sql: Vec<&str> = SQL.to_vec();
    let dates: Vec<&str> = DATES.iter().chain(SQL.iter()).copied().collect();
    let amounts: Vec<&str> = AMOUNTS.iter().chain(SQL.iter()).copied().collect();
    let counts: Vec<&str> = COUNTS.iter().chain(SQL.iter()).copied().collect();
    let with = |extra: &[&'static str]| -> Vec<&'static str> {
        extra.iter().copied().chain(SQL.iter().copied()).collect()
    };
    let cases: Vec<(&str, &str, &'static str, Vec<&str>)> = vec![
        ("agreements", "kind", ID_CHOICE, with(&["treaty", "MOU"])),
        ("agreements", "kind", ID_REQUIRED, vec![""]),
        ("agreements", "signed_on", ID_PARTIAL_DATE, dates.clone()),
        ("agreements", "in_force_from", ID_DATE, dates.clone()),
        ("agreements", "expires_on", ID_DATE, dates.clone()),
        (
            "agreements",
            "link",
            ID_URL,
            with(&["javascript:alert(1)", "//evil.example"]),
        ),
        ("steps", "step", ID_CHOICE, with(&["coup"])),
        ("steps", "occurred_on", ID_PARTIAL_DATE, dates.clone()),
        ("roadmaps", "period_start", ID_DATE, dates.clone()),
        ("roadmaps", "period_end", ID_DATE, dates.clone()),
        ("roadmaps", "budget_amount", ID_NUMBER, amounts.clone()),
        (
            "roadmaps",
            "budget_currency",
            ID_CURRENCY,
            with(&["rupiah", "12€"]),
        ),
        ("milestones", "due_on", ID_DATE, dates.clone()),
        ("milestones", "status", ID_CHOICE, with(&["abandoned"])),
        ("activities", "occurred_on", ID_DATE, dates.clone()),
        ("activities", "kind", ID_CHOICE, with(&["party"])),
        (
            "activities",
            "participants_youth",
            ID_INTEGER,
            counts.clone(),
        ),
        ("activities", "cost_amount", ID_NUMBER, amounts.clone()),
        ("activities", "cost_currency", ID_CURRENCY, sql.clone()),
        ("activities", "evidence_link", ID_URL, sql.clone()),
        ("reports", "period_end", ID_DATE, dates.clone()),
        (
            "reports",
            "rating_commitment",
            ID_CHOICE,
            with(&["7", "-1", "3.0"]),
        ),
        ("reports", "factors", ID_CHOICE, with(&["not-a-factor"])),
        ("users", "role", ID_CHOICE, with(&["superuser"])),
        ("users", "email", ID_EMAIL, sql.clone()),
        ("users", "places", ID_UNKNOWN_PLACES, sql.clone()),
    ];
    for (form, field, message, values) in &cases {
        // Each form both new and, where there is one, edited.
        let mut targets: Vec<(String, bool)> = match *form {
            "milestones" => vec![(format!("/id/roadmaps/{roadmap}/milestones/new"), false)],
            "users" => vec![("/id/admin/users".to_string(), false)],
            f => vec![(format!("/id/ties/{TIE}/{f}/new"), false)],
        };
        if let Some(id) = ids.get(form) {
            targets.push((format!("/id/{form}/{id}/edit"), true));
        }
        for (path, edit) in targets {
            for value in values {
                let v = if edit {
                    version_of(&mut run, form, ids[form])
                } else {
                    String::new()
                };
                let mut fields = spoiled(&valid(form), field, value);
                if edit {
                    fields.push(("version", &v));
                }
                let (cookie, token) = if *form == "users" {
                    (&admin_cookie, &admin_csrf)
                } else {
                    (&own_cookie, &csrf)
                };
                run.send(
                    Req::form(&path, cookie, body_of(&fields, token))
                        .labelled(&format!("{field}={value}")),
                    Expect {
                        statuses: &[422],
                        phrase: Some(message),
                    },
                )
                .await;
            }
        }
    }
    // The form page says so too, in Indonesian.
    let body = body_of(
        &spoiled(&valid("roadmaps"), "period_start", "2026-02-30"),
        &csrf,
    );
    run.send(
        Req::form(format!("/id/ties/{TIE}/roadmaps/new"), &own_cookie, body)
            .labelled("form message"),
        expect(&[422], ID_FORM),
    )
    .await;
    // Versions that are not numbers are a bad request; a stale one is a conflict.
    for (value, want) in [
        ("NaN", expect(&[400], ID_400)),
        ("99999999999999999999", expect(&[400], ID_400)),
        ("' OR 1=1 --", expect(&[400], ID_400)),
        ("-1", expect(&[409], ID_CONFLICT)),
    ] {
        let mut fields = valid("roadmaps");
        fields.push(("version", value));
        run.send(
            Req::form(
                format!("/id/roadmaps/{roadmap}/edit"),
                &own_cookie,
                body_of(&fields, &csrf),
            )
            .labelled(&format!("version={value}")),
            want,
        )
        .await;
        run.send(
            Req::form(
                format!("/id/agreements/{agreement}/publish"),
                &own_cookie,
                body_of(&[("version", value)], &csrf),
            )
            .labelled(&format!("version={value}")),
            match value {
                "-1" => expect(&[409], ID_CONFLICT),
                _ => expect(&[400], ID_400),
            },
        )
        .await;
    }
    // Sign-in with SQL: just wrong (a few, to stay under the address's throttle).
    for (email, password) in [
        (SQL[0], SQL[0]),
        ("own@surabaya.go.id", "' OR '1'='1"),
        (SQL[1], "x"),
    ] {
        run.send(
            Req::form(
                "/id/sign-in",
                &sign_in_cookie,
                format!(
                    "csrf={sign_in_csrf}&email={}&password={}&next={}",
                    pct(email),
                    pct(password),
                    pct(SQL[2])
                ),
            )
            .labelled(email),
            expect(&[401], ID_WRONG_SIGN_IN),
        )
        .await;
    }
    // Ids in paths that are not ids, or no record's.
    for path in [
        "/id/admin/users/'%20OR%201=1%20--/disable".to_string(),
        "/id/admin/users/99999999999/disable".to_string(),
        "/id/admin/users/-1/disable".to_string(),
    ] {
        run.send(
            Req::form(&path, &admin_cookie, format!("csrf={admin_csrf}")),
            expect(&[404], ID_404),
        )
        .await;
    }
    for path in [
        "/id/roadmaps/99999999999/edit".to_string(),
        "/id/roadmaps/-1/edit".to_string(),
        "/id/roadmaps/1e309/milestones/new".to_string(),
        format!("/id/ties/{}/roadmaps/new", pct(SQL[1])),
        "/id/ties/a%00b/roadmaps/new".to_string(),
        "/id/agreements/0/publish".to_string(),
    ] {
        let mut fields = valid("roadmaps");
        fields.push(("version", "1"));
        run.send(
            Req::form(&path, &own_cookie, body_of(&fields, &csrf)),
            expect(&[404], ID_404),
        )
        .await;
    }

    // --- Every filter and sort parameter of the tie list, its exports and the API -------------
    let params: [(&str, &[&str]); 16] = [
        ("place", &["Surabaya!", "../etc"]),
        ("country", &["XXX", "1"]),
        ("kind", &["village"]),
        ("field", &["Education"]),
        ("type", &["treaty"]),
        (
            "signed_from",
            &["0000", "99999", "-1", "2026-02-30", "1e309"],
        ),
        ("signed_to", &["0000-00-00", "99999-01-01"]),
        ("reported", &["dead"]),
        ("status", &["zombie"]),
        ("activity", &["asleep"]),
        ("grade", &["F", "AA"]),
        ("roadmap", &["maybe"]),
        ("report", &["1"]),
        ("ceremonial", &["true"]),
        ("sort", &["name", "--score", "score;DROP"]),
        ("page", &["0", "-5", "99999999999999999999999", "NaN"]),
    ];
    let mut all_params: Vec<(&str, Vec<&str>)> = params
        .iter()
        .map(|(k, v)| (*k, v.iter().copied().chain(SQL.iter().copied()).collect()))
        .collect();
    all_params.push(("per_page", vec!["7", "1e309", "-1", SQL[0], SQL[1], SQL[2]]));
    for (name, values) in &all_params {
        for value in values {
            let q = format!("{name}={}", pct(value));
            for base in ["/id/ties", "/id/ties.csv", "/id/ties.json"] {
                // The list page takes a place's name: one that names a place is answered with
                // its slug (303), any other with a 400 that says no such place was found.
                let wanted = match (*name, base, *value) {
                    ("place", "/id/ties", "Surabaya!") => expect(&[303], ""),
                    ("place", "/id/ties", _) => expect(&[400], "tidak ditemukan"),
                    _ => expect(&[400], ID_FILTER),
                };
                run.send(Req::get(format!("{base}?{q}")), wanted).await;
            }
            run.send(
                Req::get(format!("/api/v1/ties?{q}")),
                expect(&[400], "is not valid for"),
            )
            .await;
        }
    }
    for name in ["page", "per_page"] {
        for value in ["0", "-1", "501", "1e309", SQL[0], SQL[1], SQL[2]] {
            if name == "page" && value == "501" {
                continue;
            }
            for base in ["/api/v1/places", "/api/v1/reports"] {
                run.send(
                    Req::get(format!("{base}?{name}={}", pct(value))),
                    expect(&[400], "must be a whole number"),
                )
                .await;
            }
        }
    }
    for path in [
        format!("/api/v1/ties/{}", pct(SQL[0])),
        format!("/api/v1/places/{}", pct(SQL[1])),
        format!("/api/v1/reports/{}", pct(SQL[2])),
        "/api/v1/reports/99999999999".to_string(),
        "/api/v1/reports/-1".to_string(),
        format!("/api/v1/{}", pct(SQL[1])),
    ] {
        run.send(Req::get(path), expect(&[404], "Not Found")).await;
    }
    // Free text (q) is text: SQL in it finds nothing, breaks nothing, and is shown escaped.
    let total_rows = app.page("/id/ties.csv").await.1.lines().count();
    for value in SQL.iter().copied().chain(["<script>alert(1)</script>"]) {
        let q = pct(value);
        run.send(
            Req::get(format!("/id/ties?q={q}")),
            expect(&[200], "Kerja sama"),
        )
        .await;
        run.send(
            Req::get(format!("/id/search?q={q}")),
            expect(&[200], "Cari"),
        )
        .await;
        run.send(
            Req::get(format!("/api/v1/ties?q={q}")),
            Expect {
                statuses: &[200],
                phrase: None,
            },
        )
        .await;
        let (status, csv) = app.page(&format!("/id/ties.csv?q={q}")).await;
        assert_eq!(status, 200);
        assert!(
            csv.lines().count() < total_rows,
            "q={value} matches every tie"
        );
        let page = app.page(&format!("/id/search?q={q}")).await.1;
        assert!(!page.contains("<script>alert(1)"), "the query is escaped");
    }
    for path in [
        format!("/id/reports/{}", pct(SQL[0])),
        "/id/reports/99999999999".to_string(),
        "/id/reports/-1".to_string(),
        format!("/id/ties/{}", pct(SQL[1])),
        format!("/id/places/{}", pct(SQL[2])),
        "/id/agreements/-1/document".to_string(),
        "/id/steps/99999999999/document".to_string(),
        "/xx/ties".to_string(),
        "/xx/ties.csv".to_string(),
        "/xx/feed.atom".to_string(),
        "/EN/ties".to_string(),
        "/en-US/ties".to_string(),
        format!("/{}/ties", pct(SQL[0])),
    ] {
        run.send(Req::get(path), expect(&[404], ID_404)).await;
    }

    let (snapshot_now, ties_now) = snapshot(&mut run.conn);
    println!(
        "hostile: {} requests, {} server errors, statuses {:?}",
        run.requests, run.server_errors, run.statuses
    );
    assert!(
        run.failures.is_empty(),
        "{} of {} cases failed:\n{}",
        run.failures.len(),
        run.requests,
        run.failures.join("\n")
    );
    assert_eq!(run.server_errors, 0);

    // Free text in a form is stored as written (parameterised queries), the ties stay intact.
    let p = own
        .post(
            &format!("/id/ties/{TIE}/roadmaps/new"),
            &spoiled(&valid("roadmaps"), "title", SQL[1]),
        )
        .await;
    assert_eq!(p.status, 303);
    let id = id_from_edit_location(&p.location);
    let rec = pantau::publishing::load(&mut run.conn, pantau::publishing::Kind::Roadmap, id)
        .unwrap()
        .unwrap();
    assert_eq!(rec.texts()["title"], SQL[1]);
    let (after, ties_after) = snapshot(&mut run.conn);
    assert_eq!(ties_after, ties_now, "the ties table is intact");
    assert_eq!(after["roadmaps rows"], snapshot_now["roadmaps rows"] + 1);
}

#[tokio::test]
async fn csv_exports_neutralise_formula_cells_and_round_trip() {
    let app = spawn_app().await;
    let hash = pantau::auth::hash_password(PASSWORD).unwrap();
    // Report titles come from forms (which trim leading whitespace); author names come from
    // accounts, so a name may start with a tab or a carriage return.
    let cases: [(&str, &str); 6] = [
        (
            "=HYPERLINK(\"http://evil.example\",\"x\")",
            "=HYPERLINK(\"http://evil.example\",\"author\")",
        ),
        ("+1+2", "\t=1+2 tab author"),
        ("-2+3", "\r=1+2 CR author"),
        ("@SUM(A1:A2)", "@SUM(1+1)*cmd|' /C calc'!A0"),
        ("=cmd|' /C calc'!A0,\"quoted\"\nsecond line", "+plus author"),
        ("Plain, with \"quotes\"", "-minus author"),
    ];
    let mut expected = Vec::new();
    for (i, (title, author)) in cases.iter().enumerate() {
        let email = format!("evaluator{i}@example.org");
        let mut conn = app.db.connect();
        User::create(&mut conn, &email, author, &hash, "evaluator", &[]).unwrap();
        let mut b = Browser::new(&app);
        b.sign_in(&email).await;
        let p = b
            .post(
                &format!("/en/ties/{TIE}/reports/new"),
                &[
                    ("title", title),
                    ("body_md", "Findings"),
                    ("action", "save"),
                ],
            )
            .await;
        assert_eq!(p.status, 303, "{}", p.body);
        let id = id_from_edit_location(&p.location);
        let edit = b.get(&p.location).await;
        let version = hidden(&edit.body, "version");
        let p = b
            .post(
                &format!("/en/reports/{id}/publish"),
                &[("version", &version)],
            )
            .await;
        assert_eq!(p.status, 303);
        expected.push((id.to_string(), title.to_string(), author.to_string()));
    }
    let neutral = |s: &str| match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    };
    let mut checked = 0;
    for url in [
        "/en/reports.csv",
        "/id/reports.csv",
        "/en/ties.csv",
        "/id/places.csv",
    ] {
        let (status, text) = app.page(url).await;
        assert_eq!(status, 200, "{url}");
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(text.as_bytes());
        let headers = reader.headers().unwrap().clone();
        let rows: Vec<csv::StringRecord> = reader
            .records()
            .map(|r| r.unwrap_or_else(|e| panic!("{url} does not parse: {e}")))
            .collect();
        for row in &rows {
            assert_eq!(row.len(), headers.len(), "{url}: same columns in every row");
            for cell in row.iter() {
                // Numbers stay numbers (a latitude of -3.7); text never starts a formula.
                assert!(
                    !matches!(
                        cell.chars().next(),
                        Some('=' | '+' | '-' | '@' | '\t' | '\r')
                    ) || cell.parse::<f64>().is_ok_and(f64::is_finite),
                    "{url}: a cell starts a formula: {cell:?}"
                );
            }
        }
        // Written again, the rows read back the same (the file round-trips).
        let mut again = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(Vec::new());
        again.write_record(&headers).unwrap();
        for row in &rows {
            again.write_record(row).unwrap();
        }
        let rewritten = String::from_utf8(again.into_inner().unwrap()).unwrap();
        let reread: Vec<csv::StringRecord> = csv::Reader::from_reader(rewritten.as_bytes())
            .records()
            .map(Result::unwrap)
            .collect();
        assert_eq!(reread, rows, "{url} round-trips");
        assert_eq!(rewritten, text, "{url}: written again, the same bytes");
        if !url.contains("reports") {
            continue;
        }
        let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
        let (id, title, author) = (col("id"), col("title"), col("author"));
        for (rid, t, a) in &expected {
            let row = rows
                .iter()
                .find(|r| &r[id] == rid)
                .unwrap_or_else(|| panic!("{url}: report {rid} missing"));
            assert_eq!(row[title], neutral(t), "{url}: title of {rid}");
            assert_eq!(row[author], neutral(a), "{url}: author of {rid}");
            assert!(row[title].starts_with('\'') || !t.starts_with(['=', '+', '-', '@']));
            let formula = |s: &str| s.starts_with(['=', '+', '-', '@', '\t', '\r']);
            checked += usize::from(formula(t)) + usize::from(formula(a));
        }
    }
    // The JSON export keeps the text as written: neutralising is for spreadsheets only.
    let json: serde_json::Value =
        serde_json::from_str(&app.page("/en/reports.json").await.1).unwrap();
    let titles: Vec<&str> = json["reports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["title"].as_str().unwrap())
        .collect();
    for (_, t, _) in &expected {
        assert!(titles.contains(&t.as_str()), "{t} as written in JSON");
    }
    println!(
        "csv: {checked} formula-looking cells (titles and author names starting with =, +, -, @, tab, CR) read back with a leading ' from reports.csv in both languages; 4 exports parse with the same number of columns in every row and round-trip"
    );
}
