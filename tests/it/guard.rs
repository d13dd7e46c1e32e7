//! Bodies sent to routes that need an account are not read before the sign-in is checked:
//! twenty anonymous connections each announcing 19 MB and sending part of it are all refused at
//! once, while still sending, and the server's memory hardly moves; a body that stalls is cut off.

use crate::common;

use std::time::{Duration, Instant};

use common::browser::TIE;
use common::spawn_app;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The resident set of this process (the server runs in it), in bytes.
fn rss() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap();
    kb * 1024
}

#[tokio::test]
async fn anonymous_bodies_are_refused_before_they_are_read() {
    // The resident set is the whole process's: no other test runs meanwhile.
    let _alone = common::alone();
    let app = spawn_app().await;
    let addr = app.address.trim_start_matches("http://").to_string();
    // Warm up the server (first pages, pool) so that its own start is not counted.
    for _ in 0..3 {
        let _ = app.page(&format!("/id/ties/{TIE}")).await;
    }
    let before = rss();
    let chunk = vec![b'x'; 64 * 1024];
    let mut conns = Vec::new();
    let started = Instant::now();
    for i in 0..20 {
        let path = if i % 2 == 0 {
            format!("/id/ties/{TIE}/agreements/new")
        } else {
            format!("/en/ties/{TIE}/reports/new")
        };
        let mut s = TcpStream::connect(&addr).await.unwrap();
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 19000000\r\n\r\n"
        );
        s.write_all(head.as_bytes()).await.unwrap();
        // Part of the body, then the sender stalls (as a slow attacker would).
        let _ = s.write_all(&chunk).await;
        conns.push(s);
    }
    let mut statuses = Vec::new();
    for s in &mut conns {
        let mut buf = vec![0u8; 4096];
        let n = tokio::time::timeout(Duration::from_secs(5), s.read(&mut buf))
            .await
            .expect("an answer while the body is still being sent")
            .unwrap();
        let head = String::from_utf8_lossy(&buf[..n]).to_string();
        statuses.push(head.split(' ').nth(1).unwrap_or("").to_string());
        assert!(
            head.to_ascii_lowercase()
                .contains("content-security-policy"),
            "{head}"
        );
    }
    let took = started.elapsed();
    let grown = rss().saturating_sub(before);
    eprintln!("20 refusals in {took:?}; RSS grew by {grown} bytes");
    for s in &statuses {
        assert!(s == "403" || s == "401", "answered {s}");
    }
    assert!(took < Duration::from_secs(3), "refused in {took:?}");
    assert!(grown < 5 * 1024 * 1024, "RSS grew by {grown} bytes");
    drop(conns);
}

#[tokio::test]
async fn a_body_that_stalls_is_cut_off() {
    let app = spawn_app().await;
    common::browser::add_user(&app, "pejabat@surabaya.go.id", "official", &["surabaya"]);
    let mut b = common::browser::Browser::new(&app);
    b.sign_in("pejabat@surabaya.go.id").await;
    let addr = app.address.trim_start_matches("http://").to_string();
    let path = format!("/en/ties/{TIE}/activities/new");
    let mut s = TcpStream::connect(&addr).await.unwrap();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\nCookie: {}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\ntitle=x&",
        b.cookie_header()
    );
    s.write_all(head.as_bytes()).await.unwrap();
    let started = Instant::now();
    let mut buf = vec![0u8; 4096];
    let limit = pantau::routes::guard::BODY_IDLE_TIMEOUT + Duration::from_secs(5);
    let n = tokio::time::timeout(limit, s.read(&mut buf))
        .await
        .expect("the stalled body is cut off")
        .unwrap();
    let answer = String::from_utf8_lossy(&buf[..n]).to_string();
    let status = answer.split(' ').nth(1).unwrap_or("");
    assert!(
        n == 0 || status.starts_with('4'),
        "answered {status} after {:?}",
        started.elapsed()
    );
    assert!(started.elapsed() >= pantau::routes::guard::BODY_IDLE_TIMEOUT - Duration::from_secs(1));
}
