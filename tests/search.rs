//! Search across places, ties and agreements, on SQLite FTS5 and PostgreSQL full-text search.

mod common;

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
