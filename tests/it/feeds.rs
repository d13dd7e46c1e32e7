//! Atom feeds, sitemap and robots.txt; drafts never appear in them.

use crate::common;

use common::spawn_app;
use diesel::prelude::*;
use pantau::schema::{agreements, ties};

fn parse_feed(xml: &str) -> Vec<(String, String, String)> {
    let doc = roxmltree::Document::parse(xml).expect("the feed is valid XML");
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().name(), "feed");
    assert_eq!(
        feed.tag_name().namespace(),
        Some("http://www.w3.org/2005/Atom")
    );
    for required in ["title", "id", "updated"] {
        assert!(
            feed.children().any(|n| n.has_tag_name(required)),
            "feed has {required}"
        );
    }
    feed.children()
        .filter(|n| n.has_tag_name("entry"))
        .map(|e| {
            let text = |name: &str| {
                e.children()
                    .find(|n| n.has_tag_name(name))
                    .and_then(|n| n.text())
                    .unwrap_or("")
                    .to_string()
            };
            let link = e
                .children()
                .find(|n| n.has_tag_name("link"))
                .and_then(|n| n.attribute("href"))
                .unwrap_or("")
                .to_string();
            assert!(!text("updated").is_empty());
            (text("id"), text("title"), link)
        })
        .collect()
}

#[tokio::test]
async fn feeds_list_published_records() {
    let app = spawn_app().await;
    let res = app.get("/en/feed.atom").await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(
        res.headers()["content-type"],
        "application/atom+xml; charset=utf-8"
    );
    let entries = parse_feed(&res.text().await.unwrap());
    // One entry per typed agreement of the starter data, at most 50 (the feed's length).
    let typed = csv::Reader::from_reader(pantau::import::STARTER_TIES.as_bytes())
        .deserialize::<std::collections::HashMap<String, String>>()
        .filter(|r| !r.as_ref().unwrap()["agreement_type"].is_empty())
        .count();
    assert!(typed >= 37);
    assert_eq!(
        entries.len(),
        typed.min(50),
        "the typed agreements of the starter data"
    );
    let ids: std::collections::HashSet<_> = entries.iter().map(|e| e.0.clone()).collect();
    assert_eq!(ids.len(), entries.len(), "stable, unique entry ids");

    let (_, body) = app
        .page("/id/ties/ikn-nusantara--astana-kz/feed.atom")
        .await;
    let entries = parse_feed(&body);
    assert_eq!(entries.len(), 1);
    assert!(entries[0].1.contains("Nota Kesepahaman (MoU)"));
    assert!(entries[0].2.ends_with("/id/ties/ikn-nusantara--astana-kz"));

    let (_, body) = app.page("/en/places/bandung/feed.atom").await;
    assert!(!parse_feed(&body).is_empty());
    let (status, _) = app.page("/en/places/atlantis/feed.atom").await;
    assert_eq!(status, 404);
    // Pages point to their feed.
    let (_, page) = app.page("/en/ties/ikn-nusantara--astana-kz").await;
    assert!(page.contains("type=\"application/atom+xml\""));
    assert!(page.contains("/en/ties/ikn-nusantara--astana-kz/feed.atom"));
}

#[tokio::test]
async fn drafts_stay_out_of_pages_feeds_and_exports() {
    let app = spawn_app().await;
    let mut conn = app.db.connect();
    let tie_id: i32 = ties::table
        .filter(ties::slug.eq("surabaya--liverpool-gb"))
        .select(ties::id)
        .first(&mut conn)
        .unwrap();
    let now = pantau::db::now();
    diesel::insert_into(agreements::table)
        .values((
            agreements::tie_id.eq(tie_id),
            agreements::kind.eq("mou"),
            agreements::signed_on.eq(chrono::NaiveDate::from_ymd_opt(2026, 1, 2)),
            agreements::signed_precision.eq("day"),
            agreements::note.eq("SECRET DRAFT NOTE"),
            agreements::created_at.eq(now),
            agreements::updated_at.eq(now),
        ))
        .execute(&mut conn)
        .unwrap();
    let (_, page) = app.page("/en/ties/surabaya--liverpool-gb").await;
    assert!(!page.contains("2 January 2026") && !page.contains("SECRET DRAFT NOTE"));
    assert!(
        page.contains("class=\"badge as-proposed\""),
        "the draft MoU does not change the status"
    );
    let (_, feed) = app.page("/en/ties/surabaya--liverpool-gb/feed.atom").await;
    assert!(
        parse_feed(&feed)
            .iter()
            .all(|e| !e.1.contains("Memorandum"))
    );
    let (_, csv) = app.page("/en/ties.csv?q=liverpool").await;
    assert!(csv.contains(",loi,2017-05-17,"), "{csv}");
}

#[tokio::test]
async fn sitemap_and_robots() {
    let app = spawn_app().await;
    let (status, robots) = app.page("/robots.txt").await;
    assert_eq!(status, 200);
    assert!(robots.contains("Sitemap: http://127.0.0.1:"));
    let (status, xml) = app.page("/sitemap.xml").await;
    assert_eq!(status, 200);
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let urls = doc.descendants().filter(|n| n.has_tag_name("loc")).count();
    assert_eq!(
        urls,
        {
            let (places, ties) = pantau::import::starter_counts();
            2 * (5 + places + ties)
        },
        "every public page in both languages"
    );
    assert!(xml.contains("/en/ties/ikn-nusantara--astana-kz</loc>"));
}
