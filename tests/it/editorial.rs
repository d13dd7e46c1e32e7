//! Editorial pages (issue 17), through the pages as a browser without JavaScript uses them:
//! editors add a place and a tie, edit a place and merge two (the old address answers 301).
//! Account pages are in accounts.rs.

use crate::common;

use common::browser::*;
use common::{TestApp, spawn_app};
use diesel::prelude::*;
use pantau::models::place::Place;
use pantau::models::tie::Tie;
use pantau::schema::{places, revisions, ties};

fn count(app: &TestApp, table: &str) -> i64 {
    let mut conn = app.db.connect();
    match table {
        "places" => places::table.count().get_result(&mut conn).unwrap(),
        "ties" => ties::table.count().get_result(&mut conn).unwrap(),
        "revisions" => revisions::table.count().get_result(&mut conn).unwrap(),
        _ => unreachable!(),
    }
}

async fn signed_in<'a>(app: &'a TestApp, email: &str, role: &str, places: &[&str]) -> Browser<'a> {
    add_user(app, email, role, places);
    let mut b = Browser::new(app);
    b.sign_in(email).await;
    b
}

/// The fields of a new Indonesian regency in East Java.
fn regency(name: &str, code: &str, reason: &str) -> Vec<(&'static str, String)> {
    vec![
        ("name", name.into()),
        ("name_en", String::new()),
        ("kind", "regency".into()),
        ("country_code", "ID".into()),
        ("province", "35".into()),
        ("code", code.into()),
        ("lat", "-7,55".into()),
        ("lon", "112,4".into()),
        ("alt_names", "Kab. Contoh\nContohkarta".into()),
        ("ppid_name", "PPID Utama Kabupaten Contoh".into()),
        ("ppid_email", "ppid@contoh.go.id".into()),
        ("ppid_phone", "+62 321 123456".into()),
        ("ppid_url", "https://ppid.contoh.go.id/".into()),
        ("reason", reason.into()),
        ("version", "0".into()),
    ]
}

fn refs<'a>(f: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    f.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

