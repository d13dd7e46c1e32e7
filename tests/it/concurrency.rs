//! Writes at the same time: fifty copies of one form make one record, parallel saves of the same
//! version make one change and 409s, and a report with its ratings and factors is saved whole or
//! not at all.

use crate::common;

use std::collections::BTreeMap;
use std::time::Instant;

use common::browser::*;
use common::spawn_app;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use pantau::db::AnyConnection;
use pantau::schema::{activities, report_factors, reports, revisions, submissions};

const COPIES: usize = 50;

fn count(conn: &mut AnyConnection, table: &str) -> i64 {
    #[derive(QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    diesel::sql_query(format!("SELECT COUNT(*) AS n FROM {table}"))
        .get_result::<N>(conn)
        .unwrap()
        .n
}

/// POST the same URL-encoded body `n` times at once with the browser's cookies and Origin.
async fn post_in_parallel(
    b: &Browser<'_>,
    path: &str,
    body: String,
    n: usize,
) -> Vec<(u16, String)> {
    let mut tasks = Vec::new();
    for _ in 0..n {
        let rq = b.form_request(path, body.clone());
        tasks.push(tokio::spawn(async move {
            let res = rq.send().await.unwrap();
            let status = res.status().as_u16();
            let location = res
                .headers()
                .get("location")
                .map(|l| l.to_str().unwrap().to_string())
                .unwrap_or_default();
            (status, location)
        }));
    }
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.unwrap());
    }
    out
}

