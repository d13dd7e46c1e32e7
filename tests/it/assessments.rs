//! Stored assessments (issue 15): after a random sequence of writes (records created, corrected
//! and published, imports, generated data) and day changes, the stored assessment of every tie
//! equals a fresh computation, and read back (the exports) it is that computation. Runs on
//! PostgreSQL too with TEST_DATABASE_URL.

use chrono::{Duration, NaiveDate};
use pantau::assessment_store;
use pantau::auth::{CurrentUser, Role};
use pantau::db::AnyConnection;
use pantau::generate::Rng;
use pantau::i18n::Lang;
use pantau::models::tie::Tie;
use pantau::models::user::User;
use pantau::publishing::{self, Kind, Parent};

fn admin(conn: &mut AnyConnection) -> CurrentUser {
    let hash = pantau::auth::hash_password("kuda lumping di pasar malam").unwrap();
    let id = User::create(conn, "admin@example.org", "Admin", &hash, "admin", &[]).unwrap();
    CurrentUser {
        id,
        email: "admin@example.org".into(),
        display_name: "Admin".into(),
        role: Role::parse("admin").unwrap(),
        place_ids: Vec::new(),
        session_id: String::new(),
        csrf_token: String::new(),
    }
}

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// A form of `kind` with dates near `today`, so that day changes cross the rules' thresholds
/// (90 days before an expiry, 12 and 36 months after an activity).
fn form(rng: &mut Rng, kind: Kind, today: NaiveDate, n: usize) -> Vec<(&'static str, String)> {
    let near = |rng: &mut Rng, around: i64| today + Duration::days(around + rng.range(-20, 20));
    let title = format!("Catatan uji {n}");
    match kind {
        Kind::Agreement => vec![
            ("kind", rng.pick(&["mou", "loi", "renewal"]).to_string()),
            ("signed_on", iso(near(rng, -400))),
            ("in_force_from", iso(near(rng, -390))),
            ("expires_on", iso(near(rng, 95))),
            ("link", String::new()),
            ("title", title.clone()),
            ("signatories", title.clone()),
            ("note", title),
        ],
        Kind::Step => vec![
            (
                "step",
                rng.pick(&["dprd-approval", "central-verification"])
                    .to_string(),
            ),
            ("occurred_on", iso(near(rng, -300))),
            ("note", title),
        ],
        Kind::Roadmap => vec![
            ("period_start", iso(near(rng, -200))),
            ("period_end", iso(near(rng, 400))),
            ("budget_amount", String::new()),
            ("budget_currency", String::new()),
            ("title", title.clone()),
            ("body_md", title),
        ],
        Kind::Milestone => vec![
            ("target", "20 guru dilatih".into()),
            ("due_on", iso(near(rng, -10))),
            ("status", rng.pick(&["planned", "met"]).to_string()),
            ("evidence", String::new()),
            ("title", title),
        ],
        Kind::Activity => vec![
            ("occurred_on", iso(near(rng, -360))),
            ("kind", "visit".into()),
            ("title", title.clone()),
            ("description", title),
        ],
        Kind::Report => vec![
            ("rating_results", "2".into()),
            ("title", title.clone()),
            ("body_md", title),
        ],
    }
}

