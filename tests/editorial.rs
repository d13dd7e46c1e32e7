//! Editorial and account pages (issue 17), through the pages as a browser without JavaScript
//! uses them: editors add a place and a tie, edit a place and merge two (the old address answers
//! 301); an admin gives and takes roles and places, disables and enables, and issues a reset link
//! that works once and expires; every account ends its own sessions; a suggestion carries a PDF
//! and its sender's contact is forgotten 90 days after the decision.

mod common;

use common::browser::*;
use common::{TestApp, spawn_app};
use diesel::prelude::*;
use pantau::models::place::Place;
use pantau::models::session::Session;
use pantau::models::suggestion;
use pantau::models::tie::Tie;
use pantau::models::user::User;
use pantau::schema::{password_resets, places, revisions, suggestions, ties};

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

/// The reset link the admin's account page shows once after it was made.
async fn issue_link(admin: &mut Browser<'_>, user: i32) -> String {
    let p = admin
        .post(&format!("/en/admin/users/{user}/reset-link"), &[])
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let page = admin.get(&p.location).await;
    assert!(page.body.contains("Pass this link on"));
    let at = page
        .body
        .find("id=\"reset-link\">")
        .expect("the link shown")
        + 16;
    let link = &page.body[at..at + page.body[at..].find('<').unwrap()];
    // Shown once: the next visit no longer has it.
    let again = admin.get(&p.location).await;
    assert!(!again.body.contains("id=\"reset-link\""));
    link.split_once("/en/")
        .map(|(_, path)| format!("/en/{path}"))
        .unwrap()
}

#[tokio::test]
async fn an_admin_reset_link_works_once_and_expires() {
    let app = spawn_app().await;
    let mut admin = signed_in(&app, "admin@pantau.id", "admin", &[]).await;
    let official = add_user(&app, "own@surabaya.go.id", "official", &["surabaya"]);
    let mut holder = Browser::new(&app);
    holder.sign_in("own@surabaya.go.id").await;
    let link = issue_link(&mut admin, official).await;
    assert!(link.starts_with("/en/reset/"));
    {
        let mut conn = app.db.connect();
        let stored: Vec<String> = password_resets::table
            .select(password_resets::token_hash)
            .load(&mut conn)
            .unwrap();
        assert!(
            !stored.iter().any(|h| link.contains(h.as_str())),
            "stored hashed"
        );
    }

    let mut anon = Browser::new(&app);
    // Someone else who opened the link before it was used.
    let mut late = Browser::new(&app);
    assert_eq!(late.get(&link).await.status, 200);
    let form = anon.get(&link).await;
    assert_eq!(form.status, 200);
    assert_eq!(form.headers["cache-control"], "no-store");
    assert_eq!(form.headers["referrer-policy"], "no-referrer");
    assert!(form.body.contains("own@surabaya.go.id"));
    let new = "gunung kidul di musim kemarau";
    let p = anon
        .post(&link, &[("new", new), ("again", "something else entirely")])
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("The two new passwords differ."));
    let p = anon
        .post(&link, &[("new", "short"), ("again", "short")])
        .await;
    assert_eq!(p.status, 422);
    let p = anon.post(&link, &[("new", new), ("again", new)]).await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert_eq!(p.location, "/en/sign-in");
    // The account's sessions ended; the new password signs in, the old one no longer does.
    assert_eq!(holder.get("/en/dashboard").await.status, 303);
    assert_eq!(
        Browser::new(&app)
            .sign_in_with("own@surabaya.go.id", PASSWORD)
            .await
            .status,
        401
    );
    assert_eq!(
        Browser::new(&app)
            .sign_in_with("own@surabaya.go.id", new)
            .await
            .status,
        303
    );
    // Once only.
    let again = anon.get(&link).await;
    assert_eq!(again.status, 410);
    assert!(
        again
            .body
            .contains("This link has expired or was already used.")
    );
    let p = late
        .post(&link, &[("new", PASSWORD), ("again", PASSWORD)])
        .await;
    assert_eq!(p.status, 410);
    assert_eq!(
        Browser::new(&app)
            .sign_in_with("own@surabaya.go.id", PASSWORD)
            .await
            .status,
        401
    );

    // A newer link replaces an unused older one; a link past its 24 hours does nothing.
    let older = issue_link(&mut admin, official).await;
    let link = issue_link(&mut admin, official).await;
    assert_eq!(anon.get(&older).await.status, 410);
    assert_eq!(anon.get(&link).await.status, 200);
    {
        let mut conn = app.db.connect();
        diesel::update(password_resets::table.filter(password_resets::used_at.is_null()))
            .set(
                password_resets::expires_at
                    .eq(chrono::Utc::now().naive_utc() - chrono::Duration::minutes(1)),
            )
            .execute(&mut conn)
            .unwrap();
    }
    assert_eq!(anon.get(&link).await.status, 410);
    let p = anon
        .post(&link, &[("new", PASSWORD), ("again", PASSWORD)])
        .await;
    assert_eq!(p.status, 410);
    assert_eq!(
        Browser::new(&app)
            .sign_in_with("own@surabaya.go.id", new)
            .await
            .status,
        303
    );
    // Audited: issued three times, used once.
    let mut conn = app.db.connect();
    let actions: Vec<String> = pantau::schema::audit_log::table
        .select(pantau::schema::audit_log::action)
        .load(&mut conn)
        .unwrap();
    assert_eq!(
        actions
            .iter()
            .filter(|a| *a == "password-reset-link")
            .count(),
        3
    );
    assert_eq!(actions.iter().filter(|a| *a == "password-reset").count(), 1);
}

