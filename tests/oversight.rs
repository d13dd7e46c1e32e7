//! The oversight view on the pages: derived statuses with reasons, the score breakdown, the
//! ceremonial flag, the methodology page.

mod common;

use common::spawn_app;

#[tokio::test]
async fn ikn_astana_is_judged_with_every_reason_shown() {
    let app = spawn_app().await;
    let (status, body) = app.page("/en/ties/ikn-nusantara--astana-kz").await;
    assert_eq!(status, 200);
    assert!(
        body.contains("MoU signed 3 July 2023, no end date recorded"),
        "agreement status reason"
    );
    assert!(body.contains("class=\"badge as-in-force\">In force"));
    assert!(
        body.contains("class=\"badge ac-silent\">Silent"),
        "activity status silent"
    );
    assert!(body.contains("no activity, report or milestone met has been published"));
    assert!(
        body.contains("<strong>Ceremonial</strong>"),
        "the ceremonial flag"
    );
    assert!(body.contains("grade-E"), "grade E");
    assert!(body.contains("10 of 100"));
    for title in [
        "Agreement text public",
        "Agreement in force",
        "Roadmap published",
        "Measurable milestone",
        "Evaluation in the last 12 months",
        "Activity in the last 12 months",
        "Non-government participants",
        "Cost disclosed",
    ] {
        assert!(body.contains(title), "check {title} is shown");
    }
    assert!(body.contains("no roadmap published"));
    assert!(body.contains("Score rules version"));
    // The reported status is still there, beside the derived ones, never replacing them.
    assert!(body.contains("class=\"badge status-unknown\">Unknown"));

    let (_, body) = app.page("/id/ties/ikn-nusantara--astana-kz").await;
    assert!(body.contains("MoU ditandatangani 3 Juli 2023, tanpa tanggal berakhir yang tercatat"));
    assert!(body.contains("<strong>Seremonial</strong>"));
    assert!(body.contains("10 dari 100"));
}

#[tokio::test]
async fn a_letter_of_intent_is_proposed() {
    let app = spawn_app().await;
    let (_, body) = app.page("/en/ties/surabaya--liverpool-gb").await;
    assert!(body.contains("class=\"badge as-proposed\""));
    assert!(body.contains("only a Letter of Intent, signed 17 May 2017; no MoU on record"));
    assert!(
        !body.contains("<strong>Ceremonial</strong>"),
        "an LoI alone is not ceremonial"
    );
}

#[tokio::test]
async fn lists_show_derived_columns_and_places_their_average() {
    let app = spawn_app().await;
    let (_, body) = app.page("/en/ties").await;
    assert!(
        body.contains("Agreement · activity")
            && body.contains("badge ac-silent")
            && body.contains("Grade")
    );
    let (_, body) = app.page("/en/places/ikn-nusantara").await;
    assert!(body.contains("Average transparency score"));
    assert!(
        body.contains("Ceremonial ties</dt><dd>1</dd>"),
        "IKN has one ceremonial tie"
    );
}

#[tokio::test]
async fn methodology_explains_every_check_in_both_languages() {
    let app = spawn_app().await;
    let (status, body) = app.page("/en/methodology").await;
    assert_eq!(status, 200);
    for text in [
        "Agreement text public",
        "UU 14/2008",
        "within 90 days",
        "How to contest a figure",
        "Tjandradewi",
    ] {
        assert!(body.contains(text), "{text}");
    }
    let (status, body) = app.page("/id/methodology").await;
    assert_eq!(status, 200);
    assert!(body.contains("Cara menggugat sebuah angka") && body.contains("dalam 90 hari"));
}

/// Every inline `<svg>…</svg>` of a page.
fn svgs(body: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = body;
    while let Some(start) = rest.find("<svg") {
        let end = rest[start..].find("</svg>").expect("svg closes") + start + "</svg>".len();
        out.push(&rest[start..end]);
        rest = &rest[end..];
    }
    out
}

