//! The oversight view on the pages: derived statuses with reasons, the score breakdown, the
//! ceremonial flag, the methodology page.

use crate::common;

use common::browser::*;
use common::spawn_app;

#[tokio::test]
async fn ikn_astana_is_judged_with_every_reason_shown() {
    let app = spawn_app().await;
    let (status, body) = app.page("/en/ties/ikn-nusantara--astana-kz").await;
    assert_eq!(status, 200);
    // Methodology v2: an MoU with neither an end date nor an open-ended term is not in force.
    assert!(
        body.contains(
            "MoU signed 3 July 2023: neither an end date nor an open-ended term is recorded"
        ),
        "agreement status reason"
    );
    assert!(body.contains("class=\"badge as-term-not-recorded\">Term not recorded"));
    assert!(!body.contains("class=\"badge as-in-force\""));
    assert!(
        body.contains("class=\"badge ac-silent\">Silent"),
        "activity status silent"
    );
    assert!(body.contains("no dated activity and no milestone met has been published"));
    assert!(
        body.contains("<strong>Ceremonial</strong>"),
        "the ceremonial flag"
    );
    assert!(body.contains("grade-E"), "grade E");
    assert!(body.contains("0 of 100"));
    for title in [
        "Agreement text public",
        "Agreement in force",
        "DPRD approval on record",
        "Central approval on record",
        "Roadmap published",
        "Measurable milestone",
        "Self-evaluation covering the last 12 months",
        "Independent evaluation covering the last 12 months",
        "Activity in the last 12 months",
        "Non-government participants",
        "Cost disclosed",
    ] {
        assert!(body.contains(title), "check {title} is shown");
    }
    assert!(body.contains("no roadmap published"));
    assert!(body.contains("Methodology version 2 (7 December 2026)"));
    // The reported status is still there, beside the derived ones, never replacing them.
    assert!(body.contains("class=\"badge status-unknown\">Unknown"));

    let (_, body) = app.page("/id/ties/ikn-nusantara--astana-kz").await;
    assert!(body.contains(
        "MoU ditandatangani 3 Juli 2023: tanggal berakhir maupun jangka waktu tanpa batas tidak tercatat"
    ));
    assert!(body.contains("Jangka waktu tidak tercatat"));
    assert!(body.contains("<strong>Seremonial</strong>"));
    assert!(body.contains("0 dari 100"));
}

/// The row of a CSV export whose first cell is `id`.
fn csv_row(csv: &str, id: &str) -> Vec<String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv.as_bytes());
    reader
        .records()
        .map(|r| r.unwrap())
        .find(|r| &r[0] == id)
        .unwrap_or_else(|| panic!("{id} in the export"))
        .iter()
        .map(str::to_string)
        .collect()
}

