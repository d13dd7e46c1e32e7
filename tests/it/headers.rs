//! Security headers on every response: pages (from the sitemap), errors, exports, feeds, the API,
//! assets, redirects and refused POSTs; HSTS only when a trusted proxy says HTTPS; no-store on
//! everything a signed-in browser gets; forwarding headers from untrusted peers ignored.

use crate::common;

use common::browser::*;
use common::{TestDb, spawn_app, spawn_app_with};
use reqwest::header::HeaderMap;

const CSP_MUST: [&str; 4] = [
    "default-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
];

/// What is missing from one response's security headers.
fn missing(h: &HeaderMap, https: bool) -> Vec<String> {
    let mut out = Vec::new();
    match h
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
    {
        None => out.push("Content-Security-Policy".to_string()),
        Some(csp) => {
            for d in CSP_MUST {
                if !csp.split(';').any(|p| p.trim() == d) {
                    out.push(format!("CSP {d}"));
                }
            }
        }
    }
    if h.get("x-content-type-options").map(|v| v.as_bytes()) != Some(b"nosniff") {
        out.push("X-Content-Type-Options".into());
    }
    if h.get("referrer-policy").is_none() {
        out.push("Referrer-Policy".into());
    }
    match (https, h.get("strict-transport-security")) {
        (true, None) => out.push("HSTS over HTTPS".into()),
        (true, Some(v)) if !v.to_str().unwrap().starts_with("max-age=31536000") => {
            out.push("HSTS max-age".into())
        }
        (false, Some(_)) => out.push("HSTS over plain HTTP".into()),
        _ => {}
    }
    out
}

/// Every public page the sitemap names (both languages), a sample when there are many.
async fn sitemap_paths(app: &common::TestApp) -> Vec<String> {
    let xml = app.page("/sitemap.xml").await.1;
    let mut paths: Vec<String> = xml
        .split("<loc>")
        .skip(1)
        .filter_map(|s| s.split("</loc>").next())
        .map(|u| {
            let rest = u.split_once("://").unwrap().1;
            format!("/{}", rest.split_once('/').map(|(_, p)| p).unwrap_or(""))
        })
        .collect();
    paths.sort();
    paths.dedup();
    // Every page type is in the first and last few of each kind; keep the run short.
    let step = (paths.len() / 80).max(1);
    paths.into_iter().step_by(step).collect()
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = spawn_app().await;
    let mut paths = sitemap_paths(&app).await;
    let fixed = [
        "/",
        "/id",
        "/en",
        "/healthz",
        "/robots.txt",
        "/sitemap.xml",
        "/en/ties?status=active&sort=score",
        "/en/ties.csv",
        "/en/ties.json",
        "/id/places.csv",
        "/en/places.json",
        "/data/pantau.jsonl",
        "/en/feed.atom",
        "/id/places/surabaya/feed.atom",
        "/api/v1/places",
        "/api/v1/ties?limit=2",
        "/api/v1/reports",
        "/api/openapi.json",
        "/en/api",
        "/en/search?q=jepang",
        "/en/sign-in",
        "/static/favicon.svg",
        // Errors: 404 page, 404 API, 400 bad query, 405, a redirect.
        "/en/ties/no-such-tie",
        "/id/tempat/tidak-ada",
        "/api/v1/ties/999999",
        "/api/v1/nothing",
        "/en/ties?signed_from=abc",
        "/api/v1/ties?limit=-1",
        "/en/dashboard",
        "/en/ties/",
        "/en/agreements/1/document",
    ];
    paths.extend(fixed.iter().map(|s| s.to_string()));

    let mut checked = 0;
    let mut statuses = std::collections::BTreeMap::<u16, usize>::new();
    let mut failures = Vec::new();
    for https in [false, true] {
        for path in &paths {
            let mut rq = app.client.get(format!("{}{path}", app.address));
            if https {
                rq = rq.header("x-forwarded-proto", "https");
            }
            let res = rq.send().await.unwrap();
            *statuses.entry(res.status().as_u16()).or_default() += 1;
            checked += 1;
            let m = missing(res.headers(), https);
            if !m.is_empty() {
                failures.push(format!(
                    "GET {path} (https {https}) {}: {m:?}",
                    res.status()
                ));
            }
        }
    }
    // POSTs: refused (no CSRF token, foreign origin), a 413, a 405 and a wrong sign-in.
    let posts: [(&str, &str, &[u8]); 4] = [
        ("/en/sign-in", "https://evil.example", b"email=a&password=b"),
        ("/en/ties/surabaya--liverpool-gb/activities/new", "", b"x=1"),
        ("/en/ties", "", b""),
        ("/en/sign-out", "", b""),
    ];
    for (path, origin, body) in posts {
        let mut rq = app
            .client
            .post(format!("{}{path}", app.address))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body.to_vec());
        if !origin.is_empty() {
            rq = rq.header("origin", origin);
        }
        let res = rq.send().await.unwrap();
        *statuses.entry(res.status().as_u16()).or_default() += 1;
        checked += 1;
        let m = missing(res.headers(), false);
        if !m.is_empty() {
            failures.push(format!("POST {path} {}: {m:?}", res.status()));
        }
    }
    let big = vec![b'a'; pantau::routes::form::MAX_BODY_BYTES + 10];
    let res = app
        .client
        .post(format!(
            "{}/en/ties/surabaya--liverpool-gb/activities/new",
            app.address
        ))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(big)
        .send()
        .await
        .unwrap();
    *statuses.entry(res.status().as_u16()).or_default() += 1;
    checked += 1;
    let m = missing(res.headers(), false);
    if !m.is_empty() {
        failures.push(format!("POST (too large) {}: {m:?}", res.status()));
    }

    println!(
        "security headers: {checked} responses checked, {} complete ({:.1}%), statuses {statuses:?}",
        checked - failures.len(),
        100.0 * (checked - failures.len()) as f64 / checked as f64
    );
    assert!(failures.is_empty(), "{failures:#?}");
    assert!(statuses.keys().any(|s| *s >= 400), "errors were among them");
}

