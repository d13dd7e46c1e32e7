//! The JSON API and its OpenAPI document.

use crate::common;

use common::spawn_app;

async fn json(app: &common::TestApp, path: &str) -> (u16, String, serde_json::Value) {
    let res = app.get(path).await;
    let status = res.status().as_u16();
    let kind = res
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let body = res.text().await.unwrap();
    (
        status,
        kind,
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("{path}: not JSON ({e}): {body}")),
    )
}

#[tokio::test]
async fn openapi_document_describes_every_endpoint() {
    let app = spawn_app().await;
    let (status, _, doc) = json(&app, "/api/openapi.json").await;
    assert_eq!(status, 200);
    assert_eq!(doc["openapi"], "3.1.0");
    for path in [
        "/api/v1/places",
        "/api/v1/places/{slug}",
        "/api/v1/ties",
        "/api/v1/ties/{id}",
        "/api/v1/reports",
        "/api/v1/reports/{id}",
    ] {
        assert!(doc["paths"][path]["get"].is_object(), "{path} documented");
    }
    let params: Vec<&str> = doc["paths"]["/api/v1/ties"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    for name in [
        "place",
        "country",
        "kind",
        "field",
        "type",
        "signed_from",
        "signed_to",
        "reported",
        "status",
        "activity",
        "grade",
        "roadmap",
        "report",
        "q",
        "sort",
        "page",
        "per_page",
    ] {
        assert!(params.contains(&name), "{name} documented");
    }
    assert!(
        doc["components"]["schemas"]["ExportRow"]["properties"]["agreement_status"].is_object()
    );
    let (status, body) = app.page("/en/api").await;
    assert_eq!(status, 200);
    assert!(body.contains("/api/openapi.json"));
    let (status, body) = app.page("/id/api").await;
    assert_eq!(status, 200);
    assert!(body.contains("API data terbuka"));
}

#[tokio::test]
async fn lists_paginate_with_next_links_and_filters() {
    let app = spawn_app().await;
    let (_, _, page1) = json(&app, "/api/v1/ties?per_page=50").await;
    let (n_places, n_ties) = pantau::import::starter_counts();
    assert_eq!(page1["count"], n_ties);
    assert_eq!(page1["ties"].as_array().unwrap().len(), 50);
    let next = page1["next"].as_str().unwrap().to_string();
    assert!(next.contains("page=2") && next.contains("per_page=50"));
    let last = n_ties.div_ceil(50);
    let (_, _, page3) = json(&app, &format!("/api/v1/ties?per_page=50&page={last}")).await;
    assert_eq!(
        page3["ties"].as_array().unwrap().len(),
        n_ties - 50 * (last - 1)
    );
    assert!(page3["next"].is_null());
    let (_, _, kz) = json(&app, "/api/v1/ties?country=KZ").await;
    assert_eq!(kz["ties"][0]["id"], "ikn-nusantara--astana-kz");
    assert_eq!(kz["filters"]["country"], "KZ");
    let (_, _, places) = json(&app, "/api/v1/places?per_page=100").await;
    assert_eq!(places["count"], n_places);
    assert!(places["next"].as_str().unwrap().contains("page=2"));
    let (_, _, reports) = json(&app, "/api/v1/reports").await;
    assert_eq!(reports["count"], 0);
}

#[tokio::test]
async fn errors_are_problem_documents() {
    let app = spawn_app().await;
    for (path, status) in [
        ("/api/v1/ties/nothing--here", 404),
        ("/api/v1/places/atlantis", 404),
        ("/api/v1/reports/999999", 404),
        ("/api/v1/reports/abc", 404),
        ("/api/v1/nothing", 404),
        ("/api/v1/ties?status=alive", 400),
        ("/api/v1/ties?sort=1;DROP", 400),
        ("/api/v1/places?per_page=100000", 400),
    ] {
        let (got, kind, doc) = json(&app, path).await;
        assert_eq!(got, status, "{path}");
        assert_eq!(kind, "application/problem+json", "{path}");
        assert_eq!(doc["status"], status, "{path}");
        assert!(doc["title"].is_string() && doc["detail"].is_string());
    }
}

#[tokio::test]
async fn cors_is_open_for_get() {
    let app = spawn_app().await;
    let res = app.get("/api/v1/ties/ikn-nusantara--astana-kz").await;
    assert_eq!(res.headers()["access-control-allow-origin"], "*");
}

#[tokio::test]
async fn the_score_on_the_page_equals_the_api() {
    let app = spawn_app().await;
    for id in [
        "ikn-nusantara--astana-kz",
        "surabaya--liverpool-gb",
        "bandung--braunschweig-de",
        "jakarta--seoul-kr",
    ] {
        let (_, _, doc) = json(&app, &format!("/api/v1/ties/{id}")).await;
        let (_, page) = app.page(&format!("/en/ties/{id}")).await;
        let score = doc["tie"]["score"].as_u64().unwrap();
        assert!(
            page.contains(&format!("{score} of 100")),
            "{id}: score {score}"
        );
        assert!(page.contains(&format!("grade-{}", doc["tie"]["grade"].as_str().unwrap())));
        for check in doc["score_checks"].as_array().unwrap() {
            let earned = check["earned"].as_u64().unwrap();
            let points = check["points"].as_u64().unwrap();
            let reason = check["reason"].as_str().unwrap().replace('\'', "&#39;");
            assert!(
                page.contains(&format!("{earned} / {points}")),
                "{id}: {check}"
            );
            assert!(page.contains(&reason), "{id}: the reason {reason}");
        }
        assert!(page.contains(doc["tie"]["agreement_status_reason"].as_str().unwrap()));
    }
    let (_, _, ikn) = json(&app, "/api/v1/ties/ikn-nusantara--astana-kz").await;
    assert_eq!(ikn["tie"]["ceremonial"], true);
    assert_eq!(ikn["tie"]["activity_status"], "silent");
    assert_eq!(ikn["agreements"][0]["signed_on"], "2023-07-03");
    assert!(
        ikn["reported_statuses"][0]["sources"]
            .as_array()
            .unwrap()
            .len()
            == 4
    );
    assert!(
        ikn.to_string().find(".txt").is_none(),
        "no source file names"
    );
}
