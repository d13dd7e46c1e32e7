//! Report pages, the report list and its exports; drafts stay invisible.

use crate::common;

use common::browser::*;
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
    // Who judged: the author and the role, and the cite box credits the author (APA).
    assert!(body.contains("<dt>Author</dt><dd>Dr. Sari</dd>"));
    assert!(body.contains("Independent evaluation</span>"));
    let year = chrono::Utc::now().format("%Y").to_string();
    assert!(
        body.contains(&format!(
            "Dr. Sari. ({year}). Independent evaluation 2026 [Independent evaluation]. Pantau Kota Kembar. "
        )),
        "APA with the author"
    );
    let (status, _) = app.page(&format!("/id/reports/{draft}")).await;
    assert_eq!(status, 404, "a draft report is not public");
    let (status, _) = app.page("/id/reports/abc").await;
    assert_eq!(status, 404);

    let (_, list) = app.page("/id/reports").await;
    assert!(list.contains("Independent evaluation 2026") && !list.contains("Draft evaluation"));
    let (_, csv) = app.page("/en/reports.csv").await;
    assert_eq!(csv.lines().count(), 2);
    assert!(csv.contains("ikn-nusantara--astana-kz"));
    assert!(csv.lines().next().unwrap().contains(",independent,role,"));
    assert!(csv.contains(",true,independent,"), "the role in the export");
    let (_, json) = app.page("/en/reports.json").await;
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(doc["methodology_version"], "2");
    assert_eq!(doc["reports"][0]["role"], "independent");
    assert_eq!(doc["reports"][0]["author"], "Dr. Sari");

    // The tie now has an evaluation: no longer ceremonial. A report is evidence of evaluation,
    // not of activity (methodology v2): the tie stays silent, and a report that records no
    // covered period does not count as an evaluation of the last 12 months.
    let (_, tie) = app.page("/en/ties/ikn-nusantara--astana-kz").await;
    assert!(!tie.contains("<strong>Ceremonial</strong>"));
    assert!(tie.contains("class=\"badge ac-silent\""));
    assert!(tie.contains("records no period it covers"));
    assert!(
        tie.contains("Independent evaluation</span>"),
        "its role on the tie page"
    );
    assert!(tie.contains(&format!("href=\"/en/reports/{id}\"")));
    let (_, api) = app.page("/api/v1/reports").await;
    let doc: serde_json::Value = serde_json::from_str(&api).unwrap();
    assert_eq!(doc["count"], 1);
    assert_eq!(doc["reports"][0]["role"], "independent");
    let (_, feed) = app.page("/en/feed.atom").await;
    assert!(feed.contains("Independent evaluation 2026") && !feed.contains("Draft evaluation"));
    let (_, found) = app.page("/en/search?q=findings").await;
    assert!(
        found.contains("/en/ties/ikn-nusantara--astana-kz#h-reports"),
        "reports are searchable"
    );
}

/// The grade and activity status shown on a tie page.
fn judged(body: &str) -> (char, String) {
    let at = body.find("class=\"grade grade-").expect("a grade") + "class=\"grade grade-".len();
    let grade = body[at..].chars().next().unwrap();
    let at =
        body.find("class=\"badge ac-").expect("an activity status") + "class=\"badge ac-".len();
    let activity: String = body[at..].chars().take_while(|c| *c != '"').collect();
    (grade, activity)
}

#[tokio::test]
async fn one_self_evaluation_moves_a_grade_e_tie_one_step_at_most() {
    let app = spawn_app().await;
    let tie = "/en/ties/ikn-nusantara--astana-kz";
    let (_, before) = app.page(tie).await;
    let (grade, activity) = judged(&before);
    assert_eq!((grade, activity.as_str()), ('E', "silent"));

    add_user(&app, "pejabat@ikn.go.id", "official", &["ikn-nusantara"]);
    let mut b = Browser::new(&app);
    b.sign_in("pejabat@ikn.go.id").await;
    // A report about the months just ended, published today.
    let today = chrono::Utc::now().date_naive();
    let end = (today - chrono::Duration::days(7)).to_string();
    let start = (today - chrono::Duration::days(180)).to_string();
    let p = b
        .post(
            "/en/ties/ikn-nusantara--astana-kz/reports/new",
            &[
                ("title", "Evaluasi kerja sama IKN–Astana"),
                ("period_start", &start),
                ("period_end", &end),
                ("body_md", "Semua berjalan baik."),
                ("rating_commitment", "3"),
                ("rating_participation", "3"),
                ("rating_mou", "3"),
                ("rating_benefit", "3"),
                ("rating_results", "3"),
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

    let (_, after) = app.page(tie).await;
    let (grade_after, activity_after) = judged(&after);
    let step = |g: char| "ABCDE".find(g).unwrap() as i32;
    assert!(
        (step(grade) - step(grade_after)).abs() <= 1,
        "{grade} → {grade_after}"
    );
    assert_eq!(activity_after, activity, "a report is not activity");
    assert!(after.contains(&format!("the period covered ends {}", {
        let d = today - chrono::Duration::days(7);
        pantau::i18n::Lang::En.day(d)
    })));
    assert!(after.contains("Self-evaluation (by the regional government)</span>"));

    // The report page says who wrote it and in which role; the cite box names the author.
    let (_, page) = app.page(&format!("/en/reports/{id}")).await;
    assert!(page.contains("<dt>Author</dt><dd>Name of pejabat@ikn.go.id</dd>"));
    assert!(page.contains("<dt>Role</dt>"));
    assert!(page.contains("Self-evaluation (by the regional government)</span>"));
    assert!(page.contains(&format!(
        "Name of pejabat@ikn.go.id. ({}). Evaluasi kerja sama IKN–Astana [Self-evaluation (by the regional government)]. Pantau Kota Kembar.",
        today.format("%Y")
    )));
    let (_, page) = app.page(&format!("/id/reports/{id}")).await;
    assert!(page.contains("<dt>Penulis</dt>"));
    assert!(page.contains("Evaluasi mandiri (oleh pemerintah daerah)</span>"));
}