#[tokio::test]
async fn an_admin_gives_and_takes_roles_and_places_and_disables() {
    let app = spawn_app().await;
    let mut admin = signed_in(&app, "admin@pantau.id", "admin", &[]).await;
    let id = add_user(&app, "dosen@unair.ac.id", "evaluator", &[]);
    let mut holder = Browser::new(&app);
    holder.sign_in("dosen@unair.ac.id").await;
    let page = admin.get(&format!("/id/admin/users/{id}")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Peran dan daerah"));
    let v = hidden(&page.body, "version");
    // An official needs a place; an unknown slug is named.
    let p = admin
        .post(
            &format!("/en/admin/users/{id}/access"),
            &[("version", &v), ("role", "official"), ("places", "")],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("An official needs at least one place."));
    let p = admin
        .post(
            &format!("/en/admin/users/{id}/access"),
            &[
                ("version", &v),
                ("role", "official"),
                ("places", "bandung, atlantis"),
            ],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("atlantis"));
    let p = admin
        .post(
            &format!("/en/admin/users/{id}/access"),
            &[
                ("version", &v),
                ("role", "official"),
                ("places", "bandung, surabaya"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    {
        let mut conn = app.db.connect();
        let u = User::by_id(&mut conn, id).unwrap().unwrap();
        assert_eq!(u.role, "official");
        assert_eq!(User::place_ids(&mut conn, id).unwrap().len(), 2);
    }
    // The holder's next request already has the new rights.
    assert_eq!(
        holder.get(&format!("/en/ties/{TIE}/manage")).await.status,
        200
    );
    // The old version again: 409, nothing changed.
    let p = admin
        .post(
            &format!("/en/admin/users/{id}/access"),
            &[("version", &v), ("role", "editor"), ("places", "")],
        )
        .await;
    assert_eq!(p.status, 409);
    let page = admin.get(&format!("/en/admin/users/{id}")).await;
    let v = hidden(&page.body, "version");
    let p = admin
        .post(
            &format!("/en/admin/users/{id}/access"),
            &[("version", &v), ("role", "editor"), ("places", "bandung")],
        )
        .await;
    assert_eq!(p.status, 303);
    {
        let mut conn = app.db.connect();
        assert_eq!(User::by_id(&mut conn, id).unwrap().unwrap().role, "editor");
        assert!(
            User::place_ids(&mut conn, id).unwrap().is_empty(),
            "editors hold no places"
        );
    }
    assert_eq!(holder.get("/en/moderation").await.status, 200);
    // An admin cannot take their own admin role.
    let me = {
        let mut conn = app.db.connect();
        User::by_email(&mut conn, "admin@pantau.id")
            .unwrap()
            .unwrap()
    };
    let p = admin
        .post(
            &format!("/en/admin/users/{}/access", me.id),
            &[
                ("version", &me.version.to_string()),
                ("role", "editor"),
                ("places", ""),
            ],
        )
        .await;
    assert_eq!(p.status, 422);
    // Disabling ends the sessions at once; enabling lets the account sign in again.
    let p = admin
        .post(&format!("/en/admin/users/{id}/disable"), &[])
        .await;
    assert_eq!(p.status, 303);
    assert_eq!(holder.get("/en/dashboard").await.status, 303);
    let page = admin.get(&format!("/en/admin/users/{id}")).await;
    assert!(page.body.contains("Enable the account"));
    assert_eq!(
        Browser::new(&app)
            .sign_in_with("dosen@unair.ac.id", PASSWORD)
            .await
            .status,
        401
    );
    let p = admin
        .post(&format!("/en/admin/users/{id}/enable"), &[])
        .await;
    assert_eq!(p.status, 303);
    assert_eq!(
        Browser::new(&app)
            .sign_in_with("dosen@unair.ac.id", PASSWORD)
            .await
            .status,
        303
    );
}

#[tokio::test]
async fn every_account_sees_and_ends_its_own_sessions() {
    let app = spawn_app().await;
    let mut a = signed_in(&app, "own@surabaya.go.id", "official", &["surabaya"]).await;
    let mut b = Browser::new(&app);
    b.sign_in("own@surabaya.go.id").await;
    // The third signs in from a browser that names itself: the list shows it.
    let mut c = Browser::new(&app);
    c.get("/en/sign-in").await;
    let body = format!(
        "email=own%40surabaya.go.id&password={}&next=&csrf={}",
        urlencode(PASSWORD),
        c.csrf
    );
    let res = c
        .form_request("/en/sign-in", body)
        .header("user-agent", "Peramban-Uji/1.0 (Ponsel Android)")
        .send()
        .await
        .unwrap();
    assert_eq!(c.finish(res).await.status, 303);
    assert_eq!(c.get("/en/dashboard").await.status, 200);
    // Someone else's session is never listed.
    let _other = signed_in(&app, "dosen@unair.ac.id", "evaluator", &[]).await;
    let page = a.get("/id/account/sessions").await;
    assert_eq!(page.status, 200);
    assert_eq!(page.headers["cache-control"], "no-store");
    assert!(page.body.contains("Sesi Anda"));
    assert!(page.body.contains("perangkat ini"));
    assert!(page.body.contains("Peramban-Uji/1.0 (Ponsel Android)"));
    assert!(page.body.contains("Peramban tidak dikenal"));
    assert_eq!(page.body.matches("name=\"session\"").count(), 2);
    let handle = hidden(&page.body, "session");
    assert_eq!(handle.len(), 16);
    let p = a
        .post("/en/account/sessions/end", &[("session", &handle)])
        .await;
    assert_eq!(p.status, 303);
    let ended = [
        b.get("/en/dashboard").await.status,
        c.get("/en/dashboard").await.status,
    ];
    assert!(ended.contains(&303) && ended.contains(&200), "{ended:?}");
    // Another account cannot end a session by its handle.
    let page = a.get("/en/account/sessions").await;
    let left = hidden(&page.body, "session");
    let mut other = Browser::new(&app);
    other.sign_in("dosen@unair.ac.id").await;
    let p = other
        .post("/en/account/sessions/end", &[("session", &left)])
        .await;
    assert_eq!(p.status, 404);
    let p = a.post("/en/account/sessions/end-others", &[]).await;
    assert_eq!(p.status, 303);
    assert_eq!(b.get("/en/dashboard").await.status, 303);
    assert_eq!(c.get("/en/dashboard").await.status, 303);
    assert_eq!(a.get("/en/dashboard").await.status, 200);
    let mut conn = app.db.connect();
    let uid = User::by_email(&mut conn, "own@surabaya.go.id")
        .unwrap()
        .unwrap()
        .id;
    assert_eq!(Session::count_for_user(&mut conn, uid).unwrap(), 1);
}

/// A form stamp from ten seconds ago, signed with the site's secret.
fn settled_stamp(app: &TestApp) -> String {
    let mut conn = app.db.connect();
    let secret = suggestion::form_secret(&mut conn).unwrap();
    suggestion::stamp(
        &secret,
        chrono::Utc::now().naive_utc() - chrono::Duration::seconds(10),
    )
}

#[tokio::test]
async fn a_suggestion_carries_a_pdf_and_its_contact_is_forgotten_after_90_days() {
    let app = spawn_app().await;
    let mut ed = signed_in(&app, "penyunting@pantau.id", "editor", &[]).await;
    let mut reader = Browser::new(&app);
    let path = format!("/en/ties/{TIE}/suggest");
    let form = reader.get(&path).await;
    assert!(form.body.contains("deleted 90 days after the decision"));
    let stamp = settled_stamp(&app);
    let pdf = b"%PDF-1.4\n% risalah rapat DPRD 2025\n%%EOF\n";
    let p = reader
        .post_multipart(
            &path,
            &[
                ("stamp", &stamp),
                ("body", "The minutes say the MoU was renewed."),
                ("source_url", ""),
                ("contact_name", "Pelapor"),
                ("contact_email", "pelapor@contoh.id"),
                ("website", ""),
                ("consent", "yes"),
            ],
            pdf,
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let q = ed.get("/en/moderation").await;
    let id: i32 = {
        let mut conn = app.db.connect();
        suggestions::table
            .select(suggestions::id)
            .first(&mut conn)
            .unwrap()
    };
    let doc = format!("/en/moderation/{id}/document");
    assert!(q.body.contains(&doc));
    let res = ed.get(&doc).await;
    assert_eq!(res.status, 200);
    assert_eq!(res.body.as_bytes(), pdf);
    // Not for the public.
    assert_ne!(Browser::new(&app).get(&doc).await.status, 200);
    // A PDF that is not one is refused at its field, nothing written.
    let form = reader.get(&path).await;
    assert_eq!(form.status, 200);
    let p = reader
        .post_multipart(
            &path,
            &[
                ("stamp", &settled_stamp(&app)),
                ("body", "Another"),
                ("source_url", ""),
                ("contact_name", ""),
                ("contact_email", ""),
                ("website", ""),
                ("consent", "yes"),
            ],
            b"MZ not a pdf",
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("The file is not a PDF."));

    // Decided, then 91 days pass: the next decision (or start) deletes the contact.
    let v = {
        let at = q.body.find(&format!("id=\"s-{id}\"")).unwrap();
        hidden(&q.body[at..], "version")
    };
    let p = ed
        .post(
            &format!("/en/moderation/{id}/reject"),
            &[
                ("version", &v),
                ("reason", "already-recorded"),
                ("note", ""),
            ],
        )
        .await;
    assert_eq!(p.status, 303);
    let contact = |app: &TestApp| -> (Option<String>, Option<String>, Option<String>) {
        let mut conn = app.db.connect();
        suggestions::table
            .find(id)
            .select((
                suggestions::contact_name,
                suggestions::contact_email,
                suggestions::ip,
            ))
            .first(&mut conn)
            .unwrap()
    };
    assert_eq!(contact(&app).1.as_deref(), Some("pelapor@contoh.id"));
    {
        let mut conn = app.db.connect();
        diesel::update(suggestions::table.find(id))
            .set(suggestions::decided_at.eq(Some(
                chrono::Utc::now().naive_utc() - chrono::Duration::days(91),
            )))
            .execute(&mut conn)
            .unwrap();
        // Another sender's suggestion, decided through the queue.
        let new = suggestion::NewSuggestion {
            tie_id: None,
            place_id: None,
            body: "Kabupaten Contoh and Liverpool signed an LoI".into(),
            source_url: Some("https://example.org/loi".into()),
            document: None,
            contact_name: Some("Someone".into()),
            contact_email: None,
            lang: "en",
        };
        suggestion::submit(&mut conn, &new, None, &pantau::auth::random_token())
            .unwrap()
            .unwrap();
    }
    let q = ed.get("/en/moderation").await;
    let other: i32 = {
        let mut conn = app.db.connect();
        suggestions::table
            .select(diesel::dsl::max(suggestions::id))
            .first::<Option<i32>>(&mut conn)
            .unwrap()
            .unwrap()
    };
    let at = q.body.find(&format!("id=\"s-{other}\"")).unwrap();
    let v = hidden(&q.body[at..], "version");
    // Accepting a tie we do not have leads to the tie form, its reason citing the suggestion.
    let p = ed
        .post(
            &format!("/en/moderation/{other}/accept"),
            &[("version", &v)],
        )
        .await;
    assert_eq!(p.status, 303);
    assert_eq!(
        p.location,
        format!("/en/editorial/ties/new?suggestion={other}")
    );
    let form = ed.get(&p.location).await;
    assert!(form.body.contains(&format!(
        "Based on public suggestion #{other}; source: https://example.org/loi"
    )));
    assert_eq!(contact(&app), (None, None, None));
}
