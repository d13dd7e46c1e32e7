//! Suggestions from the public: an anonymous reader suggests, follows a private status link, an
//! editor accepts and publishes the change (cited in the history), rejects with a reason or marks
//! spam; the abuse limits refuse without writing; the sender's e-mail never appears in public.

use crate::common;

use common::browser::*;
use common::{TestApp, spawn_app};
use diesel::prelude::*;
use pantau::models::suggestion;
use pantau::schema::{audit_log, suggestions};

/// A form stamp from ten seconds ago (a person who took their time), signed with the site's secret.
fn settled_stamp(app: &TestApp) -> String {
    let mut conn = app.db.connect();
    let secret = suggestion::form_secret(&mut conn).unwrap();
    suggestion::stamp(
        &secret,
        chrono::Utc::now().naive_utc() - chrono::Duration::seconds(10),
    )
}

fn count_suggestions(app: &TestApp) -> i64 {
    let mut conn = app.db.connect();
    suggestions::table.count().get_result(&mut conn).unwrap()
}

/// Open a suggestion form and send it with a settled stamp; `extra` overrides or adds fields.
async fn suggest(b: &mut Browser<'_>, path: &str, extra: &[(&str, &str)]) -> Page {
    let form = b.get(path).await;
    assert_eq!(form.status, 200, "{}", form.body);
    assert_eq!(form.headers["cache-control"], "no-store");
    let stamp = settled_stamp(b.app);
    let mut fields: Vec<(&str, &str)> = vec![
        ("stamp", &stamp),
        ("body", "The MoU was renewed in 2025."),
        ("source_url", "https://www.surabaya.go.id/berita/mou-2025"),
        ("contact_name", ""),
        ("contact_email", ""),
        ("website", ""),
        ("consent", "yes"),
    ];
    for (k, v) in extra {
        if let Some(f) = fields.iter_mut().find(|(n, _)| n == k) {
            f.1 = v;
        } else {
            fields.push((k, v));
        }
    }
    b.post(path, &fields).await
}

async fn editor<'a>(app: &'a TestApp, email: &str) -> Browser<'a> {
    add_user(app, email, "editor", &[]);
    let mut b = Browser::new(app);
    b.sign_in(email).await;
    b
}

fn pending_version(body: &str, id: i32) -> String {
    let at = body
        .find(&format!("id=\"s-{id}\""))
        .expect("the suggestion in the queue");
    hidden(&body[at..], "version")
}

