//! Open data a newsroom can rely on: the API carries every fact of a tie page, dates keep their
//! precision in the dump, CSV, JSON and API, every open-data answer has validators and answers
//! 304, the API is consistent (integer paging, unknown parameters and malformed ids refused,
//! Link headers, CORS preflight), the data licence is named everywhere, and exports longer than
//! one piece are streamed whole and in order.

use crate::common;

use common::{TestApp, spawn_app};
use diesel::prelude::*;
use pantau::i18n::{Lang, PartialDate};
use pantau::schema::{citations, reported_statuses, reports, revisions, sources, ties};

async fn json(app: &TestApp, path: &str) -> serde_json::Value {
    let (status, body) = app.page(path).await;
    assert_eq!(status, 200, "{path}: {body}");
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// An answer's `Link` headers, joined.
fn links(res: &reqwest::Response) -> String {
    res.headers()
        .get_all("link")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The text as the page writes it (askama escapes these).
fn html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn csv_rows(body: &str) -> Vec<std::collections::HashMap<String, String>> {
    csv::Reader::from_reader(body.as_bytes())
        .deserialize()
        .map(Result::unwrap)
        .collect()
}

#[tokio::test]
async fn every_fact_of_a_tie_page_is_in_the_api() {
    let app = spawn_app().await;
    let mut conn = app.db.connect();
    // The tie whose reported statuses cite the most sources; its first status dated December
    // 2022 (as an editor records a source's date; the starter data gives none).
    type StatusRow = (i32, i32, Option<chrono::NaiveDate>, Option<String>, String);
    let all: Vec<StatusRow> = reported_statuses::table
        .select((
            reported_statuses::id,
            reported_statuses::tie_id,
            reported_statuses::as_of,
            reported_statuses::as_of_precision,
            reported_statuses::status,
        ))
        .load(&mut conn)
        .unwrap();
    let rows = all;
    // A source by its title, or by its address when it has no title (a web page).
    let cited: Vec<(i32, String, Option<String>)> = citations::table
        .inner_join(sources::table)
        .filter(citations::subject_kind.eq("reported_status"))
        .select((citations::subject_id, sources::title, sources::url))
        .load(&mut conn)
        .unwrap();
    let (status_id, tie_id) = rows
        .iter()
        .max_by_key(|r| cited.iter().filter(|c| c.0 == r.0).count())
        .map(|r| (r.0, r.1))
        .unwrap();
    diesel::update(reported_statuses::table.find(status_id))
        .set((
            reported_statuses::as_of.eq(chrono::NaiveDate::from_ymd_opt(2022, 12, 1)),
            reported_statuses::as_of_precision.eq(Some("month")),
        ))
        .execute(&mut conn)
        .unwrap();
    let rows: Vec<_> = rows
        .into_iter()
        .map(|mut r| {
            if r.0 == status_id {
                r.2 = chrono::NaiveDate::from_ymd_opt(2022, 12, 1);
                r.3 = Some("month".into());
            }
            r
        })
        .collect();
    let slug: String = ties::table
        .find(tie_id)
        .select(ties::slug)
        .first(&mut conn)
        .unwrap();
    // A published report with a comment on an indicator.
    let now = pantau::db::now();
    let report_id: i32 = diesel::insert_into(reports::table)
        .values((
            reports::tie_id.eq(tie_id),
            reports::title.eq("Evaluasi 2026"),
            reports::body_md.eq("Temuan."),
            reports::author_name.eq("Dr. Sari"),
            reports::independent.eq(true),
            reports::rating_mou.eq(Some(2)),
            reports::comment_mou.eq("MoU dipantau tiap tahun"),
            reports::published_at.eq(Some(now)),
            reports::created_at.eq(now),
            reports::updated_at.eq(now),
        ))
        .returning(reports::id)
        .get_result(&mut conn)
        .unwrap();

    let (status, page) = app.page(&format!("/en/ties/{slug}")).await;
    assert_eq!(status, 200);
    let api = json(&app, &format!("/api/v1/ties/{slug}")).await;
    let mut without_history = api.clone();
    without_history["revisions"] = serde_json::Value::Null;
    let api_text = without_history.to_string();
    let reported = api["reported_statuses"].as_array().unwrap();
    let mine: Vec<_> = rows.iter().filter(|r| r.1 == tie_id).collect();
    assert_eq!(reported.len(), mine.len());
    let mut facts = 0;
    for (id, _, as_of, precision, status) in &mine {
        let label = Lang::En.vocab("reported-status", status);
        assert!(page.contains(&html(&label)), "{label} on the page");
        if let Some(d) = PartialDate::from_db(*as_of, precision.as_deref()) {
            // The page says "Expired (December 2022)"; the API gives 2022-12 at month precision.
            assert!(
                page.contains(&html(&d.show(Lang::En))),
                "{} on the page",
                d.show(Lang::En)
            );
            assert!(
                reported
                    .iter()
                    .any(|r| r["status"] == *status && r["as_of"] == d.iso()),
                "{status} as of {} in the API",
                d.iso()
            );
            facts += 1;
        }
        for (_, title, url) in cited.iter().filter(|c| c.0 == *id) {
            let (key, value) = match url {
                Some(u) if title.is_empty() => ("url", u.clone()),
                _ => ("title", title.clone()),
            };
            assert!(page.contains(&html(&value)), "source {value} on the page");
            assert!(
                reported.iter().any(|r| r["sources"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|s| s["source"][key] == *value)),
                "source {value} in the API"
            );
            facts += 1;
        }
    }
    assert!(facts >= 2, "{facts} facts checked");
    // The report with its comment (on the report's page and in the tie's API answer).
    let (_, report_page) = app.page(&format!("/en/reports/{report_id}")).await;
    assert!(report_page.contains("MoU dipantau tiap tahun"));
    let report = api["reports"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == report_id)
        .expect("the report in the API");
    assert_eq!(
        report["indicators"]["mou"]["comment"],
        "MoU dipantau tiap tahun"
    );
    assert_eq!(report["indicators"]["mou"]["rating"], 2);
    assert!(report["indicators"]["results"]["comment"].is_null());
    // The public history: as many revisions as the history page lists, newest first, dated in UTC.
    let public: i64 = revisions::table
        .filter(revisions::tie_id.eq(tie_id))
        .filter(revisions::action.eq_any(pantau::models::revision::PUBLIC_ACTIONS))
        .count()
        .get_result(&mut conn)
        .unwrap();
    let history = api["revisions"].as_array().unwrap();
    assert!(public > 0);
    assert_eq!(history.len() as i64, public);
    assert!(history[0]["changed_at"].as_str().unwrap().ends_with('Z'));
    let (status, _) = app.page(&format!("/en/ties/{slug}/history")).await;
    assert_eq!(status, 200);
    // Every agreement on the page is in the API with its date at its precision.
    for ag in api["agreements"].as_array().unwrap() {
        if let Some(d) = ag["signed_on"].as_str() {
            let parsed = PartialDate::parse(d).unwrap();
            assert!(page.contains(&html(&parsed.show(Lang::En))), "{d}");
        }
    }
    assert!(api["tie"]["updated_at"].as_str().unwrap().ends_with('Z'));
    assert!(
        !api_text.contains("\"\""),
        "missing values are null, not \"\""
    );
    // Sources have their own list.
    let list = json(&app, "/api/v1/sources?per_page=500").await;
    assert!(list["count"].as_u64().unwrap() > 90);
}

#[tokio::test]
async fn partial_dates_keep_their_precision_everywhere() {
    let app = spawn_app().await;
    let list = json(&app, "/api/v1/ties?per_page=500").await;
    let all = list["ties"].as_array().unwrap();
    let year = all
        .iter()
        .find(|t| t["first_agreement_signed_precision"] == "year")
        .expect("a first agreement dated by its year");
    let month = all
        .iter()
        .find(|t| t["started_precision"] == "month")
        .expect("a start dated by its month");
    let year_id = year["id"].as_str().unwrap();
    let month_id = month["id"].as_str().unwrap();
    let signed = year["first_agreement_signed_on"].as_str().unwrap();
    let started = month["started_on"].as_str().unwrap();
    assert_eq!(signed.len(), 4, "{signed}");
    assert_eq!(started.len(), 7, "{started}");
    // Without an agreement on record, a start reported by sources is not an agreement's date.
    assert!(
        all.iter()
            .filter(|t| t["first_agreement_type"].is_null())
            .all(|t| t["first_agreement_signed_on"].is_null())
    );

    // CSV and JSON exports, in both languages.
    for lang in ["en", "id"] {
        let (_, body) = app.page(&format!("/{lang}/ties.csv")).await;
        let rows = csv_rows(&body);
        let row = |id: &str| rows.iter().find(|r| r["id"] == id).unwrap().clone();
        assert_eq!(row(year_id)["first_agreement_signed_on"], signed);
        assert_eq!(row(month_id)["started_on"], started);
        let doc = json(&app, &format!("/{lang}/ties.json")).await;
        let find = |id: &str| {
            doc["ties"]
                .as_array()
                .unwrap()
                .iter()
                .find(|t| t["id"] == id)
                .unwrap()
                .clone()
        };
        assert_eq!(find(year_id)["first_agreement_signed_on"], signed);
        assert_eq!(find(month_id)["started_on"], started);
    }
    // The API's record.
    let detail = json(&app, &format!("/api/v1/ties/{year_id}")).await;
    assert!(
        detail["agreements"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["signed_on"] == signed && a["signed_precision"] == "year")
    );
    // The dump.
    let (_, dump) = app.page("/data/pantau.jsonl").await;
    let lines: Vec<serde_json::Value> = dump
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let tie_row = |slug: &str| {
        lines
            .iter()
            .find(|l| l["table"] == "ties" && l["row"]["slug"] == slug)
            .unwrap()["row"]
            .clone()
    };
    assert_eq!(tie_row(month_id)["started_on"], started);
    assert_eq!(tie_row(month_id)["started_precision"], "month");
    let year_tie = tie_row(year_id)["id"].clone();
    assert!(lines.iter().any(|l| l["table"] == "agreements"
        && l["row"]["tie_id"] == year_tie
        && l["row"]["signed_on"] == signed
        && l["row"]["signed_precision"] == "year"));
    // Timestamps are UTC with Z, everywhere in the dump.
    let created = tie_row(month_id)["created_at"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(created.ends_with('Z'), "{created}");
    assert!(lines.iter().any(|l| l["table"] == "revisions"));
}

#[tokio::test]
async fn conditional_gets_answer_304_on_exports_feeds_the_api_and_the_dump() {
    let app = spawn_app().await;
    for path in [
        "/en/ties.csv?country=JP",
        "/en/ties.xlsx",
        "/id/places.csv",
        "/en/reports.json",
        "/en/feed.atom",
        "/id/ties/ikn-nusantara--astana-kz/feed.atom",
        "/api/v1/ties",
        "/api/v1/places?page=2",
        "/api/v1/ties/ikn-nusantara--astana-kz",
        "/data/pantau.jsonl",
        "/data/datapackage.json",
        "/sitemap.xml",
    ] {
        let res = app.get(path).await;
        assert_eq!(res.status(), 200, "{path}");
        let etag = res.headers()["etag"].to_str().unwrap().to_string();
        let cache = res.headers()["cache-control"].to_str().unwrap().to_string();
        assert!(cache.starts_with("public, max-age="), "{path}: {cache}");
        let again = app
            .client
            .get(format!("{}{}", app.address, path))
            .header("If-None-Match", &etag)
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), 304, "{path} with If-None-Match {etag}");
        assert!(again.bytes().await.unwrap().is_empty());
        let stale = app
            .client
            .get(format!("{}{}", app.address, path))
            .header("If-None-Match", "W/\"stale\"")
            .send()
            .await
            .unwrap();
        assert_eq!(stale.status(), 200, "{path} with a stale ETag");
    }
    // Where the data says when it changed, If-Modified-Since works too.
    for path in ["/api/v1/ties", "/en/feed.atom", "/data/pantau.jsonl"] {
        let res = app.get(path).await;
        let lm = res.headers()["last-modified"].to_str().unwrap().to_string();
        let again = app
            .client
            .get(format!("{}{}", app.address, path))
            .header("If-Modified-Since", &lm)
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), 304, "{path} with If-Modified-Since");
    }
}

