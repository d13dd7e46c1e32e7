//! Officials and evaluators publish: sign-in and sessions, CSRF, who may write what, drafts,
//! documents, preview, conflicts, corrections with history, the dashboard and the audit log.

use crate::common;

use common::browser::*;
use common::spawn_app;
use pantau::models::session::Session;
use pantau::models::user::User;

fn roadmap_fields<'a>(title: &'a str, body: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("title", title),
        ("period_start", "2026-01-01"),
        ("period_end", "2027-12-31"),
        ("body_md", body),
        ("budget_amount", ""),
        ("budget_currency", ""),
        ("action", "save"),
    ]
}

#[tokio::test]
async fn official_records_an_agreement_with_a_pdf_and_publishes_it() {
    let app = spawn_app().await;
    add_user(&app, "pejabat@surabaya.go.id", "official", &["surabaya"]);
    let mut b = Browser::new(&app);
    b.sign_in("pejabat@surabaya.go.id").await;

    let form = b.get(&format!("/en/ties/{TIE}/agreements/new")).await;
    assert_eq!(form.status, 200);
    assert_eq!(form.headers["cache-control"], "no-store");
    assert!(form.body.contains("enctype=\"multipart/form-data\""));

    // Not a PDF: refused next to the field, input kept.
    let p = b
        .post_multipart(
            &format!("/en/ties/{TIE}/agreements/new"),
            &[
                ("kind", "mou"),
                ("signed_on", "2024-03"),
                ("signatories", "Eri Cahyadi"),
            ],
            b"GIF89a not a pdf",
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("The file is not a PDF."));
    assert!(p.body.contains("value=\"Eri Cahyadi\""), "input kept");

    // Bad dates: messages in the page's language next to the fields.
    let p = b
        .post_multipart(
            &format!("/en/ties/{TIE}/agreements/new"),
            &[
                ("kind", "mou"),
                ("signed_on", "2024/13"),
                ("expires_on", "2029-02-30"),
            ],
            b"%PDF-1.4\n%test\n",
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(
        p.body
            .contains("Write a date as precise as the document, for example 2024, March 2024")
    );
    assert!(p.body.contains("Write a full date, for example 15-03-2024"));

    let pdf = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";
    let p = b
        .post_multipart(
            &format!("/en/ties/{TIE}/agreements/new"),
            &[
                ("kind", "mou"),
                ("title", "MoU Surabaya–Liverpool"),
                ("signed_on", "2024-03"),
                ("in_force_from", "2024-03-15"),
                ("expires_on", "2029-03-14"),
                ("signatories", "Eri Cahyadi; Mayor of Liverpool"),
                ("link", ""),
                ("note", ""),
            ],
            pdf,
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let id = id_from_edit_location(&p.location);
    let sha = pantau::auth::sha256_hex(pdf);

    // A draft: not on the public page, its document 404 to the public.
    let anon = Browser::new(&app).get(&format!("/en/ties/{TIE}")).await;
    assert!(!anon.body.contains(&sha));
    let doc = app.get(&format!("/en/agreements/{id}/document")).await;
    assert_eq!(doc.status().as_u16(), 404);
    // The official sees the draft and its document.
    let edit = b.get(&p.location).await;
    assert!(edit.body.contains("Saved."), "flash after the redirect");
    assert!(edit.body.contains(&sha));
    let res = app
        .client
        .get(format!("{}/en/agreements/{id}/document", app.address))
        .header("cookie", b.cookie_header())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);

    let version = hidden(&edit.body, "version");
    let p = b
        .post(
            &format!("/en/agreements/{id}/publish"),
            &[("version", &version)],
        )
        .await;
    assert_eq!(p.status, 303);
    let public = app.page(&format!("/en/ties/{TIE}")).await.1;
    assert!(public.contains(&sha), "SHA-256 shown once published");
    let res = app.get(&format!("/en/agreements/{id}/document")).await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert_eq!(
        res.headers()["content-disposition"],
        "inline; filename=\"mou-surabaya.pdf\"; filename*=UTF-8''mou-surabaya.pdf"
    );
    assert_eq!(res.bytes().await.unwrap().as_ref(), pdf);
}

/// The `<tr>` of the agreements table that holds `text`.
fn table_row<'a>(body: &'a str, text: &str) -> &'a str {
    let at = body
        .find(text)
        .unwrap_or_else(|| panic!("{text} on the page"));
    let start = body[..at].rfind("<tr").unwrap();
    let end = at + body[at..].find("</tr>").unwrap();
    &body[start..end]
}