#[tokio::test]
async fn an_anonymous_correction_is_accepted_published_and_cited() {
    let app = spawn_app().await;
    let mut ed = editor(&app, "penyunting@pantau.id").await;
    // A published report on the tie that the suggestion will correct.
    let p = ed
        .post(
            &format!("/en/ties/{TIE}/reports/new"),
            &[
                ("title", "Evaluation 2025"),
                ("body_md", "The budget was 10 million."),
                ("rating_results", "1"),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let report = id_from_edit_location(&p.location);
    let edit = ed.get(&p.location).await;
    let v = hidden(&edit.body, "version");
    let p = ed
        .post(&format!("/en/reports/{report}/publish"), &[("version", &v)])
        .await;
    assert_eq!(p.status, 303);

    // The tie page offers the form, in both languages.
    let (_, page) = app.page(&format!("/en/ties/{TIE}")).await;
    assert!(page.contains("Suggest a correction or add evidence"));
    assert!(page.contains(&format!("/en/ties/{TIE}/suggest")));
    let (_, page) = app.page(&format!("/id/ties/{TIE}")).await;
    assert!(page.contains("Sarankan koreksi atau tambahkan bukti"));

    // An anonymous reader (no account, plain form posts) suggests.
    let mut reader = Browser::new(&app);
    let p = suggest(
        &mut reader,
        &format!("/en/ties/{TIE}/suggest"),
        &[
            ("body", "The evaluation says 12 million, not 10."),
            ("source_url", "https://dprd.surabaya.go.id/risalah-2025"),
        ],
    )
    .await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert!(p.location.starts_with("/en/suggestions/"));
    let status_link = p.location.clone();
    let status = reader.get(&status_link).await;
    assert_eq!(status.status, 200);
    assert_eq!(status.headers["cache-control"], "no-store");
    assert!(status.body.contains("we have received your suggestion"));
    assert!(status.body.contains("Waiting for review"));
    let id: i32 = {
        let mut conn = app.db.connect();
        suggestions::table
            .select(suggestions::id)
            .order(suggestions::id.desc())
            .first(&mut conn)
            .unwrap()
    };
    // A guessed link shows nothing.
    assert_eq!(
        app.page(&format!("/en/suggestions/{}", "a".repeat(64)))
            .await
            .0,
        404
    );

    // The editor's queue shows it with its tie and source; accepting leads to the tie's forms.
    let q = ed.get("/en/moderation").await;
    assert_eq!(q.status, 200);
    assert!(q.body.contains("The evaluation says 12 million, not 10."));
    assert!(q.body.contains("https://dprd.surabaya.go.id/risalah-2025"));
    assert!(q.body.contains("Surabaya"));
    let v = pending_version(&q.body, id);
    let p = ed
        .post(&format!("/en/moderation/{id}/accept"), &[("version", &v)])
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert_eq!(p.location, format!("/en/ties/{TIE}/manage?suggestion={id}"));
    let manage = ed.get(&p.location).await;
    let edit_href = format!("/en/reports/{report}/edit?suggestion={id}");
    assert!(manage.body.contains(&edit_href), "{}", manage.body);
    // The correction's reason is pre-filled with the suggestion and its source.
    let edit = ed.get(&edit_href).await;
    let reason = format!(
        "Based on public suggestion #{id}; source: https://dprd.surabaya.go.id/risalah-2025"
    );
    assert!(edit.body.contains(&reason), "{}", edit.body);
    let v = hidden(&edit.body, "version");
    let p = ed
        .post(
            &format!("/en/reports/{report}/edit"),
            &[
                ("title", "Evaluation 2025"),
                ("body_md", "The budget was 12 million."),
                ("rating_results", "1"),
                ("reason", &reason),
                ("action", "save"),
                ("version", &v),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);

    // The public sees the change, the credit, and the history citing the suggestion.
    let (_, tie) = app.page(&format!("/en/reports/{report}")).await;
    assert!(tie.contains("12 million"));
    let (_, tie) = app.page(&format!("/en/ties/{TIE}")).await;
    assert!(tie.contains("Improved with help from the public: 1 suggestion"));
    let (_, history) = app.page(&format!("/en/ties/{TIE}/history")).await;
    assert!(history.contains(&format!("public suggestion #{id}")));
    assert!(history.contains("https://dprd.surabaya.go.id/risalah-2025"));
    assert!(history.contains("Accepted public suggestions"));
    let (_, history) = app.page(&format!("/id/ties/{TIE}/history")).await;
    assert!(history.contains("Usulan publik yang diterima"));
    // The sender's status page says accepted.
    let status = reader.get(&status_link).await;
    assert!(status.body.contains("Accepted"), "{}", status.body);
    let id_status = reader.get(&status_link.replace("/en/", "/id/")).await;
    assert!(id_status.body.contains("Diterima"));
    // The decision is audited, and the queue is empty again.
    let mut conn = app.db.connect();
    let audited: i64 = audit_log::table
        .filter(audit_log::action.eq("suggestion-accepted"))
        .filter(audit_log::subject.eq(format!("suggestion {id}")))
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(audited, 1);
    let q = ed.get("/en/moderation").await;
    assert!(q.body.contains("No suggestions are waiting."));
}

#[tokio::test]
async fn rejected_with_a_reason_and_spam_stays_hidden() {
    let app = spawn_app().await;
    let mut ed = editor(&app, "penyunting@pantau.id").await;
    let mut reader = Browser::new(&app);
    let p = suggest(
        &mut reader,
        "/id/suggest?place=surabaya",
        &[(
            "body",
            "Surabaya dan Kota Contoh menandatangani LoI pada 2024.",
        )],
    )
    .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let rejected_link = p.location.clone();
    let mut spammer = Browser::new(&app);
    let p = suggest(
        &mut spammer,
        &format!("/en/ties/{TIE}/suggest"),
        &[("body", "CHEAP PILLS unique-spam-marker")],
    )
    .await;
    assert_eq!(p.status, 303);
    let spam_link = p.location.clone();

    let q = ed.get("/en/moderation").await;
    // Oldest first.
    let a = q.body.find("Kota Contoh").unwrap();
    let b = q.body.find("unique-spam-marker").unwrap();
    assert!(a < b);
    let ids: Vec<i32> = {
        let mut conn = app.db.connect();
        suggestions::table
            .select(suggestions::id)
            .order(suggestions::id)
            .load(&mut conn)
            .unwrap()
    };
    let (first, second) = (ids[0], ids[1]);
    // A reason outside the list is refused.
    let v = pending_version(&q.body, first);
    let p = ed
        .post(
            &format!("/en/moderation/{first}/reject"),
            &[("version", &v), ("reason", "because"), ("note", "")],
        )
        .await;
    assert_eq!(p.status, 400);
    let p = ed
        .post(
            &format!("/en/moderation/{first}/reject"),
            &[
                ("version", &v),
                ("reason", "no-source"),
                ("note", "The link does not open."),
            ],
        )
        .await;
    assert_eq!(p.status, 303);
    let v2 = pending_version(&q.body, second);
    let p = ed
        .post(
            &format!("/en/moderation/{second}/spam"),
            &[("version", &v2)],
        )
        .await;
    assert_eq!(p.status, 303);
    // Deciding twice (a stale form) changes nothing.
    let p = ed
        .post(
            &format!("/en/moderation/{second}/accept"),
            &[("version", &v2)],
        )
        .await;
    assert_eq!(p.status, 303);
    let mut conn = app.db.connect();
    let state: String = suggestions::table
        .find(second)
        .select(suggestions::status)
        .first(&mut conn)
        .unwrap();
    assert_eq!(state, "spam");

    let status = reader.get(&rejected_link).await;
    assert!(status.body.contains("Ditolak"));
    assert!(status.body.contains("Sumber tidak dapat diperiksa"));
    assert!(status.body.contains("The link does not open."));
    // Spam appears nowhere public: not on the tie page, its history, feeds, API or the queue.
    for path in [
        format!("/en/ties/{TIE}"),
        format!("/en/ties/{TIE}/history"),
        format!("/en/ties/{TIE}/feed.atom"),
        "/en/feed.atom".to_string(),
        format!("/api/v1/ties/{TIE}"),
        "/data/pantau.jsonl".to_string(),
    ] {
        let (_, body) = app.page(&path).await;
        assert!(!body.contains("unique-spam-marker"), "{path}");
    }
    // Search echoes the query, so look for the rest of the text.
    let (_, body) = app.page("/en/search?q=PILLS").await;
    assert!(!body.contains("CHEAP PILLS"));
    let q = ed.get("/en/moderation").await;
    assert!(!q.body.contains("unique-spam-marker"));
    let status = spammer.get(&spam_link).await;
    assert!(!status.body.contains("Spam"));
    // Kept for the audit.
    let audited: i64 = audit_log::table
        .filter(audit_log::action.eq_any(["suggestion-spam", "suggestion-rejected"]))
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(audited, 2);
}

#[tokio::test]
async fn honeypot_haste_and_a_sixth_suggestion_are_refused_without_writing() {
    let app = spawn_app().await;
    let path = format!("/en/ties/{TIE}/suggest");
    let mut b = Browser::new(&app);
    // The honeypot.
    let p = suggest(&mut b, &path, &[("website", "http://spam.example")]).await;
    assert_eq!(p.status, 400);
    assert!(p.body.contains("the form was filled in automatically"));
    assert!(
        p.body.contains("The MoU was renewed in 2025."),
        "input kept"
    );
    // Too fast: the form's own stamp, sent at once.
    let form = b.get(&path).await;
    let stamp = hidden(&form.body, "stamp");
    let p = b
        .post(
            &path,
            &[
                ("stamp", &stamp),
                ("body", "quick"),
                ("source_url", "https://example.org/x"),
                ("consent", "yes"),
            ],
        )
        .await;
    assert_eq!(p.status, 400);
    assert!(p.body.contains("sent too soon"));
    // A forged stamp.
    let p = b
        .post(
            &path,
            &[
                ("stamp", "1000.abc"),
                ("body", "forged"),
                ("source_url", "https://example.org/x"),
                ("consent", "yes"),
            ],
        )
        .await;
    assert_eq!(p.status, 400);
    // Without CSRF cookie and token: refused.
    let p = Browser::new(&app)
        .post_with(&path, &[("body", "x")], false)
        .await;
    assert_eq!(p.status, 403);
    assert_eq!(count_suggestions(&app), 0);
    // Missing source and consent: told which field, nothing written.
    let p = suggest(&mut b, &path, &[("source_url", ""), ("consent", "")]).await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("Give a source address or attach a PDF."));
    assert!(p.body.contains("Tick this box to send the suggestion."));
    assert_eq!(count_suggestions(&app), 0);

    // Five from one address in an hour are taken; the sixth gets a 429 in the page's language.
    for n in 0..5 {
        let p = suggest(&mut b, &path, &[]).await;
        assert_eq!(p.status, 303, "suggestion {n}: {}", p.body);
    }
    let p = suggest(&mut b, "/id/suggest", &[("body", "keenam")]).await;
    assert_eq!(p.status, 429);
    assert!(p.body.contains("Sudah ada lima usulan dari alamat Anda"));
    assert!(p.body.contains("keenam"), "input kept");
    assert_eq!(count_suggestions(&app), 5);
    // The limit lives in the database: a second process sees it too.
    let other = common::spawn_app_on(app.db.clone()).await;
    let mut b2 = Browser::new(&other);
    let p = suggest(&mut b2, &path, &[]).await;
    assert_eq!(p.status, 429);
    assert_eq!(count_suggestions(&app), 5);
}

#[tokio::test]
async fn the_senders_email_never_appears_in_public() {
    let app = spawn_app().await;
    let mut ed = editor(&app, "penyunting@pantau.id").await;
    let email = "pelapor.rahasia@contoh.id";
    let name = "Nama Pelapor Rahasia";
    let mut reader = Browser::new(&app);
    let p = suggest(
        &mut reader,
        &format!("/en/ties/{TIE}/suggest"),
        &[("contact_email", email), ("contact_name", name)],
    )
    .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let link = p.location.clone();
    // The editor sees it for follow-up.
    let q = ed.get("/en/moderation").await;
    assert!(q.body.contains(email));
    let id: i32 = {
        let mut conn = app.db.connect();
        suggestions::table
            .select(suggestions::id)
            .first(&mut conn)
            .unwrap()
    };
    let v = pending_version(&q.body, id);
    ed.post(&format!("/en/moderation/{id}/accept"), &[("version", &v)])
        .await;
    let status = reader.get(&link).await;
    assert!(status.body.contains("Accepted"));
    for path in [
        link.clone(),
        format!("/en/ties/{TIE}"),
        format!("/id/ties/{TIE}"),
        format!("/en/ties/{TIE}/history"),
        format!("/en/ties/{TIE}/feed.atom"),
        "/en/feed.atom".to_string(),
        "/en/places/surabaya".to_string(),
        "/en/places/surabaya/feed.atom".to_string(),
        format!("/api/v1/ties/{TIE}"),
        "/api/v1/ties".to_string(),
        "/en/ties.csv".to_string(),
        "/en/ties.json".to_string(),
        "/data/pantau.jsonl".to_string(),
        "/en/".to_string(),
    ] {
        let body = reader.get(&path).await.body;
        assert!(!body.contains(email), "{path}");
        assert!(!body.contains(name), "{path}");
    }
}

#[tokio::test]
async fn only_editors_and_admins_moderate() {
    let app = spawn_app().await;
    add_user(&app, "own@surabaya.go.id", "official", &["surabaya"]);
    let mut reader = Browser::new(&app);
    let p = suggest(
        &mut reader,
        &format!("/en/ties/{TIE}/suggest"),
        &[("body", "official-should-see-this")],
    )
    .await;
    assert_eq!(p.status, 303);
    let mut official = Browser::new(&app);
    official.sign_in("own@surabaya.go.id").await;
    assert_eq!(official.get("/en/moderation").await.status, 403);
    // The official's dashboard lists the pending suggestion about their place.
    let d = official.get("/en/dashboard").await;
    assert!(d.body.contains("official-should-see-this"));
    assert!(
        d.body
            .contains("Suggestions from the public about your places")
    );
    let anon = app.get("/en/moderation").await;
    assert_eq!(anon.status().as_u16(), 303);
    add_user(&app, "admin@pantau.id", "admin", &[]);
    let mut admin = Browser::new(&app);
    admin.sign_in("admin@pantau.id").await;
    let q = admin.get("/id/moderation").await;
    assert_eq!(q.status, 200);
    assert!(q.body.contains("Antrean moderasi"));
    assert!(q.body.contains("official-should-see-this"));
}

#[tokio::test]
async fn an_account_changes_its_own_password_with_the_current_one() {
    let app = spawn_app().await;
    add_user(&app, "own@surabaya.go.id", "official", &["surabaya"]);
    let mut b = Browser::new(&app);
    b.sign_in("own@surabaya.go.id").await;
    let mut elsewhere = Browser::new(&app);
    elsewhere.sign_in("own@surabaya.go.id").await;
    let form = b.get("/id/account/password").await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains("Kata sandi saat ini"));
    let new = "layang-layang putus di sawah";
    // The wrong current password, or two different new ones: refused, nothing changes.
    let p = b
        .post(
            "/en/account/password",
            &[
                ("current", "not my password at all"),
                ("new", new),
                ("again", new),
            ],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("The current password does not match."));
    let p = b
        .post(
            "/en/account/password",
            &[
                ("current", PASSWORD),
                ("new", new),
                ("again", "something else"),
            ],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("The two new passwords differ."));
    let p = b
        .post(
            "/en/account/password",
            &[("current", PASSWORD), ("new", "short"), ("again", "short")],
        )
        .await;
    assert_eq!(p.status, 422);
    let p = b
        .post(
            "/en/account/password",
            &[("current", PASSWORD), ("new", new), ("again", new)],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    // This session goes on; the other one ended; the old password no longer signs in.
    assert_eq!(b.get("/en/dashboard").await.status, 200);
    assert_eq!(elsewhere.get("/en/dashboard").await.status, 303);
    let p = Browser::new(&app)
        .sign_in_with("own@surabaya.go.id", PASSWORD)
        .await;
    assert_eq!(p.status, 401);
    let p = Browser::new(&app)
        .sign_in_with("own@surabaya.go.id", new)
        .await;
    assert_eq!(p.status, 303);
}
