//! Report pages, the report list and its exports; drafts stay invisible.

mod common;

use common::spawn_app;
use diesel::prelude::*;
use pantau::schema::{report_factors, reports, ties};

fn insert_report(conn: &mut pantau::db::AnyConnection, title: &str, published: bool) -> i32 {
    let tie_id: i32 = ties::table
        .filter(ties::slug.eq("ikn-nusantara--astana-kz"))
        .select(ties::id)
        .first(conn)
        .unwrap();
    let now = pantau::db::now();
    let id: i32 = diesel::insert_into(reports::table)
        .values((
            reports::tie_id.eq(tie_id),
            reports::title.eq(title),
            reports::body_md.eq(
                "## Findings\n\nNo roadmap. <script>alert(1)</script> [x](javascript:alert(1))",
            ),
            reports::author_name.eq("Dr. Sari"),
            reports::independent.eq(true),
            reports::rating_commitment.eq(Some(1)),
            reports::comment_commitment.eq("Visits only"),
            reports::published_at.eq(if published { Some(now) } else { None }),
            reports::created_at.eq(now),
            reports::updated_at.eq(now),
        ))
        .returning(reports::id)
        .get_result(conn)
        .unwrap();
    diesel::insert_into(report_factors::table)
        .values((
            report_factors::report_id.eq(id),
            report_factors::factor.eq("no-roadmap"),
        ))
        .execute(conn)
        .unwrap();
    id
}

#[tokio::test]
async fn a_published_report_has_its_page_list_row_and_export() {
    let app = spawn_app().await;
    let mut conn = app.db.connect();
    let id = insert_report(&mut conn, "Independent evaluation 2026", true);
    let draft = insert_report(&mut conn, "Draft evaluation", false);

    let (status, body) = app.page(&format!("/en/reports/{id}")).await;
    assert_eq!(status, 200);
    assert!(body.contains("Independent evaluation 2026") && body.contains("Independent"));
    assert!(body.contains("Visits only") && body.contains("No published operational roadmap"));
    assert!(
        !body.contains("<script>alert") && !body.contains("javascript:"),
        "the body is sanitised"
    );
    assert!(body.contains("Cite this page"));
    let (status, _) = app.page(&format!("/id/reports/{draft}")).await;
    assert_eq!(status, 404, "a draft report is not public");
    let (status, _) = app.page("/id/reports/abc").await;
    assert_eq!(status, 404);

    let (_, list) = app.page("/id/reports").await;
    assert!(list.contains("Independent evaluation 2026") && !list.contains("Draft evaluation"));
    let (_, csv) = app.page("/en/reports.csv").await;
    assert_eq!(csv.lines().count(), 2);
    assert!(csv.contains("ikn-nusantara--astana-kz"));

    // The tie now has a recent independent report: no longer ceremonial, and active.
    let (_, tie) = app.page("/en/ties/ikn-nusantara--astana-kz").await;
    assert!(!tie.contains("<strong>Ceremonial</strong>"));
    assert!(tie.contains("class=\"badge ac-active\""));
    assert!(tie.contains(&format!("href=\"/en/reports/{id}\"")));
    let (_, api) = app.page("/api/v1/reports").await;
    let doc: serde_json::Value = serde_json::from_str(&api).unwrap();
    assert_eq!(doc["count"], 1);
    let (_, feed) = app.page("/en/feed.atom").await;
    assert!(feed.contains("Independent evaluation 2026") && !feed.contains("Draft evaluation"));
    let (_, found) = app.page("/en/search?q=findings").await;
    assert!(
        found.contains("/en/ties/ikn-nusantara--astana-kz#h-reports"),
        "reports are searchable"
    );
}
