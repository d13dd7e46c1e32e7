//! The tie list: filters, sort, pagination, bad values, and exports of exactly the same rows.

use crate::common;

use common::spawn_app;

/// The tie ids linked from a list page's table (the partner's cell), in order.
fn tie_ids(body: &str, lang: &str) -> Vec<String> {
    let marker = format!("<td><a href=\"/{lang}/ties/");
    body.match_indices(&marker)
        .map(|(i, _)| {
            body[i + marker.len()..]
                .chars()
                .take_while(|c| *c != '"')
                .collect()
        })
        .collect()
}

#[tokio::test]
async fn country_filter_finds_ikn_astana() {
    let app = spawn_app().await;
    let (status, body) = app.page("/en/ties?country=KZ").await;
    assert_eq!(status, 200);
    assert_eq!(tie_ids(&body, "en"), vec!["ikn-nusantara--astana-kz"]);
    assert!(
        body.contains("1 tie") && !body.contains("1 ties"),
        "singular"
    );
}

#[tokio::test]
async fn every_filter_narrows_and_combines() {
    let app = spawn_app().await;
    let (_, n_ties) = pantau::import::starter_counts();
    let mut listed = 0;
    for page in 1..=n_ties.div_ceil(100) {
        let (_, body) = app
            .page(&format!("/en/ties?per_page=100&page={page}"))
            .await;
        listed += tie_ids(&body, "en").len();
    }
    assert_eq!(listed, n_ties, "every tie on the pages of 100");
    for (query, expect_some) in [
        ("country=JP", true),
        ("kind=province", true),
        ("field=education", true),
        ("type=loi", true),
        ("signed_from=2015&signed_to=2020", true),
        ("reported=terminated", true),
        ("status=proposed", true),
        ("activity=silent", true),
        ("grade=E", true),
        ("roadmap=no", true),
        ("report=no", true),
        ("ceremonial=yes", true),
        ("place=bandung", true),
        ("q=liverpool", true),
        ("q=pecs", true),
        ("roadmap=yes", false),
        ("status=lapsed", false),
        ("country=JP&type=loi&grade=A", false),
    ] {
        let (status, body) = app.page(&format!("/en/ties?per_page=100&{query}")).await;
        assert_eq!(status, 200, "{query}");
        let ids = tie_ids(&body, "en");
        assert_eq!(!ids.is_empty(), expect_some, "{query}: {ids:?}");
        // Every starter tie is silent, at grade E, with no roadmap and no report (nothing
        // published yet): those filters match them all. Counted over all pages (the CSV export).
        let all_match = matches!(
            query,
            "activity=silent" | "grade=E" | "roadmap=no" | "report=no"
        );
        let matched = app
            .get(&format!("/en/ties.csv?{query}"))
            .await
            .text()
            .await
            .unwrap()
            .lines()
            .count()
            - 1;
        assert!(
            matched < n_ties || !expect_some || all_match,
            "{query} narrows ({matched} of {n_ties})"
        );
        if !expect_some {
            assert!(
                body.contains("No tie matches these filters."),
                "{query}: the empty result says so"
            );
        }
    }
    let (_, body) = app.page("/en/ties?country=JP&per_page=100").await;
    assert!(tie_ids(&body, "en").iter().all(|id| id.ends_with("-jp")));
    let (_, body) = app.page("/en/ties?q=P%C3%A9cs").await;
    assert_eq!(
        tie_ids(&body, "en"),
        vec!["malang--pecs-hu"],
        "accents folded both ways"
    );
    let (_, body) = app
        .page("/en/ties?signed_from=2015&signed_to=2020&type=mou&country=CN&per_page=100")
        .await;
    let ids = tie_ids(&body, "en");
    assert!(ids.contains(&"malang--fuqing-cn".to_string()), "{ids:?}");
}

/// The ids and first-agreement dates of an API list (every page of up to 500).
async fn api_ties(app: &common::TestApp, query: &str) -> Vec<(String, Option<String>)> {
    let (status, body) = app
        .page(&format!("/api/v1/ties?per_page=500&{query}"))
        .await;
    assert_eq!(status, 200, "{query}: {body}");
    let doc: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert!(doc["next"].is_null(), "{query}: one page holds them all");
    doc["ties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["id"].as_str().unwrap().to_string(),
                t["first_agreement_signed_on"].as_str().map(str::to_string),
            )
        })
        .collect()
}

