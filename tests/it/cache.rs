//! The page cache under hostile use: junk query strings neither grow it past its byte budget nor
//! push out the pages people read; unknown parameters share the canonical page's entry; a Host
//! that is not a host is refused (and never reflected); entries answer gzip, compressed once;
//! concurrent misses make one render; a page keeps one entry across changes; on a busy site a
//! changed page is answered as it was until its render in the background is done, and a request
//! alone after a change sees it.

use crate::common;

use std::io::Read;
use std::sync::atomic::Ordering;

use common::browser::TIE;
use common::{TestApp, TestDb, spawn_app, spawn_app_with};
use diesel::prelude::*;
use pantau::schema::data_version;

/// A change of the data's version, as a write makes.
fn bump_version(app: &TestApp) {
    let mut conn = app.db.connect();
    diesel::update(data_version::table.find(1))
        .set(data_version::version.eq(data_version::version + 1))
        .execute(&mut conn)
        .unwrap();
}

#[tokio::test]
async fn junk_queries_stay_within_the_byte_budget_and_keep_the_read_pages() {
    const BUDGET: u64 = 1024 * 1024;
    let app = spawn_app_with(std::sync::Arc::new(TestDb::starter()), |s| {
        s.cache_bytes = BUDGET
    })
    .await;
    let first = [
        "/en".to_string(),
        format!("/en/ties/{TIE}"),
        "/id/places".to_string(),
        "/en/ties".to_string(),
    ];
    for _ in 0..4 {
        for p in &first {
            let (status, _) = app.page(p).await;
            assert_eq!(status, 200, "{p}");
        }
    }
    for n in 0..1000 {
        // Meanwhile people keep reading the first pages (as they would during an attack).
        if n % 50 == 0 {
            for p in &first {
                let _ = app.page(p).await;
            }
        }
        // A search term the route knows (a new entry each) and a parameter it does not.
        let p = format!("/en/ties?q=junk{n}&b{n}=x{n}");
        let res = app.get(&p).await;
        assert_eq!(res.status(), 200, "{p}");
        let _ = res.bytes().await;
    }
    let size = app.state.as_ref().unwrap().cache.weighted_size().await;
    let count = app.state.as_ref().unwrap().cache.entry_count().await;
    assert!(size <= BUDGET, "{size} bytes kept, budget {BUDGET}");
    assert!(count > 0);
    // The pages read are still answered from the cache: the data's version only (two
    // statements: the pool's check of the connection, then the version).
    for p in &first {
        assert!(app.queries_for(p).await <= 2, "{p} was pushed out");
    }
}

#[tokio::test]
async fn unknown_parameters_share_the_canonical_entry_and_never_show() {
    let app = spawn_app().await;
    let (_, plain) = app
        .page("/en/ties?per_page=25&page=1&zzjunk=%22%3E%3Cb%3E")
        .await;
    assert!(
        !plain.contains("zzjunk"),
        "an unknown parameter is not on the page"
    );
    // A hit takes two statements: the pool's check of the connection and the data's version.
    assert_eq!(app.queries_for("/en/ties").await, 2, "the same entry");
    assert!(app.queries_for(&format!("/en/ties/{TIE}?b=1")).await > 2);
    assert_eq!(app.queries_for(&format!("/en/ties/{TIE}?b=2")).await, 2);
    let (_, page) = app.page(&format!("/en/ties/{TIE}?b=3")).await;
    assert!(!page.contains("b=3") && !page.contains("b=1"));
    // A parameter the route knows, with a bad value, is still refused by name.
    let (status, body) = app.page("/en/ties?status=alive").await;
    assert_eq!(status, 400);
    assert!(body.contains("status"));
}

