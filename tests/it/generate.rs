//! The synthetic data generator: counts, determinism for a seed, and that pages still answer on it.

use crate::common;

use std::collections::BTreeSet;

use common::{TestDb, spawn_app_on};
use diesel::prelude::*;
use pantau::db;
use pantau::generate::{Options, generate};
use pantau::schema::{
    activities, agreements, milestones, places, report_factors, reports, roadmaps, ties,
};

fn options(seed: u64) -> Options {
    Options {
        places: 50,
        ties: 200,
        reports: 300,
        seed,
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        starter_data: true,
    }
}

macro_rules! count {
    ($conn:expr, $table:expr) => {
        $table.count().get_result::<i64>($conn).unwrap()
    };
}

#[tokio::test]
async fn generates_a_small_set_and_pages_still_answer() {
    let test_db = std::sync::Arc::new(TestDb::new());
    let mut conn = test_db.connect();
    db::run_migrations(&mut conn).unwrap();
    let summary = generate(&mut conn, &options(42)).unwrap();
    assert_eq!(
        (summary.places, summary.ties, summary.reports),
        (50, 200, 300)
    );

    // Starter data (every place and tie of data/) plus what was generated.
    let (n_places, n_ties) = pantau::import::starter_counts();
    assert_eq!(count!(&mut conn, places::table) as usize, n_places + 50);
    assert_eq!(count!(&mut conn, ties::table) as usize, n_ties + 200);
    assert_eq!(count!(&mut conn, reports::table), 300);
    let published: i64 = reports::table
        .filter(reports::published_at.is_not_null())
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(published, 300, "every generated report is public");
    let indexed: i64 = pantau::schema::search_entries::table
        .filter(pantau::schema::search_entries::kind.eq("report"))
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(indexed, 300, "the search index holds the generated reports");
    assert!(count!(&mut conn, roadmaps::table) > 0);
    assert!(count!(&mut conn, milestones::table) > 0);
    assert!(count!(&mut conn, activities::table) > 0);

    // Every agreement kind (but `other`) and every date precision appears.
    let kinds: BTreeSet<String> = agreements::table
        .select(agreements::kind)
        .distinct()
        .load(&mut conn)
        .unwrap()
        .into_iter()
        .collect();
    for k in [
        "loi",
        "mou",
        "implementing",
        "renewal",
        "amendment",
        "termination",
    ] {
        assert!(kinds.contains(k), "no {k} agreement in {kinds:?}");
    }
    let precisions: BTreeSet<Option<String>> = agreements::table
        .select(agreements::signed_precision)
        .distinct()
        .load(&mut conn)
        .unwrap()
        .into_iter()
        .collect();
    for p in ["year", "month", "day"] {
        assert!(precisions.contains(&Some(p.to_string())), "{precisions:?}");
    }
    // Expiry dates in the past, within 90 days, and later.
    let today = options(0).today;
    let expiries: Vec<chrono::NaiveDate> = agreements::table
        .filter(agreements::expires_on.is_not_null())
        .select(agreements::expires_on.assume_not_null())
        .load(&mut conn)
        .unwrap();
    let soon = today + chrono::Duration::days(90);
    assert!(expiries.iter().any(|d| *d < today));
    assert!(expiries.iter().any(|d| *d >= today && *d < soon));
    assert!(expiries.iter().any(|d| *d > soon));

    // The lists and a generated tie's page answer.
    let slug: String = ties::table
        .order(ties::id.desc())
        .select(ties::slug)
        .first(&mut conn)
        .unwrap();
    let place_slug = slug.split("--").next().unwrap().to_string();
    drop(conn);
    let app = spawn_app_on(test_db.clone()).await;
    for path in [
        "/id/ties".to_string(),
        "/en/ties".to_string(),
        format!("/id/ties/{slug}"),
        format!("/en/ties/{slug}"),
        format!("/id/places/{place_slug}"),
        "/id/".to_string(),
        "/id/places".to_string(),
        "/id/ties/ikn-nusantara--astana-kz".to_string(),
    ] {
        let (status, body) = app.page(&path).await;
        assert_eq!(status, 200, "{path}");
        assert!(body.contains("<main"), "{path}");
    }
}

#[test]
fn the_same_seed_gives_the_same_rows() {
    let rows = |seed: u64| {
        let test_db = TestDb::new();
        let mut conn = test_db.connect();
        db::run_migrations(&mut conn).unwrap();
        let mut opts = options(seed);
        (opts.places, opts.ties, opts.reports) = (20, 30, 40);
        generate(&mut conn, &opts).unwrap();
        let ties: Vec<String> = ties::table
            .order(ties::slug)
            .select(ties::slug)
            .load(&mut conn)
            .unwrap();
        let titles: Vec<String> = reports::table
            .order(reports::id)
            .select(reports::title)
            .load(&mut conn)
            .unwrap();
        (ties, titles)
    };
    let a = rows(7);
    assert_eq!(a, rows(7));
    assert_ne!(a, rows(8));
}

/// The foreign keys of a database, as text (table, columns, what they refer to).
fn foreign_keys(conn: &mut db::AnyConnection) -> Vec<String> {
    #[derive(QueryableByName)]
    struct Key {
        #[diesel(sql_type = diesel::sql_types::Text)]
        key: String,
    }
    let sql = match conn {
        db::AnyConnection::Postgresql(_) => {
            "SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) AS key \
             FROM pg_constraint WHERE contype = 'f' ORDER BY 1"
        }
        db::AnyConnection::Sqlite(_) => {
            "SELECT m.name || ' ' || f.\"from\" || ' ' || f.\"table\" || ' ' || f.\"to\" || ' ' || f.on_delete AS key \
             FROM sqlite_master m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table' ORDER BY 1"
        }
    };
    diesel::sql_query(sql)
        .load::<Key>(conn)
        .unwrap()
        .into_iter()
        .map(|k| k.key)
        .collect()
}

#[test]
fn foreign_keys_are_as_before_and_checked_after_a_generate() {
    let test_db = TestDb::new();
    let mut conn = test_db.connect();
    db::run_migrations(&mut conn).unwrap();
    let before = foreign_keys(&mut conn);
    assert!(before.len() > 10, "{before:?}");
    generate(&mut conn, &options(5)).unwrap();
    assert_eq!(before, foreign_keys(&mut conn));
    // They hold again: a factor of no report is refused.
    let orphan = diesel::insert_into(report_factors::table)
        .values((
            report_factors::report_id.eq(999_999),
            report_factors::factor.eq("budget"),
        ))
        .execute(&mut conn);
    assert!(orphan.is_err(), "a factor of no report was written");
}