#[tokio::test]
async fn editors_add_a_place_and_a_tie_through_the_pages() {
    let app = spawn_app().await;
    let mut ed = signed_in(&app, "penyunting@pantau.id", "editor", &[]).await;
    let form = ed.get("/id/editorial/places/new").await;
    assert_eq!(form.status, 200);
    assert_eq!(form.headers["cache-control"], "no-store");
    assert!(form.body.contains("Tambahkan daerah"));
    assert!(form.body.contains("Jawa Timur (35)"));

    // Mistakes are named at their fields, in the page's language; nothing is written.
    let (places_before, revisions_before) = (count(&app, "places"), count(&app, "revisions"));
    let mut bad = regency("Kabupaten Contoh", "36.99", "");
    bad[6].1 = "abc".into();
    let p = ed.post("/id/editorial/places/new", &refs(&bad)).await;
    assert_eq!(p.status, 422, "{}", p.body);
    assert!(
        p.body
            .contains("Kode harus diawali kode provinsi yang dipilih (35).")
    );
    assert!(p.body.contains("Tulis lintang antara -90 dan 90."));
    assert!(p.body.contains("Jelaskan apa yang Anda ubah dan mengapa."));
    // What was written stays in the form.
    assert!(p.body.contains("PPID Utama Kabupaten Contoh"));
    assert_eq!(count(&app, "places"), places_before);
    assert_eq!(count(&app, "revisions"), revisions_before);

    let reason = "Daerah otonom baru menurut UU pembentukannya";
    let p = ed
        .post(
            "/id/editorial/places/new",
            &refs(&regency("Kabupaten Contoh", "35.99", reason)),
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert_eq!(p.location, "/id/places/kabupaten-contoh");
    let page = ed.get("/id/places/kabupaten-contoh").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Kabupaten Contoh"));
    assert!(page.body.contains("Jawa Timur"));
    assert!(page.body.contains("35.99"));
    assert!(page.body.contains("Contohkarta"));
    assert!(page.body.contains("ppid@contoh.go.id"));
    assert!(page.body.contains("/id/editorial/places/"));
    // The public page (no account) shows the contact but not the editors' links.
    let (_, public) = app.page("/id/places/kabupaten-contoh").await;
    assert!(public.contains("PPID Utama Kabupaten Contoh"));
    assert!(!public.contains("/editorial/"));
    let (status, history) = app.page("/id/places/kabupaten-contoh/history").await;
    assert_eq!(status, 200);
    assert!(history.contains(reason));
    assert!(history.contains("Name of penyunting@pantau.id"));
    // Search finds it by an alternative name.
    let (_, found) = app.page("/en/search?q=Contohkarta").await;
    assert!(found.contains("/en/places/kabupaten-contoh"), "{found}");

    // Edit: a correction with its reason; a stale version is refused with both kept.
    let id = {
        let mut conn = app.db.connect();
        Place::by_slug(&mut conn, "kabupaten-contoh")
            .unwrap()
            .unwrap()
            .id
    };
    let edit = ed.get(&format!("/en/editorial/places/{id}/edit")).await;
    assert_eq!(edit.status, 200);
    assert!(edit.body.contains("-7.55"));
    let v = hidden(&edit.body, "version");
    let mut fields = regency("Kabupaten Contoh", "35.99", "The English name was missing");
    fields[1].1 = "Example Regency".into();
    fields[6].1 = "-7.55".into();
    fields[7].1 = "112.4".into();
    fields[14].1 = v.clone();
    let p = ed
        .post(&format!("/en/editorial/places/{id}/edit"), &refs(&fields))
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let (_, page) = app.page("/en/places/kabupaten-contoh").await;
    assert!(page.contains("Example Regency"));
    let p = ed
        .post(&format!("/en/editorial/places/{id}/edit"), &refs(&fields))
        .await;
    assert_eq!(p.status, 409, "the old version again");
    assert!(
        p.body
            .contains("Someone else changed this in the meantime.")
    );
    let (_, history) = app.page("/en/places/kabupaten-contoh/history").await;
    assert!(history.contains("The English name was missing"));
    assert!(history.contains("Example Regency"));

    // A tie between the new place and a partner abroad, with its type and reason.
    let ties_before = count(&app, "ties");
    let tie_form = ed.get("/en/editorial/ties/new").await;
    assert_eq!(tie_form.status, 200);
    assert!(tie_form.body.contains("<datalist id=\"l-places\">"));
    let tie = [
        ("place", "Kabupaten Contoh"),
        ("partner", "liverpool-gb"),
        ("kind", "friendship-city"),
        ("started_on", "2024-05"),
        (
            "reason",
            "Reported by the press office of the regency, 12 May 2024",
        ),
    ];
    let p = ed.post("/en/editorial/ties/new", &tie).await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert_eq!(p.location, "/en/ties/kabupaten-contoh--liverpool-gb/manage");
    assert_eq!(count(&app, "ties"), ties_before + 1);
    let (status, page) = app.page("/en/ties/kabupaten-contoh--liverpool-gb").await;
    assert_eq!(status, 200);
    assert!(page.contains("Friendship city"));
    let (_, history) = app
        .page("/en/ties/kabupaten-contoh--liverpool-gb/history")
        .await;
    assert!(history.contains("Reported by the press office of the regency"));
    assert!(history.contains("Indonesian place") && history.contains("Liverpool"));
    assert!(
        history.contains("May 2024"),
        "the start, written as dates are"
    );
    let (_, list) = app.page("/en/places/kabupaten-contoh").await;
    assert!(list.contains("/en/ties/kabupaten-contoh--liverpool-gb"));
    // The same pair again, or a place that does not exist: refused, nothing written.
    let p = ed.post("/en/editorial/ties/new", &tie).await;
    assert_eq!(p.status, 422);
    assert!(
        p.body
            .contains("A tie between these two places is already on record.")
    );
    let mut unknown = tie;
    unknown[1] = ("partner", "Atlantis");
    let p = ed.post("/en/editorial/ties/new", &unknown).await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("No place has this name or slug."));
    assert_eq!(count(&app, "ties"), ties_before + 1);

    // Officials and evaluators have no editorial pages.
    let mut official = signed_in(&app, "own@surabaya.go.id", "official", &["surabaya"]).await;
    assert_eq!(official.get("/en/editorial/places/new").await.status, 403);
    assert_eq!(official.get("/en/editorial").await.status, 403);
}