fn values(kind: Kind, form: &[(&'static str, String)]) -> Option<publishing::Fields> {
    let values = publishing::values_from_form(kind, |n| {
        form.iter()
            .filter(|(k, _)| *k == n)
            .map(|(_, v)| v.clone())
            .collect()
    });
    publishing::validate(kind, Lang::En, &values).ok()
}

fn assert_consistent(conn: &mut AnyConnection, step: &str) {
    let wrong = assessment_store::mismatches(conn).unwrap();
    assert!(
        wrong.is_empty(),
        "after {step}: stored assessments differ from a fresh computation for ties {wrong:?}"
    );
}

#[test]
fn stored_assessments_equal_a_fresh_computation_after_random_writes_and_days() {
    let db = crate::common::TestDb::new();
    let mut conn = db.connect();
    pantau::db::run_migrations(&mut conn).unwrap();
    let mut today = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
    assessment_store::at_start(&mut conn, today).unwrap();
    pantau::import::import_starter_once(&mut conn).unwrap();
    assert_consistent(&mut conn, "the starter import");
    let user = admin(&mut conn);
    let mut rng = Rng::new(15);
    let ties = Tie::all(&mut conn).unwrap();
    let kinds = [
        Kind::Agreement,
        Kind::Step,
        Kind::Roadmap,
        Kind::Milestone,
        Kind::Activity,
        Kind::Report,
    ];
    let mut made: Vec<(Kind, i32)> = Vec::new();
    let mut day_changes = 0;
    let mut writes = 0;
    for n in 0..120 {
        let step = match rng.below(10) {
            // A new record, published at once or left a draft.
            0..=4 => {
                let tie = rng.pick(&ties).clone();
                let kind = *rng.pick(&kinds);
                let parent_roadmap = if kind == Kind::Milestone {
                    match made.iter().rev().find(|(k, _)| *k == Kind::Roadmap) {
                        Some((_, id)) => Some(*id),
                        None => continue,
                    }
                } else {
                    None
                };
                let owner = match parent_roadmap {
                    Some(r) => {
                        publishing::load(&mut conn, Kind::Roadmap, r)
                            .unwrap()
                            .unwrap()
                            .tie
                    }
                    None => tie,
                };
                let parent = match parent_roadmap {
                    Some(r) => Parent::Roadmap(r, &owner),
                    None => Parent::Tie(&owner),
                };
                let Some(v) = values(kind, &form(&mut rng, kind, today, n)) else {
                    continue;
                };
                let id =
                    publishing::create(&mut conn, parent, &v, None, true, &user, None).unwrap();
                if rng.chance(0.7) && kind != Kind::Milestone {
                    let rec = publishing::load(&mut conn, kind, id).unwrap().unwrap();
                    publishing::publish(&mut conn, &rec, rec.version, &user, None).unwrap();
                }
                made.push((kind, id));
                writes += 1;
                format!("creating {kind:?} {id}")
            }
            // A correction of an earlier record, with new dates.
            5 | 6 if !made.is_empty() => {
                let (kind, id) = *rng.pick(&made);
                let rec = publishing::load(&mut conn, kind, id).unwrap().unwrap();
                let Some(v) = values(kind, &form(&mut rng, kind, today, n)) else {
                    continue;
                };
                publishing::update(
                    &mut conn,
                    &rec,
                    rec.version,
                    &v,
                    None,
                    "koreksi tanggal",
                    &user,
                    None,
                )
                .unwrap();
                writes += 1;
                format!("correcting {kind:?} {id}")
            }
            // An import that changes a tie's reported status.
            7 => {
                let tie = rng.pick(&ties);
                let status = rng.pick(&["active", "dormant", "terminated", "unknown"]);
                let (place, partner) = tie.slug.split_once("--").unwrap();
                let csv = format!(
                    "id,indonesian_slug,partner_slug,agreement_type,signed_on,fields,reported_status,status_note,factors,source\n{},{place},{partner},mou,2015-03,culture,{status},Catatan {n}.,budget,https://example.org/{n}\n",
                    tie.slug
                );
                if pantau::import::import(&mut conn, "", &csv).is_err() {
                    continue;
                }
                writes += 1;
                format!("importing {} as {status}", tie.slug)
            }
            // Generated ties and reports (the bulk path).
            8 if n % 3 == 0 => {
                let opts = pantau::generate::Options {
                    places: 6,
                    ties: 4,
                    reports: 5,
                    seed: n as u64,
                    today,
                    starter_data: false,
                };
                pantau::generate::generate(&mut conn, &opts).unwrap();
                writes += 1;
                "generating ties and reports".to_string()
            }
            // A day change: forward by a few days or weeks (sometimes back, as a fixed date may).
            _ => {
                let days = *rng.pick(&[1i64, 1, 7, 30, 45, -3]);
                today += Duration::days(days);
                let changed = assessment_store::ensure_day(&mut conn, today).unwrap();
                assert!(changed.is_some(), "a new day refreshes");
                day_changes += 1;
                format!("moving to {today}")
            }
        };
        assert_consistent(&mut conn, &step);
    }
    assert!(
        writes >= 40 && day_changes >= 5,
        "{writes} writes, {day_changes} day changes"
    );
    // The same day again changes nothing; reassessing finds nothing to change.
    assert_eq!(
        assessment_store::ensure_day(&mut conn, today).unwrap(),
        None
    );
    assert_eq!(assessment_store::reassess(&mut conn, today).unwrap(), 0);
    println!("{writes} writes and {day_changes} day changes: every stored assessment is right");
}

/// The check itself can fail: a stored row that no longer matches is found, and `reassess`
/// repairs it and counts it.
#[test]
fn a_wrong_stored_assessment_is_found_and_reassess_repairs_it() {
    use diesel::prelude::*;
    use pantau::schema::tie_assessments;
    let db = crate::common::TestDb::new();
    let mut conn = db.connect();
    pantau::db::run_migrations(&mut conn).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
    assessment_store::at_start(&mut conn, today).unwrap();
    pantau::import::import_starter_once(&mut conn).unwrap();
    let tie = Tie::by_slug(&mut conn, "surabaya--liverpool-gb")
        .unwrap()
        .unwrap();
    diesel::update(tie_assessments::table.find(tie.id))
        .set(tie_assessments::score.eq(tie_assessments::score + 1))
        .execute(&mut conn)
        .unwrap();
    assert_eq!(
        assessment_store::mismatches(&mut conn).unwrap(),
        vec![tie.id]
    );
    // The command says so too, and fails; `reassess` repairs it and says how many changed.
    let check = db.cli(&["reassess", "--check"], "");
    assert!(!check.status.success());
    let err = String::from_utf8_lossy(&check.stderr);
    assert!(err.contains("1 stored assessments are wrong"), "{err}");
    let run = db.cli(&["reassess", "--today", "2026-12-07"], "");
    let out = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success() && out.contains("1 changed"), "{out}");
    assert!(assessment_store::mismatches(&mut conn).unwrap().is_empty());
    assert_eq!(assessment_store::reassess(&mut conn, today).unwrap(), 0);
    let check = db.cli(&["reassess", "--check"], "");
    assert!(check.status.success(), "{check:?}");
}

/// The tie list's SQL (filters, sort, paging, counts over the stored assessments) gives the
/// same rows in the same order as the in-memory reference (`TieQuery::matches` and `sort`), in
/// both languages, on starter and generated data.
#[test]
fn the_list_in_sql_equals_the_reference_in_memory() {
    use pantau::tie_query::TieQuery;
    let db = crate::common::TestDb::new();
    let mut conn = db.connect();
    pantau::db::run_migrations(&mut conn).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
    assessment_store::at_start(&mut conn, today).unwrap();
    pantau::import::import_starter_once(&mut conn).unwrap();
    let opts = pantau::generate::Options {
        places: 40,
        ties: 60,
        reports: 80,
        seed: 3,
        today,
        starter_data: false,
    };
    pantau::generate::generate(&mut conn, &opts).unwrap();
    let ties = Tie::all(&mut conn).unwrap();
    let all = pantau::assessment::assess_ties(&mut conn, ties, today).unwrap();
    let queries = [
        "",
        "sort=-place",
        "sort=partner",
        "sort=-partner",
        "sort=country",
        "sort=-country",
        "sort=signed",
        "sort=-signed",
        "sort=status",
        "sort=-status",
        "sort=activity",
        "sort=-activity",
        "sort=score",
        "sort=-score",
        "sort=grade",
        "sort=-grade",
        "sort=reported",
        "sort=-reported",
        "country=JP",
        "country=id",
        "kind=city",
        "kind=province&sort=-score",
        "field=education",
        "field=culture&type=mou",
        "type=loi",
        "signed_from=2010",
        "signed_to=2015&sort=signed",
        "signed_from=2000&signed_to=2012",
        "signed_from=2020&signed_to=2010",
        "reported=active",
        "reported=unknown",
        "reported=terminated",
        "status=in-force",
        "status=expiring",
        "status=term-not-recorded",
        "activity=silent",
        "activity=active",
        "grade=E",
        "grade=c",
        "roadmap=yes",
        "roadmap=no",
        "report=yes",
        "report=no",
        "ceremonial=yes",
        "ceremonial=no&sort=-signed",
        "place=bandung",
        "place=surabaya&sort=-score",
        "q=jepang",
        "q=japan",
        "q=pendidikan",
        "q=education",
        "q=kota%20ban",
        "q=pecs",
        "q=P%C3%A9cs",
        "q=100%25",
        "q=_",
        "q=a%5Cb",
        "q=zzzz",
        "per_page=10&page=3&sort=-score",
        "per_page=100&page=2",
        "page=1000",
    ];
    for lang in [Lang::Id, Lang::En] {
        for raw in queries {
            let query = TieQuery::parse(raw).unwrap();
            let mut expected: Vec<&pantau::assessment::Assessed> =
                all.iter().filter(|a| query.matches(lang, a)).collect();
            let mut owned: Vec<pantau::assessment::Assessed> =
                expected.iter().map(|a| (*a).clone()).collect();
            query.sort(&mut owned);
            expected.clear();
            let want: Vec<&str> = owned.iter().map(|a| a.summary.tie.slug.as_str()).collect();
            let found = query.page(&mut conn, lang, today, false).unwrap();
            assert_eq!(found.total, want.len(), "{lang:?} {raw}: count");
            let start = ((query.page - 1) * query.per_page).min(want.len());
            let end = (start + query.per_page).min(want.len());
            let got: Vec<&str> = found
                .rows
                .iter()
                .map(|a| a.summary.tie.slug.as_str())
                .collect();
            assert_eq!(got, want[start..end], "{lang:?} {raw}: the page");
            let every = query.rows(&mut conn, lang, today).unwrap();
            let every: Vec<&str> = every.iter().map(|a| a.summary.tie.slug.as_str()).collect();
            assert_eq!(every, want, "{lang:?} {raw}: every row");
            let mut chunks = Vec::new();
            query
                .each_chunk(&mut conn, lang, today, 7, |rows| {
                    assert!(rows.len() <= 7);
                    chunks.extend(rows.into_iter().map(|a| a.summary.tie.slug));
                    true
                })
                .unwrap();
            assert_eq!(chunks, want, "{lang:?} {raw}: the rows in chunks");
        }
    }
}

/// The tie list, the home page and the exports take the same number of SQL statements at 101
/// and at 1,000 ties (issue 15's acceptance): lists are answered by SQL, not built in memory.
#[tokio::test]
async fn lists_home_and_exports_take_the_same_statements_at_101_and_1000_ties() {
    let db = std::sync::Arc::new(crate::common::TestDb::new());
    let app = crate::common::spawn_app_with(db.clone(), |s| s.starter_data = false).await;
    let today = chrono::Utc::now().date_naive();
    let grow = |places: usize, ties: usize, seed: u64| {
        let mut conn = db.connect();
        let opts = pantau::generate::Options {
            places,
            ties,
            reports: ties * 2,
            seed,
            today,
            starter_data: false,
        };
        pantau::generate::generate(&mut conn, &opts).unwrap();
        Tie::count(&mut conn).unwrap()
    };
    let paths = [
        "/id/ties",
        "/en/ties?sort=-score&per_page=100",
        "/id/ties?status=lapsed&sort=signed",
        "/id/",
        "/en/",
        "/id/ties.csv",
        "/en/ties.json?grade=E",
        "/api/v1/ties?per_page=100",
    ];
    let mut counts = Vec::new();
    for (places, ties, seed) in [(80, 101, 1), (400, 899, 2)] {
        let total = grow(places, ties, seed);
        // Another process's write shows after the cache's version check (250 ms).
        tokio::time::sleep(std::time::Duration::from_millis(400)).await;
        let mut these = Vec::new();
        for p in paths {
            these.push(app.queries_for(p).await);
        }
        println!("{total} ties: {these:?} statements for {paths:?}");
        counts.push((total, these));
    }
    assert_eq!(counts[0].0, 101);
    assert_eq!(counts[1].0, 1000);
    for (i, p) in paths.iter().enumerate() {
        assert_eq!(
            counts[0].1[i], counts[1].1[i],
            "{p}: {} statements at 101 ties, {} at 1,000",
            counts[0].1[i], counts[1].1[i]
        );
    }
}

/// Exports read each tie's stored assessment back instead of judging it again: read back, it is
/// the fresh judgement, every check and reason included (`stored_in_order`), and what an export
/// shows of it (`each_summarised`) is the fresh judgement's, in the order asked for.
#[test]
fn stored_assessments_read_back_equal_a_fresh_judgement() {
    let db = crate::common::TestDb::new();
    let mut conn = db.connect();
    pantau::db::run_migrations(&mut conn).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
    assessment_store::at_start(&mut conn, today).unwrap();
    pantau::import::import_starter_once(&mut conn).unwrap();
    let opts = pantau::generate::Options {
        places: 30,
        ties: 50,
        reports: 60,
        seed: 4,
        today,
        starter_data: false,
    };
    pantau::generate::generate(&mut conn, &opts).unwrap();
    let ties = Tie::all(&mut conn).unwrap();
    let fresh = pantau::assessment::assess_ties(&mut conn, ties, today).unwrap();
    let mut ids: Vec<i32> = fresh.iter().map(|a| a.summary.tie.id).collect();
    ids.reverse();
    let stored = assessment_store::stored_in_order(&mut conn, &ids, today).unwrap();
    assert_eq!(stored.len(), fresh.len());
    for (s, id) in stored.iter().zip(&ids) {
        assert_eq!(s.summary.tie.id, *id, "in the order asked for");
        let f = fresh.iter().find(|f| f.summary.tie.id == *id).unwrap();
        assert_eq!(
            serde_json::to_value(&s.assessment).unwrap(),
            serde_json::to_value(&f.assessment).unwrap(),
            "{}",
            f.summary.tie.slug
        );
    }
    let mut seen = 0;
    assessment_store::each_summarised(&mut conn, &ids, |s, a| {
        assert_eq!(s.tie.id, ids[seen]);
        let f = &fresh
            .iter()
            .find(|f| f.summary.tie.id == s.tie.id)
            .unwrap()
            .assessment;
        for lang in [Lang::Id, Lang::En] {
            assert_eq!(a.agreement_reason.text(lang), f.agreement_reason.text(lang));
            assert_eq!(
                a.disagreement.as_ref().map(|r| r.text(lang)),
                f.disagreement.as_ref().map(|r| r.text(lang))
            );
        }
        assert_eq!(
            (
                a.agreement_status,
                a.activity_status,
                a.score,
                a.grade,
                a.ceremonial
            ),
            (
                f.agreement_status,
                f.activity_status,
                f.score,
                f.grade,
                f.ceremonial
            )
        );
        seen += 1;
    })
    .unwrap();
    assert_eq!(seen, ids.len());
}