#[tokio::test]
async fn the_agreement_card_shows_its_title_and_opens_its_document() {
    let app = spawn_app().await;
    add_user(&app, "pejabat@surabaya.go.id", "official", &["surabaya"]);
    let mut b = Browser::new(&app);
    b.sign_in("pejabat@surabaya.go.id").await;
    let pdf = b"%PDF-1.4\n1 0 obj << /Title (MoU) >> endobj\ntrailer << >>\n%%EOF\n";
    // An open-ended term and an end date contradict each other: refused, input kept.
    let p = b
        .post_multipart(
            &format!("/en/ties/{TIE}/agreements/new"),
            &[
                ("kind", "mou"),
                ("title", "Nota Kesepahaman Surabaya–Liverpool"),
                ("signed_on", "2024-03-15"),
                ("expires_on", "2029-03-14"),
                ("open_ended", "yes"),
            ],
            pdf,
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(
        p.body
            .contains("An open-ended term cannot have an end date")
    );
    let p = b
        .post_multipart(
            &format!("/en/ties/{TIE}/agreements/new"),
            &[
                ("kind", "mou"),
                ("title", "Nota Kesepahaman Surabaya–Liverpool"),
                ("signed_on", "2024-03-15"),
                ("in_force_from", ""),
                ("expires_on", ""),
                ("open_ended", "yes"),
                ("signatories", "Eri Cahyadi"),
                ("link", ""),
                ("note", ""),
            ],
            pdf,
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let id = id_from_edit_location(&p.location);
    let edit = b.get(&p.location).await;
    assert!(
        edit.body.contains("value=\"yes\" checked"),
        "the box stays ticked"
    );
    let version = hidden(&edit.body, "version");
    let p = b
        .post(
            &format!("/en/agreements/{id}/publish"),
            &[("version", &version)],
        )
        .await;
    assert_eq!(p.status, 303);

    let sha = pantau::auth::sha256_hex(pdf);
    for (lang, missing, open, size) in [
        ("en", "Text not published", "Open the document", "PDF, 63 B"),
        (
            "id",
            "Naskah belum dipublikasikan",
            "Buka dokumen",
            "PDF, 63 B",
        ),
    ] {
        let (_, body) = app.page(&format!("/{lang}/ties/{TIE}")).await;
        let row = table_row(&body, "Nota Kesepahaman Surabaya–Liverpool");
        assert!(
            row.contains("class=\"agreement-title\""),
            "the title on the card"
        );
        let href = format!("href=\"/{lang}/agreements/{id}/document\"");
        assert!(
            row.contains(&href),
            "{lang}: a link to open the document: {row}"
        );
        assert!(row.contains(open) && row.contains(size), "{lang}: {row}");
        assert!(row.contains(&sha), "{lang}: its SHA-256");
        assert!(
            !row.contains(missing),
            "{lang}: never 'text not published' beside a document"
        );
        // Open-ended from its text: in force.
        assert!(body.contains("class=\"badge as-in-force\""), "{lang}");
    }
    let (_, body) = app.page(&format!("/en/ties/{TIE}")).await;
    assert!(body.contains("MoU signed 15 March 2024, open-ended term recorded from its text"));
    assert!(body.contains("open-ended (per its text)"));
    // The link serves the same bytes: the same SHA-256.
    let res = app.get(&format!("/en/agreements/{id}/document")).await;
    assert_eq!(res.status().as_u16(), 200);
    let bytes = res.bytes().await.unwrap();
    assert_eq!(pantau::auth::sha256_hex(&bytes), sha);
    // The API carries the title, the term and where the document opens.
    let (_, api) = app.page(&format!("/api/v1/ties/{TIE}")).await;
    let doc: serde_json::Value = serde_json::from_str(&api).unwrap();
    let a = doc["agreements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Nota Kesepahaman Surabaya–Liverpool")
        .expect("the agreement in the API");
    assert_eq!(a["open_ended"], true);
    assert_eq!(a["document_sha256"], sha.as_str());
    assert_eq!(a["document_size"], pdf.len());
    assert_eq!(
        a["document_url"],
        format!("/en/agreements/{id}/document").as_str()
    );
}

#[tokio::test]
async fn roles_and_places_decide_who_may_write() {
    let app = spawn_app().await;
    add_user(&app, "admin@pantau.id", "admin", &[]);
    add_user(&app, "own@surabaya.go.id", "official", &["surabaya"]);
    add_user(&app, "other@bandung.go.id", "official", &["bandung"]);
    add_user(&app, "dosen@unair.ac.id", "evaluator", &[]);

    // Anonymous: GET goes to sign-in, POST is refused.
    let anon = app.get(&format!("/en/ties/{TIE}/roadmaps/new")).await;
    assert_eq!(anon.status().as_u16(), 303);
    assert!(
        anon.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/en/sign-in?next=")
    );
    let res = app
        .client
        .post(format!("{}/en/ties/{TIE}/roadmaps/new", app.address))
        .header("origin", &app.address)
        .body("title=x")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 403);

    let kinds = ["agreements", "steps", "roadmaps", "activities", "reports"];
    // (email, allowed kinds)
    let matrix: [(&str, &[&str]); 4] = [
        ("admin@pantau.id", &kinds),
        ("own@surabaya.go.id", &kinds),
        ("other@bandung.go.id", &[]),
        ("dosen@unair.ac.id", &["reports"]),
    ];
    let mut roadmap_of_own = 0;
    for (email, allowed) in matrix {
        let mut b = Browser::new(&app);
        b.sign_in(email).await;
        for kind in kinds {
            let page = b.get(&format!("/en/ties/{TIE}/{kind}/new")).await;
            let expect = if allowed.contains(&kind) { 200 } else { 403 };
            assert_eq!(page.status, expect, "{email} GET {kind}/new");
        }
        // Writing: a roadmap.
        let p = b
            .post(
                &format!("/en/ties/{TIE}/roadmaps/new"),
                &roadmap_fields("Plan", "Body"),
            )
            .await;
        let expect = if allowed.contains(&"roadmaps") {
            303
        } else {
            403
        };
        assert_eq!(p.status, expect, "{email} POST roadmaps/new");
        if email.starts_with("own@") {
            roadmap_of_own = id_from_edit_location(&p.location);
        }
    }

    // Another place's official: a draft is not even there (404); the evaluator too.
    for email in ["other@bandung.go.id", "dosen@unair.ac.id"] {
        let mut b = Browser::new(&app);
        b.sign_in(email).await;
        let p = b.get(&format!("/en/roadmaps/{roadmap_of_own}/edit")).await;
        assert_eq!(p.status, 404, "{email} sees no draft");
        let p = b
            .post(
                &format!("/en/roadmaps/{roadmap_of_own}/publish"),
                &[("version", "1")],
            )
            .await;
        assert_eq!(p.status, 404, "{email} cannot publish a draft");
    }
    // Once published it is visible, but still not theirs to edit (403).
    let mut own = Browser::new(&app);
    own.sign_in("own@surabaya.go.id").await;
    let p = own
        .post(
            &format!("/en/roadmaps/{roadmap_of_own}/publish"),
            &[("version", "1")],
        )
        .await;
    assert_eq!(p.status, 303);
    let mut other = Browser::new(&app);
    other.sign_in("other@bandung.go.id").await;
    let p = other
        .get(&format!("/en/roadmaps/{roadmap_of_own}/edit"))
        .await;
    assert_eq!(p.status, 403);
    let mut fields = roadmap_fields("Hijacked", "x");
    fields.push(("version", "2"));
    fields.push(("reason", "because"));
    let p = other
        .post(&format!("/en/roadmaps/{roadmap_of_own}/edit"), &fields)
        .await;
    assert_eq!(p.status, 403);
    let p = other
        .get(&format!("/en/roadmaps/{roadmap_of_own}/milestones/new"))
        .await;
    assert_eq!(p.status, 403);

    // Ids inside a form are ignored: a tie_id or author in the body changes nothing.
    let mut ev = Browser::new(&app);
    ev.sign_in("dosen@unair.ac.id").await;
    let p = ev
        .post(
            &format!("/en/ties/{TIE}/reports/new"),
            &[
                ("title", "Independent view"),
                ("body_md", "Text"),
                ("tie_id", "1"),
                ("author_id", "1"),
                ("independent", "false"),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(p.status, 303);
    let rid = id_from_edit_location(&p.location);
    let mut conn = app.db.connect();
    let rec = pantau::publishing::load(&mut conn, pantau::publishing::Kind::Report, rid)
        .unwrap()
        .unwrap();
    assert_eq!(rec.tie.slug, TIE);
    assert!(
        rec.independent,
        "an evaluator's report is always independent"
    );
    assert_ne!(rec.author_id, Some(1));
    // The official of the place cannot edit the evaluator's independent report.
    let p = own.get(&format!("/en/reports/{rid}/edit")).await;
    assert_eq!(p.status, 404, "an independent draft is the evaluator's own");

    // Admin pages are for admins.
    let p = own.get("/en/admin/audit").await;
    assert_eq!(p.status, 403);
    let mut admin = Browser::new(&app);
    admin.sign_in("admin@pantau.id").await;
    let p = admin.get("/en/admin/audit").await;
    assert_eq!(p.status, 200);
    assert!(p.body.contains("sign-in") && p.body.contains("publish"));
    assert!(!p.body.contains(PASSWORD));
}

#[tokio::test]
async fn forms_say_what_saving_will_do_in_the_page_language() {
    let app = spawn_app().await;
    add_user(&app, "own@surabaya.go.id", "official", &["surabaya"]);
    let mut b = Browser::new(&app);
    b.sign_in("own@surabaya.go.id").await;
    // Date placeholders follow the labels: TTTT-BB-HH in Indonesian, YYYY-MM-DD in English.
    let id_form = b.get(&format!("/id/ties/{TIE}/activities/new")).await;
    assert!(id_form.body.contains("placeholder=\"HH-BB-TTTT\""));
    assert!(!id_form.body.contains("YYYY-MM-DD"));
    let en_form = b.get(&format!("/en/ties/{TIE}/activities/new")).await;
    assert!(en_form.body.contains("placeholder=\"YYYY-MM-DD\""));
    // A new milestone of a draft roadmap is a draft; of a published roadmap, public on saving.
    let p = b
        .post(
            &format!("/en/ties/{TIE}/roadmaps/new"),
            &roadmap_fields("Roadmap 2026", "Body"),
        )
        .await;
    let id = id_from_edit_location(&p.location);
    let form = b.get(&format!("/en/roadmaps/{id}/milestones/new")).await;
    assert!(form.body.contains("saved as a draft"), "{}", form.body);
    let edit = b.get(&p.location).await;
    let version = hidden(&edit.body, "version");
    let p = b
        .post(
            &format!("/en/roadmaps/{id}/publish"),
            &[("version", &version)],
        )
        .await;
    assert_eq!(p.status, 303);
    let form = b.get(&format!("/en/roadmaps/{id}/milestones/new")).await;
    assert!(form.body.contains("public as soon as you save it"));
    assert!(!form.body.contains("saved as a draft"));
}

#[tokio::test]
async fn drafts_stay_off_public_pages_until_published() {
    let app = spawn_app().await;
    add_user(&app, "own@surabaya.go.id", "official", &["surabaya"]);
    let mut b = Browser::new(&app);
    b.sign_in("own@surabaya.go.id").await;
    let p = b
        .post(
            &format!("/en/ties/{TIE}/roadmaps/new"),
            &roadmap_fields("Roadmap Surabaya Liverpool 2026", "Secret draft body"),
        )
        .await;
    let id = id_from_edit_location(&p.location);
    let p = b
        .post(
            &format!("/en/roadmaps/{id}/milestones/new"),
            &[
                ("title", "Teacher exchange"),
                ("target", "20 teachers trained"),
                ("due_on", "2026-09-30"),
                ("status", "planned"),
                ("evidence", ""),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    for path in [
        format!("/en/ties/{TIE}"),
        format!("/id/ties/{TIE}"),
        format!("/en/ties/{TIE}/history"),
        "/en/ties".to_string(),
        "/en/".to_string(),
    ] {
        let (status, body) = app.page(&path).await;
        assert_eq!(status, 200, "{path}");
        assert!(
            !body.contains("Secret draft body") && !body.contains("Roadmap Surabaya Liverpool"),
            "{path} shows a draft"
        );
    }
    let edit = b.get(&format!("/en/roadmaps/{id}/edit")).await;
    let version = hidden(&edit.body, "version");
    b.post(
        &format!("/en/roadmaps/{id}/publish"),
        &[("version", &version)],
    )
    .await;
    let (_, body) = app.page(&format!("/en/ties/{TIE}")).await;
    assert!(body.contains("Roadmap Surabaya Liverpool 2026"));
    assert!(body.contains("20 teachers trained"));
    let (_, body) = app.page(&format!("/en/ties/{TIE}/history")).await;
    assert!(
        body.contains("Secret draft body"),
        "the publication is in the history"
    );
}

#[tokio::test]
async fn report_preview_renders_markdown_harmless() {
    let app = spawn_app().await;
    add_user(&app, "dosen@unair.ac.id", "evaluator", &[]);
    let mut b = Browser::new(&app);
    b.sign_in("dosen@unair.ac.id").await;
    b.get(&format!("/en/ties/{TIE}/reports/new")).await;
    let evil = "# Findings\n\n<script>alert(1)</script>\n\n[click](javascript:alert(2))\n\n<img src=x onerror=alert(3)>\n\n<iframe src=https://evil.example></iframe>\n\n**bold**";
    let p = b
        .post(
            &format!("/en/ties/{TIE}/reports/new"),
            &[
                ("title", "Preview test"),
                ("body_md", evil),
                ("rating_commitment", "2"),
                ("factors", "covid-19"),
                ("factors", "budget"),
                ("action", "preview"),
            ],
        )
        .await;
    assert_eq!(p.status, 200);
    let start = p.body.find("class=\"preview\"").expect("a preview section");
    let preview = &p.body[start..];
    let preview = &preview[..preview.find("</section>").unwrap()];
    assert!(preview.contains("<h1>Findings</h1>") && preview.contains("<strong>bold</strong>"));
    let lower = preview.to_lowercase();
    for bad in ["<script", "javascript:", "onerror", "<iframe", "alert(2)"] {
        assert!(!lower.contains(bad), "{bad} in preview: {preview}");
    }
    // The input is kept, escaped, in the textarea; the choices stay ticked.
    assert!(p.body.contains("&#60;script&#62;alert(1)"));
    assert!(!p.body.contains("<script>alert(1)"));
    assert!(p.body.contains("value=\"covid-19\" checked"));
    assert!(p.body.contains("<option value=\"2\" selected>"));
    // Nothing was saved by a preview.
    let mut conn = app.db.connect();
    assert_eq!(
        pantau::models::dashboard::reports_by_author(&mut conn, 1)
            .unwrap()
            .len(),
        0
    );
}

#[tokio::test]
async fn a_stale_save_gets_a_conflict_and_overwrites_nothing() {
    let app = spawn_app().await;
    add_user(&app, "a@surabaya.go.id", "official", &["surabaya"]);
    add_user(&app, "b@surabaya.go.id", "official", &["surabaya"]);
    let mut a = Browser::new(&app);
    a.sign_in("a@surabaya.go.id").await;
    let p = a
        .post(
            &format!("/en/ties/{TIE}/activities/new"),
            &[
                ("occurred_on", "2026-02-10"),
                ("kind", "visit"),
                ("title", "Study visit"),
                ("participants_government", "4"),
                ("participants_youth", "12"),
                ("cost_amount", "15000000"),
                ("cost_currency", "idr"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let id = id_from_edit_location(&p.location);
    let mut b = Browser::new(&app);
    b.sign_in("b@surabaya.go.id").await;
    let form_a = a.get(&format!("/en/activities/{id}/edit")).await;
    let form_b = b.get(&format!("/en/activities/{id}/edit")).await;
    assert!(form_a.body.contains("value=\"IDR\""), "currency normalised");
    let v = hidden(&form_a.body, "version");
    assert_eq!(v, hidden(&form_b.body, "version"));
    let fields = |title: &'static str, v: &str| {
        vec![
            ("occurred_on", "2026-02-10".to_string()),
            ("kind", "visit".to_string()),
            ("title", title.to_string()),
            ("version", v.to_string()),
        ]
    };
    let first: Vec<(&str, String)> = fields("Study visit to Liverpool", &v);
    let first: Vec<(&str, &str)> = first.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let p = a.post(&format!("/en/activities/{id}/edit"), &first).await;
    assert_eq!(p.status, 303);
    let second: Vec<(&str, String)> = fields("Youth exchange", &v);
    let second: Vec<(&str, &str)> = second.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let p = b.post(&format!("/en/activities/{id}/edit"), &second).await;
    assert_eq!(p.status, 409);
    assert!(p.body.contains("Someone else saved this record first"));
    assert!(p.body.contains("Youth exchange") && p.body.contains("Study visit to Liverpool"));
    let again = a.get(&format!("/en/activities/{id}/edit")).await;
    assert!(again.body.contains("value=\"Study visit to Liverpool\""));
}

#[tokio::test]
async fn a_correction_needs_a_reason_and_keeps_the_history() {
    let app = spawn_app().await;
    add_user(&app, "own@surabaya.go.id", "official", &["surabaya"]);
    let mut b = Browser::new(&app);
    b.sign_in("own@surabaya.go.id").await;
    let p = b
        .post(
            &format!("/en/ties/{TIE}/reports/new"),
            &[
                ("title", "Evaluation 2025"),
                ("body_md", "Line one\nThe budget was 10 million."),
                ("rating_results", "1"),
                ("action", "save"),
            ],
        )
        .await;
    let id = id_from_edit_location(&p.location);
    let edit = b.get(&p.location).await;
    let v = hidden(&edit.body, "version");
    b.post(&format!("/en/reports/{id}/publish"), &[("version", &v)])
        .await;
    let edit = b.get(&format!("/en/reports/{id}/edit")).await;
    assert!(edit.body.contains("Reason for the correction"));
    let v = hidden(&edit.body, "version");
    let fields = |reason: &'static str| {
        vec![
            ("title", "Evaluation 2025"),
            ("body_md", "Line one\nThe budget was 12 million."),
            ("rating_results", "1"),
            ("reason", reason),
            ("action", "save"),
        ]
    };
    let mut no_reason = fields("");
    no_reason.push(("version", &v));
    let p = b.post(&format!("/en/reports/{id}/edit"), &no_reason).await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("Say what you corrected and why."));
    let mut with_reason = fields("Budget figure misread from the council minutes");
    with_reason.push(("version", &v));
    let p = b
        .post(&format!("/en/reports/{id}/edit"), &with_reason)
        .await;
    assert_eq!(p.status, 303);

    let (_, page) = app.page(&format!("/en/ties/{TIE}")).await;
    assert!(page.contains("12 million"));
    assert!(
        page.contains("Budget figure misread from the council minutes"),
        "the public page shows the correction's reason"
    );
    assert!(page.contains("Corrected on"));
    let (status, history) = app.page(&format!("/en/reports/{id}/history")).await;
    assert_eq!(status, 200);
    assert!(history.contains("<del>The budget was 10 million.</del>"));
    assert!(history.contains("<ins>The budget was 12 million.</ins>"));
    assert!(history.contains("Budget figure misread"));
    let (_, tie_history) = app.page(&format!("/en/ties/{TIE}/history")).await;
    assert!(tie_history.contains("corrected") && tie_history.contains("published"));
}

#[tokio::test]
async fn sessions_end_on_sign_out_and_when_disabled() {
    let app = spawn_app().await;
    let uid = add_user(&app, "own@surabaya.go.id", "official", &["surabaya"]);
    let mut b = Browser::new(&app);
    b.sign_in("own@surabaya.go.id").await;
    let cookie = b.cookies.get("pantau_session").cloned().unwrap();
    assert_eq!(cookie.len(), 64);
    let mut conn = app.db.connect();
    assert_eq!(Session::count_for_user(&mut conn, uid).unwrap(), 1);
    // The database holds only the token's hash.
    assert!(
        !format!(
            "{:?}",
            pantau::auth::session_user(&mut conn, "0".repeat(64).as_str())
        )
        .contains(&cookie)
    );
    let p = b.post("/en/sign-out", &[]).await;
    assert_eq!(p.status, 303);
    assert_eq!(Session::count_for_user(&mut conn, uid).unwrap(), 0);
    // The old cookie no longer works.
    let res = app
        .client
        .get(format!("{}/en/dashboard", app.address))
        .header("cookie", format!("pantau_session={cookie}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 303);

    // Disabling ends every session at once.
    let mut b1 = Browser::new(&app);
    b1.sign_in("own@surabaya.go.id").await;
    let mut b2 = Browser::new(&app);
    b2.sign_in("own@surabaya.go.id").await;
    assert_eq!(Session::count_for_user(&mut conn, uid).unwrap(), 2);
    User::set_disabled(&mut conn, uid, true).unwrap();
    for b in [&mut b1, &mut b2] {
        let p = b.get("/en/dashboard").await;
        assert_eq!(p.status, 303);
    }
    let p = Browser::new(&app)
        .sign_in_with("own@surabaya.go.id", PASSWORD)
        .await;
    assert_eq!(p.status, 401, "a disabled account cannot sign in");
}

#[tokio::test]
async fn the_session_cookie_is_http_only_lax_and_secure_over_https() {
    let app = spawn_app().await;
    add_user(&app, "own@surabaya.go.id", "official", &["surabaya"]);
    let mut b = Browser::new(&app);
    let p = b.sign_in_with("own@surabaya.go.id", PASSWORD).await;
    let set: Vec<String> = p
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect();
    let session = set
        .iter()
        .find(|c| c.starts_with("pantau_session="))
        .unwrap();
    assert!(session.contains("HttpOnly") && session.contains("SameSite=Lax"));
    assert!(!session.contains("Secure"), "plain HTTP here");
    // Behind a proxy that says HTTPS, the cookie is Secure.
    let page = b.get("/en/sign-in").await;
    assert_eq!(page.status, 200);
    let res = app
        .client
        .post(format!("{}/en/sign-in", app.address))
        .header("cookie", b.cookie_header())
        .header("x-forwarded-proto", "https")
        .header("origin", app.address.replace("http://", "https://"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!(
            "csrf={}&email=own%40surabaya.go.id&password={}&next=",
            b.csrf,
            urlencode(PASSWORD)
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 303);
    let secure = res.headers().get_all("set-cookie").iter().any(|c| {
        let c = c.to_str().unwrap();
        c.starts_with("pantau_session=") && c.contains("Secure")
    });
    assert!(secure);
}

#[tokio::test]
async fn posts_without_csrf_token_or_from_elsewhere_are_refused() {
    let app = spawn_app().await;
    add_user(&app, "own@surabaya.go.id", "official", &["surabaya"]);
    let mut b = Browser::new(&app);
    b.sign_in("own@surabaya.go.id").await;
    let p = b
        .post_with(
            &format!("/en/ties/{TIE}/roadmaps/new"),
            &roadmap_fields("x", "y"),
            false,
        )
        .await;
    assert_eq!(p.status, 403);
    assert!(p.body.contains("did not come from a page of this site"));
    let res = app
        .client
        .post(format!("{}/en/ties/{TIE}/roadmaps/new", app.address))
        .header("cookie", b.cookie_header())
        .header("origin", "https://evil.example")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("title=x&csrf={}", b.csrf))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 403);
    // Sign-in without the form's token is refused too.
    let res = app
        .client
        .post(format!("{}/en/sign-in", app.address))
        .header("origin", &app.address)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!(
            "email=own%40surabaya.go.id&password={}",
            urlencode(PASSWORD)
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 403);
}

#[tokio::test]
async fn failed_sign_ins_are_generic_and_throttled() {
    let app = spawn_app().await;
    add_user(&app, "own@surabaya.go.id", "official", &["surabaya"]);
    let mut b = Browser::new(&app);
    let unknown = b.sign_in_with("nobody@example.org", PASSWORD).await;
    let wrong = b
        .sign_in_with("own@surabaya.go.id", "not the password!")
        .await;
    assert_eq!(unknown.status, 401);
    assert_eq!(wrong.status, 401);
    assert!(wrong.body.contains("Wrong e-mail address or password."));
    assert!(unknown.body.contains("Wrong e-mail address or password."));
    for _ in 0..4 {
        b.sign_in_with("own@surabaya.go.id", "not the password!")
            .await;
    }
    // Five failures: even the right password is refused for a while.
    let p = b.sign_in_with("own@surabaya.go.id", PASSWORD).await;
    assert_eq!(p.status, 429);
    assert!(p.body.contains("Please wait 15 minutes"));
    let p = Browser::new(&app)
        .sign_in_with("own@surabaya.go.id", PASSWORD)
        .await;
    assert_eq!(p.status, 429);
    let mut conn = app.db.connect();
    let rows = pantau::models::audit::latest(&mut conn, 50, 0).unwrap();
    assert!(
        rows.iter()
            .filter(|r| r.entry.action == "sign-in-failed")
            .count()
            >= 6
    );
}

#[tokio::test]
async fn the_dashboard_shows_what_is_owed_with_the_button_that_fixes_it() {
    let app = spawn_app().await;
    add_user(&app, "own@surabaya.go.id", "official", &["surabaya"]);
    let mut b = Browser::new(&app);
    b.sign_in("own@surabaya.go.id").await;
    let p = b.get("/en/dashboard").await;
    assert_eq!(p.status, 200);
    assert_eq!(p.headers["cache-control"], "no-store");
    assert!(p.body.contains("Surabaya – Liverpool"));
    assert!(
        !p.body.contains("Bandung – "),
        "only the official's own places"
    );
    assert!(p.body.contains("No roadmap has been published."));
    assert!(
        p.body
            .contains(&format!("href=\"/en/ties/{TIE}/roadmaps/new\""))
    );
    assert!(
        p.body
            .contains(&format!("href=\"/en/ties/{TIE}/reports/new\""))
    );
    // Surabaya–Seattle's MoU of 1992 records no term (methodology v2): the button opens the
    // agreement's form, where the end date or the open-ended box goes.
    assert!(
        p.body.contains("The agreement&#39;s term is not recorded")
            || p.body.contains("The agreement's term is not recorded")
    );
    let at = p.body.find("Record the term").expect("the button");
    let href_start = p.body[..at].rfind("href=\"").unwrap() + "href=\"".len();
    let href: String = p.body[href_start..]
        .chars()
        .take_while(|c| *c != '"')
        .collect();
    assert!(
        href.starts_with("/en/agreements/") && href.ends_with("/edit"),
        "{href}"
    );
    let form = b.get(&href).await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains("name=\"open_ended\" value=\"yes\""));
    let p = b.get("/id/dashboard").await;
    assert!(p.body.contains("Belum ada peta jalan yang dipublikasikan."));
    assert!(p.body.contains("Catat jangka waktunya"));
    let p = b.get(&format!("/en/ties/{TIE}/manage")).await;
    assert_eq!(p.status, 200);
}

#[tokio::test]
async fn admins_add_and_disable_accounts_on_the_admin_page() {
    let app = spawn_app().await;
    add_user(&app, "admin@pantau.id", "admin", &[]);
    let mut b = Browser::new(&app);
    b.sign_in("admin@pantau.id").await;
    b.get("/en/admin/users").await;
    let p = b
        .post(
            "/en/admin/users",
            &[
                ("email", "new@bandung.go.id"),
                ("role", "official"),
                ("places", "nowhere"),
                ("password", "password1234"),
            ],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("too common") && p.body.contains("nowhere"));
    let p = b
        .post(
            "/en/admin/users",
            &[
                ("email", "new@bandung.go.id"),
                ("role", "official"),
                ("places", "bandung"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(p.status, 303);
    let mut n = Browser::new(&app);
    n.sign_in("new@bandung.go.id").await;
    let mut conn = app.db.connect();
    let id = User::by_email(&mut conn, "new@bandung.go.id")
        .unwrap()
        .unwrap()
        .id;
    b.get("/en/admin/users").await;
    let p = b.post(&format!("/en/admin/users/{id}/disable"), &[]).await;
    assert_eq!(p.status, 303);
    assert_eq!(n.get("/en/dashboard").await.status, 303);
}