#[tokio::test]
async fn first_agreement_years_ignore_a_start_reported_without_an_agreement() {
    let app = spawn_app().await;
    // Jakarta–Tokyo: sources date its start 1989, and no agreement is on record.
    let (_, body) = app.page("/api/v1/ties/jakarta--tokyo-jp").await;
    let tokyo: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(tokyo["tie"]["started_on"], "1989");
    assert!(tokyo["tie"]["first_agreement_signed_on"].is_null());
    let query = "signed_from=1985&signed_to=1995";
    // The filter in SQL (the API, the list pages in both languages, the export)…
    let found = api_ties(&app, query).await;
    assert!(
        !found.is_empty(),
        "agreements signed 1985–1995 are on record"
    );
    for (id, signed) in &found {
        let year: i32 = signed
            .as_deref()
            .unwrap_or_else(|| panic!("{id} has no first agreement"))[..4]
            .parse()
            .unwrap();
        assert!((1985..=1995).contains(&year), "{id}: {year}");
    }
    assert!(!found.iter().any(|(id, _)| id == "jakarta--tokyo-jp"));
    for lang in ["en", "id"] {
        let (_, page) = app
            .page(&format!("/{lang}/ties?{query}&per_page=100"))
            .await;
        let ids = tie_ids(&page, lang);
        assert_eq!(ids.len(), found.len(), "{lang}");
        assert!(!ids.contains(&"jakarta--tokyo-jp".to_string()), "{lang}");
    }
    let csv = app
        .get(&format!("/en/ties.csv?{query}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(!csv.contains("jakarta--tokyo-jp"));
    // …and in memory, over a fresh assessment.
    let mut conn = app.db.connect();
    let ties = pantau::models::tie::Tie::all(&mut conn).unwrap();
    let today = chrono::Utc::now().date_naive();
    let all = pantau::assessment::assess_ties(&mut conn, ties, today).unwrap();
    let q = pantau::tie_query::TieQuery::parse(query).unwrap();
    let mut matched: Vec<String> = all
        .iter()
        .filter(|a| q.matches(pantau::i18n::Lang::En, a))
        .map(|a| a.summary.tie.slug.clone())
        .collect();
    let mut sql: Vec<String> = found.into_iter().map(|(id, _)| id).collect();
    matched.sort();
    sql.sort();
    assert_eq!(matched, sql, "the same ties in memory and in SQL");
    // The `signed` sort: ties without a dated agreement come last either way, Tokyo among them.
    for sort in ["signed", "-signed"] {
        let rows = api_ties(&app, &format!("sort={sort}")).await;
        let dated = rows.iter().take_while(|(_, s)| s.is_some()).count();
        assert!(rows[dated..].iter().all(|(_, s)| s.is_none()), "{sort}");
        assert!(
            rows[dated..]
                .iter()
                .any(|(id, _)| id == "jakarta--tokyo-jp"),
            "{sort}: a reported start does not place Tokyo among the dated"
        );
    }
}

#[tokio::test]
async fn sort_and_pages_are_stable() {
    let app = spawn_app().await;
    let (_, p1) = app.page("/en/ties?sort=-signed&per_page=10").await;
    let first = tie_ids(&p1, "en");
    assert_eq!(first.len(), 10);
    assert_eq!(
        first[0], "jakarta--kuala-lumpur-my",
        "the most recent first agreement (Letter of Intent of 11 August 2025)"
    );
    assert!(p1.contains("rel=\"next\""));
    let (_, p2) = app.page("/en/ties?sort=-signed&per_page=10&page=2").await;
    let second = tie_ids(&p2, "en");
    assert!(
        second.iter().all(|id| !first.contains(id)),
        "no tie on two pages"
    );
    let (_, n_ties) = pantau::import::starter_counts();
    let last_page = n_ties.div_ceil(10);
    let (_, last) = app
        .page(&format!("/en/ties?per_page=10&page={last_page}"))
        .await;
    assert_eq!(
        tie_ids(&last, "en").len(),
        n_ties - 10 * (last_page - 1),
        "the last page has the rest"
    );
    let (_, beyond) = app.page("/en/ties?per_page=10&page=99").await;
    assert_eq!(
        tie_ids(&beyond, "en").len(),
        n_ties - 10 * (last_page - 1),
        "a page past the end shows the last page"
    );
    let (_, by_score) = app.page("/en/ties?sort=score&per_page=100").await;
    assert_eq!(tie_ids(&by_score, "en").len(), 100);
}

#[tokio::test]
async fn bad_filter_values_get_a_400_with_a_message() {
    let app = spawn_app().await;
    for (query, name) in [
        ("status=alive", "status"),
        ("sort=name%3BDROP%20TABLE%20ties", "sort"),
        ("per_page=5000", "per_page"),
        ("signed_from=abc", "signed_from"),
        ("grade=Z", "grade"),
        ("country=%27%20OR%201%3D1", "country"),
    ] {
        let (status, body) = app.page(&format!("/en/ties?{query}")).await;
        assert_eq!(status, 400, "{query}");
        assert!(
            body.contains(&format!("is not valid for “{name}”")),
            "{query}: {body}"
        );
        assert!(
            body.contains("<form class=\"filters\""),
            "the form stays to fix it"
        );
        let (status, body) = app.page(&format!("/id/ties?{query}")).await;
        assert_eq!(status, 400);
        assert!(body.contains(&format!("tidak berlaku untuk “{name}”")));
        let res = app.get(&format!("/en/ties.csv?{query}")).await;
        assert_eq!(res.status().as_u16(), 400);
        assert_eq!(res.headers()["content-type"], "application/problem+json");
    }
}

#[tokio::test]
async fn csv_and_json_have_the_rows_of_the_page() {
    let app = spawn_app().await;
    let (_, page) = app.page("/en/ties?country=JP&per_page=100").await;
    let mut page_ids = tie_ids(&page, "en");
    let res = app.get("/en/ties.csv?country=JP").await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(
        res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("pantau-ties_country-JP.csv")
    );
    let csv_text = res.text().await.unwrap();
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "id");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let mut csv_ids: Vec<String> = rows.iter().map(|r| r[0].to_string()).collect();

    let res = app.get("/en/ties.json?country=JP").await;
    let json: serde_json::Value = serde_json::from_str(&res.text().await.unwrap()).unwrap();
    assert_eq!(json["filters"]["country"], "JP");
    let mut json_ids: Vec<String> = json["ties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(json["count"].as_u64().unwrap() as usize, json_ids.len());
    // CSV and JSON agree cell by cell.
    for (row, tie) in rows.iter().zip(json["ties"].as_array().unwrap()) {
        for (i, name) in headers.iter().enumerate() {
            let cell = &row[i];
            let value = match &tie[name] {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            assert_eq!(cell, value, "{name}");
        }
    }
    page_ids.sort();
    csv_ids.sort();
    json_ids.sort();
    assert_eq!(page_ids, csv_ids);
    assert_eq!(page_ids, json_ids);
    assert!(!page_ids.is_empty());
}

#[tokio::test]
async fn exports_cover_all_pages_and_name_the_columns_when_empty() {
    let app = spawn_app().await;
    let res = app.get("/id/ties.csv").await;
    let text = res.text().await.unwrap();
    assert_eq!(
        text.lines().count(),
        pantau::import::starter_counts().1 + 1,
        "header and all ties, not one page"
    );
    let res = app.get("/en/ties.csv?grade=A").await;
    let text = res.text().await.unwrap();
    assert_eq!(text.lines().count(), 1);
    assert!(text.starts_with("id,url,url_en,indonesian_place,indonesian_place_en"));
}

#[test]
fn csv_cells_are_neutralised_against_formulas() {
    use pantau::routes::tie_list::{neutralise, to_csv};
    #[derive(serde::Serialize)]
    struct Row {
        a: String,
        b: String,
    }
    let rows = vec![
        Row {
            a: "=HYPERLINK(\"http://x\")".into(),
            b: "+1".into(),
        },
        Row {
            a: "-2".into(),
            b: "@SUM(A1)".into(),
        },
        Row {
            a: "\tx".into(),
            b: "plain, \"quoted\"".into(),
        },
    ];
    let text = to_csv(&["a", "b"], &rows).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    for record in reader.records() {
        for cell in record.unwrap().iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{cell:?} would run as a formula"
            );
        }
    }
    assert!(
        text.contains("\"plain, \"\"quoted\"\"\""),
        "RFC 4180 quoting"
    );
    assert_eq!(neutralise("Bandung"), "Bandung");
}

#[tokio::test]
async fn places_export_and_bulk_dump() {
    let app = spawn_app().await;
    let res = app.get("/en/places.csv").await;
    assert_eq!(res.status().as_u16(), 200);
    let text = res.text().await.unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let (n_places, n_ties) = pantau::import::starter_counts();
    assert_eq!(rows.len(), n_places);
    let (_, json) = app.page("/id/places.json").await;
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(doc["count"], n_places);
    let ikn = doc["places"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["slug"] == "ikn-nusantara")
        .unwrap();
    assert_eq!(ikn["ceremonial_ties"], 1);

    let res = app.get("/data/pantau.jsonl").await;
    assert_eq!(res.status().as_u16(), 200);
    let text = res.text().await.unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines[0]["table"], "_meta");
    assert_eq!(lines[0]["row"]["licence"]["name"], "CC-BY-4.0");
    assert!(
        lines[0]["row"]["attribution"]
            .as_str()
            .unwrap()
            .contains("open data")
    );
    assert!(
        lines[0]["row"]["updated_at"]
            .as_str()
            .unwrap()
            .ends_with('Z')
    );
    let count = |t: &str| lines.iter().filter(|l| l["table"] == t).count();
    assert_eq!(count("places"), n_places);
    assert_eq!(count("ties"), n_ties);
    assert_eq!(count("agreements"), 69, "one per typed row of ties.csv");
    assert!(count("sources") > 90 && count("citations") > 100);
    assert!(
        !text.contains("password") && !text.contains(".txt\""),
        "no accounts, no source file names"
    );
}