#[tokio::test]
async fn a_host_that_is_not_a_host_is_refused_and_never_reflected() {
    let app = spawn_app().await;
    let port = app.address.rsplit(':').next().unwrap().to_string();
    for host in [
        format!("127.0.0.1:{port}/en/ties?z=1"),
        "x\"><xhtml:b>bold</xhtml:b>".to_string(),
        "a b".to_string(),
    ] {
        let res = app
            .client
            .get(format!("{}/sitemap.xml", app.address))
            .header("host", &host)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400, "{host}");
        assert!(res.headers().contains_key("content-security-policy"));
        let body = res.text().await.unwrap();
        assert!(
            !body.contains("xhtml:b") && !body.contains("/en/ties?z"),
            "{body}"
        );
    }
    // The confused key of the report: a plain request is the page, not a sitemap.
    let res = app.get("/en/ties?z=1/sitemap.xml?").await;
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    // With a public origin configured, absolute links use it whatever the Host says.
    let app = spawn_app_with(std::sync::Arc::new(TestDb::starter()), |s| {
        s.public_origin = Some("https://pantau.example".into())
    })
    .await;
    let res = app
        .client
        .get(format!("{}/sitemap.xml", app.address))
        .header("host", "evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let xml = res.text().await.unwrap();
    assert!(
        xml.contains("<loc>https://pantau.example/"),
        "{}",
        &xml[..300.min(xml.len())]
    );
    assert!(!xml.contains("evil.example"));
}

#[tokio::test]
async fn entries_answer_gzip_compressed_once_with_their_etag() {
    let app = spawn_app().await;
    let path = format!("{}/en/ties/{TIE}", app.address);
    let plain = app.client.get(&path).send().await.unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
    let etag = plain.headers()["etag"].clone();
    let plain = plain.bytes().await.unwrap();
    for _ in 0..2 {
        let res = app
            .client
            .get(&path)
            .header("accept-encoding", "br, gzip;q=0.8")
            .send()
            .await
            .unwrap();
        assert_eq!(res.headers()["content-encoding"], "gzip");
        assert!(
            res.headers()["vary"]
                .to_str()
                .unwrap()
                .contains("Accept-Encoding")
        );
        assert_eq!(res.headers()["etag"], etag);
        let gz = res.bytes().await.unwrap();
        assert!(gz.len() < plain.len() / 2);
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_end(&mut out)
            .unwrap();
        assert_eq!(out, plain.to_vec());
    }
    let res = app
        .client
        .get(&path)
        .header("accept-encoding", "gzip;q=0")
        .send()
        .await
        .unwrap();
    assert!(res.headers().get("content-encoding").is_none());
    // A conditional request with the entry's ETag: 304.
    let res = app
        .client
        .get(&path)
        .header("if-none-match", etag)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 304);
}

#[tokio::test]
async fn concurrent_misses_make_one_render() {
    let app = spawn_app().await;
    let path = format!("/en/ties/{TIE}");
    bump_version(&app);
    let one = app.queries_for(&path).await;
    assert!(one > 3, "a render takes several statements ({one})");
    bump_version(&app);
    let before = app.queries.load(Ordering::SeqCst);
    let mut tasks = Vec::new();
    for _ in 0..16 {
        let rq = app.client.get(format!("{}{path}", app.address));
        tasks.push(tokio::spawn(async move {
            let res = rq.send().await.unwrap();
            (res.status().as_u16(), res.bytes().await.unwrap().len())
        }));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap().0, 200);
    }
    let all = app.queries.load(Ordering::SeqCst) - before;
    // One render, and one version check (two statements) per other request.
    assert!(
        all <= one + 2 * 15,
        "16 concurrent misses took {all} statements; one takes {one}"
    );
}

#[tokio::test]
async fn a_page_keeps_one_entry_whatever_the_number_of_changes() {
    let app = spawn_app().await;
    let path = format!("/en/ties/{TIE}");
    for _ in 0..10 {
        bump_version(&app);
        let (status, _) = app.page(&path).await;
        assert_eq!(status, 200);
    }
    // Each change made a new render; the entry it replaced was dropped, not left to age out.
    let count = app.state.as_ref().unwrap().cache.entry_count().await;
    assert_eq!(count, 1, "{count} entries kept for one page");
}