#[tokio::test]
async fn merging_two_places_moves_their_ties_and_the_old_address_redirects() {
    let app = spawn_app().await;
    let mut ed = signed_in(&app, "penyunting@pantau.id", "editor", &[]).await;
    let foreign = |name: &str, reason: &str| -> Vec<(&'static str, String)> {
        vec![
            ("name", name.into()),
            ("name_en", String::new()),
            ("kind", "city".into()),
            ("country_code", "gb".into()),
            ("province", String::new()),
            ("code", String::new()),
            ("lat", String::new()),
            ("lon", String::new()),
            ("alt_names", String::new()),
            ("ppid_name", String::new()),
            ("ppid_email", String::new()),
            ("ppid_phone", String::new()),
            ("ppid_url", String::new()),
            ("reason", reason.into()),
            ("version", "0".into()),
        ]
    };
    let p = ed
        .post(
            "/en/editorial/places/new",
            &refs(&foreign("City of Liverpool", "Named in a 2019 report")),
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert_eq!(p.location, "/en/places/city-of-liverpool-gb");
    let p = ed
        .post(
            "/en/editorial/ties/new",
            &[
                ("place", "bandung"),
                ("partner", "city-of-liverpool-gb"),
                ("kind", "sister-city"),
                ("started_on", ""),
                ("reason", "Letter of intent reported in 2019"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let (keep, gone) = {
        let mut conn = app.db.connect();
        (
            Place::by_slug(&mut conn, "liverpool-gb").unwrap().unwrap(),
            Place::by_slug(&mut conn, "city-of-liverpool-gb")
                .unwrap()
                .unwrap(),
        )
    };
    let form = ed
        .get(&format!("/en/editorial/places/{}/merge", keep.id))
        .await;
    assert_eq!(form.status, 200);
    let v = hidden(&form.body, "version");
    let p = ed
        .post(
            &format!("/en/editorial/places/{}/merge", keep.id),
            &[
                ("version", &v),
                ("other", "city-of-liverpool-gb"),
                ("reason", "The same city, recorded twice"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert_eq!(p.location, "/en/places/liverpool-gb");
    {
        let mut conn = app.db.connect();
        assert!(
            Place::by_ids(&mut conn, &[gone.id]).unwrap().is_empty(),
            "the merged place is gone"
        );
        let tie = Tie::by_slug(&mut conn, "bandung--city-of-liverpool-gb")
            .unwrap()
            .unwrap();
        assert_eq!(tie.partner_id, keep.id, "the tie moved to the kept place");
    }
    // The old address answers 301 to the kept place, its history too.
    let res = app.get("/en/places/city-of-liverpool-gb").await;
    assert_eq!(res.status().as_u16(), 301);
    assert_eq!(res.headers()["location"], "/en/places/liverpool-gb");
    let res = app.get("/id/places/city-of-liverpool-gb/history").await;
    assert_eq!(res.status().as_u16(), 301);
    assert_eq!(res.headers()["location"], "/id/places/liverpool-gb/history");
    let (_, page) = app.page("/en/places/liverpool-gb").await;
    assert!(
        page.contains("City of Liverpool"),
        "an alternative name now"
    );
    assert!(page.contains("/en/ties/bandung--city-of-liverpool-gb"));
    let (_, history) = app.page("/en/places/liverpool-gb/history").await;
    assert!(history.contains("The same city, recorded twice"));
    assert!(history.contains("merged"));
    let (_, tie_history) = app
        .page("/id/ties/bandung--city-of-liverpool-gb/history")
        .await;
    assert!(tie_history.contains("The same city, recorded twice"));
    assert!(
        tie_history.contains("<del>City of Liverpool</del>"),
        "{tie_history}"
    );
    assert!(
        !tie_history.contains("<dt>partner</dt>"),
        "field labels in the page's language"
    );

    // A merge that would make two ties of one pair is refused, and writes nothing.
    let p = ed
        .post(
            "/en/editorial/places/new",
            &refs(&foreign("Liverpool City Council", "Named in a 2020 report")),
        )
        .await;
    assert_eq!(p.status, 303);
    let p = ed
        .post(
            "/en/editorial/ties/new",
            &[
                ("place", "surabaya"),
                ("partner", "liverpool-city-council-gb"),
                ("kind", "sister-city"),
                ("started_on", ""),
                ("reason", "Reported twice"),
            ],
        )
        .await;
    assert_eq!(p.status, 303);
    let (places_before, revisions_before) = (count(&app, "places"), count(&app, "revisions"));
    let form = ed
        .get(&format!("/en/editorial/places/{}/merge", keep.id))
        .await;
    let v = hidden(&form.body, "version");
    let p = ed
        .post(
            &format!("/en/editorial/places/{}/merge", keep.id),
            &[
                ("version", &v),
                ("other", "liverpool-city-council-gb"),
                ("reason", "Same city"),
            ],
        )
        .await;
    assert_eq!(p.status, 409, "{}", p.body);
    assert!(p.body.contains("Both places have a tie with surabaya."));
    assert_eq!(count(&app, "places"), places_before);
    assert_eq!(count(&app, "revisions"), revisions_before);
}