/// The number of queries a list page or export takes does not grow with the number of ties.
#[tokio::test]
async fn lists_take_a_fixed_number_of_queries() {
    let app = spawn_app().await;
    let paths = [
        "/en/ties?sort=-score&per_page=100",
        "/en/ties?country=JP&status=in-force",
        "/en/ties.csv",
        "/en/ties.json?grade=E",
        "/api/v1/ties?per_page=100",
        "/en/places/bandung",
        "/id/",
        "/en/ties/ikn-nusantara--astana-kz",
    ];
    let mut before = Vec::new();
    for p in paths {
        before.push(app.queries_for(p).await);
    }
    // Add 60 more ties with agreements, fields, statuses and sources.
    let mut conn = app.db.connect();
    let mut places = String::from("slug,name,kind,country_code,lat,lon\n");
    let mut ties = String::from(
        "id,indonesian_slug,partner_slug,agreement_type,signed_on,fields,reported_status,status_note,factors,source\n",
    );
    for i in 0..60 {
        places.push_str(&format!("town-{i}-jp,Town {i},city,JP,35.{i},139.{i}\n"));
        ties.push_str(&format!("bandung--town-{i}-jp,bandung,town-{i}-jp,mou,2015-0{},culture;education,active,Note {i}.,budget,https://example.org/{i}\n", 1 + i % 9));
    }
    pantau::import::import(&mut conn, &places, &ties).unwrap();
    for (p, n) in paths.iter().zip(before) {
        let after = app.queries_for(p).await;
        assert!(n > 0, "{p}: queries are counted");
        assert_eq!(
            after, n,
            "{p}: {n} queries with the starter ties, {after} with 60 more"
        );
        println!("{p}: {n} queries");
    }
}