fn encode(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn tally(results: &[(u16, String)]) -> BTreeMap<u16, usize> {
    let mut t = BTreeMap::new();
    for (s, _) in results {
        *t.entry(*s).or_default() += 1;
    }
    t
}

#[tokio::test]
async fn fifty_identical_submissions_make_one_record() {
    let app = spawn_app().await;
    add_user(&app, "pejabat@surabaya.go.id", "official", &["surabaya"]);
    let mut b = Browser::new(&app);
    b.sign_in("pejabat@surabaya.go.id").await;
    let path = format!("/en/ties/{TIE}/activities/new");
    let form = b.get(&path).await;
    let key = hidden(&form.body, "submission");
    assert_eq!(
        key.len(),
        64,
        "the new-record form carries a submission key"
    );
    let mut conn = app.db.connect();
    let before = count(&mut conn, "activities");
    let body = encode(&[
        ("occurred_on", "2026-05-04"),
        ("kind", "visit"),
        ("title", "Delegation to Liverpool, sent fifty times"),
        ("description", "Double clicks and retries."),
        ("submission", &key),
        ("csrf", &b.csrf),
        ("action", "save"),
    ]);
    let started = Instant::now();
    let results = post_in_parallel(&b, &path, body, COPIES).await;
    let elapsed = started.elapsed();
    let statuses = tally(&results);
    let locations: std::collections::BTreeSet<&str> =
        results.iter().map(|(_, l)| l.as_str()).collect();
    let made = count(&mut conn, "activities") - before;
    println!(
        "{COPIES} identical submissions in {} ms: statuses {statuses:?}, {} distinct redirect(s), {made} record(s) made",
        elapsed.as_millis(),
        locations.len()
    );
    assert_eq!(statuses.get(&303), Some(&COPIES), "{results:?}");
    assert_eq!(locations.len(), 1, "every copy is sent to the one record");
    assert_eq!(made, 1);
    let id = id_from_edit_location(locations.iter().next().unwrap());
    let claimed: Vec<(String, i32)> = submissions::table
        .select((submissions::subject_kind, submissions::subject_id))
        .load(&mut conn)
        .unwrap();
    assert_eq!(claimed, vec![("activity".to_string(), id)]);
    let revs: i64 = revisions::table
        .filter(revisions::subject_kind.eq("activity"))
        .filter(revisions::subject_id.eq(id))
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(revs, 1, "one history entry");

    // A new form has a new key: the same content again is a second record, on purpose.
    let form = b.get(&path).await;
    let key2 = hidden(&form.body, "submission");
    assert_ne!(key, key2);
    let p = b
        .post(
            &path,
            &[
                ("occurred_on", "2026-05-04"),
                ("kind", "visit"),
                ("title", "Delegation to Liverpool, sent fifty times"),
                ("submission", &key2),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(p.status, 303);
    assert_ne!(p.location, *locations.iter().next().unwrap());
    // Another account cannot use somebody's key to reach their record.
    add_user(&app, "kedua@surabaya.go.id", "official", &["surabaya"]);
    let mut other = Browser::new(&app);
    other.sign_in("kedua@surabaya.go.id").await;
    let p = other
        .post(
            &path,
            &[
                ("occurred_on", "2026-05-04"),
                ("kind", "visit"),
                ("title", "Replayed key"),
                ("submission", &key),
                ("action", "save"),
            ],
        )
        .await;
    assert!(p.status >= 400 && p.status < 500, "{}", p.status);
    assert_ne!(p.status, 303);
    assert_eq!(count(&mut conn, "activities") - before, 2);
}

#[tokio::test]
async fn parallel_saves_of_one_version_make_one_change() {
    let app = spawn_app().await;
    add_user(&app, "pejabat@surabaya.go.id", "official", &["surabaya"]);
    let mut b = Browser::new(&app);
    b.sign_in("pejabat@surabaya.go.id").await;
    let p = b
        .post(
            &format!("/en/ties/{TIE}/activities/new"),
            &[
                ("occurred_on", "2026-05-04"),
                ("kind", "visit"),
                ("title", "Original title"),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(p.status, 303);
    let id = id_from_edit_location(&p.location);
    let edit = b.get(&p.location).await;
    let version = hidden(&edit.body, "version");
    let mut tasks = Vec::new();
    for i in 0..20 {
        let body = encode(&[
            ("occurred_on", "2026-05-04"),
            ("kind", "visit"),
            ("title", &format!("Edit number {i}")),
            ("version", &version),
            ("csrf", &b.csrf),
            ("action", "save"),
        ]);
        let rq = b.form_request(&p.location, body);
        tasks.push(tokio::spawn(async move {
            rq.send().await.unwrap().status().as_u16()
        }));
    }
    let mut statuses = BTreeMap::<u16, usize>::new();
    for t in tasks {
        *statuses.entry(t.await.unwrap()).or_default() += 1;
    }
    println!("20 parallel saves of version {version}: statuses {statuses:?}");
    assert_eq!(statuses.get(&303), Some(&1), "{statuses:?}");
    assert_eq!(statuses.get(&409), Some(&19), "{statuses:?}");
    let mut conn = app.db.connect();
    let (v, title): (i32, String) = activities::table
        .find(id)
        .select((activities::version, activities::title))
        .first(&mut conn)
        .unwrap();
    assert_eq!(v, version.parse::<i32>().unwrap() + 1);
    assert!(title.starts_with("Edit number "));
}

#[tokio::test]
async fn a_report_is_saved_whole_or_not_at_all() {
    let app = spawn_app().await;
    add_user(&app, "dosen@unair.ac.id", "evaluator", &[]);
    let mut b = Browser::new(&app);
    b.sign_in("dosen@unair.ac.id").await;
    let path = format!("/en/ties/{TIE}/reports/new");
    let fields = [
        ("title", "Evaluation with ratings and factors"),
        ("body_md", "# Findings\n\nThe roadmap was never published."),
        ("rating_commitment", "2"),
        ("factors", "covid-19"),
        ("factors", "budget"),
        ("action", "save"),
    ];
    // The second factor row fails inside the database (a trigger stands in for a disk error or
    // a constraint): the report row, its first factor and its revision must all roll back.
    let mut conn = app.db.connect();
    match &mut conn {
        AnyConnection::Sqlite(c) => c
            .batch_execute(
                "CREATE TRIGGER fail_second_factor BEFORE INSERT ON report_factors \
                 WHEN NEW.factor = 'budget' BEGIN SELECT RAISE(ABORT, 'injected failure'); END;",
            )
            .unwrap(),
        AnyConnection::Postgresql(c) => c
            .batch_execute(
                "CREATE FUNCTION fail_second_factor() RETURNS trigger AS $$ BEGIN \
                 IF NEW.factor = 'budget' THEN RAISE EXCEPTION 'injected failure'; END IF; \
                 RETURN NEW; END $$ LANGUAGE plpgsql; \
                 CREATE TRIGGER fail_second_factor BEFORE INSERT ON report_factors \
                 FOR EACH ROW EXECUTE FUNCTION fail_second_factor();",
            )
            .unwrap(),
    }
    let before: Vec<i64> = ["reports", "report_factors", "revisions", "submissions"]
        .iter()
        .map(|t| count(&mut conn, t))
        .collect();
    b.get(&path).await;
    let p = b.post(&path, &fields).await;
    assert_eq!(p.status, 500, "the injected failure is a server error");
    assert!(
        !p.body.contains("injected failure"),
        "details stay in the log"
    );
    let after: Vec<i64> = ["reports", "report_factors", "revisions", "submissions"]
        .iter()
        .map(|t| count(&mut conn, t))
        .collect();
    println!("report with a failing factor row: rows before {before:?}, after {after:?}");
    assert_eq!(before, after, "nothing of the report was kept");

    // Without the failure the same form saves the report with both factors and its rating.
    match &mut conn {
        AnyConnection::Sqlite(c) => c.batch_execute("DROP TRIGGER fail_second_factor").unwrap(),
        AnyConnection::Postgresql(c) => c
            .batch_execute("DROP TRIGGER fail_second_factor ON report_factors")
            .unwrap(),
    }
    b.get(&path).await;
    let p = b.post(&path, &fields).await;
    assert_eq!(p.status, 303, "{}", p.body);
    let id = id_from_edit_location(&p.location);
    let factors: Vec<String> = report_factors::table
        .filter(report_factors::report_id.eq(id))
        .select(report_factors::factor)
        .order(report_factors::factor)
        .load(&mut conn)
        .unwrap();
    assert_eq!(factors, vec!["budget", "covid-19"]);
    let n: i64 = reports::table
        .filter(reports::id.eq(id))
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(n, 1);
}
