//! Account pages (issue 17), as a browser without JavaScript uses them: an admin gives and takes
//! roles and places, disables and enables, and issues a reset link that works once and expires;
//! every account sees and ends its own sessions; a suggestion carries a PDF and its sender's
//! contact is forgotten 90 days after the decision.

use crate::common;

use common::browser::*;
use common::{TestApp, spawn_app};
use diesel::prelude::*;
use pantau::models::session::Session;
use pantau::models::suggestion;
use pantau::models::user::User;
use pantau::schema::{password_resets, suggestions};

async fn signed_in<'a>(app: &'a TestApp, email: &str, role: &str, places: &[&str]) -> Browser<'a> {
    add_user(app, email, role, places);
    let mut b = Browser::new(app);
    b.sign_in(email).await;
    b
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