#[tokio::test]
async fn the_place_filter_takes_a_name_and_keeps_the_slug_in_the_address() {
    let app = spawn_app().await;
    let (_, by_slug) = app.page("/id/ties?place=bandung&per_page=100").await;
    let expected = tie_ids(&by_slug, "id");
    assert!(expected.len() >= 13, "{expected:?}");
    for name in ["Bandung", "bandung", "BANDUNG", "Kota%20Bandung"] {
        let res = app
            .get(&format!("/id/ties?place={name}&per_page=100"))
            .await;
        let status = res.status().as_u16();
        let body = if status == 303 {
            let to = res.headers()["location"].to_str().unwrap().to_string();
            assert!(
                to.contains("place=bandung"),
                "{name}: the slug in the address ({to})"
            );
            assert!(to.contains("per_page=100"), "other filters kept ({to})");
            app.page(&to).await.1
        } else {
            assert_eq!(status, 200, "{name}");
            res.text().await.unwrap()
        };
        assert_eq!(tie_ids(&body, "id"), expected, "{name}: the same list");
    }
    // A datalist of places offers names without JavaScript.
    assert!(by_slug.contains("list=\"place-names\""));
    assert!(by_slug.contains("<option value=\"Bandung\">"));
    // A name that matches nothing says so.
    let (status, body) = app.page("/en/ties?place=Atlantis").await;
    assert_eq!(status, 400);
    assert!(
        body.contains("No place called “Atlantis” was found."),
        "{body}"
    );
}