#[tokio::test]
async fn signed_in_responses_are_never_stored() {
    let app = spawn_app().await;
    add_user(&app, "pejabat@surabaya.go.id", "official", &["surabaya"]);
    let mut b = Browser::new(&app);
    b.sign_in("pejabat@surabaya.go.id").await;
    let mut checked = 0;
    for path in [
        "/en/dashboard",
        "/en",
        "/en/ties/surabaya--liverpool-gb",
        "/en/ties/surabaya--liverpool-gb/manage",
        "/en/ties/surabaya--liverpool-gb/activities/new",
        "/en/ties",
        "/en/ties.csv",
        "/api/v1/places",
        "/en/no-such-page",
    ] {
        let p = b.get(path).await;
        checked += 1;
        assert_eq!(
            p.headers.get("cache-control").map(|v| v.to_str().unwrap()),
            Some("no-store"),
            "{path} ({})",
            p.status
        );
        assert!(p.headers.get("etag").is_none(), "{path}: no validator");
        assert!(missing(&p.headers, false).is_empty(), "{path}");
    }
    // A POST's redirect too.
    let p = b
        .post(
            "/en/ties/surabaya--liverpool-gb/activities/new",
            &[("kind", "visit"), ("title", ""), ("action", "save")],
        )
        .await;
    checked += 1;
    assert_eq!(p.headers["cache-control"], "no-store", "{}", p.status);
    // The content-hashed stylesheet stays cacheable for a signed-in browser.
    let css = b.get("/static/favicon.svg").await;
    assert_ne!(
        css.headers
            .get("cache-control")
            .map(|v| v.to_str().unwrap()),
        Some("no-store")
    );
    // Signed out, public pages are cacheable again.
    let anon = app.get("/en/ties/surabaya--liverpool-gb").await;
    assert_ne!(anon.headers()["cache-control"], "no-store");
    println!("no-store: {checked} signed-in responses checked");
}

#[tokio::test]
async fn forwarding_headers_count_only_from_trusted_proxies() {
    let db = std::sync::Arc::new(TestDb::starter());
    let app = spawn_app_with(db, |s| s.trusted_proxies.clear()).await;
    let res = app
        .client
        .get(format!("{}/en/sign-in", app.address))
        .header("x-forwarded-proto", "https")
        .header("x-forwarded-for", "203.0.113.9")
        .send()
        .await
        .unwrap();
    assert!(res.headers().get("strict-transport-security").is_none());
    for c in res.headers().get_all("set-cookie") {
        assert!(!c.to_str().unwrap().contains("Secure"), "{c:?}");
    }
    // Sign-in failures are counted against the real peer address, not the one claimed.
    let mut b = Browser::new(&app);
    b.get("/en/sign-in").await;
    for i in 0..3 {
        let res = app
            .client
            .post(format!("{}/en/sign-in", app.address))
            .header("origin", &app.address)
            .header("cookie", b.cookie_header())
            .header("x-forwarded-for", format!("198.51.100.{i}"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!(
                "email=nobody%40example.org&password=wrong&csrf={}",
                b.csrf
            ))
            .send()
            .await
            .unwrap();
        assert!(res.status().is_client_error() || res.status().is_success());
    }
    let mut conn = app.db.connect();
    use diesel::prelude::*;
    use pantau::schema::audit_log::dsl::*;
    let ips: Vec<Option<String>> = audit_log
        .select(ip)
        .filter(action.like("sign-in%"))
        .load(&mut conn)
        .unwrap();
    assert_eq!(ips.len(), 3, "three failed sign-ins audited: {ips:?}");
    assert!(
        ips.iter().all(|i| i.as_deref() == Some("127.0.0.1")),
        "{ips:?}"
    );
}
