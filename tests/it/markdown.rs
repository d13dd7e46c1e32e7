//! Markdown under hostile input: a body nested too deeply or too long is refused before anything
//! is rendered (saving and preview alike), the deepest nesting allowed renders quickly, Markdown
//! is rendered when saved and never when read (pages, feeds, API), and rows saved before the HTML
//! was stored get it at start.

use crate::common;

use std::time::{Duration, Instant};

use common::browser::*;
use common::{spawn_app, spawn_app_on};
use diesel::prelude::*;
use pantau::markdown::{MAX_NESTING, render_count, to_safe_html};
use pantau::schema::{reports, roadmaps};

fn report(title: &str, body: &str, action: &'static str) -> Vec<(String, String)> {
    vec![
        ("title".into(), title.into()),
        ("body_md".into(), body.into()),
        ("rating_commitment".into(), "2".into()),
        ("action".into(), action.into()),
    ]
}

fn borrowed(fields: &[(String, String)]) -> Vec<(&str, &str)> {
    fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

fn report_rows(app: &common::TestApp) -> i64 {
    let mut conn = app.db.connect();
    reports::table.count().get_result(&mut conn).unwrap()
}

/// A document as deep as allowed everywhere: quotes, lists and emphasis each `MAX_NESTING` deep.
fn deepest_allowed() -> String {
    let quotes = format!("{}kutipan paling dalam\n\n", "> ".repeat(MAX_NESTING));
    let lists: String = (0..MAX_NESTING)
        .map(|i| format!("{}- butir {i}\n", "  ".repeat(i)))
        .collect();
    let half = MAX_NESTING / 2;
    let emphasis = format!("\n{}teks{}\n", "*a _b ".repeat(half), " b_ a*".repeat(half));
    let mut doc = format!("{quotes}{lists}{emphasis}");
    while doc.chars().count() < 2_000 {
        doc.push_str(&format!("\n{quotes}{lists}{emphasis}"));
    }
    doc
}

#[tokio::test]
async fn nested_quotes_are_refused_before_rendering_and_store_nothing() {
    // The render counter (and the clock) is the whole process's: no other test runs meanwhile.
    let _alone = common::alone();
    let app = spawn_app().await;
    add_user(&app, "dosen@unair.ac.id", "evaluator", &[]);
    let mut b = Browser::new(&app);
    b.sign_in("dosen@unair.ac.id").await;
    b.get(&format!("/id/ties/{TIE}/reports/new")).await;
    let before = report_rows(&app);
    let hostile = ">".repeat(100_000);
    for (lang, action, message) in [
        ("id", "save", "bersarang terlalu dalam"),
        ("id", "preview", "bersarang terlalu dalam"),
        ("en", "save", "nested too deeply"),
        ("en", "preview", "nested too deeply"),
    ] {
        let renders = render_count();
        let mut fields = report("Laporan", &hostile, action);
        fields.push(("csrf".into(), b.csrf.clone()));
        let body = fields
            .iter()
            .map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v)))
            .collect::<Vec<_>>()
            .join("&");
        // The refusal is the answer's status line: timed from sending to the answer's head, the
        // best of three (the test machine is shared; one slow scheduling is not the server's).
        let mut took = Duration::MAX;
        let mut last = None;
        for _ in 0..3 {
            let rq = b.form_request(&format!("/{lang}/ties/{TIE}/reports/new"), body.clone());
            let started = Instant::now();
            let res = rq.send().await.unwrap();
            took = took.min(started.elapsed());
            last = Some(b.finish(res).await);
        }
        let p = last.unwrap();
        assert_eq!(p.status, 422, "{lang} {action}");
        assert!(p.body.contains(message), "{lang} {action}: no message");
        assert!(!p.body.contains("class=\"preview\""), "{lang} {action}");
        eprintln!("{lang} {action}: refused in {took:?}");
        assert!(
            took < Duration::from_millis(50),
            "{lang} {action}: refused in {took:?}"
        );
        assert_eq!(render_count(), renders, "{lang} {action}: rendered");
    }
    // Over the length limit: refused too, also for a preview.
    let long = "kata ".repeat(20_001);
    let fields = report("Laporan", &long, "preview");
    let p = b
        .post(&format!("/id/ties/{TIE}/reports/new"), &borrowed(&fields))
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("Isian ini terlalu panjang."));
    assert!(!p.body.contains("class=\"preview\""));
    assert_eq!(report_rows(&app), before, "nothing was stored");
}

#[tokio::test]
async fn the_deepest_nesting_allowed_renders_quickly() {
    // The render counter (and the clock) is the whole process's: no other test runs meanwhile.
    let _alone = common::alone();
    let doc = deepest_allowed();
    assert_eq!(pantau::markdown::check(&doc), Ok(()));
    // Warm up (the first call builds the sanitiser's tables), then time the rendering itself.
    to_safe_html("*x*");
    let mut took = Duration::MAX;
    let mut html = String::new();
    for _ in 0..3 {
        let started = Instant::now();
        html = to_safe_html(&doc);
        took = took.min(started.elapsed());
    }
    eprintln!(
        "{} characters at the deepest nesting rendered in {took:?}",
        doc.chars().count()
    );
    assert!(took < Duration::from_millis(20), "rendered in {took:?}");
    assert!(html.contains("<blockquote>") && html.contains("<em>"));
    // One level deeper of any kind is refused.
    for deeper in [
        format!("{}x", "> ".repeat(MAX_NESTING + 1)),
        (0..=MAX_NESTING)
            .map(|i| format!("{}- x\n", "  ".repeat(i)))
            .collect(),
        format!(
            "{}x{}",
            "*a _b ".repeat(MAX_NESTING / 2 + 1),
            " b_ a*".repeat(MAX_NESTING / 2 + 1)
        ),
    ] {
        assert!(pantau::markdown::check(&deeper).is_err(), "{deeper}");
    }
    // Through HTTP: saved, and the preview of it answers quickly.
    let app = spawn_app().await;
    add_user(&app, "dosen@unair.ac.id", "evaluator", &[]);
    let mut b = Browser::new(&app);
    b.sign_in("dosen@unair.ac.id").await;
    b.get(&format!("/en/ties/{TIE}/reports/new")).await;
    let fields = report("Deep", &doc, "preview");
    let p = b
        .post(&format!("/en/ties/{TIE}/reports/new"), &borrowed(&fields))
        .await;
    assert_eq!(p.status, 200);
    assert!(p.body.contains("class=\"preview\""));
    let fields = report("Deep", &doc, "save");
    let p = b
        .post(&format!("/en/ties/{TIE}/reports/new"), &borrowed(&fields))
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
}

