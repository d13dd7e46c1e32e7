//! Names shown anywhere hold no bidi controls or other format characters: a document named
//! `invoice-‹RLO›gpj.exe.pdf` and a title with isolates and zero-width characters are kept without
//! them, on the editor and on the public pages.

use crate::common;

use common::browser::*;
use common::spawn_app;

const FORMAT: [char; 8] = [
    '\u{202e}', '\u{2066}', '\u{2069}', '\u{200b}', '\u{200e}', '\u{feff}', '\u{00ad}', '\u{061c}',
];

#[tokio::test]
async fn document_names_and_titles_lose_their_format_characters() {
    let app = spawn_app().await;
    add_user(&app, "pejabat@surabaya.go.id", "official", &["surabaya"]);
    let mut b = Browser::new(&app);
    b.sign_in("pejabat@surabaya.go.id").await;
    b.get(&format!("/en/ties/{TIE}/agreements/new")).await;
    let boundary = "XyZzYformat";
    let title = "Nota\u{200b} \u{2066}kesepahaman\u{2069}\u{feff}";
    let mut body = Vec::new();
    for (k, v) in [
        ("kind", "mou"),
        ("title", title),
        ("signed_on", "2024-03"),
        ("signatories", "Wali\u{00ad} Kota\u{061c}"),
        ("action", "save"),
        ("csrf", &b.csrf.clone()),
    ] {
        body.extend(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .bytes(),
        );
    }
    body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"document\"; filename=\"invoice-\u{202e}gpj.exe.pdf\"\r\nContent-Type: application/pdf\r\n\r\n").bytes());
    body.extend(b"%PDF-1.4\n%%EOF\n");
    body.extend(format!("\r\n--{boundary}--\r\n").bytes());
    let res = app
        .client
        .post(format!("{}/en/ties/{TIE}/agreements/new", app.address))
        .header("cookie", b.cookie_header())
        .header("origin", &app.address)
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .unwrap();
    let p = b.finish(res).await;
    assert_eq!(p.status, 303, "{}", p.body);
    let id = id_from_edit_location(&p.location);
    let edit = b.get(&p.location).await;
    assert!(
        edit.body.contains("invoice-gpj.exe.pdf"),
        "the name, cleaned"
    );
    assert!(
        edit.body.contains("value=\"Nota kesepahaman\""),
        "the title, cleaned"
    );
    let v = hidden(&edit.body, "version");
    let p = b
        .post(&format!("/en/agreements/{id}/publish"), &[("version", &v)])
        .await;
    assert_eq!(p.status, 303);
    for path in [
        format!("/en/ties/{TIE}"),
        format!("/en/ties/{TIE}/history"),
        format!("/api/v1/ties/{TIE}"),
    ] {
        let (status, page) = app.page(&path).await;
        assert_eq!(status, 200, "{path}");
        for c in FORMAT {
            assert!(!page.contains(c), "{path} shows U+{:04X}", c as u32);
        }
    }
}
