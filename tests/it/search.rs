//! Search across places, ties and agreements, on SQLite FTS5 and PostgreSQL full-text search.

use crate::common;

use common::spawn_app;

#[tokio::test]
async fn finds_surabaya_liverpool() {
    let app = spawn_app().await;
    let (status, body) = app.page("/id/search?q=liverpool").await;
    assert_eq!(status, 200);
    assert!(
        body.contains("href=\"/id/ties/surabaya--liverpool-gb\""),
        "{body}"
    );
    assert!(body.contains("<mark>Liverpool</mark>"));
    assert!(body.contains("Kerja sama ("), "grouped by kind");
}

#[tokio::test]
async fn folds_accents_and_case_and_groups_by_kind() {
    let app = spawn_app().await;
    let (_, body) = app.page("/en/search?q=PECS").await;
    assert!(body.contains("<mark>Pécs</mark>"), "Pécs found by PECS");
    assert!(body.contains("href=\"/en/places/pecs-hu\""));
    assert!(body.contains("Places (1)"));
    // Prefixes and several words.
    let (_, body) = app.page("/en/search?q=bandu%20braun").await;
    assert!(body.contains("href=\"/en/ties/bandung--braunschweig-de\""));
    // Country names in both languages.
    let (_, body) = app.page("/id/search?q=jerman").await;
    assert!(body.contains("Braunschweig"));
    let (_, body) = app.page("/en/search?q=zzzzqqq").await;
    assert!(body.contains("Nothing found"));
}

#[tokio::test]
async fn hostile_queries_are_harmless() {
    let app = spawn_app().await;
    for q in [
        "%22%20OR%201%3D1%20--",
        "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "*",
        "NEAR(a%20b)",
        "a%27%3B%20DROP%20TABLE%20ties%3B--",
    ] {
        let (status, body) = app.page(&format!("/en/search?q={q}")).await;
        assert_eq!(status, 200, "{q}");
        assert!(!body.contains("<script>alert"), "{q}");
    }
    let long = "a".repeat(300);
    let (status, body) = app.page(&format!("/en/search?q={long}")).await;
    assert_eq!(status, 400);
    assert!(body.contains("at most 200 characters"));
    let (status, _) = app.page("/en/ties").await;
    assert_eq!(status, 200, "nothing was dropped");
}

#[tokio::test]
async fn the_index_follows_writes() {
    let app = spawn_app().await;
    let (_, before) = app.page("/en/search?q=kyoto%20city").await;
    assert!(!before.contains("bandung--kyoto-city-jp"));
    let mut conn = app.db.connect();
    let places =
        "slug,name,kind,country_code,lat,lon\nkyoto-city-jp,Kyoto City,city,JP,35.01,135.77\n";
    let ties = "id,indonesian_slug,partner_slug,agreement_type,signed_on,fields,reported_status,status_note,factors,source\nbandung--kyoto-city-jp,bandung,kyoto-city-jp,loi,2024-05,culture,proposed,Talks on batik and Nishijin weaving.,,\n";
    pantau::import::import(&mut conn, places, ties).unwrap();
    let (_, after) = app.page("/en/search?q=nishijin").await;
    assert!(
        after.contains("bandung--kyoto-city-jp"),
        "new text is searchable at once"
    );
}

