//! The rough edges a walkthrough found (issue 18): HEAD on every page, documents opened in the
//! browser, the editors' address, the 403 page and account bar, Indonesian numbers and dates in
//! forms, forms that say a file must be attached again, previews and the confirmation step,
//! readable history pages, and the home page's charts.

use crate::common;

use common::browser::*;
use common::{spawn_app, spawn_app_with};

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";

/// An official of Surabaya publishes an agreement with a PDF; returns its id.
async fn published_agreement(app: &common::TestApp) -> i32 {
    add_user(app, "pejabat@surabaya.go.id", "official", &["surabaya"]);
    let mut b = Browser::new(app);
    b.sign_in("pejabat@surabaya.go.id").await;
    let p = b
        .post_multipart(
            &format!("/en/ties/{TIE}/agreements/new"),
            &[("kind", "mou"), ("signed_on", "2024-03")],
            PDF,
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let id = id_from_edit_location(&p.location);
    let edit = b.get(&p.location).await;
    let version = hidden(&edit.body, "version");
    let p = b
        .post(
            &format!("/en/agreements/{id}/publish"),
            &[("version", &version)],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    id
}

#[tokio::test]
async fn head_is_answered_like_get_without_a_body() {
    let app = spawn_app().await;
    let id = published_agreement(&app).await;
    let paths = [
        "/id/".to_string(),
        "/en/places".into(),
        "/id/places/surabaya".into(),
        format!("/id/ties/{TIE}"),
        format!("/id/ties/{TIE}/history"),
        "/en/ties.csv".into(),
        "/en/places.json".into(),
        "/en/reports.csv".into(),
        "/id/feed.atom".into(),
        "/id/places/surabaya/feed.atom".into(),
        "/data/pantau.jsonl".into(),
        "/api/v1/ties".into(),
        "/sitemap.xml".into(),
        "/robots.txt".into(),
        format!("/en/agreements/{id}/document"),
    ];
    for path in paths {
        let get = app.get(&path).await;
        let get_status = get.status();
        let get_type = get.headers().get("content-type").cloned();
        let get_len = get.bytes().await.unwrap().len();
        let head = app
            .client
            .head(format!("{}{path}", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(head.status(), get_status, "HEAD {path}");
        assert_eq!(
            head.headers().get("content-type").cloned(),
            get_type,
            "HEAD {path}"
        );
        if let Some(len) = head.headers().get("content-length") {
            assert_eq!(len.to_str().unwrap(), get_len.to_string(), "HEAD {path}");
        }
        assert!(
            head.bytes().await.unwrap().is_empty(),
            "HEAD {path}: no body"
        );
    }
    // A page that does not exist is a 404 for HEAD as for GET.
    let head = app
        .client
        .head(format!("{}/id/places/no-such-place", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(head.status().as_u16(), 404);
}

#[tokio::test]
async fn documents_open_in_the_browser_sandboxed_with_a_separate_download_link() {
    let app = spawn_app().await;
    let id = published_agreement(&app).await;
    let res = app.get(&format!("/en/agreements/{id}/document")).await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert_eq!(
        res.headers()["content-disposition"],
        "inline; filename=\"mou-surabaya.pdf\"; filename*=UTF-8''mou-surabaya.pdf"
    );
    let csp = res.headers()["content-security-policy"].to_str().unwrap();
    assert!(csp.starts_with("sandbox;"), "{csp}");
    assert!(csp.contains("default-src 'none'"), "{csp}");
    assert_eq!(res.bytes().await.unwrap().as_ref(), PDF);
    let res = app
        .get(&format!("/en/agreements/{id}/document?download=1"))
        .await;
    assert_eq!(
        res.headers()["content-disposition"],
        "attachment; filename=\"mou-surabaya.pdf\"; filename*=UTF-8''mou-surabaya.pdf"
    );
    // The public tie page links both.
    let page = app.page(&format!("/id/ties/{TIE}")).await.1;
    let doc = format!("/id/agreements/{id}/document");
    assert!(page.contains(&format!("href=\"{doc}\"")), "open link");
    assert!(page.contains(&format!("href=\"{doc}?download=1\" download")));
    assert!(page.contains(">Unduh</a>"));
}

#[test]
fn document_file_names_are_safe() {
    use pantau::routes::publish::content_disposition;
    assert_eq!(
        content_disposition("Naskah \"MoU\" Surabaya–Liverpool", false),
        "inline; filename=\"Naskah__MoU__Surabaya_Liverpool.pdf\"; filename*=UTF-8''Naskah%20%22MoU%22%20Surabaya%E2%80%93Liverpool.pdf"
    );
    assert_eq!(
        content_disposition("../../etc/passwd\r\nX: y", true),
        "attachment; filename=\"passwdX__y.pdf\"; filename*=UTF-8''passwdX%3A%20y.pdf"
    );
}

#[tokio::test]
async fn the_editors_address_is_shown_in_the_footer_methodology_and_error_pages() {
    let app = spawn_app_with(std::sync::Arc::new(common::TestDb::starter()), |s| {
        s.contact_email = "redaksi@pantau.example".into();
    })
    .await;
    let mailto = "href=\"mailto:redaksi@pantau.example\"";
    let (_, home) = app.page("/id/").await;
    assert!(home.contains(mailto), "footer");
    assert!(home.contains("Redaksi:"));
    let (_, m) = app.page("/en/methodology").await;
    assert!(m.contains("e-mail address:"), "methodology page");
    assert!(m.contains(mailto), "methodology page");
    let (status, nf) = app.page("/id/places/tidak-ada").await;
    assert_eq!(status, 404);
    assert!(nf.contains(mailto), "error page");
    assert!(nf.contains("tulis kepada redaksi"));
    // Without an address nothing pretends there is one.
    let plain = spawn_app().await;
    let (_, home) = plain.page("/id/").await;
    assert!(!home.contains("mailto:"));
}

#[test]
fn a_bad_contact_address_is_refused_at_start() {
    assert!(pantau::config::is_email("redaksi@pantau.example"));
    for bad in [
        "redaksi",
        "a@b",
        "@pantau.example",
        "a b@pantau.example",
        "x@y.id\"><script>",
    ] {
        assert!(!pantau::config::is_email(bad), "{bad}");
    }
}

#[tokio::test]
async fn a_refused_official_sees_the_403_in_the_site_layout_with_their_regions() {
    let app = spawn_app_with(std::sync::Arc::new(common::TestDb::starter()), |s| {
        s.contact_email = "redaksi@pantau.example".into();
    })
    .await;
    add_user(&app, "pejabat@bandung.go.id", "official", &["bandung"]);
    add_user(&app, "admin@pantau.example", "admin", &[]);
    let mut b = Browser::new(&app);
    b.sign_in("pejabat@bandung.go.id").await;
    let p = b.get(&format!("/id/ties/{TIE}/roadmaps/new")).await;
    assert_eq!(p.status, 403);
    assert!(p.body.contains("hubungi administrator situs"));
    assert!(
        p.body.contains("href=\"mailto:admin@pantau.example\""),
        "the admins' contact"
    );
    assert!(p.body.contains("class=\"account-bar\""), "account bar");
    assert!(p.body.contains("<nav aria-label="), "site layout");
    assert!(p.body.contains("Pejabat daerah"), "role");
    assert!(p.body.contains("Daerah yang dapat Anda kelola"));
    assert!(
        p.body.contains("href=\"/id/places/bandung\""),
        "their region"
    );
    assert!(
        p.body.contains("mailto:redaksi@pantau.example"),
        "who to ask"
    );
    // Anonymous 403 (a POST without a session) keeps the plain page, without account details.
    let res = app
        .client
        .post(format!("{}/id/ties/{TIE}/roadmaps/new", app.address))
        .header("origin", &app.address)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("title=x")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 403);
    let body = res.text().await.unwrap();
    assert!(!body.contains("account-bar"));
    assert!(!body.contains("Daerah yang dapat Anda kelola"));
}

#[tokio::test]
async fn public_pages_keep_the_account_bar_and_show_officials_links_only_to_those_who_may_use_them()
{
    let app = spawn_app().await;
    add_user(&app, "pejabat@surabaya.go.id", "official", &["surabaya"]);
    add_user(&app, "pejabat@bandung.go.id", "official", &["bandung"]);
    let manage = format!("/id/ties/{TIE}/manage");
    // Anonymous: no officials' link, a discreet sign-in link in the footer.
    let (_, anon) = app.page(&format!("/id/ties/{TIE}")).await;
    assert!(!anon.contains(&manage));
    assert!(anon.contains("href=\"/id/sign-in\""));
    assert!(anon.contains("Masuk untuk pejabat"));
    assert!(!anon.contains("account-bar"));

    let mut own = Browser::new(&app);
    own.sign_in("pejabat@surabaya.go.id").await;
    let p = own.get(&format!("/id/ties/{TIE}")).await;
    assert!(p.body.contains(&manage), "an official of the tie's region");
    assert!(p.body.contains("class=\"account-bar\""), "account bar kept");
    assert!(!p.body.contains("Masuk untuk pejabat"));
    let p = own.get("/id/places").await;
    assert!(p.body.contains("class=\"account-bar\""));

    let mut other = Browser::new(&app);
    other.sign_in("pejabat@bandung.go.id").await;
    let p = other.get(&format!("/id/ties/{TIE}")).await;
    assert!(!p.body.contains(&manage), "another region's official");
    assert!(p.body.contains("class=\"account-bar\""));
    // Anonymous pages are not served from what a signed-in visitor saw.
    let (_, anon) = app.page(&format!("/id/ties/{TIE}")).await;
    assert!(!anon.contains("account-bar"));
}

#[tokio::test]
async fn forms_read_indonesian_numbers_and_dates_and_say_which_forms_they_take() {
    let app = spawn_app().await;
    add_user(&app, "pejabat@surabaya.go.id", "official", &["surabaya"]);
    let mut b = Browser::new(&app);
    b.sign_in("pejabat@surabaya.go.id").await;
    let form = b.get(&format!("/id/ties/{TIE}/activities/new")).await;
    assert!(
        form.body
            .contains("Contoh: 15-03-2024, 15/03/2024, 15 Maret 2024")
    );
    assert!(form.body.contains("Contoh: 1.500.000.000 atau 1.500,5"));
    assert!(
        form.body.contains("Jumlah peserta: "),
        "participants count people"
    );
    assert!(form.body.contains("bukan nama"));
    assert!(
        !form.body.contains("(TTTT-BB-HH)"),
        "no format hints in labels"
    );
    let p = b
        .post(
            &format!("/id/ties/{TIE}/activities/new"),
            &[
                ("occurred_on", "15 Maret 2024"),
                ("kind", "visit"),
                ("title", "Kunjungan delegasi"),
                ("participants_government", "1.200"),
                ("cost_amount", "1.500.000.000"),
                ("cost_currency", "idr"),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let id = id_from_edit_location(&p.location);
    let edit = b.get(&p.location).await;
    assert!(edit.body.contains("value=\"2024-03-15\""), "stored as ISO");
    assert!(
        edit.body.contains("value=\"1.500.000.000\""),
        "shown the Indonesian way"
    );
    assert!(edit.body.contains("value=\"1200\""));
    {
        use pantau::publishing::{Kind, load};
        let mut conn = app.db.connect();
        let rec = load(&mut conn, Kind::Activity, id).unwrap().unwrap();
        assert_eq!(rec.texts()["cost_amount"], "1500000000");
        assert_eq!(rec.texts()["participants_government"], "1200");
    }
    // Decimals with a comma, dates with slashes and dashes; the ISO forms still work.
    let version = hidden(&edit.body, "version");
    let p = b
        .post(
            &format!("/id/activities/{id}/edit"),
            &[
                ("version", &version),
                ("occurred_on", "15/03/2024"),
                ("kind", "visit"),
                ("title", "Kunjungan delegasi"),
                ("cost_amount", "1.500,5"),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let edit = b.get(&p.location).await;
    assert!(edit.body.contains("value=\"1.500,5\""));
    let en = b.get(&format!("/en/activities/{id}/edit")).await;
    assert!(
        en.body.contains("value=\"1,500.5\""),
        "English writes it its way"
    );
    // Wrong input: the message names the accepted forms.
    let version = hidden(&edit.body, "version");
    let p = b
        .post(
            &format!("/id/activities/{id}/edit"),
            &[
                ("version", &version),
                ("occurred_on", "31-02-2024"),
                ("kind", "visit"),
                ("title", "Kunjungan delegasi"),
                ("cost_amount", "1,500,000"),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(
        p.body
            .contains("Tulis tanggal lengkap, misalnya 15-03-2024")
    );
    assert!(p.body.contains("misalnya 1.500.000.000 atau 1.500,5"));
    // Partial dates: "Maret 2024" is a month.
    let p = b
        .post_multipart(
            &format!("/id/ties/{TIE}/agreements/new"),
            &[
                ("kind", "mou"),
                ("signed_on", "Maret 2024"),
                ("expires_on", "14-03-2029"),
            ],
            PDF,
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let edit = b.get(&p.location).await;
    assert!(edit.body.contains("value=\"2024-03\""));
    assert!(edit.body.contains("value=\"2029-03-14\""));
}

#[tokio::test]
async fn a_form_that_comes_back_says_the_file_must_be_attached_again() {
    let app = spawn_app().await;
    add_user(&app, "pejabat@surabaya.go.id", "official", &["surabaya"]);
    let mut b = Browser::new(&app);
    b.sign_in("pejabat@surabaya.go.id").await;
    let p = b
        .post_multipart(
            &format!("/id/ties/{TIE}/agreements/new"),
            &[("kind", "mou"), ("expires_on", "kemarin")],
            PDF,
        )
        .await;
    assert_eq!(p.status, 422);
    let top = p
        .body
        .find("class=\"form-error reattach\"")
        .expect("at the top");
    let field = p
        .body
        .find("id=\"f-document-notice\"")
        .expect("at the field");
    assert!(top < field);
    assert!(p.body.contains("Lampirkan berkas itu sekali lagi"));
    assert!(p.body.contains("«mou-surabaya.pdf»"));
    assert!(p.body.contains("aria-describedby=\"f-document-notice\""));
    // Without a file chosen there is nothing to say.
    let p = b
        .post(
            &format!("/id/ties/{TIE}/agreements/new"),
            &[("kind", "mou"), ("expires_on", "kemarin")],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(!p.body.contains("reattach"));
}

#[tokio::test]
async fn every_kind_has_a_preview_in_place_and_publishing_asks_first() {
    let app = spawn_app().await;
    add_user(&app, "pejabat@surabaya.go.id", "official", &["surabaya"]);
    let mut b = Browser::new(&app);
    b.sign_in("pejabat@surabaya.go.id").await;
    // Each new-record form previews what it would publish, and the button returns to the preview.
    type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, &'a str);
    let cases: [Case; 5] = [
        (
            "agreements",
            vec![("kind", "mou"), ("signed_on", "15-03-2024")],
            "15 Maret 2024",
        ),
        (
            "steps",
            vec![("step", "dprd-approval"), ("occurred_on", "2024")],
            "2024",
        ),
        (
            "roadmaps",
            vec![("title", "Peta jalan"), ("budget_amount", "1.500.000")],
            "1.500.000",
        ),
        (
            "activities",
            vec![
                ("occurred_on", "2024-03-15"),
                ("kind", "visit"),
                ("title", "Kunjungan"),
            ],
            "Kunjungan",
        ),
        (
            "reports",
            vec![("title", "Evaluasi"), ("body_md", "**tebal**")],
            "<strong>tebal</strong>",
        ),
    ];
    for (seg, mut fields, expect) in cases {
        let form = b.get(&format!("/id/ties/{TIE}/{seg}/new")).await;
        assert!(
            form.body
                .contains(&format!("formaction=\"/id/ties/{TIE}/{seg}/new#preview\"")),
            "{seg}: the preview button returns to the preview"
        );
        fields.push(("action", "preview"));
        let p = b.post(&format!("/id/ties/{TIE}/{seg}/new"), &fields).await;
        assert_eq!(p.status, 200, "{seg}: {}", p.body);
        assert!(p.body.contains("id=\"preview\""), "{seg}");
        let preview = &p.body[p.body.find("id=\"preview\"").unwrap()..];
        let preview = &preview[..preview.find("</section>").unwrap()];
        assert!(preview.contains(expect), "{seg}: {preview}");
    }
    // Long forms come in sections with jump links.
    let report = b.get(&format!("/id/ties/{TIE}/reports/new")).await;
    assert!(report.body.contains("class=\"form-sections\""));
    assert!(report.body.contains("id=\"s-form-section-ratings\""));

    // Publishing: the editor links to a confirmation page that says what becomes public.
    let p = b
        .post(
            &format!("/id/ties/{TIE}/roadmaps/new"),
            &[
                ("title", "Peta jalan 2026"),
                ("budget_amount", "2.000.000"),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let id = id_from_edit_location(&p.location);
    let edit = b.get(&p.location).await;
    let confirm_href = format!("/id/roadmaps/{id}/publish");
    assert!(edit.body.contains(&format!("href=\"{confirm_href}\"")));
    let confirm = b.get(&confirm_href).await;
    assert_eq!(confirm.status, 200);
    assert!(confirm.body.contains("Yang akan terbuka untuk publik"));
    assert!(confirm.body.contains("Peta jalan 2026"));
    assert!(confirm.body.contains("2.000.000"));
    assert!(confirm.body.contains("tidak dapat ditarik kembali"));
    assert!(confirm.body.contains(&format!("action=\"{confirm_href}\"")));
    // Still a draft until the confirmation is sent.
    assert!(
        !app.page(&format!("/id/ties/{TIE}"))
            .await
            .1
            .contains("Peta jalan 2026")
    );
    let version = hidden(&confirm.body, "version");
    let p = b.post(&confirm_href, &[("version", &version)]).await;
    assert_eq!(p.status, 303);
    assert!(
        app.page(&format!("/id/ties/{TIE}"))
            .await
            .1
            .contains("Peta jalan 2026")
    );
    // Another region's official cannot even see the confirmation.
    add_user(&app, "pejabat@bandung.go.id", "official", &["bandung"]);
    let mut other = Browser::new(&app);
    other.sign_in("pejabat@bandung.go.id").await;
    let p = other.get(&format!("/id/reports/{id}/publish")).await;
    assert!(p.status == 403 || p.status == 404);
}

#[tokio::test]
async fn history_pages_say_who_changed_what_in_plain_words() {
    let app = spawn_app().await;
    add_user(&app, "pejabat@surabaya.go.id", "official", &["surabaya"]);
    let mut b = Browser::new(&app);
    b.sign_in("pejabat@surabaya.go.id").await;
    let mut fields = vec![
        ("title", "Evaluasi 2025"),
        ("period_start", "01-01-2025"),
        ("period_end", "31-12-2025"),
        ("body_md", "Laporan."),
        ("rating_commitment", "2"),
        ("factors", "weak-communication"),
        ("factors", "low-capacity"),
        ("action", "save"),
    ];
    let p = b
        .post(&format!("/id/ties/{TIE}/reports/new"), &fields)
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let id = id_from_edit_location(&p.location);
    let edit = b.get(&p.location).await;
    let version = hidden(&edit.body, "version");
    let p = b
        .post(
            &format!("/id/reports/{id}/publish"),
            &[("version", &version)],
        )
        .await;
    assert_eq!(p.status, 303);
    let edit = b.get(&format!("/id/reports/{id}/edit")).await;
    let version = hidden(&edit.body, "version");
    fields.retain(|(k, _)| *k != "factors");
    fields.push(("factors", "low-capacity"));
    fields.push(("version", &version));
    fields.push(("reason", "Faktor komunikasi ternyata tidak teramati."));
    let p = b.post(&format!("/id/reports/{id}/edit"), &fields).await;
    assert_eq!(p.status, 303, "{}", p.body);

    let (_, h) = app.page(&format!("/id/ties/{TIE}/history")).await;
    assert!(h.contains("Oleh <span class=\"who\">"), "author");
    assert!(h.contains("(Pejabat daerah)"), "role");
    assert!(!h.contains("weak-communication"), "no slugs");
    assert!(!h.contains("TTTT"), "no format hints");
    assert!(
        !h.contains("[\"") && !h.contains("[&#34;"),
        "no JSON arrays"
    );
    // The starter data's revision of the tie too: names, not keys.
    assert!(h.contains("Kota kembar"), "tie kind by name");
    assert!(!h.contains("sister-city"), "no tie kind slug");
    assert!(!h.contains("<dt>agreement_type</dt>") && !h.contains("<dt>fields</dt>"));
    assert!(h.contains("<ul class=\"diff-list\">"), "lists as lists");
    assert!(
        h.contains("31 Desember 2025"),
        "dates as the pages write them"
    );
    // Fields in form order: the title before the period, the period before the text.
    let first = &h[h.find("<dl class=\"diff\">").unwrap()..];
    let pos = |label: &str| {
        first
            .find(&format!("<dt>{label}</dt>"))
            .unwrap_or(usize::MAX)
    };
    assert!(pos("Judul") < pos("Periode sejak"), "{first}");
    assert!(pos("Periode sejak") < pos("Periode sampai"));
    assert!(pos("Periode sampai") < pos("Naskah laporan"));
}

#[tokio::test]
async fn home_charts_have_titles_and_explanations_and_scroll_regions_are_reachable() {
    let app = spawn_app().await;
    let (_, home) = app.page("/id/").await;
    let titles = home.matches("<h3 class=\"chart-title\">").count();
    let figures = home.matches("<figure class=\"chart-box\">").count();
    assert!(figures >= 5);
    assert_eq!(titles, figures, "every chart has a visible title");
    assert!(home.contains("Kerja sama menurut status perjanjian</h3>"));
    assert!(
        home.contains("daerah seluruhnya: "),
        "the place counts explained"
    );
    // The explanation adds up: Indonesian regions (with and without ties) plus partner places.
    let note = &home[home.find("daerah seluruhnya: ").unwrap()..];
    let note = &note[..note.find("</p>").unwrap()];
    let numbers: Vec<i64> = note
        .split(|c: char| !c.is_ascii_digit() && c != '.')
        .filter_map(|w| w.replace('.', "").parse().ok())
        .collect();
    let all: i64 = {
        let before = &home[..home.find(" daerah seluruhnya: ").unwrap()];
        let digits: String = before
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .filter(char::is_ascii_digit)
            .collect::<String>()
            .chars()
            .rev()
            .collect();
        digits.parse().unwrap()
    };
    assert_eq!(numbers.len(), 3, "{note}");
    assert!(numbers[1] <= numbers[0], "{note}");
    assert_eq!(numbers[0] + numbers[2], all, "{note}");
    assert!(
        home.contains("kementerian"),
        "the literature's figure explained"
    );
    for path in [
        format!("/id/ties/{TIE}"),
        "/id/places".into(),
        "/id/methodology".into(),
    ] {
        let (_, page) = app.page(&path).await;
        for class in ["scroll-x", "table-wrap"] {
            for (i, _) in page.match_indices(&format!("<div class=\"{class}\"")) {
                let tag = &page[i..i + page[i..].find('>').unwrap()];
                assert!(tag.contains("tabindex=\"0\""), "{path}: {tag}");
                assert!(tag.contains("aria-label=\""), "{path}: {tag}");
            }
        }
    }
}