#[tokio::test]
async fn a_later_reported_end_and_a_later_renewal_decide_the_agreement_status() {
    let app = spawn_app().await;
    // Malang–Fuqing: MoU of 17 April 2017 without a term; Safitri et al. (c. 2022) report it
    // terminated, after the MoU.
    let (_, body) = app.page("/en/ties/malang--fuqing-cn").await;
    assert!(body.contains("class=\"badge as-ended-reported\">Ended (reported)"));
    assert!(body.contains(
        "Safitri et al. (c. 2022) reports the tie as terminated, after the latest agreement on record"
    ));
    assert!(!body.contains("class=\"badge as-in-force\""));
    assert!(
        !body.contains("class=\"disagreement\""),
        "source and status agree"
    );
    let (_, body) = app.page("/id/ties/malang--fuqing-cn").await;
    assert!(body.contains("Berakhir (menurut sumber)"));
    assert!(body.contains("Safitri dkk. (sekitar 2022) melaporkan kerja sama ini diakhiri"));
    let (_, csv) = app.page("/en/ties.csv").await;
    let header = csv_row(&csv, "id");
    let row = csv_row(&csv, "malang--fuqing-cn");
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(row[col("agreement_status")], "ended-reported");
    assert_eq!(row[col("methodology_version")], "2");
    assert_eq!(row[col("disagreement")], "");
    let (_, json) = app.page("/en/ties.json").await;
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(doc["methodology_version"], "2");
    assert!(
        doc["ties"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["methodology_version"] == "2")
    );
    let (_, places) = app.page("/en/places.csv").await;
    assert!(
        places
            .lines()
            .next()
            .unwrap()
            .ends_with(",methodology_version")
    );

    // The region's official records a renewal signed after the source: in force again, and the
    // page says in words that the source disagrees.
    add_user(&app, "pejabat@malangkota.go.id", "official", &["malang"]);
    let mut b = Browser::new(&app);
    b.sign_in("pejabat@malangkota.go.id").await;
    let p = b
        .post_multipart(
            "/en/ties/malang--fuqing-cn/agreements/new",
            &[
                ("kind", "renewal"),
                ("title", "Perpanjangan MoU Malang–Fuqing"),
                ("signed_on", "2025-01-10"),
                ("in_force_from", "2025-01-10"),
                ("expires_on", "2030-01-09"),
                ("signatories", ""),
                ("link", ""),
                ("note", ""),
            ],
            b"%PDF-1.4\n%renewal\n%%EOF\n",
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
    assert_eq!(p.status, 303);

    let (_, body) = app.page("/en/ties/malang--fuqing-cn").await;
    assert!(body.contains("class=\"badge as-in-force\">In force"));
    let sentence = "Sources disagree: Safitri et al. (c. 2022) reported this tie as “Terminated”, while the records here make it “In force”.";
    assert!(body.contains(sentence), "the disagreement in words");
    let (_, place) = app.page("/en/places/malang").await;
    assert!(place.contains(sentence), "and in the place's list of ties");
    let (_, list) = app.page("/en/ties?q=fuqing").await;
    assert!(list.contains(sentence), "and in the tie list");
    let (_, body) = app.page("/id/ties/malang--fuqing-cn").await;
    assert!(body.contains("Sumber tidak sejalan: Safitri dkk. (sekitar 2022) melaporkan kerja sama ini “Diakhiri”, sedangkan menurut catatan di sini statusnya “Berlaku”."));
    let (_, api) = app.page("/api/v1/ties/malang--fuqing-cn").await;
    let doc: serde_json::Value = serde_json::from_str(&api).unwrap();
    assert_eq!(doc["tie"]["agreement_status"], "in-force");
    assert_eq!(doc["tie"]["methodology_version"], "2");
    assert!(
        doc["tie"]["disagreement"]
            .as_str()
            .unwrap()
            .starts_with("Sources disagree")
    );
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
        "How to object to or correct a figure",
        "Tjandradewi",
    ] {
        assert!(body.contains(text), "{text}");
    }
    // Methodology v2 and its dated changelog.
    for text in [
        "Methodology version 2 (7 December 2026)",
        "Versions and changelog",
        "Methodology version 2 — <time datetime=\"2026-12-07\">7 December 2026</time>",
        "Methodology version 1 — <time datetime=\"2026-11\">November 2026</time>",
        "Term not recorded",
        "Ended (reported)",
        "No single saved form can add more than 20 points",
        "90 points or more",
    ] {
        assert!(body.contains(text), "{text}");
    }
    let (status, body) = app.page("/id/methodology").await;
    assert_eq!(status, 200);
    assert!(
        body.contains("Cara mengajukan keberatan atau koreksi") && body.contains("dalam 90 hari")
    );
    for text in [
        "Versi metodologi 2 (7 Desember 2026)",
        "Versi dan catatan perubahan",
        "Versi metodologi 2 — <time datetime=\"2026-12-07\">7 Desember 2026</time>",
        "Versi metodologi 1 — <time datetime=\"2026-11\">November 2026</time>",
        "Jangka waktu tidak tercatat",
        "Berakhir (menurut sumber)",
        "Tidak ada satu formulir pun yang dapat menambah lebih dari 20 poin",
    ] {
        assert!(body.contains(text), "{text}");
    }
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
    // Methodology v2: an MoU without a recorded term is not counted as in force.
    assert!(map.contains("<title>Braunschweig (Germany) — Term not recorded</title>"));
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
        body.contains("Nusantara Capital City (IKN) – Astana"),
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