/// The first place result of a search page.
fn first_place(body: &str, lang: &str) -> String {
    let prefix = format!("href=\"/{lang}/places/");
    let start = body.find(&prefix).map(|i| i + prefix.len()).unwrap_or(0);
    body[start..]
        .split('"')
        .next()
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn alternative_names_and_typos_find_the_right_place_first() {
    let app = spawn_app().await;
    for (q, slug) in [
        ("Jogja", "yogyakarta"),
        ("yogya", "yogyakarta"),
        ("malng", "malang"),
        ("surabya", "surabaya"),
        ("Pusan", "busan-kr"),
        ("Kitakyusyu", "kitakyushu-jp"),
        ("DIY", "di-yogyakarta"),
        ("Kabupaten%20Malang", "kabupaten-malang"),
    ] {
        for lang in ["id", "en"] {
            let (status, body) = app.page(&format!("/{lang}/search?q={q}")).await;
            assert_eq!(status, 200);
            assert_eq!(first_place(&body, lang), slug, "/{lang}/search?q={q}");
        }
    }
    // Nothing matches exactly: "Did you mean …?" with the nearest name.
    let (_, body) = app.page("/id/search?q=malng").await;
    assert!(
        body.contains("Mungkin maksud Anda <a href=\"/id/search?q=Malang\">Malang</a>?"),
        "{body}"
    );
    let (_, body) = app.page("/en/search?q=surabya").await;
    assert!(body.contains("Did you mean <a href=\"/en/search?q=Surabaya\">Surabaya</a>?"));
    // An exact match asks nothing.
    let (_, body) = app.page("/en/search?q=malang").await;
    assert!(!body.contains("Did you mean"));
    // Nothing near either.
    let (_, body) = app.page("/en/search?q=zzzzqqq").await;
    assert!(!body.contains("Did you mean") && body.contains("Nothing found"));
}

#[tokio::test]
async fn result_lines_are_in_the_page_language_and_plain_text() {
    let app = spawn_app().await;
    // Labels only English has (the Indonesian ones differ).
    let english = [
        "City",
        "Regency",
        "Province",
        "Economy",
        "Education",
        "Culture",
        "Tourism",
        "Germany",
        "Memorandum of Understanding",
        "Letter of Intent",
    ];
    for q in [
        "bandung",
        "kota",
        "pendidikan",
        "braunschweig",
        "mou",
        "jerman",
        "surabaya",
    ] {
        let (_, body) = app.page(&format!("/id/search?q={q}")).await;
        let results = body
            .split("<ol class=\"results\">")
            .skip(1)
            .collect::<Vec<_>>()
            .join("");
        let lines: Vec<&str> = results
            .split("<p class=\"sub\">")
            .skip(1)
            .map(|l| l.split("</p>").next().unwrap())
            .collect();
        assert!(!lines.is_empty(), "{q} finds something");
        for line in &lines {
            let plain = line.replace("<mark>", "").replace("</mark>", "");
            for part in plain.split(" · ") {
                assert!(
                    !english.contains(&part.trim()),
                    "/id/search?q={q}: English label {part:?} in {line:?}"
                );
            }
            assert!(!plain.contains("Memorandum of Understanding") && !plain.contains(" / "));
            for syntax in ["**", "##", "](", "__", "`"] {
                assert!(
                    !line.contains(syntax),
                    "/id/search?q={q}: Markdown {syntax:?} in {line:?}"
                );
            }
        }
    }
}

#[tokio::test]
async fn markdown_of_reports_is_shown_as_plain_text() {
    let app = spawn_app().await;
    let mut conn = app.db.connect();
    use diesel::prelude::*;
    let tie: i32 = pantau::schema::ties::table
        .filter(pantau::schema::ties::slug.eq("bandung--braunschweig-de"))
        .select(pantau::schema::ties::id)
        .first(&mut conn)
        .unwrap();
    let now = chrono::Utc::now().naive_utc();
    diesel::insert_into(pantau::schema::roadmaps::table)
        .values((
            pantau::schema::roadmaps::tie_id.eq(tie),
            pantau::schema::roadmaps::title.eq("Rencana kerja zebrakuda"),
            pantau::schema::roadmaps::body_md
                .eq("**baik**\n## Hasil\n- *satu* [dua](https://example.org)"),
            pantau::schema::roadmaps::published_at.eq(Some(now)),
            pantau::schema::roadmaps::created_at.eq(now),
            pantau::schema::roadmaps::updated_at.eq(now),
        ))
        .execute(&mut conn)
        .unwrap();
    // Written behind the application's back (no revision): `pantau reindex` picks it up.
    pantau::search::index::rebuild(&mut conn).unwrap();
    let (_, body) = app.page("/id/search?q=zebrakuda").await;
    assert!(body.contains("Rencana kerja"), "{body}");
    assert!(body.contains("baik Hasil satu dua"), "{body}");
    assert!(!body.contains("**baik**") && !body.contains("## Hasil"));
}

/// Every entry of the index, in a stable order (what a search can find).
fn index_rows(
    conn: &mut pantau::db::AnyConnection,
) -> Vec<(String, i32, Option<i32>, String, String)> {
    use diesel::prelude::*;
    use pantau::schema::search_entries as e;
    e::table
        .select((e::kind, e::record_id, e::tie_id, e::slug, e::folded))
        .order((e::kind, e::record_id))
        .load(conn)
        .unwrap()
}

#[tokio::test]
async fn a_write_updates_its_own_entries_at_once_and_no_search_rebuilds() {
    use common::browser::*;
    let app = spawn_app().await;
    add_user(&app, "own@surabaya.go.id", "official", &["surabaya"]);
    let mut b = Browser::new(&app);
    b.sign_in("own@surabaya.go.id").await;
    let search = "/en/search?q=kapibara";
    let cold = app.queries_for(search).await;

    // A draft is not searchable; its publication is, on the next search.
    let p = b
        .post(
            &format!("/en/ties/{TIE}/reports/new"),
            &[
                ("title", "Evaluasi kapibara"),
                ("body_md", "Kunjungan **kapibara** ke kebun binatang."),
                ("rating_results", "1"),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let id = id_from_edit_location(&p.location);
    let (_, body) = app.page(search).await;
    assert!(!body.contains("Evaluasi kapibara"), "a draft was found");
    let edit = b.get(&p.location).await;
    let v = hidden(&edit.body, "version");
    let p = b
        .post(&format!("/en/reports/{id}/publish"), &[("version", &v)])
        .await;
    assert_eq!(p.status, 303);
    // The first search after the write is a cache miss, but reads the index as it is: it takes
    // as many statements as the first search before the write (a rebuild would take hundreds).
    let after = app.queries_for(search).await;
    assert!(
        after <= cold + 2,
        "{after} statements after the write, {cold} before"
    );
    let (_, body) = app.page(search).await;
    assert!(body.contains("Evaluasi"), "{body}");
    assert!(body.contains("<mark>kapibara</mark>"), "{body}");

    // A correction replaces the entry: the old words are gone, the new ones found.
    let edit = b.get(&format!("/en/reports/{id}/edit")).await;
    let v = hidden(&edit.body, "version");
    let p = b
        .post(
            &format!("/en/reports/{id}/edit"),
            &[
                ("title", "Evaluasi trenggiling"),
                ("body_md", "Kunjungan trenggiling."),
                ("rating_results", "1"),
                ("reason", "Salah nama hewan"),
                ("action", "save"),
                ("version", &v),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let (_, body) = app.page(search).await;
    assert!(
        !body.contains("Evaluasi"),
        "the corrected text is still found"
    );
    let (_, body) = app.page("/en/search?q=trenggiling").await;
    assert!(body.contains("Evaluasi <mark>trenggiling</mark>"), "{body}");

    // What the writes left in the index is exactly what a full rebuild makes.
    let mut conn = app.db.connect();
    let kept = index_rows(&mut conn);
    assert!(kept.iter().any(|r| r.0 == "report" && r.1 == id));
    pantau::search::index::reindex(&mut conn).unwrap();
    assert_eq!(
        kept,
        index_rows(&mut conn),
        "per-record index differs from a rebuild"
    );
}

#[tokio::test]
async fn a_word_in_every_report_shows_a_page_of_each_kind() {
    use diesel::prelude::*;
    let db = std::sync::Arc::new(common::TestDb::starter());
    let mut conn = db.connect();
    let options = pantau::generate::Options {
        places: 20,
        ties: 40,
        reports: 120,
        seed: 3,
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        starter_data: true,
    };
    pantau::generate::generate(&mut conn, &options).unwrap();
    // Every generated report says "Evaluasi".
    use pantau::schema::{places, ties};
    let (slug, place_id, partner_id): (String, i32, i32) = ties::table
        .order(ties::id.desc())
        .select((ties::slug, ties::place_id, ties::partner_id))
        .first(&mut conn)
        .unwrap();
    let name = |conn: &mut pantau::db::AnyConnection, id: i32| -> String {
        places::table
            .find(id)
            .select(places::name)
            .first(conn)
            .unwrap()
    };
    let words = format!(
        "{} {}",
        name(&mut conn, place_id),
        name(&mut conn, partner_id)
    );
    drop(conn);
    let app = common::spawn_app_on(db).await;
    let (status, body) = app.page("/id/search?q=evaluasi").await;
    assert_eq!(status, 200);
    // The page says there may be more, rather than a count of 50 that reads as all of them.
    assert!(body.contains("Laporan evaluasi (50 pertama)"), "{body}");
    assert!(
        body.contains("Hanya 50 hasil pertama yang ditampilkan"),
        "{body}"
    );
    assert!(body.contains("Lebih dari "), "{body}");
    assert_eq!(body.matches("#h-reports\"").count(), 50);
    // A tie's names still find it among everything that names them.
    let q = serde_urlencoded::to_string([("q", words.as_str())]).unwrap();
    let (_, body) = app.page(&format!("/id/search?{q}")).await;
    assert!(
        body.contains(&format!("href=\"/id/ties/{slug}\"")),
        "{words}: {body}"
    );
}