/// The text of each `<th>` in a page's (first) table header.
fn column_names(body: &str) -> Vec<String> {
    let start = body.find("<thead>").expect("a table header");
    let end = start + body[start..].find("</thead>").unwrap();
    body[start..end]
        .split("<th scope=\"col\">")
        .skip(1)
        .map(|cell| cell[..cell.find("</th>").unwrap()].to_string())
        .collect()
}

#[tokio::test]
async fn stacked_cards_name_every_column_in_the_page_language() {
    let app = spawn_app().await;
    let (_, home) = app.page("/id/").await;
    let start = home.find("/static/style.css?v=").unwrap();
    let href: String = home[start..].chars().take_while(|c| *c != '"').collect();
    let css = app.get(&href).await.text().await.unwrap();
    for (path, class, first) in [
        ("/id/ties", "ties-in-list", "Daerah di Indonesia"),
        ("/en/ties", "ties-in-list", "Indonesian place"),
        ("/id/places/bandung", "ties-of-place", "Mitra"),
        ("/en/places/bandung", "ties-of-place", "Partner"),
    ] {
        let (status, body) = app.page(path).await;
        assert_eq!(status, 200, "{path}");
        assert!(
            body.contains(&format!("<table class=\"ties stack {class}\">")),
            "{path}"
        );
        assert!(
            !body.contains("data-label"),
            "{path}: the cells carry no label"
        );
        if path.ends_with("bandung") {
            assert!(
                body.contains("<td></td>"),
                "{path}: a tie without fields has an :empty cell, hidden on phones (Bari)"
            );
        }
        let names = column_names(&body);
        assert_eq!(names.first().map(String::as_str), Some(first), "{path}");
        let lang = &path[1..3];
        for (i, name) in names.iter().enumerate() {
            let rule = format!(
                "html[lang=\"{lang}\"] table.{class} td:nth-child({})::before {{ content: \"{name}: \"; }}",
                i + 1
            );
            assert!(css.contains(&rule), "{path}: no rule {rule}");
        }
        let beyond = format!("table.{class} td:nth-child({})::before", names.len() + 1);
        assert!(
            !css.contains(&beyond),
            "{path}: a rule for a column it lacks"
        );
    }
}

/// Most bytes a tie list row may take, on average: the starter data's take about 520 (910 when
/// every cell carried its column's name).
const ROW_BYTES: usize = 580;

#[tokio::test]
async fn a_row_of_the_tie_list_stays_small() {
    let app = spawn_app().await;
    let (_, n_ties) = pantau::import::starter_counts();
    let rows = n_ties.min(100) - 10;
    for lang in ["id", "en"] {
        let (_, ten) = app.page(&format!("/{lang}/ties?per_page=10")).await;
        let (_, hundred) = app.page(&format!("/{lang}/ties?per_page=100")).await;
        assert_eq!(tie_ids(&hundred, lang).len(), rows + 10);
        let per_row = (hundred.len() - ten.len()) / rows;
        assert!(
            per_row < ROW_BYTES,
            "/{lang}/ties: {per_row} bytes a row, more than {ROW_BYTES}"
        );
    }
}