#[tokio::test]
async fn pages_feeds_and_the_api_never_render_markdown() {
    // The render counter (and the clock) is the whole process's: no other test runs meanwhile.
    let _alone = common::alone();
    let app = spawn_app().await;
    add_user(&app, "dosen@unair.ac.id", "evaluator", &[]);
    add_user(&app, "pejabat@surabaya.go.id", "official", &["surabaya"]);
    let mut ev = Browser::new(&app);
    ev.sign_in("dosen@unair.ac.id").await;
    let mut report_ids = Vec::new();
    for title in ["Evaluasi pertama", "Evaluasi kedua"] {
        let body =
            "# Temuan\n\n> kutipan\n\n- satu\n- **dua**\n\n![peta](https://example.org/p.png)";
        let fields = report(title, body, "save");
        let p = ev
            .post(&format!("/en/ties/{TIE}/reports/new"), &borrowed(&fields))
            .await;
        assert_eq!(p.status, 303, "{}", p.body);
        let id = id_from_edit_location(&p.location);
        let edit = ev.get(&p.location).await;
        let v = hidden(&edit.body, "version");
        let p = ev
            .post(&format!("/en/reports/{id}/publish"), &[("version", &v)])
            .await;
        assert_eq!(p.status, 303);
        report_ids.push(id);
    }
    let mut off = Browser::new(&app);
    off.sign_in("pejabat@surabaya.go.id").await;
    let p = off
        .post(
            &format!("/en/ties/{TIE}/roadmaps/new"),
            &[
                ("title", "Peta jalan"),
                ("period_start", "2026-01-01"),
                ("period_end", "2027-12-31"),
                ("body_md", "## Rencana\n\n*penting*"),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let rid = id_from_edit_location(&p.location);
    let edit = off.get(&p.location).await;
    let v = hidden(&edit.body, "version");
    off.post(&format!("/en/roadmaps/{rid}/publish"), &[("version", &v)])
        .await;

    // The stored HTML: external images are links.
    let mut conn = app.db.connect();
    let html: Option<String> = reports::table
        .find(report_ids[0])
        .select(reports::body_html)
        .get_result(&mut conn)
        .unwrap();
    let html = html.expect("stored HTML");
    assert!(html.contains("<blockquote>") && html.contains("<strong>dua</strong>"));
    assert!(
        html.contains("<a href=\"https://example.org/p.png\""),
        "{html}"
    );
    assert!(!html.contains("<img"), "{html}");

    let renders = render_count();
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
    for lang in ["id", "en"] {
        for p in [
            format!("/{lang}/ties/{TIE}"),
            format!("/{lang}/reports"),
            format!("/{lang}/reports.csv"),
            format!("/{lang}/reports.json"),
            format!("/{lang}/feed.atom"),
            format!("/{lang}/places/surabaya/feed.atom"),
            format!("/{lang}/ties/{TIE}/feed.atom"),
            format!("/{lang}/ties.json"),
        ] {
            paths.push(p);
        }
        for id in &report_ids {
            paths.push(format!("/{lang}/reports/{id}"));
        }
    }
    for id in &report_ids {
        paths.push(format!("/api/v1/reports/{id}"));
    }
    paths.extend(
        [
            "/api/v1/reports",
            "/api/v1/ties",
            &format!("/api/v1/ties/{TIE}"),
            "/data/pantau.jsonl",
        ]
        .map(String::from),
    );
    paths.sort();
    paths.dedup();
    let mut seen_report = false;
    for p in &paths {
        let (status, body) = app.page(p).await;
        assert_eq!(status, 200, "{p}");
        seen_report |= body.contains("Evaluasi pertama");
    }
    assert!(seen_report);
    assert_eq!(
        render_count(),
        renders,
        "a read rendered Markdown ({} pages read)",
        paths.len()
    );
}

#[tokio::test]
async fn rows_without_stored_html_get_it_at_start() {
    // The render counter (and the clock) is the whole process's: no other test runs meanwhile.
    let _alone = common::alone();
    let app = spawn_app().await;
    let mut conn = app.db.connect();
    let with_html: i64 = roadmaps::table
        .filter(roadmaps::body_html.is_not_null())
        .count()
        .get_result(&mut conn)
        .unwrap();
    let all: i64 = roadmaps::table.count().get_result(&mut conn).unwrap();
    assert_eq!(with_html, all, "every row has its HTML after start");
    // As an older version would have left them: no HTML.
    diesel::update(roadmaps::table)
        .set(roadmaps::body_html.eq(None::<String>))
        .execute(&mut conn)
        .unwrap();
    let _second = spawn_app_on(app.db.clone()).await;
    let missing: i64 = roadmaps::table
        .filter(roadmaps::body_html.is_null())
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(missing, 0);
}
