//! Drafts are not public: saving (and editing) a draft of every kind changes neither the home
//! page's latest changes nor any public page's `Last-Modified`.

use crate::common;

use std::collections::BTreeMap;

use common::browser::*;
use common::{TestApp, spawn_app};

/// Public paths: a sample of the sitemap, and the tie's own pages, feeds and API answers.
async fn public_paths(app: &TestApp) -> Vec<String> {
    let xml = app.page("/sitemap.xml").await.1;
    let all: Vec<String> = xml
        .split("<loc>")
        .skip(1)
        .filter_map(|s| s.split("</loc>").next())
        .map(|u| {
            let rest = u.split_once("://").unwrap().1;
            format!("/{}", rest.split_once('/').map(|(_, p)| p).unwrap_or(""))
        })
        .collect();
    let step = (all.len() / 60).max(1);
    let mut paths: Vec<String> = all.into_iter().step_by(step).collect();
    for lang in ["id", "en"] {
        paths.extend([
            format!("/{lang}"),
            format!("/{lang}/ties/{TIE}"),
            format!("/{lang}/ties"),
            format!("/{lang}/reports"),
            format!("/{lang}/places/surabaya"),
            format!("/{lang}/feed.atom"),
            format!("/{lang}/ties/{TIE}/feed.atom"),
            format!("/{lang}/ties/{TIE}/history"),
        ]);
    }
    paths.extend([format!("/api/v1/ties/{TIE}"), "/api/v1/ties".into()]);
    paths.sort();
    paths.dedup();
    paths
}

/// Each path's `Last-Modified` (or none).
async fn dates(app: &TestApp, paths: &[String]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for p in paths {
        let res = app.get(p).await;
        assert_eq!(res.status(), 200, "{p}");
        let lm = res
            .headers()
            .get("last-modified")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        out.insert(p.clone(), lm);
    }
    out
}

/// The home page's "latest changes" section.
async fn latest_changes(app: &TestApp, lang: &str) -> String {
    let body = app.page(&format!("/{lang}")).await.1;
    let start = body
        .find("id=\"h-changes\"")
        .expect("a latest changes section");
    let rest = &body[start..];
    rest[..rest.find("</section>").unwrap()].to_string()
}

fn draft_fields(kind: &str) -> Vec<(&'static str, &'static str)> {
    let mut v = match kind {
        "agreements" => vec![
            ("kind", "mou"),
            ("title", "Draf nota kesepahaman"),
            ("signed_on", "2024-03"),
            ("signatories", "Wali Kota"),
        ],
        "steps" => vec![("step", "dprd-approval"), ("occurred_on", "2023-03")],
        "roadmaps" => vec![
            ("title", "Draf peta jalan"),
            ("period_start", "2026-01-01"),
            ("period_end", "2027-12-31"),
            ("body_md", "Rencana *draf*"),
        ],
        "activities" => vec![
            ("occurred_on", "2026-02-10"),
            ("kind", "visit"),
            ("title", "Draf kunjungan"),
        ],
        "reports" => vec![
            ("title", "Draf laporan"),
            ("body_md", "Isi draf"),
            ("rating_results", "2"),
        ],
        _ => vec![
            ("title", "Draf tonggak"),
            ("target", "20 guru dilatih"),
            ("due_on", "2026-09-30"),
            ("status", "planned"),
        ],
    };
    v.push(("action", "save"));
    v
}

#[tokio::test]
async fn saving_drafts_of_every_kind_changes_no_public_date() {
    let app = spawn_app().await;
    add_user(&app, "pejabat@surabaya.go.id", "official", &["surabaya"]);
    let paths = public_paths(&app).await;
    let before = dates(&app, &paths).await;
    let changes_before = [
        latest_changes(&app, "id").await,
        latest_changes(&app, "en").await,
    ];
    // Dates have whole seconds: let one pass, so that a moved date would show.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;

    let mut b = Browser::new(&app);
    b.sign_in("pejabat@surabaya.go.id").await;
    let mut roadmap = 0;
    for kind in ["agreements", "steps", "roadmaps", "activities", "reports"] {
        b.get(&format!("/en/ties/{TIE}/{kind}/new")).await;
        let p = b
            .post(&format!("/en/ties/{TIE}/{kind}/new"), &draft_fields(kind))
            .await;
        assert_eq!(p.status, 303, "{kind}: {}", p.body);
        let id = id_from_edit_location(&p.location);
        if kind == "roadmaps" {
            roadmap = id;
        }
        // An edit of the draft too.
        let edit = b.get(&p.location).await;
        let mut fields = draft_fields(kind);
        let version = hidden(&edit.body, "version");
        fields.push(("version", &version));
        let p = b.post(&format!("/en/{kind}/{id}/edit"), &fields).await;
        assert_eq!(p.status, 303, "{kind} edit: {}", p.body);
    }
    b.get(&format!("/en/roadmaps/{roadmap}/milestones/new"))
        .await;
    let p = b
        .post(
            &format!("/en/roadmaps/{roadmap}/milestones/new"),
            &draft_fields("milestones"),
        )
        .await;
    assert_eq!(p.status, 303, "milestone: {}", p.body);

    assert_eq!(dates(&app, &paths).await, before, "a Last-Modified moved");
    assert_eq!(latest_changes(&app, "id").await, changes_before[0]);
    assert_eq!(latest_changes(&app, "en").await, changes_before[1]);
}