fn assert_accessible_svg(svg: &str) {
    let doc =
        roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not valid XML ({e}): {svg}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(root.attribute("role"), Some("img"));
    assert!(
        root.children().any(|n| n.has_tag_name("title")),
        "a <title>"
    );
    assert!(root.children().any(|n| n.has_tag_name("desc")), "a <desc>");
    for node in doc.descendants() {
        assert!(!node.has_tag_name("script"), "no script");
        for attr in node.attributes() {
            assert!(
                !attr.name().starts_with("on"),
                "no event handler: {}",
                attr.name()
            );
            assert!(!attr.value().contains("javascript:"), "no script URL");
        }
    }
}

#[tokio::test]
async fn bandung_map_draws_braunschweig_and_its_partners() {
    let app = spawn_app().await;
    let (_, body) = app.page("/en/places/bandung").await;
    let drawings = svgs(&body);
    assert_eq!(drawings.len(), 1, "one map");
    let map = drawings[0];
    assert_accessible_svg(map);
    assert!(map.contains("Map of the ties of Bandung"));
    assert!(map.contains("<title>Braunschweig (Germany) — In force</title>"));
    for partner in ["Fort Worth", "Suwon", "Hamamatsu", "Cuenca"] {
        assert!(map.contains(partner), "{partner} on the map");
    }
    let bandung_ties = pantau::import::STARTER_TIES
        .lines()
        .filter(|l| l.starts_with("bandung--"))
        .count();
    assert!(bandung_ties >= 13);
    assert_eq!(
        map.matches("class=\"line ").count(),
        bandung_ties,
        "one line per tie"
    );
    // The world outline under the map is a cached asset.
    let start = map.find("/static/world.svg?v=").unwrap();
    let href: String = map[start..].chars().take_while(|c| *c != '"').collect();
    let res = app.get(&href).await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.headers()["content-type"], "image/svg+xml");
    let world = res.text().await.unwrap();
    roxmltree::Document::parse(&world).expect("the world outline is valid XML");
}

#[tokio::test]
async fn home_drawings_are_valid_accessible_svg_with_tables() {
    let app = spawn_app().await;
    for lang in ["id", "en"] {
        let (_, body) = app.page(&format!("/{lang}/")).await;
        let drawings = svgs(&body);
        assert!(
            drawings.len() >= 6,
            "charts and map on /{lang}/: {}",
            drawings.len()
        );
        for svg in drawings {
            assert_accessible_svg(svg);
        }
        assert!(
            body.matches("<details>").count() >= 6,
            "a table alternative for each chart"
        );
    }
    let (_, body) = app.page("/en/").await;
    assert!(
        body.contains("Ties by agreement status") && body.contains("Ties by transparency grade")
    );
    assert!(
        body.contains("href=\"/en/ties?status=in-force\""),
        "charts link to the filtered list"
    );
    assert!(
        body.contains("Ibu Kota Nusantara (IKN) – Astana"),
        "IKN–Astana among the ceremonial ties"
    );
}

#[tokio::test]
async fn tie_page_draws_procedure_and_timeline() {
    let app = spawn_app().await;
    for lang in ["id", "en"] {
        let (_, body) = app
            .page(&format!("/{lang}/ties/ikn-nusantara--astana-kz"))
            .await;
        let drawings = svgs(&body);
        assert_eq!(drawings.len(), 2, "procedure chain and timeline");
        for svg in &drawings {
            assert_accessible_svg(svg);
        }
        assert_eq!(
            drawings[1].matches("class=\"step off\"").count(),
            10,
            "only signing is on record (from the MoU)"
        );
        assert_eq!(drawings[1].matches("class=\"step on\"").count(), 1);
    }
    let (_, body) = app.page("/en/ties/ikn-nusantara--astana-kz").await;
    let timeline = svgs(&body)[0];
    assert!(timeline.contains("MoU signed 3 July 2023"));
    assert!(timeline.contains("class=\"today\""), "today is marked");
    assert!(
        body.contains("<td>3 July 2023</td><td>Agreements</td>"),
        "the timeline's table alternative"
    );
}