/// Rename a place in the database, as an edit would, and change the data's version.
fn rename_place(app: &TestApp, slug: &str, name: &str) {
    use pantau::schema::places;
    let mut conn = app.db.connect();
    diesel::update(places::table.filter(places::slug.eq(slug)))
        .set((places::name.eq(name), places::name_en.eq(name)))
        .execute(&mut conn)
        .unwrap();
    drop(conn);
    bump_version(app);
}

#[tokio::test]
async fn on_a_busy_site_a_changed_page_shows_as_it_was_until_its_render_is_done() {
    let app = spawn_app().await;
    let cache = &app.state.as_ref().unwrap().cache;
    let path = "/en/places/bandung";
    rename_place(&app, "bandung", "Bandung Satu");
    let (status, body) = app.page(path).await;
    assert_eq!(status, 200);
    assert!(body.contains("Bandung Satu"));

    // Another reader is being answered: the changed page is not waited for.
    let other_reader = cache.serving();
    rename_place(&app, "bandung", "Bandung Dua");
    let (status, body) = app.page(path).await;
    assert_eq!(status, 200);
    assert!(
        body.contains("Bandung Satu") && !body.contains("Bandung Dua"),
        "the page as it was, while its render runs in the background"
    );
    let changed = std::time::Instant::now();
    loop {
        let (status, body) = app.page(path).await;
        assert_eq!(status, 200);
        if body.contains("Bandung Dua") {
            break;
        }
        assert!(body.contains("Bandung Satu"), "the old page or the new one");
        assert!(
            changed.elapsed() < std::time::Duration::from_secs(1),
            "the change shows within a second"
        );
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    drop(other_reader);

    // Alone, a request after a change waits for the render and sees it.
    rename_place(&app, "bandung", "Bandung Tiga");
    let (status, body) = app.page(path).await;
    assert_eq!(status, 200);
    assert!(body.contains("Bandung Tiga") && !body.contains("Bandung Dua"));
}

/// Each process reads the data version on a thread of its own: a change made elsewhere (here
/// straight in the database, as another process's write) shows without a request asking for
/// the version, and a page answered from the cache takes no statement at all, however long
/// the site was quiet.
#[tokio::test]
async fn a_watcher_reads_the_data_version_so_no_reader_asks() {
    let app = spawn_app_with(std::sync::Arc::new(TestDb::starter()), |s| {
        s.cache_version_check = std::time::Duration::from_millis(100)
    })
    .await;
    let path = format!("/en/ties/{TIE}");
    assert!(
        app.queries_for(&path).await > 3,
        "the first request renders"
    );
    // Longer than a version read is believed (three checks): without the watcher, the next
    // request would ask the database.
    tokio::time::sleep(std::time::Duration::from_millis(450)).await;
    assert_eq!(
        app.queries_for(&path).await,
        0,
        "a kept page takes no statement"
    );
    {
        let mut conn = app.db.connect();
        diesel::sql_query("UPDATE places SET name_en = 'Surabaya Watched' WHERE slug = 'surabaya'")
            .execute(&mut conn)
            .unwrap();
    }
    bump_version(&app);
    let started = std::time::Instant::now();
    loop {
        let (status, body) = app.page(&path).await;
        assert_eq!(status, 200);
        if body.contains("Surabaya Watched") {
            break;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(5),
            "the change made elsewhere did not show"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(450)).await;
    assert_eq!(
        app.queries_for(&path).await,
        0,
        "the new page is kept and answered"
    );
}

/// The home page's figures are the same in both languages: at one data version the second
/// language's page uses what the first one read (`routes::shared`).
#[tokio::test]
async fn both_languages_of_the_home_page_read_the_figures_once() {
    let app = spawn_app().await;
    bump_version(&app);
    let id = app.queries_for("/id/").await;
    let en = app.queries_for("/en/").await;
    assert!(
        en + 10 < id,
        "/id/ took {id} statements and /en/ after it {en}: the figures were read again"
    );
    bump_version(&app);
    assert_eq!(
        app.queries_for("/en/").await,
        id,
        "after a change the first language asked reads them again"
    );
}