#[tokio::test]
async fn the_api_is_consistent() {
    let app = spawn_app().await;
    // Integer paging with one set of limits on every list.
    for list in [
        "/api/v1/ties",
        "/api/v1/places",
        "/api/v1/reports",
        "/api/v1/sources",
    ] {
        let doc = json(&app, &format!("{list}?per_page=500")).await;
        assert_eq!(doc["per_page"], 500, "{list}");
        let (status, body) = app.page(&format!("{list}?per_page=501")).await;
        assert_eq!(status, 400, "{list}");
        assert!(body.contains("per_page"));
        // An unknown parameter is refused and named, not silently dropped.
        let res = app.get(&format!("{list}?country=JP&zz=1")).await;
        if list == "/api/v1/ties" {
            assert_eq!(res.status(), 400);
            let doc: serde_json::Value = serde_json::from_str(&res.text().await.unwrap()).unwrap();
            assert_eq!(doc["invalid_params"], serde_json::json!(["zz"]));
        } else {
            assert_eq!(res.status(), 400, "{list}");
            assert_eq!(res.headers()["content-type"], "application/problem+json");
            let doc: serde_json::Value = serde_json::from_str(&res.text().await.unwrap()).unwrap();
            assert_eq!(doc["invalid_params"], serde_json::json!(["country", "zz"]));
        }
    }
    // Link headers with absolute URLs; `next` is absolute too.
    let res = app.get("/api/v1/ties?country=JP&per_page=5&page=2").await;
    let link = links(&res);
    let doc: serde_json::Value = serde_json::from_str(&res.text().await.unwrap()).unwrap();
    let next = doc["next"].as_str().unwrap();
    assert!(next.starts_with("http://"), "{next}");
    assert!(link.contains(&format!("<{next}>; rel=\"next\"")), "{link}");
    for rel in ["first", "prev", "last"] {
        assert!(link.contains(&format!("rel=\"{rel}\"")), "{link}");
    }
    assert!(
        doc["ties"][0]["url"]
            .as_str()
            .unwrap()
            .starts_with("http://")
    );
    // CORS: preflight answered, validators readable.
    let pre = app
        .client
        .request(
            reqwest::Method::OPTIONS,
            format!("{}/api/v1/ties", app.address),
        )
        .header("Origin", "https://newsroom.example")
        .header("Access-Control-Request-Method", "GET")
        .send()
        .await
        .unwrap();
    assert_eq!(pre.status(), 204);
    assert_eq!(pre.headers()["access-control-allow-origin"], "*");
    assert!(
        pre.headers()["access-control-allow-methods"]
            .to_str()
            .unwrap()
            .contains("GET")
    );
    let res = app.get("/api/v1/ties").await;
    assert!(
        res.headers()["access-control-expose-headers"]
            .to_str()
            .unwrap()
            .contains("ETag")
    );
    // The index, the OpenAPI document's servers, licence and integer paging.
    let index = json(&app, "/api/v1").await;
    assert_eq!(index["licence"]["id"], "CC-BY-4.0");
    let doc = json(&app, "/api/openapi.json").await;
    assert_eq!(
        doc["info"]["license"]["url"],
        "https://creativecommons.org/licenses/by/4.0/"
    );
    assert!(
        doc["servers"][0]["url"]
            .as_str()
            .unwrap()
            .starts_with("http://")
    );
    assert!(doc["paths"]["/api/v1/sources"]["get"].is_object());
    for list in ["/api/v1/ties", "/api/v1/places", "/api/v1/reports"] {
        let page = doc["paths"][list]["get"]["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == "per_page")
            .unwrap()
            .clone();
        assert_eq!(page["schema"]["maximum"], 500, "{list}");
        assert!(
            page["schema"]["type"].to_string().contains("integer"),
            "{list}: {page}"
        );
    }
}

#[tokio::test]
async fn the_data_licence_is_named_everywhere() {
    let app = spawn_app().await;
    for path in [
        "/en/ties.csv",
        "/id/places.json",
        "/data/pantau.jsonl",
        "/en/ties.xlsx",
        "/api/v1/ties",
    ] {
        let res = app.get(path).await;
        let links: Vec<String> = res
            .headers()
            .get_all("link")
            .iter()
            .map(|v| v.to_str().unwrap().to_string())
            .collect();
        assert!(
            links
                .iter()
                .any(|l| l
                    .contains("<https://creativecommons.org/licenses/by/4.0/>; rel=\"license\"")),
            "{path}: {links:?}"
        );
    }
    for lang in ["id", "en"] {
        let (_, page) = app.page(&format!("/{lang}/")).await;
        assert!(page.contains("CC BY 4.0") && page.contains("rel=\"license\""));
        let (_, api) = app.page(&format!("/{lang}/api")).await;
        assert!(api.contains("creativecommons.org/licenses/by/4.0/") && api.contains("MIT"));
    }
    let package = json(&app, "/data/datapackage.json").await;
    assert_eq!(package["licenses"][0]["name"], "CC-BY-4.0");
    let names: Vec<&str> = package["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["places", "ties", "reports"]);
    // xlsx is a zip with the spreadsheet's media type.
    let res = app.get("/en/ties.xlsx?country=JP").await;
    assert_eq!(
        res.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert!(res.bytes().await.unwrap().starts_with(b"PK"));
}

#[tokio::test]
async fn feeds_have_no_epoch_and_unique_updated() {
    let app = spawn_app().await;
    // A place without ties has an empty feed, dated by the data's last change.
    let places = json(&app, "/api/v1/places?per_page=500").await;
    let lonely = places["places"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["ties"] == 0)
        .unwrap()["slug"]
        .as_str()
        .unwrap()
        .to_string();
    for path in [
        "/en/feed.atom".to_string(),
        "/en/places/bandung/feed.atom".to_string(),
        format!("/en/places/{lonely}/feed.atom"),
    ] {
        let (status, body) = app.page(&path).await;
        assert_eq!(status, 200, "{path}");
        assert!(!body.contains("1970-01-01"), "{path}");
        let doc = roxmltree::Document::parse(&body).unwrap();
        let updated: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("entry"))
            .filter_map(|e| e.children().find(|c| c.has_tag_name("updated")))
            .filter_map(|n| n.text())
            .collect();
        let unique: std::collections::HashSet<_> = updated.iter().collect();
        assert_eq!(unique.len(), updated.len(), "{path}: unique updated");
        for e in doc.descendants().filter(|n| n.has_tag_name("entry")) {
            let text = |name: &str| {
                e.children()
                    .find(|c| c.has_tag_name(name))
                    .and_then(|n| n.text())
                    .unwrap_or("")
                    .to_string()
            };
            assert!(!text("content").is_empty() && text("content") != text("title"));
        }
    }
    let (_, sitemap) = app.page("/sitemap.xml").await;
    assert!(sitemap.contains("<lastmod>") && sitemap.contains("/en/api</loc>"));
}

/// An official of Surabaya saves an activity as a draft; returns its id and where to edit it.
async fn activity_draft(b: &mut common::browser::Browser<'_>, title: &str) -> (i32, String) {
    use common::browser::*;
    let p = b
        .post(
            &format!("/en/ties/{TIE}/activities/new"),
            &[
                ("occurred_on", "2026-02-10"),
                ("kind", "visit"),
                ("title", title),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    (id_from_edit_location(&p.location), p.location)
}

#[tokio::test]
async fn revisions_have_their_own_endpoints_with_public_changes_only() {
    use common::browser::*;
    let app = spawn_app().await;
    add_user(&app, "pejabat@surabaya.go.id", "official", &["surabaya"]);
    let mut b = Browser::new(&app);
    b.sign_in("pejabat@surabaya.go.id").await;
    // One activity published, one left a draft (and edited).
    let (published, edit) = activity_draft(&mut b, "Kunjungan guru ke Liverpool").await;
    let version = hidden(&b.get(&edit).await.body, "version");
    let p = b
        .post(
            &format!("/en/activities/{published}/publish"),
            &[("version", &version)],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let (draft, edit) = activity_draft(&mut b, "Rencana rahasia").await;
    let version = hidden(&b.get(&edit).await.body, "version");
    let p = b
        .post(
            &format!("/en/activities/{draft}/edit"),
            &[
                ("occurred_on", "2026-02-11"),
                ("kind", "visit"),
                ("title", "Rencana rahasia, diubah"),
                ("action", "save"),
                ("version", &version),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);

    // The tie's revisions: the publication first, the draft nowhere, no account's e-mail.
    let path = format!("/api/v1/ties/{TIE}/revisions");
    let (status, body) = app.page(&path).await;
    assert_eq!(status, 200, "{body}");
    assert!(
        !body.contains("rahasia") && !body.contains("pejabat@"),
        "{body}"
    );
    let list: serde_json::Value = serde_json::from_str(&body).unwrap();
    let first = &list["revisions"][0];
    assert_eq!(first["subject_kind"], "activity");
    assert_eq!(first["subject_id"], published);
    assert_eq!(first["action"], "publish");
    assert_eq!(first["tie"], TIE);
    assert_eq!(first["after"]["title"], "Kunjungan guru ke Liverpool");
    let all = list["revisions"].as_array().unwrap();
    assert!(
        !all.iter()
            .any(|r| r["subject_id"] == draft && r["subject_kind"] == "activity")
    );
    // The same history as the tie's answer, which carries it whole.
    let tie = json(&app, &format!("/api/v1/ties/{TIE}")).await;
    assert_eq!(list["count"], tie["revisions"].as_array().unwrap().len());
    assert_eq!(all.len(), tie["revisions"].as_array().unwrap().len());
    // Paged like every list, with Link headers.
    let res = app.get(&format!("{path}?per_page=1")).await;
    let link = links(&res);
    assert!(link.contains("rel=\"next\""), "{link}");
    let one: serde_json::Value = serde_json::from_str(&res.text().await.unwrap()).unwrap();
    assert_eq!(one["revisions"].as_array().unwrap().len(), 1);
    assert_eq!(one["revisions"][0]["id"], first["id"]);

    // One record's history, and a kind's.
    let record = json(&app, &format!("/api/v1/revisions/activity/{published}")).await;
    assert_eq!(record["count"], 1);
    assert_eq!(record["revisions"][0]["id"], first["id"]);
    let kind = json(&app, "/api/v1/revisions?subject_kind=activity").await;
    assert_eq!(kind["count"], 1, "the draft's changes are not public");
    let everything = json(&app, "/api/v1/revisions").await;
    assert_eq!(
        everything["revisions"][0]["id"], first["id"],
        "newest first"
    );
    assert!(everything["count"].as_u64().unwrap() > list["count"].as_u64().unwrap());
    // A draft has no public history: not found, like a record that does not exist.
    for query in [format!("activity/{draft}"), "report/999999".into()] {
        let res = app.get(&format!("/api/v1/revisions/{query}")).await;
        assert_eq!(res.status(), 404, "{query}");
        assert_eq!(res.headers()["content-type"], "application/problem+json");
    }

    // Bad parameters: 400 problem documents naming them.
    for (query, names) in [
        ("/api/v1/revisions?subject_id=3", vec!["subject_id"]),
        ("/api/v1/revisions?subject_kind=user", vec!["subject_kind"]),
        ("/api/v1/revisions/user/1", vec!["subject_kind"]),
        ("/api/v1/revisions/tie/x", vec!["subject_id"]),
        ("/api/v1/revisions/tie/0", vec!["subject_id"]),
        (
            "/api/v1/revisions/tie/1?subject_kind=tie",
            vec!["subject_kind"],
        ),
        ("/api/v1/revisions?tie=x&zz=1", vec!["tie", "zz"]),
        ("/api/v1/revisions?per_page=501", vec!["per_page"]),
        (&*format!("{path}?subject_kind=tie"), vec!["subject_kind"]),
        (&*format!("{path}?page=0"), vec!["page"]),
        ("/api/v1/ties/Bad%20Id/revisions", vec![]),
    ] {
        let res = app.get(query).await;
        assert_eq!(res.status(), 400, "{query}");
        assert_eq!(res.headers()["content-type"], "application/problem+json");
        let doc: serde_json::Value = serde_json::from_str(&res.text().await.unwrap()).unwrap();
        let named: Vec<&str> = doc["invalid_params"]
            .as_array()
            .map(|a| a.iter().map(|n| n.as_str().unwrap()).collect())
            .unwrap_or_default();
        assert_eq!(named, names, "{query}");
    }
    let (status, _) = app.page("/api/v1/ties/nothing--here/revisions").await;
    assert_eq!(status, 404);

    // Validators and 304, the index, the OpenAPI document and the docs page name them.
    for path in [path.as_str(), "/api/v1/revisions?subject_kind=activity"] {
        let res = app.get(path).await;
        let etag = res.headers()["etag"].to_str().unwrap().to_string();
        let again = app
            .client
            .get(format!("{}{path}", app.address))
            .header("If-None-Match", &etag)
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), 304, "{path}");
    }
    let index = json(&app, "/api/v1").await;
    assert!(
        index["endpoints"]["revisions"]
            .as_str()
            .unwrap()
            .ends_with("/api/v1/revisions")
    );
    assert!(
        index["endpoints"]["tie_revisions"]
            .as_str()
            .unwrap()
            .ends_with("/api/v1/ties/{id}/revisions")
    );
    assert!(
        index["endpoints"]["record_revisions"]
            .as_str()
            .unwrap()
            .ends_with("/api/v1/revisions/{subject_kind}/{subject_id}")
    );
    let doc = json(&app, "/api/openapi.json").await;
    for p in [
        "/api/v1/revisions",
        "/api/v1/ties/{id}/revisions",
        "/api/v1/revisions/{subject_kind}/{subject_id}",
    ] {
        assert!(doc["paths"][p]["get"].is_object(), "{p}");
    }
    for lang in ["id", "en"] {
        let (_, page) = app.page(&format!("/{lang}/api")).await;
        assert!(
            page.contains("/api/v1/revisions") && page.contains("/revisions</code>"),
            "{lang}"
        );
    }
}

/// Exports longer than one piece (1,000 ties or reports are read and written at a time) are
/// streamed whole and in order: the CSV and JSON of the tie list hold every tie once, in the API's
/// order, the report exports every published report, and the dump every tie; they go out
/// chunked, with the ETag of what determines them.
#[tokio::test]
async fn exports_longer_than_a_piece_are_streamed_whole_and_in_order() {
    let db = std::sync::Arc::new(common::TestDb::new());
    let app = common::spawn_app_with(db.clone(), |s| s.starter_data = false).await;
    let opts = pantau::generate::Options {
        places: 300,
        ties: 1_234,
        reports: 1_100,
        seed: 5,
        today: chrono::Utc::now().date_naive(),
        starter_data: false,
    };
    pantau::generate::generate(&mut db.connect(), &opts).unwrap();
    // Another process's write shows after the cache's version check (250 ms).
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;

    let mut api_order: Vec<String> = Vec::new();
    for page in 1..=3 {
        let doc = json(
            &app,
            &format!("/api/v1/ties?sort=-score&per_page=500&page={page}"),
        )
        .await;
        for t in doc["ties"].as_array().unwrap() {
            api_order.push(t["id"].as_str().unwrap().to_string());
        }
    }
    assert_eq!(api_order.len(), 1_234);

    let res = app.get("/en/ties.csv?sort=-score").await;
    assert_eq!(res.status(), 200);
    assert!(
        res.headers().get("content-length").is_none(),
        "streamed, not sized"
    );
    assert!(res.headers()["etag"].to_str().unwrap().starts_with("W/\""));
    let csv: Vec<String> = csv_rows(&res.text().await.unwrap())
        .into_iter()
        .map(|r| r["id"].clone())
        .collect();
    assert_eq!(
        csv, api_order,
        "the CSV's rows, across pieces, in the list's order"
    );

    let doc = json(&app, "/id/ties.json?sort=-score").await;
    assert_eq!(doc["count"], 1_234);
    let ids: Vec<&str> = doc["ties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids, api_order,
        "the JSON's rows, across pieces, in the list's order"
    );

    let published: i64 = reports::table
        .filter(reports::published_at.is_not_null())
        .count()
        .get_result(&mut db.connect())
        .unwrap();
    assert!(published > 1_000, "{published} published reports");
    let (status, body) = app.page("/en/reports.csv").await;
    assert_eq!(status, 200);
    let rows = csv_rows(&body);
    assert_eq!(rows.len() as i64, published);
    let mut unique: Vec<&String> = rows.iter().map(|r| &r["id"]).collect();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), rows.len(), "every report once");
    let doc = json(&app, "/id/reports.json").await;
    assert_eq!(doc["count"], published);
    assert_eq!(doc["reports"].as_array().unwrap().len() as i64, published);

    let (status, dump) = app.page("/data/pantau.jsonl").await;
    assert_eq!(status, 200);
    let lines: Vec<serde_json::Value> = dump
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let tie_ids: Vec<i64> = lines
        .iter()
        .filter(|l| l["table"] == "ties")
        .map(|l| l["row"]["id"].as_i64().unwrap())
        .collect();
    assert_eq!(tie_ids.len(), 1_234);
    assert!(
        tie_ids.windows(2).all(|w| w[0] < w[1]),
        "ties by id, once each"
    );
    let dumped_reports = lines.iter().filter(|l| l["table"] == "reports").count();
    assert_eq!(dumped_reports as i64, published);
}
